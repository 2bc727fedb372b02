"""Front caches purged by key: queued after commit, sent, retried."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from publications import cache_keys
from publications.editorial.workflow import apply_transition
from publications.models import Article
from publications.pagecache import frontends
from tests.factories import make_article, make_author

pytestmark = pytest.mark.django_db

TASK = "publications.pagecache.frontends.purge_front_caches"


class PurgeRecorder(BaseHTTPRequestHandler):
    """Answers PURGE as Varnish's VCL does, and remembers the keys."""

    def do_PURGE(self):  # noqa: N802 (the HTTP method's name)
        self.server.purged.append(self.headers["xkey-purge"].split())
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def varnish(settings):
    """A loopback server taking purges, configured as the site's front cache."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), PurgeRecorder)
    server.purged = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.FRONT_CACHES = {
        "varnish": {
            "BACKEND": "publications.pagecache.frontends.VarnishBackend",
            "LOCATIONS": [f"http://127.0.0.1:{server.server_port}"],
        }
    }
    yield server
    server.shutdown()
    server.server_close()


def queued_purges() -> list[dict]:
    tasks = DBTaskResult.objects.filter(task_path=TASK).order_by("enqueued_at")
    return [task.args_kwargs["kwargs"] for task in tasks]


def test_publishing_queues_a_purge_of_what_it_touches_after_commit(
    varnish, editor, django_capture_on_commit_callbacks
):
    author = make_author()
    article = make_article(status=Article.Status.DRAFT, authors=[author])
    DBTaskResult.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        apply_transition(article, Article.Status.PUBLISHED, user=editor)
        assert queued_purges() == []
    for callback in callbacks:
        callback()

    keys = set().union(*(purge["keys"] for purge in queued_purges()))
    assert {
        cache_keys.article(article.pk),
        cache_keys.language_list(article.language),
        cache_keys.category_list(article.category_id, article.language),
        cache_keys.author_list(author.pk),
        cache_keys.SITE,
    } <= keys


def test_editing_a_draft_queues_nothing(varnish, django_capture_on_commit_callbacks):
    article = make_article(status=Article.Status.DRAFT)
    DBTaskResult.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=True):
        article.title = "Still a draft"
        article.save()

    assert queued_purges() == []


def test_without_front_caches_nothing_is_queued(
    settings, django_capture_on_commit_callbacks
):
    settings.FRONT_CACHES = {}
    with django_capture_on_commit_callbacks(execute=True):
        make_article()

    assert queued_purges() == []


def test_the_task_sends_the_keys_to_every_location(varnish):
    frontends.purge_front_caches.call(keys=["article:7", "list:tr"])

    assert varnish.purged == [["article:7", "list:tr"]]


def test_a_failed_purge_is_queued_again_later(settings):
    settings.FRONT_CACHES = {
        "varnish": {
            "BACKEND": "publications.pagecache.frontends.VarnishBackend",
            # Nothing listens on the discard port.
            "LOCATIONS": ["http://127.0.0.1:9"],
            "TIMEOUT": 1,
        }
    }

    frontends.purge_front_caches.call(keys=["article:7"])

    (retry,) = DBTaskResult.objects.filter(task_path=TASK)
    assert retry.args_kwargs["kwargs"] == {
        "keys": ["article:7"],
        "names": ["varnish"],
        "attempt": 2,
    }
    assert retry.run_after > timezone.now()


def test_a_purge_failing_every_time_is_given_up_with_an_error(settings, caplog):
    settings.FRONT_CACHES = {
        "varnish": {
            "BACKEND": "publications.pagecache.frontends.VarnishBackend",
            "LOCATIONS": ["http://127.0.0.1:9"],
            "TIMEOUT": 1,
        }
    }

    with pytest.raises(RuntimeError):
        frontends.purge_front_caches.call(
            keys=["article:7"], attempt=frontends.MAX_ATTEMPTS
        )

    assert not DBTaskResult.objects.filter(task_path=TASK).exists()
    assert "gave up purging" in caplog.text
