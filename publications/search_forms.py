"""The public search form (its own module: forms.py holds the editors' forms)."""

from django import forms
from django.db.models import Exists, Max, Min, OuterRef, Q
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from .models import Article, Author
from .search import MAX_QUERY_LENGTH


class AuthorNameInput(forms.TextInput):
    """A text box suggesting the names of `names` from a datalist.

    Typing or picking a name is quicker than scrolling a select of hundreds,
    and the page carries names only.
    """

    template_name = "publications/widgets/author_name.html"

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.names = ()

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        widget["options_id"] = f"{widget['attrs'].get('id') or name}-options"
        widget["attrs"]["list"] = widget["options_id"]
        widget["names"] = self.names
        return context


class SearchQueryField(forms.CharField):
    def to_python(self, value):
        # PostgreSQL refuses NUL in text; a stray one is noise, not a reason
        # to refuse the search.
        if isinstance(value, str):
            value = value.replace("\x00", "")
        return super().to_python(value)


class SearchForm(forms.Form):
    """The search box and its filters, all optional."""

    # What a search page reads from its address: the fields and the page.
    PARAMETERS = ("q", "category", "author", "language", "year", "page")

    q = SearchQueryField(
        label=_("Search for"), required=False, max_length=MAX_QUERY_LENGTH
    )
    category = forms.ChoiceField(label=_("Category"), required=False)
    author = forms.CharField(
        label=_("Author"),
        required=False,
        max_length=200,
        widget=AuthorNameInput(attrs={"autocomplete": "off"}),
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

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        # The navigation's categories: no query of the form's own.
        self.categories = {category.slug: category for category in categories}
        self.fields["category"].choices = [
            ("", _("All categories")),
            *((category.slug, category.name) for category in categories),
        ]
        # Offer only authors and years that lead somewhere.
        published = Article.objects.published()
        self.fields["author"].widget.names = LazyNames(
            Author.objects.filter(
                Exists(published.filter(bylines__author=OuterRef("pk")))
            ).values_list("name", flat=True)
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

    def clean_category(self):
        return self.categories.get(self.cleaned_data["category"])

    def clean_author(self):
        """Return the authors the box names, by name or address; [] for all."""
        name = " ".join(self.cleaned_data["author"].split())
        if not name:
            return []
        authors = list(
            Author.objects.filter(Q(name__iexact=name) | Q(slug=name)).only("pk")
        )
        if not authors:
            raise forms.ValidationError(
                _("No author is called “%(name)s”."),
                code="unknown_author",
                params={"name": name},
            )
        return authors


class LazyNames:
    """Distinct names from `queryset` in order, read on first use."""

    def __init__(self, queryset):
        self.queryset = queryset

    def __iter__(self):
        return iter(dict.fromkeys(self.queryset.order_by("name")))
