"""Benchmark the public site at scale: `make bench`.

Run under scripts/with-postgres (the Makefile does): migrates the throwaway
database, seeds BENCH_ARTICLES articles (default 100,000), collects static
files, and measures the article page, a category page (page 1 and page 3,000,
or the last page when there are fewer), an author page, a tag page, a search
and a cached PDF:

- server time without the page cache: the median of BENCH_REQUESTS sequential
  requests to gunicorn started with PAGE_CACHE=0, timed inside gunicorn (its
  access log's request time, %(D)s);
- requests per second and p50/p99 latency with the page cache, under load from
  wrk (BENCH_WRK, default "-t2 -c32 -d5s"): BENCH_ROUNDS rounds (default 3)
  per page, each right before the ceiling's, the median round of each kept;
  the ratio is the median of the rounds' site/ceiling ratios;
- queries per page, counted in-process against the same database;
- peak memory (VmHWM) of the gunicorn workers;
- "hits": how many of 10 requests after warming came with X-Cache: hit.

Beside every figure stands the ceiling: scripts/bench_ceiling.py, a bare WSGI
app returning the same responses from memory, served by gunicorn with the same
settings and measured the same way in the same run.

Then the front cache: the site behind Varnish as `make serve-varnish` runs it,
each page under the same wrk load in turn with Debian's nginx serving the same
bytes as a static file (its ceiling); how long a publish takes to show through
Varnish (BENCH_PUBLISHES, default 20, on the article, its category page and
the home page); and what 10,000 addresses with tracking parameters add to
Varnish and to the page cache. The tables are printed and written as JSON to
var/bench/bench.json.
"""

import http.client
import json
import os
import pickle
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
from bench_report import print_table, say  # noqa: E402 (beside this script)
from bench_servers import (  # noqa: E402
    WRK,
    FrontCache,
    Server,
    StaticCeiling,
    fetch,
    free_port,
    load,
    median_run,
)

