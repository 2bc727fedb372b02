import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from publications.models import Article, ArticleAutosave
from tests.factories import make_article, make_author
from tests.publications.workflow_helpers import (  # noqa: F401
    article_form_data,
    change_url,
)

Status = Article.Status


# The messages checked here are the English originals.
pytestmark = pytest.mark.usefixtures("in_english")


def autosave_url(article=None):
    if article is None:
        return reverse("admin:publications_article_autosave")
    return reverse("admin:publications_article_autosave", args=[article.pk])


def keep(client, article, **fields):
    return client.post(autosave_url(article), {"data": json.dumps(fields)})


@pytest.fixture
def article():
    return make_article(title="Nuclear talks", status=Status.DRAFT)


@pytest.mark.django_db
def test_unsaved_edit_is_kept_on_the_server(editor_client, editor, article):
    response = keep(editor_client, article, title="Nuclear talks resume")

    assert response.status_code == 200
    draft = ArticleAutosave.objects.get(user=editor, article=article)
    assert draft.data["title"] == "Nuclear talks resume"


@pytest.mark.django_db
def test_unsaved_edit_survives_an_expired_session(editor, article):
    browser = Client()
    browser.force_login(editor)
    keep(browser, article, title="Nuclear talks resume", summary="Late-night draft.")
    browser.logout()  # the session ends; the tab is gone

    browser.force_login(editor)
    page = browser.get(change_url(article))

    assert 'id="autosave-banner"' in page.content.decode()
    restored = browser.get(change_url(article) + "?restore-autosave=1")
    form = restored.context["adminform"].form
    assert form["title"].value() == "Nuclear talks resume"
    assert form["summary"].value() == "Late-night draft."
    assert "Your unsaved changes are back in the form." in restored.content.decode()


@pytest.mark.django_db
def test_restored_split_date_and_checkbox(editor_client, article):
    keep(
        editor_client,
        article,
        published_at_0="2026-05-04",
        published_at_1="09:30:00",
        comments_enabled=False,
    )

    restored = editor_client.get(change_url(article) + "?restore-autosave=1")

    html = restored.content.decode()
    assert 'value="2026-05-04"' in html or 'value="04.05.2026"' in html
    assert restored.context["adminform"].form["comments_enabled"].value() is False


@pytest.mark.django_db
def test_saving_the_article_clears_the_kept_edit(editor_client, editor, article):
    keep(editor_client, article, title="Nuclear talks resume")

    editor_client.post(change_url(article), article_form_data(article))

    assert not ArticleAutosave.objects.filter(user=editor).exists()
    assert (
        'id="autosave-banner"'
        not in editor_client.get(change_url(article)).content.decode()
    )


@pytest.mark.django_db
def test_kept_edit_older_than_the_last_save_is_not_offered(
    editor_client, editor, article
):
    keep(editor_client, article, title="Old idea")
    ArticleAutosave.objects.update(
        saved_at=timezone.now() - timezone.timedelta(hours=1)
    )

    page = editor_client.get(change_url(article)).content.decode()

    assert 'id="autosave-banner"' not in page


@pytest.mark.django_db
def test_discarding_the_kept_edit(editor_client, editor, article):
    keep(editor_client, article, title="Nuclear talks resume")

    editor_client.post(autosave_url(article), {"discard": "1"})

    assert not ArticleAutosave.objects.filter(user=editor).exists()


@pytest.mark.django_db
def test_new_article_edit_is_kept_and_restored(editor_client):
    keep(editor_client, None, title="A piece not yet saved")

    page = editor_client.get(reverse("admin:publications_article_add"))
    restored = editor_client.get(
        reverse("admin:publications_article_add") + "?restore-autosave=1"
    )

    assert 'id="autosave-banner"' in page.content.decode()
    assert (
        restored.context["adminform"].form["title"].value() == "A piece not yet saved"
    )


@pytest.mark.django_db
def test_kept_edits_are_private_to_their_author(editor, article):
    mine = Client()
    mine.force_login(editor)
    keep(mine, article, title="Mine")
    from tests.factories import make_user

    other = make_user(is_staff=True)
    other.groups.add(*editor.groups.all())
    theirs = Client()
    theirs.force_login(other)

    assert (
        'id="autosave-banner"' not in theirs.get(change_url(article)).content.decode()
    )
    assert theirs.get(autosave_url(article)).json()["data"] is None


@pytest.mark.django_db
def test_author_cannot_autosave_into_another_authors_article(
    author_client, author_user, article
):
    make_author(user=author_user)

    response = keep(author_client, article, title="Hijack")

    assert response.status_code == 404
    assert not ArticleAutosave.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("payload", ["not json", "[1, 2]", ""])
def test_malformed_autosave_is_refused_with_400(editor_client, article, payload):
    response = editor_client.post(autosave_url(article), {"data": payload})

    assert response.status_code == 400
    assert "error" in response.json()


@pytest.mark.django_db
def test_change_form_loads_the_autosave_script(editor_client, article):
    page = editor_client.get(change_url(article)).content.decode()

    assert "admin/js/autosave.js" in page
    assert 'id="autosave-config"' in page
    assert autosave_url(article) in page
