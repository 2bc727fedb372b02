"""The confirmation step of readers without JavaScript, and how it ends in create."""

import time

import pytest
import time_machine
from django.test import Client
from pytest_django.asserts import assertInHTML

from comments.models import BlockedTerm, Comment
from tests.comments.helpers import comment_url
from tests.factories import make_article, make_comment
from tests.markup import form_data, parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader():
    """A browser without JavaScript: Django's CSRF check applies to it in full."""
    return Client(enforce_csrf_checks=True)


def hidden_fields(page: str) -> dict:
    return {
        field["name"]: field.get("value") or ""
        for field in parse(page).find_all("input", type="hidden")
    }


def confirm_and_send(reader, article, data):
    """Post the article page's form, then the confirmation page's, as a reader does."""
    page = reader.post(comment_url("confirm", article), data)
    assert page.status_code == 200, page.content.decode()[:500]
    fields = data | hidden_fields(page.content.decode())
    return reader.post(comment_url("create", article), fields)


def test_confirmation_then_sending_stores_a_pending_comment(
    reader, article, comment_data
):
    data = comment_data(article, body="Sent without JavaScript")
    del data["timestamp"]
    response = confirm_and_send(reader, article, data)

    assert response.status_code == 303
    assert response["Location"] == f"{article.get_absolute_url()}#comments"
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert comment.body == "Sent without JavaScript"


def test_confirmation_stores_nothing(reader, article, comment_data):
    reader.post(comment_url("confirm", article), comment_data(article))

    assert not Comment.objects.exists()


def test_confirmation_page_carries_a_token_and_a_fresh_timestamp(
    reader, article, comment_data
):
    page = reader.post(
        comment_url("confirm", article), comment_data(article, timestamp="")
    )
    fields = hidden_fields(page.content.decode())

    assert fields["csrfmiddlewaretoken"]
    assert fields["timestamp"].startswith(f"{article.pk}:")
    assert "csrftoken" in page.cookies


def test_confirmation_page_is_never_cached(reader, article, comment_data):
    response = reader.post(comment_url("confirm", article), comment_data(article))

    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_confirmation_page_shows_the_comment_and_links_back_to_the_article(
    reader, article, comment_data
):
    data = comment_data(article, name="Deniz Kaya", body="Ports matter\nmost")
    response = reader.post(comment_url("confirm", article), data)

    page = response.content.decode()
    link = f'<a href="{article.get_absolute_url()}#comments">Energy corridors</a>'
    assert response.status_code == 200
    assertInHTML(link, page)
    assertInHTML('<div class="comment__body"><p>Ports matter<br>most</p></div>', page)
    assertInHTML('<span class="comment__author">Deniz Kaya</span>', page)


def test_confirmation_page_keeps_the_fields_editable(reader, article, comment_data):
    data = comment_data(article, name="Deniz Kaya", body="Ports matter")
    page = reader.post(comment_url("confirm", article), data).content.decode()

    form = parse(page).find("form", id="comment-confirm-form")
    assert form["action"] == comment_url("create", article)
    fields = form_data(form)
    assert fields["name"] == "Deniz Kaya"
    assert fields["email"] == "ayse@example.org"
    assert fields["body"] == "Ports matter"
    trap = form.find("input", name="website")
    assert (trap["type"], trap["value"]) == ("text", "")
    assert "Send comment" in form.text


def test_confirmation_page_is_in_turkish_on_a_turkish_article(reader, comment_data):
    article = make_article(language="tr")
    page = reader.post(comment_url("confirm", article), comment_data(article))
    text = page.content.decode()

    assert "Yorumunuzu gözden geçirin" in text
    assert "Yorumu gönder" in text
    assert "Send comment" not in text


def test_confirmed_reply_keeps_its_parent(reader, article, comment_data):
    top = make_comment(article=article, status="approved", name="Deniz")
    data = comment_data(article, parent=top.pk, body="I agree")
    page = reader.post(comment_url("confirm", article), data).content.decode()

    assert "Reply to Deniz" in page
    assert confirm_and_send(reader, article, data).status_code == 303
    assert Comment.objects.get(body="I agree").parent == top


def test_sending_the_confirmation_too_quickly_is_refused(
    reader, article, comment_data, settings
):
    """The minimum time counts from the moment the confirmation page was made."""
    settings.COMMENTS_MIN_SECONDS = 3
    response = confirm_and_send(reader, article, comment_data(article))

    assert response.status_code == 400
    assert "That was very quick" in response.content.decode()
    assert not Comment.objects.exists()


