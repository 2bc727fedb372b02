"""A paginator that stays fast on deep pages of a large table."""

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Subquery
from django.utils.functional import cached_property

# How long a list's total is reused. A minute-old count at worst shows one
# page number too many or too few, and spares the database a full count on
# every request of a busy list.
COUNT_SECONDS = 60


class FastPaginator(Paginator):
    """Count once a minute per list; fetch a page's rows by their keys first.

    The page's primary keys come from a subquery that walks only the index
    behind the list's ORDER BY (LIMIT/OFFSET on narrow index entries), and the
    full rows, with their joins and prefetches, are read for those keys alone.
    """

    def __init__(self, *args, count_key: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.count_key = count_key

    @cached_property
    def count(self) -> int:
        if not self.count_key:
            return super().count
        key = "list-count:" + self.count_key
        total = cache.get(key)
        if total is None:
            total = self.object_list.count()
            cache.set(key, total, COUNT_SECONDS)
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
