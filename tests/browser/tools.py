"""Browser test tools: screenshots, axe-core and the Nu HTML Checker."""

import json
import mimetypes
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings

BROWSER_DIR = Path(__file__).resolve().parent
REPO_DIR = BROWSER_DIR.parent.parent
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox cannot start
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_JS = REPO_DIR / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = REPO_DIR / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
ARTIFACTS_DIR = REPO_DIR / "test-artifacts"
SCREENSHOTS_DIR = ARTIFACTS_DIR / "screenshots"
HTML_DIR = ARTIFACTS_DIR / "html"
VIEWPORTS = {"phone": (390, 844), "desktop": (1280, 900)}

screenshots: list[Path] = []
axe_reports: list[str] = []
html_reports: list[str] = []


def serve_media(route):
    # Media is served by Django only with DEBUG on; here the browser reads the
    # uploaded files straight from MEDIA_ROOT so images show in screenshots.
    path = route.request.url.split("/media/", 1)[1].split("?", 1)[0]
    file = Path(settings.MEDIA_ROOT) / urllib.request.url2pathname(path)
    if not file.is_file():
        route.fulfill(status=404, body="")
        return
    content_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
    route.fulfill(status=200, body=file.read_bytes(), content_type=content_type)


class PageProblems:
    """Console errors, failed requests and uncaught exceptions on one page."""

    def __init__(self, page):
        self.messages: list[str] = []
        page.on("pageerror", lambda error: self.messages.append(f"uncaught: {error}"))
        page.on(
            "console",
            lambda msg: (
                self.messages.append(f"console: {msg.text}")
                if msg.type == "error"
                else None
            ),
        )
        page.on(
            "requestfailed",
            lambda request: self.messages.append(
                f"request failed: {request.url} ({request.failure})"
            ),
        )

    def clear(self):
        self.messages.clear()


def take_screenshots(page, name: str) -> list[Path]:
    """Save full-page screenshots of the current page at phone and desktop width."""
    SCREENSHOTS_DIR.mkdir(parents=True, exist_ok=True)
    saved = []
    original = page.viewport_size
    for label, (width, height) in VIEWPORTS.items():
        page.set_viewport_size({"width": width, "height": height})
        path = SCREENSHOTS_DIR / f"{name}-{label}.png"
        page.screenshot(path=str(path), full_page=True)
        saved.append(path)
    page.set_viewport_size(original)
    screenshots.extend(saved)
    return saved


def run_axe(page, name: str) -> list[dict]:
    """Run axe-core on the current page and return its violations."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        # Evaluated through the DevTools protocol, which a page's CSP does not
        # govern, so the site's own policy stays in force during the tests.
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async () => { const r = await axe.run(document);"
        " return {violations: r.violations, passes: r.passes.length}; }"
    )
    violations = result["violations"]
    axe_reports.append(
        f"{name}: {len(violations)} violations, {result['passes']} rules passed"
    )
    return violations


def format_axe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {' '.join(node['target'])}: {node['html'][:160]}")
    return "\n".join(lines)


def save_html(name: str, html: str) -> Path:
    HTML_DIR.mkdir(parents=True, exist_ok=True)
    path = HTML_DIR / f"{name}.html"
    path.write_text(html, encoding="utf-8")
    return path


class HtmlChecker:
    """The Nu HTML Checker as a local HTTP service: one JVM for the whole run."""

    def __init__(self):
        java = shutil.which("java")
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/?out=json"
        self.process = subprocess.Popen(
            [
                java,
                "-Dnu.validator.servlet.bind-address=127.0.0.1",
                "-cp",
                str(VNU_JAR),
                "nu.validator.servlet.Main",
                str(self.port),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self._ready = False

    def _wait_until_ready(self, timeout: float = 90.0):
        deadline = time.monotonic() + timeout
        while not self._ready:
            if self.process.poll() is not None:
                raise RuntimeError("the Nu HTML Checker exited at start-up")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    self._ready = True
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("the Nu HTML Checker did not start") from None
                time.sleep(0.25)

    def check(self, name: str, html: str) -> list[dict]:
        """Return the checker's errors for one document."""
        self._wait_until_ready()
        request = urllib.request.Request(
            self.url,
            data=html.encode("utf-8"),
            headers={"Content-Type": "text/html; charset=utf-8"},
            method="POST",
        )
        for attempt in range(20):
            try:
                with urllib.request.urlopen(request, timeout=60) as response:
                    messages = json.load(response)["messages"]
                break
            except (urllib.error.URLError, ConnectionError):
                # The port opens a moment before the servlet answers.
                if attempt == 19:
                    raise
                time.sleep(0.5)
        errors = [
            m for m in messages if m["type"] == "error" or m.get("subType") == "fatal"
        ]
        html_reports.append(f"{name}: {len(errors)} errors")
        return errors

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def format_vnu(errors: list[dict]) -> str:
    return "\n".join(
        f"line {e.get('lastLine', '?')}: {e['message']}  [{e.get('extract', '')!r}]"
        for e in errors
    )