PYTHON = sys.executable
ARTICLES = int(os.environ.get("BENCH_ARTICLES", "100000"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "50"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
PUBLISHES = int(os.environ.get("BENCH_PUBLISHES", "20"))
TRACKED = 10_000
DEEP_PAGE = 3000
SEARCH = "doğal gaz"
OUTPUT = BASE_DIR / "var" / "bench" / "bench.json"
HOP_BY_HOP = {"connection", "date", "server", "transfer-encoding", "keep-alive"}
TARGETS_TEXT = (
    "cached article and lists >= 80% of the ceiling's req/s; uncached median: "
    "article < 10 ms, category < 15 ms (page 3,000 within 1.5x page 1), "
    "search < 50 ms; queries per page <= 8; peak worker memory < 150 MB; "
    "through Varnish >= 80% of nginx serving the same bytes; a publish shows "
    "through Varnish within 1 s (median); tracking parameters add nothing"
)


def manage(*args: str, env: dict) -> float:
    started = time.monotonic()
    subprocess.run([PYTHON, "manage.py", *args], cwd=BASE_DIR, env=env, check=True)
    return time.monotonic() - started


def publish_latency(front: FrontCache) -> list[float]:
    """Publish PUBLISHES articles; time until each shows through Varnish.

    Each time the article's address, its category page and the home page are
    first kept by Varnish; the time runs from the save's return until all
    three show it.
    """
    from django.utils import timezone

    from publications.models import Article, Category

    category = Category.objects.get(slug="analiz")
    times = []
    for number in range(PUBLISHES):
        article = Article.objects.create(
            title=f"Yayın ölçümü {number} {secrets.token_hex(4)}",
            summary="Bir yayının Varnish üzerinden görünme süresi.",
            body="<p>Ölçüm için yayımlanan kısa bir yazı.</p>",
            category=category,
            language="tr",
            status=Article.Status.DRAFT,
        )
        url = quote(article.get_absolute_url())
        lists = [quote(category.get_absolute_url()), "/"]
        for path in lists:
            front.kept(path)
        fetch(front.port, url)
        article.status = Article.Status.PUBLISHED
        article.published_at = timezone.now()
        started = time.monotonic()
        article.save()
        shown = set()
        while len(shown) < 3 and time.monotonic() - started < 30:
            if url not in shown and fetch(front.port, url)[0] == 200:
                shown.add(url)
            for path in lists:
                if (
                    path not in shown
                    and article.title.encode() in fetch(front.port, path)[2]
                ):
                    shown.add(path)
            time.sleep(0.01)
        times.append(time.monotonic() - started)
    return times


def tracked_addresses(front: FrontCache) -> dict:
    """Ask for the home page with TRACKED tracking parameters; count what is kept.

    Through Varnish (its objects), and in-process through the page cache
    (the pages it stores).
    """
    from django.test import Client
    from django.test.utils import override_settings

    from publications.pagecache import entries

    front.kept("/")
    before = front.objects()
    for number in range(TRACKED):
        fetch(front.port, f"/?utm_source=n{number}")
    varnish_added = front.objects() - before
    client = Client()
    with override_settings(PAGE_CACHE=True):
        client.get("/")
        store = entries.page_store()
        stored_before = len(store)
        for number in range(TRACKED):
            client.get(f"/?utm_source=n{number}")
        stored_after = len(store)
    return {
        "requests": TRACKED,
        "varnish_objects_added": varnish_added,
        "page_cache_entries_added": stored_after - stored_before,
    }


def sequential_ms(server: Server, path: str) -> float:
    for _ in range(10):  # every worker warm: templates, counts, connections
        fetch(server.port, path)
    since = server.log_lines()
    for _ in range(REQUESTS):
        status, _headers, _body = fetch(server.port, path)
        if status != 200:
            raise SystemExit(f"{path} answered {status}")
    time.sleep(0.3)  # let the access log reach the disk
    times = server.server_times_ms(since, unquoted_log_path(path))
    return statistics.median(times) if times else float("nan")


def unquoted_log_path(path: str) -> str:
    # gunicorn logs the path decoded and the query string as sent.
    from urllib.parse import unquote

    parts = urlsplit(path)
    return unquote(parts.path) + parts.query


def article_and_category():
    """The article measured (translated, with comments), its category, the deep page.

    After `django.setup()`; also used by scripts/time_pages.py.
    """
    from publications.models import Article, Category
    from publications.views.pages import PublishedArticlesMixin

    published = Article.objects.published()
    article = (
        published.filter(
            language="tr",
            category__slug="analiz",
            translations__isnull=False,
            comments__status="approved",
        )
        .newest_first()
        .first()
        or published.newest_first().first()
    )
    category = Category.objects.get(slug="analiz")
    in_category = published.in_category(category).in_language("tr").count()
    last_page = max(1, -(-in_category // PublishedArticlesMixin.paginate_by))
    return article, category, min(DEEP_PAGE, last_page)


def choose_pages() -> tuple[list[tuple[str, str]], dict, int]:
    """Pick the pages to measure and count their queries, in-process."""
    import django

    django.setup()
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.urls import reverse
    from django.utils import translation
    from taggit.models import Tag

    from publications.models import Article, Author

    translation.activate("tr")

    article, category, deep = article_and_category()
    author = Author.objects.annotate(n=Count("articles")).order_by("-n").first()
    tag = (
        Tag.objects.annotate(n=Count("publications_taggedarticle_items"))
        .order_by("-n")
        .first()
    )
    pages = [
        ("article", article.get_absolute_url()),
        ("category p.1", category.get_absolute_url()),
        (f"category p.{deep}", f"{category.get_absolute_url()}?page={deep}"),
        ("author", author.get_absolute_url()),
        ("tag", reverse("publications:tag-detail", kwargs={"slug": tag.slug})),
        ("search", "/search/?q=" + quote(SEARCH)),
        ("cached PDF", article.get_pdf_url()),
    ]
    pages = [(name, quote(path, safe="/?=&%")) for name, path in pages]
    client = Client()
    queries = {}
    for name, path in pages:
        client.get(path)  # renders and stores the PDF; fills list counts
        executed = []

        def count(execute, sql, params, many, context, executed=executed):
            executed.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            response = client.get(path)
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
                response.close()
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
        queries[name] = len(executed)
    total = Article.objects.count()
    connection.close()
    return pages, queries, deep, total


def main() -> None:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("Run under scripts/with-postgres (make bench does).")
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (Debian: apt-get install wrk).")
    started = time.monotonic()
    load_before = os.getloadavg()[0]
    workdir = Path(tempfile.mkdtemp(prefix="bench-"))
    varnish_port = free_port()
    env = {
        **os.environ,
        "VAR_DIR": str(workdir),
        "SECRET_KEY": secrets.token_urlsafe(40),
        "DEBUG": "0",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "LOG_LEVEL": "WARNING",
        "PAGE_CACHE": "0",
        # The front cache's address, known before the site starts: this
        # process publishes articles and purges Varnish like the admin would.
        "VARNISH_PURGE_URLS": f"http://127.0.0.1:{varnish_port}",
    }
    for name in ("REDIS_URL", "AWS_STORAGE_BUCKET_NAME"):
        env.pop(name, None)
    os.environ.clear()
    os.environ.update(env)
    (workdir / "static").mkdir()

    say(f"Seeding {ARTICLES:,} articles into a throwaway PostgreSQL…")
    manage("migrate", "--noinput", "-v", "0", env=env)
    seed_seconds = 0.0
    if os.environ.get("BENCH_SEED", "1") != "0":  # 0: measure what is there
        seed_seconds = manage("seed_bench", "--articles", str(ARTICLES), env=env)
    manage("collectstatic", "--noinput", "-v", "0", env=env)
    pages, queries, deep, total = choose_pages()

    uncached = Server("config.wsgi", env, workdir, "uncached")
    uncached.wait_ready(pages[0][1])
    workers = len(uncached.workers())
    server_ms = {name: sequential_ms(uncached, path) for name, path in pages}
    uncached.stop()

    cached = Server("config.wsgi", {**env, "PAGE_CACHE": "1"}, workdir, "cached")
    cached.wait_ready(pages[0][1])
    recorded, cache_state = {}, {}
    for name, path in pages:
        for _ in range(15):  # each worker keeps its own cache without Redis
            fetch(cached.port, path)
        hits = 0
        for _ in range(10):
            status, headers, body = fetch(cached.port, path)
            names = {key.lower(): value for key, value in headers}
            hits += names.get("x-cache") == "hit"
        cache_state[name] = f"{hits}/10"
        kept = [(k, v) for k, v in headers if k.lower() not in HOP_BY_HOP]
        recorded[path] = (f"{status} {http.client.responses[status]}", kept, body)
    ceiling_file = workdir / "ceiling.pickle"
    ceiling_file.write_bytes(pickle.dumps(recorded))

    ceiling_env = {**env, "BENCH_CEILING_FILE": str(ceiling_file)}
    ceiling_env["PYTHONPATH"] = str(BASE_DIR / "scripts")
    ceiling = Server("bench_ceiling:application", ceiling_env, workdir, "ceiling")
    ceiling.wait_ready(pages[0][1])
    ceiling_ms = {name: sequential_ms(ceiling, path) for name, path in pages}
    # Site and ceiling take turns on each page, so that other work on the
    # machine weighs on both alike; the median round of each is kept.
    # The ratio is the median of each round's site/ceiling pair, taken one
    # right after the other.
    site_load, ceiling_load, ratios = {}, {}, {}
    for name, path in pages:
        site_runs, ceiling_runs = [], []
        for _ in range(ROUNDS):
            site_runs.append(load(cached.port, path))
            ceiling_runs.append(load(ceiling.port, path))
        site_load[name] = median_run(site_runs)
        ceiling_load[name] = median_run(ceiling_runs)
        ratios[name] = statistics.median(
            site["rps"] / ceil["rps"]
            for site, ceil in zip(site_runs, ceiling_runs, strict=True)
        )
    cached.stop()
    ceiling.stop()

    front_rows, publishes, tracked = measure_front_cache(
        env, varnish_port, workdir, pages
    )

    site_peak = max(uncached.peak_mb(), cached.peak_mb())
    rows = []
    for name, path in pages:
        rows.append(
            {
                "page": name,
                "path": path,
                "bytes": len(recorded[path][2]),
                "x_cache_hits": cache_state[name],
                "queries": queries[name],
                "server_ms": round(server_ms[name], 2),
                "ceiling_server_ms": round(ceiling_ms[name], 2),
                "cached": site_load[name],
                "ceiling": ceiling_load[name],
                "ratio": round(ratios[name], 3),
            }
        )
    report = {
        "articles": total,
        "seed_seconds": round(seed_seconds, 1),
        "requests_per_page": REQUESTS,
        "wrk": " ".join(WRK),
        "rounds": ROUNDS,
        "cpus": os.cpu_count(),
        # Other work on the machine skews every figure, the ceiling's too.
        "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        "workers": workers,
        "peak_worker_mb": round(site_peak, 1),
        "ceiling_peak_worker_mb": round(ceiling.peak_mb(), 1),
        "pages": rows,
        "front_cache": front_rows,
        "publish_seconds": [round(value, 3) for value in publishes],
        "tracked_addresses": tracked,
        "targets": TARGETS_TEXT,
        "total_seconds": round(time.monotonic() - started, 1),
    }
    print_table(report, deep)
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    say(f"Written to {OUTPUT.relative_to(BASE_DIR)}")
    shutil.rmtree(workdir, ignore_errors=True)


def measure_front_cache(env: dict, port: int, workdir: Path, pages) -> tuple:
    """Varnish against nginx on every page; publish latency; tracked addresses."""
    front = FrontCache(env, port, workdir)
    try:
        front.wait_ready(pages[0][1])
        bodies = [front.kept(path)[2] for _name, path in pages]
        nginx = StaticCeiling(bodies)
        rows = []
        try:
            for index, (name, path) in enumerate(pages):
                front_runs, nginx_runs = [], []
                for _ in range(ROUNDS):
                    front_runs.append(load(front.port, path))
                    nginx_runs.append(load(nginx.port, nginx.path(index)))
                rows.append(
                    {
                        "page": name,
                        "bytes": len(bodies[index]),
                        "varnish": median_run(front_runs),
                        "nginx": median_run(nginx_runs),
                        "ratio": round(
                            statistics.median(
                                ours["rps"] / theirs["rps"]
                                for ours, theirs in zip(
                                    front_runs, nginx_runs, strict=True
                                )
                            ),
                            3,
                        ),
                    }
                )
        finally:
            nginx.stop()
        publishes = publish_latency(front)
        tracked = tracked_addresses(front)
    finally:
        front.stop()
    return rows, publishes, tracked


if __name__ == "__main__":
    main()
