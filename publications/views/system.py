"""Endpoints for machines: robots.txt and the health check."""

import logging
import uuid

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


@require_safe
@cache_control(max_age=24 * 60 * 60, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        # Result pages are endless variations of the articles already listed.
        "Disallow: /search/",
        "Disallow: /en/search/",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def check_database() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        logger.exception("Health check: the database does not answer")
        return False


def check_cache() -> bool:
    # A fresh key per probe: a stale value left by another server cannot pass.
    key, value = f"healthz:{uuid.uuid4().hex}", uuid.uuid4().hex
    try:
        cache.set(key, value, timeout=10)
        healthy = cache.get(key) == value
        cache.delete(key)
    except Exception:  # any backend's own errors: the cache is what is down
        logger.exception("Health check: the cache does not answer")
        return False
    if not healthy:
        logger.error("Health check: the cache did not keep a value")
    return healthy


@require_safe
@never_cache
def healthz(request):
    checks = {"database": check_database(), "cache": check_cache()}
    healthy = all(checks.values())
    body = {"status": "ok" if healthy else "error"}
    body |= {name: "ok" if passed else "error" for name, passed in checks.items()}
    return JsonResponse(body, status=200 if healthy else 503)
