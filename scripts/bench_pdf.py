"""Benchmark article PDFs: `make bench-pdf`.

Prints the render time of the reference article and of a 40-page report
(each through the real out-of-process renderer), the time to serve a cached
PDF through the full Django stack, and peak memory of the renderer and the
web process. Runs against a throwaway SQLite database and media folder.
"""

import io
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

PARAGRAPHS = [
    "The relationship between Azerbaijan and Turkey has been on a developing "
    "course since the very beginning of the former’s post-Soviet independence, "
    "and has now arguably reached its hitherto peak.[[Huseynov, Geopolitical "
    "monitor, 22 September 2020.]] The unequivocal support by Turkish leaders to "
    "Azerbaijan amidst the escalation of its conflict with Armenia, the "
    "subsequent joint exercises and drills between their armed forces, and "
    "frequent mutual visits of high-ranking officials regardless of the pandemic "
    "are some of the highlights in the bilateral relations of the two countries "
    "in recent months.",
    "While the ethnic kinship and cultural proximity constitute the cornerstone "
    "of these bonds, these are common interests and security threats that lead "
    "the two brotherly nations toward building a strategic alliance.",
    "The two Turkic states that often laud their bonds under the motto “one "
    "nation, two states” have to deal with common security threats posed by "
    "Armenia’s territorial claims and Russia’s military presence and security "
    "interests in the South Caucasus. Armenia hosts Russia’s military base in "
    "Gyumri, a city 10 kilometers away from the Turkish border.",
    "These threats were out there since the collapse of the Soviet Union, but "
    "they have recently gained momentum following reckless statements from "
    "Armenia’s leadership, the military attacks (July 12 – 15) on the Tovuz "
    "district of Azerbaijan where all the transportation and energy routes (such "
    "as the Baku-Tbilisi-Ceyhan oil pipeline, Baku-Tbilisi-Erzurum gas pipeline, "
    "and Baku-Tbilisi-Kars railway) connecting Azerbaijan and Turkey pass "
    "through.[[Ministry of Energy of Azerbaijan, annual report, 2020.]]",
]


def _report_body(sections: int) -> str:
    parts = []
    for n in range(1, sections + 1):
        parts.append(f"<h2>{n}. Bölüm: Güney Kafkasya’da enerji ve güvenlik</h2>")
        for paragraph in PARAGRAPHS * 2:
            parts.append(f"<p>{paragraph}</p>")
        parts.append("<h3>Göstergeler</h3>")
        rows = "".join(
            f"<tr><td>Hat {i}</td><td>{1000 + 37 * i} km</td>"
            f"<td>{i * 1.5:.1f}</td></tr>"
            for i in range(1, 9)
        )
        parts.append(
            "<table><caption>Boru hatları ve kapasite</caption><thead><tr>"
            "<th>Hat</th><th>Uzunluk</th><th>Kapasite (bcm)</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
        )
    return "".join(parts)


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # KiB on Linux


