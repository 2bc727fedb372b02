"""Stored pages: which requests may use them, their keys, and serving them.

Everything here works on the WSGI environ, so the WSGI layer and the
middleware run the same code for a hit, and a miss is answered with the
same headers as the hits that follow it.

A page is stored under its address with only the query parameters its view
reads (`public_page(query=…)`). Which those are is known once the view has
run, so beside the pages of an address a small record keeps their names:
a request with a query string reads that record first, and one with
parameters nobody reads (`/?utm_source=…`) is served the plain page.
"""

import base64
import functools
import hashlib
import threading
import time
from pathlib import Path
from typing import NamedTuple
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http.cookie import parse_cookie
from django.utils.http import parse_etags, parse_http_date_safe

from . import versions
from .core import has_pending, log_failure, suspended

LOOKED_UP = "pagecache.looked_up"
FORMAT = 4
# Headers a 304 repeats (RFC 9110, 15.4.5).
NOT_MODIFIED_HEADERS = {
    "cache-control",
    "content-location",
    "date",
    "etag",
    "expires",
    "last-modified",
    "surrogate-key",
    "vary",
}


class Entry(NamedTuple):
    """A stored page, and the versions of what it shows when it was stored.

    A tuple, as it is unpickled on every hit from a shared cache.
    """

    format: int
    headers: tuple
    body: bytes
    ids: tuple
    versions: tuple
    stored_at: float
    expires_at: float
    etag: str
    last_modified: int
    # The ETag and Last-Modified headers, written once.
    validators: tuple


class Config(NamedTuple):
    enabled: bool
    skipped: tuple
    private_cookies: tuple
    proxy_header: tuple | None


_config: Config | None = None


def config() -> Config:
    """Return the settings a hit needs, read once (Django settings are slow)."""
    global _config
    if _config is None:
        _config = Config(
            enabled=settings.PAGE_CACHE,
            skipped=(
                "/" + settings.ADMIN_PATH,
                settings.STATIC_URL,
                settings.MEDIA_URL,
                "/healthz",
                "/i18n/",
            ),
            private_cookies=(settings.SESSION_COOKIE_NAME, CookieStorage.cookie_name),
            proxy_header=getattr(settings, "SECURE_PROXY_SSL_HEADER", None),
        )
    return _config


@receiver(setting_changed)
def _forget_config(**kwargs):
    global _config, _store
    _config = _store = None
    _page_key.cache_clear()


def anonymous(environ) -> bool:
    """Tell whether a request is a reader's GET with nothing of their own."""
    if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
        return False
    if environ.get("HTTP_AUTHORIZATION"):
        return False
    cookie = environ.get("HTTP_COOKIE")
    if cookie:
        # A session (a signed-in editor) or messages to show: a page of one's own.
        cookies = parse_cookie(cookie)
        session, messages = config().private_cookies
        if cookies.get(session) or cookies.get(messages):
            return False
    return True


def eligible(environ) -> bool:
    """Tell whether a request may be answered from, or stored in, the page cache."""
    current = config()
    if not current.enabled:
        return False
    if environ.get("PATH_INFO", "").startswith(current.skipped):
        return False
    return anonymous(environ)


def entry_key(environ, query: str) -> str:
    """Return the key of the page at this request's address with `query`."""
    return _page_key(
        _scheme(environ),
        _host(environ),
        environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", ""),
        query,
    )


def names_key(environ) -> str:
    """Return the key of the record naming the parameters read at this address."""
    return entry_key(environ, "\0names")


def variant_query(query_string: str, names) -> str:
    """Return the parameters of `query_string` that are among `names`, in order.

    The same parameters in another order, or spelt otherwise, are the same
    page.
    """
    if not query_string or not names:
        return ""
    pairs = [pair for pair in parse_qsl(query_string, True) if pair[0] in names]
    return urlencode(sorted(pairs, key=lambda pair: pair[0]))


@functools.lru_cache(maxsize=10_000)
def _page_key(scheme: str, host: str, path: str, query: str) -> str:
    # Most hits ask for a page asked for before: the digest is kept.
    address = "\n".join((code_fingerprint(), scheme, host.lower(), path, query))
    digest = hashlib.md5(address.encode("utf-8", "surrogatepass")).digest()
    # Short: the cache checks every character of a key it is given.
    return "page:" + base64.urlsafe_b64encode(digest).decode()[:22]


def _host(environ) -> str:
    return environ.get("HTTP_HOST") or (
        f"{environ.get('SERVER_NAME', '')}:{environ.get('SERVER_PORT', '')}"
    )


def _scheme(environ) -> str:
    header = config().proxy_header
    if header:
        name, secure = header
        value = environ.get(name)
        if value is not None:
            return "https" if value.split(",", 1)[0].strip() == secure else "http"
    return environ.get("wsgi.url_scheme", "http")


_fingerprint = None
_SOURCE_SUFFIXES = {
    ".py",
    ".html",
    ".txt",
    ".mo",
    ".css",
    ".js",
    ".svg",
    ".png",
    ".woff2",
}


