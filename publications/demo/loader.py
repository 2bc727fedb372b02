"""Create or update the demo content, keyed by slug, so loading twice is a no-op."""

import re
import secrets
from collections import Counter
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from .. import pagecache
from ..html import sanitize_html
from ..models import Article, ArticleAuthor, Author, Category
from . import images
from .data import ARTICLES, AUTHORS, COMMENTS, REFERENCE_ARTICLE

# The reference article's date is Istanbul time, and so are all the others.
ISTANBUL = ZoneInfo("Europe/Istanbul")
BLOCK_END = re.compile(
    r"(</(?:p|h2|h3|ul|ol|li|blockquote)>|<(?:ul|ol|blockquote)>)\s+"
)

DEMO_USERS = [
    # username, group, author slug
    ("demo-editor", "Editors", None),
    ("demo-author", "Authors", "elif-yildirim"),
]


def load_demo_content(*, now: datetime | None = None) -> Counter:
    """Create or update every demo author, article and comment; count what changed."""
    now = now or timezone.now()
    stats: Counter = Counter()
    categories = {category.slug: category for category in Category.objects.all()}
    with transaction.atomic():
        authors = {spec["slug"]: _upsert_author(spec, stats) for spec in AUTHORS}
        specs = [REFERENCE_ARTICLE, *ARTICLES]
        articles = {
            spec["slug"]: _upsert_article(spec, categories, authors, now, stats)
            for spec in specs
        }
        for spec in specs:
            _link_translation(spec, articles, stats)
        for slug, comments in COMMENTS.items():
            _add_comments(articles[slug], comments, stats)
        # Bylines are written in bulk, without signals.
        pagecache.purge_all()
    return stats


def create_demo_users() -> list[tuple[str, str]]:
    """Create the demo editor and author accounts with fresh random passwords.

    Returns (username, password) pairs; an existing demo account gets a new
    password, so running this again is how a lost one is recovered.
    """
    User = get_user_model()
    accounts = []
    with transaction.atomic():
        for username, group_name, author_slug in DEMO_USERS:
            password = secrets.token_urlsafe(12)
            user = User.objects.filter(username=username).first() or User(
                username=username, email=f"{username}@example.org"
            )
            user.is_staff = True
            user.is_active = True
            user.set_password(password)
            user.save()
            user.groups.add(Group.objects.get(name=group_name))
            if author_slug and not Author.objects.filter(user=user).exists():
                spec = next(a for a in AUTHORS if a["slug"] == author_slug)
                author = _upsert_author(spec, Counter())
                if author.user_id is None:
                    author.user = user
                    author.save(update_fields=["user", "updated_at"])
            accounts.append((username, password))
    return accounts


def _assign(instance, values: dict) -> bool:
    changed = False
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed = True
    return changed


def _upsert_author(spec: dict, stats: Counter) -> Author:
    author = Author.objects.filter(slug=spec["slug"]).first()
    created = author is None
    if created:
        author = Author(slug=spec["slug"])
    changed = _assign(
        author, {"name": spec["name"], "role": spec["role"], "bio": spec["bio"]}
    )
    if not author.photo:
        # Assigned, not saved directly, so the field validates and re-encodes it.
        author.photo = ContentFile(
            images.portrait(spec["name"], spec["colour"]), name="portrait.jpg"
        )
        changed = True
    if changed:
        author.full_clean()
        author.save()
        stats["authors created" if created else "authors updated"] += 1
    return author


def _normalise_body(body: str) -> str:
    body = re.sub(r"\s+", " ", body.strip())
    return sanitize_html(BLOCK_END.sub(r"\1\n", body))


def _published_at(spec: dict, article: Article, now: datetime) -> datetime | None:
    if "publish_in_days" in spec:
        if article.pk and article.published_at:
            return article.published_at
        when = now + timedelta(days=spec["publish_in_days"])
        return when.replace(minute=0, second=0, microsecond=0)
    if "published_at" not in spec:
        return None
    when = datetime.strptime(spec["published_at"], "%Y-%m-%d %H:%M")
    return when.replace(tzinfo=ISTANBUL)


def _upsert_article(spec, categories, authors, now, stats) -> Article:
    article = Article.objects.filter(slug=spec["slug"]).first()
    created = article is None
    if created:
        article = Article(slug=spec["slug"])
    source_name, source_url, source_on = spec.get("source", ("", "", None))
    status = spec.get("status", Article.Status.PUBLISHED)
    values = {
        "title": spec["title"],
        "summary": spec["summary"],
        "body": _normalise_body(spec["body"]),
        "category_id": categories[spec["category"]].pk,
        "language": spec["language"],
        "status": Article.Status(status),
        "published_at": _published_at(spec, article, now),
        "source_name": source_name,
        "source_url": source_url,
        "source_published_on": date.fromisoformat(source_on) if source_on else None,
        "is_featured": spec.get("featured", False),
        "comments_enabled": spec.get("comments_enabled", True),
    }
    if "image" in spec:
        values["featured_image_alt"] = spec["image"]
    changed = _assign(article, values)
    if "image" in spec and not article.featured_image:
        article.featured_image = ContentFile(
            images.cover(spec["slug"]), name="cover.jpg"
        )
        changed = True
    if changed:
        if created:
            article.created_at = article.published_at or now
        article.full_clean()
        article.save()
        stats["articles created" if created else "articles updated"] += 1

    wanted = [authors[slug].pk for slug in spec["authors"]]
    if [b.author_id for b in article.bylines.all()] != wanted:
        article.bylines.all().delete()
        ArticleAuthor.objects.bulk_create(
            ArticleAuthor(article=article, author_id=pk, position=position)
            for position, pk in enumerate(wanted)
        )
        stats["bylines set"] += 1
    if set(article.tags.names()) != set(spec["tags"]):
        article.tags.set(spec["tags"])
        stats["tags set"] += 1
    return article


def _link_translation(spec: dict, articles: dict, stats: Counter) -> None:
    article = articles[spec["slug"]]
    original = articles.get(spec.get("translation_of"))
    wanted = original.pk if original else None
    if spec.get("translation_of") and article.translation_of_id != wanted:
        article.translation_of_id = wanted
        article.save(update_fields=["translation_of", "updated_at"])
        stats["translations linked"] += 1


def _add_comments(article: Article, specs: list[dict], stats: Counter, parent=None):
    from comments.models import Comment

    for spec in specs:
        comment = Comment.objects.filter(
            article=article, email=spec["email"], body=spec["body"]
        ).first()
        if comment is None:
            comment = Comment.objects.create(
                article=article,
                parent=parent,
                name=spec["name"],
                email=spec["email"],
                body=spec["body"],
                status=Comment.Status.APPROVED,
                created_at=article.published_at + timedelta(hours=spec["hours_after"]),
            )
            stats["comments created"] += 1
        _add_comments(article, spec.get("replies", []), stats, parent=comment)
