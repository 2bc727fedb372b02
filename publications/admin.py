from django.contrib import admin, messages
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .forms import ArticleAdminForm
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
class ArticleAdmin(PdfExportAdminMixin, admin.ModelAdmin):
    form = ArticleAdminForm
    inlines = [ArticleAuthorInline]
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
        "unpublish_selected",
        *PdfExportAdminMixin.pdf_actions,
    ]
    list_per_page = 50
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body"]}),
        (
            _("Publication"),
            {
                "fields": [
                    "category",
                    "status",
                    "published_at",
                    "language",
                    "translation_of",
                    "tags",
                    "is_featured",
                    "comments_enabled",
                ]
            },
        ),
        (
            _("Featured image"),
            {
                "fields": [
                    "featured_image",
                    "featured_image_alt",
                    "featured_image_caption",
                ]
            },
        ),
        (
            _("Original source"),
            {
                "description": _(
                    "For pieces first published elsewhere: readers see "
                    "“Source (date)” and a link to the original."
                ),
                "fields": ["source_name", "source_url", "source_published_on"],
            },
        ),
    ]

    class Media:
        js = ["admin/js/urlify_tr.js"]

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

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.user = request.user
        return form

    @admin.display(description=_("authors"))
    def author_names(self, obj):
        return ", ".join(author.name for author in obj.ordered_authors)

    @admin.action(description=_("Publish selected articles"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        count = 0
        for article in queryset.exclude(status=Article.Status.PUBLISHED):
            article.status = Article.Status.PUBLISHED
            article.published_at = article.published_at or timezone.now()
            article.save(update_fields=["status", "published_at", "updated_at"])
            count += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d article published.",
                "%(count)d articles published.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Unpublish selected articles (back to draft)"),
        permissions=["publish"],
    )
    def unpublish_selected(self, request, queryset):
        count = queryset.filter(status=Article.Status.PUBLISHED).update(
            status=Article.Status.DRAFT, updated_at=timezone.now()
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d article unpublished.",
                "%(count)d articles unpublished.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    def has_publish_permission(self, request):
        return request.user.has_perm("publications.publish_article")
