import pytest
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from publications.editorial.forms import ArticleAdminForm
from publications.models import Article
from tests.factories import make_article, make_author, make_user
from tests.publications.workflow_helpers import (  # noqa: F401
    article_form_data,
    change_url,
)

Status = Article.Status


# The messages checked here are the English originals.
pytestmark = pytest.mark.usefixtures("in_english")


def diff_url(article, version):
    return reverse(
        "admin:publications_article_revision_diff", args=[article.pk, version.pk]
    )


def save(client, article, **changes):
    article.refresh_from_db()
    return client.post(change_url(article), article_form_data(article, **changes))


@pytest.fixture
def edited(editor_client):
    """An article saved twice in the admin: first body, then second body."""
    article = make_article(title="Water diplomacy", status=Status.DRAFT)
    save(editor_client, article, body="<p>The first version of the argument.</p>")
    save(editor_client, article, body="<p>The second, sharper argument.</p>")
    article.refresh_from_db()
    return article


@pytest.mark.django_db
def test_every_admin_save_keeps_a_revision(edited):
    versions = Version.objects.get_for_object(edited)

    assert versions.count() == 2
    assert "first version" in versions[1].field_dict["body"]


@pytest.mark.django_db
def test_revisions_are_listed_on_the_article(editor_client, edited):
    older = Version.objects.get_for_object(edited)[1]

    page = editor_client.get(change_url(edited)).content.decode()

    assert 'id="revisions"' in page
    assert diff_url(edited, older) in page


@pytest.mark.django_db
def test_diff_shows_removed_and_added_words(editor_client, edited):
    older = Version.objects.get_for_object(edited)[1]

    response = editor_client.get(diff_url(edited, older))

    page = response.content.decode()
    assert response.status_code == 200
    assert "The <del>first</del><ins>second,</ins>" in page
    assert "<del>version of the</del><ins>sharper</ins> argument." in page


@pytest.mark.django_db
def test_revert_restores_the_earlier_body_and_keeps_status(editor_client, edited):
    older = Version.objects.get_for_object(edited)[1]

    response = editor_client.post(diff_url(edited, older))

    assert response.status_code == 302
    edited.refresh_from_db()
    assert edited.body == "<p>The first version of the argument.</p>"
    assert edited.status == Status.DRAFT
    # The text it replaced is a revision too: nothing is lost.
    latest = Version.objects.get_for_object(edited)
    assert latest.count() == 3
    assert "first version" in latest[0].field_dict["body"]


@pytest.mark.django_db
def test_revert_of_published_article_keeps_it_published(editor_client, editor):
    article = make_article(title="Grain deal")
    save(editor_client, article, body="<p>Early text.</p>")
    save(editor_client, article, body="<p>Later text.</p>")
    older = Version.objects.get_for_object(article)[1]

    editor_client.post(diff_url(article, older))

    article.refresh_from_db()
    assert article.body == "<p>Early text.</p>"
    assert article.status == Status.PUBLISHED


@pytest.mark.django_db
def test_reversion_revert_form_leads_to_the_diff(editor_client, edited):
    older = Version.objects.get_for_object(edited)[1]

    response = editor_client.get(
        reverse("admin:publications_article_revision", args=[edited.pk, older.pk])
    )

    assert response.status_code == 302
    assert response.url == diff_url(edited, older)


@pytest.mark.django_db
def test_author_cannot_read_revisions_of_another_authors_article(
    author_client, author_user, edited
):
    make_author(user=author_user)
    older = Version.objects.get_for_object(edited)[1]
    author_client.force_login(author_user)  # `edited` logged the editor in

    response = author_client.get(diff_url(edited, older))

    assert response.status_code == 404


# Optimistic locking ------------------------------------------------------------


@pytest.mark.django_db
def test_second_conflicting_save_is_refused_and_shows_what_changed(
    editor_client, editor
):
    article = make_article(title="Pipeline politics", status=Status.DRAFT)
    opened_by_both = article_form_data(article)
    other = make_user(username="second-editor", is_staff=True)
    other.groups.add(*editor.groups.all())
    client = Client()
    client.force_login(other)

    first = editor_client.post(
        change_url(article), opened_by_both | {"title": "Pipeline politics in 2021"}
    )
    second = client.post(
        change_url(article), opened_by_both | {"summary": "My own summary."}
    )

    assert first.status_code == 302
    assert second.status_code == 200
    page = second.content.decode()
    assert "Someone else saved this article while you were editing it" in page
    assert "Pipeline politics in 2021" in page
    assert "My own summary." in page  # the second editor's text is still there
    article.refresh_from_db()
    assert article.title == "Pipeline politics in 2021"
    assert article.summary != "My own summary."


