"""A paginator that stays fast on deep pages of a large table."""

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Subquery
from django.utils.functional import cached_property

from . import pagecache

# A list's total is kept until an article joins or leaves the list (its
# page-cache versions change, see publications.pagecache); the timeout only
# lets totals nobody asks for any more go.
COUNT_TIMEOUT = 24 * 60 * 60


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
    def count(self) -> int:
        # The versions are read before counting: a change committed meanwhile
        # leaves its count under a key nobody reads again.
        token = pagecache.versions_token(self.count_deps) if self.count_key else None
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
        keys = self.object_list.values("pk")[bottom:top]
        rows = self.object_list.filter(pk__in=Subquery(keys))
        return self._get_page(rows, number, self)
