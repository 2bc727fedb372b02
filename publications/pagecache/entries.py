"""Stored pages: which requests may use them, their keys, and serving them.

Everything here works on the WSGI environ, so the WSGI layer and the
middleware run the same code for a hit, and a miss is answered by the same
`respond()` as the hits that follow it.
"""

import base64
import hashlib
import os
import re
import secrets
import threading
import time
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpResponse
from django.http.cookie import parse_cookie
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, get_token
from django.utils.http import http_date, parse_http_date_safe

from comments.forms import sign_timestamp

from . import versions
from .core import has_pending, log_failure, suspended

LOOKED_UP = "pagecache.looked_up"
_COOKIES = "pagecache.cookies"
FORMAT = 2
# A revalidated copy's comment form is at most this old (its signed
# timestamp expires after COMMENTS_MAX_AGE_SECONDS).
FORM_REFRESH_SECONDS = 600
NOT_MODIFIED_HEADERS = {
    "cache-control",
    "content-location",
    "date",
    "etag",
    "expires",
    "last-modified",
    "vary",
}
# The per-visitor parts of a page, stored as holes.
_CSRF_FIELD = rb'(?<=name="csrfmiddlewaretoken" value=")[a-zA-Z0-9]{64}(?=")'
_TIMESTAMP_FIELD = rb'(?<=name="timestamp" value=")(?P<pk>\d+):[a-zA-Z0-9]+:[\w-]+(?=")'
_HOLES = re.compile(
    rb"(?P<csrf>" + _CSRF_FIELD + rb")|(?P<ts>" + _TIMESTAMP_FIELD + rb")"
)
_CSRF_SECRET = re.compile(f"[{re.escape(CSRF_ALLOWED_CHARS)}]{{{CSRF_SECRET_LENGTH}}}")


class Entry(NamedTuple):
    """A stored page: its headers, its body cut around the holes, its versions.

    A tuple, as it is unpickled on every hit.
    """

    format: int
    headers: tuple
    segments: tuple
    holes: tuple
    ids: tuple
    versions: tuple
    etag: str
    stored_at: float
    expires_at: float | None
    # ETag and Last-Modified headers of a page the same for everyone.
    validators: tuple


class Config(NamedTuple):
    enabled: bool
    skipped: tuple
    private_cookies: tuple
    csrf_cookie: str
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
            csrf_cookie=settings.CSRF_COOKIE_NAME,
            proxy_header=getattr(settings, "SECURE_PROXY_SSL_HEADER", None),
        )
    return _config


@receiver(setting_changed)
def _forget_config(**kwargs):
    global _config, _store
    _config = _store = None
    _keys.clear()


def eligible(environ) -> bool:
    """Tell whether a request may be answered from, or stored in, the cache."""
    if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
        return False
    if environ.get("HTTP_AUTHORIZATION"):
        return False
    current = config()
    if not current.enabled:
        return False
    if environ.get("PATH_INFO", "").startswith(current.skipped):
        return False
    cookie = environ.get("HTTP_COOKIE")
    if cookie:
        cookies = environ[_COOKIES] = parse_cookie(cookie)
        # A session (a signed-in editor) or messages to show: a page of one's own.
        session, messages = current.private_cookies
        if cookies.get(session) or cookies.get(messages):
            return False
    return True


# Keys already worked out, by the parts of the request they come from: most
# hits ask for a page asked for before. Emptied when it grows past the limit.
_keys: dict[tuple, str] = {}
MAX_REMEMBERED_KEYS = 10_000


def entry_key(environ) -> str:
    """Return the cache key of the page a request asks for."""
    header = config().proxy_header
    parts = (
        environ.get("wsgi.url_scheme"),
        environ.get(header[0]) if header else None,
        environ.get("HTTP_HOST"),
        environ.get("SERVER_NAME"),
        environ.get("SERVER_PORT"),
        environ.get("SCRIPT_NAME", ""),
        environ.get("PATH_INFO", ""),
        environ.get("QUERY_STRING", ""),
    )
    key = _keys.get(parts)
    if key is None:
        key = _work_out_key(environ)
        if len(_keys) >= MAX_REMEMBERED_KEYS:
            _keys.clear()
        _keys[parts] = key
    return key


