from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from publications.editorial.workflow import apply_transition
from publications.models import Article, ArticleTransition, Category
from tests.factories import make_article, make_author
from tests.publications.workflow_helpers import (  # noqa: F401
    article_form_data,
    change_url,
)

Status = Article.Status
# The messages checked here are the English originals.
pytestmark = pytest.mark.usefixtures("in_english")


CHANGELIST = reverse("admin:publications_article_changelist")
ADD = reverse("admin:publications_article_add")


@pytest.fixture
def me(author_user):
    return make_author(name="Ayşe Demir", user=author_user)


@pytest.fixture
def own_draft(me):
    return make_article(
        title="My draft", authors=[me], status=Status.DRAFT, published_at=None
    )


@pytest.fixture
def others_draft():
    return make_article(
        title="Their draft", authors=[make_author()], status=Status.DRAFT
    )


def status_choices(response):
    return [
        value
        for value, _label in response.context["adminform"].form.fields["status"].choices
    ]


# Authors ---------------------------------------------------------------------


@pytest.mark.django_db
def test_author_lists_only_own_articles(author_client, own_draft, others_draft):
    response = author_client.get(CHANGELIST)

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [own_draft]


@pytest.mark.django_db
def test_author_cannot_open_another_authors_article(author_client, me, others_draft):
    response = author_client.get(change_url(others_draft))

    assert response.status_code == 302
    assert response.url == reverse("admin:index")


@pytest.mark.django_db
def test_author_cannot_save_another_authors_article(author_client, me, others_draft):
    data = article_form_data(others_draft, editor=False, title="Hijacked")

    author_client.post(change_url(others_draft), data)

    others_draft.refresh_from_db()
    assert others_draft.title == "Their draft"


@pytest.mark.django_db
def test_author_edits_own_draft(author_client, own_draft):
    data = article_form_data(own_draft, editor=False, title="My better draft")

    response = author_client.post(change_url(own_draft), data)

    assert response.status_code == 302
    own_draft.refresh_from_db()
    assert own_draft.title == "My better draft"


@pytest.mark.django_db
def test_author_is_offered_only_draft_and_review(author_client, own_draft):
    response = author_client.get(change_url(own_draft))

    assert status_choices(response) == [Status.DRAFT, Status.REVIEW]
    buttons = [a.name for a in response.context["workflow_actions"]]
    assert buttons == ["submit"]
    assert 'value="publish"' not in response.content.decode()


@pytest.mark.django_db
def test_author_cannot_publish_own_draft_through_status(author_client, own_draft):
    data = article_form_data(own_draft, editor=False, status=Status.PUBLISHED)

    response = author_client.post(change_url(own_draft), data)

    assert response.status_code == 200
    assert "cannot give the article this status" in response.content.decode()
    own_draft.refresh_from_db()
    assert own_draft.status == Status.DRAFT


@pytest.mark.django_db
def test_author_cannot_publish_own_draft_through_button(author_client, own_draft):
    data = article_form_data(own_draft, editor=False, _transition="publish")

    response = author_client.post(change_url(own_draft), data)

    assert response.status_code == 200
    assert "You cannot do that with this article." in response.content.decode()
    own_draft.refresh_from_db()
    assert own_draft.status == Status.DRAFT


@pytest.mark.django_db
def test_author_submits_for_review_with_button(author_client, own_draft, author_user):
    data = article_form_data(
        own_draft, editor=False, title="Ready now", _transition="submit"
    )

    response = author_client.post(change_url(own_draft), data, follow=True)

    own_draft.refresh_from_db()
    assert own_draft.status == Status.REVIEW
    assert own_draft.title == "Ready now"
    log = ArticleTransition.objects.get(article=own_draft)
    assert (log.from_status, log.to_status, log.user) == (
        Status.DRAFT,
        Status.REVIEW,
        author_user,
    )
    assert "In review" in response.content.decode()


