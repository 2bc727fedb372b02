"""Front caches (Varnish, a CDN) in front of the site, purged by key.

Public pages name what they show in their `Surrogate-Key` header; a change
purges the keys it touches in each cache of `settings.FRONT_CACHES`:

    FRONT_CACHES = {
        "varnish": {
            "BACKEND": "publications.pagecache.frontends.VarnishBackend",
            "LOCATIONS": ["http://127.0.0.1:6081"],
        },
    }

A backend is a class taking its entry's options as keyword arguments, with
a `purge(keys)` method that raises when the cache did not take the purge.
Purges are sent by a task after the transaction commits, so a slow or
unreachable cache never holds up an editor's save; a failed purge is sent
again with growing delays.
"""

import logging
import urllib.error
import urllib.request
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task

logger = logging.getLogger("publications.pagecache")
# Delays before the next attempt: 2, 4, 8 … seconds, at most five minutes;
# after the last attempt the failure is logged as an error.
MAX_ATTEMPTS = 12
MAX_DELAY = 300


class VarnishBackend:
    """Varnish with the xkey module and the VCL in deploy/varnish/.

    Each location receives `PURGE /` with the keys in an `xkey-purge` header;
    the VCL accepts it only from the app servers.
    """

    def __init__(self, *, LOCATIONS, TIMEOUT=5):  # noqa: N803 (settings' spelling)
        self.locations = list(LOCATIONS)
        self.timeout = TIMEOUT

    def purge(self, keys) -> None:
        for location in self.locations:
            request = urllib.request.Request(
                location.rstrip("/") + "/",
                method="PURGE",
                headers={"xkey-purge": " ".join(sorted(keys))},
            )
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as answer:
                    answer.read()
            except urllib.error.HTTPError as error:
                raise RuntimeError(
                    f"{location} refused the purge: HTTP {error.code}"
                ) from error


def front_caches() -> dict:
    """Return the configured front caches by name, as backend objects."""
    caches = {}
    for name, options in settings.FRONT_CACHES.items():
        options = dict(options)
        backend = import_string(options.pop("BACKEND"))
        caches[name] = backend(**options)
    return caches


def purge_after_commit(keys) -> None:
    """Have every front cache purge `keys` once the current transaction commits."""
    if not settings.FRONT_CACHES:
        return
    keys = sorted(keys)

    def enqueue():
        try:
            purge_front_caches.enqueue(keys=keys)
        except Exception:
            # The change is committed; pages in front caches then age out
            # after their s-maxage. Logged, never raised to the editor.
            logger.exception("Front caches: could not queue a purge of %s", keys[:10])

    transaction.on_commit(enqueue, robust=True)


@task()
def purge_front_caches(
    keys: list[str], names: list[str] | None = None, attempt: int = 1
) -> None:
    """Purge `keys` in the named front caches (all when None); retry those that fail."""
    failed = []
    for name, backend in front_caches().items():
        if names is not None and name not in names:
            continue
        try:
            backend.purge(keys)
        except Exception as error:
            logger.warning(
                "Front cache %s: purge of %s failed (attempt %d): %s",
                name,
                keys[:10],
                attempt,
                error,
            )
            failed.append(name)
    if not failed:
        return
    if attempt >= MAX_ATTEMPTS:
        logger.error(
            "Front caches %s: gave up purging %s after %d attempts",
            failed,
            keys[:10],
            attempt,
        )
        raise RuntimeError(f"front caches {failed} did not take the purge")
    delay = timedelta(seconds=min(2**attempt, MAX_DELAY))
    purge_front_caches.using(run_after=timezone.now() + delay).enqueue(
        keys=keys, names=failed, attempt=attempt + 1
    )
