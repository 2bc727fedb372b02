"""Where page-cache versions live, the WSGI layer in front of Django, Redis."""

import io
import os
import shutil
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from wsgiref.util import setup_testing_defaults

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from django.utils import timezone

from publications.pagecache.versions import FileVersions, get_store
from tests.factories import make_article, make_author

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _pages(settings):
    settings.PAGE_CACHE = True


# Versions shared by the processes of one machine ----------------------------

CHILD = """
import sys
from publications.pagecache.versions import FileVersions
store = FileVersions(sys.argv[1])
action, keys = sys.argv[2], sys.argv[3:]
if action == "bump":
    for _ in range(int(keys.pop(0))):
        store.bump(keys)
else:
    print(" ".join(str(v) for v in store.read(store.ids(keys))))
"""


def in_other_process(path, *args) -> str:
    env = os.environ | {"DJANGO_SETTINGS_MODULE": "config.settings"}
    code = "import django; django.setup()\n" + CHILD
    result = subprocess.run(
        [sys.executable, "-c", code, str(path), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip()


def test_a_bump_in_one_process_is_seen_by_another_at_once(tmp_path):
    path = tmp_path / "versions"
    store = FileVersions(path)
    ids = store.ids(["article:7", "article:8"])
    before = store.read(ids)

    in_other_process(path, "bump", "1", "article:7")
    assert store.read(ids) == [before[0] + 1, before[1]]

    store.bump(["article:8"])
    seen = in_other_process(path, "read", "article:7", "article:8")
    assert seen == f"{before[0] + 1} {before[1] + 1}"


def test_concurrent_bumps_from_several_processes_are_never_lost(tmp_path):
    path = tmp_path / "versions"
    store = FileVersions(path)
    env = os.environ | {"DJANGO_SETTINGS_MODULE": "config.settings"}
    code = "import django; django.setup()\n" + CHILD
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", code, str(path), "bump", "300", "nav"],
            cwd=ROOT,
            env=env,
        )
        for _ in range(4)
    ]
    assert [worker.wait(timeout=120) for worker in workers] == [0, 0, 0, 0]

    assert store.read(store.ids(["nav"])) == [1200]


def test_every_article_author_tag_and_list_has_a_counter_of_its_own(tmp_path):
    store = FileVersions(tmp_path / "versions")
    keys = [
        *(f"article:{pk}" for pk in range(1, 2000)),
        *(f"author:{pk}" for pk in range(1, 300)),
        *(f"tag:{pk}" for pk in range(1, 300)),
        *(f"{kind}:{pk}" for kind in ("author-list", "tag-list") for pk in (1, 2)),
        *(f"category-list:{pk}:{lang}" for pk in (1, 2, 3) for lang in ("tr", "en")),
        "list:tr",
        "list:en",
        "nav",
        "site",
        "all",
        "article:4000000",
    ]

    assert len(set(store.ids(keys))) == len(keys)


# The WSGI layer -------------------------------------------------------------


