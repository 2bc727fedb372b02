"""The only way a PDF rendering reads anything: our own static and media files.

Article bodies are written by many people; an `<img src>` or a stylesheet
`url()` pointing at another host (or at `file:///etc/passwd`) must not make
the server fetch it. WeasyPrint sends every resource through this fetcher,
which maps URLs under `STATIC_URL` and `MEDIA_URL` (on our own `SITE_URL` or
relative to it) to files found by the staticfiles finders, in `STATIC_ROOT`,
or in media storage, and refuses everything else. `data:` URIs carry their
bytes inline and are allowed.
"""

import hashlib
import io
import mimetypes
import os
import posixpath
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.apps import apps
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from weasyprint.urls import URLFetcher, URLFetcherResponse


class ForbiddenResource(ValueError):
    """A rendering asked for something outside our static and media files."""


def pdf_base_url() -> str:
    """Return the base URL relative links in PDF HTML resolve against."""
    return settings.SITE_URL.rstrip("/") + "/"


def _absolute_prefix(prefix: str) -> str:
    if urlsplit(prefix).scheme:
        return prefix
    return settings.SITE_URL.rstrip("/") + "/" + prefix.lstrip("/")


def _safe_name(path: str) -> str:
    name = unquote(path)
    normalised = posixpath.normpath(name)
    if (
        not name
        or name.startswith("/")
        or "\\" in name
        or "\x00" in name
        or normalised != name.rstrip("/")
        or normalised.startswith("..")
    ):
        raise ForbiddenResource(f"Refusing suspicious path: {path!r}")
    return normalised


class LocalFilesFetcher(URLFetcher):
    """Serve static and media files to WeasyPrint; refuse every other URL."""

    def __init__(self, **kwargs):
        kwargs.setdefault("allowed_protocols", {"data"})
        kwargs.setdefault("allow_redirects", False)
        super().__init__(**kwargs)

    def _prefixes(self) -> list[tuple[str, str]]:
        prefixes = [
            (_absolute_prefix(settings.STATIC_URL), "static"),
            (_absolute_prefix(settings.MEDIA_URL), "media"),
        ]
        try:
            # Object storage serves media from its own host; those URLs are
            # still ours and are read through the storage API.
            storage_root = default_storage.url("")
        except Exception:  # noqa: BLE001 - a storage without URLs adds nothing
            storage_root = ""
        if storage_root and urlsplit(storage_root).scheme:
            prefixes.append((storage_root, "media"))
        return prefixes

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        clean = url.split("#")[0].split("?")[0]
        for prefix, kind in self._prefixes():
            if clean.startswith(prefix):
                name = _safe_name(clean[len(prefix) :])
                if kind == "static":
                    return self._static(url, name)
                return self._media(url, name)
        raise ForbiddenResource(f"Refusing to fetch {url!r}: not our static or media")

    def _static(self, url: str, name: str) -> URLFetcherResponse:
        # The project's own static folders first: they need no app registry,
        # which the rendering child process does without, and they are what
        # a PDF's version is computed from (a collected copy may be older).
        path = finders.FileSystemFinder().find(name)
        if not path and apps.ready:
            path = finders.find(name)
        if not path and settings.STATIC_ROOT:
            candidate = posixpath.join(str(settings.STATIC_ROOT), name)
            if posixpath.isfile(candidate):
                path = candidate
        if not path:
            raise FileNotFoundError(f"No static file {name!r}")
        if name.endswith(".woff2"):
            return URLFetcherResponse(
                url, _sfnt_font(path), {"Content-Type": "font/ttf"}
            )
        with open(path, "rb") as handle:
            body = handle.read()
        return URLFetcherResponse(url, body, {"Content-Type": _content_type(name)})

    def _media(self, url: str, name: str) -> URLFetcherResponse:
        with default_storage.open(name, "rb") as handle:
            body = handle.read()
        return URLFetcherResponse(url, body, {"Content-Type": _content_type(name)})


def _font_cache_dir() -> Path:
    var_dir = getattr(settings, "VAR_DIR", None)
    root = Path(var_dir) if var_dir else Path(tempfile.gettempdir())
    return root / "cache" / "pdf-fonts"


def _sfnt_font(path: str) -> bytes:
    """Return the font at `path` decompressed from WOFF2, cached on disk.

    Decompressing the nine WOFF2 faces takes WeasyPrint about two seconds on
    every rendering; the plain TrueType bytes load at once.
    """
    stat = os.stat(path)
    key = hashlib.sha256(f"{path}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    cached = _font_cache_dir() / f"{key.hexdigest()[:32]}.ttf"
    try:
        return cached.read_bytes()
    except OSError:
        pass
    from fontTools.ttLib import woff2

    out = io.BytesIO()
    with open(path, "rb") as handle:
        woff2.decompress(handle, out)
    data = out.getvalue()
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=cached.parent, delete=False) as tmp:
            tmp.write(data)
        os.replace(tmp.name, cached)
    except OSError:
        pass  # A read-only disk only costs the decompression next time.
    return data


def _content_type(name: str) -> str:
    return mimetypes.guess_type(name)[0] or "application/octet-stream"
