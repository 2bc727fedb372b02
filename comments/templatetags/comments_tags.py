from functools import lru_cache

from django import template
from django.utils.html import linebreaks, urlize
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

REL_NOFOLLOW = ' rel="nofollow"'
REL_UGC = ' rel="nofollow ugc noopener"'


@register.filter
def comment_html(text: str) -> SafeString:
    """Render a reader's comment: escaped, links clickable, line breaks kept."""
    return mark_safe(_comment_html(str(text)))


# The HTML depends on the text alone; finding links is the slow part of a
# comment thread, so the last few thousand comments shown are kept rendered.
@lru_cache(maxsize=4096)
def _comment_html(text: str) -> str:
    # urlize escapes every character of the reader's text, so the only
    # rel="nofollow" left in its output is on the links it built itself.
    linked = urlize(text, trim_url_limit=60, nofollow=True, autoescape=True)
    linked = linked.replace(REL_NOFOLLOW, REL_UGC)
    return linebreaks(linked, autoescape=False)


@register.simple_tag(takes_context=True)
def pending_comment_count(context) -> int | None:
    """Return how many comments await moderation, for users who may moderate."""
    from comments.models import Comment

    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.has_perm("comments.change_comment"):
        return None
    return Comment.objects.pending().count()
