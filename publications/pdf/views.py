from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import get_conditional_response
from django.utils.http import content_disposition_header, http_date, quote_etag
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from .. import pagecache
from ..models import Article
from .services import (
    PdfBusy,
    article_pdf_filename,
    find_public_article_pdf,
    render_article_pdf,
    render_public_article_pdf,
    with_pdf_relations,
)


@pagecache.public_page
@require_safe
def article_pdf(request, category, slug):
    # Anonymous repeats are answered by caches until the article, its
    # authors or tags, or the categories change (see ArticlePdf.cache_keys).
    # Here the version comes from two small queries; the HTML is built only
    # when this version was never rendered.
    pdf = find_public_article_pdf(category=category, slug=slug)
    if pdf is None:
        raise Http404
    response = get_conditional_response(
        request, etag=quote_etag(pdf.etag), last_modified=_timestamp(pdf)
    )
    if response is None:
        if not default_storage.exists(pdf.name):
            try:
                pdf = render_public_article_pdf(article_pk=pdf.article_pk)
            except PdfBusy:
                response = HttpResponse(
                    _("The PDF is being prepared. Please try again in a minute."),
                    status=503,
                    content_type="text/plain; charset=utf-8",
                )
                response["Retry-After"] = "30"
                return response
            if pdf is None:
                raise Http404
        # Read whole (50-200 KB), not streamed, so the page cache can keep it.
        with default_storage.open(pdf.name, "rb") as stored:
            response = HttpResponse(stored.read(), content_type="application/pdf")
        response["Content-Disposition"] = content_disposition_header(True, pdf.filename)
        pagecache.depend(*pdf.cache_keys)
    response["ETag"] = quote_etag(pdf.etag)
    response["Last-Modified"] = http_date(_timestamp(pdf))
    return response


def _timestamp(pdf) -> int:
    return int(pdf.last_modified.timestamp())


@staff_member_required
@require_safe
def article_pdf_preview(request, pk):
    """Render any article's PDF afresh for staff who may see it; never stored."""
    article = get_object_or_404(with_pdf_relations(Article.objects.all()), pk=pk)
    user = request.user
    may_see_all = user.has_perm("publications.export_pdfs") or user.has_perm(
        "publications.publish_article"
    )
    if not may_see_all and not Article.objects.owned_by(user).filter(pk=pk).exists():
        raise PermissionDenied
    response = HttpResponse(
        render_article_pdf(article=article), content_type="application/pdf"
    )
    response["Content-Disposition"] = content_disposition_header(
        False, article_pdf_filename(article)
    )
    response["Cache-Control"] = "private, no-store"
    return response
