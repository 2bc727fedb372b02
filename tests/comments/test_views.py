from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertInHTML

from comments.models import BlockedTerm, Comment
from tests.cached_reads import forget_cached_reads
from tests.comments.helpers import comment_url
from tests.factories import make_article, make_comment
from tests.markup import form_data, parse

pytestmark = pytest.mark.django_db


def post(client, article, data, **extra):
    return client.post(comment_url("create", article), data, **extra)


def test_posted_comment_is_pending_and_invisible(client, article, comment_data):
    response = post(client, article, comment_data(article, body="Hidden for now"))

    assert response.status_code == 303
    assert response["Location"] == f"{article.get_absolute_url()}#comments"
    assert Comment.objects.get().status == Comment.Status.PENDING
    page = client.get(article.get_absolute_url())
    assert "Hidden for now" not in page.content.decode()
    assert "No comments yet." in page.content.decode()


def test_success_message_says_comment_awaits_moderation(client, article, comment_data):
    response = post(client, article, comment_data(article), follow=True)

    assert "Your comment awaits moderation" in response.content.decode()


def test_success_message_is_in_turkish_on_turkish_article(client, comment_data):
    article = make_article(language="tr")
    response = post(client, article, comment_data(article), follow=True)

    assert "Yorumunuz" in response.content.decode()


def test_article_without_approved_comments_says_none_yet(client, article):
    make_comment(article=article, status=Comment.Status.PENDING)
    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    assert '<section id="comments"' in response.content.decode()
    assert "No comments yet." in response.content.decode()


def test_turkish_article_without_comments_says_none_yet_in_turkish(client):
    article = make_article(language="tr")
    response = client.get(article.get_absolute_url())

    assert "Henüz yorum yok." in response.content.decode()


def test_approved_comment_shows_name_date_and_body(client, article):
    comment = make_comment(
        article=article,
        status=Comment.Status.APPROVED,
        name="Mehmet Demir",
        email="mehmet.private@example.org",
        body="First line\nsecond line",
    )
    html = client.get(article.get_absolute_url()).content.decode()

    assert "Mehmet Demir" in html
    assert timezone.localtime(comment.created_at).strftime("%d.%m.%Y") in html
    assert "First line<br>second line" in html
    assert "No comments yet." not in html


def test_commenter_email_never_appears_in_page(client, article):
    make_comment(
        article=article,
        status=Comment.Status.APPROVED,
        email="mehmet.private@example.org",
    )
    html = client.get(article.get_absolute_url()).content.decode()

    assert "mehmet.private" not in html


def test_xss_payload_is_shown_literally(client, article, comment_data):
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    make_comment(article=article, status=Comment.Status.APPROVED, body=payload)
    html = client.get(article.get_absolute_url()).content.decode()

    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_links_in_comment_are_clickable_with_ugc_rel(client, article):
    make_comment(
        article=article,
        status=Comment.Status.APPROVED,
        body="See https://example.org/report for details",
    )
    html = client.get(article.get_absolute_url()).content.decode()

    assertInHTML(
        '<a href="https://example.org/report" rel="nofollow ugc noopener">'
        "https://example.org/report</a>",
        html,
    )


def test_article_page_carries_no_csrf_token_and_no_timestamp(client, article):
    html = client.get(article.get_absolute_url()).content.decode()

    assert 'id="comment-form"' in html
    assert "csrfmiddlewaretoken" not in html
    assert 'name="timestamp"' not in html


@pytest.mark.parametrize("language", ["tr", "en"])
def test_anonymous_readers_get_the_same_article_page_and_no_cookie(language):
    article = make_article(language=language)
    first = Client().get(article.get_absolute_url())
    second = Client().get(article.get_absolute_url())

    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert not first.cookies
    assert not second.cookies


def test_article_form_posts_to_confirmation_and_names_start_and_create(client, article):
    page = parse(client.get(article.get_absolute_url()).content)

    assert page.find("form", id="comment-form").attrs == {
        "id": "comment-form",
        "class": "comment-form",
        "method": "post",
        "action": comment_url("confirm", article),
        "data-start-url": comment_url("start", article),
        "data-create-url": comment_url("create", article),
        "novalidate": None,
    }
    assert "defer" in page.find("script", src="/static/js/comments.js").attrs


