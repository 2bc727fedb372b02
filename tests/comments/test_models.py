from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from comments.models import BlockedTerm, Comment
from publications import sql
from publications.models import Article
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

    with django_assert_num_queries(1):
        thread = Comment.objects.public_thread(article)
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
def test_editors_group_may_moderate_comments():
    codenames = set(
        Group.objects.get(name="Editors").permissions.values_list("codename", flat=True)
    )
    assert {"change_comment", "view_comment", "change_blockedterm"} <= codenames


@pytest.mark.django_db
def test_authors_group_may_not_moderate_comments():
    codenames = set(
        Group.objects.get(name="Authors").permissions.values_list("codename", flat=True)
    )
    assert not {c for c in codenames if c.endswith("comment")}


@pytest.mark.django_db
def test_thread_read_with_the_article_row_is_the_public_thread():
    article = make_article()
    first = make_comment(
        article=article, status="approved", body="İlk yorum\nhttps://example.org"
    )
    make_comment(article=article, status="pending")
    make_comment(article=article, parent=first, status="approved", body="Yanıt")
    make_comment(
        article=article,
        status="approved",
        created_at=first.created_at + timedelta(minutes=1),
    )
    make_comment(status="approved")  # on another article
    bare = make_article()
    column = Comment.objects.public_thread_column(f"{sql.table(Article)}.id")

    def read(target):
        row = Article.objects.public_page(target.slug, also={"comment_rows": column})
        return Comment.objects.thread_from_column(row.comment_rows, target)

    def shown(thread):
        return [
            (c.pk, c.parent_id, c.name, c.body, c.created_at, len(c.thread_replies))
            for c in thread
        ] + [
            (r.pk, r.parent_id, r.name, r.body, r.created_at)
            for c in thread
            for r in c.thread_replies
        ]

    assert shown(read(article)) == shown(Comment.objects.public_thread(article))
    assert len(read(article)) == 2
    assert read(bare) == []
    assert all(c.created_at.tzinfo for c in read(article))
