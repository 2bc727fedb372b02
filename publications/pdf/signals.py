"""Stored PDFs leave storage with their article's public life."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from ..models import Article
from .services import delete_article_pdfs


@receiver(post_save, sender=Article)
def forget_pdfs_of_hidden_article(sender, instance, raw=False, **kwargs):
    """A withdrawn, unpublished or rescheduled article keeps no public PDF."""
    if raw or instance.is_public:
        return
    pk = instance.pk
    transaction.on_commit(lambda: delete_article_pdfs(article_pk=pk), robust=True)


@receiver(post_delete, sender=Article)
def forget_pdfs_of_deleted_article(sender, instance, **kwargs):
    pk = instance.pk
    transaction.on_commit(lambda: delete_article_pdfs(article_pk=pk), robust=True)
