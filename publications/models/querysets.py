"""`ArticleQuerySet`: the ways articles are selected and fetched."""

from django.db import models
from django.utils import timezone

from .taxonomy import ArticleAuthor, TaggedArticle


class ArticleQuerySet(models.QuerySet):
    def published(self) -> "ArticleQuerySet":
        """Articles the public may see: published and not scheduled for later."""
        return self.filter(
            status=self.model.Status.PUBLISHED, published_at__lte=timezone.now()
        )

    def scheduled(self) -> "ArticleQuerySet":
        return self.filter(
            status=self.model.Status.PUBLISHED, published_at__gt=timezone.now()
        )

    def in_category(self, category) -> "ArticleQuerySet":
        return self.filter(category=category)

    def by_author(self, author) -> "ArticleQuerySet":
        return self.filter(authors=author)

    def in_language(self, language: str) -> "ArticleQuerySet":
        return self.filter(language=language)

    def tagged(self, tag) -> "ArticleQuerySet":
        return self.filter(tags=tag)

    def owned_by(self, user) -> "ArticleQuerySet":
        """Articles whose authors include the author linked to `user`."""
        return self.filter(authors__user=user)

    def newest_first(self) -> "ArticleQuerySet":
        return self.order_by("-published_at", "-pk")

    def for_listing(self) -> "ArticleQuerySet":
        """Bundle the joins a list of article cards needs."""
        return self.select_related("category").prefetch_related(
            models.Prefetch(
                "bylines", queryset=ArticleAuthor.objects.select_related("author")
            ),
            "tags",
        )

    def for_cards(self) -> "ArticleQuerySet":
        """Bundle what article cards read: category and bylines, not the body."""
        return (
            self.defer("body")
            .select_related("category")
            .prefetch_related(
                models.Prefetch(
                    "bylines", queryset=ArticleAuthor.objects.select_related("author")
                )
            )
        )

    def for_article_page(self) -> "ArticleQuerySet":
        """Bundle what an article's own page reads besides its comments.

        Bylines with their authors (`ordered_authors`), tags by name
        (`shown_tags()`), and whether there are corrections: most articles
        have none, and their page then does not ask for them
        (`shown_corrections`).
        """
        # Correction is defined in .editorial, which imports Article: it is
        # reached through the article's relation, not imported.
        correction = self.model._meta.get_field("corrections").related_model
        return self.annotate(
            has_corrections=models.Exists(
                correction.objects.filter(article=models.OuterRef("pk"))
            )
        ).prefetch_related(
            models.Prefetch(
                "bylines", queryset=ArticleAuthor.objects.select_related("author")
            ),
            # Through the article's own tag rows: taggit's manager takes no
            # queryset to prefetch with, and the order is the database's.
            models.Prefetch(
                "tagged_items",
                queryset=TaggedArticle.objects.select_related("tag").order_by(
                    "tag__name", "tag"
                ),
                to_attr="tagged_by_name",
            ),
        )

    def next_go_live(self):
        """Return when the next scheduled article goes live, or None."""
        return (
            self.scheduled()
            .order_by("published_at")
            .values_list("published_at", flat=True)
            .first()
        )

    def search(self, query: str, *, language: str | None = None) -> "ArticleQuerySet":
        """Articles matching `query`, best first; see `publications.search`."""
        from ..search import search_articles

        return search_articles(self, query, language=language)

    def update_search_vectors(self) -> int:
        """Recompute these articles' search vectors in one UPDATE (bulk loads)."""
        from ..search import update_search_vectors

        return update_search_vectors(self)
