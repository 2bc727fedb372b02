from django.contrib import admin, messages
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import BlockedTerm, Comment

MODERATOR_EDITS = {"status", "name", "body"}


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = [
        "excerpt",
        "name",
        "article_link",
        "status",
        "held_reason",
        "created_at",
    ]
    list_display_links = ["excerpt"]
    list_filter = [
        "status",
        ("article", admin.RelatedOnlyFieldListFilter),
        "created_at",
    ]
    list_select_related = ["article__category"]
    search_fields = ["name", "email", "body", "article__title"]
    date_hierarchy = "created_at"
    list_per_page = 50
    actions = ["approve_selected", "reject_selected", "mark_selected_as_spam"]
    fieldsets = [
        (None, {"fields": ["article_link", "reply_to", "status", "name", "body"]}),
        (
            _("Moderation"),
            {
                "fields": [
                    "email",
                    "created_at",
                    "held_reason",
                    "ip_address",
                    "user_agent",
                    "moderated_by",
                    "moderated_at",
                ]
            },
        ),
    ]
    # What a moderator may change; the rest of the fieldsets is shown only.
    readonly_fields = [
        name
        for _section, options in fieldsets
        for name in options["fields"]
        if name not in MODERATOR_EDITS
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("article__category", "parent", "moderated_by")
        )

    def has_add_permission(self, request):
        # Comments come from readers through the public form.
        return False

    @admin.display(description=_("comment"))
    def excerpt(self, obj):
        return Truncator(obj.body).chars(80)

    @admin.display(description=_("article"), ordering="article__title")
    def article_link(self, obj):
        return format_html(
            '<a href="{}">{}</a> (<a href="{}">{}</a>)',
            reverse("admin:publications_article_change", args=[obj.article_id]),
            obj.article.title,
            obj.article.get_absolute_url(),
            _("view on site"),
        )

    @admin.display(description=_("reply to"))
    def reply_to(self, obj):
        if obj.parent is None:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:comments_comment_change", args=[obj.parent_id]),
            str(obj.parent),
        )

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data:
            obj.moderated_by = request.user
            obj.moderated_at = timezone.now()
        super().save_model(request, obj, form, change)

    def _moderate(self, request, queryset, status, message):
        count = services.moderate_comments(
            comments=queryset, status=status, user=request.user
        )
        self.message_user(request, message(count) % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Approve selected comments"), permissions=["change"])
    def approve_selected(self, request, queryset):
        self._moderate(
            request,
            queryset,
            Comment.Status.APPROVED,
            lambda n: ngettext(
                "%(count)d comment approved.", "%(count)d comments approved.", n
            ),
        )

    @admin.action(description=_("Reject selected comments"), permissions=["change"])
    def reject_selected(self, request, queryset):
        self._moderate(
            request,
            queryset,
            Comment.Status.REJECTED,
            lambda n: ngettext(
                "%(count)d comment rejected.", "%(count)d comments rejected.", n
            ),
        )

    @admin.action(
        description=_("Mark selected comments as spam"), permissions=["change"]
    )
    def mark_selected_as_spam(self, request, queryset):
        self._moderate(
            request,
            queryset,
            Comment.Status.SPAM,
            lambda n: ngettext(
                "%(count)d comment marked as spam.",
                "%(count)d comments marked as spam.",
                n,
            ),
        )


@admin.register(BlockedTerm)
class BlockedTermAdmin(admin.ModelAdmin):
    list_display = ["value", "kind", "note", "created_at"]
    list_filter = ["kind"]
    search_fields = ["value", "note"]
    fields = ["kind", "value", "note"]
