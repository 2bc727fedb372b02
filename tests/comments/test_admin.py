import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from comments.models import Comment
from tests.factories import make_article, make_comment, make_user

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:comments_comment_changelist"


def run_action(client, action, comments):
    return client.post(
        reverse(CHANGELIST),
        {"action": action, ACTION_CHECKBOX_NAME: [c.pk for c in comments]},
        follow=True,
    )


def test_approval_in_admin_makes_comment_appear(editor_client, editor):
    article = make_article()
    comment = make_comment(article=article, body="Now public")
    before = editor_client.get(article.get_absolute_url()).content.decode()
    assert "Now public" not in before
    assert "No comments yet." in before

    response = run_action(editor_client, "approve_selected", [comment])

    assert "1 yorum onaylandı." in response.content.decode()
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
    assert comment.moderated_by == editor
    assert comment.moderated_at is not None
    html = editor_client.get(article.get_absolute_url()).content.decode()
    assert "Now public" in html
    assert "No comments yet." not in html


@pytest.mark.parametrize(
    ("action", "status"),
    [("reject_selected", "rejected"), ("mark_selected_as_spam", "spam")],
)
def test_bulk_actions_set_status(editor_client, action, status):
    comments = [make_comment(), make_comment()]
    run_action(editor_client, action, comments)
    assert set(Comment.objects.values_list("status", flat=True)) == {status}


def test_authors_cannot_see_the_moderation_queue(author_client):
    make_comment()
    assert author_client.get(reverse(CHANGELIST)).status_code == 403


def test_authors_cannot_approve_comments(author_client):
    comment = make_comment()
    run_action(author_client, "approve_selected", [comment])
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def test_staff_outside_editors_cannot_moderate(client):
    client.force_login(make_user(is_staff=True))
    assert client.get(reverse(CHANGELIST)).status_code == 403


def test_superuser_can_moderate(client):
    client.force_login(make_user(is_staff=True, is_superuser=True))
    assert client.get(reverse(CHANGELIST)).status_code == 200


def test_queue_filters_by_status(editor_client):
    make_comment(body="Waiting here")
    make_comment(body="Already public", status="approved")
    html = editor_client.get(
        reverse(CHANGELIST), {"status__exact": "pending"}
    ).content.decode()
    assert "Waiting here" in html
    assert "Already public" not in html


def test_queue_searches_body_and_article_title(editor_client):
    make_comment(article=make_article(title="Caspian pipelines"), body="Good piece")
    make_comment(body="Unrelated remark")
    html = editor_client.get(reverse(CHANGELIST), {"q": "caspian"}).content.decode()
    assert "Good piece" in html
    assert "Unrelated remark" not in html


def test_change_page_shows_comment_with_its_article(editor_client):
    comment = make_comment(article=make_article(title="Black Sea security"))
    response = editor_client.get(
        reverse("admin:comments_comment_change", args=[comment.pk])
    )
    html = response.content.decode()
    assert "Black Sea security" in html
    assert comment.article.get_absolute_url() in html


def test_status_change_in_form_records_moderator(editor_client, editor):
    comment = make_comment()
    editor_client.post(
        reverse("admin:comments_comment_change", args=[comment.pk]),
        {"status": "approved", "name": comment.name, "body": comment.body},
    )
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
    assert comment.moderated_by == editor


def test_dashboard_shows_pending_count_to_editors(editor_client):
    make_comment()
    make_comment()
    make_comment(status="approved")
    html = editor_client.get(reverse("admin:index")).content.decode()
    assert "Onay bekleyen 2 yorum" in html


def test_dashboard_hides_pending_count_from_authors(author_client):
    make_comment()
    html = author_client.get(reverse("admin:index")).content.decode()
    assert "Onay bekleyen" not in html


def test_editors_can_edit_the_blocklist(editor_client):
    response = editor_client.post(
        reverse("admin:comments_blockedterm_add"),
        {"kind": "word", "value": "Casino", "note": ""},
    )
    assert response.status_code == 302
    assert (
        editor_client.get(reverse("admin:comments_blockedterm_changelist")).status_code
        == 200
    )
