from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.html import format_html

from ..models import Article


def article_pdf(request, category, slug):
    article = get_object_or_404(
        Article.objects.published().select_related("category"),
        category__slug=category,
        slug=slug,
    )
    from weasyprint import HTML

    pdf = HTML(string=format_html("<h1>{}</h1>", article.title)).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{article.slug}.pdf"'
    return response