def test_sending_the_confirmation_after_the_minimum_time_is_accepted(
    reader, article, comment_data, settings
):
    settings.COMMENTS_MIN_SECONDS = 3
    page = reader.post(comment_url("confirm", article), comment_data(article))
    fields = comment_data(article) | hidden_fields(page.content.decode())

    with time_machine.travel(time.time() + 5):
        response = reader.post(comment_url("create", article), fields)

    assert response.status_code == 303


def test_confirmation_without_a_token_cannot_be_sent(reader, article, comment_data):
    page = reader.post(comment_url("confirm", article), comment_data(article))
    fields = comment_data(article) | hidden_fields(page.content.decode())
    del fields["csrfmiddlewaretoken"]

    assert reader.post(comment_url("create", article), fields).status_code == 403
    assert not Comment.objects.exists()


def test_cross_site_request_is_refused(reader, article, comment_data):
    response = reader.post(
        comment_url("confirm", article),
        comment_data(article),
        headers={"Sec-Fetch-Site": "cross-site"},
    )

    assert response.status_code == 403
    assert not Comment.objects.exists()
    assert "send it from here" in response.content.decode()


@pytest.mark.parametrize("origin", ["https://attacker.example", "null"])
def test_foreign_origin_is_refused(reader, article, comment_data, origin):
    response = reader.post(
        comment_url("confirm", article),
        comment_data(article),
        headers={"Origin": origin},
    )

    assert response.status_code == 403
    assert "csrftoken" not in response.cookies


def test_own_origin_is_accepted(reader, article, comment_data):
    response = reader.post(
        comment_url("confirm", article),
        comment_data(article),
        headers={"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"},
    )

    assert response.status_code == 200


def test_trusted_origin_is_accepted(reader, article, comment_data, settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://www.example.org"]
    response = reader.post(
        comment_url("confirm", article),
        comment_data(article),
        headers={"Origin": "https://www.example.org"},
    )

    assert response.status_code == 200


def test_filled_honeypot_is_refused_before_confirmation(reader, article, comment_data):
    response = reader.post(
        comment_url("confirm", article),
        comment_data(article, website="http://spam.example"),
    )

    assert response.status_code == 400
    assert "a field meant to stay empty" in response.content.decode()


def test_honeypot_filled_on_the_confirmation_page_is_refused(
    reader, article, comment_data
):
    page = reader.post(comment_url("confirm", article), comment_data(article))
    fields = comment_data(article) | hidden_fields(page.content.decode())
    fields["website"] = "http://spam.example"

    response = reader.post(comment_url("create", article), fields)

    assert response.status_code == 400
    assert not Comment.objects.exists()


def test_field_errors_show_on_the_article_page(reader, article, comment_data):
    data = comment_data(article, email="bad", body="Keep this text")
    response = reader.post(comment_url("confirm", article), data)
    page = response.content.decode()

    assert response.status_code == 400
    assert "Please enter a valid e-mail address" in page
    assert '<form id="comment-form"' in page
    assert "Keep this text</textarea>" in page


def test_blocklisted_comment_still_goes_to_spam(reader, article, comment_data):
    BlockedTerm.objects.create(kind=BlockedTerm.Kind.WORD, value="casino")
    confirm_and_send(reader, article, comment_data(article, body="Best casino"))

    assert Comment.objects.get().status == Comment.Status.SPAM


def test_comment_with_links_is_held_with_its_reason(reader, article, comment_data):
    body = "See https://a.example and https://b.example"
    confirm_and_send(reader, article, comment_data(article, body=body))

    assert Comment.objects.get().held_reason == "2 links"


def test_flood_through_confirmation_gets_429(reader, article, comment_data, settings):
    settings.COMMENTS_RATE_LIMIT = "2/10m"
    statuses = [
        confirm_and_send(reader, article, comment_data(article)).status_code
        for _ in range(3)
    ]

    assert statuses == [303, 303, 429]


def test_confirmation_on_a_closed_article_is_forbidden(reader, comment_data):
    article = make_article(comments_enabled=False)
    response = reader.post(comment_url("confirm", article), comment_data(article))

    assert response.status_code == 403
    assert "no longer accepts comments" in response.content.decode()


def test_confirmation_on_a_draft_is_not_found(reader, comment_data):
    draft = make_article(status="draft", published_at=None)

    assert (
        reader.post(comment_url("confirm", draft), comment_data(draft)).status_code
        == 404
    )


def test_get_on_confirmation_is_not_allowed(reader, article):
    assert reader.get(comment_url("confirm", article)).status_code == 405
