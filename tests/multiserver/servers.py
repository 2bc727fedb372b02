"""Real servers on loopback for the multi-server tests: Redis, gunicorn, a site.

Nothing here is mocked: a throwaway database (a SQLite file, or a fresh
database on the PostgreSQL server that DATABASE_URL names), Debian's
redis-server, and gunicorn serving config.wsgi with config/gunicorn.py.
"""

import http.cookiejar
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from tests.markup import parse

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 60
REQUEST_TIMEOUT = 30


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate, *, timeout: float, what: str) -> None:
    until = time.monotonic() + timeout
    while time.monotonic() < until:
        if predicate():
            return
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not happen within {timeout} s")


def stop_process(process: subprocess.Popen) -> None:
    """Ask a server to stop; kill it if it has not stopped after 30 s."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=30)


class RedisServer:
    """Debian's redis-server on a free loopback port, keeping nothing on disk."""

    binary = shutil.which("redis-server")

    def __init__(self, workdir: Path):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no", "--dir", str(workdir),
             "--protected-mode", "yes", "--logfile", ""],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            wait_for(self.answers, timeout=START_TIMEOUT, what="redis-server start")
        except RuntimeError:
            self.kill()
            raise

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def kill(self) -> None:
        """Stop at once, as a crash or a lost host would."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        stop_process(self.process)


def on_postgres() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(("postgres", "postgresql"))


@dataclass
class SiteDatabase:
    """A database of its own for one test module's servers."""

    url: str
    name: str = ""
    admin_url: str = ""

    @classmethod
    def create(cls, workdir: Path) -> "SiteDatabase":
        if not on_postgres():
            return cls(url=f"sqlite:///{workdir / 'site.sqlite3'}")
        admin_url = os.environ["DATABASE_URL"]
        name = f"multiserver_{uuid.uuid4().hex[:10]}"
        database = cls(url="", name=name, admin_url=admin_url)
        database.execute(f'CREATE DATABASE "{name}"')
        parts = urllib.parse.urlsplit(admin_url)
        database.url = urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))
        return database

    def execute(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            connection.execute(sql)

    def refuse_connections(self) -> None:
        """Take the database away from running servers, as an outage does."""
        self.execute(f'ALTER DATABASE "{self.name}" WITH ALLOW_CONNECTIONS false')
        self.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            f"WHERE datname = '{self.name}'"
        )

    def allow_connections(self) -> None:
        self.execute(f'ALTER DATABASE "{self.name}" WITH ALLOW_CONNECTIONS true')

    def drop(self) -> None:
        if self.name:
            self.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def site_environment(workdir: Path, *, database_url: str, **overrides) -> dict:
    """Return the environment of a production-like site in `workdir`."""
    # Tests run without collectstatic: the manifest's hashed names are not
    # needed to show that pages answer, and collecting takes longer than a test.
    (workdir / "multiserver_settings.py").write_text(
        "from config.settings import *  # noqa: F403\n"
        "STORAGES = {**STORAGES, 'staticfiles': {'BACKEND': "  # noqa: F405
        "'django.contrib.staticfiles.storage.StaticFilesStorage'}}\n"
    )
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"REDIS_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env |= {
        "DJANGO_SETTINGS_MODULE": "multiserver_settings",
        "PYTHONPATH": os.pathsep.join([str(workdir), str(ROOT)]),
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "VAR_DIR": str(workdir),
        "DATABASE_URL": database_url,
        "LOG_LEVEL": "WARNING",
        "LOG_FORMAT": "json",
        "ADMINS": "",
        "CACHE_KEY_PREFIX": f"test-{uuid.uuid4().hex[:8]}",
        "GUNICORN_WORKERS": "2",
        "GUNICORN_THREADS": "1",
        "GUNICORN_MAX_REQUESTS": "0",
        "GUNICORN_TIMEOUT": "60",
    }
    return env | {key: str(value) for key, value in overrides.items()}


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {args[0]} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def run_python(env: dict, code: str):
    """Run `code` in `manage.py shell`; return the JSON its last line prints."""
    output = manage(env, "shell", "--no-imports", "-c", code)
    return json.loads(output.strip().splitlines()[-1])


