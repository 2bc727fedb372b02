#!/usr/bin/env python3
"""Bounded load-and-fault run: readers and commenters against gunicorn on
loopback, one worker killed half-way through.

    .venv/bin/python scripts/load_and_fault.py [--duration 20] [--readers 4]
        [--commenters 2] [--workers 2] [--database-url postgres://...]
        [--collectstatic] [--json]

It builds a throwaway site (a temporary SQLite database, or a fresh database
created next to the PostgreSQL one named by --database-url / DATABASE_URL),
serves it with gunicorn on 127.0.0.1 and a free port, and for a fixed time
runs reader threads (pages, lists, feeds, search) and commenter threads that
do what a browser does: fetch the article page, read the CSRF token and the
signed timestamp from the form, wait the minimum time, post, and expect the
303 that means "accepted". Half-way through it SIGKILLs one gunicorn worker.

It reports requests served, errors, comments accepted and comments stored,
and exits 1 on any 5xx or failed connection outside the kill window, or on
any accepted comment that is not in the database. Traffic goes to loopback
only; every loop stops at the deadline.
"""

import argparse
import http.cookiejar
import json
import os
import random
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Failures this close to the kill are the kill's: requests in flight on the
# dead worker, and the moment before the master notices and forks a new one.
KILL_WINDOW_SECONDS = 5.0
REQUEST_TIMEOUT = 30


@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    statuses: Counter = field(default_factory=Counter)
    served: int = 0
    errors_in_window: int = 0
    errors_outside_window: list = field(default_factory=list)
    accepted: list = field(default_factory=list)
    refused: Counter = field(default_factory=Counter)
    kill_at: float | None = None

    def in_kill_window(self, started: float, ended: float) -> bool:
        kill = self.kill_at
        return (
            kill is not None
            and started <= kill + KILL_WINDOW_SECONDS
            and (ended >= kill)
        )

    def record(self, *, started, status=None, error=None, what=""):
        ended = time.monotonic()
        with self.lock:
            if status is not None:
                self.statuses[status] += 1
                self.served += 1
            if error is not None or (status is not None and status >= 500):
                if self.in_kill_window(started, ended):
                    self.errors_in_window += 1
                else:
                    self.errors_outside_window.append(f"{what}: {error or status}")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(opener, url, data=None):
    """Return (status, body); HTTP errors are answers too, not exceptions."""
    try:
        with opener.open(url, data=data, timeout=REQUEST_TIMEOUT) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def reader(base, paths, deadline, tally, seed):
    rng = random.Random(seed)
    opener = urllib.request.build_opener()
    while time.monotonic() < deadline:
        path = rng.choice(paths)
        started = time.monotonic()
        try:
            status, _ = fetch(opener, base + path)
            tally.record(started=started, status=status, what=f"GET {path}")
        except OSError as exc:
            tally.record(started=started, error=repr(exc), what=f"GET {path}")


FORM = re.compile(r'<form id="comment-form"([^>]*)>', re.S)
ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')


def commenter(base, articles, deadline, tally, seed, min_seconds):
    rng = random.Random(seed)
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(jar), NoRedirect()
    )
    while time.monotonic() < deadline - min_seconds - 1:
        path = rng.choice(articles)
        started = time.monotonic()
        try:
            status, body = fetch(opener, base + path)
        except OSError as exc:
            tally.record(started=started, error=repr(exc), what=f"GET {path}")
            continue
        tally.record(started=started, status=status, what=f"GET {path}")
        html = body.decode("utf-8", "replace")
        form = FORM.search(html)
        if status != 200 or not form:
            continue
        # As the form's script does: the token and the timestamp come from the
        # form's start address, not from the page every reader shares.
        attributes = dict(ATTRIBUTE.findall(form.group(1)))
        start = urllib.parse.urljoin(base + path, attributes["data-start-url"])
        started = time.monotonic()
        try:
            status, body = fetch(opener, start)
        except OSError as exc:
            tally.record(started=started, error=repr(exc), what=f"GET {start}")
            continue
        tally.record(started=started, status=status, what=f"GET {start}")
        if status != 200:
            continue
        values = json.loads(body)
        time.sleep(min_seconds + 0.2)
        marker = uuid.uuid4().hex
        data = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": values["csrfmiddlewaretoken"],
                "timestamp": values["timestamp"],
                "website": "",
                "name": f"Reader {marker[:6]}",
                "email": f"reader-{marker[:12]}@example.org",
                "body": f"A considered reply to the argument, reference {marker}.",
            }
        ).encode()
        action = urllib.parse.urljoin(base + path, attributes["data-create-url"])
        request = urllib.request.Request(action, data=data)
        request.add_header("Referer", base + path)
        started = time.monotonic()
        try:
            status, _ = fetch(opener, request)
        except OSError as exc:
            tally.record(started=started, error=repr(exc), what=f"POST {action}")
            continue
        tally.record(started=started, status=status, what=f"POST {action}")
        with tally.lock:
            if status == 303:
                tally.accepted.append(marker)
            else:
                tally.refused[status] += 1


