import copy

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, render
from django.urls import resolve
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from publications.models import Article

from . import services
from .forms import CommentDraftForm, CommentForm, sign_timestamp
from .models import Comment


@require_POST
def create(request, article_id):
    article = get_object_or_404(
        Article.objects.published().select_related("category"), pk=article_id
    )
    if not services.comments_open(article):
        return _closed(request, article)
    form = CommentForm(request.POST, article=article)
    if not form.is_valid():
        return _article_page_with_errors(request, article, form)
    ip = services.client_ip(request)
    if services.rate_limited(ip=ip, email=form.cleaned_data["email"]):
        response = render(
            request,
            "comments/rate_limited.html",
            {"article": article, "body": form.cleaned_data["body"]},
            status=429,
        )
        response["Retry-After"] = str(services.rate_limit_period())
        return response
    comment = services.submit_comment(
        form=form, ip=ip, user_agent=request.META.get("HTTP_USER_AGENT", "")
    )
    if comment.status == Comment.Status.APPROVED:
        messages.success(request, _("Thank you. Your comment is published."))
    else:
        messages.success(
            request,
            _(
                "Thank you. Your comment awaits moderation and will appear "
                "once an editor approves it."
            ),
        )
    return HttpResponseRedirect(f"{article.get_absolute_url()}#comments", status=303)


# The article page carries neither the CSRF token nor the signed timestamp, so
# that every reader receives the same bytes and a shared cache can keep it.
# Its script asks for both here when the reader starts writing. Refusals are
# answered, not raised, so that never_cache marks them too: a cache keeping
# the 404 of a draft would hide the form's start once the article is out.
@never_cache
@require_GET
def start(request, article_id):
    article = Article.objects.published().filter(pk=article_id).first()
    if article is None:
        return JsonResponse({"error": _("Page not found")}, status=404)
    if not services.comments_open(article):
        return JsonResponse(
            {"error": _("Comments are closed for this article.")}, status=403
        )
    return JsonResponse(
        {
            # get_token() also has CsrfViewMiddleware set the reader's cookie.
            "csrfmiddlewaretoken": get_token(request),
            "timestamp": sign_timestamp(article.pk),
        }
    )


# Readers without JavaScript post the article page's form here, without a
# token. Nothing is stored: the confirmation page shows the comment with a
# token and a fresh timestamp, and sending it goes through `create`, which
# Django's CSRF check guards. Other sites are still turned away, so none can
# put words in a reader's mouth for the reader to confirm unawares.
@csrf_exempt
@never_cache
@require_POST
def confirm(request, article_id):
    if _is_cross_site(request):
        raise PermissionDenied
    article = get_object_or_404(
        Article.objects.published().select_related("category"), pk=article_id
    )
    if not services.comments_open(article):
        return _closed(request, article)
    form = CommentDraftForm(request.POST, article=article)
    if not form.is_valid():
        return _article_page_with_errors(request, article, form)
    context = {
        "article": article,
        "form": form,
        "reply_to": form.cleaned_data["parent"],
        # The minimum time counts from here: the reader reads it over first.
        "timestamp": sign_timestamp(article.pk),
        "ip_retention_days": settings.COMMENTS_IP_RETENTION_DAYS,
    }
    return render(request, "comments/confirm.html", context)


def _is_cross_site(request) -> bool:
    """Tell whether the browser says another site's page sent `request`."""
    if request.headers.get("Sec-Fetch-Site") == "cross-site":
        return True
    origin = request.headers.get("Origin")
    if origin is None:
        return False
    own = f"{request.scheme}://{request.get_host()}"
    return origin != own and origin not in settings.CSRF_TRUSTED_ORIGINS


def _closed(request, article):
    return render(request, "comments/closed.html", {"article": article}, status=403)


def _article_page_with_errors(request, article, form):
    """Render the article page again with the form's errors beside its fields.

    Through the view its address resolves to, asked as for a GET: the page
    reads the bound form from the request (see services.comment_context).
    """
    page_request = copy.copy(request)
    page_request.method = "GET"
    page_request.comment_form = form
    # In the article's language, whichever address the form was sent to.
    with translation.override(article.language):
        match = resolve(article.get_absolute_url())
        response = match.func(page_request, *match.args, **match.kwargs)
        response.render()
    response.status_code = 400
    return response
