"""HTTP caching of public pages, exact to the change.

A public page is the same bytes for every anonymous reader. Its view says
so with `public_page` and names what it shows with `depend(…)`, using the
vocabulary of `publications.cache_keys`; the middleware then sends it with
`Cache-Control` (`s-maxage` for shared caches), `ETag`, `Last-Modified` and
a `Surrogate-Key` header listing those keys. Model signals
(`publications.signals`, `comments.signals`) purge exactly the keys a
change touches (`purge`), everywhere pages are kept:

- the page cache in the site itself (`entries`, `middleware`): pages stored
  whole and served by a thin WSGI layer in front of Django without touching
  the database; a page records the versions of its keys (`versions`), a
  purge bumps them;
- front caches such as Varnish or a CDN (`frontends`), purged by key from a
  task after the transaction commits.

Scheduled articles go live with no change to purge: every page is kept no
later than the next go-live time (`core.next_go_live`, found through the
hook the app registers with `register_schedule` in its `AppConfig.ready()`),
and scheduling an article purges the pages it will appear on. The package
imports nothing of the apps it serves.
"""

from . import core, entries
from .core import (
    ALL,
    depend,
    public_page,
    purge,
    purge_all,
    register_schedule,
    remembered,
    valid_until,
    versions_token,
)


def reset() -> None:
    """Forget everything this process keeps: pages, values, failures, go-live.

    For tests, whose database is rolled back between them.
    """
    core.reset_failures()
    core.forget_remembered()
    entries.clear_local_pages()
    try:
        core.forget_scheduled()
    except Exception:
        # A version store that is down (a test stopped it) holds nothing to
        # forget for this process.
        pass


__all__ = [
    "ALL",
    "depend",
    "public_page",
    "purge",
    "purge_all",
    "register_schedule",
    "remembered",
    "reset",
    "valid_until",
    "versions_token",
]
