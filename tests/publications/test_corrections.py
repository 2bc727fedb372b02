from datetime import timedelta

import pytest
from django.utils import timezone

from publications.models import Article, Correction
from tests.cached_reads import first_visit_queries
from tests.factories import make_article, make_author
from tests.publications.pdf_helpers import pdf_text, read_pdf
from tests.publications.workflow_helpers import (  # noqa: F401
    article_form_data,
    change_url,
)

NOTE = "An earlier version gave the pipeline's capacity as 10 bcm; it is 16 bcm."


def add_correction(article, note=NOTE, **fields):
    return Correction.objects.create(article=article, note=note, **fields)


@pytest.mark.django_db
def test_editor_adds_correction_in_the_article_form(editor_client, editor):
    article = make_article()
    data = article_form_data(
        article,
        **{
            "corrections-TOTAL_FORMS": "1",
            "corrections-0-kind": "correction",
            "corrections-0-published_on_0": "2026-03-01",
            "corrections-0-published_on_1": "10:00:00",
            "corrections-0-note": NOTE,
        },
    )

    response = editor_client.post(change_url(article), data)

    assert response.status_code == 302
    correction = Correction.objects.get(article=article)
    assert correction.note == NOTE
    assert correction.created_by == editor


@pytest.mark.django_db
def test_author_is_not_offered_corrections(author_client, author_user):
    article = make_article(
        authors=[make_author(user=author_user)], status=Article.Status.DRAFT
    )

    page = author_client.get(change_url(article)).content.decode()

    assert "corrections-TOTAL_FORMS" not in page


@pytest.mark.django_db
def test_readers_see_dated_correction_on_the_article(client):
    article = make_article()
    add_correction(
        article,
        published_on=timezone.make_aware(timezone.datetime(2026, 3, 1, 10)),
    )
    add_correction(article, kind=Correction.Kind.UPDATE, note="Figures for 2025 added.")

    page = client.get(article.get_absolute_url()).content.decode()

    assert NOTE.replace("'", "&#x27;") in page
    assert "01.03.2026" in page
    assert "Correction" in page
    assert "Update" in page
    assert "Figures for 2025 added." in page


@pytest.mark.django_db
def test_article_without_corrections_has_no_corrections_block(client):
    article = make_article()

    page = client.get(article.get_absolute_url()).content.decode()

    assert 'class="corrections"' not in page


@pytest.mark.django_db
def test_corrections_cost_the_same_queries_whatever_their_number(client):
    article = make_article()
    add_correction(article)

    one = first_visit_queries(client, article.get_absolute_url())
    for n in range(4):
        add_correction(article, note=f"Correction {n}.")
    assert first_visit_queries(client, article.get_absolute_url()) == one


@pytest.mark.django_db
def test_correction_is_printed_in_the_pdf(client, settings):
    settings.PDF_RENDER_IN_PROCESS = True
    article = make_article(title="Caspian Transit")
    add_correction(article, published_on=timezone.now() - timedelta(days=1))

    response = client.get(article.get_pdf_url())

    data = response.content if not response.streaming else b"".join(response)
    text = pdf_text(read_pdf(data))
    assert "16 bcm" in text
    assert (timezone.localdate() - timedelta(days=1)).strftime("%d.%m.%Y") in text
