from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comments.models import BlockedTerm, Comment
from tests.factories import make_article, make_comment


@pytest.mark.django_db
def test_new_comment_is_pending():
    assert make_comment().status == Comment.Status.PENDING


@pytest.mark.django_db
def test_public_thread_lists_only_approved_comments_and_replies(
    django_assert_num_queries,
):
    article = make_article()
    approved = make_comment(article=article, status="approved")
    make_comment(article=article, status="pending")
    make_comment(article=article, status="spam")
    reply = make_comment(article=article, parent=approved, status="approved")
    make_comment(article=article, parent=approved, status="pending")

    earlier = make_comment(
        article=article,
        status="approved",
        created_at=approved.created_at - timedelta(minutes=5),
    )
    make_comment(status="approved")  # on another article

    unshown = make_comment(article=article)  # pending
    make_comment(article=article, parent=unshown, status="approved")

    with django_assert_num_queries(1):  # comments and their replies together
        thread = Comment.objects.for_article(article).public_thread()
        shown = [
            (c.pk, c.name, c.body, c.created_at)
            for top in thread
            for c in [top, *top.thread_replies]
        ]

    assert thread == [earlier, approved]
    assert thread[1].thread_replies == [reply]
    assert shown == [
        (c.pk, c.name, c.body, c.created_at) for c in (earlier, approved, reply)
    ]


@pytest.mark.django_db
def test_reply_to_a_reply_is_invalid():
    top = make_comment()
    reply = make_comment(article=top.article, parent=top)
    nested = Comment(
        article=top.article, parent=reply, name="x", email="x@example.org", body="x"
    )
    with pytest.raises(ValidationError) as excinfo:
        nested.full_clean()
    assert "parent" in excinfo.value.error_dict


@pytest.mark.django_db
def test_blocked_term_is_stored_lowercase_and_trimmed():
    term = BlockedTerm.objects.create(kind="word", value="  CASINO ")
    assert term.value == "casino"


@pytest.mark.django_db
def test_public_thread_reads_no_email_ip_address_or_browser():
    article = make_article()
    top = make_comment(article=article, status="approved", ip_address="192.0.2.1")
    make_comment(article=article, parent=top, status="approved", user_agent="Agent")

    with CaptureQueriesContext(connection) as captured:
        thread = Comment.objects.for_article(article).public_thread()

    assert [len(c.thread_replies) for c in thread] == [1]
    read = " ".join(query["sql"] for query in captured.captured_queries)
    assert len(captured.captured_queries) == 1
    hidden = ("email", "ip_address", "user_agent")
    assert not [column for column in hidden if column in read]