def worker_pids(master: int) -> list[int]:
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:
            children.append(int(stat.parent.name))
    return sorted(children)


def run(args) -> dict:
    workdir = Path(tempfile.mkdtemp(prefix="thinktank-load-"))
    env = os.environ.copy()
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "VAR_DIR": str(workdir),
            "LOG_LEVEL": "WARNING",
            "ADMINS": "",
            # Loopback is one address for every simulated reader, so the
            # per-address limit is lifted; the minimum time is kept, short.
            "COMMENTS_MIN_SECONDS": str(args.min_seconds),
            "COMMENTS_RATE_LIMIT": "100000/1m",
            "GUNICORN_WORKERS": str(args.workers),
            "GUNICORN_THREADS": "2",
            "GUNICORN_MAX_REQUESTS": "0",
            "GUNICORN_TIMEOUT": "60",
        }
    )
    database_url, drop = prepare_database(args.database_url, workdir)
    env["DATABASE_URL"] = database_url
    if not args.collectstatic:
        # Only pages are requested, never static files: the manifest's hashed
        # names are not needed, and collectstatic takes longer than the run.
        settings_module = workdir / "loadtest_settings.py"
        settings_module.write_text(
            "from config.settings import *\n"
            "STORAGES = {**STORAGES, 'staticfiles': {'BACKEND': "
            "'django.contrib.staticfiles.storage.StaticFilesStorage'}}\n"
        )
        env["DJANGO_SETTINGS_MODULE"] = "loadtest_settings"
        env["PYTHONPATH"] = os.pathsep.join(
            filter(None, [str(workdir), str(ROOT), env.get("PYTHONPATH", "")])
        )
    python = sys.executable
    try:
        manage = [python, "manage.py"]
        subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], cwd=ROOT,
                       env=env, check=True)  # fmt: skip
        if args.collectstatic:
            subprocess.run([*manage, "collectstatic", "--noinput", "-v", "0"],
                           cwd=ROOT, env=env, check=True)  # fmt: skip
        pages = json.loads(
            subprocess.run(
                [*manage, "shell", "--no-imports", "-c", SEED],
                cwd=ROOT, env=env, check=True, capture_output=True, text=True,
            ).stdout.strip().splitlines()[-1]
        )  # fmt: skip
        return load(args, env, pages)
    finally:
        if drop:
            drop()
        subprocess.run(["rm", "-rf", str(workdir)], check=False)


def load(args, env, pages) -> dict:
    port = free_port()
    env = env | {"GUNICORN_BIND": f"127.0.0.1:{port}"}
    base = f"http://127.0.0.1:{port}"
    log = open(Path(env["VAR_DIR"]) / "gunicorn.log", "w")
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "--config",
         "config/gunicorn.py", "--access-logfile", "/dev/null", "config.wsgi"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    tally = Tally()
    try:
        wait_until_healthy(base, server)
        start = time.monotonic()
        deadline = start + args.duration
        threads = [
            threading.Thread(
                target=reader, args=(base, pages["read"], deadline, tally, n)
            )  # fmt: skip
            for n in range(args.readers)
        ] + [
            threading.Thread(
                target=commenter,
                args=(
                    base,
                    pages["articles"],
                    deadline,
                    tally,
                    1000 + n,
                    args.min_seconds,
                ),
            )  # fmt: skip
            for n in range(args.commenters)
        ]
        for thread in threads:
            thread.start()
        time.sleep(args.duration * args.kill_at)
        victims = worker_pids(server.pid)
        killed = victims[0] if victims else None
        if killed:
            tally.kill_at = time.monotonic()
            os.kill(killed, signal.SIGKILL)
        for thread in threads:
            thread.join(timeout=args.duration + REQUEST_TIMEOUT + 10)
        elapsed = time.monotonic() - start
        workers_after = worker_pids(server.pid)
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
    stored = stored_markers(env, tally.accepted)
    lost = sorted(set(tally.accepted) - stored)
    five_xx = sum(n for status, n in tally.statuses.items() if status >= 500)
    return {
        "duration_seconds": round(elapsed, 1),
        "gunicorn_workers": args.workers,
        "readers": args.readers,
        "commenters": args.commenters,
        "database": env["DATABASE_URL"].split(":", 1)[0],
        "requests_served": tally.served,
        "requests_per_second": round(tally.served / elapsed, 1),
        "statuses": {str(k): v for k, v in sorted(tally.statuses.items())},
        "responses_5xx": five_xx,
        "errors_during_kill": tally.errors_in_window,
        "errors_outside_kill": len(tally.errors_outside_window),
        "error_samples": tally.errors_outside_window[:5],
        "worker_killed": killed,
        "workers_after": len(workers_after),
        "comments_accepted": len(tally.accepted),
        "comments_refused": {str(k): v for k, v in tally.refused.items()},
        "comments_stored": len(stored & set(tally.accepted)),
        "comments_lost": len(lost),
    }


