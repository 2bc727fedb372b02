"""The site behind Varnish (`make serve-varnish`): pages kept, purged by key.

Debian's varnishd with the VCL of deploy/varnish/, gunicorn and the task
worker, all started by scripts/serve-varnish as an operator would.
"""

import http.client
import time

import pytest

from tests.multiserver.conftest import require_server
from tests.multiserver.servers import (
    Browser,
    SiteDatabase,
    VarnishSite,
    admin_action,
    build_site,
    log_in,
    publish,
    run_python,
    site_environment,
)

# Purges travel through the task queue: the worker looks every 0.2 s.
SHOWS_WITHIN = 10


@pytest.fixture(scope="module")
def varnish_site(tmp_path_factory):
    require_server(
        VarnishSite.binary,
        name="varnishd",
        packages="varnish varnish-modules",
        flag="VARNISH_REQUIRED",
    )
    workdir = tmp_path_factory.mktemp("varnish")
    database = SiteDatabase.create(workdir)
    server = None
    try:
        env = site_environment(workdir, database_url=database.url)
        site = build_site(env)
        server = VarnishSite(env, workdir)
        yield site, server, env
    finally:
        if server is not None:
            server.stop()
        database.drop()


def kept(reader: Browser, path: str):
    """Fetch `path` until Varnish answers it from memory; return that answer."""
    for _ in range(3):
        answer = reader.get(path)
        assert answer.status in (200, 404), (path, answer.status)
        if answer.header("X-Front-Cache") == "hit":
            return answer
    raise AssertionError(f"{path} is not kept by Varnish: {answer.headers}")


def eventually(check, what: str):
    """Return the time `check()` took to become true, failing after SHOWS_WITHIN."""
    start = time.monotonic()
    while time.monotonic() - start < SHOWS_WITHIN:
        if check():
            return time.monotonic() - start
        time.sleep(0.05)
    raise AssertionError(f"{what} did not happen within {SHOWS_WITHIN} s")


def test_every_reader_gets_the_same_kept_page_without_a_cookie(varnish_site):
    site, server, _env = varnish_site
    url = site["live"]["url"]
    first = kept(Browser(server.base), url)
    other = Browser(server.base).get(url)
    tracked = Browser(server.base).get(url + "?utm_source=letter&fbclid=x")

    assert other.header("X-Front-Cache") == "hit"
    assert other.text == first.text
    assert tracked.header("X-Front-Cache") == "hit"
    assert tracked.text == first.text
    for answer in (first, other, tracked):
        assert "set-cookie" not in answer.headers
    assert f"article:{site['live']['pk']}" in first.header("Surrogate-Key").split()
    assert "xkey" not in first.headers


def test_publishing_shows_at_once_on_every_page_it_touches(varnish_site):
    site, server, _env = varnish_site
    draft = site["draft"]
    reader = Browser(server.base)
    pages = [site["category"], "/", site["author"], "/feeds/rss/", "/feeds/atom/"]
    assert reader.get(draft["url"]).status == 404
    for path in pages:
        assert draft["title"] not in kept(reader, path).text, path

    editor = Browser(server.base)
    log_in(editor, **site["editor"])
    publish(editor, draft["pk"])

    eventually(lambda: reader.get(draft["url"]).status == 200, "the article's own page")
    for path in pages:
        eventually(lambda path=path: draft["title"] in reader.get(path).text, path)


def test_a_withdrawn_article_is_never_served_again(varnish_site):
    site, server, _env = varnish_site
    live = site["live"]
    reader = Browser(server.base)
    assert live["title"] in kept(reader, live["url"]).text
    assert live["title"] in kept(reader, site["category"]).text

    editor = Browser(server.base)
    log_in(editor, **site["editor"])
    admin_action(
        editor, "/admin/publications/article/", "withdraw_selected", live["pk"]
    )

    eventually(lambda: reader.get(live["url"]).status == 404, "withdrawal")
    eventually(
        lambda: live["title"] not in reader.get(site["category"]).text,
        "withdrawal from the category",
    )
    for _ in range(5):
        assert reader.get(live["url"]).status == 404


def test_an_approved_comment_shows_at_once(varnish_site):
    site, server, env = varnish_site
    article = site["draft"]
    reader = Browser(server.base)
    editor = Browser(server.base)
    log_in(editor, **site["editor"])
    if reader.get(article["url"]).status == 404:  # not published by an earlier test
        publish(editor, article["pk"])
        eventually(lambda: reader.get(article["url"]).status == 200, "publication")
    comment_pk = run_python(
        env,
        "import json\n"
        "from comments.models import Comment\n"
        f"comment = Comment.objects.create(article_id={article['pk']},"
        " name='Ayşe Yılmaz', email='ayse@example.org',"
        " body='Limanlar üzerine güzel bir yazı.')\n"
        "print(json.dumps(comment.pk))",
    )
    # A pending comment changes nothing: the page is still the kept one.
    assert "Limanlar üzerine" not in kept(reader, article["url"]).text

    admin_action(editor, "/admin/comments/comment/", "approve_selected", comment_pk)

    eventually(
        lambda: "Limanlar üzerine" in reader.get(article["url"]).text,
        "the approved comment",
    )


def test_purges_are_refused_from_other_addresses(varnish_site):
    _site, server, _env = varnish_site
    connection = http.client.HTTPConnection(
        "127.0.0.1", server.port, timeout=10, source_address=("127.0.0.2", 0)
    )
    connection.request("PURGE", "/", headers={"xkey-purge": "all"})
    answer = connection.getresponse()

    assert answer.status == 403
    assert kept(Browser(server.base), "/").status == 200


def test_kept_pages_still_answer_while_the_site_is_down(varnish_site):
    site, server, _env = varnish_site
    reader = Browser(server.base)
    pages = ["/", site["category"], site["author"]]
    for path in pages:
        kept(reader, path)

    server.stop_gunicorn()

    for path in pages:
        answer = reader.get(path)
        assert answer.status == 200, path
        assert answer.header("X-Front-Cache") == "hit", path
    assert reader.get("/search/?q=never-kept").status == 503
