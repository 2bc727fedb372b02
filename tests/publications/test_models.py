from datetime import timedelta

import pytest
from django.utils import timezone, translation

from publications.models import Article, Category, Correction
from publications.text import slugify_tr
from tests.factories import make_article, make_author


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Türkiye–Azerbaycan İlişkileri", "turkiye-azerbaycan-iliskileri"),
        ("Çağdaş Şehir Ölçüleri ve Güvenlik", "cagdas-sehir-olculeri-ve-guvenlik"),
        ("IĞDIR ÜNİVERSİTESİ", "igdir-universitesi"),
        (
            "Azerbaijan—Turkey: a 'strategic' alliance?",
            "azerbaijan-turkey-a-strategic-alliance",
        ),
    ],
)
def test_slugify_transliterates_turkish_letters(title, slug):
    assert slugify_tr(title) == slug


@pytest.mark.django_db
def test_article_slug_is_filled_from_the_title():
    article = make_article(title="Türkiye–Azerbaycan İlişkileri")
    assert article.slug == "turkiye-azerbaycan-iliskileri"


@pytest.mark.django_db
def test_clashing_generated_slug_gets_a_suffix():
    first = make_article(title="Enerji Güvenliği")
    second = make_article(title="Enerji Güvenliği")
    assert (first.slug, second.slug) == ("enerji-guvenligi", "enerji-guvenligi-2")


@pytest.mark.django_db
def test_migrations_create_the_five_categories():
    assert list(Category.objects.values_list("name", "slug")) == [
        ("Analiz", "analiz"),
        ("Yorum", "yorum"),
        ("Blog", "blog"),
        ("Rapor", "rapor"),
        ("Bülten", "bulten"),
    ]


@pytest.mark.django_db
def test_published_excludes_drafts_review_and_scheduled():
    live = make_article()
    make_article(status=Article.Status.DRAFT, published_at=None)
    make_article(status=Article.Status.REVIEW, published_at=None)
    make_article(published_at=timezone.now() + timedelta(days=1))
    make_article(status=Article.Status.WITHDRAWN)
    assert list(Article.objects.published()) == [live]


@pytest.mark.django_db
def test_scheduled_article_is_published_once_its_time_comes(time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    article = make_article(published_at=timezone.now() + timedelta(hours=2))
    assert article not in Article.objects.published()
    time_machine.shift(timedelta(hours=3))
    assert article in Article.objects.published()


@pytest.mark.django_db
def test_querysets_filter_by_category_author_and_language():
    author = make_author()
    yorum = Category.objects.get(slug="yorum")
    by_author = make_article(authors=[author])
    in_yorum = make_article(category=yorum)
    turkish = make_article(language="tr")
    assert list(Article.objects.by_author(author)) == [by_author]
    assert list(Article.objects.in_category(yorum)) == [in_yorum]
    assert list(Article.objects.in_language("tr")) == [turkish]


@pytest.mark.django_db
def test_authors_keep_their_byline_order():
    first, second = make_author(name="Zeynep Aksoy"), make_author(name="Ali Bey")
    article = make_article(authors=[first, second])
    listed = Article.objects.for_listing().get(pk=article.pk)
    assert listed.ordered_authors == [first, second]


@pytest.mark.django_db
def test_article_page_query_brings_whole_authors_and_tags_in_order(
    django_assert_num_queries,
):
    first = make_author(name="Zeynep Aksoy", role="Director, Energy Programme")
    second = make_author(name="Ali Bey", role="Senior Fellow")
    article = make_article(authors=[first, second], tags=["zeytin", "ayva", "incir"])
    # The byline's order, not the order the authors were added in.
    article.bylines.filter(author=first).update(position=5)

    with django_assert_num_queries(3):  # the article, its bylines, its tags
        row = Article.objects.for_article_page().get(pk=article.pk)
        authors, tags = row.ordered_authors, row.shown_tags()
        card_keys = row.card_keys()

    assert authors == [second, first]
    assert [a.role for a in authors] == ["Senior Fellow", "Director, Energy Programme"]
    assert [t.name for t in tags] == ["ayva", "incir", "zeytin"]
    assert tags == article.shown_tags()
    assert card_keys == {
        f"article:{article.pk}",
        f"author:{first.pk}",
        f"author:{second.pk}",
    }


@pytest.mark.django_db
def test_article_page_query_of_an_article_without_authors_or_tags():
    bare = Article.objects.for_article_page().get(pk=make_article().pk)
    assert (bare.ordered_authors, bare.shown_tags()) == ([], [])


@pytest.mark.django_db
def test_article_page_reads_corrections_only_when_there_are_some(
    django_assert_num_queries,
):
    corrected = make_article()
    Correction.objects.create(article=corrected, note="A date was wrong.")
    rows = Article.objects.for_article_page()

    found = rows.get(pk=corrected.pk)
    with django_assert_num_queries(1):
        assert [c.note for c in found.shown_corrections] == ["A date was wrong."]
    plain = rows.get(pk=make_article().pk)
    with django_assert_num_queries(0):
        assert list(plain.shown_corrections) == []


@pytest.mark.django_db
def test_script_in_body_is_stripped_on_save():
    article = make_article(
        body='<p>Hi<script>alert(1)</script></p><img src=x onerror="x()">'
    )
    article.refresh_from_db()
    assert "script" not in article.body
    assert "onerror" not in article.body
    assert article.body.startswith("<p>Hi</p>")


@pytest.mark.django_db
def test_footnotes_become_numbered_notes():
    article = make_article(
        body="<p>Claim[[Source: Ministry, 2020.]] and more[[Second.]]</p>"
    )
    html = article.body_html
    assert 'href="#fn-1"' in html and 'href="#fn-2"' in html
    assert '<li id="fn-1">Source: Ministry, 2020.' in html


@pytest.mark.django_db
def test_reading_time_counts_words():
    article = make_article(body="<p>" + "word " * 660 + "</p>")
    assert article.word_count == 660
    assert article.reading_minutes == 3


@pytest.mark.django_db
def test_addresses_follow_language_and_slug_changes():
    category = Category.objects.get(slug="analiz")
    with translation.override("en"):
        assert category.get_absolute_url() == "/en/category/analiz/"
    with translation.override("tr"):
        assert category.get_absolute_url() == "/category/analiz/"
    article = make_article(language="en", slug="first-slug")
    assert article.get_absolute_url() == "/en/analiz/first-slug/"
    article.slug = "second-slug"
    article.save()
    assert article.get_absolute_url() == "/en/analiz/second-slug/"