def wait_until_healthy(base, server, timeout=60):
    until = time.monotonic() + timeout
    while time.monotonic() < until:
        if server.poll() is not None:
            raise RuntimeError("gunicorn exited before it served a request")
        try:
            status, _ = fetch(urllib.request.build_opener(), base + "/healthz")
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError("gunicorn did not become healthy")


def stored_markers(env, markers) -> set[str]:
    code = (
        "import json, sys\n"
        "from comments.models import Comment\n"
        "bodies = Comment.objects.filter(body__contains='reference ')"
        ".values_list('body', flat=True)\n"
        "print(json.dumps([b.rsplit(' ', 1)[-1].rstrip('.') for b in bodies]))"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    return set(json.loads(result.stdout.strip().splitlines()[-1]))


def prepare_database(url: str | None, workdir: Path):
    """Return a fresh database's URL and a function that drops it (or None)."""
    if not url or url.startswith("sqlite"):
        return f"sqlite:///{workdir / 'load.sqlite3'}", None
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = f"load_{uuid.uuid4().hex[:10]}"
    admin_conninfo = url

    def execute(sql):
        with psycopg.connect(admin_conninfo, autocommit=True) as conn:
            conn.execute(sql)

    execute(f'CREATE DATABASE "{name}"')
    fresh = urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))
    return fresh, lambda: execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# Run inside `manage.py shell`: a few published articles in both languages,
# comments open, and the addresses readers and commenters will visit.
SEED = """
import json
from datetime import timedelta
from django.utils import timezone
from publications.models import Article, ArticleAuthor, Author, Category
author = Author.objects.create(name="Vasif Huseynov", bio="Writes on the region.")
now = timezone.now()
articles = []
for n, category in enumerate(Category.objects.all()):
    for language in ("en", "tr"):
        article = Article.objects.create(
            title=f"Energy corridors {n} {language}",
            summary="Pipelines, ports and the politics of supply.",
            body="<p>" + "The corridor reshapes regional trade. " * 80 + "</p>",
            category=category, language=language, comments_enabled=True,
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(days=n + 1),
        )
        ArticleAuthor.objects.create(article=article, author=author, position=0)
        article.tags.add("energy", "güvenlik")
        articles.append(article.get_absolute_url())
read = articles + ["/", "/en/", "/en/feeds/rss/", "/en/search/?q=corridor",
                   "/category/analiz/", "/en/author/" + author.slug + "/"]
print(json.dumps({"articles": articles, "read": read}))
"""


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=20.0)
    parser.add_argument("--readers", type=int, default=4)
    parser.add_argument("--commenters", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--kill-at", type=float, default=0.5,
                        help="When to kill a worker (share of the run).")  # fmt: skip
    parser.add_argument("--min-seconds", type=int, default=1,
                        help="COMMENTS_MIN_SECONDS for the run.")  # fmt: skip
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--collectstatic", action="store_true")
    parser.add_argument("--json", action="store_true", help="Print JSON only.")
    args = parser.parse_args(argv)
    if args.workers < 2:
        parser.error("--workers must be at least 2: one is killed")
    report = run(args)
    failed = report["errors_outside_kill"] or report["comments_lost"]
    report["result"] = "FAIL" if failed else "PASS"
    if args.json:
        sys.stdout.write(json.dumps(report, indent=2) + "\n")
    else:
        width = max(len(key) for key in report)
        for key, value in report.items():
            sys.stdout.write(f"{key.replace('_', ' '):<{width}}  {value}\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
