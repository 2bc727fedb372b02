"""`Article`, the published piece, and the editor settings of its body."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField
from taggit.managers import TaggableManager
from taggit.models import Tag

from .. import cache_keys
from ..html import render_footnotes, sanitize_html
from ..images import ReencodedImageField, article_image_path, validate_image_file
from ..text import reading_minutes, slugify_tr, word_count
from .querysets import ArticleQuerySet
from .taxonomy import (
    ArticleAuthor,
    Author,
    Category,
    HttpsURLField,
    TaggedArticle,
    unique_slug,
)

EDITOR_EXTENSIONS = {
    "Heading": {"levels": [2, 3, 4]},
    "Bold": True,
    "Italic": True,
    "Underline": True,
    "Strike": True,
    "Subscript": True,
    "Superscript": True,
    "HardBreak": True,
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HorizontalRule": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "Figure": True,
    "Caption": True,
    "Image": True,
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    "SpecialCharacters": True,
}


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("In review")
        RETURNED = "returned", _("Returned to author")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Language(models.TextChoices):
        TURKISH = "tr", _("Turkish")
        ENGLISH = "en", _("English")

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        error_messages={
            "unique": _(
                "Another article already uses this address. Change the slug, "
                "for example by adding the year."
            )
        },
        help_text=_("The article's address; filled in from the title."),
    )
    summary = models.TextField(
        _("summary"),
        blank=True,
        help_text=_("One or two sentences shown in lists, feeds and shares."),
    )
    body = ProseEditorField(
        _("body"),
        blank=True,
        extensions=EDITOR_EXTENSIONS,
        sanitize=sanitize_html,
        help_text=_(
            "Write a footnote in double square brackets where it belongs: "
            "[[Source: Ministry of Energy, 2020.]]"
        ),
    )
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="articles",
    )
    authors = models.ManyToManyField(
        Author,
        verbose_name=_("authors"),
        through="ArticleAuthor",
        related_name="articles",
        blank=True,
    )
    tags = TaggableManager(_("tags"), through=TaggedArticle, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.DRAFT
    )
    published_at = models.DateTimeField(
        _("publication date"),
        null=True,
        blank=True,
        help_text=_("A future date schedules the article; it goes live by itself."),
    )
    language = models.CharField(
        _("language"), max_length=2, choices=Language, default=Language.TURKISH
    )
    translation_of = models.ForeignKey(
        "self",
        verbose_name=_("translation of"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="translations",
        help_text=_("The article in the other language that this one translates."),
    )
    source_name = models.CharField(
        _("original source"),
        max_length=200,
        blank=True,
        help_text=_("Where the piece first appeared, e.g. “Geopolitical monitor”."),
    )
    source_url = HttpsURLField(_("original source address"), max_length=500, blank=True)
    source_published_on = models.DateField(
        _("originally published on"), null=True, blank=True
    )
    featured_image = ReencodedImageField(
        _("featured image"),
        upload_to=article_image_path,
        blank=True,
        validators=[validate_image_file],
    )
    featured_image_alt = models.CharField(
        _("image description (alt text)"),
        max_length=300,
        blank=True,
        help_text=_("Describe the image for readers who cannot see it."),
    )
    featured_image_caption = models.CharField(
        _("image caption and credit"), max_length=300, blank=True
    )
    is_featured = models.BooleanField(
        _("featured"), default=False, help_text=_("Shown prominently on the home page.")
    )
    comments_enabled = models.BooleanField(_("comments open"), default=True)
    word_count = models.PositiveIntegerField(_("words"), default=0, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Optimistic locking: the admin form carries the version it was opened
    # with and refuses to save over a newer one.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        permissions = [
            ("publish_article", _("Can publish, schedule and withdraw articles")),
            ("export_pdfs", _("Can export article PDFs in bulk")),
        ]
        indexes = [
            models.Index(
                fields=["status", "-published_at", "-id"],
                name="article_status_pub_idx",
            ),
            models.Index(
                fields=["category", "status", "-published_at", "-id"],
                name="article_category_pub_idx",
            ),
            # A category page lists one language: with the language in the
            # index, a deep page skips index entries alone (an index-only
            # scan) instead of visiting every skipped row to read its language.
            models.Index(
                fields=["category", "language", "status", "-published_at", "-id"],
                name="article_cat_lang_pub_idx",
            ),
            models.Index(
                fields=["language", "status", "-published_at", "-id"],
                name="article_language_pub_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="article_published_has_date",
                violation_error_message=_("A published article needs a date."),
            ),
            models.CheckConstraint(
                condition=Q(featured_image="") | ~Q(featured_image_alt=""),
                name="article_image_has_alt",
                violation_error_message=_(
                    "Describe the featured image in the alt text field."
                ),
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Article, slugify_tr(self.title), exclude_pk=self.pk)
        self.body = sanitize_html(self.body)
        self.word_count = word_count(self.body)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*update_fields, "word_count"}
        if self.pk is not None and not self._state.adding:
            self.version += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return self._address("publications:article-detail")

    def get_pdf_url(self):
        return self._address("publications:article-pdf")

    def _address(self, viewname: str) -> str:
        """Reverse `viewname` in the article's language, whatever the page's."""
        kwargs = {"category": self.category.slug, "slug": self.slug}
        if translation.get_language() == self.language:
            # Most addresses on a page are in its own language; switching
            # languages costs more than reversing.
            return reverse(viewname, kwargs=kwargs)
        with translation.override(self.language):
            return reverse(viewname, kwargs=kwargs)

    def clean(self):
        super().clean()
        if self.status == self.Status.PUBLISHED and not self.published_at:
            self.published_at = timezone.now()
        if self.featured_image and not self.featured_image_alt.strip():
            raise ValidationError(
                {
                    "featured_image_alt": ValidationError(
                        _("Describe the featured image for readers who cannot see it."),
                        code="alt_required",
                    )
                }
            )
        if self.translation_of_id and self.translation_of_id == self.pk:
            raise ValidationError(
                {"translation_of": _("An article cannot translate itself.")}
            )

    @property
    def is_public(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    # Caches (publications.pagecache): the fields that decide which lists
    # show an article, and where.
    PLACEMENT_FIELDS = (
        "status",
        "published_at",
        "category_id",
        "language",
        "is_featured",
        "translation_of_id",
    )

    @property
    def is_scheduled(self) -> bool:
        """Tell whether the article is published for a moment still to come."""
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    def card_keys(self) -> set[str]:
        """Cache keys of a page showing this article: itself and its authors."""
        return {
            cache_keys.article(self.pk),
            *(cache_keys.author(author.pk) for author in self.ordered_authors),
        }

    def page_keys(self, tags=None) -> set[str]:
        """Cache keys of this article's own page: its card's, and its tags'.

        `tags` are the article's tags when the page has read them already.
        """
        tags = self.tags.all() if tags is None else tags
        return self.card_keys() | {cache_keys.tag(tag.pk) for tag in tags}

    def list_keys(self, *, category_id=None, language=None) -> set[str]:
        """Cache keys of the lists this article appears in while public."""
        language = language or self.language
        category_id = category_id or self.category_id
        authors = ArticleAuthor.objects.filter(article_id=self.pk)
        tags = TaggedArticle.objects.filter(content_object_id=self.pk)
        return {
            cache_keys.language_list(language),
            cache_keys.category_list(category_id, language),
            *map(cache_keys.author_list, authors.values_list("author", flat=True)),
            *map(cache_keys.tag_list, tags.values_list("tag", flat=True)),
        }

    def keys_touched_by_change(self, before: dict | None) -> set[str]:
        """Return the cache keys of the pages a change of this article touches.

        `before` holds the PLACEMENT_FIELDS as stored before the change, or is
        None for an article that is new. A draft's edits touch nothing; a
        public article's text touches the pages that show it; a move
        (published, withdrawn, redated, recategorised…) touches every list it
        leaves or joins. A scheduled article counts as public: the pages it
        will appear on are kept no later than its go-live time only once they
        are built again (see pagecache.core.next_go_live).
        """
        was_shown = before is not None and (
            before["status"] == self.Status.PUBLISHED
            and before["published_at"] is not None
        )
        shown = self.is_public or self.is_scheduled
        if not (was_shown or shown):
            return set()
        keys = {cache_keys.article(self.pk), cache_keys.SITE}
        if self.translation_of_id:
            keys.add(cache_keys.article(self.translation_of_id))
        translations = Article.objects.filter(translation_of_id=self.pk)
        keys |= set(map(cache_keys.article, translations.values_list("pk", flat=True)))
        moved = before is None or any(
            before[name] != getattr(self, name) for name in self.PLACEMENT_FIELDS
        )
        if moved:
            keys |= self.list_keys()
            if before is not None:
                keys |= self.list_keys(
                    category_id=before["category_id"], language=before["language"]
                )
                if before["translation_of_id"]:
                    keys.add(cache_keys.article(before["translation_of_id"]))
        return keys

    @cached_property
    def body_html(self) -> str:
        return render_footnotes(sanitize_html(self.body))

    @property
    def reading_minutes(self) -> int:
        return reading_minutes(self.word_count)

    def shown_tags(self) -> list[Tag]:
        """The article's tags by name; no query after `for_article_page()`."""
        if hasattr(self, "tagged_by_name"):
            return [item.tag for item in self.tagged_by_name]
        return list(
            Tag.objects.filter(
                publications_taggedarticle_items__content_object=self
            ).order_by("name", "pk")
        )

    @property
    def shown_corrections(self):
        """Corrections, oldest first; no query when `for_article_page()` found none."""
        if not getattr(self, "has_corrections", True):
            return []
        return self.corrections.all()

    @property
    def ordered_authors(self) -> list[Author]:
        """Authors in byline order; no query when bylines were prefetched.

        `for_listing()`, `for_cards()` and `for_article_page()` prefetch them.
        """
        return [byline.author for byline in self.bylines.all()]
