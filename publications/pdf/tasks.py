"""Article PDFs rendered by the task worker as soon as an article is public.

An article saved while public has its PDF rendered and stored after the
transaction commits, so its first reader is served a stored file rather
than waiting for a render. Rendering is idempotent: a version already in
storage is not rendered again, and an article no longer public is skipped.
"""

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .services import PdfBusy, render_public_article_pdf

logger = logging.getLogger(__name__)
# Another process rendering the same version: look again after this long.
BUSY_RETRY_SECONDS = 30
MAX_ATTEMPTS = 5


def queue_pdf_render(article_pk: int) -> None:
    """Have the worker render the article's PDF once the transaction commits."""

    def enqueue():
        try:
            render_article_pdf.enqueue(article_pk=article_pk)
        except Exception:
            # The first reader of the PDF then renders it.
            logger.exception("Could not queue the PDF of article %s", article_pk)

    transaction.on_commit(enqueue, robust=True)


@task()
def render_article_pdf(article_pk: int, attempt: int = 1) -> bool:
    """Render and store a public article's current PDF; False when not public."""
    try:
        return render_public_article_pdf(article_pk=article_pk) is not None
    except PdfBusy:
        if attempt >= MAX_ATTEMPTS:
            raise
        later = timezone.now() + timedelta(seconds=BUSY_RETRY_SECONDS)
        render_article_pdf.using(run_after=later).enqueue(
            article_pk=article_pk, attempt=attempt + 1
        )
        return False
