"""Build the POST data of the article admin form, as a browser would send it."""

from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from publications.models import Article


def change_url(article: Article) -> str:
    return reverse("admin:publications_article_change", args=[article.pk])


def article_form_data(article: Article | None = None, *, editor=True, **overrides):
    """The admin form's fields for `article` (or a new one), with `overrides`."""
    data = {
        "title": "New article",
        "slug": "",
        "summary": "",
        "body": "<p>Text.</p>",
        "category": "",
        "status": Article.Status.DRAFT,
        "language": "en",
        "translation_of": "",
        "tags": "",
        "comments_enabled": "on",
        "featured_image_alt": "",
        "featured_image_caption": "",
        "source_name": "",
        "source_url": "",
        "source_published_on": "",
        "transition_note": "",
        "bylines-TOTAL_FORMS": "0",
        "bylines-INITIAL_FORMS": "0",
        "bylines-MIN_NUM_FORMS": "0",
        "bylines-MAX_NUM_FORMS": "1000",
    }
    if editor:
        data |= {
            "published_at_0": "",
            "published_at_1": "",
            "corrections-TOTAL_FORMS": "0",
            "corrections-INITIAL_FORMS": "0",
            "corrections-MIN_NUM_FORMS": "0",
            "corrections-MAX_NUM_FORMS": "1000",
        }
    if article is not None:
        data |= {
            "title": article.title,
            "slug": article.slug,
            "summary": article.summary,
            "body": article.body,
            "category": str(article.category_id),
            "status": article.status,
            "language": article.language,
            "version": str(article.version),
        }
        if editor and article.published_at:
            local = timezone.localtime(article.published_at)
            data["published_at_0"] = local.strftime("%Y-%m-%d")
            data["published_at_1"] = local.strftime("%H:%M:%S")
        bylines = list(article.bylines.all())
        data["bylines-TOTAL_FORMS"] = data["bylines-INITIAL_FORMS"] = str(len(bylines))
        for i, byline in enumerate(bylines):
            data |= {
                f"bylines-{i}-id": str(byline.pk),
                f"bylines-{i}-article": str(article.pk),
                f"bylines-{i}-author": str(byline.author_id),
                f"bylines-{i}-position": str(byline.position),
            }
    data |= overrides
    # The admin's JavaScript fills the slug in from the title.
    data["slug"] = data["slug"] or slugify(data["title"])
    return data
