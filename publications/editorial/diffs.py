"""Readable differences between a stored revision of an article and the article."""

import difflib
import re

from django.utils.html import format_html, format_html_join, strip_tags
from django.utils.safestring import SafeString

_TOKENS = re.compile(r"\s+|[^\s]+")


def _text(field, value, article) -> str:
    if value is None or value == "":
        return ""
    if field.is_relation:
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else f"#{value}"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "✓" if value else "✗"
    text = str(value)
    if "<" in text:
        # Paragraph breaks survive as blank lines so the diff stays readable.
        text = re.sub(r"</(p|h[1-6]|li|blockquote|figcaption)>", "\n\n", text)
        text = strip_tags(text)
    return text.strip()


def diff_words(old: str, new: str) -> SafeString:
    """Return `new` as HTML with removed words in <del> and added ones in <ins>."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    parts = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(("span", "".join(a[a1:a2])))
            continue
        if op in {"delete", "replace"}:
            parts.append(("del", "".join(a[a1:a2])))
        if op in {"insert", "replace"}:
            parts.append(("ins", "".join(b[b1:b2])))
    return format_html_join(
        "",
        "{}",
        (
            (format_html("<{}>{}</{}>", tag, text, tag) if tag != "span" else text,)
            for tag, text in parts
        ),
    )


def diff_fields(article, old: dict, names: list[str]) -> list[dict]:
    """Each field of `names` that differs between `old` (a revision) and `article`."""
    changes = []
    for name in names:
        field = article._meta.get_field(name)
        if field.attname not in old:
            continue
        before = _text(field, old[field.attname], article)
        after = _text(field, getattr(article, field.attname), article)
        if before != after:
            changes.append(
                {
                    "label": field.verbose_name,
                    "diff": diff_words(before, after),
                    "before": before,
                    "after": after,
                }
            )
    return changes
