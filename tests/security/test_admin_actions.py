import pytest
import reversion
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from publications.models import Article
from tests.factories import make_article, make_author


@pytest.fixture
def deleted_draft(editor_client):
    with reversion.create_revision():
        article = make_article(status=Article.Status.DRAFT, title="Unannounced study")
    response = editor_client.post(
        reverse("admin:publications_article_delete", args=[article.pk]),
        {"post": "yes"},
    )
    assert response.status_code == 302
    return article.pk, Version.objects.get_deleted(Article).get().pk


@pytest.fixture
def writer(author_user):
    make_author(user=author_user)
    client = Client()
    client.force_login(author_user)
    return client


def test_author_cannot_list_deleted_articles(writer, deleted_draft):
    response = writer.get(reverse("admin:publications_article_recoverlist"))

    assert response.status_code == 403
    assert "Unannounced study" not in response.content.decode()


def test_author_cannot_recover_a_deleted_article(writer, deleted_draft):
    pk, version_id = deleted_draft

    response = writer.post(
        reverse("admin:publications_article_recover", args=[version_id]), {}
    )

    assert response.status_code == 403
    assert not Article.objects.filter(pk=pk).exists()


def test_editor_still_lists_deleted_articles(editor_client, deleted_draft):
    response = editor_client.get(reverse("admin:publications_article_recoverlist"))

    assert response.status_code == 200
    assert "Unannounced study" in response.content.decode()


def test_author_cannot_revoke_a_preview_link_on_own_article(
    writer, author_user, editor
):
    from publications.editorial.previews import create_preview_link

    article = make_article(
        status=Article.Status.DRAFT, authors=[author_user.author], title="Own draft"
    )
    link = create_preview_link(article=article, user=editor, days=3)

    response = writer.post(
        reverse(
            "admin:publications_article_preview_link_revoke",
            args=[article.pk, link.pk],
        )
    )

    assert response.status_code == 403
    link.refresh_from_db()
    assert link.revoked_at is None


def test_author_cannot_publish_through_the_bulk_action(writer, author_user):
    article = make_article(
        status=Article.Status.DRAFT, authors=[author_user.author], title="Own draft"
    )

    writer.post(
        reverse("admin:publications_article_changelist"),
        {"action": "publish_selected", "_selected_action": [article.pk]},
    )

    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


@pytest.mark.django_db
def test_anonymous_visitor_reaches_no_admin_action():
    article = make_article(status=Article.Status.DRAFT)

    response = Client().post(
        reverse("admin:publications_article_changelist"),
        {"action": "publish_selected", "_selected_action": [article.pk]},
    )

    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
