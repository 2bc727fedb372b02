"""Two app servers behind one PostgreSQL and one Redis act as one site."""

import time

import pytest

from tests.multiserver.servers import (
    AppServer,
    Browser,
    SiteDatabase,
    build_site,
    comment_form,
    log_in,
    on_postgres,
    publish,
    site_environment,
)

RATE_LIMIT = 3
MIN_SECONDS = 1


@pytest.fixture(scope="module")
def two_servers(redis_server, tmp_path_factory):
    if not on_postgres():
        pytest.skip(
            "needs PostgreSQL: app servers on several machines cannot share "
            "an SQLite file (run under scripts/with-postgres)"
        )
    workdir = tmp_path_factory.mktemp("two-servers")
    database = SiteDatabase.create(workdir)
    servers = []
    try:
        env = site_environment(
            workdir,
            database_url=database.url,
            REDIS_URL=redis_server.url,
            COMMENTS_RATE_LIMIT=f"{RATE_LIMIT}/10m",
            COMMENTS_MIN_SECONDS=MIN_SECONDS,
        )
        site = build_site(env)
        # Same database, same Redis, same SECRET_KEY: what a load balancer needs.
        servers.append(AppServer(env, workdir, "a"))
        servers.append(AppServer(env, workdir, "b"))
        yield site, servers[0], servers[1]
    finally:
        for server in servers:
            server.stop()
        database.drop()


def test_publish_through_one_server_shows_at_once_through_the_other(two_servers):
    site, server_a, server_b = two_servers
    draft = site["draft"]
    reader = Browser(server_b.base)
    # Read every page first, so whatever either server caches is warm.
    for _ in range(2):
        assert reader.get(draft["url"]).status == 404
        for path in ["/", site["category"]]:
            page = reader.get(path)
            assert page.status == 200
            assert site["live"]["title"] in page.text
            assert draft["title"] not in page.text

    editor = Browser(server_a.base)
    log_in(editor, **site["editor"])
    publish(editor, draft["pk"])

    article = reader.get(draft["url"])
    assert article.status == 200
    assert draft["title"] in article.text
    for path in ["/", site["category"]]:
        assert draft["title"] in reader.get(path).text, path


def test_comment_rate_limit_counts_across_both_servers(two_servers):
    site, server_a, server_b = two_servers
    article = site["live"]["url"]
    reader = Browser(server_a.base)
    page = reader.get(article)
    assert page.status == 200
    form = comment_form(reader, page.text)
    time.sleep(MIN_SECONDS + 0.2)

    statuses = []
    for n in range(RATE_LIMIT + 2):
        # One reader, one address, alternating servers as a load balancer does.
        server = (server_a, server_b)[n % 2]
        answer = reader.at(server.base).post(
            form["action"],
            {
                "csrfmiddlewaretoken": form["csrfmiddlewaretoken"],
                "timestamp": form["timestamp"],
                "website": "",
                "name": f"Reader {n}",
                "email": f"reader-{n}@example.org",
                "body": f"A considered reply to the argument, number {n}.",
            },
            referer=article,
        )
        statuses.append(answer.status)

    # Alone, neither server has seen more than the limit; together they have.
    assert statuses == [303] * RATE_LIMIT + [429, 429]
