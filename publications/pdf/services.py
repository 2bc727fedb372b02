"""Article PDFs: render once per version, keep in media storage, compile, export."""

import calendar
import hashlib
import io
import json
import logging
import time
import uuid
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import DateTimeField, Prefetch, Value
from django.utils import timezone, translation
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _

from .. import cache_keys
from ..models import Article, ArticleAuthor, Category, Correction, TaggedArticle
from .render import (
    ProgressCallback,
    build_article_html,
    build_compilation_html,
    layout_fingerprint,
    render_pdf,
    render_pdfs,
)

logger = logging.getLogger(__name__)

STORAGE_DIR = "pdfs/articles"


class PdfBusy(RuntimeError):
    """Another process is still rendering this PDF; try again shortly."""


@dataclass(frozen=True)
class ArticlePdf:
    """One version of an article's PDF: where it is stored and how it is named."""

    name: str
    etag: str
    last_modified: datetime
    filename: str
    article_pk: int
    # Page cache dependencies (publications.pagecache) of what the PDF shows.
    cache_keys: tuple[str, ...] = ()


def with_pdf_relations(queryset):
    """Return `queryset` fetching what a PDF shows: category, bylines, tags."""
    # Corrections print in the PDF when the corrections feature is installed.
    extra = ["corrections"] if hasattr(Article, "corrections") else []
    return queryset.select_related("category").prefetch_related(
        Prefetch("bylines", queryset=ArticleAuthor.objects.select_related("author")),
        "tags",
        *extra,
    )


def article_pdf_filename(article: Article) -> str:
    return f"{article.slug}.pdf"


# The version of an article's PDF is a digest of the data it is built from,
# read either from loaded objects or, for a request, from two small queries;
# both give the same rows. The article's own text is represented by `version`
# and `updated_at`, which every save changes; what is shown of its authors,
# tags, corrections and category is taken as it is (a rename of any of them
# saves no article). Everything else (templates, stylesheet, fonts, code,
# settings) is in the layout fingerprint.
_ARTICLE_FIELDS = (
    "pk",
    "slug",
    "language",
    "version",
    "updated_at",
    "published_at",
    "created_at",
    "category_id",
    "category__name",
    "category__slug",
    "featured_image",
)
_BYLINE, _TAG, _CORRECTION = "a", "t", "c"


def _article_row(article: Article) -> tuple:
    return (
        article.pk,
        article.slug,
        article.language,
        article.version,
        article.updated_at,
        article.published_at,
        article.created_at,
        article.category_id,
        article.category.name,
        article.category.slug,
        article.featured_image.name or "",
    )


def _related_rows_of(article: Article) -> list[tuple]:
    """The rows `_related_rows_query` returns, from a `with_pdf_relations` article."""
    rows = [
        (
            _BYLINE,
            b.pk,
            b.position,
            b.author_id,
            b.author.name,
            b.author.role,
            b.author.updated_at,
        )
        for b in article.bylines.all()
    ]
    rows += [(_TAG, tag.pk, 0, 0, tag.name, "", None) for tag in article.tags.all()]
    if hasattr(article, "corrections"):
        rows += [
            (_CORRECTION, c.pk, 0, 0, c.kind, c.note, c.published_on)
            for c in article.corrections.all()
        ]
    return rows


def _related_rows_query(article_pk: int):
    no_time = Value(None, output_field=DateTimeField())
    bylines = ArticleAuthor.objects.filter(article_id=article_pk).values_list(
        Value(_BYLINE),
        "pk",
        "position",
        "author_id",
        "author__name",
        "author__role",
        "author__updated_at",
    )
    tags = TaggedArticle.objects.filter(content_object_id=article_pk).values_list(
        Value(_TAG), "tag_id", Value(0), Value(0), "tag__name", Value(""), no_time
    )
    parts = [tags]
    if hasattr(Article, "corrections"):
        parts.append(
            Correction.objects.filter(article_id=article_pk).values_list(
                Value(_CORRECTION),
                "pk",
                Value(0),
                Value(0),
                "kind",
                "note",
                "published_on",
            )
        )
    return bylines.order_by().union(*(q.order_by() for q in parts), all=True)


def _stamp(value):
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(type(value))


