"""Stored PDFs follow their article: rendered while public, removed after."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from ..models import Article
from .services import delete_article_pdfs
from .tasks import queue_pdf_render


@receiver(post_save, sender=Article)
def follow_public_life(sender, instance, raw=False, **kwargs):
    """Render a public article's PDF in the worker; a hidden one keeps none."""
    if raw:
        return
    pk = instance.pk
    if instance.is_public:
        queue_pdf_render(pk)
    else:
        transaction.on_commit(lambda: delete_article_pdfs(article_pk=pk), robust=True)


@receiver(post_delete, sender=Article)
def forget_pdfs_of_deleted_article(sender, instance, **kwargs):
    pk = instance.pk
    transaction.on_commit(lambda: delete_article_pdfs(article_pk=pk), robust=True)
