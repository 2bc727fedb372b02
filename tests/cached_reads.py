"""Start a test's next request as a first visit: no stored counts or reads."""

from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from publications.pagecache import core


def forget_cached_reads() -> None:
    """Drop list counts and fragments (the caches) and remembered reads."""
    for cache in caches.all():
        cache.clear()
    core.forget_remembered()


def first_visit_queries(client, url: str, data=None) -> int:
    """How many queries a first visit to `url` makes; it must answer 200."""
    forget_cached_reads()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, data)
    assert response.status_code == 200, url
    return len(queries)
