from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils import translation
from pytest_django.asserts import assertInHTML

from publications.models import Article, Category
from publications.templatetags import publications_tags as tags
from tests.factories import image_bytes, make_article
from tests.markup import parse

pytestmark = pytest.mark.usefixtures("site_url")


def render(source: str, **context) -> str:
    return Template("{% load publications_tags %}" + source).render(Context(context))


@pytest.mark.django_db
def test_share_links_carry_the_encoded_address_and_title():
    article = make_article(title="Enerji & güvenlik?", slug="enerji")

    links = {link["key"]: link["url"] for link in tags.share_links(article)}

    address = "https%3A%2F%2Fthink.example%2Fen%2Fanaliz%2Fenerji%2F"
    assert links["x"] == (
        f"https://x.com/intent/post?url={address}&text=Enerji+%26+g%C3%BCvenlik%3F"
    )
    assert links["facebook"].endswith(f"?u={address}")
    assert links["linkedin"].endswith(f"?url={address}")
    assert links["telegram"].startswith(f"https://t.me/share/url?url={address}")
    assert links["whatsapp"].startswith("https://wa.me/?text=Enerji")
    assert links["email"].startswith("mailto:?subject=Enerji%20%26%20g%C3%BCvenlik")
    assert all('"' not in url and "<" not in url for url in links.values())


@pytest.mark.django_db
def test_list_page_alternates_point_at_the_same_page_in_each_language(rf):
    request = rf.get("/en/category/analiz/")
    with translation.override("en"):
        html = render("{% language_alternates %}", request=request)

    for language, url in [
        ("tr", "https://think.example/category/analiz/"),
        ("en", "https://think.example/en/category/analiz/"),
        ("x-default", "https://think.example/category/analiz/"),
    ]:
        assertInHTML(f'<link rel="alternate" hreflang="{language}" href="{url}">', html)


@pytest.mark.django_db
def test_article_without_translation_has_no_alternates_and_switches_to_home(rf):
    article = make_article()
    context = {"request": rf.get("/"), "article": article, "translation": None}

    with translation.override("en"):
        alternates = render("{% language_alternates %}", **context)
        switch = render("{% language_switch %}", **context)

    assert alternates == ""
    assertInHTML(
        '<a class="lang-switch__link" href="/" lang="tr" hreflang="tr">Türkçe</a>',
        switch,
    )
    assert parse(switch).find("a", aria_current="true").text == "English"


@pytest.mark.django_db
def test_categories_are_read_once_per_request(rf, django_assert_num_queries):
    request = rf.get("/")

    with django_assert_num_queries(1):
        first = tags.site_categories({"request": request})
        second = tags.site_categories({"request": request})

    assert [c.slug for c in first] == ["analiz", "yorum", "blog", "rapor", "bulten"]
    assert first is second


@pytest.mark.django_db
def test_categories_are_read_again_only_after_a_category_changes(
    rf, django_assert_num_queries
):
    tags.site_categories({"request": rf.get("/")})
    with django_assert_num_queries(0):
        tags.site_categories({"request": rf.get("/")})

    blog = Category.objects.get(slug="blog")
    blog.name = "Günlük"
    blog.save()

    with django_assert_num_queries(1):
        categories = tags.site_categories({"request": rf.get("/")})
    assert "Günlük" in [category.name for category in categories]


@pytest.mark.django_db
def test_responsive_image_is_lazy_sized_and_described():
    name = default_storage.save(
        "articles/a.jpg", ContentFile(image_bytes(size=(640, 480)))
    )
    field = Article(featured_image=name).featured_image

    lazy = render('{% responsive_image field "A harbour" "50vw" %}', field=field)
    eager = render(
        '{% responsive_image field "A harbour" "100vw" "eager" %}', field=field
    )

    (picture,) = parse(lazy).children
    source, img = picture.children
    assert (picture.tag, source.tag, img.tag) == ("picture", "source", "img")
    assert source["type"] == "image/webp"
    assert source["srcset"].startswith("/media/")
    assert source["sizes"] == "50vw"
    described = {name: img.get(name) for name in ["width", "height", "alt", "loading"]}
    assert described == {
        "width": "640", "height": "480", "alt": "A harbour", "loading": "lazy",
    }  # fmt: skip
    eager_img = parse(eager).find("img")
    assert (eager_img["loading"], eager_img["fetchpriority"]) == ("eager", "high")


@pytest.mark.django_db
def test_responsive_image_escapes_alt_text():
    name = default_storage.save("articles/b.jpg", ContentFile(image_bytes()))
    field = Article(featured_image=name).featured_image

    html = render("{% responsive_image field alt %}", field=field, alt='"><script>')

    assert "<script>" not in html
    assert parse(html).find("img")["alt"] == '"><script>'


def test_responsive_image_without_an_image_is_empty():
    field = Article().featured_image
    assert render('{% responsive_image field "x" %}', field=field) == ""


def chrome(html: str):
    """The page's main navigation and its footer."""
    page = parse(html)
    nav = page.find("nav", class_="site-nav")
    return nav, page.find("footer", class_="site-footer")


@pytest.mark.django_db
def test_site_chrome_follows_a_category_change_at_once(client, settings):
    settings.PAGE_CACHE = False
    article = make_article()
    client.get("/en/")  # the navigation and footer are now remembered

    category = Category.objects.get(slug="yorum")
    category.name = "Commentary"
    category.save()

    for url in ("/en/", article.get_absolute_url()):
        nav, footer = chrome(client.get(url).content.decode())
        assert "Commentary" in nav.text and "Commentary" in footer.text, url
        assert "Yorum" not in nav.text + footer.text, url


@pytest.mark.django_db
def test_navigation_marks_the_current_category_on_its_page_only(client, settings):
    settings.PAGE_CACHE = False
    for url, current in [
        ("/en/", None),
        ("/en/category/analiz/", "Analiz"),
        ("/en/category/yorum/", "Yorum"),
        ("/en/", None),
        ("/en/category/analiz/", "Analiz"),
    ]:
        nav, _footer = chrome(client.get(url).content.decode())
        marked = [link.text.strip() for link in nav.find_all(aria_current="page")]
        assert marked == ([current] if current else []), url


def test_comment_time_shows_the_local_day_and_time_and_the_exact_moment(settings):
    settings.TIME_ZONE = "Europe/Istanbul"
    moment = datetime(2026, 3, 31, 22, 30, 15, 123456, tzinfo=UTC)  # 1 April there
    comment = SimpleNamespace(pk=1, name="Ayşe", created_at=moment, body="Merhaba")

    html = render_to_string("comments/_comment.html", {"comment": comment})

    assertInHTML(
        '<time class="comment__date" datetime="2026-04-01T01:30:15+03:00">'
        "01.04.2026 01:30</time>",
        html,
    )


@pytest.mark.django_db
def test_article_date_is_the_local_day_and_the_moment_to_the_second(client, settings):
    settings.PAGE_CACHE = False
    settings.TIME_ZONE = "Europe/Istanbul"
    moment = datetime(2025, 3, 4, 21, 30, 15, 123456, tzinfo=UTC)  # 5 March there
    article = make_article(published_at=moment)
    make_article(published_at=moment)

    html = client.get(article.get_absolute_url()).content.decode()

    time = '<time datetime="2025-03-05T00:30:15+03:00">05.03.2025</time>'
    assertInHTML(f'<p class="article__date">{time}</p>', html)
    assertInHTML(f'<p class="card__meta">{time}</p>', html)  # a related piece
