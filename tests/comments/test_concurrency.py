from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import translation

from comments.forms import sign_timestamp
from comments.models import Comment
from tests.factories import make_article

POSTS = 50

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="parallel writers need PostgreSQL; SQLite serialises them",
    ),
    # tests/conftest.py restores the categories and groups after each flush.
    pytest.mark.django_db(transaction=True),
]


def test_parallel_posts_are_each_stored_exactly_once(settings):
    settings.COMMENTS_MIN_SECONDS = 0
    settings.COMMENTS_RATE_LIMIT = "1000/10m"
    article = make_article(language="en")
    with translation.override("en"):
        url = reverse("comments:create", args=[article.pk])
    timestamp = sign_timestamp(article.pk)

    def post(n):
        try:
            response = Client(REMOTE_ADDR=f"198.51.100.{n}").post(
                url,
                {
                    "name": f"Reader {n}",
                    "email": f"reader{n}@example.org",
                    "body": f"Parallel comment number {n}",
                    "website": "",
                    "timestamp": timestamp,
                },
            )
            return n, response.status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=POSTS) as pool:
        results = list(pool.map(post, range(POSTS)))

    accepted = {n for n, status in results if status == 303}
    assert len(accepted) == POSTS
    bodies = list(Comment.objects.values_list("body", flat=True))
    assert sorted(bodies) == sorted(f"Parallel comment number {n}" for n in accepted)
