"""Naming what a page shows; purging what a change touches."""

import functools
import logging
import time
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.core.signals import setting_changed
from django.db import transaction
from django.dispatch import receiver
from django.http import QueryDict

from . import versions

logger = logging.getLogger("publications.pagecache")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# Every public page carries this key: purging it throws every page away.
ALL = "all"


@dataclass
class PageState:
    """What the page being rendered shows, and whether it is the same for all."""

    public: bool = False
    query: tuple = ()
    deps: set = field(default_factory=set)
    expires_at: float | None = None


_page: ContextVar[PageState | None] = ContextVar("page_cache_state", default=None)


def start_page() -> tuple[PageState, object]:
    state = PageState()
    return state, _page.set(state)


def end_page(token) -> None:
    _page.reset(token)


def public_page(view=None, *, query: tuple[str, ...] = ()):
    """Mark a view's anonymous GET responses as the same for every reader.

    Such a response may be kept by the page cache and by any shared HTTP
    cache, under the keys the view names with `depend()`. `query` names the
    query parameters the view reads: the others are taken off `request.GET`
    before the view runs, so no page depends on them and caches keep one
    copy whatever else an address carries (`?utm_source=…`).
    For class-based views, decorate `dispatch` with `method_decorator`.
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            state = _page.get()
            if state is not None:
                state.public = True
                state.query = query
            if request.GET.keys() - set(query):
                kept = QueryDict(mutable=True)
                for name in query:
                    if name in request.GET:
                        kept.setlist(name, request.GET.getlist(name))
                request.GET = QueryDict(kept.urlencode())
            return view(request, *args, **kwargs)

        return wrapper

    return decorator if view is None else decorator(view)


def depend(*keys: str) -> None:
    """Record that the page being rendered shows what `keys` name."""
    state = _page.get()
    if state is not None:
        state.deps.update(keys)


def valid_until(moment: datetime) -> None:
    """Keep the page being rendered no later than `moment` (a change by time)."""
    state = _page.get()
    if state is not None:
        stamp = moment.timestamp()
        if state.expires_at is None or stamp < state.expires_at:
            state.expires_at = stamp


def purge(keys) -> None:
    """Throw away every page built from `keys`, now and after commit.

    The page cache's versions are bumped at once and again after commit: a
    page rendered between the first bump and the commit read the old rows;
    the first makes the change visible to code that never commits (tests in
    a transaction). Front caches are purged by a task after commit (see
    `frontends`), so a slow or unreachable one never holds up the change.
    """
    keys = set(keys)
    if not keys:
        return
    _bump_now(keys)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _bump_now(keys))
    from . import frontends

    frontends.purge_after_commit(keys)


def purge_all() -> None:
    """Throw away every cached page (bulk loads, restores).

    The next go-live time is read from the database again too: rows written
    in bulk sent no signal about the articles they schedule.
    """
    purge({ALL})
    try:
        versions.get_store().set_go_live(versions.UNKNOWN)
    except Exception:
        log_failure("Page cache: could not forget the go-live time")


# Bumps that failed (Redis unreachable), tried again by the next request of
# this process, and until then no page is served from the cache here: pages
# stored before the change must not outlive the outage.
_pending: set = set()


def _bump_now(keys) -> None:
    try:
        versions.get_store().bump(keys)
    except Exception:
        _pending.update(keys)
        logger.exception("Page cache: could not bump %s", sorted(keys)[:10])


def retry_pending() -> bool:
    """Bump what failed before; tell whether nothing is left pending."""
    if _pending:
        keys = set(_pending)
        try:
            versions.get_store().bump(keys)
        except Exception:
            log_failure("Page cache: could not bump pending changes")
            return False
        _pending.difference_update(keys)
    return True


def has_pending() -> bool:
    return bool(_pending)


_last_logged: dict = {}
_suspended_until = 0.0
# After a failure the cache is left alone this long: an unreachable Redis
# costs its socket timeout once, not on every request.
SUSPEND_SECONDS = 5


def log_failure(message: str) -> None:
    """Log a cache failure with its traceback, once per 10 s per message.

    A cache that is down fails on every request; one line with the cause
    every few seconds says so without flooding the log.
    """
    global _suspended_until
    now = time.monotonic()
    _suspended_until = now + SUSPEND_SECONDS
    if now - _last_logged.get(message, -60.0) >= 10:
        _last_logged[message] = now
        logger.exception(message)


def suspended() -> bool:
    """Tell whether a recent failure keeps pages from being read or stored."""
    return _suspended_until > time.monotonic()


def reset_failures() -> None:
    """Forget failures and pending bumps (a test switching caches)."""
    global _suspended_until
    _suspended_until = 0.0
    _last_logged.clear()
    _pending.clear()


def next_go_live(now: float) -> int | None:
    """Return when the next scheduled article goes live (µs), None on error.

    Every cached page and count is kept no later than this: then the public
    set of articles changes by itself, with no change to purge. Kept in the
    version store and read from the database again once it has passed.
    """
    if suspended():
        return None
    try:
        store = versions.get_store()
        go_live = store.go_live()
        if go_live == versions.UNKNOWN or go_live <= now * 1_000_000:
            # Set, then read the database again and only lower it: an article
            # scheduled by another process meanwhile is never lost.
            store.set_go_live(_next_go_live_in_database())
            store.set_go_live(_next_go_live_in_database(), only_earlier=True)
            go_live = store.go_live()
        return go_live
    except Exception:
        log_failure("Page cache: could not read the go-live time")
        return None


def note_scheduled(moment: datetime) -> None:
    """Remember that an article goes live at `moment`, now and after commit."""
    stamp = (moment - _EPOCH) // timedelta(microseconds=1)

    def lower():
        try:
            versions.get_store().set_go_live(stamp, only_earlier=True)
        except Exception:
            log_failure("Page cache: could not note a go-live time")

    lower()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lower)


def forget_scheduled() -> None:
    """Start from "nothing scheduled" (a test whose database was rolled back)."""
    versions.get_store().set_go_live(versions.NONE_SCHEDULED)


# Returns when the next scheduled change goes live (an aware datetime) or
# None; registered by the app whose content is scheduled (AppConfig.ready()).
_next_scheduled: Callable[[], datetime | None] = lambda: None  # noqa: E731


def register_schedule(next_scheduled: Callable[[], datetime | None]) -> None:
    """Tell the cache how to find the next moment content goes live by itself."""
    global _next_scheduled
    _next_scheduled = next_scheduled


def _next_go_live_in_database() -> int:
    moment = _next_scheduled()
    if moment is None:
        return versions.NONE_SCHEDULED
    return (moment - _EPOCH) // timedelta(microseconds=1)


def versions_token(keys) -> str | None:
    """Return a string that changes whenever one of `keys` is purged; None on error.

    It changes too when a scheduled article goes live: counts and lists kept
    under it may then hold one article more.
    """
    keys = [ALL, *keys]
    now = time.time()
    go_live = next_go_live(now)
    if go_live is None:
        return None
    try:
        store = versions.get_store()
        current = store.snapshot(store.ids(keys))
    except Exception:
        log_failure("Page cache: could not read versions")
        return None
    return ".".join(str(value) for value in (*current, go_live))


# Values read from the database and kept in this process until one of the
# versions they were read under is bumped: name -> (versions token, value).
_remembered: dict[str, tuple[str, object]] = {}


def remembered(name: str, keys, compute):
    """Return `compute()`, kept in this process until one of `keys` is purged.

    For small, often shown, rarely changed data (the navigation's categories).
    The versions are read before computing: a change committed meanwhile
    leaves the value under a token nobody reads again.
    """
    token = versions_token(keys)
    if token is not None:
        held = _remembered.get(name)
        if held is not None and held[0] == token:
            return held[1]
    value = compute()
    if token is not None:
        _remembered[name] = (token, value)
    return value


@receiver(setting_changed)
def forget_remembered(**kwargs) -> None:
    """Drop every remembered value (tests whose database was rolled back).

    Also when a setting changes: remembered site chrome shows the site's name.
    """
    _remembered.clear()
