import hashlib
import ipaddress
import logging
import re
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpRequest
from django.utils import timezone

from publications import pagecache

from . import tasks
from .forms import CommentDraftForm, CommentForm
from .models import BlockedTerm, Comment

logger = logging.getLogger(__name__)

LINK_RE = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
PERIOD_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
RATE_RE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")


def client_ip(request: HttpRequest) -> str | None:
    """Return the address the request came from.

    Only REMOTE_ADDR is trusted: behind a reverse proxy it is the proxy's
    address, and a setting naming the proxy must be added before reading
    X-Forwarded-For, which any client can forge.
    """
    value = request.META.get("REMOTE_ADDR", "")
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def comments_open(article) -> bool:
    """Tell whether `article` accepts new comments now."""
    if not article.comments_enabled or not article.is_public:
        return False
    closes = comment_close_time(article)
    return closes is None or timezone.now() < closes


def comment_close_time(article):
    """Return when comments on `article` close by themselves, or None if never."""
    days = settings.COMMENTS_CLOSE_AFTER_DAYS
    if days <= 0 or article.published_at is None:
        return None
    return article.published_at + timedelta(days=days)


def comment_context(*, article, request: HttpRequest, form=None, thread=None) -> dict:
    """Return the template context of an article's comment section.

    Approved comments and their replies cost one query, however many there
    are, and none when `thread` (`Comment.thread()` of comments read with the
    article) is given; the comment a reply answers is found among them. A form that
    failed validation is taken from `request` when the comment view
    re-renders the article page. Nothing in it is personal: the CSRF token
    and the signed timestamp come from `comments:start` or the confirmation
    page, so every reader receives the same article page.
    """
    if thread is None:
        thread = Comment.objects.for_article(article).public_thread()
    form = form or getattr(request, "comment_form", None)
    is_open = comments_open(article)
    reply_to = None
    if form is not None and form.is_bound:
        reply_to = form.cleaned_data.get("parent") if form.is_valid() else None
        if reply_to is None and "parent" not in form.errors:
            reply_to = _shown_top_level(thread, form.data.get("parent"))
    elif is_open:
        form = CommentDraftForm(article=article)
        reply_to = _shown_top_level(thread, request.GET.get("reply_to"))
    return {
        "comments": thread,
        "comment_count": sum(1 + len(c.thread_replies) for c in thread),
        "comments_open": is_open,
        "comment_form": form if is_open else None,
        "reply_to": reply_to,
        "ip_retention_days": settings.COMMENTS_IP_RETENTION_DAYS,
    }


def _shown_top_level(thread: list[Comment], comment_id) -> Comment | None:
    """Return the comment of `thread` that `comment_id` is or answers, or None."""
    try:
        pk = int(comment_id)
    except (TypeError, ValueError):
        return None
    for comment in thread:
        if pk == comment.pk or pk in (reply.pk for reply in comment.thread_replies):
            return comment
    return None


def parse_rate(rate: str) -> tuple[int, int]:
    """Read "5/10m" as (5, 600): at most 5 within 600 seconds."""
    match = RATE_RE.match(rate)
    if not match:
        raise ImproperlyConfigured(
            f"COMMENTS_RATE_LIMIT must look like 5/10m, got {rate!r}"
        )
    count, multiple, unit = match.groups()
    return int(count), int(multiple or 1) * PERIOD_SECONDS[unit]


def _hit(key: str, period: int) -> int | None:
    # add + incr are atomic on Redis and in the local memory cache, so
    # parallel requests on several app servers never lose a count.
    cache.add(key, 0, timeout=period)
    try:
        # None when Redis is down (django-redis logs and ignores the error).
        return cache.incr(key)
    except ValueError:
        # The key expired between add and incr: a new window starts.
        cache.add(key, 1, timeout=period)
        return 1


def _stored_recently(*, ip: str | None, email: str, period: int) -> int:
    """Count the comments stored within `period` seconds from `ip` or `email`."""
    since = timezone.now() - timedelta(seconds=period)
    counts = {"by_email": Count("pk", filter=Q(email__iexact=email.strip()))}
    if ip:
        counts["by_ip"] = Count("pk", filter=Q(ip_address=ip))
    recent = Comment.objects.filter(created_at__gte=since)
    return max(recent.aggregate(**counts).values())


