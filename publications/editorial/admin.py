"""The editorial workflow in the article admin (issue #6).

Roles, status buttons, the transition log and revision list on the change
form, corrections, old addresses and the bulk publish/withdraw actions. The
extra pages (autosave, diff and revert, preview links) are in `admin_views.py`,
the optimistic lock in `forms.py`. `ArticleAdmin` in `publications/admin.py`
builds on `ArticleWorkflowAdmin`.
"""

import reversion
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from reversion.admin import VersionAdmin
from reversion.models import Version

from ..models import (
    Article,
    ArticleAuthor,
    ArticleAutosave,
    ArticleTransition,
    Correction,
)
from . import workflow
from .admin_views import ArticleAdminViews
from .forms import PreviewLinkForm


class CorrectionInline(admin.StackedInline):
    model = Correction
    extra = 0
    fields = ["kind", "published_on", "note"]
    verbose_name = gettext_lazy("correction or update note")
    verbose_name_plural = gettext_lazy(
        "corrections and updates (readers see them on the article and in its PDF)"
    )


class ArticleWorkflowAdmin(ArticleAdminViews, VersionAdmin):
    """Who sees and changes which article, and how its status moves."""

    # The article list keeps its own template (PDF exports, recover link).
    change_list_template = None

    # Permissions --------------------------------------------------------

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if workflow.is_editor(request.user):
            return queryset
        return queryset.filter(
            pk__in=Article.objects.owned_by(request.user).values("pk")
        )

    def has_add_permission(self, request):
        if not super().has_add_permission(request):
            return False
        return workflow.is_editor(request.user) or hasattr(request.user, "author")

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        return workflow.can_edit(request.user, obj)

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        if obj is None or not allowed or workflow.is_editor(request.user):
            return allowed
        return workflow.owns(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        return workflow.can_delete(obj)

    def has_publish_permission(self, request):
        return workflow.is_editor(request.user)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not workflow.is_editor(request.user):
            fields += ["published_at", "is_featured"]
        return fields

    # Forms --------------------------------------------------------------

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.user = request.user
        form.restore_data = None
        if request.method == "GET" and "restore-autosave" in request.GET:
            draft = self._autosave_for(request, obj)
            if draft is not None:
                form.restore_data = draft.data
        return form

    def save_model(self, request, obj, form, change):
        target = obj.status
        obj.status = form.original_status or Article.Status.DRAFT
        form.old_paths = []
        if change and form.original_status == Article.Status.PUBLISHED:
            original = Article.objects.select_related("category").get(pk=obj.pk)
            form.old_paths = [original.get_absolute_url()]
        super().save_model(request, obj, form, change)
        form.pending_status = target if target != obj.status else None

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article = form.instance
        author = getattr(request.user, "author", None)
        if not workflow.is_editor(request.user) and author is not None:
            # An author never writes themselves out of their own article.
            ArticleAuthor.objects.get_or_create(
                article=article,
                author=author,
                defaults={"position": article.bylines.count()},
            )
        if getattr(form, "pending_status", None):
            published_at = None
            if form.requested_action and form.requested_action.name == "publish":
                published_at = article.published_at or timezone.now()
            try:
                log = workflow.apply_transition(
                    article,
                    form.pending_status,
                    user=request.user,
                    note=form.cleaned_data.get("transition_note", ""),
                    published_at=published_at,
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, describe_transition(log))
        if form.old_paths:
            article.refresh_from_db()
            workflow.remember_old_address(article=article, old_paths=form.old_paths)
        ArticleAutosave.objects.filter(
            user=request.user, article=article if change else None
        ).delete()

    def save_formset(self, request, form, formset, change):
        if formset.model is Correction:
            for correction in formset.save(commit=False):
                if correction.created_by_id is None:
                    correction.created_by = request.user
                correction.save()
            for correction in formset.deleted_objects:
                correction.delete()
            return
        super().save_formset(request, form, formset, change)

    # Deletion -----------------------------------------------------------

    def get_deleted_objects(self, objs, request):
        # The confirmation lists what will really go; published ones stay.
        if isinstance(objs, QuerySet):
            objs = objs.exclude(status=Article.Status.PUBLISHED)
        else:
            objs = [obj for obj in objs if workflow.can_delete(obj)]
        return super().get_deleted_objects(objs, request)

    def delete_queryset(self, request, queryset):
        published = queryset.filter(status=Article.Status.PUBLISHED)
        skipped = published.count()
        if skipped:
            messages.warning(
                request,
                ngettext(
                    "%(count)d published article was not deleted: withdraw it instead.",
                    "%(count)d published articles were not deleted: withdraw "
                    "them instead.",
                    skipped,
                )
                % {"count": skipped},
            )
        super().delete_queryset(
            request, queryset.exclude(status=Article.Status.PUBLISHED)
        )

    # Change form --------------------------------------------------------

    def render_change_form(
        self, request, context, add=False, change=False, form_url="", obj=None
    ):
        user = request.user
        editable = obj is None or self.has_change_permission(request, obj)
        context.update(
            workflow_actions=(
                workflow.available_actions(obj or Article(), user) if editable else []
            ),
            autosave_url=self._admin_url(
                "autosave", obj.pk if obj is not None else None
            ),
            autosave=self._autosave_for(request, obj),
            autosave_restored=bool(
                getattr(context.get("adminform"), "form", None)
                and context["adminform"].form.restore_data
            ),
        )
        if obj is not None:
            context.update(
                transitions=list(
                    ArticleTransition.objects.filter(article=obj).select_related("user")
                ),
                revisions=list(
                    Version.objects.get_for_object(obj).select_related(
                        "revision__user"
                    )[:30]
                ),
                preview_url=reverse("publications:article-preview", args=[obj.pk]),
                pdf_preview_url=reverse(
                    "publications:article-pdf-preview", args=[obj.pk]
                ),
                can_publish=workflow.is_editor(user),
                preview_links=list(obj.preview_links.all()),
                preview_link_form=PreviewLinkForm(),
                scheduled=obj.status == Article.Status.PUBLISHED
                and obj.published_at
                and obj.published_at > timezone.now(),
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def recoverlist_view(self, request, extra_context=None):
        # Deleted articles may be anyone's, and only editors delete: the list
        # and the recovery are theirs alone (an author would otherwise read
        # the titles of, and bring back, other authors' deleted drafts).
        if not workflow.is_editor(request.user):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not workflow.is_editor(request.user):
            raise PermissionDenied
        return super().recover_view(request, version_id, extra_context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # Reversion's own revert form would also restore the status; the diff
        # page reverts the text and leaves the workflow alone.
        return redirect(self._admin_url("revision_diff", object_id, version_id))

    # Actions ------------------------------------------------------------

    def _transition_selected(self, request, queryset, target, done_message):
        done, refused = 0, []
        for article in queryset.exclude(status=target):
            try:
                with reversion.create_revision():
                    reversion.set_user(request.user)
                    workflow.apply_transition(article, target, user=request.user)
                done += 1
            except ValidationError as error:
                refused.append(f"“{article}”: {' '.join(error.messages)}")
        self.message_user(
            request, done_message(done) % {"count": done}, messages.SUCCESS
        )
        if refused:
            self.message_user(request, " ".join(refused), messages.WARNING)

    @admin.action(
        description=gettext_lazy("Publish selected articles"), permissions=["publish"]
    )
    def publish_selected(self, request, queryset):
        self._transition_selected(
            request,
            queryset,
            Article.Status.PUBLISHED,
            lambda n: ngettext(
                "%(count)d article published.", "%(count)d articles published.", n
            ),
        )

    @admin.action(
        description=gettext_lazy("Withdraw selected articles"), permissions=["publish"]
    )
    def withdraw_selected(self, request, queryset):
        self._transition_selected(
            request,
            queryset,
            Article.Status.WITHDRAWN,
            lambda n: ngettext(
                "%(count)d article withdrawn.", "%(count)d articles withdrawn.", n
            ),
        )


def describe_transition(log: ArticleTransition) -> str:
    if log.scheduled_for:
        return _("Scheduled: the article goes live on %(date)s.") % {
            "date": timezone.localtime(log.scheduled_for).strftime("%d.%m.%Y %H:%M")
        }
    return _("Status changed from “%(source)s” to “%(target)s”.") % {
        "source": log.get_from_status_display(),
        "target": log.get_to_status_display(),
    }
