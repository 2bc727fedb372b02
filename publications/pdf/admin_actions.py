"""Editors' PDF exports in the admin: selected articles as one PDF or a ZIP,
and the month's Bülten in one step."""

import io
from datetime import date

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import Article
from .render import PdfRenderError
from .services import compile_bulten, compile_pdfs, with_pdf_relations, zip_article_pdfs

# Larger exports take minutes; `manage.py export_pdfs` shows progress for them.
ADMIN_EXPORT_LIMIT = 100
EXPORT_PERMISSION = "publications.export_pdfs"


def _download(data: bytes, *, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    return response


class BultenMonthForm(forms.Form):
    month = forms.DateField(
        label=gettext_lazy("Month"),
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        help_text=gettext_lazy("The Bülten articles published in this month."),
        error_messages={
            "invalid": gettext_lazy("Enter a month as YYYY-MM, e.g. 2020-09.")
        },
    )


class PdfExportAdminMixin:
    """Add PDF exports to an article ModelAdmin; only editors with the right see them.

    List the actions by name in the admin's `actions`:
    `*PdfExportAdminMixin.pdf_actions`.
    """

    pdf_actions = ["export_selected_as_pdf", "export_selected_as_zip"]

    def has_export_pdfs_permission(self, request) -> bool:
        return request.user.is_active and request.user.has_perm(EXPORT_PERMISSION)

    def _export_queryset(self, request, queryset):
        if not self.has_export_pdfs_permission(request):
            raise PermissionDenied
        count = queryset.count()
        if count > ADMIN_EXPORT_LIMIT:
            self.message_user(
                request,
                _(
                    "Select at most %(limit)d articles here; for %(count)d use "
                    "the export_pdfs command."
                )
                % {"limit": ADMIN_EXPORT_LIMIT, "count": count},
                messages.ERROR,
            )
            return None
        # A fresh query: the changelist's own prefetches differ from ours.
        selected = Article.objects.filter(pk__in=queryset.values("pk"))
        return list(with_pdf_relations(selected.order_by("published_at", "pk")))

    @admin.action(
        description=gettext_lazy("Export as one PDF (cover and contents)"),
        permissions=["export_pdfs"],
    )
    def export_selected_as_pdf(self, request, queryset):
        articles = self._export_queryset(request, queryset)
        if articles is None:
            return None
        today = timezone.localdate()
        try:
            data = compile_pdfs(
                articles=articles,
                title=_("Selected articles"),
                subtitle=_("Compiled on %(date)s")
                % {"date": today.strftime("%d.%m.%Y")},
            )
        except PdfRenderError:
            self.message_user(
                request,
                _("The PDF could not be rendered. Try fewer articles."),
                messages.ERROR,
            )
            return None
        return _download(
            data,
            filename=f"articles-{today:%Y-%m-%d}.pdf",
            content_type="application/pdf",
        )

    @admin.action(
        description=gettext_lazy("Export as ZIP of PDFs"),
        permissions=["export_pdfs"],
    )
    def export_selected_as_zip(self, request, queryset):
        articles = self._export_queryset(request, queryset)
        if articles is None:
            return None
        buffer = io.BytesIO()
        try:
            zip_article_pdfs(articles=articles, target=buffer)
        except PdfRenderError:
            self.message_user(
                request,
                _("The PDFs could not be rendered. Try fewer articles."),
                messages.ERROR,
            )
            return None
        return _download(
            buffer.getvalue(),
            filename=f"articles-{timezone.localdate():%Y-%m-%d}.zip",
            content_type="application/zip",
        )

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "bulten-pdf/",
                self.admin_site.admin_view(self.bulten_pdf_view),
                name=f"{info[0]}_{info[1]}_bulten_pdf",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_export_pdfs": self.has_export_pdfs_permission(request),
        }
        return super().changelist_view(request, extra_context=extra_context)

    def bulten_pdf_view(self, request):
        """Compile a month's Bülten articles into one PDF in one step."""
        if not self.has_export_pdfs_permission(request):
            raise PermissionDenied
        form = BultenMonthForm(request.GET if "month" in request.GET else None)
        if form.is_valid():
            month: date = form.cleaned_data["month"]
            try:
                data, count = compile_bulten(year=month.year, month=month.month)
            except PdfRenderError:
                data, count = b"", -1
                form.add_error(None, _("The PDF could not be rendered."))
            if count == 0:
                form.add_error(
                    "month", _("No published Bülten articles in that month.")
                )
            elif data:
                return _download(
                    data,
                    filename=f"bulten-{month:%Y-%m}.pdf",
                    content_type="application/pdf",
                )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Compile a month's Bülten"),
            "opts": self.opts,
            "form": form,
        }
        return TemplateResponse(
            request,
            "admin/publications/article/bulten_pdf.html",
            context,
            status=400 if form.errors else 200,
        )
