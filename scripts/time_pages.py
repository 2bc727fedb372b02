"""Time uncached pages in-process, to compare two checkouts side by side.

    DATABASE_URL=postgres://… SECRET_KEY=… scripts/time_pages.py [REQUESTS]

Run from each checkout in turn against one database seeded by
`manage.py seed_bench`; prints, per page, the median and fastest time of
REQUESTS (default 150) requests through Django's test client with the page
cache off, and how much of it was rendering the template. Rendering is
timed apart so a change to templates and a change to queries can be told
apart. Machines shared with others move by 10–20% from run to run:
alternate the checkouts several times and compare within a round.
"""

import os
import statistics
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["PAGE_CACHE"] = "0"

import django  # noqa: E402

django.setup()

from bench import article_and_category, say  # noqa: E402 (beside this script)
from django.template.response import SimpleTemplateResponse  # noqa: E402
from django.test import Client  # noqa: E402


def pages() -> dict[str, str]:
    """The benchmark's article and its category's first and deep pages."""
    article, category, deep = article_and_category()
    if article is None:
        sys.exit("No published article: seed with seed_bench first.")
    return {
        "article": article.get_absolute_url(),
        "category p.1": category.get_absolute_url(),
        f"category p.{deep}": f"{category.get_absolute_url()}?page={deep}",
    }


def main(requests: int) -> None:
    render_times: list[float] = []
    rendered_content = SimpleTemplateResponse.rendered_content.fget

    def timed_render(response):
        started = time.perf_counter()
        content = rendered_content(response)
        render_times.append((time.perf_counter() - started) * 1000)
        return content

    SimpleTemplateResponse.rendered_content = property(timed_render)
    client = Client()
    say(f"{BASE_DIR}  ({requests} requests a page; ms)")
    for name, path in pages().items():
        for _ in range(5):
            assert client.get(path).status_code == 200, path
        render_times.clear()
        totals = []
        for _ in range(requests):
            started = time.perf_counter()
            client.get(path)
            totals.append((time.perf_counter() - started) * 1000)
        say(
            f"  {name:16} median {statistics.median(totals):6.2f}"
            f"  fastest {min(totals):6.2f}"
            f"  rendering median {statistics.median(render_times):5.2f}"
            f"  fastest {min(render_times):5.2f}"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 150)
