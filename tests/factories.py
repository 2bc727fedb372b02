"""Factory functions: each returns a valid saved object with unique slugs."""

import io
import itertools
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from publications.models import Article, ArticleAuthor, Author, Category

_counter = itertools.count(1)


def make_user(**overrides):
    n = next(_counter)
    fields = {"username": f"user{n}", "email": f"user{n}@example.org"} | overrides
    password = fields.pop("password", "correct horse battery staple")
    user = get_user_model().objects.create_user(**fields)
    user.set_password(password)
    user.save()
    return user


def make_category(**overrides):
    n = next(_counter)
    fields = {"name": f"Category {n}", "slug": f"category-{n}"} | overrides
    return Category.objects.create(**fields)


def make_author(**overrides):
    n = next(_counter)
    fields = {"name": f"Author {n}", "bio": "Writes about the region."} | overrides
    return Author.objects.create(**fields)


def make_article(*, authors=None, tags=None, **overrides):
    """A published article in Analiz unless `overrides` say otherwise."""
    n = next(_counter)
    fields = {
        "title": f"Article {n}",
        "summary": f"Summary of article {n}.",
        "body": f"<p>Body of article {n} about energy and security.</p>",
        "status": Article.Status.PUBLISHED,
        # Seconds apart: distinct, ordered, and within the current month.
        "published_at": timezone.now() - timedelta(seconds=n),
        "language": "en",
    } | overrides
    if "category" not in fields:
        fields["category"] = Category.objects.get(slug="analiz")
    article = Article.objects.create(**fields)
    for position, author in enumerate(authors or []):
        ArticleAuthor.objects.create(article=article, author=author, position=position)
    if tags:
        article.tags.add(*tags)
    return article


def image_bytes(*, size=(800, 450), image_format="JPEG", color=(30, 90, 140)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format=image_format)
    return buffer.getvalue()


def make_image_upload(name="photo.jpg", **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes(**kwargs), content_type="image/jpeg")


def make_comment(**overrides):
    """A pending comment on a new article unless `overrides` say otherwise."""
    from comments.models import Comment

    n = next(_counter)
    fields = {
        "name": f"Reader {n}",
        "email": f"reader{n}@example.org",
        "body": f"Comment {n} on the argument.",
    } | overrides
    if "article" not in fields:
        fields["article"] = make_article()
    return Comment.objects.create(**fields)


# Every way an article can be out of the public's sight, for tests that check
# it appears nowhere.
unpublished_states = pytest.mark.parametrize(
    "fields",
    [
        {"status": Article.Status.DRAFT},
        {"status": Article.Status.REVIEW},
        {"status": Article.Status.WITHDRAWN},
        {"published_at": timezone.now() + timedelta(days=1)},
    ],
    ids=["draft", "review", "withdrawn", "scheduled"],
)