def _version(article_row: tuple, related: Iterable[tuple]) -> ArticlePdf:
    related = sorted(
        (tuple(row) for row in related), key=lambda row: json.dumps(row, default=_stamp)
    )
    data = json.dumps([article_row, related], default=_stamp, ensure_ascii=False)
    digest = hashlib.sha256(layout_fingerprint().encode())
    digest.update(data.encode())
    etag = digest.hexdigest()[:40]
    pk, slug, updated_at = article_row[0], article_row[1], article_row[4]
    stamps = [updated_at, *(row[6] for row in related if row[0] == _BYLINE)]
    return ArticlePdf(
        name=f"{STORAGE_DIR}/{pk}/{etag}.pdf",
        etag=etag,
        last_modified=max(stamps),
        filename=f"{slug}.pdf",
        article_pk=pk,
        cache_keys=(
            cache_keys.article(pk),
            # Category names change the header of every page.
            cache_keys.NAV,
            *sorted(
                {cache_keys.author(row[3]) for row in related if row[0] == _BYLINE}
            ),
            *sorted({cache_keys.tag(row[1]) for row in related if row[0] == _TAG}),
        ),
    )


def article_pdf_version(*, article: Article) -> ArticlePdf:
    """Return the current version of a `with_pdf_relations` article's PDF, unbuilt."""
    return _version(_article_row(article), _related_rows_of(article))


def find_public_article_pdf(*, category: str, slug: str) -> ArticlePdf | None:
    """Return the current PDF version of a public article, or None; two queries.

    The version is the one `article_pdf_version` gives for the same data:
    nothing is rendered, no HTML is built.
    """
    row = (
        Article.objects.published()
        .filter(category__slug=category, slug=slug)
        .values_list(*_ARTICLE_FIELDS)
        .first()
    )
    if row is None:
        return None
    return _version(row, _related_rows_query(row[0]))


def describe_article_pdf(*, article: Article) -> tuple[ArticlePdf, str]:
    """Return the current version of `article`'s PDF and the HTML it renders from.

    The version changes with any change the reader would see — the article,
    its authors, category, tags, corrections, or the layout — so each version
    names a new file, and nothing ever needs purging.
    """
    return article_pdf_version(article=article), build_article_html(article=article)


def render_article_pdf(*, article: Article) -> bytes:
    """Render `article` to PDF bytes now, whatever its status; nothing is stored."""
    return render_pdf(build_article_html(article=article))


def get_or_render_article_pdf(
    *, article: Article, described: tuple[ArticlePdf, str] | None = None
) -> ArticlePdf:
    """Return the stored PDF of `article`'s current version, rendering it once.

    Concurrent first requests, in any process on any server sharing the
    cache, render once: one takes a cache lock, the others wait for the file.
    """
    pdf = described[0] if described else article_pdf_version(article=article)
    if default_storage.exists(pdf.name):
        return pdf
    lock_key = f"pdf-render-lock:{pdf.name}"
    token = uuid.uuid4().hex
    render_timeout = getattr(settings, "PDF_RENDER_TIMEOUT", 120)
    deadline = time.monotonic() + render_timeout + 10
    poll = getattr(settings, "PDF_LOCK_POLL_SECONDS", 0.25)
    while not cache.add(lock_key, token, timeout=render_timeout + 30):
        time.sleep(poll)
        if default_storage.exists(pdf.name):
            return pdf
        if time.monotonic() > deadline:
            raise PdfBusy(pdf.name)
    try:
        # Someone may have finished between our check and taking the lock.
        if not default_storage.exists(pdf.name):
            html = described[1] if described else build_article_html(article=article)
            _store(pdf.name, render_pdf(html))
            _delete_older_versions(article_pk=article.pk, keep=pdf.name)
    finally:
        if cache.get(lock_key) == token:
            cache.delete(lock_key)
    return pdf


def render_public_article_pdf(*, article_pk: int) -> ArticlePdf | None:
    """Return the stored PDF of a public article's current version, rendering it once.

    The article is read afresh, so the version and the HTML come from the same
    rows; None when it is no longer public.
    """
    article = (
        with_pdf_relations(Article.objects.published()).filter(pk=article_pk).first()
    )
    if article is None:
        return None
    return get_or_render_article_pdf(article=article)


def _store(name: str, data: bytes) -> None:
    saved = default_storage.save(name, ContentFile(data))
    if saved != name:
        # Storage refused to overwrite and picked another name: a parallel
        # renderer without the shared cache got there first. Keep theirs.
        default_storage.delete(saved)


