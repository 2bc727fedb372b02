import pytest
from django.test import Client
from django.urls import reverse

from publications.editorial.workflow import apply_transition
from publications.models import Article, ArticleRedirect, Category
from tests.factories import make_article
from tests.publications.workflow_helpers import (  # noqa: F401
    article_form_data,
    change_url,
)

Status = Article.Status


@pytest.fixture
def published():
    return make_article(title="Energy corridors", slug="energy-corridors")


@pytest.mark.django_db
def test_old_address_redirects_permanently_after_slug_change(editor_client, published):
    visitor = Client()  # a reader without an account
    old_url, old_pdf = published.get_absolute_url(), published.get_pdf_url()

    editor_client.post(
        change_url(published),
        article_form_data(published, slug="energy-corridors-2020"),
    )

    published.refresh_from_db()
    response = visitor.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == published.get_absolute_url()
    assert published.get_absolute_url().endswith("/energy-corridors-2020/")
    pdf = visitor.get(old_pdf)
    assert pdf.status_code == 301
    assert pdf["Location"] == published.get_pdf_url()


@pytest.mark.django_db
def test_old_address_redirects_after_category_change(editor_client, published):
    visitor = Client()  # a reader without an account
    old_url = published.get_absolute_url()
    yorum = Category.objects.get(slug="yorum")

    editor_client.post(
        change_url(published), article_form_data(published, category=str(yorum.pk))
    )

    response = visitor.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == published.get_absolute_url().replace(
        "/analiz/", "/yorum/"
    )


@pytest.mark.django_db
def test_query_string_survives_the_redirect(client, published, editor):
    ArticleRedirect.objects.create(old_path="/en/analiz/old-name/", article=published)

    response = client.get("/en/analiz/old-name/?utm_source=mail")

    assert response["Location"] == published.get_absolute_url() + "?utm_source=mail"


@pytest.mark.django_db
def test_every_former_address_leads_to_the_current_one(editor_client, published):
    visitor = Client()  # a reader without an account
    first = published.get_absolute_url()
    editor_client.post(
        change_url(published), article_form_data(published, slug="second")
    )
    published.refresh_from_db()
    second = published.get_absolute_url()
    editor_client.post(
        change_url(published), article_form_data(published, slug="third")
    )
    published.refresh_from_db()

    assert visitor.get(first)["Location"] == published.get_absolute_url()
    assert visitor.get(second)["Location"] == published.get_absolute_url()


@pytest.mark.django_db
def test_returning_to_an_old_slug_serves_the_article_again(editor_client, published):
    visitor = Client()  # a reader without an account
    editor_client.post(
        change_url(published), article_form_data(published, slug="renamed")
    )
    published.refresh_from_db()
    editor_client.post(
        change_url(published), article_form_data(published, slug="energy-corridors")
    )

    published.refresh_from_db()
    assert visitor.get(published.get_absolute_url()).status_code == 200
    assert not ArticleRedirect.objects.filter(
        old_path=published.get_absolute_url()
    ).exists()
    assert ArticleRedirect.objects.filter(old_path__endswith="/renamed/").exists()


@pytest.mark.django_db
def test_draft_slug_change_leaves_no_redirect(editor_client):
    draft = make_article(status=Status.DRAFT, slug="first-idea")

    editor_client.post(change_url(draft), article_form_data(draft, slug="better-idea"))

    assert not ArticleRedirect.objects.exists()


@pytest.mark.django_db
def test_old_address_of_withdrawn_article_stays_gone(client, published, editor):
    old_url = published.get_absolute_url()
    ArticleRedirect.objects.create(old_path="/en/analiz/older/", article=published)
    apply_transition(published, Status.WITHDRAWN, user=editor)

    assert client.get("/en/analiz/older/").status_code == 404
    assert client.get(old_url).status_code == 404


@pytest.mark.django_db
def test_unknown_address_is_still_404(client):
    assert client.get("/en/analiz/never-existed/").status_code == 404


@pytest.mark.django_db
def test_existing_pages_do_not_query_redirects(
    client, published, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("publications:feed-rss"))

    assert not any("articleredirect" in q["sql"] for q in queries.captured_queries)
