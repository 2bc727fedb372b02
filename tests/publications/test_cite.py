from datetime import UTC, datetime

import pytest

from publications import cite
from tests.factories import make_article, make_author


@pytest.fixture
def article(settings, site_url):
    settings.SITE_NAME = "Center for Strategic Analysis"
    return make_article(
        title="Azerbaijan–Turkey Strategic Alliance {Deepens} & 100% Holds",
        slug="alliance",
        summary="Common interests.",
        # 22:30 UTC on 22 September is 23 September in Istanbul.
        published_at=datetime(2020, 9, 22, 22, 30, tzinfo=UTC),
        authors=[make_author(name="Vasif Huseynov"), make_author(name="Ayşe Kaya")],
        tags=["security"],
    )


@pytest.mark.django_db
def test_citation_names_authors_title_site_date_and_address(article):
    text = cite.citation_html(article)

    assert text.startswith("Vasif Huseynov &amp; Ayşe Kaya. “Azerbaijan–Turkey")
    assert "<cite>Center for Strategic Analysis</cite>, 23 September 2020." in text
    assert text.endswith("https://think.example/en/analiz/alliance/")


@pytest.mark.django_db
def test_citation_escapes_html_in_titles():
    piece = make_article(title="<b>Bold</b> claims")

    assert "<b>" not in cite.citation_html(piece)


@pytest.mark.django_db
def test_bibtex_escapes_special_characters_and_lists_authors(article):
    entry = cite.bibtex(article)

    assert entry.startswith("@online{huseynov2020azerbaijan,\n")
    assert r"title = {Azerbaijan–Turkey Strategic Alliance \{Deepens\} \& 100\%" in (
        entry
    )
    assert "author = {Huseynov, Vasif and Kaya, Ayşe}," in entry
    assert "date = {2020-09-23}," in entry
    assert "url = {https://think.example/en/analiz/alliance/}," in entry
    assert entry.count("{") == entry.count("}") + entry.count(r"\{") - entry.count(
        r"\}"
    )


@pytest.mark.django_db
def test_ris_record_has_required_tags_and_crlf_line_ends(article):
    record = cite.ris(article)
    lines = record.split("\r\n")

    assert lines[0] == "TY  - ELEC"
    assert "AU  - Huseynov, Vasif" in lines and "AU  - Kaya, Ayşe" in lines
    assert "DA  - 2020/09/23" in lines
    assert "UR  - https://think.example/en/analiz/alliance/" in lines
    assert "KW  - security" in lines
    assert lines[-2:] == ["ER  - ", ""]


@pytest.mark.django_db
def test_line_breaks_in_fields_cannot_forge_ris_tags():
    piece = make_article(title="Title\r\nER  - \r\nTY  - JOUR", summary="")

    record = cite.ris(piece)

    assert record.count("TY  - ") == 1
    assert record.count("ER  - ") == 1