def main() -> None:
    workdir = tempfile.mkdtemp(prefix="bench-pdf-")
    os.makedirs(os.path.join(workdir, "static"))  # whitenoise expects it
    os.environ.update(
        {
            "VAR_DIR": workdir,
            "SECRET_KEY": os.environ.get("SECRET_KEY") or "bench-not-secret",
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "LOG_LEVEL": "WARNING",
        }
    )
    for name in ("DATABASE_URL", "REDIS_URL", "AWS_STORAGE_BUCKET_NAME"):
        os.environ.pop(name, None)

    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone
    from pypdf import PdfReader

    from publications.models import Article, ArticleAuthor, Author, Category
    from publications.pdf.render import build_article_html, write_pdf
    from publications.pdf.services import render_article_pdf, with_pdf_relations

    call_command("migrate", verbosity=0)
    author = Author.objects.create(name="Vasif Huseynov", slug="vasif-huseynov")
    tz = timezone.get_current_timezone()
    reference = Article.objects.create(
        title="Azerbaijan–Turkey Strategic Alliance Deepens Amid Recent Conflicts",
        slug="azerbaijan-turkey-strategic-alliance",
        summary="Common interests and security threats lead the two nations "
        "toward a strategic alliance.",
        body="".join(f"<p>{p}</p>" for p in PARAGRAPHS[:2])
        + "<h2>“One nation, two states”</h2>"
        + "".join(f"<p>{p}</p>" for p in PARAGRAPHS[2:]),
        category=Category.objects.get(slug="analiz"),
        status=Article.Status.PUBLISHED,
        published_at=datetime(2020, 9, 23, 10, tzinfo=tz),
        language="en",
        source_name="Geopolitical monitor",
        source_url="https://www.geopoliticalmonitor.com/",
        source_published_on=date(2020, 9, 22),
    )
    report = Article.objects.create(
        title="Güney Kafkasya’da Enerji Güvenliği: 2020 Raporu",
        slug="guney-kafkasya-enerji-raporu",
        summary="Boru hatları, kapasite ve bölgesel güvenlik üzerine kapsamlı rapor.",
        body=_report_body(sections=28),
        category=Category.objects.get(slug="rapor"),
        status=Article.Status.PUBLISHED,
        published_at=datetime(2020, 10, 1, 10, tzinfo=tz),
        language="tr",
    )
    for article in (reference, report):
        ArticleAuthor.objects.create(article=article, author=author)
        article.tags.add("energy", "Güney Kafkasya")

    def load(article):
        return with_pdf_relations(Article.objects).get(pk=article.pk)

    def timed_render(article, runs: int) -> tuple[float, int]:
        times, pages = [], 0
        for _ in range(runs):
            started = time.perf_counter()
            pdf = render_article_pdf(article=load(article))
            times.append(time.perf_counter() - started)
            pages = len(PdfReader(io.BytesIO(pdf)).pages)
        return statistics.median(times), pages

    say(f"WeasyPrint renders in a child process; database and media in {workdir}")
    ref_time, ref_pages = timed_render(reference, runs=3)
    ref_peak = _peak_mb(resource.RUSAGE_CHILDREN)
    say(
        f"Reference article render:   {ref_time:6.2f} s  ({ref_pages} page(s), "
        f"median of 3, child peak RSS {ref_peak:.0f} MB)"
    )

    rep_time, rep_pages = timed_render(report, runs=1)
    rep_peak = _peak_mb(resource.RUSAGE_CHILDREN)
    say(
        f"Report render:              {rep_time:6.2f} s  ({rep_pages} pages, "
        f"child peak RSS {rep_peak:.0f} MB)"
    )

    def body(response) -> bytes:
        # A stored file is streamed; a PDF rendered for the request is not.
        if response.streaming:
            return b"".join(response.streaming_content)
        return response.content

    client = Client()
    url = reference.get_pdf_url()
    started = time.perf_counter()
    first = client.get(url)
    body(first)
    first_time = time.perf_counter() - started
    serve_times = []
    for _ in range(50):
        started = time.perf_counter()
        response = client.get(url)
        body(response)
        serve_times.append((time.perf_counter() - started) * 1000)
    assert response.status_code == 200, response.status_code
    serve_times.sort()
    not_modified = []
    for _ in range(50):
        started = time.perf_counter()
        client.get(url, headers={"if-none-match": response["ETag"]})
        not_modified.append((time.perf_counter() - started) * 1000)
    say(f"First request (render+store): {first_time:6.2f} s")
    say(
        f"Cached PDF served:          {statistics.median(serve_times):6.1f} ms median, "
        f"{serve_times[int(len(serve_times) * 0.95) - 1]:.1f} ms p95 (50 requests)"
    )
    say(f"Conditional request (304):  {statistics.median(not_modified):6.1f} ms median")
    web_peak = _peak_mb(resource.RUSAGE_SELF)
    say(
        f"Peak memory: renderer child {_peak_mb(resource.RUSAGE_CHILDREN):.0f} MB, "
        f"web process {web_peak:.0f} MB (never imports WeasyPrint)"
    )
    html = build_article_html(article=load(reference))
    write_pdf(html)  # warm imports and the font cache; then time layout alone
    started = time.perf_counter()
    write_pdf(html)
    say(
        f"Reference layout in-process: {time.perf_counter() - started:5.2f} s "
        "(the rest of the render time is starting the child process)"
    )
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
