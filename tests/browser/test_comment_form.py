"""Readers send comments from a real browser, with and without JavaScript.

The article page carries no CSRF token and no timestamp: with JavaScript the
form fetches both as the reader starts writing and posts in one step; without
it the reader confirms the comment on a page of its own. Other sites can do
neither on a reader's behalf.
"""

import http.server
import threading
import time
import urllib.parse

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from comments.forms import sign_timestamp
from comments.models import Comment
from tests.factories import make_article

from .tools import (
    VIEWPORTS,
    PageProblems,
    format_axe,
    format_vnu,
    save_html,
    take_screenshots,
)

pytestmark = pytest.mark.django_db(transaction=True)

MIN_SECONDS = 1
TITLES = {
    "tr": "Karadeniz'de enerji koridorları",
    "en": "Energy corridors in the Black Sea",
}
BODIES = {
    "tr": "Limanlar konusunda çok açıklayıcı, teşekkürler.\nİkinci bir not.",
    "en": "A clear account of the ports.\nOne more thought.",
}
LOCALES = {"tr": "tr-TR", "en": "en-GB"}


@pytest.fixture(autouse=True)
def _comment_settings(settings):
    settings.COMMENTS_MIN_SECONDS = MIN_SECONDS
    settings.COMMENTS_RATE_LIMIT = "100/10m"
    settings.COMMENTS_CLOSE_AFTER_DAYS = 0
    settings.COMMENTS_AUTO_APPROVE_KNOWN = False


@pytest.fixture
def article():
    return make_article(title=TITLES["tr"], language="tr")


