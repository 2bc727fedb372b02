"""The article admin's own pages beside the change form.

Autosave of an edit in progress, the changes since a revision and the revert
to it, creating and revoking preview links. `ArticleWorkflowAdmin` in
`editorial/admin.py` mixes them in, and its permissions decide who may use them.
"""

import json

import reversion
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from reversion.models import Version

from ..models import Article, ArticleAutosave, PreviewLink
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


class ArticleAdminViews:
    """Extra admin URLs and views for an article; mixed into its ModelAdmin."""

    # Addresses ----------------------------------------------------------

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

    # Autosave -----------------------------------------------------------

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

    # Revisions ----------------------------------------------------------

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

    # Preview links ------------------------------------------------------

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


@require_POST
def _revoke(request, article, link_id, next_url):
    link = get_object_or_404(PreviewLink, pk=link_id, article=article)
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
    messages.success(request, _("The preview link no longer opens."))
    return HttpResponseRedirect(next_url + "#preview-links")
