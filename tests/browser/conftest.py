"""Browser tests: Playwright drives Debian's Chromium against the live server.

The folder skips itself, with the reason printed at the end of the run, when
Chromium is missing, and in the PostgreSQL pass of `make test` (the product
behaves the same on both databases; one browser pass keeps CI short).
"""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings

from . import tools
from .tools import (
    AXE_JS,
    BROWSER_DIR,
    CHROMIUM,
    CHROMIUM_ARGS,
    REPO_DIR,
    SCREENSHOTS_DIR,
    VIEWPORTS,
    VNU_JAR,
    HtmlChecker,
    PageProblems,
    run_axe,
    serve_media,
)


def folder_skip_reason() -> str:
    if not CHROMIUM.exists():
        return f"chromium not found at {CHROMIUM}"
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        return "they run in the SQLite pass only"
    return ""


def _in_folder(node, rootpath: Path) -> bool:
    """Tell whether a collected item or a test report belongs to this folder."""
    path = (rootpath / node.nodeid.split("::", 1)[0]).resolve()
    return BROWSER_DIR in path.parents


def pytest_collection_modifyitems(config, items):
    reason = folder_skip_reason()
    for item in items:
        if not _in_folder(item, config.rootpath):
            continue
        item.add_marker(pytest.mark.browser)
        if reason:
            item.add_marker(pytest.mark.skip(reason=f"Browser tests: {reason}"))


def pytest_terminal_summary(terminalreporter):
    rootpath = terminalreporter.config.rootpath
    counts = {"passed": 0, "failed": 0, "skipped": 0, "error": 0}
    for outcome in counts:
        for report in terminalreporter.stats.get(outcome, []):
            if report.when in ("call", "setup") and _in_folder(report, rootpath):
                counts[outcome] += 1
    if not any(counts.values()):
        return
    write = terminalreporter.write_line
    terminalreporter.section("browser tests")
    reason = folder_skip_reason()
    if reason and not counts["passed"] and not counts["failed"]:
        write(f"Browser tests: skipped ({reason})")
        return
    write(
        "Browser tests: {passed} passed, {failed} failed, {skipped} skipped".format(
            **counts
        )
        + (f", {counts['error']} errors" if counts["error"] else "")
    )
    for line in tools.axe_reports:
        write(f"axe-core: {line}")
    for line in tools.html_reports:
        write(f"Nu HTML Checker: {line}")
    if tools.screenshots:
        write(f"Screenshots ({len(tools.screenshots)}) in {SCREENSHOTS_DIR}:")
        for path in sorted(set(tools.screenshots)):
            write(f"  {path.relative_to(REPO_DIR)}")


# Playwright's sync API keeps an asyncio loop on the main thread, which Django
# takes for async code and refuses ORM calls from. The test code itself is
# synchronous, so the check is lifted for as long as the browser is running.
@pytest.fixture(scope="package")
def browser():
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "1"
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def new_page(browser, live_server):
    """Open pages in fresh browser contexts (own cookies) on the live server."""
    contexts = []

    def open_page(*, viewport: str = "desktop", locale: str = "tr-TR"):
        width, height = VIEWPORTS[viewport]
        context = browser.new_context(
            base_url=live_server.url,
            viewport={"width": width, "height": height},
            locale=locale,
            accept_downloads=True,
        )
        context.set_default_timeout(15_000)
        context.route(f"{live_server.url}/media/**", serve_media)
        contexts.append(context)
        page = context.new_page()
        page.problems = PageProblems(page)
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture(scope="package")
def html_checker():
    if not VNU_JAR.exists() or not shutil.which("java"):
        pytest.skip("the Nu HTML Checker needs Java and node_modules/vnu-jar (npm ci)")
    checker = HtmlChecker()
    yield checker
    checker.stop()


@pytest.fixture
def axe():
    if not AXE_JS.exists():
        pytest.skip("axe-core needs node_modules/axe-core (npm ci)")
    return run_axe
