"""The one allow-list for article HTML, and footnote rendering.

Every body passes through `sanitize_html` on save and again when rendered, so
whatever an editor widget, an import or a direct database write sends, only
these tags, attributes and URL schemes reach a reader.
"""

import re
from functools import lru_cache

import nh3
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "strong", "em", "u", "s", "sub", "sup",
    "a", "ul", "ol", "li", "blockquote", "figure", "figcaption", "img",
    "table", "thead", "tbody", "tr", "th", "td", "caption", "code", "pre",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height", "title"},
    "ol": {"start", "type"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
}
URL_SCHEMES = {"http", "https", "mailto"}

FOOTNOTE_PATTERN = re.compile(r"\[\[(.+?)\]\]", re.DOTALL)


@lru_cache(maxsize=1)
def _cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=ALLOWED_TAGS,
        # "*": no attribute on every tag (nh3 would otherwise allow title
        # and lang everywhere).
        attributes={"*": set(), **ALLOWED_ATTRIBUTES},
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def sanitize_html(html: str) -> str:
    """Return `html` with everything outside the allow-list removed."""
    cleaned = _cleaner().clean(html or "")
    # An editor always sends at least one empty paragraph; store "" instead.
    if re.fullmatch(r"\s*(<p>\s*(<br>)?\s*</p>\s*)*", cleaned):
        return ""
    return cleaned


def render_footnotes(html: str) -> str:
    """Turn `[[note text]]` markers into numbered notes with a list at the end.

    Each marker becomes a superscript link to its note; the PDF stylesheet
    floats the inline `.footnote` copy to the foot of its page.
    """
    notes: list[str] = []

    def replace(match: re.Match) -> str:
        notes.append(match.group(1).strip())
        n = len(notes)
        return format_html(
            '<sup class="footnote-ref" id="fnref-{n}"><a href="#fn-{n}">{n}</a></sup>'
            '<span class="footnote" aria-hidden="true">{text}</span>',
            n=n,
            # Cleaned by nh3 in _inline(); links and emphasis must survive.
            text=mark_safe(_inline(match.group(1).strip())),
        )

    body = FOOTNOTE_PATTERN.sub(replace, html or "")
    if not notes:
        return body
    items = "".join(
        f'<li id="fn-{n}">{_inline(text)} '
        f'<a href="#fnref-{n}" class="footnote-back" aria-label="↩ {n}">↩</a></li>'
        for n, text in enumerate(notes, start=1)
    )
    return f'{body}<section class="footnotes"><ol>{items}</ol></section>'


def _inline(text: str) -> str:
    # Notes may carry links and emphasis but no block elements.
    return nh3.clean(
        text,
        tags={"a", "em", "strong", "i", "b", "sub", "sup"},
        attributes={"*": set(), "a": {"href"}},
        url_schemes=URL_SCHEMES,
    ) or escape(text)
