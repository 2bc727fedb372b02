"""The public search form (its own module: forms.py holds the editors' forms)."""

from django import forms
from django.db.models import Max, Min
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from .models import Article, Author, Category
from .search import MAX_QUERY_LENGTH


class QuickSelect(forms.Select):
    """A select whose options are joined in Python, not rendered one template each.

    The same markup as Django's select.html; hundreds of authors render in a
    fraction of the time.
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option["value"], flatatt(option["attrs"]), option["label"])
                for _group, group_options, _index in widget["optgroups"]
                for option in group_options
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>',
            widget["name"],
            flatatt(widget["attrs"]),
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
        )
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
