"""Serving and storing pages inside Django, and the thin WSGI layer in front."""

import time

from django.conf import settings
from django.http import HttpResponse

from . import core, versions
from .core import log_failure
from .entries import (
    LOOKED_UP,
    Served,
    build_entry,
    code_fingerprint,
    csrf_cookie,
    csrf_cookie_header,
    eligible,
    entry_key,
    lookup,
    page_store,
    respond,
    status_line,
)


class PageCacheApplication:
    """Answer cache hits before Django; hand everything else to `application`.

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
        headers = served.headers
        if served.new_csrf_secret:
            headers = [*headers, csrf_cookie_header(served.new_csrf_secret)]
        start_response(status_line(served.status), headers)
        if environ["REQUEST_METHOD"] == "HEAD":
            return [b""]
        return [served.body]


class PageCacheMiddleware:
    """Serve hits (when the WSGI layer did not look), store pages, release schedules.

    First in MIDDLEWARE: it sees the final response, with every security
    header, and a hit skips the whole stack as it does under WSGI.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        environ = request.META
        now = time.time()
        enabled = eligible(environ)
        if enabled and not environ.get(LOOKED_UP):
            served = lookup(environ, now)
            if served is not None:
                return to_response(served)
        sequence = self.prepare(now)
        state, token = core.start_page()
        try:
            response = self.get_response(request)
        finally:
            core.end_page(token)
        if enabled and sequence is not None and state.cacheable:
            if storable(request, response):
                return self.store(request, response, state, now, sequence)
        return response

    def prepare(self, now: float) -> int | None:
        """Release scheduled articles that are due; return the global sequence."""
        try:
            if core.suspended() or not core.retry_pending():
                return None
            store = versions.get_store()
            ids = store.ids([versions.SEQUENCE, versions.GO_LIVE])
            core.notice_scheduled(once=True)
            sequence, go_live = store.read(ids)
            if go_live == versions.UNKNOWN or now * 1_000_000 >= (go_live or 0):
                core.release_scheduled(now, go_live or versions.UNKNOWN)
                sequence = store.read(ids[:1])[0]
            return sequence
        except Exception:
            log_failure("Page cache: could not read versions")
            return None

    def store(self, request, response, state, now, sequence):
        environ = request.META
        store = versions.get_store()
        deps = sorted({"all", *state.deps})
        try:
            ids = store.ids([*deps, versions.GO_LIVE])
            current = store.snapshot(ids[:-1])
            after, go_live = store.read(
                store.ids([versions.SEQUENCE, versions.GO_LIVE])
            )
        except Exception:
            log_failure("Page cache: could not read versions")
            return response
        entry = build_entry(
            response,
            ids=ids,
            versions_=current,
            stored_at=now,
            expires_at=state.expires_at,
        )
        # Something changed while the page was rendered, or a scheduled
        # article is due: this rendering may already be out of date.
        fresh = after == sequence and now * 1_000_000 < (go_live or 0)
        timeout = settings.PAGE_CACHE_TIMEOUT
        if state.expires_at is not None:
            timeout = min(timeout, int(state.expires_at - now))
        if fresh and timeout > 0:
            try:
                page_store().set(entry_key(environ), entry, timeout)
            except Exception:
                log_failure("Page cache: could not store a page")
        served = respond(
            entry, environ, now, outcome="miss", secret=environ.get("CSRF_COOKIE")
        )
        answer = to_response(served)
        for name, morsel in response.cookies.items():
            answer.cookies[name] = morsel
        return answer


def storable(request, response) -> bool:
    """Tell whether a rendered response is the same for every anonymous visitor."""
    if response.status_code != 200 or response.streaming:
        return False
    if set(response.cookies) - {settings.CSRF_COOKIE_NAME}:
        return False
    if settings.CSRF_USE_SESSIONS:
        return False
    cache_control = response.get("Cache-Control", "")
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    # A nonce must differ on every response.
    policy = response.get("Content-Security-Policy", "")
    if "'nonce-" in policy:
        return False
    # A message is for one visitor (it usually arrives by cookie, which
    # keeps the request from the cache; this is for one added meanwhile).
    messages = getattr(request, "_messages", None)
    if messages is not None and len(messages):
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


def to_response(served: Served) -> HttpResponse:
    response = HttpResponse(served.body, status=served.status)
    if served.status == 304:
        del response["Content-Type"]
    for name, value in served.headers:
        response[name] = value
    if served.new_csrf_secret:
        csrf_cookie(response, served.new_csrf_secret)
    return response
