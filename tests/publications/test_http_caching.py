"""What public responses tell HTTP caches: the same bytes, their keys, lifetimes."""

from datetime import timedelta

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone, translation
from django.utils.cache import get_max_age

from publications import cache_keys, pagecache
from publications.models import Article
from publications.pagecache.middleware import PageCacheMiddleware
from tests.factories import make_article, make_author, make_comment

pytestmark = pytest.mark.django_db

# Addresses that are not public pages: staff, forms, machines' probes.
NOT_PUBLIC = {
    "set_language",
    "healthz",
    "media",
    "comments:create",
    "comments:start",
    "comments:confirm",
    "publications:article-pdf-preview",
    "publications:article-preview",
    "publications:preview-link",
    "publications:preview-link-pdf",
}


def url_names(patterns=None, namespace=None):
    """Every named address of the site outside the admin."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            yield from url_names(pattern.url_patterns, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


@pytest.fixture
def urls_in(settings):
    """A real address for every public address pattern, by name, in a language."""
    settings.COMMENTS_CLOSE_AFTER_DAYS = 0
    author = make_author(name="Leyla Aliyeva")
    articles = {
        language: make_article(
            title=f"Caspian energy ({language})",
            authors=[author],
            tags=["energy"],
            language=language,
        )
        for language in ("tr", "en")
    }
    for article in articles.values():
        make_comment(article=article, status="approved")

    def urls(language: str) -> dict[str, str]:
        article = articles[language]
        tag = article.tags.get()
        year, month = timezone.localtime(article.published_at).timetuple()[:2]
        category, slug = article.category.slug, article.slug
        with translation.override(language):
            return {
                "robots-txt": reverse("robots-txt"),
                "sitemap": reverse("sitemap"),
                "publications:home": reverse("publications:home"),
                "publications:category-detail": article.category.get_absolute_url(),
                "publications:author-detail": author.get_absolute_url(),
                "publications:tag-detail": reverse(
                    "publications:tag-detail", args=[tag.slug]
                ),
                "publications:archive-year": reverse(
                    "publications:archive-year", args=[year]
                ),
                "publications:archive-month": reverse(
                    "publications:archive-month", args=[year, month]
                ),
                "publications:article-cite-bibtex": reverse(
                    "publications:article-cite-bibtex", args=[category, slug]
                ),
                "publications:article-cite-ris": reverse(
                    "publications:article-cite-ris", args=[category, slug]
                ),
                "publications:search": reverse("publications:search") + "?q=energy",
                "publications:feed-rss": reverse("publications:feed-rss"),
                "publications:feed-atom": reverse("publications:feed-atom"),
                "publications:category-feed-rss": reverse(
                    "publications:category-feed-rss", args=[category]
                ),
                "publications:category-feed-atom": reverse(
                    "publications:category-feed-atom", args=[category]
                ),
                "publications:author-feed-rss": reverse(
                    "publications:author-feed-rss", args=[author.slug]
                ),
                "publications:author-feed-atom": reverse(
                    "publications:author-feed-atom", args=[author.slug]
                ),
                "publications:tag-feed-rss": reverse(
                    "publications:tag-feed-rss", args=[tag.slug]
                ),
                "publications:tag-feed-atom": reverse(
                    "publications:tag-feed-atom", args=[tag.slug]
                ),
                "publications:article-pdf": article.get_pdf_url(),
                "publications:article-detail": article.get_absolute_url(),
            }

    return urls


@pytest.fixture
def public_urls(urls_in):
    return urls_in("tr")


def test_every_address_of_the_site_is_either_public_or_known_not_to_be(
    public_urls,
):
    names = set(url_names())

    assert names - NOT_PUBLIC == set(public_urls), (
        "a new address: add it to public_urls (a public page) or to NOT_PUBLIC"
    )


def test_every_public_page_names_what_it_shows_and_how_long_caches_keep_it(
    public_urls, settings
):
    settings.PAGE_CACHE = False
    for name, url in public_urls.items():
        response = Client().get(url)

        assert response.status_code == 200, name
        keys = response["Surrogate-Key"].split()
        assert cache_keys.ALL in keys and len(keys) > 1, name
        assert "public" in response["Cache-Control"], name
        assert get_max_age(response) == 0, name
        assert f"s-maxage={settings.PAGE_CACHE_TIMEOUT}" in response["Cache-Control"]
        assert response.has_header("ETag") and response.has_header("Last-Modified")
        assert "Cookie" not in response.get("Vary", ""), name
        assert "Accept-Language" not in response.get("Vary", ""), name


def test_two_readers_get_the_same_bytes_and_no_cookie(urls_in, settings):
    settings.PAGE_CACHE = False  # each reader's page is rendered for them
    for language in ("tr", "en"):
        for name, url in urls_in(language).items():
            if name == "publications:article-pdf":
                continue  # rendered once and stored; its bytes are its file's
            first, second = Client().get(url), Client().get(url)

            assert first.status_code == 200, (language, name)
            assert first.content == second.content, (language, name)
            assert not first.cookies and not second.cookies, (language, name)


def test_the_article_page_holds_no_token_or_timestamp(public_urls):
    page = Client().get(public_urls["publications:article-detail"]).content.decode()

    assert 'id="comment-form"' in page
    assert "csrfmiddlewaretoken" not in page
    assert 'name="timestamp"' not in page


def test_signed_in_staff_get_a_page_no_shared_cache_keeps(editor_client, public_urls):
    response = editor_client.get(public_urls["publications:article-detail"])

    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


@pytest.mark.parametrize(
    "url", ["/no-such-page/", "/analiz/no-such-article/", "/en/category/nothing/"]
)
def test_missing_pages_are_never_kept_by_shared_caches(client, url):
    response = client.get(url)

    assert response.status_code == 404
    assert "private" in response["Cache-Control"]
    assert "Surrogate-Key" not in response


def test_a_page_rendered_while_its_content_changed_is_not_kept(rf: RequestFactory):
    article = make_article(title="Changed meanwhile")

    @pagecache.public_page
    def view(request):
        pagecache.depend(cache_keys.article(article.pk))
        # An editor's save commits while the page is being built.
        pagecache.purge({cache_keys.article(article.pk)})
        return HttpResponse("built from the rows read before the change")

    response = PageCacheMiddleware(view)(rf.get("/changed/"))

    assert "private" in response["Cache-Control"]
    assert "s-maxage" not in response["Cache-Control"]


def test_pages_are_kept_no_later_than_the_next_go_live(client, settings):
    settings.PAGE_CACHE = False
    make_article(title="Live now")
    make_article(
        title="Goes live in an hour",
        published_at=timezone.now() + timedelta(hours=1),
    )

    response = client.get(reverse("publications:home"))

    lifetime = int(response["Cache-Control"].split("s-maxage=")[1].split(",")[0])
    assert 3500 < lifetime <= 3600


def test_scheduling_an_article_purges_the_pages_it_will_join(client):
    article = make_article(
        title="Draft for later", status=Article.Status.DRAFT, published_at=None
    )
    url = article.category.get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Cache"] == "hit"

    article.status = Article.Status.PUBLISHED
    article.published_at = timezone.now() + timedelta(minutes=30)
    article.save()

    response = client.get(url)
    assert response["X-Cache"] == "miss"
    assert "Draft for later" not in response.content.decode()
    lifetime = int(response["Cache-Control"].split("s-maxage=")[1].split(",")[0])
    assert 1700 < lifetime <= 1800
