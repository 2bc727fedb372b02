"""Deep pages of a list start from remembered rows and show what walking would."""

from datetime import timedelta

import pytest
from django.utils import timezone

from publications import pagination
from publications.models import Article, Category
from publications.pagination import FastPaginator
from tests.factories import make_article

PER_PAGE = 3


@pytest.fixture(autouse=True)
def _short_strides(monkeypatch):
    # An anchor every 2 pages of 3: a small list has many of them.
    monkeypatch.setattr(pagination, "ANCHOR_PAGES", 2)


@pytest.fixture
def analiz():
    return Category.objects.get(slug="analiz")


def listing(category):
    return Article.objects.published().in_category(category).newest_first()


def paginator(category):
    return FastPaginator(
        listing(category),
        PER_PAGE,
        count_key=f"test:{category.pk}",
        count_deps=[f"category-list:{category.pk}:en"],
    )


def shown(category, number) -> list[int]:
    return [article.pk for article in paginator(category).page(number).object_list]


def walked(category, number) -> list[int]:
    """The page as LIMIT/OFFSET from the start gives it."""
    keys = list(listing(category).values_list("pk", flat=True))
    return keys[(number - 1) * PER_PAGE : number * PER_PAGE]


@pytest.mark.django_db
def test_every_page_shows_the_rows_walking_from_the_start_would(analiz):
    moment = timezone.now() - timedelta(days=1)
    for n in range(25):
        # Groups of articles published at the same moment: ties on the date
        # are ordered by key, across the remembered rows too.
        make_article(category=analiz, published_at=moment - timedelta(hours=n // 4))

    pages = paginator(analiz).num_pages
    assert pages == 9
    for number in range(1, pages + 1):
        assert shown(analiz, number) == walked(analiz, number), number
    # Asked again, from the remembered rows.
    for number in range(pages, 0, -1):
        assert shown(analiz, number) == walked(analiz, number), number


@pytest.mark.django_db
def test_a_new_article_moves_every_deep_page_at_once(analiz):
    for _ in range(20):
        make_article(category=analiz)
    before = shown(analiz, 6)

    newest = make_article(category=analiz, published_at=timezone.now())

    after = shown(analiz, 6)
    assert after == walked(analiz, 6)
    assert after != before
    assert shown(analiz, 1)[0] == newest.pk


@pytest.mark.django_db
def test_a_withdrawn_article_leaves_every_deep_page_at_once(analiz):
    articles = [make_article(category=analiz) for _ in range(20)]
    shown(analiz, 5)

    articles[2].status = Article.Status.WITHDRAWN
    articles[2].save()

    assert shown(analiz, 5) == walked(analiz, 5)
    assert articles[2].pk not in sum((shown(analiz, n) for n in range(1, 8)), [])