@contextmanager
def same_database_connection():
    """Keep the test's transaction open across a WSGI request, as Client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def wsgi(path, method="GET", **headers):
    from config.wsgi import application

    environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "wsgi.input": io.BytesIO()}
    environ |= {f"HTTP_{name}": value for name, value in headers.items()}
    setup_testing_defaults(environ)
    environ["HTTP_HOST"] = "testserver"
    answer = {}

    def start_response(status, response_headers, exc_info=None):
        answer["status"] = status
        answer["headers"] = response_headers

    with same_database_connection():
        chunks = application(environ, start_response)
        body = b"".join(chunks)
        if hasattr(chunks, "close"):
            chunks.close()
    headers = {}
    for name, value in answer["headers"]:
        headers.setdefault(name.lower(), []).append(value)
    return answer["status"], headers, body


@pytest.mark.django_db
def test_wsgi_layer_serves_a_stored_page_without_queries(
    django_assert_num_queries,
):
    article = make_article(title="Served by WSGI", authors=[make_author()])
    url = article.get_absolute_url()
    status, headers, body = wsgi(url)
    assert status == "200 OK"
    assert headers["x-cache"] == ["miss"]

    with django_assert_num_queries(0):
        status, headers, body = wsgi(url)

    assert status == "200 OK"
    assert headers["x-cache"] == ["hit"]
    assert b"Served by WSGI" in body
    assert headers["content-length"] == [str(len(body))]
    assert "content-security-policy" in headers
    assert "set-cookie" not in headers
    assert {"all", "nav", f"article:{article.pk}"} <= set(
        headers["surrogate-key"][0].split()
    )
    assert "s-maxage=" in headers["cache-control"][0]


@pytest.mark.django_db
def test_wsgi_layer_says_how_long_ago_a_page_was_stored(time_machine):
    article = make_article(title="Aged")
    url = article.get_absolute_url()
    time_machine.move_to(timezone.now(), tick=False)
    wsgi(url)

    time_machine.shift(120)
    _status, headers, _body = wsgi(url)

    assert headers["x-cache"] == ["hit"]
    assert headers["age"] == ["120"]


@pytest.mark.django_db
def test_wsgi_layer_answers_304_and_head_without_a_body(django_assert_num_queries):
    article = make_article(title="Conditional")
    url = article.get_absolute_url()
    wsgi(url)
    _status, headers, _body = wsgi(url)

    with django_assert_num_queries(0):
        status, again, body = wsgi(url, IF_NONE_MATCH=headers["etag"][0])
        head_status, head_headers, head_body = wsgi(url, method="HEAD")

    assert status == "304 Not Modified"
    assert body == b""
    assert again["etag"] == headers["etag"]
    assert head_status == "200 OK"
    assert head_body == b""
    assert head_headers["x-cache"] == ["hit"]


@pytest.mark.django_db
def test_wsgi_layer_leaves_signed_in_staff_to_django(editor, django_assert_num_queries):
    article = make_article(title="Staff view")
    url = article.get_absolute_url()
    wsgi(url)
    staff = Client()
    staff.force_login(editor)
    session = staff.cookies["sessionid"].value

    status, headers, body = wsgi(url, COOKIE=f"sessionid={session}")

    assert status == "200 OK"
    assert "x-cache" not in headers


# Redis ----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    binary = shutil.which("redis-server")
    if not binary:
        pytest.skip("redis-server is not installed")
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", str(tmp_path_factory.mktemp("redis"))],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(timeout=30)


def redis_cache(url: str) -> dict:
    from django.conf import settings

    return {
        "fragments": settings.CACHES["fragments"],
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
                "IGNORE_EXCEPTIONS": True,
            },
            "KEY_PREFIX": f"test-{os.getpid()}",
        },
    }


@pytest.mark.django_db
def test_with_redis_pages_and_versions_are_shared(
    settings, redis_url, django_assert_num_queries
):
    settings.CACHES = redis_cache(redis_url)
    from django.core.cache import cache

    cache.clear()
    assert type(get_store()).__name__ == "RedisVersions"
    article = make_article(title="Stored in Redis")
    url = article.get_absolute_url()
    client = Client()
    assert client.get(url)["X-Cache"] == "miss"
    with django_assert_num_queries(0):
        assert client.get(url)["X-Cache"] == "hit"

    article.title = "Changed in Redis"
    article.save()

    response = client.get(url)
    assert response["X-Cache"] == "miss"
    assert "Changed in Redis" in response.content.decode()
    cache.clear()


@pytest.mark.django_db
def test_redis_down_is_logged_and_pages_are_served(settings, caplog):
    settings.CACHES = redis_cache(f"redis://127.0.0.1:{free_port()}/0")
    article = make_article(title="Served without Redis")
    client = Client()

    for _ in range(2):
        response = client.get(article.get_absolute_url())
        assert response.status_code == 200
        assert "Served without Redis" in response.content.decode()

    logged = [r for r in caplog.records if r.name == "publications.pagecache"]
    assert logged
    assert all(r.exc_info for r in logged)


@pytest.mark.django_db
def test_publish_while_redis_is_down_is_not_an_error(settings, caplog):
    settings.CACHES = redis_cache(f"redis://127.0.0.1:{free_port()}/0")

    article = make_article(title="Saved anyway")

    assert article.pk
    assert any("could not bump" in r.getMessage() for r in caplog.records)


@pytest.mark.django_db
def test_a_change_made_while_redis_was_unreachable_shows_once_it_is_back(
    settings, redis_url
):
    reachable = redis_cache(redis_url)
    settings.CACHES = reachable
    from django.core.cache import cache

    cache.clear()
    article = make_article(title="Before the outage")
    client = Client()
    client.get(article.get_absolute_url())
    assert client.get(article.get_absolute_url())["X-Cache"] == "hit"

    # The same Redis, out of reach for a while: the bump fails.
    settings.CACHES = redis_cache(f"redis://127.0.0.1:{free_port()}/0")
    article.title = "During the outage"
    article.save()
    settings.CACHES = reachable

    # The stored page is still in Redis, its versions never bumped: the
    # failed bump is made again before anything is served from the cache.
    response = client.get(article.get_absolute_url())
    assert "During the outage" in response.content.decode()
    assert client.get(article.get_absolute_url())["X-Cache"] == "hit"
    cache.clear()
