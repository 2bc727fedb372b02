"""The public search form (its own module: forms.py holds the editors' forms)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Article, Author, Category
from .search import MAX_QUERY_LENGTH


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
    )
    author = forms.ModelChoiceField(
        label=_("Author"),
        queryset=Author.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All authors"),
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
        widget=forms.Select,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Offer only authors and years that lead somewhere.
        published = Article.objects.published()
        self.fields["author"].queryset = Author.objects.filter(
            pk__in=published.values("authors")
        )
        years = published.dates("published_at", "year", order="DESC")
        self.fields["year"].widget.choices = [
            ("", _("All years")),
            *((day.year, day.year) for day in years),
        ]
