from django import forms
from django.db import transaction
from django.utils import timezone
from django.utils.html import format_html, format_html_join, strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from reversion.models import Version

from ..models import Article
from . import workflow

# Fields a conflict message compares; the rest are bookkeeping.
CONFLICT_IGNORED = {"version", "updated_at", "word_count", "created_at"}


# The fields an article's form holds, by section: the one list the form, the
# admin's layout and a revert to an earlier revision read.
ARTICLE_SECTIONS = [
    (None, ["title", "slug", "summary", "body"]),
    (
        _("Publication"),
        [
            "category",
            "status",
            "published_at",
            "language",
            "translation_of",
            "tags",
            "is_featured",
            "comments_enabled",
        ],
    ),
    (
        _("Featured image"),
        ["featured_image", "featured_image_alt", "featured_image_caption"],
    ),
    (_("Original source"), ["source_name", "source_url", "source_published_on"]),
]
ARTICLE_FIELDS = [name for _section, names in ARTICLE_SECTIONS for name in names]


class ArticleAdminForm(forms.ModelForm):
    """The article form the admin uses; `user` is set by the admin per request.

    It offers only the statuses the user may choose, refuses a save over a
    newer version of the article (optimistic locking), and turns the workflow
    buttons (`_transition` in the POST) into a checked status change.
    """

    user = None
    # Field values of an autosaved edit to show instead of the stored ones.
    restore_data = None

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    transition_note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_(
            "For “Return to author”: what to change. For other status changes: "
            "optional; it is kept in the article's history."
        ),
    )

    class Meta:
        model = Article
        fields = ARTICLE_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.original_status = self.instance.status if self.instance.pk else None
        self.requested_status = None
        self.requested_action = None
        self.fields["version"].initial = self.instance.version
        if "status" in self.fields:
            targets = workflow.allowed_targets(self.instance, self.user)
            labels = dict(Article.Status.choices)
            self.fields["status"].choices = [(t, labels[t]) for t in targets]
            self.fields["status"].error_messages["invalid_choice"] = _(
                "You cannot give the article this status."
            )
        if self.restore_data and not self.is_bound:
            self._restore(self.restore_data)

    def _restore(self, data: dict) -> None:
        for name, field in self.fields.items():
            if name in {"version", "status"} or isinstance(field, forms.FileField):
                continue
            if isinstance(field, forms.SplitDateTimeField):
                parts = [data.get(f"{name}_0"), data.get(f"{name}_1")]
                if any(parts):
                    self.initial[name] = [part or "" for part in parts]
            elif name in data:
                self.initial[name] = data[name]

    @property
    def can_publish(self) -> bool:
        return workflow.is_editor(self.user)

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            self._check_version(cleaned.get("version"))
        self._check_transition(cleaned)
        return cleaned

    def _current_version(self) -> int:
        """The stored version; inside the admin's transaction, with the row locked.

        The lock holds until the save commits, so two editors saving at the same
        moment are checked one after the other and the second sees the first.
        """
        articles = Article.objects.filter(pk=self.instance.pk)
        if transaction.get_connection(articles.db).in_atomic_block:
            articles = articles.select_for_update()
        current = articles.values_list("version", flat=True).first()
        return self.instance.version if current is None else current

    def _check_version(self, posted) -> None:
        current = self._current_version()
        if posted is None or posted == current:
            return
        changed, latest = self._changes_since(posted)
        if changed:
            items = format_html_join(
                "",
                "<li><strong>{}</strong>: {}</li>",
                ((label, value) for label, value in changed),
            )
        else:
            items = format_html("<li>{}</li>", _("its authors, tags or status"))
        who = ""
        if latest is not None:
            who = format_html(
                " ({}, {})",
                latest.revision.user or _("unknown"),
                timezone.localtime(latest.revision.date_created).strftime(
                    "%d.%m.%Y %H:%M"
                ),
            )
        self.add_error(
            None,
            forms.ValidationError(
                format_html(
                    "{}{} {} <ul>{}</ul> {}",
                    _("Someone else saved this article while you were editing it"),
                    who,
                    _("Your changes were not saved. Now it reads:"),
                    items,
                    _(
                        "Your text is still in the form below. Compare, then save "
                        "again to replace their version with yours."
                    ),
                ),
                code="conflict",
            ),
        )
        # A second, deliberate save goes through.
        self.data = self.data.copy()
        self.data[self.add_prefix("version")] = str(current)

    def _changes_since(self, posted: int):
        """Return (label, current value) of each field changed since `posted`."""
        versions = Version.objects.get_for_object(self.instance).select_related(
            "revision__user"
        )[:50]
        latest = versions[0] if versions else None
        base = None
        for version in versions:
            try:
                if version.field_dict.get("version") == posted:
                    base = version.field_dict
                    break
            except Exception:  # noqa: BLE001 - an unreadable old version is skipped
                continue
        changed = []
        for name in self._meta.fields:
            if name in CONFLICT_IGNORED or name == "tags":
                continue
            field = Article._meta.get_field(name)
            now = getattr(self.instance, field.attname)
            if base is not None:
                if base.get(field.attname) == now:
                    continue
            elif name not in self.changed_data:
                continue
            changed.append((field.verbose_name, self._display(field, now)))
        return changed, latest

    def _display(self, field, value) -> str:
        if value in (None, ""):
            return "—"
        if field.is_relation:
            return str(getattr(self.instance, field.name))
        if field.choices:
            return str(dict(field.flatchoices).get(value, value))
        if hasattr(value, "tzinfo") and value.tzinfo is not None:
            return timezone.localtime(value).strftime("%d.%m.%Y %H:%M")
        return Truncator(strip_tags(str(value))).chars(300)

    def _check_transition(self, cleaned) -> None:
        action_name = self.data.get("_transition")
        current = self.original_status or Article.Status.DRAFT
        target = cleaned.get("status", current)
        if action_name:
            action = workflow.ACTIONS.get(action_name)
            allowed = workflow.available_actions(self.instance, self.user)
            if action is None or action not in allowed:
                self.add_error(
                    None,
                    forms.ValidationError(
                        _("You cannot do that with this article."),
                        code="action_not_allowed",
                    ),
                )
                return
            target = action.target
            self.requested_action = action
            self._check_dates(action_name, cleaned)
        if target == current:
            return
        note = cleaned.get("transition_note", "")
        probe = Article(
            pk=self.instance.pk,
            status=current,
            body=cleaned.get("body", self.instance.body) or "",
        )
        try:
            workflow.check_transition(probe, target, user=self.user, note=note)
        except forms.ValidationError as error:
            field = "transition_note" if error.code == "note_required" else None
            self.add_error(field, error)
            return
        cleaned["status"] = target
        self.requested_status = target

    def _check_dates(self, action_name: str, cleaned) -> None:
        if "published_at" not in self.fields:
            when = self.instance.published_at
        else:
            when = cleaned.get("published_at")
        now = timezone.now()
        if action_name == "schedule" and (when is None or when <= now):
            self.add_error(
                "published_at" if "published_at" in self.fields else None,
                forms.ValidationError(
                    _("To schedule the article, set a publication date in the future."),
                    code="schedule_needs_future_date",
                ),
            )
        if action_name == "publish" and when is not None and when > now:
            self.add_error(
                "published_at" if "published_at" in self.fields else None,
                forms.ValidationError(
                    _(
                        "This date is in the future: choose “Schedule”, or clear "
                        "the date to publish now."
                    ),
                    code="publish_date_in_future",
                ),
            )


class PreviewLinkForm(forms.Form):
    days = forms.TypedChoiceField(
        label=_("Valid for"),
        coerce=int,
        choices=[
            (1, _("1 day")),
            (3, _("3 days")),
            (7, _("7 days")),
            (14, _("14 days")),
            (30, _("30 days")),
        ],
        initial=7,
    )
    note = forms.CharField(label=_("For"), max_length=200, required=False)
