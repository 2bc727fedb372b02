import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_user
from tests.markup import parse


def _inline_code(html: str, *, data_types: set[str]) -> list[str]:
    """What a policy without 'unsafe-inline' would block: inline scripts and styles.

    A script without `src` is inline code unless its type says it is data.
    """
    page = parse(html)
    return (
        [
            f"<script {script.attrs}>"
            for script in page.find_all("script")
            if "src" not in script.attrs and script.get("type") not in data_types
        ]
        + [
            f"<{element.tag} style>"
            for element in page.iter()
            if "style" in element.attrs
        ]
        + ["<style>" for _ in page.find_all("style")]
    )


def _directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part)
    }


@pytest.mark.django_db
def test_pages_carry_a_policy_without_unsafe_inline(client):
    response = client.get(reverse("admin:login"))

    directives = _directives(response)
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert directives["default-src"] == ["'self'"]
    assert directives["img-src"] == ["'self'", "data:"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]


@pytest.mark.django_db
def test_public_page_policy_carries_no_nonce(client):
    response = client.get("/no-such-page/at-all/here/")

    assert response.status_code == 404
    assert "nonce-" not in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_every_response_carries_the_hardening_headers(client):
    response = client.get(reverse("admin:login"))

    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    permissions = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment"):
        assert f"{feature}=()" in permissions


@pytest.mark.django_db
def test_hsts_is_sent_over_https_when_configured(client, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True

    secure = client.get(reverse("admin:login"), secure=True)
    plain = client.get(reverse("admin:login"))

    assert secure["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )
    assert "Strict-Transport-Security" not in plain


@pytest.mark.django_db
def test_plain_http_is_redirected_to_https_except_the_health_check(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    page = client.get("/en/")
    health = client.get("/healthz")

    assert page.status_code == 301
    assert page["Location"] == "https://testserver/en/"
    assert health.status_code != 301


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_secure_and_http_only(client, settings):
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    make_user(username="ayse", password="a long and good passphrase", is_staff=True)

    login_page = client.get(reverse("admin:login"), secure=True)
    response = client.post(
        reverse("admin:login"),
        {"username": "ayse", "password": "a long and good passphrase"},
        secure=True,
    )

    assert response.status_code == 302
    csrf = login_page.cookies["csrftoken"]
    session = response.cookies["sessionid"]
    for cookie in (csrf, session):
        assert cookie["secure"] is True
        assert cookie["httponly"] is True
        assert cookie["samesite"] == "Lax"


@pytest.mark.django_db
def test_admin_login_page_has_no_inline_script_or_style(client):
    html = client.get(reverse("admin:login")).content.decode()

    assert _inline_code(html, data_types={"application/json"}) == []
    assert "<style" not in html


@pytest.mark.django_db
def test_article_editor_import_map_runs_under_the_policy(editor_client):
    response = editor_client.get(reverse("admin:publications_article_add"))

    assert response.status_code == 200
    nonce = parse(response.content).find("script", type="importmap").get("nonce")
    assert nonce, "the editor's import map has no nonce"
    assert f"'nonce-{nonce}'" in _directives(response)["script-src"]


@pytest.mark.django_db
def test_editor_style_blocks_are_allowed_by_hash_on_editor_pages_only(
    editor_client, client
):
    from config.security import editor_style_hashes

    editor_page = editor_client.get(reverse("admin:publications_article_add"))
    public_page = Client().get("/en/")

    # ProseMirror's base rules and the invisible-character rules.
    assert len(editor_style_hashes()) == 2
    style_src = _directives(editor_page)["style-src"]
    assert style_src == ["'self'", *editor_style_hashes()]
    assert _directives(public_page)["style-src"] == ["'self'"]


@pytest.mark.django_db
def test_each_request_gets_a_fresh_nonce(editor_client):
    url = reverse("admin:publications_article_add")

    first = _directives(editor_client.get(url))["script-src"]
    second = _directives(editor_client.get(url))["script-src"]

    assert first != second


@pytest.mark.django_db
def test_public_pages_have_nothing_inline_for_the_policy_to_block(client):
    from tests.factories import make_article, make_author, make_comment

    author = make_author()
    article = make_article(authors=[author], tags=["energy"])
    make_comment(article=article, status="approved")
    urls = [
        "/", "/en/", article.get_absolute_url(), "/category/analiz/",
        author.get_absolute_url(), "/en/tag/energy/", "/en/search/?q=energy",
        "/en/no-such-page/at-all/", "/en/search/?q=%00",
    ]  # fmt: skip

    for url in urls:
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code in {200, 400, 404}, url
        data_types = {"application/json", "application/ld+json"}
        assert _inline_code(html, data_types=data_types) == [], url
        assert "<style" not in html.lower(), url
        assert "'unsafe-inline'" not in response["Content-Security-Policy"], url