def test_post_without_csrf_token_is_forbidden(article, comment_data):
    client = Client(enforce_csrf_checks=True)
    response = post(client, article, comment_data(article))

    assert response.status_code == 403
    assert not Comment.objects.exists()


def test_refused_form_says_so_in_the_readers_language(comment_data):
    turkish = make_article(title="Enerji koridorları", language="tr")
    client = Client(enforce_csrf_checks=True)

    english_page = post(client, article := make_article(), comment_data(article))
    turkish_page = post(client, turkish, comment_data(turkish))

    assert english_page.status_code == turkish_page.status_code == 403
    assert "This form has expired" in english_page.content.decode()
    assert "Bu formun süresi doldu" in turkish_page.content.decode()
    assert 'id="main"' in turkish_page.content.decode()


def test_post_with_csrf_token_from_start_is_accepted(article, comment_data):
    client = Client(enforce_csrf_checks=True)
    values = client.get(comment_url("start", article)).json()
    response = post(client, article, comment_data(article, **values))

    assert response.status_code == 303
    assert Comment.objects.count() == 1


def test_every_token_start_gives_a_reader_is_accepted(article, comment_data):
    """Each call masks the reader's one secret anew; every masked token passes."""
    client = Client(enforce_csrf_checks=True)
    first = client.get(comment_url("start", article)).json()
    cookie = client.cookies["csrftoken"].value
    second = client.get(comment_url("start", article)).json()

    assert first["csrfmiddlewaretoken"] != second["csrfmiddlewaretoken"]
    assert client.cookies["csrftoken"].value == cookie
    for values in (first, second):
        assert post(client, article, comment_data(article, **values)).status_code == 303
    assert Comment.objects.count() == 2


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"body": ""}, "Please write your comment."),
        ({"body": "x" * 100_000}, "Please keep your comment under 5000 characters"),
        ({"email": "ayse@"}, "Please enter a valid e-mail address"),
        ({"website": "http://spam.example"}, "a field meant to stay empty"),
    ],
)
def test_invalid_comment_is_refused_with_a_clear_message(
    client, article, comment_data, overrides, message
):
    response = post(client, article, comment_data(article, **overrides))

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Comment.objects.exists()


def test_too_fast_post_is_refused_with_a_clear_message(
    client, article, comment_data, settings
):
    settings.COMMENTS_MIN_SECONDS = 3
    response = post(client, article, comment_data(article))

    assert response.status_code == 400
    assert "That was very quick" in response.content.decode()
    assert not Comment.objects.exists()


def test_field_error_stands_next_to_its_field_and_text_is_kept(
    client, article, comment_data
):
    response = post(
        client, article, comment_data(article, email="bad", body="Keep this text")
    )
    html = response.content.decode()

    assert response.status_code == 400
    assert '<form id="comment-form"' in html
    assert html.index('id="id_email_error"') < html.index('name="email"')
    assert html.index('for="id_email"') < html.index('id="id_email_error"')
    assert "Keep this text</textarea>" in html


def test_field_errors_are_in_turkish_on_turkish_article(client, comment_data):
    article = make_article(language="tr")
    response = post(client, article, comment_data(article, body=""))

    assert response.status_code == 400
    assert "Lütfen yorumunuzu yazın." in response.content.decode()


def test_flood_from_one_address_gets_429(client, article, comment_data, settings):
    settings.COMMENTS_RATE_LIMIT = "5/10m"
    statuses = [
        post(
            client,
            article,
            comment_data(article, email=f"reader{n}@example.org", body=f"Flood {n}"),
        ).status_code
        for n in range(8)
    ]

    assert statuses == [303] * 5 + [429] * 3
    assert Comment.objects.count() == 5


def test_rate_limited_page_keeps_the_readers_text(
    client, article, comment_data, settings
):
    settings.COMMENTS_RATE_LIMIT = "1/10m"
    post(client, article, comment_data(article))
    response = post(client, article, comment_data(article, body="My second thought"))

    assert response.status_code == 429
    assert "My second thought" in response.content.decode()
    assert int(response["Retry-After"]) == 600