@pytest.mark.django_db
def test_author_cannot_edit_own_article_in_review(
    author_client, own_draft, author_user
):
    apply_transition(own_draft, Status.REVIEW, user=author_user)
    data = article_form_data(own_draft, editor=False, title="Sneaky edit")

    get = author_client.get(change_url(own_draft))
    post = author_client.post(change_url(own_draft), data)

    assert get.status_code == 200
    assert not get.context["has_change_permission"]
    assert post.status_code == 403
    own_draft.refresh_from_db()
    assert own_draft.title == "My draft"


@pytest.mark.django_db
def test_author_edits_returned_article_and_resubmits(
    author_client, own_draft, author_user, editor
):
    apply_transition(own_draft, Status.REVIEW, user=author_user)
    apply_transition(own_draft, Status.RETURNED, user=editor, note="Shorter, please.")
    own_draft.refresh_from_db()

    page = author_client.get(change_url(own_draft))
    data = article_form_data(own_draft, editor=False, _transition="submit")
    author_client.post(change_url(own_draft), data)

    assert "Shorter, please." in page.content.decode()
    own_draft.refresh_from_db()
    assert own_draft.status == Status.REVIEW


@pytest.mark.django_db
def test_new_article_by_author_is_owned_and_draft(author_client, me):
    data = article_form_data(
        editor=False,
        title="Fresh piece",
        category=str(Category.objects.get(slug="yorum").pk),
    )

    response = author_client.post(ADD, data)

    assert response.status_code == 302
    article = Article.objects.get(title="Fresh piece")
    assert article.status == Status.DRAFT
    assert article.ordered_authors == [me]


@pytest.mark.django_db
def test_author_cannot_create_published_article(author_client, me):
    data = article_form_data(
        editor=False,
        title="Straight out",
        status=Status.PUBLISHED,
        category=str(Category.objects.get(slug="yorum").pk),
    )

    response = author_client.post(ADD, data)

    assert response.status_code == 200
    assert not Article.objects.filter(title="Straight out").exists()


@pytest.mark.django_db
def test_author_cannot_delete(author_client, own_draft):
    response = author_client.post(
        reverse("admin:publications_article_delete", args=[own_draft.pk]),
        {"post": "yes"},
    )

    assert response.status_code == 403
    assert Article.objects.filter(pk=own_draft.pk).exists()


@pytest.mark.django_db
def test_author_without_author_profile_cannot_add(author_client):
    assert author_client.get(ADD).status_code == 403


# Editors ---------------------------------------------------------------------


@pytest.mark.django_db
def test_editor_sees_and_edits_everything(editor_client, others_draft):
    data = article_form_data(others_draft, title="Edited by the desk")

    listing = editor_client.get(CHANGELIST)
    response = editor_client.post(change_url(others_draft), data)

    assert others_draft in listing.context["cl"].result_list
    assert response.status_code == 302
    others_draft.refresh_from_db()
    assert others_draft.title == "Edited by the desk"


@pytest.mark.django_db
def test_editor_is_offered_publishing_statuses(editor_client):
    article = make_article(status=Status.REVIEW)

    response = editor_client.get(change_url(article))

    assert set(status_choices(response)) == {
        Status.REVIEW,
        Status.PUBLISHED,
        Status.RETURNED,
        Status.DRAFT,
    }
    buttons = {a.name for a in response.context["workflow_actions"]}
    assert buttons == {"publish", "schedule", "return", "reopen"}


@pytest.mark.django_db
def test_editor_publishes_with_button(editor_client, editor):
    article = make_article(status=Status.REVIEW, published_at=None)

    editor_client.post(
        change_url(article), article_form_data(article, _transition="publish")
    )

    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    assert article.published_at <= timezone.now()
    assert ArticleTransition.objects.get(article=article).user == editor


@pytest.mark.django_db
def test_editor_publishes_through_status_field_and_it_is_logged(editor_client):
    article = make_article(status=Status.REVIEW, published_at=None)

    editor_client.post(
        change_url(article), article_form_data(article, status=Status.PUBLISHED)
    )

    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    assert ArticleTransition.objects.filter(
        article=article, to_status=Status.PUBLISHED
    ).exists()


