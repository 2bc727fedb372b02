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
import re
import secrets
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).parent / "gunicorn")
ARTICLES = int(os.environ.get("BENCH_ARTICLES", "100000"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "50"))
WRK = shlex.split(os.environ.get("BENCH_WRK", "-t2 -c32 -d5s"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
PUBLISHES = int(os.environ.get("BENCH_PUBLISHES", "20"))
TRACKED = 10_000
VARNISHD = shutil.which("varnishd") or "/usr/sbin/varnishd"
VARNISHSTAT = shutil.which("varnishstat") or "/usr/bin/varnishstat"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
DEEP_PAGE = 3000
SEARCH = "doğal gaz"
OUTPUT = BASE_DIR / "var" / "bench" / "bench.json"
ACCESS_FORMAT = "%(U)s%(q)s %(s)s %(D)s"
HOP_BY_HOP = {"connection", "date", "server", "transfer-encoding", "keep-alive"}
TARGETS_TEXT = (
    "cached article and lists >= 80% of the ceiling's req/s; uncached median: "
    "article < 10 ms, category < 15 ms (page 3,000 within 1.5x page 1), "
    "search < 50 ms; queries per page <= 8; peak worker memory < 150 MB; "
    "through Varnish >= 80% of nginx serving the same bytes; a publish shows "
    "through Varnish within 1 s (median); tracking parameters add nothing"
)


def say(line: str = "") -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def manage(*args: str, env: dict) -> float:
    started = time.monotonic()
    subprocess.run([PYTHON, "manage.py", *args], cwd=BASE_DIR, env=env, check=True)
    return time.monotonic() - started


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(port: int, path: str, timeout: float = 60) -> tuple[int, list, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Accept-Encoding": "identity"})
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        connection.close()


class Server:
    """gunicorn with config/gunicorn.py on a free loopback port."""

    def __init__(self, app: str, env: dict, workdir: Path, name: str):
        self.port = free_port()
        self.log = workdir / f"{name}-access.log"
        self.peaks: dict[int, int] = {}
        self.process = subprocess.Popen(
            [
                GUNICORN,
                "--config",
                str(BASE_DIR / "config" / "gunicorn.py"),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--access-logfile",
                str(self.log),
                "--access-logformat",
                ACCESS_FORMAT,
                "--error-logfile",
                str(workdir / f"{name}-error.log"),
                app,
            ],
            cwd=BASE_DIR,
            env=env,
        )
        self._stop = threading.Event()
        self._sampler = threading.Thread(target=self._sample_memory, daemon=True)
        self._sampler.start()

    def wait_ready(self, path: str) -> None:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited with {self.process.returncode}")
            try:
                fetch(self.port, path, timeout=30)
                return
            except OSError:
                time.sleep(0.2)
        raise SystemExit("gunicorn did not answer within 90 s")

    def workers(self) -> list[int]:
        pid = self.process.pid
        try:
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text()
            return [int(child) for child in children.split()]
        except OSError:
            return []

    def _sample_memory(self) -> None:
        # Workers are recycled after max_requests: sample often, keep the peak
        # of every worker ever seen.
        while not self._stop.wait(0.25):
            for pid in self.workers():
                try:
                    status = Path(f"/proc/{pid}/status").read_text()
                except OSError:
                    continue
                match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
                if match:
                    self.peaks[pid] = max(self.peaks.get(pid, 0), int(match[1]))

    def peak_mb(self) -> float:
        return max(self.peaks.values(), default=0) / 1024

    def log_lines(self) -> int:
        return len(self.log.read_text().splitlines()) if self.log.exists() else 0

    def server_times_ms(self, since: int, path: str) -> list[float]:
        lines = self.log.read_text().splitlines()[since:]
        times = []
        for line in lines:
            logged_path, status, micros = line.rsplit(" ", 2)
            if logged_path == path and status == "200":
                times.append(int(micros) / 1000)
        return times

    def stop(self) -> None:
        self._stop.set()
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class FrontCache:
    """The site behind Varnish, as `make serve-varnish` runs it."""

    def __init__(self, env: dict, port: int, workdir: Path):
        self.port = port
        # varnishd reads its VCL as its own unprivileged user.
        self.dir = Path(tempfile.mkdtemp(prefix="bench-varnish-"))
        self.dir.chmod(0o755)
        self.process = subprocess.Popen(
            [str(BASE_DIR / "scripts" / "serve-varnish")],
            cwd=BASE_DIR,
            env={
                **env,
                "PORT": str(port),
                "BACKEND_PORT": str(free_port()),
                "VARNISH_DIR": str(self.dir),
                "PYTHON": PYTHON,
                "PAGE_CACHE": "1",
                # As the nginx beside it: no access log.
                "VARNISH_REQUEST_LOG": "0",
            },
            stdout=open(workdir / "serve-varnish.log", "w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_ready(self, path: str) -> None:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit("serve-varnish exited; see its log")
            try:
                if fetch(self.port, path, timeout=30)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise SystemExit("Varnish did not answer within 90 s")

    def kept(self, path: str) -> tuple[str, list, bytes]:
        """Fetch `path` until Varnish answers it from memory."""
        for _ in range(20):
            status, headers, body = fetch(self.port, path)
            names = {key.lower(): value for key, value in headers}
            if names.get("x-front-cache") == "hit":
                return status, headers, body
            time.sleep(0.05)
        raise SystemExit(f"Varnish does not keep {path}")

    def objects(self) -> int:
        result = subprocess.run(
            [VARNISHSTAT, "-n", str(self.dir / "state"), "-1", "-f", "MAIN.n_object"],
            capture_output=True,
            text=True,
            check=True,
        )
        return int(result.stdout.split()[1])

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        shutil.rmtree(self.dir, ignore_errors=True)


class StaticCeiling:
    """Debian's nginx serving each recorded body as a static file."""

    def __init__(self, bodies: list[bytes]):
        self.port = free_port()
        # nginx's workers run as an unprivileged user: a folder they may read.
        self.dir = Path(tempfile.mkdtemp(prefix="bench-nginx-"))
        self.dir.chmod(0o755)
        root = self.dir / "www"
        root.mkdir()
        root.chmod(0o755)
        for index, body in enumerate(bodies):
            page = root / f"p{index}"
            page.write_bytes(body)
            page.chmod(0o644)
        temp = "\n".join(
            f"  {kind}_temp_path {self.dir}/{kind};"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        (self.dir / "nginx.conf").write_text(
            "worker_processes auto;\n"
            f"pid {self.dir}/nginx.pid;\n"
            f"error_log {self.dir}/error.log;\n"
            "events { worker_connections 1024; }\n"
            "http {\n"
            "  access_log off;\n  sendfile on;\n  tcp_nopush on;\n"
            f"{temp}\n"
            f"  server {{ listen 127.0.0.1:{self.port}; root {root};\n"
            "    location / { default_type text/html; } }\n"
            "}\n"
        )
        self.process = subprocess.Popen(
            [NGINX, "-c", str(self.dir / "nginx.conf"), "-g", "daemon off;"]
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                fetch(self.port, "/p0", timeout=5)
                return
            except OSError:
                time.sleep(0.1)
        raise SystemExit("nginx did not answer within 30 s")

    def path(self, index: int) -> str:
        return f"/p{index}"

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)
        shutil.rmtree(self.dir, ignore_errors=True)


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


def parse_ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def load(port: int, path: str) -> dict:
    result = subprocess.run(
        ["wrk", *WRK, "--latency", f"http://127.0.0.1:{port}{path}"],
        capture_output=True,
        text=True,
        check=True,
    )
    out = result.stdout
    percentiles = dict(re.findall(r"^\s*(50|99)%\s+([\d.]+[a-z]+)", out, re.MULTILINE))
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)$", out, re.MULTILINE)
    nan = float("nan")
    return {
        "rps": float(rps[1]) if rps else nan,
        "p50_ms": parse_ms(percentiles["50"]) if "50" in percentiles else nan,
        "p99_ms": parse_ms(percentiles["99"]) if "99" in percentiles else nan,
        "non_2xx": int(errors[1]) if errors else 0,
        "socket_errors": socket_errors[1] if socket_errors else "",
        "wrk_output": out,
    }


def median_run(runs: list[dict]) -> dict:
    """Return the run with the median requests per second, with every rate."""
    ordered = sorted(runs, key=lambda run: run["rps"])
    return {**ordered[len(ordered) // 2], "rounds_rps": [run["rps"] for run in runs]}


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

    from publications.models import Article, Author, Category
    from publications.views.pages import PublishedArticlesMixin

    translation.activate("tr")

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
    deep = min(DEEP_PAGE, last_page)
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


def print_table(report: dict, deep: int) -> None:
    say()
    say(
        f"{report['articles']:,} articles (seeded in {report['seed_seconds']:.0f} s), "
        f"{report['cpus']} CPUs, gunicorn config/gunicorn.py ({report['workers']} "
        "workers), "
        f"wrk {report['wrk']}, median of {report['rounds']} rounds taken in turn "
        "with the ceiling (ratio: median of the rounds' ratios); "
        "ceiling = bare WSGI app, same bytes, same server"
    )
    header = (
        f"{'page':<16} {'uncached ms':>11} {'(ceil)':>7} {'queries':>7} "
        f"{'cached req/s':>12} {'(ceil)':>8} {'ratio':>6} "
        f"{'p50 ms':>7} {'(ceil)':>7} {'p99 ms':>7} {'(ceil)':>7} {'hits':>8}"
    )
    say(header)
    say("-" * len(header))
    for row in report["pages"]:
        site, ceil = row["cached"], row["ceiling"]
        say(
            f"{row['page']:<16} {row['server_ms']:>11.1f} "
            f"{row['ceiling_server_ms']:>7.2f} {row['queries']:>7} "
            f"{site['rps']:>12.0f} {ceil['rps']:>8.0f} {row['ratio']:>6.0%} "
            f"{site['p50_ms']:>7.2f} {ceil['p50_ms']:>7.2f} "
            f"{site['p99_ms']:>7.2f} {ceil['p99_ms']:>7.2f} {row['x_cache_hits']:>8}"
        )
        if site["non_2xx"] or site["socket_errors"]:
            say(
                f"  ({site['non_2xx']} non-2xx responses; "
                f"socket errors: {site['socket_errors'] or 'none'})"
            )
    say(
        f"peak worker memory (VmHWM): {report['peak_worker_mb']:.0f} MB "
        f"(ceiling {report['ceiling_peak_worker_mb']:.0f} MB)"
    )
    by_name = {row["page"]: row for row in report["pages"]}
    first, deep_row = by_name["category p.1"], by_name[f"category p.{deep}"]
    say(
        f"category page {deep} / page 1 server time: "
        f"{deep_row['server_ms'] / first['server_ms']:.2f}x"
    )
    say()
    say(
        "Through Varnish (make serve-varnish, VARNISH_REQUEST_LOG=0) beside nginx "
        "serving the same bytes as a static file (access_log off); "
        f"wrk {report['wrk']}, {report['rounds']} rounds in turn"
    )
    header = (
        f"{'page':<16} {'Varnish req/s':>13} {'nginx':>8} {'ratio':>6} "
        f"{'p50 ms':>7} {'(nginx)':>7} {'p99 ms':>7} {'(nginx)':>7}"
    )
    say(header)
    say("-" * len(header))
    for row in report["front_cache"]:
        ours, theirs = row["varnish"], row["nginx"]
        say(
            f"{row['page']:<16} {ours['rps']:>13.0f} {theirs['rps']:>8.0f} "
            f"{row['ratio']:>6.0%} {ours['p50_ms']:>7.2f} {theirs['p50_ms']:>7.2f} "
            f"{ours['p99_ms']:>7.2f} {theirs['p99_ms']:>7.2f}"
        )
        if ours["non_2xx"] or ours["socket_errors"]:
            say(
                f"  ({ours['non_2xx']} non-2xx responses; "
                f"socket errors: {ours['socket_errors'] or 'none'})"
            )
    publishes = report["publish_seconds"]
    say(
        f"publish shown through Varnish (article, category, home), "
        f"{len(publishes)} publishes: median {statistics.median(publishes):.2f} s, "
        f"max {max(publishes):.2f} s"
    )
    tracked = report["tracked_addresses"]
    say(
        f"{TRACKED:,} × /?utm_source=N: Varnish objects added "
        f"{tracked['varnish_objects_added']}, page-cache entries added "
        f"{tracked['page_cache_entries_added']}"
    )
    say(f"targets: {report['targets']}")
    before, after = report["load_average"]
    say(
        f"bench took {report['total_seconds']:.0f} s; "
        f"load average {before:.1f} at the start, {after:.1f} at the end"
    )


if __name__ == "__main__":
    main()
