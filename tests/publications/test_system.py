import json

import pytest
from django.db import DatabaseError
from django.test import override_settings

from publications.views import system


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.text.splitlines()
    assert "User-agent: *" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_robots_txt_keeps_crawlers_out_of_search_results(client):
    lines = client.get("/robots.txt").text.splitlines()

    assert "Disallow: /search/" in lines
    assert "Disallow: /en/search/" in lines


def test_robots_txt_does_not_reveal_the_admin_address(client, settings):
    assert settings.ADMIN_PATH not in client.get("/robots.txt").text


@pytest.mark.django_db
def test_healthz_reports_healthy_database_and_cache(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


@pytest.mark.django_db
def test_healthz_is_never_cached(client):
    response = client.get("/healthz")

    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_fails(client, monkeypatch):
    class BrokenConnection:
        def cursor(self):
            raise DatabaseError("connection refused")

    monkeypatch.setattr(system, "connection", BrokenConnection())

    response = client.get("/healthz")

    assert response.status_code == 503
    assert json.loads(response.content) == {
        "status": "error",
        "database": "error",
        "cache": "ok",
    }


@pytest.mark.django_db
def test_healthz_is_503_when_the_cache_keeps_nothing(client):
    dummy = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    with override_settings(CACHES=dummy):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "ok", "cache": "error"}


@pytest.mark.django_db
def test_healthz_answers_on_plain_http_when_https_is_enforced(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/healthz").status_code == 200


def test_healthz_refuses_post(client):
    assert client.post("/healthz").status_code == 405


def test_static_files_are_served_under_hashed_compressed_names(settings, tmp_path):
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.core.management import call_command
    from django.templatetags.static import static

    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = settings.STORAGES | {
        "staticfiles": {"BACKEND": "config.static.StaticFilesStorage"}
    }
    call_command("collectstatic", "--noinput", verbosity=0)
    staticfiles_storage._setup()  # read the manifest collectstatic wrote

    url = static("css/site.css")
    assert url.startswith("/static/css/site.") and url.endswith(".css")
    assert url != "/static/css/site.css"  # the hash names this version
    assert static("css/site.css") == url
    hashed = settings.STATIC_ROOT / url.removeprefix("/static/")
    assert hashed.exists() and hashed.with_name(hashed.name + ".gz").exists()
    with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
        static("css/no-such-file.css")