def rate_limited(*, ip: str | None, email: str) -> bool:
    """Count one comment for `ip` and `email`; tell whether either is over the limit.

    Without the cache (Redis down) the comments already stored in the
    database are counted instead: the limit still holds, a little later.
    """
    limit, period = parse_rate(settings.COMMENTS_RATE_LIMIT)
    if limit <= 0:
        return False
    email_hash = hashlib.sha256(email.strip().lower().encode()).hexdigest()[:32]
    keys = [f"comments:rate:email:{email_hash}"]
    if ip:
        keys.append(f"comments:rate:ip:{ip}")
    counts = [_hit(key, period) for key in keys]
    if None in counts:
        logger.warning("Comment rate limit counted in the database: no cache")
        return _stored_recently(ip=ip, email=email, period=period) >= limit
    return max(counts) > limit


def rate_limit_period() -> int:
    return parse_rate(settings.COMMENTS_RATE_LIMIT)[1]


def blocklist_match(*, name: str, email: str, body: str, ip: str | None) -> str:
    """Return the blocklist entry the comment matches, or ""."""
    text = f"{name}\n{body}".casefold()
    email = email.strip().casefold()
    address = None
    if ip:
        address = ipaddress.ip_address(ip)
    for kind, value in BlockedTerm.objects.values_list("kind", "value"):
        if kind == BlockedTerm.Kind.WORD and value.casefold() in text:
            return value
        if kind == BlockedTerm.Kind.EMAIL and (
            email == value or (value.startswith("@") and email.endswith(value))
        ):
            return value
        if kind == BlockedTerm.Kind.IP and address is not None:
            try:
                network = ipaddress.ip_network(value, strict=False)
            except ValueError:
                continue
            if address in network:
                return value
    return ""


def count_links(text: str) -> int:
    return len(LINK_RE.findall(text))


@dataclass
class Verdict:
    status: str
    reason: str = ""


def judge_comment(*, name: str, email: str, body: str, ip: str | None) -> Verdict:
    """Decide the status a new comment starts with."""
    blocked = blocklist_match(name=name, email=email, body=body, ip=ip)
    if blocked:
        return Verdict(Comment.Status.SPAM, f"blocklist: {blocked}")
    links = count_links(body)
    if links >= settings.COMMENTS_MAX_LINKS:
        return Verdict(Comment.Status.PENDING, f"{links} links")
    if (
        settings.COMMENTS_AUTO_APPROVE_KNOWN
        and Comment.objects.approved().filter(email__iexact=email).exists()
    ):
        return Verdict(Comment.Status.APPROVED, "known commenter")
    return Verdict(Comment.Status.PENDING)


def submit_comment(
    *, form: CommentForm, ip: str | None, user_agent: str = ""
) -> Comment:
    """Store a validated comment once; a task e-mails editors when it awaits them."""
    comment = form.instance
    verdict = judge_comment(
        name=comment.name, email=comment.email, body=comment.body, ip=ip
    )
    comment.status = verdict.status
    comment.held_reason = verdict.reason
    comment.ip_address = ip
    comment.user_agent = user_agent[:300]
    with transaction.atomic():
        comment.save()
        if comment.status == Comment.Status.PENDING:
            tasks.queue_moderation_notice(comment.pk)
    return comment


def moderate_comments(*, comments, status: str, user) -> int:
    """Set `status` on `comments`, recording who moderated them and when."""
    changing = comments.exclude(status=status)
    # In bulk, without signals: the pages that show or showed them are purged here.
    shown = changing if Comment.is_shown(status) else changing.approved()
    articles = set(shown.values_list("article", flat=True))
    count = changing.update(
        status=status, moderated_by=user, moderated_at=timezone.now()
    )
    pagecache.purge(Comment.page_keys(articles))
    return count


def erase_old_ips(*, days: int) -> int:
    """Erase IP addresses and browser strings of comments older than `days` days."""
    return Comment.objects.with_ip_older_than(days).update(
        ip_address=None, user_agent=""
    )
