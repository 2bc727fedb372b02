from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from publications import search
from publications.models import Article
from publications.search import highlighted_snippet
from tests.cached_reads import first_visit_queries
from tests.factories import make_article, make_author, make_category
from tests.markup import parse

SEARCH_URL = "/search/"

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL text search"
)


def titles(queryset):
    return [article.title for article in queryset]


# The QuerySet: works on every database --------------------------------------


@pytest.mark.django_db
def test_search_finds_a_word_in_title_summary_or_body():
    make_article(title="Caspian energy routes")
    make_article(summary="A note on energy prices.")
    make_article(body="<p>The energy question returns.</p>")
    make_article(title="Water", summary="Rivers.", body="<p>Dams.</p>")

    found = Article.objects.published().search("energy")

    assert len(found) == 3
    assert "Water" not in titles(found)


@pytest.mark.django_db
def test_search_requires_every_word():
    make_article(title="Baku pipeline", body="<p>Gas flows west.</p>")
    make_article(title="Baku metro", body="<p>Trains run.</p>")

    assert titles(Article.objects.published().search("baku gas")) == ["Baku pipeline"]


@pytest.mark.django_db
def test_search_ignores_case_including_turkish_capitals():
    make_article(title="İran ve Çin arasında yeni dönem", language="tr")

    assert len(Article.objects.published().search("iran")) == 1
    assert len(Article.objects.published().search("ÇİN")) == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "status", [Article.Status.DRAFT, Article.Status.REVIEW, Article.Status.WITHDRAWN]
)
def test_search_never_returns_unpublished_articles(client, status):
    make_article(title="Hidden pipeline deal", status=status)

    response = client.get(SEARCH_URL, {"q": "pipeline"})

    assert response.status_code == 200
    assert "Hidden pipeline deal" not in response.text


@pytest.mark.django_db
def test_search_never_returns_scheduled_articles(client):
    make_article(
        title="Tomorrow's pipeline deal",
        published_at=timezone.now() + timedelta(days=1),
    )

    response = client.get(SEARCH_URL, {"q": "pipeline"})

    assert "pipeline deal" not in response.text


@pytest.mark.django_db
def test_search_language_filter_keeps_one_language():
    make_article(title="Energy in English", language="en")
    make_article(title="Energy in Turkish", language="tr")

    found = Article.objects.published().search("energy", language="tr")

    assert titles(found) == ["Energy in Turkish"]


@pytest.mark.django_db
def test_search_does_not_match_markup():
    make_article(title="Plain", body="<p><strong>Bold</strong> claims.</p>")

    assert not Article.objects.published().search("strong").exists()


# Snippets --------------------------------------------------------------------


@pytest.mark.django_db
def test_snippet_marks_the_matching_word():
    make_article(body="<p>" + "Filler words here. " * 30 + "The pipeline opened.</p>")
    article = Article.objects.published().search("pipeline").get()

    snippet = highlighted_snippet(article, "pipeline")

    assert "<mark>pipeline</mark>" in snippet


@pytest.mark.django_db
def test_snippet_cannot_carry_markup_from_the_article():
    make_article(
        summary='<script>alert("x")</script> pipeline',
        body="<p>Pipelines &amp; &lt;b&gt;tankers&lt;/b&gt;.</p>",
    )
    article = Article.objects.published().search("pipeline").get()

    snippet = highlighted_snippet(article, "pipeline")

    assert "<script>" not in snippet
    assert "<b>" not in snippet
    assert "&lt;b&gt;tankers" in snippet
    assert snippet.replace("<mark>", "").replace("</mark>", "").count("<") == 0


# The page ---------------------------------------------------------------------


@pytest.mark.django_db
def test_search_page_lists_matches_with_highlight(client):
    article = make_article(title="Pipeline politics", body="<p>The pipeline.</p>")

    response = client.get(SEARCH_URL, {"q": "pipeline"})

    assert response.status_code == 200
    assert article.get_absolute_url() in response.text
    assert "<mark>" in response.text


@pytest.mark.django_db
def test_search_page_without_query_shows_the_form_only(client):
    make_article(title="Anything at all")

    response = client.get(SEARCH_URL)

    assert response.status_code == 200
    assert 'id="search-filters"' in response.text
    assert "Anything at all" not in response.text