@pytest.mark.django_db
def test_editor_schedules_with_future_date(editor_client):
    article = make_article(status=Status.REVIEW, published_at=None)
    when = timezone.localtime(timezone.now() + timedelta(days=2)).replace(microsecond=0)
    data = article_form_data(
        article,
        published_at_0=when.strftime("%Y-%m-%d"),
        published_at_1=when.strftime("%H:%M:%S"),
        _transition="schedule",
    )

    response = editor_client.post(change_url(article), data, follow=True)

    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    assert article.published_at == when
    assert not Article.objects.published().filter(pk=article.pk).exists()
    assert "goes live on" in response.content.decode()


@pytest.mark.django_db
def test_schedule_without_future_date_is_refused(editor_client):
    article = make_article(status=Status.REVIEW, published_at=None)

    response = editor_client.post(
        change_url(article), article_form_data(article, _transition="schedule")
    )

    assert response.status_code == 200
    assert "set a publication date in the future" in response.content.decode()
    article.refresh_from_db()
    assert article.status == Status.REVIEW


@pytest.mark.django_db
def test_editor_returns_article_with_note(editor_client, own_draft, author_user):
    apply_transition(own_draft, Status.REVIEW, user=author_user)
    own_draft.refresh_from_db()
    data = article_form_data(
        own_draft, _transition="return", transition_note="Add the 2020 figures."
    )

    editor_client.post(change_url(own_draft), data)

    own_draft.refresh_from_db()
    assert own_draft.status == Status.RETURNED
    log = ArticleTransition.objects.filter(article=own_draft).first()
    assert log.note == "Add the 2020 figures."


@pytest.mark.django_db
def test_return_without_note_is_refused(editor_client):
    article = make_article(status=Status.REVIEW)

    response = editor_client.post(
        change_url(article), article_form_data(article, _transition="return")
    )

    assert response.status_code == 200
    assert "what to change" in response.content.decode()
    article.refresh_from_db()
    assert article.status == Status.REVIEW


@pytest.mark.django_db
def test_editor_withdraws_published_article(editor_client):
    article = make_article()

    editor_client.post(
        change_url(article),
        article_form_data(article, _transition="withdraw", transition_note="Legal"),
    )

    article.refresh_from_db()
    assert article.status == Status.WITHDRAWN


@pytest.mark.django_db
def test_transition_history_is_shown_on_the_article(editor_client, editor):
    article = make_article(status=Status.REVIEW)
    apply_transition(article, Status.RETURNED, user=editor, note="Needs a map.")

    response = editor_client.get(change_url(article))

    page = response.content.decode()
    assert 'id="transition-history"' in page
    assert "Needs a map." in page
    assert "Returned to author" in page


@pytest.mark.django_db
def test_publish_action_goes_through_transitions(editor_client, editor):
    draft = make_article(status=Status.REVIEW, published_at=None)
    empty = make_article(status=Status.REVIEW, body="")

    response = editor_client.post(
        CHANGELIST,
        {"action": "publish_selected", "_selected_action": [draft.pk, empty.pk]},
        follow=True,
    )

    draft.refresh_from_db()
    empty.refresh_from_db()
    assert draft.status == Status.PUBLISHED
    assert empty.status == Status.REVIEW
    assert ArticleTransition.objects.get(article=draft).user == editor
    assert "1 article published." in response.content.decode()


@pytest.mark.django_db
def test_withdraw_action_goes_through_transitions(editor_client):
    article = make_article()

    editor_client.post(
        CHANGELIST, {"action": "withdraw_selected", "_selected_action": [article.pk]}
    )

    article.refresh_from_db()
    assert article.status == Status.WITHDRAWN
    assert ArticleTransition.objects.filter(article=article).exists()


@pytest.mark.django_db
def test_author_is_not_offered_publish_action(author_client, own_draft):
    response = author_client.get(CHANGELIST)

    form = response.context["action_form"]
    actions = [] if form is None else [n for n, _ in form.fields["action"].choices]
    assert "publish_selected" not in actions
    assert "withdraw_selected" not in actions
