import pytest
from django.test import Client

from comments.forms import CommentForm
from comments.models import Comment
from tests.comments.helpers import comment_url
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_start_gives_a_token_and_a_timestamp(client, article):
    response = client.get(comment_url("start", article))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == {"csrfmiddlewaretoken", "timestamp"}


def test_start_sets_the_csrf_cookie(client, article):
    response = client.get(comment_url("start", article))

    assert "csrftoken" in response.cookies


def test_token_from_start_passes_djangos_csrf_check(article, comment_data):
    client = Client(enforce_csrf_checks=True)
    values = client.get(comment_url("start", article)).json()

    response = client.post(
        comment_url("create", article), comment_data(article, **values)
    )

    assert response.status_code == 303
    assert Comment.objects.get().status == Comment.Status.PENDING


def test_timestamp_from_start_is_valid_for_its_article(client, article, comment_data):
    values = client.get(comment_url("start", article)).json()

    form = CommentForm(comment_data(article, **values), article=article)

    assert form.is_valid(), form.errors


def test_start_is_never_cached(client, article):
    cache_control = client.get(comment_url("start", article))["Cache-Control"]

    assert "no-store" in cache_control
    assert "private" in cache_control


def test_start_on_a_draft_is_not_found(client):
    draft = make_article(status="draft", published_at=None)

    assert client.get(comment_url("start", draft)).status_code == 404


@pytest.mark.parametrize(
    "overrides",
    [{"status": "draft", "published_at": None}, {"comments_enabled": False}],
    ids=["draft", "closed"],
)
def test_start_refusals_are_never_cached(client, overrides):
    """A cache keeping a draft's 404 would hide the form's start once it is out."""
    article = make_article(**overrides)

    assert "no-store" in client.get(comment_url("start", article))["Cache-Control"]


def test_start_when_comments_are_closed_is_forbidden(client):
    article = make_article(comments_enabled=False)
    response = client.get(comment_url("start", article))

    assert response.status_code == 403
    assert response.json() == {"error": "Comments are closed for this article."}
    assert "csrftoken" not in response.cookies


def test_start_answers_in_turkish_on_a_turkish_article(client):
    article = make_article(language="tr", comments_enabled=False)

    assert client.get(comment_url("start", article)).json() == {
        "error": "Bu makale yorumlara kapalı."
    }


def test_post_on_start_is_not_allowed(client, article):
    assert client.post(comment_url("start", article)).status_code == 405
