"""The editorial workflow in the article admin (issue #6).

Roles, status buttons, the transition log, revisions with diff and revert,
optimistic locking, autosave, preview links, corrections and old addresses.
`ArticleAdmin` in `publications/admin.py` builds on `ArticleWorkflowAdmin`.
"""

import json

import reversion
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST
from reversion.admin import VersionAdmin
from reversion.models import Version

from ..models import (
    Article,
    ArticleAuthor,
    ArticleAutosave,
    ArticleTransition,
    Correction,
    PreviewLink,
)
from . import workflow
from .diffs import diff_fields
from .forms import ARTICLE_FIELDS, PreviewLinkForm
from .previews import create_preview_link

# Fields a revert restores: the form's, but the status and date, which move
# only through the workflow, and the tags, which revisions do not hold.
REVERTIBLE_FIELDS = [
    name for name in ARTICLE_FIELDS if name not in {"status", "published_at", "tags"}
]
AUTOSAVE_MAX_BYTES = 2 * 1024 * 1024


class CorrectionInline(admin.StackedInline):
    model = Correction
    extra = 0
    fields = ["kind", "published_on", "note"]
    verbose_name = gettext_lazy("correction or update note")
    verbose_name_plural = gettext_lazy(
        "corrections and updates (readers see them on the article and in its PDF)"
    )


