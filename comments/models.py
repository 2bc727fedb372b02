from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from publications import cache_keys

# What the public sees of a comment. Its e-mail address, IP address and
# browser are not read for a public page: reading one there would take a query
# of its own, which the pages' query counts catch.
PUBLIC_FIELDS = ("article", "parent", "name", "body", "status", "created_at")


class CommentQuerySet(models.QuerySet):
    def approved(self) -> "CommentQuerySet":
        return self.filter(status=self.model.Status.APPROVED)

    def pending(self) -> "CommentQuerySet":
        return self.filter(status=self.model.Status.PENDING)

    def rejected(self) -> "CommentQuerySet":
        return self.filter(status=self.model.Status.REJECTED)

    def spam(self) -> "CommentQuerySet":
        return self.filter(status=self.model.Status.SPAM)

    def top_level(self) -> "CommentQuerySet":
        return self.filter(parent__isnull=True)

    def for_article(self, article) -> "CommentQuerySet":
        return self.filter(article=article)

    def oldest_first(self) -> "CommentQuerySet":
        return self.order_by("created_at", "pk")

    def public(self) -> "CommentQuerySet":
        """Approved comments, oldest first, holding only `PUBLIC_FIELDS`."""
        return self.approved().only(*PUBLIC_FIELDS).oldest_first()

    def public_thread(self) -> list["Comment"]:
        """Approved top-level comments, oldest first, each with its replies.

        One query; see `Comment.thread()`.
        """
        return self.model.thread(self.public())

    def with_ip_older_than(self, days: int) -> "CommentQuerySet":
        """Comments still holding an IP address although older than `days` days."""
        cutoff = timezone.now() - timedelta(days=days)
        return self.filter(created_at__lt=cutoff).filter(
            Q(ip_address__isnull=False) | ~Q(user_agent="")
        )


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        SPAM = "spam", _("Spam")

    article = models.ForeignKey(
        "publications.Article",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("reply to"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
    )
    name = models.CharField(_("name"), max_length=100)
    email = models.EmailField(_("e-mail"), max_length=254)
    body = models.TextField(_("comment"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status,
        default=Status.PENDING,
    )
    held_reason = models.CharField(
        _("held because"),
        max_length=200,
        blank=True,
        help_text=_("Why the comment was held or marked as spam automatically."),
    )
    created_at = models.DateTimeField(_("posted"), default=timezone.now)
    # Kept only for moderation and erased by `erase_comment_ips` after
    # COMMENTS_IP_RETENTION_DAYS days.
    ip_address = models.GenericIPAddressField(
        _("IP address"), null=True, blank=True, unpack_ipv4=True
    )
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="moderated_comments",
    )
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [
            models.Index(
                fields=["article", "status", "created_at"],
                name="comment_article_status_idx",
            ),
            models.Index(
                fields=["status", "-created_at"], name="comment_status_created_idx"
            ),
            models.Index(fields=["email", "status"], name="comment_email_status_idx"),
        ]

    def __str__(self):
        return f"{self.name}: {self.body[:60]}"

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#comment-{self.pk}"

    @classmethod
    def is_shown(cls, status: str | None) -> bool:
        """Tell whether a comment in `status` appears on its article's page."""
        return status == cls.Status.APPROVED

    @staticmethod
    def thread(comments) -> list["Comment"]:
        """Arrange public comments, oldest first, as a thread.

        Top-level comments in order, each with its replies, oldest first, in
        `thread_replies`; a reply whose comment is not among them is not
        shown. Reads `comments` once.
        """
        comments = list(comments)
        top_level = {c.pk: c for c in comments if c.parent_id is None}
        for comment in top_level.values():
            comment.thread_replies = []
        for comment in comments:
            if comment.parent_id in top_level:
                top_level[comment.parent_id].thread_replies.append(comment)
        return list(top_level.values())

    @staticmethod
    def page_keys(article_ids) -> set[str]:
        """Page-cache keys of the article pages showing comments of `article_ids`."""
        return set(map(cache_keys.article, article_ids))

    def clean(self):
        super().clean()
        if self.parent_id is None:
            return
        if self.parent.parent_id is not None or self.parent_id == self.pk:
            raise ValidationError(
                {"parent": _("Replies go to a top-level comment only.")},
                code="nested_reply",
            )
        if self.parent.article_id != self.article_id:
            raise ValidationError(
                {"parent": _("A reply belongs to the same article.")},
                code="other_article",
            )


class BlockedTerm(models.Model):
    """A word, e-mail address or IP address whose comments go straight to spam."""

    class Kind(models.TextChoices):
        WORD = "word", _("Word or phrase")
        EMAIL = "email", _("E-mail address or domain")
        IP = "ip", _("IP address")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    value = models.CharField(
        _("value"),
        max_length=200,
        help_text=_(
            "Words match anywhere in the name or comment, ignoring case. "
            "E-mail entries match the whole address, or a domain written as "
            "“@example.com”. IP entries match one address or a network such as "
            "203.0.113.0/24."
        ),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        ordering = ["kind", "value"]
        verbose_name = _("blocked term")
        verbose_name_plural = _("blocklist")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "value"], name="blockedterm_unique_kind_value"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.value}"

    def save(self, *args, **kwargs):
        self.value = self.value.strip().lower()
        super().save(*args, **kwargs)
