"""Build PDF HTML from templates and turn it into PDF bytes outside the web worker.

WeasyPrint holds a whole document in memory while it lays it out and the
allocator rarely hands that memory back, so a long report rendered inside a
web worker would leave it bloated. Rendering therefore runs in a short-lived
child process (`python -m publications.pdf.worker`) that exits after the job;
`PDF_RENDER_IN_PROCESS = True` renders in the calling process instead, which
only tests and the benchmark's comparison use.
"""

import hashlib
import json
import logging
import os
import posixpath
import re
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Sequence
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

# Tagged PDF/UA-1: WeasyPrint 70 writes the structure tree, /Lang and /MarkInfo,
# and it embeds our OFL fonts as TrueType subsets, which the variant needs.
PDF_VARIANT = "pdf/ua-1"
STYLESHEET = "css/pdf.css"
LOGO = "img/logo.svg"
# Bump to invalidate every stored PDF after a change that the layout
# fingerprint below does not see (code outside LAYOUT_CODE, say).
LAYOUT_VERSION = "1"
CORRECTIONS_TEMPLATE = "publications/_corrections.html"

ProgressCallback = Callable[[int], None]


class PdfRenderError(RuntimeError):
    """The renderer failed or ran out of time; the message says why."""


# HTML -----------------------------------------------------------------------


def _static_url(name: str) -> str:
    # Plain (unhashed) URL: the fetcher finds the file with the staticfiles
    # finders or in STATIC_ROOT, so no collectstatic manifest is needed.
    return settings.STATIC_URL + name


def _media_url(name: str) -> str:
    return settings.MEDIA_URL + name


def _corrections_template() -> str | None:
    try:
        get_template(CORRECTIONS_TEMPLATE)
    except TemplateDoesNotExist:
        return None
    return CORRECTIONS_TEMPLATE


def _common_context() -> dict:
    return {
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "stylesheet_url": _static_url(STYLESHEET),
        "logo_url": _static_url(LOGO),
    }


def article_context(article) -> dict:
    """Everything `publications/pdf/_article.html` shows about one article.

    Expects `bylines__author`, `tags` and `category` to be fetched already.
    """
    tags = sorted(tag.name for tag in article.tags.all())
    image = article.featured_image
    return {
        "article": article,
        "authors": article.ordered_authors,
        "tags": tags,
        "article_url": settings.SITE_URL + article.get_absolute_url(),
        "body": mark_safe(article.body_html),  # sanitised by the model
        "featured_image_url": _media_url(image.name) if image else "",
        "corrections_template": _corrections_template(),
    }


def build_article_html(*, article) -> str:
    """Return the standalone HTML document of one article's PDF."""
    with translation.override(article.language):
        context = _common_context() | article_context(article)
        return render_to_string("publications/pdf/article.html", context)


def build_compilation_html(
    *,
    articles: Sequence,
    title: str,
    subtitle: str = "",
    language: str | None = None,
    on_progress: ProgressCallback | None = None,
) -> str:
    """Return one HTML document: cover, contents with page numbers, articles."""
    languages = {article.language for article in articles}
    if language is None:
        language = languages.pop() if len(languages) == 1 else settings.LANGUAGE_CODE
    entries = []
    for done, article in enumerate(articles, start=1):
        with translation.override(article.language):
            entries.append(article_context(article))
            # Force lazy pieces while the article's language is active.
            entries[-1]["article_url"] = str(entries[-1]["article_url"])
        if on_progress:
            on_progress(done)
    with translation.override(language):
        context = _common_context() | {
            "title": title,
            "subtitle": subtitle,
            "language": language,
            "entries": entries,
            "keywords": sorted({tag for entry in entries for tag in entry["tags"]}),
            "authors": list(
                dict.fromkeys(a.name for e in entries for a in e["authors"])
            ),
        }
        return render_to_string("publications/pdf/compilation.html", context)


