"""What editors keep around an article (editorial workflow, issue #6).

Its status changes, corrections, preview links, old addresses and autosaved
edits.
"""

from django.conf import settings
from django.core import signing
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from .articles import Article


class ArticleTransition(models.Model):
    """One status change of an article: who, when, from, to and why."""

    # No database constraint: the log outlives a deleted draft and lines up
    # again with it when the draft is recovered under its old id.
    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="transitions",
    )
    from_status = models.CharField(
        _("from"), max_length=20, choices=Article.Status, blank=True
    )
    to_status = models.CharField(_("to"), max_length=20, choices=Article.Status)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    scheduled_for = models.DateTimeField(_("scheduled for"), null=True, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        indexes = [
            models.Index(
                fields=["article", "-created_at"], name="transition_article_idx"
            )
        ]

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class Correction(models.Model):
    """A dated correction or update note readers see on the article and its PDF."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("Correction")
        UPDATE = "update", _("Update")

    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="corrections",
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind, default=Kind.CORRECTION
    )
    note = models.TextField(
        _("note"), help_text=_("What was corrected or updated, as readers see it.")
    )
    published_on = models.DateTimeField(_("date"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        ordering = ["published_on", "pk"]
        verbose_name = _("correction or update")
        verbose_name_plural = _("corrections and updates")

    def __str__(self):
        return f"{self.get_kind_display()} ({self.published_on:%d.%m.%Y})"


class PreviewLinkQuerySet(models.QuerySet):
    def active(self) -> "PreviewLinkQuerySet":
        """Links that still open: neither revoked nor expired."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class PreviewLink(models.Model):
    """A signed, expiring, revocable link to an article for a reader without account."""

    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="preview_links",
    )
    # Random part of the signed token: revoking or deleting the row kills the
    # link even if the signature is still valid.
    nonce = models.CharField(max_length=64, unique=True, editable=False)
    note = models.CharField(
        _("for"),
        max_length=200,
        blank=True,
        help_text=_("Who the link is for, e.g. “Outside reviewer, Dr. Yılmaz”."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = PreviewLinkQuerySet.as_manager()

    TOKEN_SALT = "publications.preview-link"

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("preview link")
        verbose_name_plural = _("preview links")

    def __str__(self):
        return f"{self.article} ({self.expires_at:%d.%m.%Y %H:%M})"

    def get_absolute_url(self):
        with translation.override(self.article.language):
            return reverse("publications:preview-link", kwargs={"token": self.token})

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    @property
    def token(self) -> str:
        """The link's signed token: the same every time (expiry is on the row)."""
        return signing.Signer(salt=self.TOKEN_SALT).sign_object(
            [self.pk, self.nonce], compress=True
        )


class ArticleRedirect(models.Model):
    """An address an article had before its slug or category changed."""

    old_path = models.CharField(
        _("old address"),
        max_length=400,
        unique=True,
        help_text=_("Path only, e.g. /analiz/old-slug/ or /en/analiz/old-slug/."),
    )
    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="redirects",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("old article address")
        verbose_name_plural = _("old article addresses")

    def __str__(self):
        return self.old_path


class ArticleAutosave(models.Model):
    """The last unsaved state of one person's article form, kept on the server."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    # No database constraint: a draft of an article deleted meanwhile is kept.
    article = models.ForeignKey(
        Article,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    data = models.JSONField(default=dict)
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("autosaved edit")
        verbose_name_plural = _("autosaved edits")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "article"], name="autosave_unique_user_article"
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(article__isnull=True),
                name="autosave_unique_user_new_article",
            ),
        ]

    def __str__(self):
        return f"{self.user} / {self.article_id or '+'}"
