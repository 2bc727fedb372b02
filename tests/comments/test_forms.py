import time

import pytest
import time_machine
from django.utils import translation

from comments.forms import CommentForm
from tests.factories import make_article, make_comment


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def errors_for(article, data):
    form = CommentForm(data, article=article)
    assert not form.is_valid()
    return form


def test_valid_comment_is_accepted(article, comment_data):
    form = CommentForm(comment_data(article), article=article)
    assert form.is_valid(), form.errors


def test_empty_body_is_refused(article, comment_data):
    form = errors_for(article, comment_data(article, body="   \n "))
    assert form.errors["body"] == ["Please write your comment."]


def test_overlong_body_is_refused_with_its_length(article, comment_data):
    form = errors_for(article, comment_data(article, body="x" * 100_000))
    assert form.errors["body"] == [
        "Please keep your comment under 5000 characters (it has 100000)."
    ]


def test_bad_email_is_refused(article, comment_data):
    form = errors_for(article, comment_data(article, email="not-an-address"))
    assert form.errors["email"] == [
        "Please enter a valid e-mail address, such as name@example.org."
    ]


def test_filled_honeypot_is_refused(article, comment_data):
    form = errors_for(article, comment_data(article, website="http://spam.example"))
    assert "field meant to stay empty" in form.non_field_errors()[0]


def test_too_fast_post_is_refused(article, comment_data, settings):
    settings.COMMENTS_MIN_SECONDS = 3
    form = errors_for(article, comment_data(article))
    assert "very quick" in form.non_field_errors()[0]


def test_post_after_minimum_wait_is_accepted(article, comment_data, settings):
    settings.COMMENTS_MIN_SECONDS = 3
    data = comment_data(article)
    with time_machine.travel(time.time() + 5):
        assert CommentForm(data, article=article).is_valid()


def test_form_left_open_too_long_is_refused(article, comment_data, settings):
    settings.COMMENTS_MAX_AGE_SECONDS = 7200
    data = comment_data(article)
    with time_machine.travel(time.time() + 7300):
        form = errors_for(article, data)
    assert "open for too long" in form.non_field_errors()[0]


def test_forged_timestamp_is_refused(article, comment_data):
    form = errors_for(article, comment_data(article, timestamp="1:abc:def"))
    assert "could not be verified" in form.non_field_errors()[0]


def test_timestamp_of_another_article_is_refused(article, comment_data):
    other = make_article()
    form = errors_for(article, comment_data(other))
    assert "could not be verified" in form.non_field_errors()[0]


def test_reply_to_a_reply_joins_the_top_level_thread(article, comment_data):
    top = make_comment(article=article, status="approved")
    reply = make_comment(article=article, parent=top, status="approved")
    form = CommentForm(comment_data(article, parent=reply.pk), article=article)
    assert form.is_valid(), form.errors
    assert form.instance.parent == top


def test_reply_to_unapproved_comment_is_refused(article, comment_data):
    pending = make_comment(article=article)
    form = errors_for(article, comment_data(article, parent=pending.pk))
    assert "no longer available" in form.non_field_errors()[0]


def test_errors_are_in_turkish_for_turkish_readers(article, comment_data):
    with translation.override("tr"):
        form = errors_for(article, comment_data(article, body="", email="x"))
        assert form.errors["body"] == ["Lütfen yorumunuzu yazın."]
        assert form.errors["email"] == [
            "Lütfen ad@ornek.org gibi geçerli bir e-posta adresi yazın."
        ]
