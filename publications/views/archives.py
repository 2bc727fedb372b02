"""The archives: a year's and a month's published pieces, newest first."""

import calendar
from datetime import datetime

from django.core.cache import cache
from django.http import Http404
from django.utils import timezone, translation
from django.utils.decorators import method_decorator
from django.views.generic import ListView

from .. import pagecache
from ..models import Article
from ..pagination import COUNT_TIMEOUT
from .pages import PublishedArticlesMixin


def _local_start(year: int, month: int = 1):
    try:
        return timezone.make_aware(datetime(year, month, 1))
    except (ValueError, OverflowError) as exc:
        raise Http404("No such date") from exc


@method_decorator(pagecache.public_page(query=("page",)), name="dispatch")
class ArchiveYearView(PublishedArticlesMixin, ListView):
    template_name = "publications/archive_year.html"

    def get_period(self):
        year = self.kwargs["year"]
        if not 1900 <= year <= 9998:
            raise Http404("No such year")
        return _local_start(year), _local_start(year + 1)

    def get_queryset(self):
        # A range on published_at (in the site's time zone) keeps the index.
        self.start, self.end = self.get_period()
        return (
            super()
            .get_queryset()
            .filter(published_at__gte=self.start, published_at__lt=self.end)
        )

    def get_context_data(self, **kwargs):
        # How many pieces each month holds, kept as long as a list's count
        # (see pagination).
        language = translation.get_language()
        token = pagecache.versions_token(self.get_list_keys())
        key = f"archive-months:{language}:{self.kwargs['year']}:{token}"
        months = cache.get(key) if token else None
        if months is None:
            year = self.start.year
            bounds = [_local_start(year, m) for m in range(1, 13)] + [self.end]
            months = (
                Article.objects.published()
                .in_language(language)
                .count_by_period(bounds)
            )
            if token:
                cache.set(key, months, COUNT_TIMEOUT)
        return super().get_context_data(
            year=self.kwargs["year"], months=months, period_start=self.start, **kwargs
        )


class ArchiveMonthView(ArchiveYearView):
    template_name = "publications/archive_month.html"

    def get_period(self):
        year, month = self.kwargs["year"], self.kwargs["month"]
        if not (1900 <= year <= 9998 and 1 <= month <= 12):
            raise Http404("No such month")
        start = _local_start(year, month)
        next_year, next_month = (year + 1, 1) if month == 12 else (year, month + 1)
        return start, _local_start(next_year, next_month)

    def get_context_data(self, **kwargs):
        # The list's context without the year's month counts.
        return PublishedArticlesMixin.get_context_data(
            self,
            year=self.kwargs["year"],
            month=self.kwargs["month"],
            month_name=calendar.month_name[self.kwargs["month"]],
            period_start=self.start,
            **kwargs,
        )
