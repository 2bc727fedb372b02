from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from publications.editorial.workflow import apply_transition
from publications.models import Article, ArticleTransition
from tests.factories import make_article, make_author

Status = Article.Status


# The messages checked here are the English originals.
pytestmark = pytest.mark.usefixtures("in_english")


@pytest.fixture
def own_draft(author_user):
    author = make_author(user=author_user)
    return make_article(authors=[author], status=Status.DRAFT, published_at=None)


@pytest.mark.django_db
def test_author_submits_own_draft_for_review(own_draft, author_user):
    apply_transition(own_draft, Status.REVIEW, user=author_user)

    own_draft.refresh_from_db()
    assert own_draft.status == Status.REVIEW


@pytest.mark.django_db
def test_author_cannot_publish_own_draft(own_draft, author_user):
    with pytest.raises(ValidationError, match="Only editors"):
        apply_transition(own_draft, Status.PUBLISHED, user=author_user)

    own_draft.refresh_from_db()
    assert own_draft.status == Status.DRAFT


@pytest.mark.django_db
def test_author_cannot_submit_someone_elses_draft(author_user):
    article = make_article(authors=[make_author()], status=Status.DRAFT)

    with pytest.raises(ValidationError, match="your own articles"):
        apply_transition(article, Status.REVIEW, user=author_user)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("target", "note"),
    [
        (Status.RETURNED, "Tighten the second section."),
        (Status.DRAFT, ""),
        (Status.PUBLISHED, ""),
    ],
)
def test_author_cannot_take_editor_decisions_on_review(
    own_draft, author_user, target, note
):
    apply_transition(own_draft, Status.REVIEW, user=author_user)

    with pytest.raises(ValidationError, match="Only editors"):
        apply_transition(own_draft, target, user=author_user, note=note)


@pytest.mark.django_db
def test_editor_publishes_draft_and_gets_date(editor):
    article = make_article(status=Status.DRAFT, published_at=None)

    apply_transition(article, Status.PUBLISHED, user=editor)

    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    assert article.published_at <= timezone.now()
    assert Article.objects.published().filter(pk=article.pk).exists()


@pytest.mark.django_db
def test_return_to_author_needs_a_note(editor):
    article = make_article(status=Status.REVIEW)

    with pytest.raises(ValidationError, match="what to change"):
        apply_transition(article, Status.RETURNED, user=editor, note="  ")

    apply_transition(article, Status.RETURNED, user=editor, note="Add sources.")
    assert ArticleTransition.objects.get(article=article).note == "Add sources."


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("source", "target"),
    [
        (Status.DRAFT, Status.WITHDRAWN),
        (Status.DRAFT, Status.RETURNED),
        (Status.PUBLISHED, Status.REVIEW),
        (Status.PUBLISHED, Status.DRAFT),
        (Status.WITHDRAWN, Status.REVIEW),
    ],
)
def test_illegal_transition_is_refused_with_clear_message(editor, source, target):
    article = make_article(status=source)

    with pytest.raises(ValidationError) as excinfo:
        apply_transition(article, target, user=editor, note="why")

    assert excinfo.value.code == "illegal_transition"
    assert "cannot become" in excinfo.value.messages[0]
    article.refresh_from_db()
    assert article.status == source
    assert not ArticleTransition.objects.filter(article=article).exists()


@pytest.mark.django_db
def test_same_status_is_refused(editor):
    article = make_article(status=Status.PUBLISHED)

    with pytest.raises(ValidationError, match="already"):
        apply_transition(article, Status.PUBLISHED, user=editor)


@pytest.mark.django_db
def test_empty_article_cannot_be_published(editor):
    article = make_article(status=Status.DRAFT, body="")

    with pytest.raises(ValidationError, match="text before publishing"):
        apply_transition(article, Status.PUBLISHED, user=editor)


@pytest.mark.django_db
def test_stale_instance_cannot_change_status(editor):
    article = make_article(status=Status.REVIEW)
    Article.objects.filter(pk=article.pk).update(status=Status.DRAFT)

    with pytest.raises(ValidationError, match="meanwhile"):
        apply_transition(article, Status.PUBLISHED, user=editor)


@pytest.mark.django_db
def test_each_transition_is_logged_with_who_when_from_to_note(
    own_draft, author_user, editor
):
    apply_transition(own_draft, Status.REVIEW, user=author_user, note="Ready.")
    apply_transition(own_draft, Status.RETURNED, user=editor, note="Cut 300 words.")
    apply_transition(own_draft, Status.REVIEW, user=author_user)
    apply_transition(own_draft, Status.PUBLISHED, user=editor)
    apply_transition(own_draft, Status.WITHDRAWN, user=editor, note="Legal request.")

    log = list(
        ArticleTransition.objects.filter(article=own_draft).order_by("created_at", "pk")
    )
    assert [(t.from_status, t.to_status) for t in log] == [
        (Status.DRAFT, Status.REVIEW),
        (Status.REVIEW, Status.RETURNED),
        (Status.RETURNED, Status.REVIEW),
        (Status.REVIEW, Status.PUBLISHED),
        (Status.PUBLISHED, Status.WITHDRAWN),
    ]
    assert [t.user for t in log] == [author_user, editor, author_user, editor, editor]
    assert log[1].note == "Cut 300 words."
    assert all(t.created_at <= timezone.now() for t in log)


@pytest.mark.django_db
def test_withdrawn_article_disappears_from_public(editor):
    article = make_article()

    apply_transition(article, Status.WITHDRAWN, user=editor)

    assert not Article.objects.published().filter(pk=article.pk).exists()


def public_places(article):
    """Every public address where a live article shows up."""
    with translation.override(article.language):
        return {
            "page": article.get_absolute_url(),
            "category": article.category.get_absolute_url(),
            "feed": reverse("publications:feed-rss"),
            "search": reverse("publications:search") + "?q=Caspian",
            "sitemap": reverse("sitemap"),
        }


def shows(client, url, article) -> bool:
    response = client.get(url)
    if response.status_code == 404:
        return False
    assert response.status_code == 200, url
    content = (
        b"".join(response.streaming_content)
        if response.streaming
        else (response.content)
    )
    return article.slug.encode() in content


@pytest.mark.django_db
def test_scheduled_article_goes_live_by_itself(editor, client, time_machine):
    now = timezone.now().replace(microsecond=0)
    time_machine.move_to(now, tick=False)
    article = make_article(
        title="Caspian energy outlook",
        slug="caspian-energy-outlook",
        status=Status.DRAFT,
        published_at=None,
    )
    apply_transition(
        article, Status.PUBLISHED, user=editor, published_at=now + timedelta(hours=2)
    )
    log = ArticleTransition.objects.get(article=article)
    assert log.scheduled_for == now + timedelta(hours=2)
    places = public_places(article)

    time_machine.move_to(now + timedelta(hours=1, minutes=59), tick=False)
    assert not Article.objects.published().filter(pk=article.pk).exists()
    assert Article.objects.scheduled().filter(pk=article.pk).exists()
    assert {
        name for name, url in places.items() if shows(client, url, article)
    } == set()
    assert client.get(article.get_pdf_url()).status_code == 404

    time_machine.move_to(now + timedelta(hours=2), tick=False)
    assert Article.objects.published().filter(pk=article.pk).exists()
    assert {name for name, url in places.items() if shows(client, url, article)} == set(
        places
    )
