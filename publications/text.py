"""Text helpers for Turkish and English titles and bodies."""

import math
import re

from django.utils.html import strip_tags
from django.utils.text import slugify

# Turkish letters that Unicode decomposition would drop or mangle ("ı" has no
# ASCII base letter, and "İ".lower() yields "i" plus a combining dot).
TURKISH_TO_ASCII = str.maketrans(
    {
        "ç": "c",
        "Ç": "c",
        "ğ": "g",
        "Ğ": "g",
        "ı": "i",
        "I": "i",
        "İ": "i",
        "ö": "o",
        "Ö": "o",
        "ş": "s",
        "Ş": "s",
        "ü": "u",
        "Ü": "u",
        "â": "a",
        "Â": "a",
        "î": "i",
        "Î": "i",
        "û": "u",
        "Û": "u",
    }
)

WORDS_PER_MINUTE = 220


def slugify_tr(value: str, *, max_length: int = 200) -> str:
    """Return an ASCII slug that keeps Turkish words readable."""
    value = (value or "").translate(TURKISH_TO_ASCII)
    # Dashes of every kind (en dash in "Türkiye–Azerbaycan") separate words.
    value = re.sub(r"[^\w]+", " ", value)
    slug = slugify(value)
    return slug[:max_length].strip("-")


def word_count(html: str) -> int:
    return len(strip_tags(html or "").split())


def reading_minutes(words: int) -> int:
    return max(1, math.ceil(words / WORDS_PER_MINUTE))