# A published article open for comments, a draft that an editor will
# publish, and the editor. Printed as JSON for the tests.
SEED = """
import json
from datetime import timedelta
from django.contrib.auth.models import Group, User
from django.utils import timezone
from publications.models import Article, ArticleAuthor, Author, Category
category = Category.objects.get(slug="analiz")
author = Author.objects.create(name="Vasif Huseynov", bio="Writes on the region.")
def article(title, **fields):
    created = Article.objects.create(
        title=title, summary="Pipelines, ports and the politics of supply.",
        body="<p>" + "The corridor reshapes regional trade. " * 40 + "</p>",
        category=category, language="tr", comments_enabled=True, **fields,
    )
    ArticleAuthor.objects.create(article=created, author=author, position=0)
    created.tags.add("energy")
    return created
live = article("Energy corridors of the Caspian", status=Article.Status.PUBLISHED,
               published_at=timezone.now() - timedelta(days=1))
draft = article("Water and power in the Ferghana valley",
                status=Article.Status.DRAFT)
editor = User.objects.create_user("editor", "editor@example.org", PASSWORD,
                                  is_staff=True)
editor.groups.add(Group.objects.get(name="Editors"))
print(json.dumps({
    "live": {"pk": live.pk, "title": live.title, "url": live.get_absolute_url()},
    "draft": {"pk": draft.pk, "title": draft.title, "url": draft.get_absolute_url()},
    "category": category.get_absolute_url(),
    "author": author.get_absolute_url(),
    "editor": {"username": "editor", "password": PASSWORD},
}))
"""


def build_site(env: dict) -> dict:
    """Migrate the site's database and seed it; return what SEED printed."""
    manage(env, "migrate", "--noinput", "-v", "0")
    password = secrets.token_urlsafe(16)
    return run_python(env, f"PASSWORD = {password!r}\n" + SEED)


class AppServer:
    """gunicorn serving config.wsgi on a free loopback port."""

    def __init__(self, env: dict, workdir: Path, name: str):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = workdir / f"{name}.log"
        self._log = open(self.log_path, "w")
        self.process = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "--config",
             "config/gunicorn.py", "--access-logfile", "/dev/null", "config.wsgi"],
            cwd=ROOT, env=env | {"GUNICORN_BIND": f"127.0.0.1:{self.port}"},
            stdout=self._log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            # robots.txt needs neither the database nor the cache.
            wait_for(self._ready, timeout=START_TIMEOUT, what=f"gunicorn {name}")
        except RuntimeError:
            self.stop()
            raise RuntimeError(self.log_path.read_text()[-3000:]) from None

    def _ready(self) -> bool:
        if self.process.poll() is not None:
            raise RuntimeError(f"gunicorn exited:\n{self.log_path.read_text()}")
        try:
            return Browser(self.base).get("/robots.txt").status == 200
        except OSError:
            return False

    def log_records(self) -> list[dict]:
        """Return the JSON log lines the site wrote so far (gunicorn's are not)."""
        self._log.flush()
        records = []
        for line in self.log_path.read_text().splitlines():
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if isinstance(record, dict):
                records.append(record)
        return records

    def stop(self) -> None:
        stop_process(self.process)
        self._log.close()


class VarnishSite:
    """`scripts/serve-varnish` (what `make serve-varnish` runs): Debian's
    varnishd on a free loopback port, gunicorn and the task worker behind it."""

    binary = shutil.which("varnishd") or (
        "/usr/sbin/varnishd" if Path("/usr/sbin/varnishd").exists() else None
    )

    def __init__(self, env: dict, workdir: Path):
        self.port = free_port()
        self.backend_port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.backend = f"http://127.0.0.1:{self.backend_port}"
        self.log_path = workdir / "serve-varnish.log"
        self.gunicorn_pid = workdir / "gunicorn.pid"
        self._log = open(self.log_path, "w")
        # varnishd reads its VCL as its own unprivileged user: not from a
        # folder only the test run's user may enter.
        self.varnish_dir = Path(tempfile.mkdtemp(prefix="thinktank-varnish-"))
        self.varnish_dir.chmod(0o755)
        self.process = subprocess.Popen(
            ["scripts/serve-varnish"],
            cwd=ROOT,
            env=env | {
                "PORT": str(self.port),
                "BACKEND_PORT": str(self.backend_port),
                "VARNISH_DIR": str(self.varnish_dir),
                "VARNISH_MEMORY": "64m",
                "PYTHON": sys.executable,
                "GUNICORN_CMD_ARGS": f"--pid {self.gunicorn_pid}",
            },
            stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        try:
            wait_for(self._ready, timeout=START_TIMEOUT, what="serve-varnish")
        except RuntimeError:
            self.stop()
            raise RuntimeError(self.log_path.read_text()[-3000:]) from None

    def _ready(self) -> bool:
        if self.process.poll() is not None:
            raise RuntimeError(f"serve-varnish exited:\n{self.log_path.read_text()}")
        try:
            return Browser(self.base).get("/robots.txt").status == 200
        except OSError:
            return False

    def stop_gunicorn(self) -> None:
        """Stop the site behind Varnish, as a crash or a deployment would."""
        os.kill(int(self.gunicorn_pid.read_text()), signal.SIGTERM)
        wait_for(
            lambda: not _answers(self.backend),
            timeout=START_TIMEOUT,
            what="gunicorn stop",
        )

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=30)
        self._log.close()
        shutil.rmtree(self.varnish_dir, ignore_errors=True)