def _work_out_key(environ) -> str:
    query = environ.get("QUERY_STRING", "")
    if query:
        # Same parameters in another order, or spelt otherwise, same page.
        pairs = parse_qsl(query, keep_blank_values=True)
        query = urlencode(sorted(pairs, key=lambda pair: pair[0]))
    host = environ.get("HTTP_HOST") or (
        f"{environ.get('SERVER_NAME', '')}:{environ.get('SERVER_PORT', '')}"
    )
    address = "\n".join(
        (
            code_fingerprint(),
            _scheme(environ),
            host.lower(),
            environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", ""),
            query,
        )
    )
    digest = hashlib.md5(address.encode("utf-8", "surrogatepass")).digest()
    # Short: the cache checks every character of a key it is given.
    return "page:" + base64.urlsafe_b64encode(digest).decode()[:22]


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
    """Return the stored page for this request as `respond()` does, or None."""
    if has_pending() or suspended():
        return None
    try:
        entry = page_store().get(entry_key(environ))
    except Exception:
        log_failure("Page cache: could not read a page")
        return None
    if not isinstance(entry, Entry) or entry.format != FORMAT:
        return None
    if entry.expires_at is not None and now >= entry.expires_at:
        return None
    try:
        current = versions.get_store().read(entry.ids)
    except Exception:
        log_failure("Page cache: could not read versions")
        return None
    # The last id is the next go-live time: past it, pages may show too little.
    if current[:-1] != list(entry.versions) or now * 1_000_000 >= (current[-1] or 0):
        return None
    return respond(entry, environ, now, outcome="hit")


def build_entry(response, *, ids, versions_, stored_at, expires_at) -> Entry:
    """Cut a rendered response into a stored page."""
    body = response.content
    segments, holes, start = [], [], 0
    for match in _HOLES.finditer(body):
        segments.append(body[start : match.start()])
        if match.group("csrf"):
            holes.append(("csrf", None))
        else:
            holes.append(("timestamp", int(match.group("pk"))))
        start = match.end()
    segments.append(body[start:])
    headers = [
        (name, value)
        for name, value in response.items()
        if name.lower() not in {"content-length", "set-cookie", "etag", "last-modified"}
    ]
    if "Cache-Control" not in response:
        # Browsers ask again every time (a 304 is cheap); a page with a
        # visitor's form must never be kept by a shared cache.
        headers.append(
            (
                "Cache-Control",
                "private, max-age=0, must-revalidate"
                if holes
                else "max-age=0, must-revalidate",
            )
        )
    etag = hashlib.md5(b"\0".join(segments)).hexdigest()
    validators = ()
    if not holes:
        validators = (
            ("ETag", f'"{etag}"'),
            ("Last-Modified", http_date(int(stored_at))),
        )
    return Entry(
        format=FORMAT,
        headers=tuple(headers),
        segments=tuple(segments),
        holes=tuple(holes),
        ids=tuple(ids),
        versions=tuple(versions_),
        etag=etag,
        stored_at=stored_at,
        expires_at=expires_at,
        validators=validators,
    )


@dataclass(slots=True)
class Served:
    status: int
    headers: list
    body: bytes
    new_csrf_secret: str | None = None


