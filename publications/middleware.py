"""Old article addresses keep working after a slug or category change."""

from django.http import HttpResponsePermanentRedirect

from .models import ArticleRedirect

PDF_SUFFIX = "pdf/"


class ArticleRedirectFallbackMiddleware:
    """Answer a 404 at an article's former address with a permanent redirect.

    Like django.contrib.redirects: it looks only at responses that are
    already 404, so it costs nothing on pages that exist.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # PostgreSQL refuses NUL in text; no stored address contains one.
        if response.status_code != 404 or "\x00" in request.path:
            return response
        path = request.path
        candidates = [path]
        if path.endswith("/" + PDF_SUFFIX):
            candidates.append(path[: -len(PDF_SUFFIX)])
        found = (
            ArticleRedirect.objects.select_related("article__category")
            .filter(old_path__in=candidates)
            .first()
        )
        if found is None or not found.article.is_public:
            return response
        article = found.article
        target = (
            article.get_absolute_url()
            if found.old_path == path
            else article.get_pdf_url()
        )
        if request.META.get("QUERY_STRING"):
            target += "?" + request.META["QUERY_STRING"]
        return HttpResponsePermanentRedirect(target)
