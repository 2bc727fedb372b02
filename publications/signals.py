"""Purge cached pages when what public pages show changes.

Only wiring: which keys a change touches is decided by the models
(`Article.keys_touched_by_change`), the purge itself by
`publications.pagecache`.
"""

from django.db.models.signals import (
    m2m_changed,
    post_delete,
    post_save,
    pre_delete,
    pre_save,
)
from django.dispatch import receiver
from taggit.models import Tag

from . import cache_keys, pagecache
from .models import Article, ArticleAuthor, Author, Category, Correction, TaggedArticle


@receiver(pre_save, sender=Article)
def remember_placement(sender, instance, raw=False, **kwargs):
    instance._placement_before = (
        Article.objects.filter(pk=instance.pk).values(*Article.PLACEMENT_FIELDS).first()
        if instance.pk is not None
        else None
    )


@receiver(post_save, sender=Article)
def article_saved(sender, instance, raw=False, **kwargs):
    before = getattr(instance, "_placement_before", None)
    pagecache.purge(instance.keys_touched_by_change(before))
    if instance.is_scheduled:
        pagecache.core.note_scheduled(instance.published_at)


@receiver(pre_delete, sender=Article)
def article_deleted(sender, instance, **kwargs):
    if instance.is_public or instance.is_scheduled:
        pagecache.purge(instance.keys_touched_by_change(None))


@receiver(m2m_changed, sender=ArticleAuthor)
def bylines_added(sender, instance, action, reverse, pk_set, **kwargs):
    # Article.authors.add() creates its rows in bulk, without post_save;
    # removals delete row by row and reach byline_changed.
    if action != "post_add":
        return
    for pk in pk_set or ():
        article_pk, author_pk = (pk, instance.pk) if reverse else (instance.pk, pk)
        _relation_changed(article_pk, cache_keys.author_list(author_pk))


@receiver(pre_save, sender=ArticleAuthor)
def remember_byline(sender, instance, raw=False, **kwargs):
    instance._author_before = (
        ArticleAuthor.objects.filter(pk=instance.pk)
        .values_list("author", flat=True)
        .first()
        if instance.pk is not None
        else None
    )


@receiver(post_save, sender=ArticleAuthor)
@receiver(pre_delete, sender=ArticleAuthor)
def byline_changed(sender, instance, raw=False, **kwargs):
    before = getattr(instance, "_author_before", None)
    if before is not None and before != instance.author_id:
        _relation_changed(instance.article_id, cache_keys.author_list(before))
    _relation_changed(instance.article_id, cache_keys.author_list(instance.author_id))


@receiver(post_save, sender=TaggedArticle)
@receiver(pre_delete, sender=TaggedArticle)
def tagging_changed(sender, instance, raw=False, **kwargs):
    _relation_changed(instance.content_object_id, cache_keys.tag_list(instance.tag_id))


def _relation_changed(article_pk: int, listed: str) -> None:
    article = Article.objects.filter(pk=article_pk).first()
    if article is not None and (article.is_public or article.is_scheduled):
        pagecache.purge({cache_keys.article(article_pk), listed, cache_keys.SITE})


@receiver(post_save, sender=Correction)
@receiver(post_delete, sender=Correction)
def correction_changed(sender, instance, raw=False, **kwargs):
    pagecache.purge({cache_keys.article(instance.article_id)})


@receiver(post_save, sender=Author)
@receiver(post_delete, sender=Author)
def author_changed(sender, instance, raw=False, **kwargs):
    pagecache.purge({cache_keys.author(instance.pk), cache_keys.SITE})


@receiver(post_save, sender=Tag)
@receiver(post_delete, sender=Tag)
def tag_changed(sender, instance, raw=False, **kwargs):
    pagecache.purge({cache_keys.tag(instance.pk), cache_keys.SITE})


@receiver(post_save, sender=Category)
@receiver(post_delete, sender=Category)
def category_changed(sender, instance, raw=False, **kwargs):
    pagecache.purge({cache_keys.NAV, cache_keys.SITE})