def respond(entry: Entry, environ, now: float, *, outcome: str, secret=None) -> Served:
    """Answer a request with a stored page, its holes filled for this visitor.

    `secret` is the visitor's CSRF secret when the caller knows it (a miss
    just rendered); otherwise it comes from the visitor's cookie, or a new
    one is made and returned for the caller to set as a cookie.
    """
    new_secret = None
    if entry.holes:
        token = None
        if secret is None:
            secret = visitor_csrf_secret(environ)
            if secret is None:
                secret, token = new_csrf_secret_and_token()
                new_secret = secret
        segments = entry.segments
        parts = [segments[0]]
        for index, (kind, value) in enumerate(entry.holes, 1):
            if kind == "csrf":
                token = token or mask_csrf_secret(secret)
                parts.append(token.encode())
            else:
                parts.append(_signed_timestamp(value))
            parts.append(segments[index])
        body = b"".join(parts)
        # The visitor's own token is in their copy: another cookie, another tag.
        # A checksum of the secret tells visitors apart without showing it.
        window = hex(int(now // FORM_REFRESH_SECONDS))
        etag = f'"{entry.etag}-' + window + "-" + hex(zlib.crc32(secret.encode())) + '"'
        last_modified = None
        headers = [*entry.headers, ("ETag", etag), ("X-Cache", outcome)]
    else:
        body = entry.segments[0]
        etag = entry.validators[0][1]
        last_modified = int(entry.stored_at)
        headers = [*entry.headers, *entry.validators, ("X-Cache", outcome)]
    if (
        "HTTP_IF_NONE_MATCH" in environ or "HTTP_IF_MODIFIED_SINCE" in environ
    ) and _not_modified(environ, etag, last_modified):
        kept = [(k, v) for k, v in headers if k.lower() in NOT_MODIFIED_HEADERS]
        return Served(304, [*kept, ("X-Cache", outcome)], b"", new_secret)
    headers.append(("Content-Length", str(len(body))))
    return Served(200, headers, body, new_secret)


# CSRF tokens as django.middleware.csrf makes them (get_token): a fresh random
# mask, then the secret shifted by it, character by character. Done here on
# bytes with translation tables, about ten times faster, as every hit on an
# article page needs one; the tests post the tokens through Django's
# CsrfViewMiddleware.
_CHARS = CSRF_ALLOWED_CHARS.encode()
_SIZE = len(_CHARS)
# Random bytes from this value up are dropped: the rest map to characters
# without bias.
_BIASED = bytes(range(256 - 256 % _SIZE, 256))
_BYTE_TO_INDEX = bytes(byte % _SIZE for byte in range(256))
_INDEX_TO_CHAR = _CHARS + bytes(256 - _SIZE)
_CHAR_TO_INDEX = bytes(
    _CHARS.index(byte) if byte in _CHARS else 0 for byte in range(256)
)
_SUM_TO_CHAR = bytes(_CHARS[total % _SIZE] for total in range(2 * _SIZE)) + bytes(
    256 - 2 * _SIZE
)


# The system's random bytes, drawn a few kilobytes at a time: one call serves
# some fifty visitors. Each byte is used once, and a forked child starts with
# none of its parent's.
_POOL_SIZE = 16384
_pool = bytearray()
_pool_lock = threading.Lock()


def _empty_pool() -> None:
    _pool.clear()


os.register_at_fork(after_in_child=_empty_pool)


def _random_bytes(count: int) -> bytes:
    with _pool_lock:
        if len(_pool) < count:
            _pool[:] = secrets.token_bytes(max(_POOL_SIZE, count))
        chosen = bytes(_pool[-count:])
        del _pool[-count:]
    return chosen


def _random_indexes(count: int = CSRF_SECRET_LENGTH) -> bytes:
    chosen = b""
    while len(chosen) < count:
        # About 3% of bytes are dropped (see _BIASED): a little more than
        # `count`, and another round in the rare case that was not enough.
        raw = _random_bytes(count + count // 16 + 8)
        chosen += raw.translate(None, _BIASED).translate(_BYTE_TO_INDEX)
    return chosen[:count]


def new_csrf_secret_and_token() -> tuple[str, str]:
    """Return a new visitor's CSRF secret and a masked token for it.

    A random secret as Django draws it, then `mask_csrf_secret()`. New
    visitors come in crowds (every request of a surge without a cookie): their
    pairs are made a batch at a time, the random draws and the masking of the
    whole batch done at once; a forked child starts with none of the batch.
    """
    with _pairs_lock:
        if not _pairs:
            _pairs.extend(_draw_pairs(_PAIRS_AT_ONCE))
        return _pairs.pop()


_PAIRS_AT_ONCE = 64
_pairs: list[tuple[str, str]] = []
_pairs_lock = threading.Lock()
os.register_at_fork(after_in_child=_pairs.clear)


def _draw_pairs(count: int) -> list[tuple[str, str]]:
    size = CSRF_SECRET_LENGTH
    secrets_, masks = _random_indexes(size * count), _random_indexes(size * count)
    # As in _masked(), for the whole batch: byte sums stay below 256.
    total = int.from_bytes(secrets_) + int.from_bytes(masks)
    shifted = total.to_bytes(size * count).translate(_SUM_TO_CHAR)
    secret_chars = secrets_.translate(_INDEX_TO_CHAR)
    mask_chars = masks.translate(_INDEX_TO_CHAR)
    return [
        (
            secret_chars[start : start + size].decode(),
            (mask_chars[start : start + size] + shifted[start : start + size]).decode(),
        )
        for start in range(0, size * count, size)
    ]


def mask_csrf_secret(secret: str) -> str:
    """Return a new masked token for `secret`, as Django's get_token() does."""
    return _masked(secret, _random_indexes())


def csrf_token(request) -> str:
    """Return a masked CSRF token for `request`, as Django's get_token() does.

    The same handling of the secret (a new visitor's goes to
    CsrfViewMiddleware to be set as a cookie), with the draws and masking
    above: a new visitor's token cost an uncached article page 0.2 ms.
    """
    if settings.CSRF_USE_SESSIONS:
        return get_token(request)
    if "CSRF_COOKIE" in request.META:
        token = mask_csrf_secret(request.META["CSRF_COOKIE"])
    else:
        request.META["CSRF_COOKIE"], token = new_csrf_secret_and_token()
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    return token


def _masked(secret: str, mask: bytes) -> str:
    # Index sums stay below 256: added as two big numbers, no byte carries.
    total = int.from_bytes(secret.encode().translate(_CHAR_TO_INDEX)) + int.from_bytes(
        mask
    )
    shifted = total.to_bytes(CSRF_SECRET_LENGTH)
    return (mask.translate(_INDEX_TO_CHAR) + shifted.translate(_SUM_TO_CHAR)).decode()


# The form's signed timestamp has a resolution of one second: signed once per
# second and article in this process.
_timestamps: dict[int, tuple[int, bytes]] = {}


def _signed_timestamp(article_id: int) -> bytes:
    second = int(time.time())
    cached = _timestamps.get(article_id)
    if cached is None or cached[0] != second:
        cached = (second, sign_timestamp(article_id).encode())
        if len(_timestamps) > 10_000:
            _timestamps.clear()
        _timestamps[article_id] = cached
    return cached[1]


def visitor_csrf_secret(environ) -> str | None:
    cookie = environ.get("HTTP_COOKIE")
    if not cookie:
        return None
    cookies = environ.get(_COOKIES) or parse_cookie(cookie)
    value = cookies.get(config().csrf_cookie, "")
    return value if _CSRF_SECRET.fullmatch(value) else None


def _not_modified(environ, etag: str, last_modified: int | None) -> bool:
    if_none_match = environ.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:
        tags = [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")]
        return etag in tags or "*" in tags
    if_modified_since = environ.get("HTTP_IF_MODIFIED_SINCE")
    if if_modified_since and last_modified is not None:
        since = parse_http_date_safe(if_modified_since)
        return since is not None and since >= last_modified
    return False


def csrf_cookie(response: HttpResponse, secret: str) -> None:
    """Set the CSRF cookie as Django's CsrfViewMiddleware does."""
    response.set_cookie(
        settings.CSRF_COOKIE_NAME,
        secret,
        max_age=settings.CSRF_COOKIE_AGE,
        domain=settings.CSRF_COOKIE_DOMAIN,
        path=settings.CSRF_COOKIE_PATH,
        secure=settings.CSRF_COOKIE_SECURE,
        httponly=settings.CSRF_COOKIE_HTTPONLY,
        samesite=settings.CSRF_COOKIE_SAMESITE,
    )


_cookie_template: tuple = (None, "", "")
_COOKIE_VALUE = "~" * CSRF_SECRET_LENGTH


def csrf_cookie_header(secret: str) -> tuple[str, str]:
    """Return the Set-Cookie header csrf_cookie() would add (its date per second)."""
    global _cookie_template
    second = int(time.time())
    if _cookie_template[0] != second:
        response = HttpResponse()
        csrf_cookie(response, _COOKIE_VALUE)
        morsel = response.cookies[settings.CSRF_COOKIE_NAME]
        before, _, after = morsel.output(header="").strip().partition(_COOKIE_VALUE)
        _cookie_template = (second, before, after)
    return ("Set-Cookie", _cookie_template[1] + secret + _cookie_template[2])


def status_line(status: int) -> str:
    return "200 OK" if status == 200 else "304 Not Modified"