@pytest.fixture
def page_without_javascript(browser, live_server):
    """Open a page in a browser context whose JavaScript is switched off."""
    contexts = []

    def open_page(*, locale: str = "tr-TR"):
        width, height = VIEWPORTS["desktop"]
        context = browser.new_context(
            base_url=live_server.url,
            viewport={"width": width, "height": height},
            locale=locale,
            java_script_enabled=False,
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.problems = PageProblems(page)
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def other_site(live_server):
    """Serve pages from another site on loopback: `other_site.serve(path, html)`.

    The live server answers as localhost; the other site is 127.0.0.1, which
    browsers treat as a different site (SameSite cookies, Sec-Fetch-Site).
    """
    pages: dict[str, bytes] = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = pages.get(self.path)
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    assert urllib.parse.urlsplit(live_server.url).hostname == "localhost"

    class OtherSite:
        url = f"http://127.0.0.1:{server.server_port}"

        @staticmethod
        def serve(path: str, html: str) -> str:
            pages[path] = html.encode()
            return OtherSite.url + path

    yield OtherSite
    server.shutdown()
    server.server_close()


def comment_url(name: str, article) -> str:
    with translation.override(article.language):
        return reverse(f"comments:{name}", args=[article.pk])


def write_comment(page, language: str = "tr"):
    form = page.locator("#comment-form")
    form.locator("[name=name]").fill("Ayşe Yılmaz")
    form.locator("[name=email]").fill("ayse@example.org")
    form.locator("[name=body]").fill(BODIES[language])
    return form


def awaits_moderation(article) -> str:
    with translation.override(article.language):
        return gettext(
            "Thank you. Your comment awaits moderation and will appear "
            "once an editor approves it."
        )


def test_reader_with_javascript_sends_a_comment_in_one_step(new_page, article):
    page = new_page()
    posts = []
    page.on(
        "request",
        lambda request: posts.append(request.url) if request.method == "POST" else 0,
    )
    page.goto(article.get_absolute_url())

    form = write_comment(page)
    # The form posts straight to create once the token and timestamp came.
    expect(form).to_have_attribute("action", comment_url("create", article))
    started = time.monotonic()
    assert form.locator("[name=csrfmiddlewaretoken]").count() == 1
    time.sleep(max(0, MIN_SECONDS + 0.3 - (time.monotonic() - started)))
    form.locator("[type=submit]").click()

    page.wait_for_url(f"**{article.get_absolute_url()}#comments")
    assert page.get_by_text(awaits_moderation(article)).is_visible()
    assert [urllib.parse.urlsplit(url).path for url in posts] == [
        comment_url("create", article)
    ]
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    # Browsers send a textarea's line breaks as CRLF.
    assert comment.body.splitlines() == BODIES["tr"].splitlines()
    assert page.problems.messages == []


def test_form_goes_through_confirmation_when_start_cannot_be_fetched(new_page, article):
    page = new_page()
    page.route("**/start/", lambda route: route.abort())
    page.goto(article.get_absolute_url())

    write_comment(page).locator("[type=submit]").click()

    page.wait_for_url(f"**{comment_url('confirm', article)}")
    expect(page.locator("h1")).to_have_text("Yorumunuzu gözden geçirin")
    assert not Comment.objects.exists()


def test_values_older_than_a_quarter_hour_are_fetched_again_before_sending(
    new_page, article
):
    page = new_page()
    page.clock.install()
    starts = []
    page.on(
        "request",
        lambda request: starts.append(1) if request.url.endswith("/start/") else 0,
    )
    page.goto(article.get_absolute_url())
    form = write_comment(page)
    expect(form).to_have_attribute("action", comment_url("create", article))
    time.sleep(MIN_SECONDS + 0.3)

    page.clock.fast_forward("16:00")
    form.locator("[type=submit]").click()

    page.wait_for_url(f"**{article.get_absolute_url()}#comments")
    assert len(starts) == 2
    assert Comment.objects.get().status == Comment.Status.PENDING


@pytest.mark.parametrize("language", ["tr", "en"])
def test_reader_without_javascript_confirms_and_sends(
    page_without_javascript, language
):
    article = make_article(title=TITLES[language], language=language)
    page = page_without_javascript(locale=LOCALES[language])
    page.goto(article.get_absolute_url())

    write_comment(page, language).locator("[type=submit]").click()

    page.wait_for_url(f"**{comment_url('confirm', article)}")
    with translation.override(language):
        heading = gettext("Check your comment")
        send = gettext("Send comment")
    expect(page.locator("h1")).to_have_text(heading)
    expect(page.locator(".comment-confirm__preview .comment__body")).to_contain_text(
        BODIES[language].splitlines()[0]
    )
    assert not Comment.objects.exists()
    take_screenshots(page, f"comment-confirm-{language}")

    # The minimum time counts from the confirmation page.
    time.sleep(MIN_SECONDS + 0.3)
    page.get_by_role("button", name=send).click()

    page.wait_for_url(f"**{article.get_absolute_url()}#comments")
    assert page.get_by_text(awaits_moderation(article)).is_visible()
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert comment.body.splitlines() == BODIES[language].splitlines()


def test_reader_without_javascript_can_edit_the_comment_before_sending(
    page_without_javascript, article
):
    page = page_without_javascript()
    page.goto(article.get_absolute_url())
    write_comment(page).locator("[type=submit]").click()
    page.wait_for_url(f"**{comment_url('confirm', article)}")

    page.locator("[name=body]").fill("Düzeltilmiş yorum.")
    time.sleep(MIN_SECONDS + 0.3)
    page.get_by_role("button", name="Yorumu gönder").click()

    page.wait_for_url(f"**{article.get_absolute_url()}#comments")
    assert Comment.objects.get().body == "Düzeltilmiş yorum."


@pytest.mark.parametrize("language", ["tr", "en"])
def test_confirmation_page_is_accessible_and_valid_html(
    new_page, axe, html_checker, language
):
    name = f"comment-confirm-{language}"
    article = make_article(title=TITLES[language], language=language)
    page = new_page(locale=LOCALES[language])
    page.route("**/start/", lambda route: route.abort())
    page.goto(article.get_absolute_url())
    with page.expect_response(lambda response: response.request.method == "POST") as (
        answer
    ):
        write_comment(page, language).locator("[type=submit]").click()
    page.wait_for_url(f"**{comment_url('confirm', article)}")
    page.problems.clear()  # the aborted start request
    html = answer.value.text()
    save_html(name, html)

    violations = axe(page, name)
    errors = html_checker.check(name, html)

    assert page.locator("html").get_attribute("lang") == language
    assert not violations, format_axe(violations)
    assert not errors, format_vnu(errors)
    assert page.problems.messages == []


def auto_submitting_form(action: str, fields: dict) -> str:
    inputs = "".join(
        f'<input type="hidden" name="{name}" value="{value}">'
        for name, value in fields.items()
    )
    return (
        f'<!DOCTYPE html><html><body><form method="post" action="{action}">'
        f"{inputs}</form><script>document.forms[0].submit();</script>"
        "</body></html>"
    )


@pytest.mark.parametrize("step", ["confirm", "create"])
def test_another_site_cannot_post_a_comment(
    new_page, live_server, other_site, article, step
):
    page = new_page()
    # A reader of the site, holding its CSRF cookie, visits the other site.
    page.goto(article.get_absolute_url())
    page.locator("#comment-form [name=name]").focus()
    expect(page.locator("#comment-form")).to_have_attribute(
        "action", comment_url("create", article)
    )
    time.sleep(MIN_SECONDS + 0.3)
    target = live_server.url + comment_url(step, article)
    attack = other_site.serve(
        f"/{step}",
        auto_submitting_form(
            target,
            {
                "name": "Ayşe Yılmaz",
                "email": "ayse@example.org",
                "body": "Words the reader never wrote.",
                "website": "",
                "timestamp": sign_timestamp(article.pk),
            },
        ),
    )

    with page.expect_response(
        lambda response: response.request.method == "POST" and response.url == target
    ) as answer:
        page.goto(attack)

    assert answer.value.status == 403
    assert not Comment.objects.exists()
