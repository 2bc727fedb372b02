from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Article

# Statuses anyone who may edit an article can choose; the rest need the
# publish permission.
WRITER_STATUSES = {Article.Status.DRAFT, Article.Status.REVIEW}


class ArticleAdminForm(forms.ModelForm):
    """The article form the admin uses; `user` is set by the admin per request."""

    user = None

    class Meta:
        model = Article
        fields = [
            "title",
            "slug",
            "summary",
            "body",
            "category",
            "status",
            "published_at",
            "language",
            "translation_of",
            "tags",
            "is_featured",
            "comments_enabled",
            "featured_image",
            "featured_image_alt",
            "featured_image_caption",
            "source_name",
            "source_url",
            "source_published_on",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "status" in self.fields and not self.can_publish:
            current = self.instance.status if self.instance.pk else None
            self.fields["status"].choices = [
                (value, label)
                for value, label in Article.Status.choices
                if value in WRITER_STATUSES or value == current
            ]

    @property
    def can_publish(self) -> bool:
        return bool(self.user and self.user.has_perm("publications.publish_article"))

    def clean_status(self):
        status = self.cleaned_data["status"]
        unchanged = self.instance.pk and status == self.instance.status
        if status not in WRITER_STATUSES and not unchanged and not self.can_publish:
            raise forms.ValidationError(
                _("Only editors can set this status."), code="status_not_allowed"
            )
        return status
