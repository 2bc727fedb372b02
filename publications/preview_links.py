"""Signed preview links for readers without an account."""

import secrets
from datetime import timedelta

from django.core import signing
from django.utils import timezone

from .models import Article, PreviewLink

SALT = PreviewLink.TOKEN_SALT
DEFAULT_DAYS = 7
MAX_DAYS = 30


def create_preview_link(
    *, article: Article, user, days: int = DEFAULT_DAYS, note: str = ""
) -> PreviewLink:
    """Create a link to `article` that opens for `days` days unless revoked."""
    days = max(1, min(int(days), MAX_DAYS))
    return PreviewLink.objects.create(
        article=article,
        nonce=secrets.token_urlsafe(24),
        created_by=user,
        expires_at=timezone.now() + timedelta(days=days),
        note=note[:200],
    )


def find_preview_link(token: str) -> PreviewLink | None:
    """Return the link a token names, or None when forged, unknown or unsigned."""
    try:
        pk, nonce = signing.Signer(salt=SALT).unsign_object(token)
    except (signing.BadSignature, ValueError, TypeError):
        try:  # links sent before tokens stopped carrying a timestamp
            pk, nonce = signing.loads(token, salt=SALT)
        except (signing.BadSignature, ValueError, TypeError):
            return None
    return (
        PreviewLink.objects.select_related("article").filter(pk=pk, nonce=nonce).first()
    )
