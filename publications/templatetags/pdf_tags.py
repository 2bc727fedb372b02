"""Template filters of the PDF templates."""

import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()

# A line may end after these; the next part starts the next line. Never a
# hyphen: one at a line end reads as if it were not part of the address.
_URL_BREAK_AFTER = re.compile(r"(?<=[/?&#=])(?=[^/])")
# A part longer than this may still break where the line breaker likes,
# without an inserted hyphen; a shorter one stays on one line.
_UNBROKEN_PART = 80


@register.filter
def url_breaks(url) -> str:
    """Return `url` escaped, breakable at slashes and query punctuation only.

    Each part between break points is kept whole (`.url-part` is `nowrap`
    in the PDF stylesheet) and a `<wbr>` follows each break point, so a
    copied address has no hyphen and no line break in the middle of a word.
    """
    parts = _URL_BREAK_AFTER.split(str(url or ""))
    return mark_safe(
        "<wbr>".join(
            f'<span class="url-part">{escape(part)}</span>'
            if len(part) <= _UNBROKEN_PART
            else escape(part)
            for part in parts
            if part
        )
    )
