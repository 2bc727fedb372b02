import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.utils import timezone

from comments import services
from comments.forms import CommentForm
from comments.models import BlockedTerm, Comment
from comments.templatetags.comments_tags import comment_html
from tests.factories import make_article, make_comment
from tests.task_worker import run_queued_tasks


def submit(comment_data, ip="203.0.113.7", **overrides):
    article = make_article()
    form = CommentForm(comment_data(article, **overrides), article=article)
    assert form.is_valid(), form.errors
    return services.submit_comment(form=form, ip=ip, user_agent="Firefox")


@pytest.mark.django_db
def test_submitted_comment_keeps_ip_and_browser_for_moderation(comment_data):
    comment = submit(comment_data)
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    assert (comment.ip_address, comment.user_agent) == ("203.0.113.7", "Firefox")


@pytest.mark.django_db
def test_comment_with_two_links_is_held_with_reason(comment_data, settings):
    settings.COMMENTS_AUTO_APPROVE_KNOWN = True
    make_comment(email="ayse@example.org", status="approved")
    comment = submit(
        comment_data, body="See https://a.example and www.b.example please"
    )
    assert comment.status == Comment.Status.PENDING
    assert comment.held_reason == "2 links"


@pytest.mark.django_db
def test_known_commenter_is_approved_when_enabled(comment_data, settings):
    settings.COMMENTS_AUTO_APPROVE_KNOWN = True
    make_comment(email="AYSE@example.org", status="approved")
    assert submit(comment_data).status == Comment.Status.APPROVED


@pytest.mark.django_db
def test_known_commenter_waits_when_auto_approval_is_off(comment_data):
    make_comment(email="ayse@example.org", status="approved")
    assert submit(comment_data).status == Comment.Status.PENDING


@pytest.mark.django_db
def test_blocklisted_email_domain_sends_comment_to_spam(comment_data):
    BlockedTerm.objects.create(kind="email", value="@spam.example")
    comment = submit(comment_data, email="bot@SPAM.example")
    assert comment.status == Comment.Status.SPAM


@pytest.mark.django_db
def test_blocklisted_network_sends_comment_to_spam(comment_data):
    BlockedTerm.objects.create(kind="ip", value="203.0.113.0/24")
    assert submit(comment_data).status == Comment.Status.SPAM


@pytest.mark.django_db
def test_editors_are_emailed_about_pending_comment(
    comment_data, editor, django_capture_on_commit_callbacks
):
    editor.email = "editor@example.org"
    editor.save()
    with django_capture_on_commit_callbacks(execute=True):
        comment = submit(comment_data, body="Worth a look")
    assert mail.outbox == []  # queued, sent by the task worker
    run_queued_tasks()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["editor@example.org"]
    assert comment.article.title in message.subject
    assert "Worth a look" in message.body
    assert f"/admin/comments/comment/{comment.pk}/change/" in message.body


@pytest.mark.django_db
def test_authors_are_not_emailed_about_comments(
    comment_data, author_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submit(comment_data)
    run_queued_tasks()
    assert mail.outbox == []


@pytest.mark.django_db
def test_spam_does_not_email_editors(
    comment_data, editor, django_capture_on_commit_callbacks
):
    BlockedTerm.objects.create(kind="word", value="viagra")
    with django_capture_on_commit_callbacks(execute=True):
        submit(comment_data, body="cheap viagra")
    run_queued_tasks()
    assert mail.outbox == []


def test_rate_limit_counts_per_ip_and_per_email(settings):
    settings.COMMENTS_RATE_LIMIT = "2/1m"
    hits = [
        services.rate_limited(ip="198.51.100.1", email=f"r{n}@example.org")
        for n in range(3)
    ]
    assert hits == [False, False, True]
    assert not services.rate_limited(ip="198.51.100.2", email="new@example.org")


@pytest.mark.parametrize(
    ("rate", "expected"),
    [("5/10m", (5, 600)), ("20/h", (20, 3600)), ("3 / 30s", (3, 30))],
)
def test_parse_rate(rate, expected):
    assert services.parse_rate(rate) == expected


def test_unreadable_rate_is_a_configuration_error():
    with pytest.raises(ImproperlyConfigured):
        services.parse_rate("five per minute")


def test_comment_html_escapes_and_marks_links_as_user_content():
    html = comment_html('<b>hi</b> "quoted"\n\nhttps://x.example rel="nofollow"')
    assert html == (
        "<p>&lt;b&gt;hi&lt;/b&gt; &quot;quoted&quot;</p>\n\n"
        '<p><a href="https://x.example" rel="nofollow ugc noopener">'
        "https://x.example</a> rel=&quot;nofollow&quot;</p>"
    )


@pytest.mark.django_db
def test_erase_comment_ips_clears_only_old_addresses(settings):
    settings.COMMENTS_IP_RETENTION_DAYS = 30
    old = make_comment(
        ip_address="203.0.113.9",
        user_agent="Firefox",
        created_at=timezone.now() - timedelta(days=31),
    )
    recent = make_comment(
        ip_address="203.0.113.10",
        created_at=timezone.now() - timedelta(days=29),
    )
    call_command("erase_comment_ips", stdout=io.StringIO())

    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.ip_address, old.user_agent) == (None, "")
    assert recent.ip_address == "203.0.113.10"
