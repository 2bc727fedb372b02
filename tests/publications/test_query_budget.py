"""Every public page costs a fixed, small number of queries, whatever the size."""

import pytest
from django.db.models import Count
from django.urls import reverse
from django.utils import translation
from taggit.models import Tag

from comments.models import Comment
from publications.demo.seeding import seed_articles
from publications.models import Article, Author, Category, Correction
from publications.views.pages import PublishedArticlesMixin
from tests.cached_reads import first_visit_queries
from tests.factories import make_article, make_author, make_comment

BUDGET = 8
PER_PAGE = PublishedArticlesMixin.paginate_by


@pytest.fixture(autouse=True)
def _uncached_pages(settings):
    # Count what rendering a page costs, not what serving a stored one does.
    settings.PAGE_CACHE = False


def pages() -> dict[str, str]:
    """The pages a reader visits: one of each kind, on the seeded archive.

    In Turkish, whatever language an earlier test left active: the lists are
    counted in Turkish.
    """
    with translation.override("tr"):
        return _pages()


def _pages() -> dict[str, str]:
    analiz = Category.objects.get(slug="analiz")
    article = (
        Article.objects.published()
        .filter(translations__isnull=False, comments__status=Comment.Status.APPROVED)
        .newest_first()
        .first()
    ) or Article.objects.published().filter(translations__isnull=False).first()
    author = Author.objects.annotate(n=Count("articles")).order_by("-n").first()
    tag = Tag.objects.annotate(n=Count("publications_taggedarticle_items"))
    tag = tag.order_by("-n").first()
    in_category = Article.objects.published().in_category(analiz).in_language("tr")
    last_page = -(-in_category.count() // PER_PAGE)
    return {
        "home": reverse("publications:home"),
        "article": article.get_absolute_url(),
        "category": analiz.get_absolute_url(),
        "category, last page": f"{analiz.get_absolute_url()}?page={last_page}",
        "author": author.get_absolute_url(),
        "tag": reverse("publications:tag-detail", kwargs={"slug": tag.slug}),
        "search": reverse("publications:search") + "?q=gaz",
        "year": reverse(
            "publications:archive-year", kwargs={"year": article.published_at.year}
        ),
    }


@pytest.fixture
def archive(db):
    seed_articles(articles=40)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "page",
    [
        "home",
        "article",
        "category",
        "category, last page",
        "author",
        "tag",
        "search",
        "year",
    ],
)
def test_page_stays_within_the_query_budget(client, archive, page):
    assert first_visit_queries(client, pages()[page]) <= BUDGET


@pytest.mark.django_db
def test_article_page_with_everything_to_read_stays_within_the_budget(client):
    article = make_article(authors=[make_author(), make_author()], tags=["a", "b"])
    make_article(translation_of=article, language="tr", tags=["a"])
    make_article(tags=["b"])
    Correction.objects.create(article=article, note="A date was wrong.")
    top = make_comment(article=article, status=Comment.Status.APPROVED)
    make_comment(article=article, parent=top, status=Comment.Status.APPROVED)

    url = f"{article.get_absolute_url()}?reply_to={top.pk}"
    # The navigation's categories; the article, with whether it has
    # corrections; its bylines with their authors; its tags; its comments
    # and their replies; its corrections; its translation and related
    # pieces. The comment replied to is one of the comments read.
    queries = first_visit_queries(client, url)
    assert queries == 7
    assert queries <= BUDGET


@pytest.mark.django_db
def test_deep_category_page_costs_as_many_queries_as_the_first(client):
    seed_articles(articles=200)
    urls = pages()
    assert not urls["category, last page"].endswith("?page=1")
    first = first_visit_queries(client, urls["category"])
    assert first_visit_queries(client, urls["category, last page"]) == first


@pytest.mark.django_db
def test_queries_per_page_do_not_grow_with_the_archive(client):
    seed_articles(articles=40)
    urls = pages()
    small = {name: first_visit_queries(client, url) for name, url in urls.items()}
    seed_articles(articles=200, seed=1)
    large = {name: first_visit_queries(client, url) for name, url in urls.items()}
    assert large == small
