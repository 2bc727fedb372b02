"""The editors' e-mail about a pending comment: queued by the post, sent by a task."""

import logging
from datetime import timedelta
from unittest import mock

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from comments import tasks
from comments.models import BlockedTerm, Comment
from tests.comments.helpers import comment_url
from tests.factories import make_article, make_comment
from tests.smtp import SMTPServer
from tests.task_worker import run_queued_tasks

pytestmark = pytest.mark.django_db

TASK = "comments.tasks.send_moderation_notice"


@pytest.fixture
def smtp(settings):
    """A mail server on loopback, used by Django's SMTP backend."""
    with SMTPServer() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = server.port
        settings.EMAIL_TIMEOUT = 5
        yield server


@pytest.fixture
def editor_address(editor):
    editor.email = "editor@example.org"
    editor.save()
    return editor.email


@pytest.fixture
def mail_without_path(settings):
    # The file backend without EMAIL_FILE_PATH (a TypeError in Django 5.2).
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    if hasattr(settings, "EMAIL_FILE_PATH"):
        del settings.EMAIL_FILE_PATH


@pytest.fixture
def misconfigured_mail(settings, tmp_path):
    # The file backend given a file for a directory: ImproperlyConfigured.
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "a-file"
    settings.EMAIL_FILE_PATH.write_text("")


