from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from publications.models import Article
from publications.views.pages import ArticleDetailView

from . import services
from .forms import CommentForm
from .models import Comment


@require_POST
def create(request, article_id):
    article = get_object_or_404(
        Article.objects.published().select_related("category"), pk=article_id
    )
    if not services.comments_open(article):
        return render(request, "comments/closed.html", {"article": article}, status=403)
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


def _article_page_with_errors(request, article, form):
    """Render the article page again with the form's errors beside its fields."""
    request.comment_form = form
    view = ArticleDetailView()
    kwargs = {"category": article.category.slug, "slug": article.slug}
    view.setup(request, **kwargs)
    response = view.get(request, **kwargs)
    response.status_code = 400
    return response
