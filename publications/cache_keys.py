"""Names of what public pages show: the one vocabulary of cache keys.

A page names the keys of what it shows (`pagecache.depend`), they travel in
its `Surrogate-Key` header, and a change purges the keys it touches
(`pagecache.purge`), in the page cache and in front caches such as Varnish.
Every key is built here; nowhere else writes one as a string.

- `article(pk)`: an article as shown anywhere (text, byline, tags, category,
  corrections, approved comments, its translation's address);
- `author(pk)`, `tag(pk)`: an author's or tag's own name, address, bio;
- `language_list(code)`: which articles of a language are public, and in
  what order (home, archives); `category_list(pk, code)`, `author_list(pk)`,
  `tag_list(pk)`: the same for one category, author or tag;
- `NAV`: the categories in every page's header; `SITE`: anything public at
  all (sitemap, search); `ALL`: every page (bulk loads, restores), which the
  cache itself adds to each.
"""

from .pagecache import ALL

__all__ = [
    "ALL",
    "NAV",
    "SITE",
    "article",
    "author",
    "author_list",
    "category_list",
    "language_list",
    "tag",
    "tag_list",
]

SITE = "site"
NAV = "nav"


def article(pk: int) -> str:
    return f"article:{pk}"


def author(pk: int) -> str:
    return f"author:{pk}"


def tag(pk: int) -> str:
    return f"tag:{pk}"


def language_list(language: str) -> str:
    return f"list:{language}"


def category_list(pk: int, language: str) -> str:
    return f"category-list:{pk}:{language}"


def author_list(pk: int) -> str:
    return f"author-list:{pk}"


def tag_list(pk: int) -> str:
    return f"tag-list:{pk}"
