"""Endpoints for machines: robots.txt and the health check."""

import logging
import uuid

from django.contrib.sitemaps.views import sitemap
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.log import log_response
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .. import cache_keys, pagecache
from ..sitemaps import sitemaps

logger = logging.getLogger(__name__)


@require_safe
@pagecache.public_page
def robots_txt(request):
    # The address of the sitemap, which never changes.
    pagecache.depend(cache_keys.SITE)
    lines = [
        "User-agent: *",
        # Result pages are endless variations of the articles already listed.
        "Disallow: /search/",
        "Disallow: /en/search/",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def check_database() -> str:
    """Return "" when the database answers, else what went wrong."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            if cursor.fetchone() == (1,):
                return ""
            return "SELECT 1 did not return 1"
    except DatabaseError as exc:
        return f"{type(exc).__name__}: {str(exc).strip()}"


def check_cache() -> str:
    """Return "" when the cache keeps a value, else what went wrong."""
    # A fresh key per probe: a stale value left by another server cannot pass.
    key, value = f"healthz:{uuid.uuid4().hex}", uuid.uuid4().hex
    try:
        cache.set(key, value, timeout=10)
        kept = cache.get(key) == value
        cache.delete(key)
    except Exception as exc:  # any backend's own errors: the cache is what is down
        return f"{type(exc).__name__}: {str(exc).strip()}"
    return "" if kept else "the cache did not keep a value"


@require_safe
@pagecache.public_page(query=("p",))
def sitemap_xml(request):
    # Every public article, author, tag and category, with their dates.
    pagecache.depend(cache_keys.SITE, cache_keys.NAV)
    return sitemap(request, sitemaps=sitemaps)


@require_safe
@never_cache
def healthz(request):
    problems = {"database": check_database(), "cache": check_cache()}
    healthy = not any(problems.values())
    body = {"status": "ok" if healthy else "error"}
    body |= {name: "error" if problem else "ok" for name, problem in problems.items()}
    response = JsonResponse(body, status=200 if healthy else 503)
    if not healthy:
        # One line per probe under this module's logger: django.request would
        # mail ADMINS for every probe a load balancer sends during an outage.
        log_response(
            "Health check failed: %s",
            "; ".join(f"{name}: {text}" for name, text in problems.items() if text),
            response=response,
            request=request,
            logger=logger,
        )
    return response
