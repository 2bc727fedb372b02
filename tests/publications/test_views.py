import json
from datetime import UTC, date, datetime, timedelta

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from pytest_django.asserts import assertInHTML

from publications.models import Article, Category
from tests.cached_reads import first_visit_queries, forget_cached_reads
from tests.factories import make_article, make_author, make_image_upload
from tests.markup import parse

pytestmark = pytest.mark.usefixtures("site_url")


def category(slug):
    return Category.objects.get(slug=slug)


def reference_article(**overrides):
    author = overrides.pop("author", None) or make_author(
        name="Vasif Huseynov", slug="vasif-huseynov"
    )
    fields = {
        "title": "Azerbaijan–Turkey Strategic Alliance Deepens Amid Recent Conflicts",
        "slug": "azerbaijan-turkey-strategic-alliance",
        "summary": "Common interests lead toward a strategic alliance.",
        "body": "<p>The relationship between Azerbaijan and Turkey has been on a "
        "developing course.</p>",
        "published_at": timezone.make_aware(datetime(2020, 9, 23, 1, 30)),
        "source_name": "Geopolitical monitor",
        "source_url": "https://www.geopoliticalmonitor.com/alliance/",
        "source_published_on": date(2020, 9, 22),
        "language": "en",
    } | overrides
    return make_article(authors=[author], tags=["Azerbaijan", "security"], **fields)


def hidden_articles():
    """A draft, a piece in review and a scheduled one, all in Analiz."""
    return [
        make_article(title="Secret draft", status=Article.Status.DRAFT),
        make_article(title="Secret review", status=Article.Status.REVIEW),
        make_article(
            title="Secret scheduled",
            published_at=timezone.now() + timedelta(days=2),
        ),
    ]


# The article page