@pytest.fixture
def unreachable_smtp(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = 9  # nothing listens on the discard port
    settings.EMAIL_TIMEOUT = 1


def post_comment(client, article, comment_data, capture, **fields):
    with capture(execute=True):
        return client.post(
            comment_url("create", article), comment_data(article, **fields)
        )


def queued() -> list[dict]:
    rows = DBTaskResult.objects.filter(task_path=TASK).order_by("enqueued_at")
    return [row.args_kwargs["kwargs"] for row in rows]


def errors_logged(caplog) -> list[logging.LogRecord]:
    return [
        record
        for record in caplog.records
        if record.name.startswith("comments") and record.levelno >= logging.WARNING
    ]


def test_pending_comment_sends_one_message_to_the_editors(
    client,
    comment_data,
    smtp,
    editor_address,
    in_english,
    site_url,
    django_capture_on_commit_callbacks,
):
    article = make_article(title="Energy & water corridors", language="en")
    response = post_comment(
        client,
        article,
        comment_data,
        django_capture_on_commit_callbacks,
        body="Worth <a> look",
    )

    assert response.status_code == 303
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    # The reader's request only queued the e-mail.
    assert smtp.received == []
    assert queued() == [{"comment_id": comment.pk}]

    run_queued_tasks()

    (received,) = smtp.received
    assert received.recipients == ["editor@example.org"]
    message = received.message
    assert message["To"] == "editor@example.org"
    assert message["Subject"] == (
        "New comment awaiting moderation: Energy & water corridors"
    )
    body = message.get_content()
    assert "Worth <a> look" in body
    assert f"{site_url}/admin/comments/comment/{comment.pk}/change/" in body
    result = DBTaskResult.objects.get(task_path=TASK)
    assert result.status == TaskResultStatus.SUCCESSFUL


def test_subject_in_the_sites_language(
    client,
    comment_data,
    smtp,
    editor_address,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.LANGUAGE_CODE = "tr"
    article = make_article(title="Enerji & su", language="tr")
    post_comment(client, article, comment_data, django_capture_on_commit_callbacks)

    run_queued_tasks()

    (received,) = smtp.received
    assert received.message["Subject"].endswith(": Enerji & su")
    assert "&amp;" not in received.message["Subject"]


@pytest.mark.parametrize("change", ["approve", "reject", "delete"])
def test_comment_moderated_before_the_task_runs_sends_nothing(
    client,
    article,
    comment_data,
    smtp,
    editor_address,
    change,
    django_capture_on_commit_callbacks,
):
    post_comment(client, article, comment_data, django_capture_on_commit_callbacks)
    comment = Comment.objects.get()
    if change == "delete":
        comment.delete()
    else:
        comment.status = {
            "approve": Comment.Status.APPROVED,
            "reject": Comment.Status.REJECTED,
        }[change]
        comment.save()

    run_queued_tasks()

    assert smtp.received == []
    assert DBTaskResult.objects.get(task_path=TASK).status == (
        TaskResultStatus.SUCCESSFUL
    )


def test_published_or_spam_comments_queue_no_e_mail(
    client,
    article,
    comment_data,
    smtp,
    editor_address,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.COMMENTS_AUTO_APPROVE_KNOWN = True
    make_comment(email="known@example.org", status="approved")
    BlockedTerm.objects.create(kind="word", value="casino")
    capture = django_capture_on_commit_callbacks
    post_comment(client, article, comment_data, capture, email="known@example.org")
    post_comment(client, article, comment_data, capture, body="casino bonus")

    assert queued() == []


def test_no_editor_with_an_address_sends_nothing(
    client, article, comment_data, smtp, django_capture_on_commit_callbacks
):
    post_comment(client, article, comment_data, django_capture_on_commit_callbacks)
    run_queued_tasks()

    assert smtp.received == []


@pytest.mark.parametrize(
    ("mail_setup", "error"),
    [
        ("mail_without_path", TypeError),
        ("misconfigured_mail", ImproperlyConfigured),
        ("unreachable_smtp", OSError),
    ],
)
def test_mail_failure_leaves_the_post_alone_and_is_logged_once(
    client,
    article,
    comment_data,
    editor_address,
    mail_setup,
    error,
    request,
    caplog,
    django_capture_on_commit_callbacks,
):
    request.getfixturevalue(mail_setup)
    caplog.set_level(logging.INFO, logger="comments")

    response = post_comment(
        client, article, comment_data, django_capture_on_commit_callbacks
    )

    assert response.status_code == 303
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert errors_logged(caplog) == []

    run_queued_tasks(retries=True)

    attempts = [kwargs.get("attempt", 1) for kwargs in queued()]
    assert attempts == list(range(1, tasks.MAX_ATTEMPTS + 1))
    (record,) = errors_logged(caplog)
    assert record.levelno == logging.ERROR
    assert record.args[0] == comment.pk
    assert f"comment {comment.pk}" in record.getMessage()
    assert isinstance(record.exc_info[1], error)
    last = DBTaskResult.objects.filter(task_path=TASK).order_by("enqueued_at").last()
    assert last.status == TaskResultStatus.FAILED
    assert Comment.objects.filter(pk=comment.pk).exists()


def test_a_failed_send_is_tried_again_later(editor_address, unreachable_smtp, caplog):
    comment = make_comment(status="pending")
    before = timezone.now()

    assert tasks.send_moderation_notice.call(comment_id=comment.pk) == 0

    (retry,) = DBTaskResult.objects.filter(task_path=TASK)
    assert retry.args_kwargs["kwargs"] == {"comment_id": comment.pk, "attempt": 2}
    assert retry.run_after >= before + timedelta(seconds=tasks.FIRST_DELAY)
    assert errors_logged(caplog) == []

    tasks.send_moderation_notice.call(comment_id=comment.pk, attempt=2)
    delays = [
        (row.run_after - row.enqueued_at).total_seconds()
        for row in DBTaskResult.objects.filter(task_path=TASK).order_by("enqueued_at")
    ]
    assert delays[1] > delays[0]


def test_a_send_failing_every_time_is_given_up_with_one_error(
    editor_address, misconfigured_mail, caplog
):
    comment = make_comment(status="pending")

    with pytest.raises(RuntimeError):
        tasks.send_moderation_notice.call(
            comment_id=comment.pk, attempt=tasks.MAX_ATTEMPTS
        )

    assert not DBTaskResult.objects.filter(task_path=TASK).exists()
    (record,) = errors_logged(caplog)
    assert "Gave up e-mailing editors about comment" in record.getMessage()


def test_a_queue_that_refuses_the_task_does_not_fail_the_post(
    client,
    article,
    comment_data,
    editor_address,
    caplog,
    django_capture_on_commit_callbacks,
):
    with mock.patch.object(tasks, "send_moderation_notice") as task:
        task.enqueue.side_effect = DatabaseError("the queue's table is locked")
        response = post_comment(
            client, article, comment_data, django_capture_on_commit_callbacks
        )

    assert response.status_code == 303
    comment = Comment.objects.get()
    (record,) = errors_logged(caplog)
    assert f"comment {comment.pk}" in record.getMessage()