@pytest.mark.django_db
def test_search_page_says_when_nothing_matches(client):
    make_article(title="Pipeline politics")

    response = client.get("/en/search/", {"q": "zeppelin"})

    assert response.status_code == 200
    assert "No publications match your search." in response.text


@pytest.mark.django_db
def test_search_filters_by_category_author_language_and_year(client):
    rapor = make_category(name="Rapor X", slug="rapor-x")
    author = make_author(name="Leyla Aliyeva")
    last_year = timezone.now() - timedelta(days=400)
    wanted = make_article(
        title="Grain corridor report",
        category=rapor,
        authors=[author],
        language="tr",
        published_at=last_year,
    )
    make_article(title="Grain corridor elsewhere", language="tr", authors=[author])
    make_article(title="Grain corridor english", category=rapor, language="en")

    response = client.get(
        SEARCH_URL,
        {
            "q": "grain",
            "category": rapor.slug,
            "author": author.slug,
            "language": "tr",
            "year": timezone.localtime(last_year).year,
        },
    )

    assert response.status_code == 200
    assert [a.pk for a in response.context["page_obj"]] == [wanted.pk]


@pytest.mark.django_db
def test_author_filter_takes_the_name_case_insensitively(client):
    author = make_author(name="Leyla Aliyeva")
    wanted = make_article(title="Grain corridor", authors=[author])
    make_article(title="Grain elsewhere")

    response = client.get(SEARCH_URL, {"q": "grain", "author": "leyla  ALIYEVA"})

    assert response.status_code == 200
    assert [a.pk for a in response.context["page_obj"]] == [wanted.pk]


@pytest.mark.django_db
def test_author_box_suggests_only_authors_with_published_articles(client):
    make_article(authors=[make_author(name="Zeynep Published")])
    make_article(
        authors=[make_author(name="Ahmet Drafting")], status=Article.Status.DRAFT
    )

    response = client.get(SEARCH_URL)

    page = parse(response.text)
    box = page.find("input", name="author")
    suggestions = page.find("datalist", id=box["list"]).find_all("option")
    assert [option["value"] for option in suggestions] == ["Zeynep Published"]
    assert "Ahmet Drafting" not in response.text
    assert box["type"] == "text"
    assert page.find("label", for_=box["id"])


@pytest.mark.django_db
def test_filters_alone_list_articles_newest_first(client):
    rapor = make_category(name="Rapor Y", slug="rapor-y")
    old = make_article(category=rapor, published_at=timezone.now() - timedelta(days=9))
    new = make_article(category=rapor, published_at=timezone.now() - timedelta(days=1))
    make_article()

    response = client.get(SEARCH_URL, {"category": rapor.slug})

    assert [a.pk for a in response.context["page_obj"]] == [new.pk, old.pk]


@pytest.mark.django_db
def test_filters_alone_show_a_new_article_and_its_count_at_once(client, settings):
    settings.PAGE_CACHE = False  # the kept total, not the stored page
    rapor = make_category(name="Rapor Z", slug="rapor-z")
    for days in range(3):
        make_article(
            category=rapor, published_at=timezone.now() - timedelta(days=days + 1)
        )
    first = client.get(SEARCH_URL, {"category": rapor.slug})
    assert first.context["page_obj"].paginator.count == 3

    new = make_article(category=rapor, published_at=timezone.now())
    again = client.get(SEARCH_URL, {"category": rapor.slug})

    assert again.context["page_obj"].paginator.count == 4
    assert again.context["page_obj"][0].pk == new.pk


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("unknown", "message"),
    [
        ({"author": "Nobody Atall"}, "“Nobody Atall” adında bir yazar yok."),
        ({"category": "no-such-thing"}, 'class="errorlist'),
    ],
)
def test_unknown_filter_value_is_a_clear_400(client, unknown, message):
    response = client.get(SEARCH_URL, {"q": "grain", **unknown})

    assert response.status_code == 400
    assert message in response.text


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "a" * 10_000,
        "pipe\x00line",
        "\x00",
        "🛢️ pipeline 🚢",
        "'; DROP TABLE publications_article; --",
        "pipeline & | ! ( ) :* <-> \\ ' \"",
        '"unterminated phrase',
        "-",
        "OR",
        "%_%",
    ],
)
def test_hostile_queries_never_fail(client, query):
    make_article(title="Pipeline politics")

    response = client.get(SEARCH_URL, {"q": query})

    assert response.status_code in {200, 400}
    assert Article.objects.count() == 1


