"""The page cache: hits without queries, exact invalidation, query variants, 304."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from comments.models import Comment
from comments.services import moderate_comments
from publications import pagecache
from publications.models import Article, Category
from publications.pagecache import entries
from tests.factories import make_article, make_author, make_comment

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(quick_comments, settings):
    settings.PAGE_CACHE = True


@pytest.fixture
def author():
    return make_author(name="Leyla Aliyeva")


@pytest.fixture
def article(author):
    return make_article(title="Caspian pipeline deal", authors=[author], tags=["gas"])


def en(name, **kwargs):
    with translation.override("en"):
        return reverse(f"publications:{name}", kwargs=kwargs or None)


def pages_of(article) -> dict[str, str]:
    """Every public page the article appears on, by name."""
    author = article.bylines.first().author
    tag = article.tags.first()
    year, month = timezone.localtime(article.published_at).timetuple()[:2]
    return {
        "article": article.get_absolute_url(),
        "home": en("home"),
        "category": en("category-detail", slug=article.category.slug),
        "author": en("author-detail", slug=author.slug),
        "tag": en("tag-detail", slug=tag.slug),
        "archive-year": en("archive-year", year=year),
        "archive-month": en("archive-month", year=year, month=month),
        "feed-rss": en("feed-rss"),
        "feed-atom": en("feed-atom"),
        "category-feed": en("category-feed-rss", slug=article.category.slug),
        "author-feed": en("author-feed-atom", slug=author.slug),
        "tag-feed": en("tag-feed-rss", slug=tag.slug),
        "search": en("search") + "?q=energy",
        "sitemap": "/sitemap.xml",
    }


def warm(client, urls) -> None:
    """Fetch each page until it is served from the cache."""
    for url in urls:
        client.get(url)
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["X-Cache"] == "hit", url


def test_second_anonymous_get_of_every_page_type_makes_no_queries(
    client, article, django_assert_num_queries
):
    urls = [*pages_of(article).values(), "/robots.txt", "/", en("search")]
    for url in urls:
        first = client.get(url)
        assert first.status_code == 200, url
        assert first["X-Cache"] == "miss", url
        with django_assert_num_queries(0):
            second = client.get(url)
        assert second.status_code == 200, url
        assert second["X-Cache"] == "hit", url
        if "comment-form" not in first.content.decode():
            assert second.content == first.content, url


def test_hit_keeps_every_security_header(client, article):
    first = client.get(article.get_absolute_url())
    second = client.get(article.get_absolute_url())

    for header in (
        "Content-Security-Policy",
        "X-Content-Type-Options",
        "X-Frame-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
        "Permissions-Policy",
        "Content-Type",
        "Content-Language",
    ):
        assert second[header] == first[header], header


def test_head_is_answered_from_the_cache_without_a_body(
    client, article, django_assert_num_queries
):
    client.get(article.get_absolute_url())
    with django_assert_num_queries(0):
        response = client.head(article.get_absolute_url())

    assert response.status_code == 200
    assert response["X-Cache"] == "hit"
    assert response.content == b""


def test_search_query_in_another_order_is_the_same_page(
    client, article, django_assert_num_queries
):
    client.get(en("search") + "?q=pipeline&language=en")
    with django_assert_num_queries(0):
        response = client.get(en("search") + "?language=en&q=pipeline")

    assert response["X-Cache"] == "hit"
    assert "Caspian pipeline deal" in response.content.decode()


def test_page_keys_tell_apart_what_a_request_asks_for(settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    read = ("q", "language")

    def key(path="/en/search/", query="q=gas&language=en", **extra):
        environ = {
            "wsgi.url_scheme": "http",
            "HTTP_HOST": "example.org",
            "PATH_INFO": path,
        }
        return entries.entry_key(environ | extra, entries.variant_query(query, read))

    first = key()
    assert key() == first
    assert key(query="language=en&q=gas") == first
    assert key(query="q=gas&language=en&utm_source=letter&fbclid=x") == first
    others = [
        key(query="q=oil&language=en"),
        key(path="/search/"),
        key(HTTP_HOST="other.example.org"),
        key(HTTP_X_FORWARDED_PROTO="https"),
        key(SCRIPT_NAME="/site"),
    ]
    assert len({first, *others}) == 6
    # Asked again, each is still its own.
    assert key(HTTP_X_FORWARDED_PROTO="https") == others[3]
    assert key() == first


def test_parameters_a_page_does_not_read_are_served_the_plain_page(
    client, article, django_assert_num_queries
):
    url = en("category-detail", slug=article.category.slug)
    plain = client.get(url)
    with django_assert_num_queries(0):
        tracked = client.get(url + "?utm_source=letter&fbclid=abc")

    assert tracked["X-Cache"] == "hit"
    assert tracked.content == plain.content


def test_addresses_with_unread_parameters_add_nothing_to_the_store(client, article):
    urls = ["/", en("category-detail", slug=article.category.slug)]
    warm(client, urls)
    stored = len(entries.page_store())

    for n in range(500):
        for url in urls:
            assert client.get(f"{url}?utm_source={n}")["X-Cache"] == "hit"
    # Even as the first request for its address.
    entries.clear_local_pages()
    for n in range(50):
        client.get(f"/?utm_source=first{n}")

    assert len(entries.page_store()) <= stored


def test_a_parameter_the_page_reads_makes_a_page_of_its_own(client):
    for n in range(13):
        make_article(title=f"Piece {n}")
    url = en("category-detail", slug="analiz")
    warm(client, [url, url + "?page=2"])

    first, second = client.get(url), client.get(url + "?page=2&utm_source=x")

    assert second["X-Cache"] == "hit"
    assert 'rel="prev"' in second.content.decode()
    assert 'rel="prev"' not in first.content.decode()


def test_a_page_never_sees_the_parameters_it_does_not_read(client, settings, article):
    settings.PAGE_CACHE = False
    url = en("search")

    page = client.get(url + "?q=pipeline&utm_source=letter").content.decode()

    assert "Caspian pipeline deal" in page
    assert "utm_source" not in page


def test_missing_page_is_never_stored(client, django_assert_max_num_queries):
    client.get(en("category-detail", slug="no-such-category"))
    response = client.get(en("category-detail", slug="no-such-category"))

    assert response.status_code == 404
    assert "X-Cache" not in response


# Exact invalidation -------------------------------------------------------


def assert_pages_show(client, urls, text):
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert text in response.content.decode(), url


def assert_pages_hide(client, urls, text):
    for url in urls:
        response = client.get(url)
        assert text not in response.content.decode(), url


def test_publishing_shows_at_once_on_every_page_it_touches(client, author):
    seen = make_article(title="Older piece", authors=[author], tags=["gas"])
    draft = make_article(
        title="Fresh analysis", authors=[author], tags=["gas"], status="draft"
    )
    urls = pages_of(seen)
    del urls["article"], urls["search"]
    warm(client, urls.values())

    draft.status = Article.Status.PUBLISHED
    draft.published_at = timezone.now()
    draft.save()

    sitemap = urls.pop("sitemap")
    assert_pages_show(client, urls.values(), "Fresh analysis")
    assert draft.get_absolute_url() in client.get(sitemap).content.decode()
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_editing_shows_at_once_on_every_page_it_touches(client, article):
    urls = pages_of(article)
    del urls["sitemap"]  # addresses only: see the slug test
    warm(client, urls.values())

    article.title = "Caspian pipeline deal signed"
    article.save()

    assert_pages_show(client, urls.values(), "Caspian pipeline deal signed")


def test_withdrawing_shows_at_once_on_every_page_it_touches(client, article):
    urls = pages_of(article)
    warm(client, urls.values())

    article.status = Article.Status.WITHDRAWN
    article.save()

    assert client.get(urls.pop("article")).status_code == 404
    for name in ("author", "tag", "author-feed", "tag-feed"):
        urls.pop(name)  # their author and tag now have nothing to list
    assert_pages_hide(client, urls.values(), "Caspian pipeline deal")
    assert_pages_hide(client, urls.values(), "caspian-pipeline-deal")


def test_scheduled_article_appears_everywhere_when_its_time_comes(
    client, author, time_machine
):
    now = timezone.now()
    time_machine.move_to(now, tick=False)
    seen = make_article(title="Already out", authors=[author], tags=["gas"])
    scheduled = make_article(
        title="Embargoed report",
        authors=[author],
        tags=["gas"],
        published_at=now + timedelta(hours=2),
    )
    urls = pages_of(seen)
    del urls["article"]
    warm(client, urls.values())

    sitemap = urls.pop("sitemap")
    address = scheduled.get_absolute_url()
    time_machine.move_to(now + timedelta(hours=1, minutes=59), tick=False)
    assert_pages_hide(client, urls.values(), "Embargoed report")
    assert address not in client.get(sitemap).content.decode()
    assert client.get(address).status_code == 404

    time_machine.move_to(now + timedelta(hours=2), tick=False)
    assert_pages_show(client, urls.values(), "Embargoed report")
    assert address in client.get(sitemap).content.decode()
    assert client.get(address).status_code == 200


def test_approved_comment_shows_at_once_and_a_pending_one_changes_nothing(
    client, article, django_assert_num_queries
):
    url = article.get_absolute_url()
    warm(client, [url])

    comment = make_comment(article=article, body="Pending remark")
    with django_assert_num_queries(0):
        response = client.get(url)
    assert response["X-Cache"] == "hit"

    comment.status = Comment.Status.APPROVED
    comment.save()
    assert "Pending remark" in client.get(url).content.decode()


def test_comment_approved_in_bulk_shows_at_once(client, article, editor):
    url = article.get_absolute_url()
    make_comment(article=article, body="Remark from the queue")
    warm(client, [url])

    moderate_comments(
        comments=Comment.objects.all(), status=Comment.Status.APPROVED, user=editor
    )
    assert "Remark from the queue" in client.get(url).content.decode()

    moderate_comments(
        comments=Comment.objects.all(), status=Comment.Status.SPAM, user=editor
    )
    assert "Remark from the queue" not in client.get(url).content.decode()


def test_author_rename_shows_at_once_on_every_page_naming_them(client, article, author):
    urls = pages_of(article)
    del urls["search"], urls["sitemap"]
    warm(client, urls.values())

    author.name = "Leyla Aliyeva-Smith"
    author.save()

    for name in ("article", "home", "category", "author", "feed-rss", "author-feed"):
        assert "Leyla Aliyeva-Smith" in client.get(urls[name]).content.decode(), name


def test_tag_changes_show_at_once_on_article_and_tag_pages(client, article):
    tag = article.tags.first()
    urls = pages_of(article)
    warm(client, [urls["article"], urls["tag"], urls["tag-feed"]])

    tag.name = "natural gas"
    tag.save()
    assert "natural gas" in client.get(urls["article"]).content.decode()
    assert "natural gas" in client.get(urls["tag"]).content.decode()

    other = make_article(title="Second gas piece")
    warm(client, [urls["tag"], urls["tag-feed"]])
    other.tags.add(tag)
    assert "Second gas piece" in client.get(urls["tag"]).content.decode()
    assert "Second gas piece" in client.get(urls["tag-feed"]).content.decode()

    article.tags.remove(tag)
    assert "Caspian pipeline deal" not in client.get(urls["tag"]).content.decode()
    assert 'rel="tag"' not in client.get(urls["article"]).content.decode()


def test_byline_change_shows_on_both_authors_pages(client, article, author):
    other = make_author(name="Murat Demir")
    urls = [
        article.get_absolute_url(),
        en("author-detail", slug=author.slug),
        en("author-detail", slug=other.slug),
    ]
    warm(client, urls)

    byline = article.bylines.get()
    byline.author = other
    byline.save()

    assert "Murat Demir" in client.get(urls[0]).content.decode()
    assert "Caspian pipeline deal" not in client.get(urls[1]).content.decode()
    assert "Caspian pipeline deal" in client.get(urls[2]).content.decode()


def test_new_address_shows_at_once_in_the_sitemap(client, article):
    warm(client, ["/sitemap.xml"])

    article.slug = "caspian-pipeline-deal-2020"
    article.save()

    assert "caspian-pipeline-deal-2020" in client.get("/sitemap.xml").content.decode()


def test_correction_shows_at_once_on_the_article(client, article, editor):
    url = article.get_absolute_url()
    warm(client, [url])

    article.corrections.create(note="The deal was signed in May.", created_by=editor)

    assert "The deal was signed in May." in client.get(url).content.decode()


def test_category_rename_shows_at_once_in_every_header(client, article):
    urls = pages_of(article)
    warm(client, [urls["article"], urls["home"], urls["tag"]])

    category = Category.objects.get(slug="yorum")
    category.name = "Commentary"
    category.save()

    for name in ("article", "home", "tag"):
        assert "Commentary" in client.get(urls[name]).content.decode(), name


def test_a_change_elsewhere_throws_nothing_else_away(
    client, article, django_assert_num_queries
):
    other_author = make_author(name="Other Writer")
    elsewhere = make_article(
        title="Unrelated essay",
        authors=[other_author],
        tags=["water"],
        category=Category.objects.get(slug="rapor"),
    )
    kept = pages_of(elsewhere)
    for name in ("home", "archive-year", "archive-month", "feed-rss", "feed-atom"):
        del kept[name]  # these list both articles
    del kept["search"], kept["sitemap"]
    warm(client, kept.values())

    article.title = "Caspian pipeline deal, revised"
    article.body = "<p>New text.</p>"
    article.save()
    article.bylines.first().author.save()
    make_comment(article=article, status=Comment.Status.APPROVED)

    for url in kept.values():
        with django_assert_num_queries(0):
            response = client.get(url)
        assert response["X-Cache"] == "hit", url


def test_editing_a_draft_throws_nothing_away(
    client, article, django_assert_num_queries
):
    draft = make_article(title="Work in progress", status="draft")
    urls = pages_of(article)
    warm(client, urls.values())

    draft.title = "Still in progress"
    draft.save()

    for url in urls.values():
        with django_assert_num_queries(0):
            client.get(url)


# Who gets cached pages ------------------------------------------------------


def test_signed_in_staff_bypass_the_cache(client, article, editor):
    url = article.get_absolute_url()
    warm(client, [url])
    staff = Client()
    staff.force_login(editor)

    response = staff.get(url)

    assert response.status_code == 200
    assert "X-Cache" not in response
    # Nor is what staff saw stored for anyone.
    article.title = "Renamed for everyone"
    article.save()
    staff.get(url)
    assert client.get(url)["X-Cache"] == "miss"


def test_admin_and_previews_are_never_cached(client, editor, article):
    client.force_login(editor)
    draft = make_article(title="Preview me", status="draft")
    for url in (
        reverse("admin:index"),
        en("article-preview", pk=draft.pk),
    ):
        client.get(url)
        assert "X-Cache" not in client.get(url), url


def test_message_after_posting_a_comment_is_shown(client, article):
    url = article.get_absolute_url()
    warm(client, [url])
    response = client.post(
        reverse("comments:create", args=[article.pk]),
        form_fields(client, article),
        follow=True,
    )

    assert "Your comment awaits moderation" in response.content.decode()
    assert "X-Cache" not in response
    # Shown once; the next visit is the cached page again.
    again = client.get(url)
    assert "awaits moderation" not in again.content.decode()
    assert again["X-Cache"] == "hit"


def form_fields(client, article, **overrides) -> dict:
    """The comment form as a reader's browser sends it, with its started form."""
    started = client.get(reverse("comments:start", args=[article.pk])).json()
    return (
        started
        | {
            "name": "Ayşe Yılmaz",
            "email": "ayse@example.org",
            "body": "A thoughtful remark.",
            "website": "",
        }
        | overrides
    )


