"""The editors' e-mail about a comment awaiting moderation, sent by a task.

The reader's post only queues the task after its transaction commits: a
slow or broken mail server never holds up or fails the reader's request.
The task sends nothing when the comment is gone or no longer pending by the
time it runs; a failed send is tried again with growing delays, and logged
as an error once, at the last attempt.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from .models import Comment

logger = logging.getLogger(__name__)
# Delays before the next attempt: 30 s, 1, 2, 4 … minutes, at most an hour;
# eight attempts span about an hour.
MAX_ATTEMPTS = 8
FIRST_DELAY = 30
MAX_DELAY = 3600


def editor_addresses() -> list[str]:
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    users = users.filter(Q(groups__name="Editors") | Q(is_superuser=True))
    return sorted(set(users.values_list("email", flat=True)))


def queue_moderation_notice(comment_id: int) -> None:
    """Have the editors e-mailed about `comment_id` once the transaction commits."""

    def enqueue():
        try:
            send_moderation_notice.enqueue(comment_id=comment_id)
        except Exception:
            # The comment is stored and listed in the admin's queue.
            logger.exception(
                "Could not queue the e-mail to editors about comment %s", comment_id
            )

    transaction.on_commit(enqueue, robust=True)


def notify_editors(comment: Comment) -> int:
    """E-mail every editor about `comment`; raise when the mail is not sent."""
    recipients = editor_addresses()
    if not recipients:
        return 0
    admin_path = reverse("admin:comments_comment_change", args=[comment.pk])
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "comment": comment,
            "article": comment.article,
            "admin_url": f"{settings.SITE_URL}{admin_path}",
            "queue_url": settings.SITE_URL
            + reverse("admin:comments_comment_changelist")
            + "?status__exact=pending",
            "site_name": settings.SITE_NAME,
        }
        subject = render_to_string("comments/email/new_comment_subject.txt", context)
        message = render_to_string("comments/email/new_comment.txt", context)
    return send_mail(
        " ".join(subject.split()), message, settings.DEFAULT_FROM_EMAIL, recipients
    )


@task()
def send_moderation_notice(comment_id: int, attempt: int = 1) -> int:
    """E-mail the editors about a comment still pending; retry when sending fails.

    Returns the number of messages sent (0 or 1).
    """
    comment = (
        Comment.objects.filter(pk=comment_id, status=Comment.Status.PENDING)
        .select_related("article")
        .first()
    )
    if comment is None:
        return 0
    try:
        return notify_editors(comment)
    except Exception as error:
        # OSError, SMTPException, ImproperlyConfigured (a backend missing its
        # settings) or whatever else the mail backend raises.
        failure = error
    if attempt < MAX_ATTEMPTS:
        delay = timedelta(seconds=min(FIRST_DELAY * 2 ** (attempt - 1), MAX_DELAY))
        try:
            send_moderation_notice.using(run_after=timezone.now() + delay).enqueue(
                comment_id=comment_id, attempt=attempt + 1
            )
        except Exception:
            logger.exception(
                "Could not queue another try of the e-mail about comment %s",
                comment_id,
            )
        else:
            logger.info(
                "E-mail to editors about comment %s failed (attempt %d), "
                "trying again in %s: %s",
                comment_id,
                attempt,
                delay,
                failure,
            )
        return 0
    logger.error(
        "Gave up e-mailing editors about comment %s after %d attempts",
        comment_id,
        attempt,
        exc_info=failure,
    )
    raise RuntimeError(f"the e-mail about comment {comment_id} was not sent")