@pytest.mark.django_db
def test_article_page_shows_the_reference_page_elements(client):
    article = reference_article()

    response = client.get(article.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert parse(html).find("h1").text.strip() == article.title
    assertInHTML(
        '<time datetime="2020-09-23T01:30:00+03:00">23.09.2020</time>',
        html,
        msg_prefix="date as DD.MM.YYYY in Istanbul time",
    )
    assert "Geopolitical monitor (22 September 2020)" in html
    assertInHTML(
        '<p class="article__byline">by <a class="article__author" rel="author" '
        'href="/en/author/vasif-huseynov/">Vasif Huseynov</a></p>',
        html,
    )
    # The spacing as read, which assertInHTML does not compare.
    byline = parse(html).find("p", class_="article__byline")
    assert byline.text == "by Vasif Huseynov"
    assert "has been on a developing course" in html
    assert 'href="https://www.geopoliticalmonitor.com/alliance/"' in html
    assert "Click for more" in html
    assert "No comments yet." in html
    assert '<section id="comments"' in html
    for name in ["Analiz", "Yorum", "Blog", "Rapor", "Bülten"]:
        assert f">{name}</a></li>" in html


@pytest.mark.django_db
def test_article_page_shows_each_authors_role(client):
    fellow = make_author(name="Ali Bey", role="Senior Fellow")
    article = reference_article(author=fellow)

    html = client.get(article.get_absolute_url()).content.decode()

    assertInHTML(
        f'<p class="article__byline">by <a class="article__author" rel="author" '
        f'href="{fellow.get_absolute_url()}">Ali Bey</a> '
        '<span class="article__role">(Senior Fellow)</span></p>',
        html,
    )
    byline = parse(html).find("p", class_="article__byline")
    assert byline.text == "by Ali Bey (Senior Fellow)"


@pytest.mark.django_db
def test_article_page_links_the_pdf_with_its_type(client):
    article = reference_article()

    html = client.get(article.get_absolute_url()).content.decode()

    link = parse(html).find("a", type="application/pdf")
    assert link["href"] == article.get_pdf_url()


@pytest.mark.django_db
def test_article_page_offers_plain_share_links_and_no_third_party_script(client):
    article = reference_article()

    html = client.get(article.get_absolute_url()).content.decode()

    for host in ["x.com/intent", "facebook.com/sharer", "linkedin.com/sharing",
                 "wa.me/", "t.me/share", "mailto:?subject="]:  # fmt: skip
        assert host in html
    assert "data-copy-link" in html
    scripts = [script.attrs for script in parse(html).find_all("script")]
    assert all(
        (attrs.get("src") or "").startswith("/static/")
        or attrs.get("type") == "application/ld+json"
        for attrs in scripts
    ), scripts
    assert "style=" not in html


@pytest.mark.django_db
def test_article_page_lists_tags_reading_time_and_related_articles(client):
    article = reference_article()
    related = make_article(title="Pipelines and power", tags=["security"])
    make_article(title="Other language piece", language="tr", tags=["security"])

    html = client.get(article.get_absolute_url()).content.decode()

    assert 'href="/en/tag/azerbaijan/"' in html
    assert "1 min read" in html
    assert related.title in html
    assert "Other language piece" not in html


@pytest.mark.django_db
def test_related_pieces_follow_publishing_and_withdrawal_at_once(client, settings):
    settings.PAGE_CACHE = False  # the related pieces' own keeping alone
    article = reference_article()
    client.get(article.get_absolute_url())

    newcomer = make_article(title="A newcomer on security", tags=["security"])
    assert newcomer.title in client.get(article.get_absolute_url()).content.decode()

    newcomer.status = Article.Status.WITHDRAWN
    newcomer.save()
    assert newcomer.title not in client.get(article.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_hidden_pieces_are_neither_related_nor_featured(client):
    article = reference_article()
    for hidden in hidden_articles():
        hidden.tags.add("security")
        hidden.is_featured = True
        hidden.save()

    page = client.get(article.get_absolute_url()).content.decode()
    home = client.get("/en/").content.decode()

    assert "Secret" not in page
    assert "Secret" not in home


@pytest.mark.django_db
def test_turkish_article_page_speaks_turkish(client):
    article = reference_article(
        language="tr", title="Azerbaycan–Türkiye ittifakı", slug="ittifak"
    )

    response = client.get(article.get_absolute_url())

    html = response.content.decode()
    assert article.get_absolute_url() == "/analiz/ittifak/"
    assert parse(html).find("html")["lang"] == "tr"
    assert "Geopolitical monitor (22 Eylül 2020)" in html
    assert "Henüz yorum yok." in html
    assert "PDF indir" in html


@pytest.mark.django_db
def test_article_under_the_wrong_language_prefix_redirects_permanently(client):
    article = reference_article()

    response = client.get(f"/analiz/{article.slug}/?utm=x")

    assert response.status_code == 301
    assert response["Location"] == f"/en/analiz/{article.slug}/?utm=x"


@pytest.mark.django_db
def test_article_under_the_wrong_category_redirects_permanently(client):
    article = reference_article()

    response = client.get(f"/en/yorum/{article.slug}/")

    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


@pytest.mark.django_db
def test_article_page_links_its_translation_and_hreflang_alternates(client):
    original = reference_article()
    turkish = make_article(
        title="Türkçe çeviri", slug="turkce-ceviri", language="tr",
        translation_of=original,
    )  # fmt: skip

    html = client.get(original.get_absolute_url()).content.decode()
    turkish_html = client.get(turkish.get_absolute_url()).content.decode()

    tr_url = "https://think.example/analiz/turkce-ceviri/"
    en_url = f"https://think.example/en/analiz/{original.slug}/"
    assertInHTML(f'<link rel="alternate" hreflang="tr" href="{tr_url}">', html)
    assertInHTML(f'<link rel="alternate" hreflang="en" href="{en_url}">', html)
    assertInHTML(
        '<a href="/analiz/turkce-ceviri/" hreflang="tr" lang="tr">'
        "Bu yazıyı Türkçe okuyun</a>",
        html,
    )
    assertInHTML(
        f'<a class="lang-switch__link" href="/en/analiz/{original.slug}/" lang="en" '
        'hreflang="en">English</a>',
        turkish_html,
        msg_prefix="the language switcher leads to the translation",
    )


@pytest.mark.django_db
def test_unpublished_translation_is_not_linked(client):
    original = reference_article()
    make_article(
        slug="taslak-ceviri", language="tr", translation_of=original,
        status=Article.Status.DRAFT,
    )  # fmt: skip

    html = client.get(original.get_absolute_url()).content.decode()

    assert "taslak-ceviri" not in html


@pytest.mark.django_db
def test_article_page_has_canonical_open_graph_and_json_ld(client):
    article = reference_article()

    html = client.get(article.get_absolute_url()).content.decode()

    url = f"https://think.example/en/analiz/{article.slug}/"
    assertInHTML(f'<link rel="canonical" href="{url}">', html)
    assertInHTML(f'<meta property="og:url" content="{url}">', html)
    assertInHTML('<meta property="og:type" content="article">', html)
    page = parse(html)
    assert page.find("meta", name="twitter:card")["content"]
    data = json.loads(page.find("script", type="application/ld+json").text)
    assert data["@type"] == "Article"
    assert data["headline"] == article.title
    assert data["datePublished"] == "2020-09-23T01:30:00+03:00"
    assert data["author"][0]["name"] == "Vasif Huseynov"
    assert data["publisher"]["name"]


@pytest.mark.django_db
def test_json_ld_cannot_be_closed_by_a_title(client):
    article = reference_article(title="</script><script>alert(1)</script>")

    html = client.get(article.get_absolute_url()).content.decode()

    payload = parse(html).find("script", type="application/ld+json").text
    assert json.loads(payload)["headline"] == article.title
    assert "<script>alert" not in html


@pytest.mark.django_db
def test_featured_image_has_renditions_alt_and_dimensions(client):
    article = reference_article(
        featured_image=make_image_upload(size=(1000, 500)),
        featured_image_alt="Baku at dusk",
    )

    html = client.get(article.get_absolute_url()).content.decode()

    page = parse(html)
    picture = page.find("picture")
    source, img = picture.find("source"), picture.find("img")
    assert source["type"] == "image/webp"
    assert (img["alt"], img["width"], img["height"]) == ("Baku at dusk", "1000", "500")
    for srcset in (source["srcset"], img["srcset"]):
        assert "1000w" in srcset and "480w" in srcset
    og_image = page.find("meta", property="og:image")["content"]
    assert og_image.startswith("https://think.example/media/")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "status, delay",
    [
        (Article.Status.DRAFT, -1),
        (Article.Status.REVIEW, -1),
        (Article.Status.RETURNED, -1),
        (Article.Status.WITHDRAWN, -1),
        (Article.Status.PUBLISHED, 48),
    ],
)
def test_unpublished_article_page_is_not_found(client, status, delay):
    article = make_article(
        status=status, published_at=timezone.now() + timedelta(hours=delay)
    )

    response = client.get(f"/en/analiz/{article.slug}/")

    assert response.status_code == 404


@pytest.mark.django_db
def test_article_page_queries_do_not_grow_with_authors_tags_and_translations(
    client, django_assert_num_queries
):
    article = make_article(
        authors=[make_author() for _ in range(3)], tags=["a", "b", "c"]
    )
    for n in range(3):
        make_article(language="tr", translation_of=article, tags=[f"x{n}"])
    queries = first_visit_queries(client, article.get_absolute_url())
    # The navigation's categories; the article, with whether it has
    # corrections; its bylines with their authors; its tags; its comments
    # (none, so no replies to read); its translation and related pieces.
    assert queries == 6
    for n in range(27):
        article.bylines.create(author=make_author(), position=n + 3)
        article.tags.add(f"tag{n}")
        make_article(language="tr", translation_of=article, tags=["a"])
        make_article(tags=["a", "b"])

    forget_cached_reads()
    with django_assert_num_queries(queries):
        response = client.get(article.get_absolute_url())
    assert response.content.decode().count('rel="author"') == 30


# Lists


def list_urls(author, tag="security"):
    now = timezone.localtime()
    return [
        "/en/",
        "/en/category/analiz/",
        f"/en/author/{author.slug}/",
        f"/en/tag/{tag}/",
        f"/en/archive/{now.year}/",
        f"/en/archive/{now.year}/{now.month}/",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("index", range(6))
def test_list_pages_show_published_work_and_nothing_hidden(client, index):
    author = make_author()
    shown = make_article(title="Visible piece", authors=[author], tags=["security"])
    for article in hidden_articles():
        article.bylines.create(author=author)
        article.tags.add("security")

    response = client.get(list_urls(author)[index])

    html = response.content.decode()
    assert response.status_code == 200
    assert shown.title in html
    assert "Secret" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("index", range(6))
def test_list_page_queries_do_not_grow_with_articles(
    client, django_assert_num_queries, index
):
    authors = [make_author(), make_author()]

    def add(count):
        for n in range(count):
            make_article(
                authors=authors, tags=["security", f"t{n}"], is_featured=n < 2,
                category=category(["analiz", "yorum", "blog"][n % 3]),
                published_at=timezone.now() - timedelta(minutes=n + 1),
            )  # fmt: skip

    add(3)
    url = list_urls(authors[0])[index]
    queries = first_visit_queries(client, url)
    add(27)

    forget_cached_reads()
    with django_assert_num_queries(queries):
        client.get(url)
    assert queries <= 7


@pytest.mark.django_db
def test_home_shows_featured_pieces_and_the_latest_per_category(client):
    lead = make_article(title="Lead essay", is_featured=True)
    for n in range(6):
        make_article(title=f"Commentary {n}", category=category("yorum"))
    make_article(title="Bulletin one", category=category("bulten"))
    make_article(title="Türkçe yazı", language="tr")

    html = client.get("/en/").content.decode()

    assert "card--hero" in html and lead.title in html
    assert "Commentary 0" in html and "Commentary 3" in html
    assert "Commentary 4" not in html, "four per category"
    assert "Bulletin one" in html
    assert "Türkçe yazı" not in html
    assert "Türkçe yazı" in client.get("/").content.decode()


@pytest.mark.django_db
def test_category_page_lists_only_its_category_newest_first(client):
    older = make_article(title="Older analysis")
    newer = make_article(title="Newer analysis", published_at=timezone.now())
    make_article(title="A commentary", category=category("yorum"))

    html = client.get("/en/category/analiz/").content.decode()

    assert html.index(newer.title) < html.index(older.title)
    assert "A commentary" not in html
    assert parse(html).find("a", aria_current="page").text.strip() == "Analiz"


@pytest.mark.django_db
def test_unknown_category_is_not_found(client):
    assert client.get("/en/category/nope/").status_code == 404


@pytest.mark.django_db
def test_author_page_shows_bio_photo_and_work_in_both_languages(client):
    author = make_author(
        name="Ayşe Yılmaz", bio="Works on energy security.", role="Fellow",
        photo=make_image_upload(size=(400, 400)),
    )  # fmt: skip
    make_article(title="English piece", authors=[author])
    make_article(title="Türkçe yazı", authors=[author], language="tr")

    html = client.get(f"/en/author/{author.slug}/").content.decode()

    page = parse(html)
    assert "Works on energy security." in html
    assert any(p.find_all("img", alt="Ayşe Yılmaz") for p in page.find_all("picture"))
    assert "English piece" in html and "Türkçe yazı" in html
    turkish_card = page.find("article", class_="card", lang="tr")
    assert "Türkçe yazı" in turkish_card.text


@pytest.mark.django_db
def test_tag_page_accepts_turkish_slugs(client):
    make_article(title="Güvenlik yazısı", language="tr", tags=["güvenlik"])

    response = client.get(reverse("publications:tag-detail", args=["güvenlik"]))

    assert response.status_code == 200
    assert "Güvenlik yazısı" in response.content.decode()


@pytest.mark.django_db
def test_archive_month_holds_only_that_month_in_istanbul_time(client):
    # 23:30 UTC on 31 August is already 1 September in Istanbul.
    make_article(
        title="September piece",
        published_at=datetime(2020, 8, 31, 23, 30, tzinfo=UTC),
    )
    make_article(
        title="August piece",
        published_at=datetime(2020, 8, 31, 20, 0, tzinfo=UTC),
    )

    september = client.get("/en/archive/2020/9/").content.decode()
    year = client.get("/en/archive/2020/").content.decode()

    assert "September piece" in september and "August piece" not in september
    for number, month in [(8, "August"), (9, "September")]:
        url = f"/en/archive/2020/{number}/"
        assertInHTML(
            f'<a href="{url}">{month} <span class="month-nav__count">(1)</span></a>',
            year,
        )
        assert parse(year).find("a", href=url).text == f"{month} (1)"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    ["/archive/2020/13/", "/archive/2020/0/", "/archive/0/", "/archive/99999999/"],
)
def test_impossible_archive_dates_are_not_found(client, url):
    assert client.get(url).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["abc", "0", "-1", "99", "1.5", "9" * 30, "last2"])
