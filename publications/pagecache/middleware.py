"""HTTP caching of public pages: their headers, the page store, the WSGI layer."""

import logging
import math
import time

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import patch_cache_control, set_response_etag
from django.utils.http import http_date

from . import core, versions
from .core import log_failure
from .entries import (
    LOOKED_UP,
    anonymous,
    build_entry,
    code_fingerprint,
    eligible,
    entry_key,
    lookup,
    names_key,
    page_store,
    variant_query,
)

logger = logging.getLogger("publications.pagecache")
# Request headers a public page never depends on: its language comes from
# its address, and a reader's cookies never reach it (see anonymous()).
IGNORED_VARY = {"cookie", "accept-language"}


class PageCacheApplication:
    """Answer page-cache hits before Django; hand everything else to `application`.

    A hit costs one read of the stored page and one read of its versions: no
    request object, no middleware, no session, no database.
    """

    def __init__(self, application):
        self.application = application
        # Read the code once as the worker starts, not in its first request.
        code_fingerprint()

    def __call__(self, environ, start_response):
        served = None
        try:
            if eligible(environ):
                served = lookup(environ, time.time())
                environ[LOOKED_UP] = True
        except Exception:
            log_failure("Page cache: lookup failed")
        if served is None:
            return self.application(environ, start_response)
        status, headers, body = served
        start_response("200 OK" if status == 200 else "304 Not Modified", headers)
        if environ["REQUEST_METHOD"] == "HEAD":
            return [b""]
        return [body]


class PageCacheMiddleware:
    """Say how caches may keep each response; store public pages; serve hits.

    First in MIDDLEWARE but for ConditionalGetMiddleware: it sees the final
    response, with every security header, and a hit skips the whole stack
    as it does under WSGI (where the test client does not go).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        environ = request.META
        now = time.time()
        stored = eligible(environ)
        if stored and not environ.get(LOOKED_UP):
            served = lookup(environ, now)
            if served is not None:
                return to_response(*served)
        sequence = self.sequence() if anonymous(environ) else None
        state, token = core.start_page()
        try:
            response = self.get_response(request)
        finally:
            core.end_page(token)
        if not state.public:
            if request.method in ("GET", "HEAD") and "Cache-Control" not in response:
                # Error pages and redirects: no shared cache may keep them
                # (a scheduled article's address answers 404 until it goes live).
                patch_cache_control(response, private=True, no_cache=True)
            return response
        if not shared(request, response, state):
            patch_cache_control(response, private=True, no_cache=True)
            return response
        return self.publish(request, response, state, now, sequence, stored=stored)

    def sequence(self) -> int | None:
        """Return the version store's global sequence; None when it is unreadable."""
        try:
            if core.suspended() or not core.retry_pending():
                return None
            store = versions.get_store()
            return store.read(store.ids([versions.SEQUENCE]))[0] or 0
        except Exception:
            log_failure("Page cache: could not read versions")
            return None

    def publish(self, request, response, state, now, sequence, *, stored):
        """Name what a public page shows and say how long caches may keep it."""
        keys = sorted({core.ALL, *state.deps})
        response["Surrogate-Key"] = " ".join(keys)
        vary = [
            name.strip()
            for name in response.get("Vary", "").split(",")
            if name.strip() and name.strip().lower() not in IGNORED_VARY
        ]
        if vary:
            response["Vary"] = ", ".join(vary)
        elif "Vary" in response:
            del response["Vary"]
        if not response.has_header("ETag"):
            set_response_etag(response)
        if not response.has_header("Last-Modified"):
            response["Last-Modified"] = http_date(now)
        if stored:
            response["X-Cache"] = "miss"
        expires_at = self.expiry(state, now)
        snapshot = None
        if sequence is not None and expires_at is not None:
            snapshot = self.snapshot(keys, sequence)
        lifetime = math.floor(expires_at - now) if snapshot is not None else 0
        if lifetime <= 0:
            # Something changed while the page was rendered, the version store
            # is unreachable, or the page is about to change by itself: this
            # rendering may already be out of date.
            patch_cache_control(response, private=True, no_cache=True)
            return response
        patch_cache_control(response, public=True, s_maxage=lifetime)
        if "max-age" not in response["Cache-Control"]:
            # Browsers ask again every time; an unchanged page answers 304.
            patch_cache_control(response, max_age=0)
        if stored:
            ids, current = snapshot
            entry = build_entry(
                response,
                ids=ids,
                versions_=current,
                stored_at=now,
                expires_at=expires_at,
            )
            self.store(request, entry, state, lifetime)
        return response

    def expiry(self, state, now: float) -> float | None:
        """Return until when the page may be kept; None when that is unknown."""
        go_live = core.next_go_live(now)
        if go_live is None:
            return None
        moments = [now + settings.PAGE_CACHE_TIMEOUT, go_live / 1_000_000]
        if state.expires_at is not None:
            moments.append(state.expires_at)
        return min(moments)

    def snapshot(self, keys, sequence) -> tuple | None:
        """Return the ids and versions of `keys`; None if anything changed since."""
        store = versions.get_store()
        try:
            ids = store.ids(keys)
            current = store.snapshot(ids)
            after = store.read(store.ids([versions.SEQUENCE]))[0] or 0
        except Exception:
            log_failure("Page cache: could not read versions")
            return None
        if after != sequence:
            return None
        return ids, current

    def store(self, request, entry, state, lifetime: int) -> None:
        environ = request.META
        query = variant_query(environ.get("QUERY_STRING", ""), state.query)
        try:
            store = page_store()
            store.set(entry_key(environ, query), entry, lifetime)
            store.set(names_key(environ), state.query, settings.PAGE_CACHE_TIMEOUT)
        except Exception:
            log_failure("Page cache: could not store a page")


def shared(request, response, state) -> bool:
    """Tell whether a public view's response is the same for every reader."""
    if not anonymous(request.META):
        return False
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if not state.deps:
        logger.error(
            "%s is a public page but names nothing it shows (pagecache.depend)",
            request.path,
        )
        return False
    cache_control = response.get("Cache-Control", "")
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    # A nonce must differ on every response.
    if "'nonce-" in response.get("Content-Security-Policy", ""):
        return False
    # A message is for one visitor (it usually arrives by cookie, which
    # keeps the request from the cache; this is for one added meanwhile).
    messages = getattr(request, "_messages", None)
    if messages is not None and len(messages):
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


def to_response(status: int, headers, body: bytes) -> HttpResponse:
    response = HttpResponse(body, status=status)
    if status == 304:
        del response["Content-Type"]
    for name, value in headers:
        response[name] = value
    return response