def _delete_older_versions(*, article_pk: int, keep: str | None) -> None:
    folder = f"{STORAGE_DIR}/{article_pk}"
    try:
        _dirs, files = default_storage.listdir(folder)
        for filename in files:
            name = f"{folder}/{filename}"
            if name != keep:
                default_storage.delete(name)
    except (OSError, NotImplementedError):
        logger.warning("Could not remove older PDFs of article %s", article_pk)


def iter_article_pdfs(
    *, articles: Sequence[Article], on_progress: ProgressCallback | None = None
) -> Iterator[tuple[Article, bytes]]:
    """Yield each article with its PDF, reusing stored ones and rendering the rest.

    Published articles' new renderings are stored for readers too; other
    statuses are rendered for the caller only and never stored.
    """
    done = 0
    missing: list[tuple[Article, ArticlePdf | None, str]] = []
    for article in articles:
        if article.is_public:
            pdf = article_pdf_version(article=article)
            if default_storage.exists(pdf.name):
                with default_storage.open(pdf.name, "rb") as handle:
                    data = handle.read()
                done += 1
                if on_progress:
                    on_progress(done)
                yield article, data
                continue
            missing.append((article, pdf, build_article_html(article=article)))
        else:
            missing.append((article, None, build_article_html(article=article)))

    def progress(n: int) -> None:
        if on_progress:
            on_progress(done + n)

    rendered = render_pdfs([html for _a, _p, html in missing], on_progress=progress)
    for (article, pdf, _html), data in zip(missing, rendered, strict=True):
        if pdf is not None and not default_storage.exists(pdf.name):
            _store(pdf.name, data)
            _delete_older_versions(article_pk=article.pk, keep=pdf.name)
        yield article, data


def zip_article_pdfs(
    *,
    articles: Sequence[Article],
    target: io.IOBase,
    on_progress: ProgressCallback | None = None,
) -> list[str]:
    """Write one PDF per article into a ZIP at `target`; return the member names."""
    names: list[str] = []
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_STORED) as archive:
        for article, data in iter_article_pdfs(
            articles=articles, on_progress=on_progress
        ):
            name = _unique(article_pdf_filename(article), names)
            archive.writestr(name, data)
            names.append(name)
    return names


def _unique(name: str, taken: Iterable[str]) -> str:
    taken = set(taken)
    stem, n = name.removesuffix(".pdf"), 2
    while name in taken:
        name, n = f"{stem}-{n}.pdf", n + 1
    return name


def compile_pdfs(
    *,
    articles: Sequence[Article],
    title: str,
    subtitle: str = "",
    on_progress: ProgressCallback | None = None,
) -> bytes:
    """Return one PDF: cover, contents with page numbers, each article on a new page."""
    html = build_compilation_html(
        articles=articles, title=title, subtitle=subtitle, on_progress=on_progress
    )
    return render_pdf(html)


def bulten_articles(*, year: int, month: int):
    """Return the published Bülten articles of a calendar month, oldest first."""
    tz = timezone.get_current_timezone()
    start = datetime(year, month, 1, tzinfo=tz)
    last_day = calendar.monthrange(year, month)[1]
    end = datetime(year, month, last_day, 23, 59, 59, 999999, tzinfo=tz)
    return with_pdf_relations(
        Article.objects.published()
        .filter(category__slug="bulten", published_at__range=(start, end))
        .order_by("published_at", "pk")
    )


def bulten_title(*, year: int, month: int, language: str | None = None) -> str:
    category = Category.objects.filter(slug="bulten").first()
    with translation.override(language or settings.LANGUAGE_CODE):
        return _("%(category)s — %(month)s %(year)d") % {
            "category": category.name if category else "Bülten",
            "month": MONTHS[month],
            "year": year,
        }


def compile_bulten(*, year: int, month: int) -> tuple[bytes, int]:
    """Return the compiled PDF of a month's Bülten and how many articles it holds."""
    articles = list(bulten_articles(year=year, month=month))
    if not articles:
        return b"", 0
    languages = {article.language for article in articles}
    language = languages.pop() if len(languages) == 1 else None
    title = bulten_title(year=year, month=month, language=language)
    pdf = compile_pdfs(articles=articles, title=title)
    return pdf, len(articles)


def delete_article_pdfs(*, article_pk: int) -> None:
    """Remove every stored PDF of an article the public may no longer see."""
    _delete_older_versions(article_pk=article_pk, keep=None)
