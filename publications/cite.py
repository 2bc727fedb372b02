"""Citations of an article: a formatted line, BibTeX and RIS."""

import re

from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import format_html

from .text import slugify_tr

# Characters BibTeX treats as syntax; a backslash first, so later escapes stay.
BIBTEX_ESCAPES = [
    ("\\", r"\textbackslash{}"),
    ("{", r"\{"),
    ("}", r"\}"),
    ("&", r"\&"),
    ("%", r"\%"),
    ("$", r"\$"),
    ("#", r"\#"),
    ("_", r"\_"),
    ("~", r"\textasciitilde{}"),
    ("^", r"\textasciicircum{}"),
]


def _one_line(value: str) -> str:
    return re.sub(r"\s+", " ", value or "").strip()


def _local_date(article):
    return timezone.localtime(article.published_at).date()


def _absolute_url(article) -> str:
    return settings.SITE_URL + article.get_absolute_url()


def _author_names(article) -> list[str]:
    return [_one_line(author.name) for author in article.ordered_authors]


def _family_first(name: str) -> str:
    """Return "Huseynov, Vasif" for "Vasif Huseynov"; one-word names stay."""
    parts = name.rsplit(" ", 1)
    return f"{parts[1]}, {parts[0]}" if len(parts) == 2 else name


def citation_html(article) -> str:
    """Return a Chicago-style citation in the article's language, as safe HTML."""
    names = _author_names(article)
    if len(names) > 1:
        authors = ", ".join(names[:-1]) + " & " + names[-1]
    else:
        authors = names[0] if names else settings.SITE_NAME
    with translation.override(article.language):
        published = date_format(_local_date(article), "j F Y")
    return format_html(
        "{}. “{}.” <cite>{}</cite>, {}. {}",
        authors,
        _one_line(article.title).rstrip("."),
        settings.SITE_NAME,
        published,
        _absolute_url(article),
    )


def citation_key(article) -> str:
    names = _author_names(article)
    family = slugify_tr(names[0].rsplit(" ", 1)[-1]) if names else "article"
    first_word = (slugify_tr(article.title).split("-") or ["untitled"])[0]
    return f"{family}{_local_date(article).year}{first_word}".replace("-", "")


def _bibtex_value(value: str) -> str:
    value = _one_line(value)
    for char, escaped in BIBTEX_ESCAPES:
        value = value.replace(char, escaped)
    return "{" + value + "}"


def bibtex(article) -> str:
    """Return a BibTeX @online entry (biblatex's type for web articles)."""
    published = _local_date(article)
    fields = [
        ("title", article.title),
        ("author", " and ".join(_family_first(n) for n in _author_names(article))),
        ("organization", settings.SITE_NAME),
        ("date", published.isoformat()),
        ("year", str(published.year)),
        ("month", str(published.month)),
        ("url", _absolute_url(article)),
        ("langid", "turkish" if article.language == "tr" else "english"),
        ("abstract", article.summary),
    ]
    lines = [f"@online{{{citation_key(article)},"]
    for name, value in fields:
        if value:
            # A URL keeps its characters: biblatex reads it verbatim.
            rendered = "{" + value + "}" if name == "url" else _bibtex_value(value)
            lines.append(f"  {name} = {rendered},")
    lines.append("}")
    return "\n".join(lines) + "\n"


def ris(article) -> str:
    """Return an RIS record of type ELEC (web page), CRLF line ends as specified."""
    published = _local_date(article)
    lines = [("TY", "ELEC"), ("TI", article.title)]
    lines += [("AU", _family_first(name)) for name in _author_names(article)]
    lines += [
        ("PY", str(published.year)),
        ("DA", published.strftime("%Y/%m/%d")),
        ("PB", settings.SITE_NAME),
        ("LA", article.language),
        ("UR", _absolute_url(article)),
        ("AB", article.summary),
    ]
    lines += [("KW", tag.name) for tag in article.tags.all()]
    lines.append(("ER", ""))
    return "".join(
        f"{tag}  - {_one_line(value)}\r\n"
        for tag, value in lines
        if value or tag == "ER"
    )
