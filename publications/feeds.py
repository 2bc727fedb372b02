"""RSS 2.0 and Atom feeds: all published articles, and per category, author, tag.

Feeds mirror the pages they belong to, so the site-wide feed lists articles in
both languages, like the home page; the interface language only sets the
feed's own title and language.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from taggit.models import Tag

from . import cache_keys, pagecache
from .models import Article, Author, Category

FEED_LENGTH = 20


class ArticleFeed(Feed):
    """Every published article, newest first."""

    @method_decorator(pagecache.public_page)
    def __call__(self, request, *args, **kwargs):
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, *args, **kwargs):
        return None

    def articles(self, obj):
        return Article.objects.published()

    def list_keys(self, obj) -> list[str]:
        """Cache keys of which articles this feed holds."""
        return [cache_keys.language_list(code) for code, _name in settings.LANGUAGES]

    def title(self, obj):
        return settings.SITE_NAME

    def link(self, obj):
        return reverse("publications:home")

    def description(self, obj):
        return _("The latest publications of %(site)s.") % {"site": settings.SITE_NAME}

    def subtitle(self, obj):
        return self.description(obj)

    def items(self, obj):
        items = list(self.articles(obj).for_listing().newest_first()[:FEED_LENGTH])
        pagecache.depend(*self.list_keys(obj))
        for item in items:
            pagecache.depend(*item.page_keys())
        return items

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary or Truncator(strip_tags(item.body)).words(60)

    def item_author_name(self, item):
        return ", ".join(author.name for author in item.ordered_authors) or None

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        # A scheduled article goes live after its last save.
        return max(item.updated_at, item.published_at)

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]


class CategoryFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Category, slug=slug)

    def articles(self, obj):
        return super().articles(obj).in_category(obj)

    def list_keys(self, obj):
        codes = [code for code, _name in settings.LANGUAGES]
        return [
            cache_keys.NAV,
            *(cache_keys.category_list(obj.pk, code) for code in codes),
        ]

    def title(self, obj):
        return f"{obj.name} – {settings.SITE_NAME}"

    def link(self, obj):
        return obj.get_absolute_url()

    def description(self, obj):
        return _("The latest publications in %(category)s.") % {"category": obj.name}


class AuthorFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Author, slug=slug)

    def articles(self, obj):
        return super().articles(obj).by_author(obj)

    def list_keys(self, obj):
        return [cache_keys.author_list(obj.pk), cache_keys.author(obj.pk)]

    def title(self, obj):
        return f"{obj.name} – {settings.SITE_NAME}"

    def link(self, obj):
        return obj.get_absolute_url()

    def description(self, obj):
        return _("The latest publications by %(author)s.") % {"author": obj.name}


class TagFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Tag, slug=slug)

    def articles(self, obj):
        return super().articles(obj).tagged(obj)

    def list_keys(self, obj):
        return [cache_keys.tag_list(obj.pk), cache_keys.tag(obj.pk)]

    def title(self, obj):
        return f"#{obj.name} – {settings.SITE_NAME}"

    def link(self, obj):
        return reverse("publications:tag-detail", kwargs={"slug": obj.slug})

    def description(self, obj):
        return _("The latest publications tagged “%(tag)s”.") % {"tag": obj.name}


class AtomMixin:
    feed_type = Atom1Feed


class ArticleAtomFeed(AtomMixin, ArticleFeed):
    pass


class CategoryAtomFeed(AtomMixin, CategoryFeed):
    pass


class AuthorAtomFeed(AtomMixin, AuthorFeed):
    pass


class TagAtomFeed(AtomMixin, TagFeed):
    pass
