"""The publications app's models, one module per concern.

- `taxonomy`: categories, authors, tags and bylines;
- `querysets`: `ArticleQuerySet`;
- `articles`: `Article`;
- `editorial`: status changes, corrections, preview links, old addresses and
  autosaved edits.

Import models from here (`from publications.models import Article`).
"""

from .articles import EDITOR_EXTENSIONS, Article
from .editorial import (
    ArticleAutosave,
    ArticleRedirect,
    ArticleTransition,
    Correction,
    PreviewLink,
    PreviewLinkQuerySet,
)
from .querysets import ArticleQuerySet
from .taxonomy import (
    ArticleAuthor,
    Author,
    Category,
    HttpsURLField,
    TaggedArticle,
    unique_slug,
)

__all__ = [
    "EDITOR_EXTENSIONS",
    "Article",
    "ArticleAuthor",
    "ArticleAutosave",
    "ArticleQuerySet",
    "ArticleRedirect",
    "ArticleTransition",
    "Author",
    "Category",
    "Correction",
    "HttpsURLField",
    "PreviewLink",
    "PreviewLinkQuerySet",
    "TaggedArticle",
    "unique_slug",
]
