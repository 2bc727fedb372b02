"""Addresses of public pages, reversed once per process and then remembered.

A page shows the same article, category and author addresses many times over
(navigation, cards, share links, metadata), and `reverse()` walks the URL
patterns every time. An address depends only on the route, its arguments, the
language, the URL configuration and the script prefix, so it is kept under
exactly those.
"""

from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import translation

# Enough for every address of a large archive's busy pages; a few MB at most.
MAX_ADDRESSES = 20_000


def address(viewname: str, *, language: str | None = None, **kwargs) -> str:
    """Return `reverse(viewname, kwargs=kwargs)` in `language` (default: active)."""
    if language is None:
        language = translation.get_language()
    return _address(
        get_urlconf(), get_script_prefix(), language, viewname, tuple(kwargs.items())
    )


@lru_cache(maxsize=MAX_ADDRESSES)
def _address(urlconf, prefix: str, language, viewname: str, kwargs: tuple) -> str:
    with translation.override(language):
        return reverse(viewname, urlconf=urlconf, kwargs=dict(kwargs))


@receiver(setting_changed)
def _forget_addresses(*, setting, **kwargs) -> None:
    if setting in {"ROOT_URLCONF", "LANGUAGES", "LANGUAGE_CODE"}:
        _address.cache_clear()