def code_fingerprint() -> str:
    """Return a digest of the code, templates and static files pages are built with.

    Part of every key, so a deployment never serves pages its predecessor
    stored in a shared cache; the same code on several servers shares them.
    Static files count too: a cached article PDF embeds its stylesheet, fonts
    and logo.
    """
    global _fingerprint
    if _fingerprint is None:
        digest = hashlib.md5()
        base = Path(settings.BASE_DIR)
        folders = (
            "config",
            "publications",
            "comments",
            "templates",
            "locale",
            "static",
        )
        for folder in folders:
            for path in sorted((base / folder).rglob("*")):
                if path.suffix in _SOURCE_SUFFIXES and path.is_file():
                    digest.update(path.relative_to(base).as_posix().encode())
                    digest.update(path.read_bytes())
        _fingerprint = digest.hexdigest()[:12]
    return _fingerprint


class LocalPages:
    """Stored pages in this process's memory, kept as objects.

    Used instead of the local-memory cache backend, which pickles every value
    and checks every key: the same place, a third of the time per hit. The
    oldest pages go first beyond `max_entries`.
    """

    def __init__(self, max_entries: int):
        self.max_entries = max_entries
        self._pages: dict = {}
        self._lock = threading.Lock()

    def get(self, key: str):
        item = self._pages.get(key)
        if item is None:
            return None
        if item[1] <= time.monotonic():
            self._pages.pop(key, None)
            return None
        return item[0]

    def set(self, key: str, entry, timeout: int) -> None:
        with self._lock:
            self._pages.pop(key, None)
            self._pages[key] = (entry, time.monotonic() + timeout)
            while len(self._pages) > self.max_entries:
                del self._pages[next(iter(self._pages))]

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()

    def __len__(self) -> int:
        return len(self._pages)


_local_pages = LocalPages(0)
_store = None


def page_store():
    """Return where pages are kept: this process's memory, or the shared cache."""
    global _store
    if _store is None:
        default = settings.CACHES["default"]
        if default["BACKEND"].endswith("locmem.LocMemCache"):
            options = default.get("OPTIONS", {})
            _local_pages.max_entries = int(options.get("MAX_ENTRIES", 300))
            _store = _local_pages
        else:
            _store = cache
    return _store


def clear_local_pages() -> None:
    """Forget the pages this process keeps (tests clearing the cache)."""
    _local_pages.clear()


def lookup(environ, now: float):
    """Return (status, headers, body) of the stored page for this request, or None."""
    if has_pending() or suspended():
        return None
    store = page_store()
    try:
        query = environ.get("QUERY_STRING", "")
        if query:
            names = store.get(names_key(environ))
            if names is None:
                return None
            query = variant_query(query, names)
        entry = store.get(entry_key(environ, query))
    except Exception:
        log_failure("Page cache: could not read a page")
        return None
    if not isinstance(entry, Entry) or entry.format != FORMAT:
        return None
    if now >= entry.expires_at:
        return None
    try:
        current = versions.get_store().read(entry.ids)
    except Exception:
        log_failure("Page cache: could not read versions")
        return None
    if current != list(entry.versions):
        return None
    return respond(entry, environ, now, outcome="hit")


def build_entry(response, *, ids, versions_, stored_at, expires_at) -> Entry:
    """Keep a rendered public response (its validators set) as a stored page."""
    headers = tuple(
        (name, value)
        for name, value in response.items()
        if name.lower() not in {"content-length", "etag", "last-modified", "x-cache"}
    )
    return Entry(
        format=FORMAT,
        headers=headers,
        body=response.content,
        ids=tuple(ids),
        versions=tuple(versions_),
        stored_at=stored_at,
        expires_at=expires_at,
        etag=response["ETag"],
        last_modified=parse_http_date_safe(response["Last-Modified"]) or 0,
        validators=(
            ("ETag", response["ETag"]),
            ("Last-Modified", response["Last-Modified"]),
        ),
    )


def respond(entry: Entry, environ, now: float, *, outcome: str):
    """Answer a request with a stored page: (status, headers, body).

    `Age` says how long ago the page was stored, so a shared cache in front
    keeps it no longer than its `s-maxage` allows from then.
    """
    headers = [
        *entry.headers,
        *entry.validators,
        ("Age", str(int(now - entry.stored_at))),
        ("X-Cache", outcome),
    ]
    if not_modified(environ, entry.etag, entry.last_modified):
        kept = [(k, v) for k, v in headers if k.lower() in NOT_MODIFIED_HEADERS]
        return 304, [*kept, ("X-Cache", outcome)], b""
    headers.append(("Content-Length", str(len(entry.body))))
    return 200, headers, entry.body


def not_modified(environ, etag: str, last_modified: int) -> bool:
    """Tell whether a conditional GET already holds this version (RFC 9110, 13.2.2)."""
    if_none_match = environ.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:
        tags = parse_etags(if_none_match)
        return "*" in tags or etag.removeprefix("W/") in (
            tag.removeprefix("W/") for tag in tags
        )
    if_modified_since = environ.get("HTTP_IF_MODIFIED_SINCE")
    if if_modified_since:
        since = parse_http_date_safe(if_modified_since)
        return since is not None and since >= last_modified
    return False
