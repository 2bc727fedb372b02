"""Purge the cached article page when the comments it shows change."""

from django.db.models.signals import post_save, pre_delete, pre_save
from django.dispatch import receiver

from publications import pagecache

from .models import Comment


@receiver(pre_save, sender=Comment)
def remember_status(sender, instance, raw=False, **kwargs):
    instance._status_before = (
        Comment.objects.filter(pk=instance.pk).values_list("status", flat=True).first()
        if instance.pk is not None
        else None
    )


@receiver(post_save, sender=Comment)
def comment_saved(sender, instance, raw=False, **kwargs):
    # A pending comment changes no page; one approved, or no longer, does.
    before = getattr(instance, "_status_before", None)
    if Comment.is_shown(before) or Comment.is_shown(instance.status):
        pagecache.purge(Comment.page_keys([instance.article_id]))


@receiver(pre_delete, sender=Comment)
def comment_deleted(sender, instance, **kwargs):
    if Comment.is_shown(instance.status):
        pagecache.purge(Comment.page_keys([instance.article_id]))
