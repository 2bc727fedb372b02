"""Anonymous page cache with exact invalidation.

A public page is stored whole (status, headers, body) the first time an
anonymous visitor asks for it, and served again from a thin WSGI layer in
front of Django (`PageCacheApplication` in config/wsgi.py) without touching
the database, the session or the middleware. Under the test client, which
does not go through WSGI, `PageCacheMiddleware` (first in MIDDLEWARE) serves
hits with the same code.

Exactness comes from dependency versions (see `versions`): while a page is
rendered, views and feeds name what it shows with `depend("article:12",
"author:3", "category-list:2:en", …)`; the stored page records those
versions, and model signals (`publications.signals`) bump exactly the
versions a change touches. Keys:

- `article:<pk>`: an article as shown anywhere (text, byline, tags, category,
  corrections, approved comments, its translation's address);
- `author:<pk>`, `tag:<pk>`: an author's or tag's own name, address, bio;
- `list:<language>`: which articles of a language are public, and their
  order (home, archives); `category-list:<pk>:<language>`,
  `author-list:<pk>`, `tag-list:<pk>`: the same for one category, author
  or tag;
- `nav`: the categories in every page's header; `site`: anything public at
  all (sitemap, search); `all`: everything (bulk loads, restores).

Personal parts of a page (the comment form's CSRF token and signed
timestamp) are stored as holes and filled per request (see `entries`).
"""

from .core import (
    bump,
    bump_all,
    cached_page,
    depend,
    release_scheduled,
    remembered,
    valid_until,
    versions_token,
)

__all__ = [
    "bump",
    "bump_all",
    "cached_page",
    "depend",
    "release_scheduled",
    "remembered",
    "valid_until",
    "versions_token",
]
