"""Previews of an article in any status: for staff, and by signed link.

The signed links readers without an account open (`create_preview_link`,
`find_preview_link`), then the views. Every preview answers with
`X-Robots-Tag: noindex` and carries `<meta name="robots" content="noindex">`,
is never cached, and sends no Referer (a link token must not leak to other
sites).
"""

import re
import secrets
from datetime import timedelta

from django.contrib.admin.views.decorators import staff_member_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import override
from django.views.decorators.http import require_safe

from ..models import Article, PreviewLink
from ..views.pages import ArticleDetailView
from . import workflow

# Signed preview links ---------------------------------------------------

SALT = PreviewLink.TOKEN_SALT
DEFAULT_DAYS = 7
MAX_DAYS = 30


def create_preview_link(
    *, article: Article, user, days: int = DEFAULT_DAYS, note: str = ""
) -> PreviewLink:
    """Create a link to `article` that opens for `days` days unless revoked."""
    days = max(1, min(int(days), MAX_DAYS))
    return PreviewLink.objects.create(
        article=article,
        nonce=secrets.token_urlsafe(24),
        created_by=user,
        expires_at=timezone.now() + timedelta(days=days),
        note=note[:200],
    )


def find_preview_link(token: str) -> PreviewLink | None:
    """Return the link a token names, or None when forged, unknown or unsigned."""
    try:
        pk, nonce = signing.Signer(salt=SALT).unsign_object(token)
    except (signing.BadSignature, ValueError, TypeError):
        try:  # links sent before tokens stopped carrying a timestamp
            pk, nonce = signing.loads(token, salt=SALT)
        except (signing.BadSignature, ValueError, TypeError):
            return None
    return (
        PreviewLink.objects.select_related("article").filter(pk=pk, nonce=nonce).first()
    )


# Preview views ----------------------------------------------------------

ROBOTS_META = '<meta name="robots" content="noindex, nofollow">'
_HEAD = re.compile(r"<head(\s[^>]*)?>", re.IGNORECASE)
_BODY = re.compile(r"<body(\s[^>]*)?>", re.IGNORECASE)


def _no_index(response):
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _mark_preview(response, banner: str):
    """Add the robots meta and a preview banner to a rendered page."""
    html = response.content.decode(response.charset)
    html, found = _HEAD.subn(lambda m: m.group(0) + ROBOTS_META, html, count=1)
    if not found:
        html = ROBOTS_META + html
    html, found = _BODY.subn(lambda m: m.group(0) + banner, html, count=1)
    if not found:
        html = banner + html
    response.content = html.encode(response.charset)
    return response


def _banner(article: Article, *, expires_at=None) -> str:
    with override(article.language):
        status = article.get_status_display()
        if expires_at is not None:
            note = _("Preview, not yet public. This link expires on %(date)s.") % {
                "date": timezone.localtime(expires_at).strftime("%d.%m.%Y %H:%M")
            }
        else:
            note = _("Preview: this is how the article will look.")
        return format_html(
            '<p class="preview-banner" role="status"><strong>{}</strong> {}</p>',
            status,
            note,
        )


class ArticlePreviewView(ArticleDetailView):
    """The public article page for any status, marked as a preview."""

    template_name = "publications/article_detail.html"
    article = None
    banner_expires_at = None

    def get_template_names(self):
        return [self.template_name, "publications/article_preview.html"]

    def get_queryset(self):
        return Article.objects.for_listing().prefetch_related("corrections")

    def get_object(self, queryset=None):
        return self.article

    def is_misplaced(self, article) -> bool:
        return False

    def get_context_data(self, **kwargs):
        return super().get_context_data(is_preview=True, **kwargs)

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        banner = _banner(self.article, expires_at=self.banner_expires_at)
        response.add_post_render_callback(lambda r: _mark_preview(r, banner))
        return _no_index(response)


def _staff_may_see(user, article: Article) -> bool:
    if not user.has_perm("publications.view_article"):
        return False
    return workflow.is_editor(user) or workflow.owns(user, article)


@staff_member_required
@require_safe
def article_preview(request, pk):
    article = get_object_or_404(
        Article.objects.for_listing().prefetch_related("corrections"), pk=pk
    )
    if not _staff_may_see(request.user, article):
        raise PermissionDenied
    with override(article.language):
        return ArticlePreviewView.as_view(article=article)(request, pk=pk)


def _link_unavailable(request, *, status: int):
    response = TemplateResponse(
        request,
        "publications/preview_unavailable.html",
        {"expired": status == 410},
        status=status,
    )
    return _no_index(response)


def _open_link(request, token):
    link = find_preview_link(token)
    if link is None:
        return None, _link_unavailable(request, status=404)
    if not link.is_active:
        return None, _link_unavailable(request, status=410)
    return link, None


@require_safe
def preview_link(request, token):
    link, refused = _open_link(request, token)
    if refused:
        return refused
    article = get_object_or_404(
        Article.objects.for_listing().prefetch_related("corrections"),
        pk=link.article_id,
    )
    with override(article.language):
        return ArticlePreviewView.as_view(
            article=article, banner_expires_at=link.expires_at
        )(request, pk=article.pk)


@require_safe
def preview_link_pdf(request, token):
    link, refused = _open_link(request, token)
    if refused:
        return refused
    try:
        from ..pdf.services import (
            article_pdf_filename,
            render_article_pdf,
            with_pdf_relations,
        )
    except ImportError as error:  # the PDF service is optional in this module
        raise Http404(_("PDF previews are not available.")) from error
    article = get_object_or_404(
        with_pdf_relations(Article.objects.all()), pk=link.article_id
    )
    response = HttpResponse(
        render_article_pdf(article=article), content_type="application/pdf"
    )
    response["Content-Disposition"] = content_disposition_header(
        False, article_pdf_filename(article)
    )
    return _no_index(response)