def test_flood_from_one_email_over_many_addresses_gets_429(
    client, article, comment_data, settings
):
    settings.COMMENTS_RATE_LIMIT = "2/1h"
    statuses = [
        post(
            client, article, comment_data(article), REMOTE_ADDR=f"198.51.100.{n}"
        ).status_code
        for n in range(3)
    ]

    assert statuses == [303, 303, 429]


def test_article_with_comments_switched_off_shows_no_form(client):
    article = make_article(comments_enabled=False)
    html = client.get(article.get_absolute_url()).content.decode()

    assert 'id="comment-form"' not in html
    assert "Comments are closed for this article." in html


def test_article_with_comments_switched_off_refuses_posts(client, comment_data):
    article = make_article(comments_enabled=False)
    response = post(client, article, comment_data(article))

    assert response.status_code == 403
    assert "no longer accepts comments" in response.content.decode()
    assert not Comment.objects.exists()


def test_comments_close_after_configured_days(client, comment_data, settings):
    settings.COMMENTS_CLOSE_AFTER_DAYS = 30
    old = make_article(published_at=timezone.now() - timedelta(days=31))
    recent = make_article(published_at=timezone.now() - timedelta(days=29))

    assert (
        'id="comment-form"' not in client.get(old.get_absolute_url()).content.decode()
    )
    assert post(client, old, comment_data(old)).status_code == 403
    assert 'id="comment-form"' in client.get(recent.get_absolute_url()).content.decode()


def test_comment_on_unpublished_article_is_not_found(client, comment_data):
    draft = make_article(status="draft", published_at=None)
    response = post(client, draft, comment_data(draft))

    assert response.status_code == 404


def test_get_on_comment_url_is_not_allowed(client, article):
    assert client.get(comment_url("create", article)).status_code == 405


def test_blocklisted_word_sends_comment_to_spam(client, article, comment_data):
    BlockedTerm.objects.create(kind=BlockedTerm.Kind.WORD, value="casino")
    response = post(client, article, comment_data(article, body="Best CASINO bonus"))

    assert response.status_code == 303
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.SPAM
    assert comment.held_reason == "blocklist: casino"
    assert mail.outbox == []


def test_reply_link_prefills_the_form(client, article):
    top = make_comment(article=article, status="approved", name="Deniz")
    html = client.get(article.get_absolute_url(), {"reply_to": top.pk}).content.decode()

    assert "Reply to Deniz" in html
    form = parse(html).find("form", id="comment-form")
    assert form_data(form)["parent"] == str(top.pk)


def test_reply_appears_under_its_comment(client, article, comment_data):
    top = make_comment(article=article, status="approved")
    post(client, article, comment_data(article, parent=top.pk, body="I agree"))
    reply = Comment.objects.get(parent=top)
    reply.status = Comment.Status.APPROVED
    reply.save()
    html = client.get(article.get_absolute_url()).content.decode()

    assert html.index(f'id="comment-{top.pk}"') < html.index("I agree")
    replies = parse(html).find("ol", class_="comment-list--replies")
    assert "I agree" in replies.text


def test_comment_section_queries_stay_constant(client, django_assert_num_queries):
    """One query for comments and replies, however many there are."""
    article = make_article()
    other = make_article()
    for target in (article, other):
        top = make_comment(article=target, status="approved")
        make_comment(article=target, status="approved", parent=top)
    for _ in range(5):
        top = make_comment(article=other, status="approved")
        make_comment(article=other, status="approved", parent=top)
        make_comment(article=other, status="approved", parent=top)

    forget_cached_reads()
    with CaptureQueriesContext(connection) as few:
        client.get(article.get_absolute_url())
    forget_cached_reads()
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(other.get_absolute_url())
    assert response.context["comment_count"] == 17


def test_errors_on_an_english_article_sent_to_the_turkish_address_are_shown(
    client, comment_data
):
    article = make_article(title="Energy corridors", language="en")
    values = client.get(reverse("comments:start", args=[article.pk])).json()

    response = client.post(
        reverse("comments:create", args=[article.pk]),
        comment_data(article, **values) | {"name": ""},
    )

    assert response.status_code == 400
    assert "Energy corridors" in response.content.decode()
    assert "Please enter your name." in response.content.decode()
