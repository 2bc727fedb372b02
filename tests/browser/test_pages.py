"""Every page type, in both languages: axe-core and the Nu HTML Checker pass.

Each page is also photographed at phone and desktop width; the pictures are
kept under test-artifacts/screenshots/ and listed at the end of the run.
"""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from comments.models import Comment
from tests.factories import make_article, make_author, make_comment, make_image_upload

from .tools import format_axe, format_vnu, save_html, take_screenshots

pytestmark = pytest.mark.django_db(transaction=True)

LANGUAGES = ["tr", "en"]
BROWSER_LOCALES = {"tr": "tr-TR", "en": "en-GB"}
SEARCH_WORDS = {"tr": "enerji", "en": "energy"}


@pytest.fixture
def site():
    """A small bilingual site: an article and its translation, with everything."""
    author = make_author(
        name="Vasif Huseynov",
        role="Senior Fellow",
        photo=make_image_upload("huseynov.jpg", size=(300, 300)),
    )
    turkish = make_article(
        title="Karadeniz'de enerji güvenliği ve bölgesel dengeler",
        summary="Boru hatları, limanlar ve Türkiye'nin rolü üzerine bir analiz.",
        body=(
            "<h2>Boru hatları</h2><p>Bölgenin <strong>kritik</strong> enerji "
            "yolları[[Kaynak: Enerji Bakanlığı, 2020.]] yeniden çiziliyor.</p>"
            "<ul><li>Doğal gaz</li><li>Petrol</li></ul>"
        ),
        language="tr",
        authors=[author],
        tags=["enerji", "Karadeniz"],
        featured_image=make_image_upload("liman.jpg"),
        featured_image_alt="Bir limanda bekleyen tankerler",
        source_name="Geopolitical monitor",
        source_url="https://example.org/black-sea-energy",
        source_published_on=date(2020, 9, 22),
    )
    english = make_article(
        title="Energy security in the Black Sea and the regional balance",
        summary="Pipelines, ports and Türkiye's role in the region.",
        body=(
            "<h2>Pipelines</h2><p>The region's <strong>critical</strong> energy "
            "routes are being redrawn.</p>"
        ),
        language="en",
        authors=[author],
        tags=["energy", "Black Sea"],
        translation_of=turkish,
        featured_image=make_image_upload("port.jpg"),
        featured_image_alt="Tankers waiting in a port",
    )
    for article, name, body in [
        (turkish, "Ayşe Yılmaz", "Çok açıklayıcı bir yazı, teşekkürler."),
        (english, "John Smith", "A clear account of a complicated question."),
    ]:
        make_comment(
            article=article, name=name, body=body, status=Comment.Status.APPROVED
        )
    older = timezone.now() - timezone.timedelta(days=40)
    for language in LANGUAGES:
        make_article(language=language, published_at=older, authors=[author])
    return {"tr": turkish, "en": english, "author": author}


def page_url(site, page_type: str, language: str) -> str:
    article = site[language]
    tag = article.tags.order_by("name").first()
    with translation.override(language):
        urls = {
            "home": lambda: reverse("publications:home"),
            "category": lambda: reverse(
                "publications:category-detail", kwargs={"slug": "analiz"}
            ),
            "author": lambda: reverse(
                "publications:author-detail", kwargs={"slug": site["author"].slug}
            ),
            "tag": lambda: reverse(
                "publications:tag-detail", kwargs={"slug": tag.slug}
            ),
            "archive": lambda: reverse(
                "publications:archive-year",
                kwargs={"year": article.published_at.year},
            ),
            "article": article.get_absolute_url,
            "search": lambda: (
                reverse("publications:search") + f"?q={SEARCH_WORDS[language]}"
            ),
            "not-found": lambda: reverse("publications:home") + "no-such-page/",
        }
        return urls[page_type]()


PAGE_TYPES = [
    "home",
    "category",
    "author",
    "tag",
    "archive",
    "article",
    "search",
    "not-found",
]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_page_is_accessible_and_valid_html(
    new_page, site, axe, html_checker, page_type, language
):
    name = f"{page_type}-{language}"
    page = new_page(locale=BROWSER_LOCALES[language])
    response = page.goto(page_url(site, page_type, language))
    expected_status = 404 if page_type == "not-found" else 200
    assert response.status == expected_status
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == language
    html = response.text()
    save_html(name, html)
    take_screenshots(page, name)

    violations = axe(page, name)
    errors = html_checker.check(name, html)
    # A 404 page reports its own status in the console; anything else counts.
    problems = [
        message
        for message in page.problems.messages
        if not (page_type == "not-found" and "404" in message)
    ]
    report = {
        f"axe-core violations on {name}": format_axe(violations),
        f"Nu HTML Checker errors on {name}": format_vnu(errors),
        f"Browser console on {name}": "\n".join(problems),
    }
    assert not any(report.values()), "\n\n".join(
        f"{title}:\n{text}" for title, text in report.items() if text
    )


def test_admin_login_page_is_valid_html(new_page, html_checker):
    page = new_page()
    response = page.goto(reverse("admin:login"))
    assert response.status == 200
    take_screenshots(page, "admin-login")
    html = response.text()
    save_html("admin-login", html)
    errors = html_checker.check("admin-login", html)
    assert not errors, format_vnu(errors)


@pytest.mark.parametrize("language", LANGUAGES)
def test_refused_form_page_is_accessible_and_valid_html(
    new_page, site, axe, html_checker, language
):
    name = f"form-refused-{language}"
    page = new_page(locale=BROWSER_LOCALES[language])
    page.goto(site[language].get_absolute_url())
    page.wait_for_load_state("networkidle")
    # A form sent without its token, as after a cleared cookie: Django refuses it.
    with page.expect_navigation() as navigation:
        page.evaluate(
            """() => {
              const form = document.getElementById("comment-form");
              form.action = form.dataset.createUrl;
              form.submit();
            }"""
        )
    response = navigation.value
    assert response.status == 403
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == language
    html = response.text()
    save_html(name, html)
    take_screenshots(page, name)

    violations = axe(page, name)
    errors = html_checker.check(name, html)
    problems = [m for m in page.problems.messages if "403" not in m]
    assert not (violations or errors or problems), "\n\n".join(
        [format_axe(violations), format_vnu(errors), "\n".join(problems)]
    )
