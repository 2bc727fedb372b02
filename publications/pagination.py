"""A paginator that stays fast on deep pages of a large table."""

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Q, Subquery
from django.utils.functional import cached_property

from . import pagecache

# A list's total is kept until an article joins or leaves the list (its
# page-cache versions change, see publications.pagecache); the timeout only
# lets totals nobody asks for any more go.
COUNT_TIMEOUT = 24 * 60 * 60
# Deep pages of a newest-first list start from a remembered row, the last one
# before every ANCHOR_PAGES-th page, kept like the count: page 3,000 then walks
# fewer than ANCHOR_PAGES pages of index entries instead of all before it.
ANCHOR_PAGES = 50
NEWEST_FIRST = ("-published_at", "-pk")


class FastPaginator(Paginator):
    """Count once per change of a list; fetch a page's rows by their keys first.

    The page's primary keys come from a subquery that walks only the index
    behind the list's ORDER BY (LIMIT/OFFSET on narrow index entries), and the
    full rows, with their joins and prefetches, are read for those keys alone.
    """

    def __init__(self, *args, count_key: str = "", count_deps=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.count_key = count_key
        self.count_deps = list(count_deps)

    @cached_property
    def versions_token(self) -> str | None:
        """What the list's count and anchors are kept under (None: not kept)."""
        if not self.count_key:
            return None
        return pagecache.versions_token(self.count_deps)

    @cached_property
    def count(self) -> int:
        # The versions are read before counting: a change committed meanwhile
        # leaves its count under a key nobody reads again.
        token = self.versions_token
        if token is None:
            return super().count
        key = f"list-count:{self.count_key}:{token}"
        total = cache.get(key)
        if total is None:
            total = self.object_list.count()
            cache.set(key, total, COUNT_TIMEOUT)
        return total

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        rows = self.object_list
        stride = ANCHOR_PAGES * self.per_page
        skipped = bottom // stride * stride
        if skipped and (anchor := self.anchor(skipped)) is not None:
            published_at, pk = anchor
            # The first condition alone bounds the index range walked.
            rows = rows.filter(published_at__lte=published_at).filter(
                Q(published_at__lt=published_at) | Q(pk__lt=pk)
            )
            bottom, top = bottom - skipped, top - skipped
        keys = rows.values("pk")[bottom:top]
        rows = self.object_list.filter(pk__in=Subquery(keys))
        return self._get_page(rows, number, self)

    def anchor(self, position: int) -> tuple | None:
        """Return (published_at, pk) of the row before `position`, or None.

        None when the list is not newest first or its versions are unknown;
        the page is then found by walking from the start.
        """
        token = self.versions_token
        if token is None or tuple(self.object_list.query.order_by) != NEWEST_FIRST:
            return None
        key = f"list-anchor:{self.count_key}:{token}:{position}"
        anchor = cache.get(key)
        if anchor is None:
            found = list(
                self.object_list.values_list("published_at", "pk")[
                    position - 1 : position
                ]
            )
            if not found:
                return None
            anchor = found[0]
            cache.set(key, anchor, COUNT_TIMEOUT)
        return anchor
