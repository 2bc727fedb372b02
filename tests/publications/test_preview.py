from datetime import timedelta

import pytest
import time_machine
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from publications.editorial.previews import SALT, create_preview_link
from publications.models import Article, PreviewLink
from tests.factories import make_article, make_author
from tests.publications.pdf_helpers import pdf_text, read_pdf
from tests.publications.workflow_helpers import (  # noqa: F401
    change_url,
)

Status = Article.Status
ROBOTS_META = '<meta name="robots" content="noindex, nofollow">'


@pytest.fixture
def draft():
    return make_article(
        title="Caspian gas after the war",
        status=Status.DRAFT,
        published_at=None,
        body="<p>Pipelines and politics.</p>",
    )


def preview_url(article):
    return reverse("publications:article-preview", args=[article.pk])


def assert_not_indexed(response):
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert ROBOTS_META in response.content.decode()
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Status.DRAFT, Status.REVIEW, Status.WITHDRAWN])
def test_editor_previews_article_in_any_status(editor_client, status):
    article = make_article(title="Unreleased analysis", status=status)

    response = editor_client.get(preview_url(article))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Unreleased analysis" in page
    assert 'class="preview-banner"' in page
    assert_not_indexed(response)


@pytest.mark.django_db
def test_author_previews_own_draft(author_client, author_user):
    article = make_article(authors=[make_author(user=author_user)], status=Status.DRAFT)

    assert author_client.get(preview_url(article)).status_code == 200


@pytest.mark.django_db
def test_author_cannot_preview_another_authors_draft(author_client, author_user, draft):
    make_author(user=author_user)

    assert author_client.get(preview_url(draft)).status_code == 403


@pytest.mark.django_db
def test_anonymous_visitor_cannot_use_staff_preview(client, draft):
    response = client.get(preview_url(draft))

    assert response.status_code == 302
    assert "login" in response.url


@pytest.mark.django_db
def test_editor_creates_preview_link_in_admin(editor_client, draft, editor):
    response = editor_client.post(
        reverse("admin:publications_article_preview_link_create", args=[draft.pk]),
        {"days": "3", "note": "Dr. Yılmaz"},
        follow=True,
    )

    link = PreviewLink.objects.get(article=draft)
    assert link.created_by == editor
    assert link.note == "Dr. Yılmaz"
    assert timedelta(days=2, hours=23) < link.expires_at - timezone.now()
    assert link.get_absolute_url() in response.content.decode()


@pytest.mark.django_db
def test_author_cannot_create_preview_link(author_client, author_user):
    article = make_article(authors=[make_author(user=author_user)], status=Status.DRAFT)

    response = author_client.post(
        reverse("admin:publications_article_preview_link_create", args=[article.pk]),
        {"days": "7"},
    )

    assert response.status_code == 403
    assert not PreviewLink.objects.exists()


@pytest.mark.django_db
def test_preview_link_opens_for_visitor_without_account(client, draft, editor):
    link = create_preview_link(article=draft, user=editor, days=7)

    response = client.get(link.get_absolute_url())

    assert response.status_code == 200
    assert "Caspian gas after the war" in response.content.decode()
    assert response["Referrer-Policy"] == "no-referrer"
    assert_not_indexed(response)


@pytest.mark.django_db
def test_preview_link_expires(client, draft, editor, time_machine):
    now = timezone.now()
    time_machine.move_to(now, tick=False)
    link = create_preview_link(article=draft, user=editor, days=1)
    url = link.get_absolute_url()

    time_machine.move_to(now + timedelta(hours=23), tick=False)
    assert client.get(url).status_code == 200
    time_machine.move_to(now + timedelta(days=1, seconds=1), tick=False)
    response = client.get(url)

    assert response.status_code == 410
    assert "expired or was revoked" in response.content.decode()
    assert "Caspian gas" not in response.content.decode()
    assert_not_indexed(response)


@pytest.mark.django_db
def test_revoked_preview_link_stops_opening(editor_client, draft, editor):
    visitor = Client()  # a reader without an account
    link = create_preview_link(article=draft, user=editor)
    url = link.get_absolute_url()

    editor_client.post(
        reverse(
            "admin:publications_article_preview_link_revoke", args=[draft.pk, link.pk]
        )
    )

    link.refresh_from_db()
    assert link.revoked_at is not None
    assert visitor.get(url).status_code == 410


@pytest.mark.django_db
def test_tampered_preview_link_is_refused(client, draft, editor):
    link = create_preview_link(article=draft, user=editor)
    url = link.get_absolute_url()
    token = url.rstrip("/").rsplit("/", 1)[1]

    response = client.get(url.replace(token, token[:-2] + "xx"))

    assert response.status_code == 404
    assert "Caspian gas" not in response.content.decode()


@pytest.mark.django_db
def test_preview_links_are_listed_on_the_article_for_editors(
    editor_client, draft, editor
):
    link = create_preview_link(article=draft, user=editor, note="Board member")

    page = editor_client.get(change_url(draft)).content.decode()

    assert 'id="preview-links"' in page
    assert "Board member" in page
    assert link.get_absolute_url() in page


@pytest.mark.django_db
def test_preview_link_pdf_renders_the_draft(client, draft, editor, settings):
    settings.PDF_RENDER_IN_PROCESS = True
    link = create_preview_link(article=draft, user=editor)
    url = reverse(
        "publications:preview-link-pdf",
        args=[link.get_absolute_url().rstrip("/").rsplit("/", 1)[1]],
    )

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "Caspian gas after the war" in pdf_text(read_pdf(response.content))


@pytest.mark.django_db
def test_draft_stays_invisible_at_its_public_address(client, draft):
    assert client.get(draft.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_preview_link_reads_the_same_each_time_it_is_shown(draft, editor):
    link = create_preview_link(article=draft, user=editor)
    first = link.get_absolute_url()

    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        assert link.get_absolute_url() == first


@pytest.mark.django_db
def test_preview_link_sent_in_the_earlier_format_still_opens(client, draft, editor):
    link = create_preview_link(article=draft, user=editor)
    token = signing.dumps([link.pk, link.nonce], salt=SALT, compress=True)

    response = client.get(reverse("publications:preview-link", args=[token]))

    assert response.status_code == 200
