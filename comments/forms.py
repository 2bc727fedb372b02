import time

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from .models import Comment

BODY_MAX_LENGTH = 5000
TIMESTAMP_SALT = "comments.form-timestamp"


def sign_timestamp(article_id: int) -> str:
    """Sign the moment the form was served, bound to one article."""
    return signing.TimestampSigner(salt=TIMESTAMP_SALT).sign(str(article_id))


class CommentDraftForm(forms.ModelForm):
    """The reader's part of the comment form: its fields, honeypot and parent.

    Checked on its own before a reader without JavaScript confirms a comment;
    `CommentForm` adds the signed timestamp that storing it requires.
    """

    # Humans never see this field (hidden by CSS and from screen readers);
    # form-filling robots tend to fill it in.
    website = forms.CharField(
        label=_("Leave this field empty"), required=False, max_length=200
    )
    parent = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Comment
        fields = ["name", "email", "body"]
        labels = {
            "name": _("Name"),
            "email": _("E-mail"),
            "body": _("Comment"),
        }
        help_texts = {
            "email": _("Never shown on the site."),
        }
        widgets = {
            "body": forms.Textarea(attrs={"rows": 6}),
        }
        error_messages = {
            "name": {"required": _("Please enter your name.")},
            "email": {
                "required": _("Please enter your e-mail address."),
                "invalid": _(
                    "Please enter a valid e-mail address, such as name@example.org."
                ),
            },
            "body": {"required": _("Please write your comment.")},
        }

    def __init__(self, *args, article, **kwargs):
        self.article = article
        super().__init__(*args, **kwargs)
        self.fields["body"].max_length = BODY_MAX_LENGTH
        self.fields["body"].widget.attrs["maxlength"] = BODY_MAX_LENGTH
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["website"].widget.attrs.update(
            {"autocomplete": "off", "tabindex": "-1"}
        )

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Please enter your name."), code="required")
        return name

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError(
                _("Please write your comment."), code="required"
            )
        if len(body) > BODY_MAX_LENGTH:
            raise forms.ValidationError(
                ngettext_lazy(
                    "Please keep your comment under %(limit)d character "
                    "(it has %(length)d).",
                    "Please keep your comment under %(limit)d characters "
                    "(it has %(length)d).",
                    "limit",
                ),
                code="max_length",
                params={"limit": BODY_MAX_LENGTH, "length": len(body)},
            )
        return body

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise forms.ValidationError(
                _(
                    "Your comment was not accepted because a field meant to "
                    "stay empty was filled in."
                ),
                code="honeypot",
            )
        return ""

    def clean_parent(self):
        parent_id = self.cleaned_data["parent"]
        if parent_id is None:
            return None
        parent = (
            Comment.objects.approved()
            .for_article(self.article)
            .filter(pk=parent_id)
            .first()
        )
        if parent is None:
            raise forms.ValidationError(
                _("The comment you are replying to is no longer available."),
                code="invalid_parent",
            )
        # One level of replies: a reply to a reply joins its thread.
        if parent.parent_id is not None:
            parent = parent.parent
        return parent

    def _post_clean(self):
        self.instance.article = self.article
        self.instance.parent = self.cleaned_data.get("parent")
        super()._post_clean()

    def non_field_errors(self):
        # Robots' own fields report at the top of the form, where a reader
        # who tripped them can see the message.
        errors = super().non_field_errors().copy()
        for field in ("website", "timestamp", "parent"):
            errors.extend(self.errors.get(field, []))
        return errors


class CommentForm(CommentDraftForm):
    """The public comment form, with its honeypot and signed timestamp."""

    timestamp = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_timestamp(self):
        value = self.cleaned_data["timestamp"]
        signer = signing.TimestampSigner(salt=TIMESTAMP_SALT)
        try:
            article_id = signer.unsign(value, max_age=settings.COMMENTS_MAX_AGE_SECONDS)
        except signing.SignatureExpired as exc:
            raise forms.ValidationError(
                _(
                    "This form was open for too long. Your text is kept below; "
                    "please send it again."
                ),
                code="expired",
            ) from exc
        except signing.BadSignature as exc:
            raise forms.ValidationError(
                _("This form could not be verified. Please send it again."),
                code="bad_timestamp",
            ) from exc
        if article_id != str(self.article.pk):
            raise forms.ValidationError(
                _("This form could not be verified. Please send it again."),
                code="bad_timestamp",
            )
        signed_at = signing.b62_decode(value.rsplit(":", 2)[1])
        if time.time() - signed_at < settings.COMMENTS_MIN_SECONDS:
            raise forms.ValidationError(
                _(
                    "That was very quick. Please take a moment to read over your "
                    "comment, then send it again."
                ),
                code="too_fast",
            )
        return value