# Files beside the templates that shape every PDF; the stylesheet's fonts are
# found by reading it.
LAYOUT_STATIC = (STYLESHEET, LOGO)
LAYOUT_TEMPLATES = (
    "publications/pdf/article.html",
    "publications/pdf/_head.html",
    "publications/pdf/_article.html",
    CORRECTIONS_TEMPLATE,
)
# Code whose change may change a PDF: building the HTML (body sanitising and
# footnotes, addresses) and rendering it.
LAYOUT_CODE = (
    "publications/pdf/render.py",
    "publications/pdf/url_fetcher.py",
    "publications/pdf/worker.py",
    "publications/templatetags/pdf_tags.py",
    "publications/html.py",
    "publications/cite.py",
    "publications/models/articles.py",
    "publications/models/editorial.py",
    "publications/models/taxonomy.py",
    "publications/urls.py",
    "config/urls.py",
)
LAYOUT_PACKAGES = ("django", "weasyprint", "nh3", "pydyf", "fonttools", "tinycss2")
_CSS_URL = re.compile(r"""url\(\s*["']?([^"')]+)["']?\s*\)""")


@lru_cache(maxsize=64)
def _file_digest(path: str, mtime: float, size: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _digest_of(path: str | None) -> str:
    if not path or not os.path.isfile(path):
        return "-"
    stat = os.stat(path)
    return _file_digest(path, stat.st_mtime, stat.st_size)


def _layout_files() -> list[tuple[str, str | None]]:
    """Name and path of every file, besides an article's data, a PDF is built from."""
    files: list[tuple[str, str | None]] = []
    for name in LAYOUT_STATIC:
        path = finders.find(name)
        files.append((name, path))
        if path and name.endswith(".css"):
            css = Path(path).read_text(encoding="utf-8", errors="replace")
            for url in _CSS_URL.findall(css):
                used = posixpath.normpath(posixpath.join(posixpath.dirname(name), url))
                files.append((used, finders.find(used)))
    for name in LAYOUT_TEMPLATES:
        try:
            files.append((name, get_template(name).origin.name))
        except TemplateDoesNotExist:
            files.append((name, None))
    base = Path(settings.BASE_DIR)
    files.extend((name, str(base / name)) for name in LAYOUT_CODE)
    for path in sorted(base.glob("locale/*/LC_MESSAGES/*.mo")):
        files.append((path.relative_to(base).as_posix(), str(path)))
    return files


def _package_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"


def _compute_layout_fingerprint() -> str:
    digest = hashlib.sha256()
    parts = [
        LAYOUT_VERSION,
        PDF_VARIANT,
        settings.SITE_NAME,
        settings.SITE_URL,
        settings.STATIC_URL,
        settings.MEDIA_URL,
        settings.TIME_ZONE,
        *(f"{name}={_package_version(name)}" for name in LAYOUT_PACKAGES),
        *(f"{name}:{_digest_of(path)}" for name, path in _layout_files()),
    ]
    digest.update("\n".join(parts).encode())
    return digest.hexdigest()


_layout_fingerprint: str | None = None


def layout_fingerprint() -> str:
    """Return a digest of all that shapes a PDF besides its article's data.

    Templates, stylesheet, fonts, logo, the code that builds and renders the
    HTML, translations, library versions and the site settings a PDF shows.
    Read once per process; with DEBUG on, every time, so edits show at once.
    """
    global _layout_fingerprint
    if _layout_fingerprint is None or settings.DEBUG:
        _layout_fingerprint = _compute_layout_fingerprint()
    return _layout_fingerprint


@receiver(setting_changed)
def _forget_layout_fingerprint(**kwargs) -> None:
    global _layout_fingerprint
    _layout_fingerprint = None


# Rendering ------------------------------------------------------------------


def quiet_renderer_logs() -> None:
    """Keep WeasyPrint's per-step progress and font messages out of the logs."""
    for name in ("weasyprint.progress", "fontTools"):
        logging.getLogger(name).setLevel(logging.WARNING)


def write_pdf(html: str) -> bytes:
    """Render `html` to PDF bytes in this process, reading only our files."""
    # Imported here: WeasyPrint loads Pango and its stylesheets, which only the
    # rendering process needs, not every web worker.
    from weasyprint import HTML

    from .url_fetcher import LocalFilesFetcher, pdf_base_url

    quiet_renderer_logs()
    document = HTML(
        string=html, base_url=pdf_base_url(), url_fetcher=LocalFilesFetcher()
    )
    return document.write_pdf(pdf_variant=PDF_VARIANT, dpi=200, optimize_images=True)


def _worker_settings() -> dict:
    """Settings the child must share with this process to find the same files."""
    dirs = []
    for entry in settings.STATICFILES_DIRS:
        if isinstance(entry, list | tuple):
            dirs.append([str(entry[0]), str(entry[1])])
        else:
            dirs.append(str(entry))
    return {
        "SITE_URL": settings.SITE_URL,
        "STATIC_URL": settings.STATIC_URL,
        "STATIC_ROOT": str(settings.STATIC_ROOT or ""),
        "STATICFILES_DIRS": dirs,
        "MEDIA_URL": settings.MEDIA_URL,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }


def render_pdfs(
    htmls: Sequence[str], *, on_progress: ProgressCallback | None = None
) -> list[bytes]:
    """Render each HTML document to PDF in one child process; return the PDFs."""
    if not htmls:
        return []
    if getattr(settings, "PDF_RENDER_IN_PROCESS", False):
        pdfs = []
        for done, html in enumerate(htmls, start=1):
            pdfs.append(write_pdf(html))
            if on_progress:
                on_progress(done)
        return pdfs
    return _render_in_child(htmls, on_progress=on_progress)


def render_pdf(html: str) -> bytes:
    """Render one HTML document to PDF bytes outside this process."""
    return render_pdfs([html])[0]


def _render_in_child(
    htmls: Sequence[str], *, on_progress: ProgressCallback | None
) -> list[bytes]:
    timeout = getattr(settings, "PDF_RENDER_TIMEOUT", 120) * len(htmls)
    with tempfile.TemporaryDirectory(prefix="pdf-render-") as workdir:
        work = Path(workdir)
        documents = []
        for index, html in enumerate(htmls):
            source = work / f"{index}.html"
            source.write_text(html, encoding="utf-8")
            documents.append({"html": str(source), "pdf": str(work / f"{index}.pdf")})
        job = work / "job.json"
        job.write_text(
            json.dumps({"settings": _worker_settings(), "documents": documents}),
            encoding="utf-8",
        )
        env = os.environ | {
            "DJANGO_SETTINGS_MODULE": os.environ.get(
                "DJANGO_SETTINGS_MODULE", "config.settings"
            ),
            "PYTHONPATH": os.pathsep.join(
                filter(None, [str(settings.BASE_DIR), os.environ.get("PYTHONPATH")])
            ),
        }
        with open(work / "stderr.txt", "w+b") as stderr:
            process = subprocess.Popen(
                [sys.executable, "-m", "publications.pdf.worker", str(job)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=stderr,
                cwd=settings.BASE_DIR,
                env=env,
            )
            timer = threading.Timer(timeout, process.kill)
            timer.start()
            try:
                done = 0
                for line in process.stdout:
                    if line.strip().isdigit():
                        done += 1
                        if on_progress:
                            on_progress(done)
                returncode = process.wait()
            finally:
                timer.cancel()
                process.stdout.close()
            if returncode != 0:
                stderr.seek(0)
                tail = stderr.read().decode("utf-8", "replace")[-2000:]
                reason = "timed out" if returncode < 0 else f"exit {returncode}"
                raise PdfRenderError(f"PDF renderer failed ({reason}): {tail}")
        return [Path(doc["pdf"]).read_bytes() for doc in documents]
