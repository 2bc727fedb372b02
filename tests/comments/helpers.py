"""Addresses of the comment views, in the language of the article they serve."""

from django.urls import reverse
from django.utils import translation


def comment_url(name: str, article) -> str:
    """The address of the comments view `name` (start, confirm, create)."""
    with translation.override(article.language):
        return reverse(f"comments:{name}", args=[article.pk])
