"""The sitemap: every published article, plus the pages that list them.

Category, author and home pages exist in both interface languages, so they
are listed once per language with hreflang alternates. An article exists in
one language; its alternates are its published translations.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import OuterRef, Prefetch, Subquery
from django.urls import reverse
from django.utils.functional import cached_property
from taggit.models import Tag

from .models import Article, Author, Category, TaggedArticle


def _latest_update(**filters) -> Subquery:
    return Subquery(
        Article.objects.published()
        .filter(**filters)
        .order_by("-updated_at")
        .values("updated_at")[:1]
    )


class ArticleSitemap(Sitemap):
    def items(self):
        published = Article.objects.published()
        return (
            published.select_related("category", "translation_of__category")
            .prefetch_related(
                Prefetch(
                    "translations",
                    queryset=published.select_related("category"),
                    to_attr="published_translations",
                )
            )
            .newest_first()
        )

    def lastmod(self, article):
        # A scheduled article goes live after its last save.
        return max(article.updated_at, article.published_at)

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        base = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        for url in urls:
            versions = list(url["item"].published_translations)
            original = url["item"].translation_of
            if original is not None and original.is_public:
                versions.append(original)
            if versions:
                url["alternates"] = [
                    {
                        "lang_code": version.language,
                        "location": base + version.get_absolute_url(),
                    }
                    for version in [url["item"], *versions]
                ]
        return urls


class PageSitemap(Sitemap):
    """Pages present in both interface languages."""

    i18n = True
    alternates = True
    x_default = True

    def lastmod(self, item):
        return item.latest_update


class CategorySitemap(PageSitemap):
    def items(self):
        return Category.objects.annotate(
            latest_update=_latest_update(category=OuterRef("pk"))
        )


class AuthorSitemap(PageSitemap):
    def items(self):
        return (
            Author.objects.filter(pk__in=Article.objects.published().values("authors"))
            .annotate(latest_update=_latest_update(authors=OuterRef("pk")))
            .order_by("name", "pk")
        )


class TagSitemap(PageSitemap):
    def items(self):
        published = Article.objects.published()
        return (
            Tag.objects.filter(
                pk__in=TaggedArticle.objects.filter(
                    content_object__in=published
                ).values("tag")
            )
            .annotate(latest_update=_latest_update(tags=OuterRef("pk")))
            .order_by("name", "pk")
        )

    def location(self, tag):
        return reverse("publications:tag-detail", kwargs={"slug": tag.slug})


class HomeSitemap(PageSitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self):
        return ["publications:home"]

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        return self.latest_update

    @cached_property
    def latest_update(self):
        return (
            Article.objects.published()
            .order_by("-updated_at")
            .values_list("updated_at", flat=True)
            .first()
        )


sitemaps = {
    "home": HomeSitemap,
    "categories": CategorySitemap,
    "authors": AuthorSitemap,
    "tags": TagSitemap,
    "articles": ArticleSitemap,
}
