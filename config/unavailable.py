"""A styled 503 instead of a 500 while the database cannot be reached.

A database outage is not a bug in the page that noticed it: readers get
templates/503.html with a Retry-After header, and the log gets one line per
request instead of a traceback mailed to the admins for every page view.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.utils.log import log_response
from django.views import defaults

logger = logging.getLogger(__name__)

# Long enough for a database restart or a fail-over, short enough that a
# reader who reloads by hand is not kept waiting for nothing.
RETRY_AFTER_SECONDS = 30

# Connection refused, lost or closed: the database is away. Other database
# errors (a bad query, a broken constraint) are bugs and stay 500s.
UNAVAILABLE_ERRORS = (OperationalError, InterfaceError)


def database_unavailable(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Render the 503 page without touching the database, and log it once."""
    # No request context: context processors (the logged-in user, messages)
    # would query the very database that is away.
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    # Neither a browser, a proxy nor the page cache may keep this answer.
    add_never_cache_headers(response)
    log_response(
        "Database unavailable: %s (%s: %s)",
        request.path,
        type(exception).__name__,
        str(exception).strip(),
        response=response,
        request=request,
        logger=logger,
    )
    return response


class DatabaseUnavailableMiddleware:
    """Answer 503 when a view or its template finds the database away."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, UNAVAILABLE_ERRORS):
            return database_unavailable(request, exception)
        return None


def server_error(request, *args, **kwargs):
    """Django's 500 view, except for an outage met outside any view.

    The middleware above sees only what views raise; a middleware that
    queries (old article addresses, sessions) reaches this handler instead.
    """
    exception = sys.exc_info()[1]
    if isinstance(exception, UNAVAILABLE_ERRORS):
        return database_unavailable(request, exception)
    return defaults.server_error(request, *args, **kwargs)
