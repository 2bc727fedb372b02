"""With Redis gone the site keeps serving; only speed and /healthz notice."""

import json
import time

import pytest

from tests.multiserver.conftest import require_redis_server
from tests.multiserver.servers import (
    AppServer,
    Browser,
    RedisServer,
    SiteDatabase,
    build_site,
    comment_form,
    log_in,
    publish,
    site_environment,
)

RATE_LIMIT = 2
MIN_SECONDS = 1


@pytest.fixture(scope="module")
def site_without_redis(tmp_path_factory):
    """A site that ran with Redis, whose Redis was then killed."""
    require_redis_server()
    workdir = tmp_path_factory.mktemp("redis-down")
    database = SiteDatabase.create(workdir)
    redis = RedisServer(workdir)
    server = None
    try:
        env = site_environment(
            workdir,
            database_url=database.url,
            REDIS_URL=redis.url,
            COMMENTS_RATE_LIMIT=f"{RATE_LIMIT}/10m",
            COMMENTS_MIN_SECONDS=MIN_SECONDS,
        )
        site = build_site(env)
        server = AppServer(env, workdir, "site")
        reader = Browser(server.base)
        # Served and cached while Redis was up.
        for path in public_paths(site):
            assert reader.get(path).status == 200, path
        assert reader.get("/healthz").status == 200
        redis.kill()
        yield site, server
    finally:
        if server:
            server.stop()
        redis.stop()
        database.drop()


def public_paths(site) -> list[str]:
    article = site["live"]["url"]
    return [
        "/",
        "/en/",
        article,
        article + "pdf/",
        site["category"],
        site["author"],
        "/tag/energy/",
        "/search/?q=corridor",
        "/feeds/rss/",
        "/feeds/atom/",
        "/sitemap.xml",
        "/robots.txt",
    ]


def test_every_public_page_answers_while_redis_is_down(site_without_redis):
    site, server = site_without_redis
    reader = Browser(server.base)

    statuses = {path: reader.get(path).status for path in public_paths(site)}

    assert statuses == dict.fromkeys(public_paths(site), 200)
    assert site["live"]["title"] in reader.get(site["live"]["url"]).text


def test_cache_errors_are_logged_and_never_raised(site_without_redis):
    site, server = site_without_redis

    assert Browser(server.base).get(site["category"]).status == 200

    records = server.log_records()
    ignored = [r for r in records if r["logger"] == "django_redis.cache"]
    assert ignored, "no cache error was logged"
    assert ignored[-1]["level"] == "ERROR"
    assert ignored[-1]["message"] == "Exception ignored"
    assert "Connection refused" in ignored[-1]["exception"]
    assert not [r for r in records if r["logger"] == "django.request"]


def test_healthz_says_the_cache_is_down(site_without_redis):
    site, server = site_without_redis

    answer = Browser(server.base).get("/healthz")

    assert answer.status == 503
    assert answer.header("Content-Type") == "application/json"
    assert json.loads(answer.text) == {
        "status": "error",
        "database": "ok",
        "cache": "error",
    }


def test_comments_are_taken_and_still_rate_limited_while_redis_is_down(
    site_without_redis,
):
    """Without the cache, the limit counts the comments stored in the database."""
    site, server = site_without_redis
    article = site["live"]["url"]
    reader = Browser(server.base)
    form = comment_form(reader, reader.get(article).text)
    time.sleep(MIN_SECONDS + 0.2)

    statuses = []
    for n in range(RATE_LIMIT + 1):
        answer = reader.post(
            form["action"],
            {
                "csrfmiddlewaretoken": form["csrfmiddlewaretoken"],
                "timestamp": form["timestamp"],
                "website": "",
                "name": f"Reader {n}",
                "email": f"outage-{n}@example.org",
                "body": f"Posted while the cache is away, number {n}.",
            },
            referer=article,
        )
        statuses.append(answer.status)

    assert statuses == [303] * RATE_LIMIT + [429]
    warnings = [
        r["message"]
        for r in server.log_records()
        if r["logger"] == "comments.services" and r["level"] == "WARNING"
    ]
    assert "Comment rate limit counted in the database: no cache" in warnings


def test_editor_publishes_while_redis_is_down(site_without_redis):
    site, server = site_without_redis
    draft = site["draft"]
    editor = Browser(server.base)

    log_in(editor, **site["editor"])
    publish(editor, draft["pk"])

    reader = Browser(server.base)
    assert draft["title"] in reader.get(draft["url"]).text
    assert draft["title"] in reader.get(site["category"]).text