def _answers(base: str) -> bool:
    try:
        Browser(base).get("/robots.txt")
        return True
    except OSError:
        return False


@dataclass
class Answer:
    status: int
    headers: dict
    text: str

    def header(self, name: str) -> str:
        return self.headers.get(name.lower(), "")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@dataclass
class Browser:
    """A visitor with a cookie jar who follows no redirect by itself."""

    base: str
    jar: http.cookiejar.CookieJar = field(default_factory=http.cookiejar.CookieJar)

    def __post_init__(self):
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )

    def at(self, base: str) -> "Browser":
        """The same visitor (same cookies) talking to another server."""
        other = Browser(base, self.jar)
        return other

    def get(self, path: str) -> Answer:
        return self._open(urllib.request.Request(self.base + path))

    def post(self, path: str, data: dict, *, referer: str = "") -> Answer:
        request = urllib.request.Request(
            self.base + path, data=urllib.parse.urlencode(data, doseq=True).encode()
        )
        request.add_header("Referer", self.base + (referer or path))
        return self._open(request)

    def _open(self, request) -> Answer:
        try:
            with self.opener.open(request, timeout=REQUEST_TIMEOUT) as response:
                return Answer(
                    response.status,
                    {k.lower(): v for k, v in response.headers.items()},
                    response.read().decode("utf-8", "replace"),
                )
        except urllib.error.HTTPError as error:
            return Answer(
                error.code,
                {k.lower(): v for k, v in error.headers.items()},
                error.read().decode("utf-8", "replace"),
            )


def form_value(html: str, name: str) -> str:
    fields = parse(html).find_all("input", name=name)
    assert fields, f"no {name} field in the page"
    return fields[0].get("value") or ""


def comment_form(browser: Browser, html: str) -> dict:
    """Return where the comment form posts and the hidden fields it sends.

    As the form's script does: the article page carries no token, so the
    token and the timestamp come from the form's start address, which also
    gives `browser` its CSRF cookie.
    """
    forms = parse(html).find_all("form", id="comment-form")
    assert forms, "the article page has no comment form"
    attributes = forms[0].attrs
    start = browser.get(attributes["data-start-url"])
    assert start.status == 200, start.text[:500]
    values = json.loads(start.text)
    return {
        "action": attributes["data-create-url"],
        "csrfmiddlewaretoken": values["csrfmiddlewaretoken"],
        "timestamp": values["timestamp"],
    }


def log_in(browser: Browser, *, username: str, password: str) -> None:
    """Sign in through the admin's login form, as a person would."""
    page = browser.get("/admin/login/")
    answer = browser.post(
        "/admin/login/",
        {
            "csrfmiddlewaretoken": form_value(page.text, "csrfmiddlewaretoken"),
            "username": username,
            "password": password,
            "next": "/admin/",
        },
    )
    assert answer.status == 302, answer.text[:500]
    assert answer.header("Location") == "/admin/"


def admin_action(browser: Browser, changelist: str, action: str, pk: int) -> None:
    """Apply an admin list's action to one row, as an editor would."""
    page = browser.get(changelist)
    assert page.status == 200
    answer = browser.post(
        changelist,
        {
            "csrfmiddlewaretoken": form_value(page.text, "csrfmiddlewaretoken"),
            "action": action,
            "_selected_action": pk,
            "index": 0,
        },
    )
    assert answer.status == 302, answer.text[:500]


def publish(browser: Browser, pk: int) -> None:
    """Publish an article with the admin list's "Publish selected" action."""
    admin_action(browser, "/admin/publications/article/", "publish_selected", pk)