@pytest.mark.django_db
def test_too_long_query_says_so(client):
    response = client.get(SEARCH_URL, {"q": "a" * 10_000})

    assert response.status_code == 400
    assert "200" in response.text


@pytest.mark.django_db
def test_nul_bytes_are_ignored(client):
    make_article(title="Pipeline politics")

    response = client.get(SEARCH_URL, {"q": "pipe\x00line", "language": "en\x00"})

    assert response.status_code == 200
    assert "Pipeline politics" in response.text


@pytest.mark.django_db
def test_nul_bytes_in_filters_do_not_fail(client):
    response = client.get(SEARCH_URL, {"q": "x", "category": "\x00analiz\x00"})

    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params", [{"q": "pipeline"}, {"q": "", "category": "analiz"}], ids=str
)
def test_search_queries_do_not_grow_with_results(client, settings, params):
    settings.PAGE_CACHE = False
    authors = [make_author(), make_author()]

    def add(rows):
        for n in range(rows):
            make_article(title=f"Pipeline {n}", authors=authors, tags=["gas", f"t{n}"])

    add(3)
    few = first_visit_queries(client, SEARCH_URL, params)
    add(27)
    many = first_visit_queries(client, SEARCH_URL, params)

    # Form choices (years, authors), categories (shared with the navigation),
    # results (on PostgreSQL the search window, then matches, page, bylines).
    assert few == many <= 8


@pytest.mark.django_db
def test_results_are_paginated(client):
    for n in range(25):
        make_article(title=f"Pipeline {n}")

    first = client.get(SEARCH_URL, {"q": "pipeline"})
    second = client.get(SEARCH_URL, {"q": "pipeline", "page": 2})

    assert len(first.context["page_obj"]) == 20
    assert len(second.context["page_obj"]) == 5
    assert "page=2" in first.text


# PostgreSQL: stemming, weighting, ranking -------------------------------------


@on_postgresql
@pytest.mark.django_db
def test_english_plural_finds_the_singular():
    make_article(title="A strategic alliance deepens", language="en")

    assert len(Article.objects.published().search("alliances")) == 1


@on_postgresql
@pytest.mark.django_db
def test_turkish_inflection_finds_the_stem():
    # The turkish snowball stemmer reduces ilişkiler, ilişkileri, ilişkilerin
    # to "ilişki"; "ilişkisi" it does not, so that pair would prove nothing.
    make_article(title="Türkiye ile Azerbaycan arasındaki ilişkiler", language="tr")
    make_article(title="Yeni bir ittifak", language="tr")

    assert len(Article.objects.published().search("ilişkileri")) == 1
    assert len(Article.objects.published().search("İLİŞKİLERİN")) == 1
    assert len(Article.objects.published().search("ittifakları")) == 1


@on_postgresql
@pytest.mark.django_db
def test_title_match_ranks_above_body_match():
    make_article(title="Old news", body="<p>Something about a corridor.</p>")
    make_article(title="The corridor", body="<p>Nothing else.</p>")
    make_article(title="Other", summary="On the corridor.", body="<p>-</p>")

    found = titles(Article.objects.published().search("corridor"))

    assert found == ["The corridor", "Other", "Old news"]


@on_postgresql
@pytest.mark.django_db
def test_websearch_syntax_excludes_and_quotes():
    make_article(title="Gas pipeline to Europe")
    make_article(title="Oil pipeline to Europe")

    found = titles(Article.objects.published().search("pipeline -oil"))

    assert found == ["Gas pipeline to Europe"]
    assert titles(Article.objects.published().search('"oil pipeline"')) == [
        "Oil pipeline to Europe"
    ]


