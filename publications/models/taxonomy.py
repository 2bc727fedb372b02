"""Categories, authors and tags, and the rows tying articles to them.

Also the helpers these models share with `Article`: `HttpsURLField` and
`unique_slug`.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from taggit.models import TaggedItemBase

from ..images import ReencodedImageField, author_photo_path, validate_image_file
from ..text import slugify_tr


class HttpsURLField(models.URLField):
    """A URL field whose form reads "example.org/x" as https://example.org/x."""

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})


def unique_slug(model, base: str, *, exclude_pk=None, max_length: int = 200) -> str:
    """Return `base`, or `base-2`, `base-3`… whichever is free in `model`."""
    base = base[: max_length - 4] or "untitled"
    taken = set(
        model._default_manager.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


class Category(models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("publications:category-detail", kwargs={"slug": self.slug})


class Author(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        help_text=_("Part of the author's page address; filled in from the name."),
    )
    role = models.CharField(
        _("role"),
        max_length=200,
        blank=True,
        help_text=_("For example “Senior Fellow” or “Director, Energy Programme”."),
    )
    bio = models.TextField(_("biography"), blank=True)
    photo = ReencodedImageField(
        _("photo"),
        upload_to=author_photo_path,
        blank=True,
        validators=[validate_image_file],
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author",
        help_text=_("Links this author to the account they write with."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Author, slugify_tr(self.name), exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("publications:author-detail", kwargs={"slug": self.slug})


class TaggedArticle(TaggedItemBase):
    content_object = models.ForeignKey(
        "Article", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        indexes = [
            # The latest pieces carrying a tag, read from the index alone
            # (related articles).
            models.Index(
                fields=["tag", "-content_object"], name="taggedarticle_tag_article_idx"
            )
        ]


class ArticleAuthor(models.Model):
    # By name: `Article` (in .articles) imports this module.
    article = models.ForeignKey(
        "Article", on_delete=models.CASCADE, related_name="bylines"
    )
    author = models.ForeignKey(
        Author, verbose_name=_("author"), on_delete=models.PROTECT
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "author"], name="articleauthor_unique_author"
            )
        ]

    def __str__(self):
        return f"{self.author} ({self.position})"
