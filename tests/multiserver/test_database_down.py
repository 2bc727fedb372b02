"""With the database away readers get a styled 503, and /healthz says so."""

import json
import uuid

import pytest

from tests.multiserver.servers import (
    AppServer,
    Browser,
    SiteDatabase,
    build_site,
    free_port,
    on_postgres,
    site_environment,
)

READER_PATHS = [
    "/",
    "/analiz/energy-corridors/",
    "/category/analiz/",
    "/search/?q=corridor",
    "/feeds/rss/",
    "/sitemap.xml",
    # Matches no route: the old-address lookup for 404s needs the database too.
    "/no/such/page/here/",
]


def fresh(path: str) -> str:
    """Add a query no cache can have seen, so the request reaches the database."""
    return f"{path}{'&' if '?' in path else '?'}visit={uuid.uuid4().hex}"


@pytest.fixture(scope="module")
def site_without_database(tmp_path_factory):
    """A site whose PostgreSQL address answers nothing (nothing listens there)."""
    workdir = tmp_path_factory.mktemp("database-down")
    env = site_environment(
        workdir,
        database_url=f"postgres://thinktank@127.0.0.1:{free_port()}/thinktank",
    )
    server = AppServer(env, workdir, "site")
    yield server
    server.stop()


def test_healthz_says_the_database_is_down(site_without_database):
    answer = Browser(site_without_database.base).get("/healthz")

    assert answer.status == 503
    assert json.loads(answer.text) == {
        "status": "error",
        "database": "error",
        "cache": "ok",
    }
    records = site_without_database.log_records()
    failures = [r for r in records if r["logger"] == "publications.views.system"]
    assert failures[-1]["message"].startswith("Health check failed: database: ")
    # Probes come every few seconds during an outage: none may mail ADMINS.
    assert not [r for r in records if r["logger"] == "django.request"]


@pytest.mark.parametrize("path", READER_PATHS)
def test_reader_gets_the_styled_503_page(site_without_database, path):
    answer = Browser(site_without_database.base).get(fresh(path))

    assert answer.status == 503
    assert answer.header("Retry-After") == "30"
    assert "no-store" in answer.header("Cache-Control")
    assert '<html lang="tr">' in answer.text
    assert "<title>Geçici olarak kullanılamıyor</title>" in answer.text
    assert 'href="/static/css/site.css"' in answer.text
    assert "Traceback" not in answer.text
    assert "OperationalError" not in answer.text


def test_english_reader_gets_the_503_page_in_english(site_without_database):
    answer = Browser(site_without_database.base).get(fresh("/en/"))

    assert answer.status == 503
    assert '<html lang="en">' in answer.text
    assert "<title>Temporarily unavailable</title>" in answer.text


def test_outage_is_logged_once_per_request_without_error_reports(
    site_without_database,
):
    marker = uuid.uuid4().hex
    paths = ["/", "/category/analiz/", "/no/such/page/here/"]
    for path in paths:
        Browser(site_without_database.base).get(f"{path}?visit={marker}")

    records = site_without_database.log_records()
    lines = [r for r in records if marker in r.get("path", "")]
    assert [r["path"].split("?")[0] for r in lines] == paths
    assert {r["logger"] for r in lines} == {"config.unavailable"}
    assert {r["level"] for r in lines} == {"ERROR"}
    assert all(r["message"].startswith("Database unavailable: ") for r in lines)
    # A 500 would also be logged by django.request and mailed to ADMINS.
    assert not [r for r in records if r["logger"] == "django.request"]


@pytest.fixture(scope="module")
def site_losing_its_database(tmp_path_factory):
    if not on_postgres():
        pytest.skip(
            "needs PostgreSQL to take a live database away (scripts/with-postgres)"
        )
    workdir = tmp_path_factory.mktemp("database-lost")
    database = SiteDatabase.create(workdir)
    server = None
    try:
        env = site_environment(workdir, database_url=database.url)
        site = build_site(env)
        server = AppServer(env, workdir, "site")
        yield site, database, server
    finally:
        if server:
            server.stop()
        database.allow_connections()
        database.drop()


def test_site_answers_503_while_its_database_is_away_and_recovers(
    site_losing_its_database,
):
    site, database, server = site_losing_its_database
    reader = Browser(server.base)
    # Both workers hold an open connection when the database goes. Other
    # pages than those read during the outage: no cache can answer for it.
    warm = ["/en/", site["author"], "/feeds/rss/"]
    assert [reader.get(fresh(p)).status for p in warm * 2] == [200] * 6
    paths = ["/", site["category"], site["live"]["url"]]

    database.refuse_connections()
    during = [reader.get(fresh(p)) for p in paths * 2]
    health = reader.get("/healthz")
    database.allow_connections()
    after = [reader.get(fresh(p)).status for p in paths * 2]

    assert [answer.status for answer in during] == [503] * 6
    assert all("Geçici olarak kullanılamıyor" in a.text for a in during)
    assert health.status == 503
    assert json.loads(health.text)["database"] == "error"
    assert after == [200] * 6
    assert not [r for r in server.log_records() if r["logger"] == "django.request"]
