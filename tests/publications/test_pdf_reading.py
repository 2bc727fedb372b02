"""The single-article PDF read back as a reader would: pages, addresses, labels."""

import re
from datetime import date

import pytest
from django.utils import translation

from publications.pdf import render
from publications.templatetags.pdf_tags import url_breaks
from tests.factories import make_article, make_author
from tests.publications.pdf_helpers import get_pdf, pdf_text, read_pdf

PARAGRAPH = (
    "The relationship between Azerbaijan and Turkey has been on a developing "
    "course since independence, characterised by intergovernmental cooperation, "
    "interdependence in energy infrastructure and an increasingly institutionalised "
    "security partnership that extends to military education, procurement and "
    "joint exercises in the South Caucasus and the wider Black Sea region. "
)
SOURCE_URL = (
    "https://www.geopoliticalmonitor.com/analysis/2020/09/"
    "azerbaijan-turkey-strategic-alliance-deepens-amid-conflicts/"
    "?utm_source=newsletter&utm_medium=email-digest"
)
EN_LABELS = ("Authors", "Date", "Category", "Source", "Online", "Tags:")
TR_LABELS = ("Yazarlar", "Tarih", "Kategori", "Kaynak", "Çevrimiçi", "Etiketler:")
# WeasyPrint's inserted hyphen (U+2010) or a hyphen-minus ending a line.
HYPHENATED_LINE_END = re.compile(r"\w[\u2010-]$")


@pytest.fixture(autouse=True)
def _render_in_process(settings):
    settings.PDF_RENDER_IN_PROCESS = True


def _article(**overrides):
    fields = {
        "authors": [make_author(name="Vasif Huseynov", role="Senior Fellow")],
        "tags": ["energy", "security"],
        "source_name": "Geopolitical monitor",
        "source_url": SOURCE_URL,
        "source_published_on": date(2020, 9, 22),
    } | overrides
    return make_article(**fields)


def _pdf(article):
    return read_pdf(render.write_pdf(render.build_article_html(article=article)))


def _page_text(page) -> str:
    return " ".join((page.extract_text() or "").split())


def test_short_article_is_one_page_with_its_tags(client, db):
    article = _article(body=f"<p>{PARAGRAPH}</p>")

    reader = read_pdf(get_pdf(client, article).pdf)

    assert len(reader.pages) == 1
    assert "Tags: energy, security" in _page_text(reader.pages[0])
    assert "1 / 1" in _page_text(reader.pages[0])


def test_tags_never_stand_alone_on_the_last_page(db):
    """At the shortest body that needs a second page, the tags keep company.

    Without their rule, that body fills the first page and the tags line,
    which no longer fits under it, makes the second page on its own.
    """
    words = (PARAGRAPH * 40).split()

    def body(count: int) -> str:
        chunks = [words[i : i + 90] for i in range(0, count, 90)]
        chunks[-1] = chunks[-1][: count - 90 * (len(chunks) - 1)]
        return "".join(f"<p>{' '.join(chunk)}.</p>" for chunk in chunks)

    low, high = 20, len(words)  # one page, more than one page
    assert len(_pdf(_article(body=body(high))).pages) > 1
    while high - low > 1:
        middle = (low + high) // 2
        if len(_pdf(_article(body=body(middle))).pages) > 1:
            high = middle
        else:
            low = middle
    reader = _pdf(_article(body=body(high)))

    assert len(reader.pages) == 2
    last = _page_text(reader.pages[-1])
    assert "Tags: energy, security" in last
    before_tags = last.split("Tags:")[0]
    # The body's last words (each paragraph ends with a full stop) come first.
    assert re.fullmatch(r"(\S+ )*\S+\. ", before_tags), last


def test_source_and_article_addresses_break_only_after_url_punctuation(client, db):
    article = _article(body=f"<p>{PARAGRAPH}</p>")

    text = pdf_text(read_pdf(get_pdf(client, article).pdf))

    joined = "".join(text.split())
    assert SOURCE_URL in joined, "no hyphen inserted into the source address"
    assert article.get_absolute_url() in joined
    assert "\u2010" not in text.split("Online")[0].split("Source")[1]
    # The source address is longer than a line: it breaks, and only after
    # a slash or query punctuation.
    assert SOURCE_URL not in text
    pattern = r"\s?".join(re.escape(char) for char in SOURCE_URL)
    shown = re.search(pattern, text).group()
    for match in re.finditer(r"\s", shown):
        assert shown[match.start() - 1] in "/?&#=", shown


def test_url_breaks_filter_escapes_and_marks_break_points():
    html = url_breaks("https://example.org/a-b/c?x=1&y=<2>")

    assert "<script" not in html and "&lt;2&gt;" in html
    assert html.count("<wbr>") == 7
    assert (
        re.sub(r"<[^>]+>", "", html) == "https://example.org/a-b/c?x=1&amp;y=&lt;2&gt;"
    )


def test_body_is_hyphenated_sparingly(db):
    paragraphs = 8
    article = _article(body=f"<p>{PARAGRAPH * 2}</p>" * paragraphs)

    reader = _pdf(article)

    lines = [
        line.strip()
        for page in reader.pages
        for line in (page.extract_text() or "").splitlines()
    ]
    hyphenated = [line for line in lines if HYPHENATED_LINE_END.search(line)]
    assert len(hyphenated) <= paragraphs // 2, hyphenated


@pytest.mark.parametrize(
    ("language", "labels", "foreign"),
    [("en", EN_LABELS, TR_LABELS), ("tr", TR_LABELS, EN_LABELS)],
)
@pytest.mark.parametrize("active", ["tr", "en"])
def test_labels_are_in_the_article_language(db, language, labels, foreign, active):
    article = _article(language=language, body=f"<p>{PARAGRAPH}</p>")

    with translation.override(active):
        html = render.build_article_html(article=article)
        text = pdf_text(read_pdf(render.write_pdf(html)))

    assert f'<html lang="{language}">' in html
    for label in labels:
        assert label in text
    for label in foreign:
        assert label not in text, label
    # The category's name is data and stays as entered.
    assert f"{labels[2]} {article.category.name}" in text


@pytest.mark.parametrize(
    ("language", "label", "accessed"),
    [
        ("en", "Suggested citation:", "(accessed "),
        ("tr", "Önerilen atıf:", "(erişim: "),
    ],
)
def test_every_pdf_ends_with_a_suggested_citation_in_its_language(
    client, db, settings, language, label, accessed
):
    settings.SITE_URL = "https://think.example"
    article = _article(
        body=f"<p>{PARAGRAPH}</p>",
        language=language,
        title="Strategic alliance deepens",
    )

    text = " ".join(pdf_text(read_pdf(get_pdf(client, article).pdf)).split())

    citation = text.split(label, 1)[1]
    assert citation.startswith(" Vasif Huseynov. “Strategic alliance deepens.”")
    assert settings.SITE_NAME in citation
    assert "think.example" in citation.replace(" ", "")
    assert accessed in citation