# Conditional GET -----------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["category", "author", "home", "feed-rss", "tag-feed", "sitemap"]
)
def test_unchanged_page_answers_304_to_if_none_match_and_if_modified_since(
    client, article, name, django_assert_num_queries
):
    url = pages_of(article)[name]
    response = client.get(url)

    with django_assert_num_queries(0):
        by_tag = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
        by_date = client.get(url, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])

    for answer in (by_tag, by_date):
        assert answer.status_code == 304
        assert answer.content == b""
        assert answer["ETag"] == response["ETag"]


def test_changed_page_answers_200_to_an_old_etag(client, article):
    url = pages_of(article)["category"]
    etag = client.get(url)["ETag"]

    article.title = "New title"
    article.save()
    response = client.get(url, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 200
    assert "New title" in response.content.decode()


# Counts --------------------------------------------------------------------


def test_list_count_changes_at_once_when_an_article_is_published(client, settings):
    settings.PAGE_CACHE = False  # the count's own cache alone
    for n in range(12):
        make_article(title=f"Piece {n}")
    url = en("category-detail", slug="analiz")
    assert "?page=2" not in client.get(url).content.decode()

    make_article(title="Thirteenth")

    assert "?page=2" in client.get(url).content.decode()


def test_archive_month_counts_change_at_once(client, settings):
    settings.PAGE_CACHE = False
    article = make_article(title="Counted")
    year = timezone.localtime(article.published_at).year
    url = en("archive-year", year=year)
    before = client.get(url).content.decode()

    make_article(title="Counted too")

    assert client.get(url).content.decode() != before


def test_page_cache_switched_off_serves_nothing_from_cache(client, settings, article):
    settings.PAGE_CACHE = False
    client.get(article.get_absolute_url())
    response = client.get(article.get_absolute_url())

    assert "X-Cache" not in response


def test_author_added_in_bulk_shows_at_once(client):
    article = make_article(title="Bulk byline")
    author = make_author(name="Bulk Author")
    url = article.get_absolute_url()
    warm(client, [url, en("author-detail", slug=author.slug)])

    # Article.authors.add() writes its rows in bulk, without their own save.
    article.authors.add(author)

    assert "Bulk Author" in client.get(url).content.decode()
    listed = client.get(en("author-detail", slug=author.slug)).content.decode()
    assert "Bulk byline" in listed


def test_article_scheduled_in_bulk_goes_live_on_time(client, time_machine):
    now = timezone.now()
    time_machine.move_to(now, tick=False)
    make_article(title="Already visible")
    url = en("category-detail", slug="analiz")
    warm(client, [url])

    # Rows written in bulk send no signals; the loader then bumps everything.
    Article.objects.bulk_create(
        [
            Article(
                title="Scheduled in bulk",
                slug="scheduled-in-bulk",
                category=Category.objects.get(slug="analiz"),
                status=Article.Status.PUBLISHED,
                published_at=now + timedelta(hours=1),
                language="en",
            )
        ]
    )
    pagecache.purge_all()
    assert "Scheduled in bulk" not in client.get(url).content.decode()

    time_machine.move_to(now + timedelta(hours=1), tick=False)
    assert "Scheduled in bulk" in client.get(url).content.decode()


def test_cached_article_closes_its_comments_on_time(client, settings, time_machine):
    settings.COMMENTS_CLOSE_AFTER_DAYS = 1
    now = timezone.now()
    time_machine.move_to(now, tick=False)
    article = make_article(title="Closing soon", published_at=now - timedelta(hours=23))
    url = article.get_absolute_url()
    warm(client, [url])

    time_machine.move_to(now + timedelta(hours=1, seconds=1), tick=False)
    page = client.get(url).content.decode()

    assert "Comments are closed for this article." in page
    assert 'id="comment-form"' not in page