def test_bad_or_past_the_end_page_is_not_found(client, page):
    make_article()

    response = client.get("/en/category/analiz/", {"page": page})

    assert response.status_code == 404


@pytest.mark.django_db
def test_deep_page_holds_the_right_articles(client, settings):
    for n in range(30):
        make_article(title=f"Piece {n:02}", published_at=timezone.now() - timedelta(
            hours=n))  # fmt: skip

    html = client.get("/en/category/analiz/", {"page": 3}).content.decode()

    titles = [link.text for link in parse(html).find_all("a", class_="card__link")]
    assert titles == [f"Piece {n:02}" for n in range(24, 30)]
    assertInHTML(
        '<a class="pagination__link" rel="prev" href="?page=2">← Previous page</a>',
        html,
    )
    assertInHTML(
        '<link rel="canonical" '
        'href="https://think.example/en/category/analiz/?page=3">',
        html,
    )


@pytest.mark.django_db
def test_every_page_has_landmarks_skip_link_and_language(client):
    article = reference_article()
    for url in ["/", "/en/", "/category/analiz/", article.get_absolute_url()]:
        html = client.get(url).content.decode()
        page = parse(html)
        assert page.find("html")["lang"] in {"tr", "en"}, url
        assert page.find("a", class_="skip-link")["href"] == "#main", url
        assert page.find("main")["id"] == "main", url
        for landmark in ["header", "footer", "nav"]:
            assert page.find_all(landmark), (url, landmark)
        assert page.find("link", rel="canonical")["href"], url
        assert "{% block feeds %}" not in html