@pytest.mark.django_db
def test_save_that_lands_while_the_form_is_checked_is_still_caught(editor):
    """The check reads the stored version, not the copy loaded with the request."""
    article = make_article(title="Straits", status=Status.DRAFT)
    posted = article_form_data(article) | {"summary": "Mine."}
    loaded_with_the_request = Article.objects.get(pk=article.pk)
    Article.objects.get(pk=article.pk).save()  # another editor's save commits
    form_class = type("EditorsForm", (ArticleAdminForm,), {"user": editor})

    form = form_class(posted, instance=loaded_with_the_request)

    assert not form.is_valid()
    assert "Someone else saved this article" in str(form.non_field_errors())


@pytest.mark.django_db
def test_conflict_message_names_only_fields_changed_meanwhile(editor_client, editor):
    article = make_article(title="Ports", status=Status.DRAFT)
    save(editor_client, article, summary="First summary.")
    article.refresh_from_db()
    stale = article_form_data(article)
    save(editor_client, article, title="Ports and power")

    response = editor_client.post(change_url(article), stale | {"body": "<p>X</p>"})

    errors = response.context["adminform"].form.non_field_errors()
    assert "Ports and power" in str(errors)
    assert "First summary." not in str(errors)


@pytest.mark.django_db
def test_saving_again_after_a_conflict_is_a_deliberate_overwrite(editor_client):
    article = make_article(title="Ports", status=Status.DRAFT)
    stale = article_form_data(article)
    save(editor_client, article, title="Ports and power")

    refused = editor_client.post(change_url(article), stale | {"summary": "Mine."})
    resubmitted = dict(refused.context["adminform"].form.data.items())
    accepted = editor_client.post(change_url(article), resubmitted)

    assert accepted.status_code == 302
    article.refresh_from_db()
    assert article.summary == "Mine."


# Deletion ---------------------------------------------------------------------


@pytest.mark.django_db
def test_published_article_cannot_be_deleted(editor_client):
    article = make_article()

    response = editor_client.post(
        reverse("admin:publications_article_delete", args=[article.pk]),
        {"post": "yes"},
    )

    assert response.status_code == 403
    assert Article.objects.filter(pk=article.pk).exists()


@pytest.mark.django_db
def test_bulk_delete_skips_published_articles(editor_client):
    published = make_article()
    draft = make_article(status=Status.DRAFT)

    response = editor_client.post(
        reverse("admin:publications_article_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [published.pk, draft.pk],
            "post": "yes",
        },
        follow=True,
    )

    assert Article.objects.filter(pk=published.pk).exists()
    assert not Article.objects.filter(pk=draft.pk).exists()
    assert "withdraw it instead" in response.content.decode()


@pytest.mark.django_db
def test_deleted_draft_can_be_recovered(editor_client, edited):
    pk = edited.pk
    editor_client.post(
        reverse("admin:publications_article_delete", args=[pk]), {"post": "yes"}
    )
    assert not Article.objects.filter(pk=pk).exists()

    listing = editor_client.get(reverse("admin:publications_article_recoverlist"))
    version = Version.objects.get_deleted(Article).get(object_id=str(pk))
    recover_url = reverse("admin:publications_article_recover", args=[version.pk])
    form = editor_client.get(recover_url)
    data = article_form_data(None, **_recover_fields(form))
    response = editor_client.post(recover_url, data)

    assert "Water diplomacy" in listing.content.decode()
    assert response.status_code == 302
    recovered = Article.objects.get(pk=pk)
    assert recovered.body == "<p>The second, sharper argument.</p>"
    assert recovered.status == Status.DRAFT


def _recover_fields(response):
    form = response.context["adminform"].form
    fields = {
        name: form[name].value()
        for name in ["title", "slug", "summary", "body", "category", "status"]
    }
    fields["category"] = str(fields["category"])
    fields["version"] = str(form["version"].value())
    return fields


@pytest.mark.django_db
def test_article_list_links_to_deleted_articles_for_editors(editor_client):
    page = editor_client.get(reverse("admin:publications_article_changelist"))

    assert reverse("admin:publications_article_recoverlist") in page.content.decode()
