"""Editorial workflow: who may move an article from which status to which.

Authors write drafts and submit them for review; editors publish, schedule,
return an article to its author with a note, and withdraw it. Every change of
status goes through `apply_transition` here, which records the change in
`ArticleTransition`.
"""

from dataclasses import dataclass

import reversion
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ..models import Article, ArticleRedirect, ArticleTransition

Status = Article.Status
PUBLISH_PERMISSION = "publications.publish_article"

# Statuses in which an author may still change their own article.
WRITABLE_BY_AUTHOR = frozenset({Status.DRAFT, Status.RETURNED})


@dataclass(frozen=True)
class Rule:
    source: str
    target: str
    editors_only: bool
    note_required: bool = False


RULES = {
    (rule.source, rule.target): rule
    for rule in [
        Rule(Status.DRAFT, Status.REVIEW, editors_only=False),
        Rule(Status.RETURNED, Status.REVIEW, editors_only=False),
        Rule(Status.RETURNED, Status.DRAFT, editors_only=False),
        Rule(Status.DRAFT, Status.PUBLISHED, editors_only=True),
        Rule(Status.RETURNED, Status.PUBLISHED, editors_only=True),
        Rule(Status.REVIEW, Status.PUBLISHED, editors_only=True),
        Rule(Status.REVIEW, Status.RETURNED, editors_only=True, note_required=True),
        Rule(Status.REVIEW, Status.DRAFT, editors_only=True),
        Rule(Status.PUBLISHED, Status.WITHDRAWN, editors_only=True),
        Rule(Status.WITHDRAWN, Status.PUBLISHED, editors_only=True),
        Rule(Status.WITHDRAWN, Status.DRAFT, editors_only=True),
    ]
}


@dataclass(frozen=True)
class Action:
    """A button on the article form that saves and changes the status."""

    name: str
    target: str
    label: Promise
    css_class: str = ""


ACTIONS = {
    action.name: action
    for action in [
        Action("submit", Status.REVIEW, _("Submit for review"), "default"),
        Action("publish", Status.PUBLISHED, _("Publish"), "default"),
        Action("schedule", Status.PUBLISHED, _("Schedule")),
        Action("return", Status.RETURNED, _("Return to author")),
        Action("withdraw", Status.WITHDRAWN, _("Withdraw"), "deletelink"),
        Action("reopen", Status.DRAFT, _("Back to draft")),
    ]
}


def is_editor(user) -> bool:
    return bool(user and user.is_active and user.has_perm(PUBLISH_PERMISSION))


def owns(user, article: Article) -> bool:
    if article.pk is None:
        return True
    return Article.objects.owned_by(user).filter(pk=article.pk).exists()


def can_edit(user, article: Article) -> bool:
    """Editors edit everything; authors their own drafts and returned articles."""
    if is_editor(user):
        return True
    return article.status in WRITABLE_BY_AUTHOR and owns(user, article)


def can_delete(article: Article) -> bool:
    """A published article is withdrawn, never deleted."""
    return article.status != Status.PUBLISHED


def allowed_targets(article: Article, user) -> list[str]:
    """Statuses `user` may move `article` to, the current one first."""
    current = article.status if article.pk else Status.DRAFT
    editor = is_editor(user)
    targets = [
        target
        for (source, target), rule in RULES.items()
        if source == current and (editor or not rule.editors_only)
    ]
    if article.pk is None and editor:
        targets.append(Status.PUBLISHED)
    return [current, *targets]


def available_actions(article: Article, user) -> list[Action]:
    """Buttons to offer on the article form for `user`."""
    if article.pk is None:
        targets = set(allowed_targets(article, user)) - {Status.DRAFT}
    else:
        targets = set(allowed_targets(article, user)[1:])
    return [action for action in ACTIONS.values() if action.target in targets]


def check_transition(article: Article, target: str, *, user, note: str = "") -> None:
    """Raise ValidationError with a clear message unless the change is allowed."""
    labels = dict(Status.choices)
    if target not in labels:
        raise ValidationError(_("Unknown status."), code="unknown_status")
    source = article.status
    if source == target:
        raise ValidationError(
            _("The article is already “%(status)s”."),
            code="same_status",
            params={"status": labels[target]},
        )
    rule = RULES.get((source, target))
    if rule is None:
        raise ValidationError(
            _("An article that is “%(source)s” cannot become “%(target)s”."),
            code="illegal_transition",
            params={"source": labels[source], "target": labels[target]},
        )
    if rule.editors_only and not is_editor(user):
        raise ValidationError(
            _("Only editors can make an article “%(target)s”."),
            code="editors_only",
            params={"target": labels[target]},
        )
    if not is_editor(user) and not owns(user, article):
        raise ValidationError(
            _("You can change the status only of your own articles."),
            code="not_owner",
        )
    if rule.note_required and not note.strip():
        raise ValidationError(
            _("Write a note telling the author what to change."),
            code="note_required",
        )
    if target == Status.PUBLISHED and not article.body.strip():
        raise ValidationError(
            _("Write the article's text before publishing it."), code="empty_body"
        )


def apply_transition(
    article: Article, target: str, *, user, note: str = "", published_at=None
) -> ArticleTransition:
    """Check, save and log one status change; nothing else on the row changes."""
    with transaction.atomic():
        stored = (
            Article.objects.select_for_update()
            .filter(pk=article.pk)
            .values_list("status", flat=True)
            .first()
        )
        if stored is not None and stored != article.status:
            raise ValidationError(
                _("Someone changed this article's status meanwhile; reload it."),
                code="stale_status",
            )
        check_transition(article, target, user=user, note=note)
        source = article.status
        article.status = target
        if target == Status.PUBLISHED:
            if published_at is not None:
                article.published_at = published_at
            elif article.published_at is None:
                article.published_at = timezone.now()
        fields = ["status", "published_at", "updated_at"]
        if reversion.is_active():
            article.save(update_fields=fields)
        else:
            with reversion.create_revision():
                reversion.set_user(user)
                reversion.set_comment(
                    f"{dict(Status.choices)[source]} → {dict(Status.choices)[target]}"
                )
                article.save(update_fields=fields)
        scheduled = (
            article.published_at
            if target == Status.PUBLISHED and article.published_at > timezone.now()
            else None
        )
        return ArticleTransition.objects.create(
            article=article,
            from_status=source,
            to_status=target,
            user=user,
            note=note.strip(),
            scheduled_for=scheduled,
        )


def remember_old_address(*, article: Article, old_paths: list[str]) -> None:
    """Keep the article's former addresses redirecting to its current one."""
    current = {article.get_absolute_url()}
    ArticleRedirect.objects.filter(old_path__in=current).delete()
    for path in old_paths:
        if path not in current:
            ArticleRedirect.objects.update_or_create(
                old_path=path, defaults={"article": article}
            )