@on_postgresql
@pytest.mark.django_db
def test_postgresql_snippet_marks_stemmed_matches():
    make_article(
        body="<p>" + "Unrelated filler. " * 40 + "The alliance <em>deepens</em>.</p>"
    )
    article = Article.objects.published().search("alliances").get()

    snippet = highlighted_snippet(article, "alliances")

    assert "<mark>alliance</mark>" in snippet
    assert "<em>" not in snippet


@on_postgresql
@pytest.mark.django_db
def test_vectors_follow_edits_and_bulk_inserts():
    article = make_article(title="Before")
    article.title = "After the pipeline"
    article.save()
    analiz = article.category
    Article.objects.bulk_create(
        [
            Article(
                title=f"Bulk pipeline {n}",
                slug=f"bulk-{n}",
                category=analiz,
                language="en",
                status=Article.Status.PUBLISHED,
                published_at=timezone.now(),
            )
            for n in range(3)
        ]
    )

    assert len(Article.objects.published().search("pipeline")) == 4
    assert not Article.objects.published().search("before").exists()


@on_postgresql
@pytest.mark.django_db
def test_update_search_vectors_rebuilds_in_one_statement(
    django_assert_num_queries,
):
    for n in range(3):
        make_article(title=f"Pipeline {n}")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE publications_article SET search_vector = NULL")
    assert not Article.objects.search("pipeline").exists()

    with django_assert_num_queries(1):
        updated = Article.objects.all().update_search_vectors()

    assert updated == 3
    assert len(Article.objects.search("pipeline")) == 3


@on_postgresql
@pytest.mark.django_db
def test_search_uses_the_gin_index():
    analiz = make_article(title="The one pipeline").category
    # Fillers in both languages: the language alone narrows nothing.
    Article.objects.bulk_create(
        Article(
            title=f"Filler {n}",
            slug=f"filler-{n}",
            category=analiz,
            language=("tr", "en")[n % 2],
        )
        for n in range(300)
    )
    with connection.cursor() as cursor:
        # Rows other tests wrote and rolled back wait in the index's pending
        # list and make it look costly to the planner; a live site's
        # autovacuum merges them.
        cursor.execute(
            "SELECT gin_clean_pending_list('publications_article_search_idx')"
        )
        cursor.execute("ANALYZE publications_article")
        # A test table is small enough for a sequential scan to win anyway.
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = (
            # Without a language filter the text match is the only condition,
            # so the plan shows the GIN index whatever the statistics say.
            Article.objects.search("pipeline").values("pk").query
        ).sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "publications_article_search_idx" in plan, plan


@pytest.mark.django_db
def test_turkish_interface_speaks_turkish(client):
    make_article(title="Pipeline politics")

    response = client.get(SEARCH_URL, {"q": "zeppelin"})

    assert "Aramanızla eşleşen yayın bulunamadı." in response.text
    assert "Tüm kategoriler" in response.text
    assert ">Kategori:<" in response.text


@on_postgresql
@pytest.mark.django_db
@pytest.mark.parametrize("window", [1, 3, 100])
def test_ranking_reads_the_newest_matches_whatever_the_window(monkeypatch, window):
    monkeypatch.setattr(search, "MAX_CANDIDATES", 3)
    monkeypatch.setattr(search, "RECENT_WINDOW", window)
    now = timezone.now()
    for days in range(8):
        make_article(
            title=f"Pipeline {days}" if days % 2 == 0 else f"Water {days}",
            published_at=now - timedelta(days=days),
        )

    found = Article.objects.published().search("pipeline")

    assert sorted(titles(found)) == ["Pipeline 0", "Pipeline 2", "Pipeline 4"]


@on_postgresql
@pytest.mark.django_db
def test_excerpt_of_a_matching_summary_drops_a_tag_cut_in_half():
    make_article(
        summary="The alliance grows.",
        body="<p>" + "word " * 159 + '<a href="https://example.org/x">link</a></p>',
    )
    article = search.with_headlines(
        Article.objects.published(), "alliances", language="en"
    ).get()

    snippet = highlighted_snippet(article, "alliances")

    assert "<mark>alliance</mark>" in snippet
    assert "&lt;" not in snippet
    assert "href" not in snippet