# Citations


@pytest.mark.django_db
def test_citation_downloads_are_files_of_their_type(client):
    article = reference_article()
    with translation.override("en"):
        args = ["analiz", article.slug]
        bib_url = reverse("publications:article-cite-bibtex", args=args)
        ris_url = reverse("publications:article-cite-ris", args=args)

    bib = client.get(bib_url)
    ris = client.get(ris_url)

    assert bib.status_code == 200
    assert bib["Content-Type"].startswith("application/x-bibtex")
    assert "attachment" in bib["Content-Disposition"]
    assert "@online{" in bib.content.decode()
    assert ris.content.decode().startswith("TY  - ELEC\r\n")
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'href="{bib_url}"' in html and f'href="{ris_url}"' in html


@pytest.mark.django_db
def test_citation_of_a_draft_is_not_found(client):
    draft = make_article(status=Article.Status.DRAFT)

    response = client.get(f"/en/analiz/{draft.slug}/cite.bib")

    assert response.status_code == 404


# Hostile addresses and error pages


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/" + "a" * 10_000 + "/",
        "/en/analiz/" + "b" * 10_000 + "/",
        "/analiz/x%00y/",
        "/%00/",
        "/category/%00/",
        "/tag/%00/",
        "/tag/a%00b/",
        "/author/%F0%9F%98%80/",
        "/tag/%F0%9F%98%80/",
        "/%F0%9F%98%80/%F0%9F%98%80/",
        "/analiz/x'%20OR%201=1--/",
        "/tag/'%3B%20DROP%20TABLE%20publications_article%3B--/",
        "/category/analiz/?page=1%27%20OR%201=1",
        "/archive/2020/%00/",
        "/%FF%FE/",
        "/en/category/analiz/?page=%00",
    ],
)
def test_hostile_paths_never_give_a_server_error(client, path):
    make_article()

    response = client.get(path)

    # A redirect, or a 4xx that says what was wrong: never a server error.
    assert 300 <= response.status_code < 500


@pytest.mark.django_db
def test_not_found_page_is_styled_and_translated(client):
    response = client.get("/yok-boyle-bir-sayfa/nerede/mi/")

    html = response.content.decode()
    assert response.status_code == 404
    assert "Sayfa bulunamadı" in html
    assert "/static/css/site.css" in html
    assertInHTML('<meta name="robots" content="noindex">', html)


@pytest.mark.parametrize("template", ["500.html", "503.html"])
def test_server_error_pages_render_without_a_request_or_database(template):
    with translation.override("en"):
        html = render_to_string(template)

    assert "/static/css/site.css" in html
    assert "<h1" in html and "<main" in html
