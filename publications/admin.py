from django.contrib import admin
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from .editorial.admin import ArticleWorkflowAdmin, CorrectionInline
from .editorial.forms import ARTICLE_SECTIONS, ArticleAdminForm
from .models import Article, ArticleAuthor, Author, Category
from .pdf.admin_actions import PdfExportAdminMixin


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "role", "user", "article_count"]
    search_fields = ["name", "role", "bio"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]
    # Alphabetical in the list and in the article form's author autocomplete.
    ordering = ["name"]

    def get_queryset(self, request):
        from django.db.models import Count

        return (
            super()
            .get_queryset(request)
            .select_related("user")
            .annotate(n_articles=Count("articles"))
        )

    @admin.display(description=_("articles"), ordering="n_articles")
    def article_count(self, obj):
        return obj.n_articles


class ArticleAuthorInline(admin.TabularInline):
    model = ArticleAuthor
    autocomplete_fields = ["author"]
    extra = 1
    fields = ["author", "position"]
    verbose_name = _("author")
    verbose_name_plural = _("authors, in byline order")


@admin.register(Article)
class ArticleAdmin(PdfExportAdminMixin, ArticleWorkflowAdmin):
    form = ArticleAdminForm
    inlines = [ArticleAuthorInline, CorrectionInline]
    list_display = [
        "title",
        "category",
        "author_names",
        "status",
        "published_at",
        "language",
    ]
    list_filter = ["status", "category", "language", "is_featured", "published_at"]
    list_select_related = ["category"]
    search_fields = ["title", "summary", "authors__name", "tags__name"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["translation_of"]
    actions = [
        "publish_selected",
        "withdraw_selected",
        *PdfExportAdminMixin.pdf_actions,
    ]
    list_per_page = 50
    fieldsets = [
        (
            section,
            {"fields": names}
            | (
                {
                    "description": _(
                        "For pieces first published elsewhere: readers see "
                        "“Source (date)” and a link to the original."
                    )
                }
                if "source_name" in names
                else {}
            ),
        )
        for section, names in ARTICLE_SECTIONS
    ]

    class Media:
        js = ["admin/js/urlify_tr.js", "admin/js/autosave.js"]
        css = {"all": ["admin/css/workflow.css"]}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch(
                    "bylines", queryset=ArticleAuthor.objects.select_related("author")
                )
            )
        )

    @admin.display(description=_("authors"))
    def author_names(self, obj):
        return ", ".join(author.name for author in obj.ordered_authors)
