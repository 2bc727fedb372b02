"""The public search form (its own module: forms.py holds the editors' forms)."""

from django import forms
from django.db.models import Max, Min
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from .models import Article, Author, Category
from .search import MAX_QUERY_LENGTH


class QuickSelect(forms.Select):
    """A select whose options are joined in Python, not built and rendered one by one.

    The markup of Django's select.html for a single choice without groups;
    hundreds of authors render in a fraction of the time.
    """

    def render(self, name, value, attrs=None, renderer=None):
        chosen = str(self.format_value(value)[0]) if self.format_value(value) else None
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (key, mark_safe(" selected") if key == chosen else "", label)
                for key, label in ((str(v), label) for v, label in self.choices)
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            options,
        )


class SearchQueryField(forms.CharField):
    def to_python(self, value):
        # PostgreSQL refuses NUL in text; a stray one is noise, not a reason
        # to refuse the search.
        if isinstance(value, str):
            value = value.replace("\x00", "")
        return super().to_python(value)


class SearchForm(forms.Form):
    """The search box and its filters, all optional."""

    q = SearchQueryField(
        label=_("Search for"), required=False, max_length=MAX_QUERY_LENGTH
    )
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All categories"),
        widget=QuickSelect,
    )
    author = forms.ModelChoiceField(
        label=_("Author"),
        queryset=Author.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All authors"),
        widget=QuickSelect,
    )
    language = forms.ChoiceField(
        label=_("Language"),
        choices=[("", _("All languages")), *Article.Language.choices],
        required=False,
    )
    year = forms.IntegerField(
        label=_("Year"),
        min_value=1900,
        max_value=2200,
        required=False,
        widget=QuickSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Offer only authors and years that lead somewhere.
        published = Article.objects.published()
        self.fields["author"].queryset = Author.objects.filter(
            pk__in=published.values("authors")
        ).only("pk", "slug", "name")
        # The first and last years are two probes of the publication index;
        # listing the distinct years would read every published row.
        span = published.aggregate(first=Min("published_at"), last=Max("published_at"))
        years = []
        if span["first"] is not None:
            first, last = (localtime(span[end]).year for end in ("first", "last"))
            years = range(last, first - 1, -1)
        self.fields["year"].widget.choices = [
            ("", _("All years")),
            *((year, year) for year in years),
        ]
