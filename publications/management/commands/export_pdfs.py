import sys
import time
from datetime import date, datetime
from datetime import time as dtime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from publications.models import Article, Author, Category
from publications.pdf.render import PdfRenderError
from publications.pdf.services import (
    article_pdf_filename,
    bulten_articles,
    bulten_title,
    compile_pdfs,
    iter_article_pdfs,
    with_pdf_relations,
    zip_article_pdfs,
)


class ProgressBar:
    """A one-line progress bar on stderr, redrawn in place on a terminal."""

    def __init__(self, total: int, *, label: str, stream=None, width: int = 30):
        self.total, self.label, self.width = max(total, 1), label, width
        self.stream = stream or sys.stderr
        self.started = time.monotonic()
        self.tty = getattr(self.stream, "isatty", lambda: False)()
        self.update(0)

    def update(self, done: int) -> None:
        filled = round(self.width * done / self.total)
        bar = "#" * filled + "-" * (self.width - filled)
        elapsed = time.monotonic() - self.started
        line = f"{self.label} [{bar}] {done}/{self.total} {elapsed:5.1f}s"
        if self.tty:
            self.stream.write("\r" + line)
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def finish(self) -> None:
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{value!r} is not a date; use YYYY-MM-DD.") from None


def _month(value: str) -> tuple[int, int]:
    try:
        parsed = datetime.strptime(value, "%Y-%m")
    except ValueError:
        raise CommandError(f"{value!r} is not a month; use YYYY-MM.") from None
    return parsed.year, parsed.month


class Command(BaseCommand):
    help = (
        "Export published articles to PDF: OUTPUT ending in .pdf gets one compiled "
        "PDF with a cover and contents, .zip a ZIP of single PDFs, anything else a "
        "directory of single PDFs."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", required=True, help="PDF, ZIP or folder")
        parser.add_argument("--category", help="category slug, e.g. analiz")
        parser.add_argument("--tag", help="tag name or slug")
        parser.add_argument("--author", help="author slug")
        parser.add_argument("--language", choices=["tr", "en"])
        parser.add_argument("--since", type=_date, help="published on or after")
        parser.add_argument("--until", type=_date, help="published on or before")
        parser.add_argument("--ids", help="comma-separated article ids")
        parser.add_argument(
            "--bulten",
            metavar="YYYY-MM",
            type=_month,
            help="the month's Bülten articles (combine with a .pdf output)",
        )
        parser.add_argument("--title", help="cover title of a compiled PDF")

    def handle(self, *args, **options):
        output = Path(options["output"])
        articles = self._select(options)
        if not articles:
            raise CommandError("No published article matches these filters.")
        suffix = output.suffix.lower()
        if suffix in {".pdf", ".zip"} and not output.parent.exists():
            raise CommandError(f"Folder {output.parent} does not exist.")
        try:
            if suffix == ".pdf":
                self._compile(articles, output, options)
            elif suffix == ".zip":
                self._zip(articles, output)
            else:
                self._folder(articles, output)
        except PdfRenderError as exc:
            raise CommandError(f"Rendering failed: {exc}") from exc

    def _select(self, options) -> list[Article]:
        if options["bulten"]:
            year, month = options["bulten"]
            return list(bulten_articles(year=year, month=month))
        queryset = Article.objects.published()
        if options["category"]:
            category = Category.objects.filter(slug=options["category"]).first()
            if category is None:
                slugs = ", ".join(Category.objects.values_list("slug", flat=True))
                raise CommandError(
                    f"No category {options['category']!r}; choose one of: {slugs}."
                )
            queryset = queryset.in_category(category)
        if options["author"]:
            author = Author.objects.filter(slug=options["author"]).first()
            if author is None:
                raise CommandError(f"No author with slug {options['author']!r}.")
            queryset = queryset.by_author(author)
        if options["tag"]:
            queryset = queryset.filter(tags__slug=options["tag"]) | queryset.filter(
                tags__name__iexact=options["tag"]
            )
        if options["language"]:
            queryset = queryset.in_language(options["language"])
        tz = timezone.get_current_timezone()
        if options["since"]:
            start = datetime.combine(options["since"], dtime.min, tzinfo=tz)
            queryset = queryset.filter(published_at__gte=start)
        if options["until"]:
            end = datetime.combine(options["until"], dtime.max, tzinfo=tz)
            queryset = queryset.filter(published_at__lte=end)
        if options["ids"]:
            try:
                ids = [int(part) for part in options["ids"].split(",") if part.strip()]
            except ValueError:
                raise CommandError("--ids takes numbers separated by commas.") from None
            queryset = queryset.filter(pk__in=ids)
        return list(
            with_pdf_relations(queryset.distinct().order_by("published_at", "pk"))
        )

    def _compile(self, articles, output: Path, options) -> None:
        if options["bulten"]:
            year, month = options["bulten"]
            title = options["title"] or bulten_title(year=year, month=month)
        else:
            title = options["title"] or "Articles"
        bar = ProgressBar(len(articles), label="Preparing")
        started = time.monotonic()
        pdf = compile_pdfs(
            articles=articles, title=title, on_progress=self._then_render(bar)
        )
        output.write_bytes(pdf)
        self._done(f"{output}: {len(articles)} articles", started)

    def _then_render(self, bar: ProgressBar):
        def update(done: int) -> None:
            bar.update(done)
            if done == bar.total:
                bar.finish()
                self.stderr.write("Rendering the compiled PDF…")

        return update

    def _zip(self, articles, output: Path) -> None:
        bar = ProgressBar(len(articles), label="Rendering")
        started = time.monotonic()
        with open(output, "wb") as target:
            zip_article_pdfs(articles=articles, target=target, on_progress=bar.update)
        bar.finish()
        self._done(f"{output}: {len(articles)} PDFs", started)

    def _folder(self, articles, output: Path) -> None:
        if output.exists() and not output.is_dir():
            raise CommandError(f"{output} exists and is not a folder.")
        output.mkdir(parents=True, exist_ok=True)
        bar = ProgressBar(len(articles), label="Rendering")
        started = time.monotonic()
        for article, data in iter_article_pdfs(
            articles=articles, on_progress=bar.update
        ):
            (output / article_pdf_filename(article)).write_bytes(data)
        bar.finish()
        self._done(f"{output}: {len(articles)} PDFs", started)

    def _done(self, what: str, started: float) -> None:
        seconds = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"Wrote {what} in {seconds:.1f}s."))