class ArticleWorkflowAdmin(VersionAdmin):
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

    # Extra views --------------------------------------------------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        view = self.admin_site.admin_view
        return [
            path(
                "autosave/",
                view(self.autosave_view),
                name="{}_{}_autosave".format(*info),
            ),
            path(
                "<path:object_id>/autosave/",
                view(self.autosave_view),
                name="{}_{}_autosave".format(*info),
            ),
            path(
                "<path:object_id>/revisions/<int:version_id>/",
                view(self.revision_diff_view),
                name="{}_{}_revision_diff".format(*info),
            ),
            path(
                "<path:object_id>/preview-links/",
                view(self.preview_link_create_view),
                name="{}_{}_preview_link_create".format(*info),
            ),
            path(
                "<path:object_id>/preview-links/<int:link_id>/revoke/",
                view(self.preview_link_revoke_view),
                name="{}_{}_preview_link_revoke".format(*info),
            ),
            *super().get_urls(),
        ]

    def _admin_url(self, name, *args):
        info = self.opts.app_label, self.opts.model_name
        args = [arg for arg in args if arg is not None]
        return reverse(f"admin:{info[0]}_{info[1]}_{name}", args=args)

    def _get_article(self, request, object_id, *, change=True):
        article = self.get_object(request, object_id)
        if article is None:
            raise Http404(_("This article does not exist or is not yours."))
        allowed = (
            self.has_change_permission(request, article)
            if change
            else self.has_view_permission(request, article)
        )
        if not allowed:
            raise PermissionDenied
        return article

    def _autosave_for(self, request, obj):
        draft = ArticleAutosave.objects.filter(
            user=request.user, article=obj.pk if obj is not None else None
        ).first()
        if draft is None:
            return None
        if obj is not None and draft.saved_at <= obj.updated_at:
            return None
        return draft

    def autosave_view(self, request, object_id=None):
        """Keep (POST), discard (POST with `discard`) or return (GET) a draft."""
        if object_id is None:
            if not self.has_add_permission(request):
                raise PermissionDenied
            article = None
        else:
            article = self._get_article(request, object_id)
        drafts = ArticleAutosave.objects.filter(user=request.user, article=article)
        if request.method == "GET":
            draft = drafts.first()
            return JsonResponse(
                {
                    "data": draft.data if draft else None,
                    "saved_at": draft.saved_at.isoformat() if draft else None,
                }
            )
        if request.method != "POST":
            return JsonResponse({"error": _("Method not allowed.")}, status=405)
        if "discard" in request.POST:
            drafts.delete()
            return JsonResponse({"discarded": True})
        raw = request.POST.get("data", "")
        if len(raw) > AUTOSAVE_MAX_BYTES:
            return JsonResponse({"error": _("This edit is too large.")}, status=413)
        try:
            data = json.loads(raw)
        except ValueError:
            data = None
        if not isinstance(data, dict):
            return JsonResponse({"error": _("Nothing to keep.")}, status=400)
        data = {
            str(key): value
            for key, value in data.items()
            if isinstance(value, str | bool | list | None)
        }
        with transaction.atomic():
            draft, _created = ArticleAutosave.objects.update_or_create(
                user=request.user,
                article=article,
                defaults={"data": data, "saved_at": timezone.now()},
            )
        return JsonResponse({"saved_at": draft.saved_at.isoformat()})

    def revision_diff_view(self, request, object_id, version_id):
        """Show what changed since a revision; POST reverts the text to it."""
        article = self._get_article(request, object_id, change=request.method == "POST")
        version = get_object_or_404(
            Version.objects.get_for_object(article).select_related("revision__user"),
            pk=version_id,
        )
        try:
            old = version.field_dict
        except Exception as error:  # noqa: BLE001 - fields removed since then
            raise Http404(_("This revision can no longer be read.")) from error
        if request.method == "POST":
            return self._revert(request, article, version, old)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "title": _("Changes since %(date)s")
            % {
                "date": timezone.localtime(version.revision.date_created).strftime(
                    "%d.%m.%Y %H:%M"
                )
            },
            "version": version,
            "changes": diff_fields(article, old, REVERTIBLE_FIELDS),
            "can_revert": self.has_change_permission(request, article),
            "change_url": self._admin_url("change", article.pk),
        }
        return TemplateResponse(
            request, "admin/publications/article/revision_diff.html", context
        )

    def _revert(self, request, article, version, old):
        fields = []
        for name in REVERTIBLE_FIELDS:
            attname = Article._meta.get_field(name).attname
            if attname in old and getattr(article, attname) != old[attname]:
                setattr(article, attname, old[attname])
                fields.append(name)
        change_url = self._admin_url("change", article.pk)
        if not fields:
            messages.info(request, _("This revision matches the article already."))
            return HttpResponseRedirect(change_url)
        old_paths = []
        if article.status == Article.Status.PUBLISHED:
            stored = Article.objects.select_related("category").get(pk=article.pk)
            old_paths = [stored.get_absolute_url()]
        when = timezone.localtime(version.revision.date_created).strftime(
            "%d.%m.%Y %H:%M"
        )
        try:
            article.full_clean(exclude=["status", "published_at"])
        except ValidationError as error:
            messages.error(
                request,
                _("This revision cannot be restored: %(reason)s")
                % {"reason": " ".join(error.messages)},
            )
            return HttpResponseRedirect(change_url)
        with transaction.atomic(), reversion.create_revision():
            reversion.set_user(request.user)
            reversion.set_comment(
                _("Reverted to the revision of %(date)s") % {"date": when}
            )
            article.save()
            if old_paths:
                workflow.remember_old_address(article=article, old_paths=old_paths)
        self.log_change(request, article, [{"changed": {"fields": fields}}])
        messages.success(
            request,
            _("The article now reads as it did on %(date)s.") % {"date": when},
        )
        return HttpResponseRedirect(change_url)

    def preview_link_create_view(self, request, object_id):
        article = self._get_article(request, object_id, change=False)
        if request.method != "POST":
            return redirect(self._admin_url("change", article.pk))
        if not workflow.is_editor(request.user):
            raise PermissionDenied
        form = PreviewLinkForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose how long the link stays valid."))
        else:
            link = create_preview_link(
                article=article,
                user=request.user,
                days=form.cleaned_data["days"],
                note=form.cleaned_data["note"],
            )
            messages.success(
                request,
                _("Preview link created; it opens until %(date)s: %(url)s")
                % {
                    "date": timezone.localtime(link.expires_at).strftime(
                        "%d.%m.%Y %H:%M"
                    ),
                    "url": request.build_absolute_uri(link.get_absolute_url()),
                },
            )
        return HttpResponseRedirect(
            self._admin_url("change", article.pk) + "#preview-links"
        )

    def preview_link_revoke_view(self, request, object_id, link_id):
        article = self._get_article(request, object_id, change=False)
        if not workflow.is_editor(request.user):
            raise PermissionDenied
        return _revoke(request, article, link_id, self._admin_url("change", article.pk))

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


@require_POST
def _revoke(request, article, link_id, next_url):
    link = get_object_or_404(PreviewLink, pk=link_id, article=article)
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
    messages.success(request, _("The preview link no longer opens."))
    return HttpResponseRedirect(next_url + "#preview-links")
