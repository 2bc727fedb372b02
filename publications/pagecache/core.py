"""Collecting a page's dependencies, bumping versions, releasing scheduled articles."""

import functools
import logging
import time
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.core.signals import setting_changed
from django.db import transaction
from django.dispatch import receiver

from . import versions

logger = logging.getLogger("publications.pagecache")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass
class PageState:
    """What the page being rendered depends on, and whether it may be stored."""

    cacheable: bool = False
    deps: set = field(default_factory=set)
    expires_at: float | None = None


_page: ContextVar[PageState | None] = ContextVar("page_cache_state", default=None)


def start_page() -> tuple[PageState, object]:
    state = PageState()
    return state, _page.set(state)


def end_page(token) -> None:
    _page.reset(token)


def cached_page(view):
    """Let anonymous GET responses of `view` be stored in the page cache."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        state = _page.get()
        if state is not None:
            state.cacheable = True
        return view(*args, **kwargs)

    return wrapper


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


def bump(keys) -> None:
    """Mark everything built from `keys` out of date, now and after commit.

    The bump after commit is the one that counts: a page rendered between
    the first bump and the commit read the old rows. The immediate one makes
    the change visible to code that never commits (tests in a transaction).
    """
    keys = set(keys)
    if not keys:
        return
    _bump_now(keys)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _bump_now(keys))


def bump_all() -> None:
    """Mark every cached page and count out of date (bulk loads, restores).

    The next go-live time is read from the database again too: rows written
    in bulk sent no signal about the articles they schedule.
    """
    bump({"all"})
    notice_scheduled()


_noticed = False


def notice_scheduled(*, once: bool = False) -> None:
    """Make the next go-live time no later than the database's next one.

    With `once`, only the first time in this process: rows written in bulk
    while no server ran sent no signal about the articles they schedule.
    """
    global _noticed
    from publications.models import Article

    if once and _noticed:
        return
    _noticed = True
    try:
        versions.get_store().set_go_live(_next_go_live(Article), only_earlier=True)
    except Exception:
        log_failure("Page cache: could not note a go-live time")


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


def forget_scheduled() -> None:
    """Start from "nothing scheduled" (a test whose database was rolled back)."""
    global _noticed
    _noticed = True
    versions.get_store().set_go_live(versions.NONE_SCHEDULED)


def versions_token(keys) -> str | None:
    """Return a string that changes whenever one of `keys` is bumped; None on error."""
    keys = ["all", *keys]
    if suspended():
        return None
    try:
        store = versions.get_store()
        return ".".join(str(value) for value in store.snapshot(store.ids(keys)))
    except Exception:
        log_failure("Page cache: could not read versions")
        return None


# Values read from the database and kept in this process until one of the
# versions they were read under is bumped: name -> (versions token, value).
_remembered: dict[str, tuple[str, object]] = {}


def remembered(name: str, keys, compute):
    """Return `compute()`, kept in this process until one of `keys` is bumped.

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


def note_scheduled(moment: datetime) -> None:
    """Remember that an article goes live at `moment`, now and after commit."""
    stamp = _microseconds(moment)

    def lower():
        try:
            versions.get_store().set_go_live(stamp, only_earlier=True)
        except Exception:
            log_failure("Page cache: could not note a go-live time")

    lower()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lower)


def release_scheduled(now: float | None = None, go_live: int | None = None) -> None:
    """Bump the pages of articles whose scheduled time has come.

    The next go-live time sits in the version store; the first request past
    it reads which articles went live and bumps what they touch, so no cron
    job is needed. Requests in several workers may do it together: a bump
    twice over costs one extra rebuild.
    """
    from publications.models import Article

    now = time.time() if now is None else now
    try:
        store = versions.get_store()
        go_live = store.go_live() if go_live is None else go_live
        if go_live != versions.UNKNOWN and now * 1_000_000 < go_live:
            return
        if go_live != versions.UNKNOWN:
            moment = _EPOCH + timedelta(microseconds=go_live)
            keys = set()
            for article in Article.objects.went_live_since(moment):
                keys |= article.keys_touched_by_change(None)
            bump(keys)
        # Set, then read again and only lower it: an article scheduled by
        # another process meanwhile is never lost (see versions).
        store.set_go_live(_next_go_live(Article))
        store.set_go_live(_next_go_live(Article), only_earlier=True)
    except Exception:
        log_failure("Page cache: could not release scheduled articles")


def _next_go_live(model) -> int:
    moment = model.objects.next_go_live()
    return versions.NONE_SCHEDULED if moment is None else _microseconds(moment)


def _microseconds(moment: datetime) -> int:
    return (moment - _EPOCH) // timedelta(microseconds=1)
