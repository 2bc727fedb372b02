"""Start a test's next request as a first visit: no stored counts or reads."""

from django.core.cache import cache

from publications.pagecache import core


def forget_cached_reads() -> None:
    """Drop list counts (the cache) and remembered reads (the navigation)."""
    cache.clear()
    core.forget_remembered()
