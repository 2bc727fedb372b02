import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count

from comments.models import Comment
from publications.models import Article, Category

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL text search"
)


@pytest.fixture(autouse=True)
def _uncached_pages(settings):
    settings.PAGE_CACHE = False


def seed(articles: int, **options) -> str:
    out = io.StringIO()
    call_command("seed_bench", articles=articles, stdout=out, **options)
    return out.getvalue()


@pytest.mark.django_db
def test_seed_bench_adds_exactly_the_articles_asked_for():
    before = Article.objects.count()
    output = seed(40)
    assert Article.objects.count() == before + 40
    assert "Seeded" in output and "40 articles" in output


@pytest.mark.django_db
def test_seeding_twice_adds_to_the_first_run():
    seed(15)
    seed(15)
    assert Article.objects.count() == 30


@pytest.mark.django_db
def test_seeded_articles_cover_both_languages_and_every_category():
    seed(40)
    published = Article.objects.published()
    assert set(published.values_list("language", flat=True)) == {"tr", "en"}
    for category in Category.objects.all():
        for language in ("tr", "en"):
            assert published.in_category(category).in_language(language).exists()


@pytest.mark.django_db
def test_every_seeded_article_has_an_author_and_tags():
    seed(40)
    articles = Article.objects.annotate(
        bylines_n=Count("bylines", distinct=True),
        tags_n=Count("tagged_items", distinct=True),
    )
    assert not articles.filter(bylines_n=0).exists()
    assert not articles.filter(tags_n__lt=2).exists()


@pytest.mark.django_db
def test_seeded_comments_include_approved_ones_and_replies():
    seed(60)
    approved = Comment.objects.approved()
    assert approved.top_level().exists()
    assert approved.filter(parent__isnull=False).exists()
    assert not Comment.objects.filter(
        article__in=Article.objects.exclude(status=Article.Status.PUBLISHED)
    ).exists()


@pytest.mark.django_db
def test_seeded_translations_link_articles_in_the_other_language():
    seed(40)
    translations = Article.objects.filter(translation_of__isnull=False)
    assert translations.exists()
    for article in translations.select_related("translation_of"):
        assert article.language != article.translation_of.language
        assert article.category_id == article.translation_of.category_id


@pytest.mark.django_db
def test_seeded_article_is_public_with_its_byline_tags_and_comments(client):
    seed(60)
    article = (
        Article.objects.published()
        .filter(comments__status=Comment.Status.APPROVED)
        .newest_first()
        .first()
    )
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert article.title in response.text
    assert article.ordered_authors[0].name in response.text
    assert article.tags.first().name in response.text
    comment = Comment.objects.approved().filter(article=article).first()
    assert comment.body in response.text


@pytest.mark.django_db
def test_seeded_drafts_and_scheduled_pieces_stay_hidden(client):
    seed(400)
    hidden = Article.objects.exclude(pk__in=Article.objects.published())
    assert hidden.filter(status=Article.Status.DRAFT).exists()
    assert Article.objects.scheduled().exists()
    for article in hidden[:5]:
        url = f"/{article.category.slug}/{article.slug}/"
        assert client.get(url).status_code == 404


@on_postgresql
@pytest.mark.django_db
def test_seeded_articles_are_found_by_search():
    seed(40)
    assert Article.objects.published().search("gaz").exists()


@pytest.mark.django_db
def test_seed_bench_refuses_fewer_than_one_article():
    with pytest.raises(CommandError, match="at least 1"):
        seed(0)


@pytest.mark.django_db
def test_pages_stored_before_seeding_are_not_served_after_it(client, settings):
    settings.PAGE_CACHE = True
    empty = client.get("/en/category/analiz/")
    assert client.get("/en/category/analiz/")["X-Cache"] == "hit"

    seed(40)

    after = client.get("/en/category/analiz/")
    assert after["X-Cache"] == "miss"
    assert after.content != empty.content
