import threading
import time
from datetime import date, timedelta

import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from publications.models import Article
from publications.pdf import render, services
from publications.pdf.url_fetcher import ForbiddenResource, LocalFilesFetcher
from tests.factories import make_article, make_author, make_image_upload
from tests.publications.pdf_helpers import (
    embedded_fonts,
    get_pdf,
    outline_titles,
    pdf_text,
    read_pdf,
)

TITLE = "Azerbaijan–Turkey Strategic Alliance Deepens Amid Recent Conflicts"
TURKISH = "Şişli'de ığdır çiçeği: İĞÜŞÖÇ ığüşöç"


@pytest.fixture(autouse=True)
def _render_in_process(settings):
    settings.PDF_RENDER_IN_PROCESS = True
    settings.PDF_LOCK_POLL_SECONDS = 0.02


@pytest.fixture
def reference_article(db):
    author = make_author(name="Vasif Huseynov", role="Senior Fellow")
    return make_article(
        title=TITLE,
        slug="azerbaijan-turkey-strategic-alliance",
        summary=f"Ethnic kinship and common threats. {TURKISH}",
        body=(
            "<p>The relationship between Azerbaijan and Turkey has been on a "
            "developing course[[Huseynov, <em>Baku</em>, 2020.]] since "
            "independence.</p>"
            "<h2>“One nation, two states”</h2>"
            f"<p>{TURKISH}</p>"
            "<table><thead><tr><th>Route</th><th>Length</th></tr></thead>"
            "<tbody><tr><td>Baku-Tbilisi-Ceyhan</td><td>1768 km</td></tr>"
            "</tbody></table>"
        ),
        authors=[author],
        tags=["energy", "Güney Kafkasya"],
        source_name="Geopolitical monitor",
        source_url="https://www.geopoliticalmonitor.com/example/",
        source_published_on=date(2020, 9, 22),
        published_at=timezone.now() - timedelta(days=3),
    )


def _count_renders(monkeypatch) -> list[str]:
    calls: list[str] = []
    real = render.write_pdf

    def counting(html):
        calls.append(html)
        return real(html)

    monkeypatch.setattr(render, "write_pdf", counting)
    return calls


def test_article_pdf_carries_title_byline_source_and_turkish_text(
    client, reference_article
):
    response = get_pdf(client, reference_article)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="azerbaijan-turkey-strategic-alliance.pdf"'
    )
    text = pdf_text(read_pdf(response.pdf))
    assert TITLE in text
    assert "Vasif Huseynov" in text
    assert TURKISH in text
    assert "Geopolitical monitor (22 September 2020)" in text
    assert "http://testserver" not in text
    assert reference_article.get_absolute_url() in text
    assert "Center for Strategic Analysis" in text or "Analiz" in text
    assert "1 / 1" in text


def test_pdf_embeds_the_shipped_fonts(client, reference_article):
    reader = read_pdf(get_pdf(client, reference_article).pdf)

    fonts = embedded_fonts(reader)
    assert any("Source-Serif" in name for name in fonts), fonts
    assert any("Source-Sans" in name for name in fonts), fonts
    assert all(fonts.values()), fonts


def test_pdf_metadata_names_title_authors_subject_keywords_language(
    client, reference_article
):
    reader = read_pdf(get_pdf(client, reference_article).pdf)

    meta = reader.metadata
    assert meta.title == TITLE
    assert meta.author == "Vasif Huseynov"
    assert meta.subject.startswith("Ethnic kinship")
    assert set(meta["/Keywords"].split(", ")) == {"energy", "Güney Kafkasya"}
    assert meta.creation_date.date() == reference_article.published_at.date()
    assert meta.modification_date is not None
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_pdf_is_tagged_for_accessibility(client, reference_article):
    reader = read_pdf(get_pdf(client, reference_article).pdf)

    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"])


def test_pdf_bookmarks_follow_the_headings(client, reference_article):
    reader = read_pdf(get_pdf(client, reference_article).pdf)

    assert outline_titles(reader) == [TITLE, "“One nation, two states”"]


def test_footnote_is_printed_once_at_the_foot_of_the_page(client, reference_article):
    reader = read_pdf(get_pdf(client, reference_article).pdf)

    text = pdf_text(reader)
    assert text.count("Huseynov, Baku, 2020.") == 1
    # After the body, before the page number: the foot of the page.
    assert text.index("1768 km") < text.index("Huseynov, Baku, 2020.")
    assert "↩" not in text


def test_pdf_shows_featured_and_body_images(client, db):
    article = make_article(
        featured_image=make_image_upload(),
        featured_image_alt="Pipeline at dusk",
    )
    upload = default_storage.save("articles/inline.jpg", make_image_upload())
    article.body = f'<p>Map:</p><figure><img src="/media/{upload}" alt="Map"></figure>'
    article.save()

    reader = read_pdf(get_pdf(client, article).pdf)

    # Pages share one resource dictionary: count distinct images.
    images = {image.name for page in reader.pages for image in page.images}
    assert len(images) == 2


@pytest.mark.parametrize(
    "fields",
    [
        {"status": Article.Status.DRAFT},
        {"status": Article.Status.REVIEW},
        {"published_at": timezone.now() + timedelta(days=1)},
    ],
    ids=["draft", "review", "scheduled"],
)
def test_unpublished_article_has_no_public_pdf(client, db, fields):
    article = make_article(**fields)

    response = get_pdf(client, article)

    assert response.status_code == 404
    assert not default_storage.exists("pdfs")


def test_pdf_is_rendered_once_and_kept_in_media_storage(
    client, reference_article, monkeypatch
):
    renders = _count_renders(monkeypatch)

    first = get_pdf(client, reference_article)
    second = get_pdf(client, reference_article)

    assert len(renders) == 1
    assert first["ETag"] == second["ETag"]
    assert first.pdf == second.pdf
    _dirs, files = default_storage.listdir(f"pdfs/articles/{reference_article.pk}")
    assert len(files) == 1


def test_conditional_request_gets_not_modified(client, reference_article):
    first = get_pdf(client, reference_article)

    by_etag = get_pdf(client, reference_article, if_none_match=first["ETag"])
    by_date = get_pdf(
        client, reference_article, if_modified_since=first["Last-Modified"]
    )

    assert by_etag.status_code == 304
    assert by_date.status_code == 304


def test_editing_the_article_renders_a_new_version(
    client, reference_article, monkeypatch
):
    renders = _count_renders(monkeypatch)
    first = get_pdf(client, reference_article)

    reference_article.title = "A corrected title"
    reference_article.save()
    second = get_pdf(client, reference_article)

    assert len(renders) == 2
    assert first["ETag"] != second["ETag"]
    assert "A corrected title" in pdf_text(read_pdf(second.pdf))
    _dirs, files = default_storage.listdir(f"pdfs/articles/{reference_article.pk}")
    assert len(files) == 1, "the older version is removed"


def test_editing_an_author_renders_a_new_version(
    client, reference_article, monkeypatch
):
    renders = _count_renders(monkeypatch)
    first = get_pdf(client, reference_article)

    author = reference_article.ordered_authors[0]
    author.name = "Vasıf Hüseynov"
    author.save()
    second = get_pdf(client, reference_article, if_none_match=first["ETag"])

    assert second.status_code == 200
    assert len(renders) == 2
    assert "Vasıf Hüseynov" in pdf_text(read_pdf(second.pdf))


def test_concurrent_first_requests_render_once(reference_article, monkeypatch):
    renders: list[str] = []

    def slow_render(html):
        renders.append(html)
        time.sleep(0.3)
        return b"%PDF-1.7 fake"

    monkeypatch.setattr(services, "render_pdf", slow_render)
    article = services.with_pdf_relations(Article.objects).get(pk=reference_article.pk)
    described = services.describe_article_pdf(article=article)
    results, errors = [], []

    def request():
        try:
            results.append(
                services.get_or_render_article_pdf(article=article, described=described)
            )
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=request) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(renders) == 1
    assert {pdf.name for pdf in results} == {described[0].name}


def test_rendering_runs_in_a_separate_process(client, settings, db):
    settings.PDF_RENDER_IN_PROCESS = False
    article = make_article(
        title=f"Out of process {TURKISH}",
        featured_image=make_image_upload(),
        featured_image_alt="Photo",
    )

    response = get_pdf(client, article)

    reader = read_pdf(response.pdf)
    assert f"Out of process {TURKISH}" in pdf_text(reader)
    assert all(embedded_fonts(reader).values())
    assert len(reader.pages[0].images) == 1, "media read through the child's fetcher"


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/",
        "https://evil.example/static/css/pdf.css",
        "file:///etc/passwd",
        "http://testserver/static/../../../etc/passwd",
        "http://127.0.0.1:8000/static/%2e%2e/%2e%2e/etc/passwd",
        "http://127.0.0.1:8000/admin/",
    ],
)
def test_fetcher_refuses_anything_but_our_files(url):
    with pytest.raises((ForbiddenResource, ValueError)):
        LocalFilesFetcher().fetch(url)


def test_fetcher_serves_our_static_files():
    response = LocalFilesFetcher().fetch("http://127.0.0.1:8000/static/css/pdf.css")

    assert b"@page" in response.read()


def test_fetcher_prefers_the_style_sheet_the_pdf_version_is_computed_from(
    settings, tmp_path
):
    # A copy collected before pdf.css last changed must not lay out new PDFs.
    settings.STATIC_ROOT = tmp_path
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "pdf.css").write_text("/* collected long ago */")

    response = LocalFilesFetcher().fetch("http://127.0.0.1:8000/static/css/pdf.css")

    assert b"@page" in response.read()


def test_body_image_from_another_host_is_not_fetched(client, db, monkeypatch):
    opened = []
    monkeypatch.setattr(
        "urllib.request.OpenerDirector.open",
        lambda self, *args, **kwargs: opened.append(args),
    )
    article = make_article(body='<p><img src="https://tracker.example/p.png"></p>')

    response = get_pdf(client, article)

    assert response.status_code == 200
    assert opened == []


def test_staff_preview_shows_a_draft_to_editors(editor_client, db):
    draft = make_article(status=Article.Status.DRAFT, title="Unfinished draft")

    response = editor_client.get(
        reverse("publications:article-pdf-preview", args=[draft.pk])
    )

    assert response.status_code == 200
    assert "Unfinished draft" in pdf_text(read_pdf(response.content))
    assert not default_storage.exists("pdfs")


def test_preview_is_refused_to_anonymous_visitors(client, db):
    draft = make_article(status=Article.Status.DRAFT)

    response = client.get(reverse("publications:article-pdf-preview", args=[draft.pk]))

    assert response.status_code == 302
    assert "login" in response["Location"]


def test_author_previews_own_draft_but_not_others(author_client, author_user, db):
    own = make_article(
        status=Article.Status.DRAFT, authors=[make_author(user=author_user)]
    )
    other = make_article(status=Article.Status.DRAFT)

    mine = author_client.get(reverse("publications:article-pdf-preview", args=[own.pk]))
    theirs = author_client.get(
        reverse("publications:article-pdf-preview", args=[other.pk])
    )

    assert mine.status_code == 200
    assert theirs.status_code == 403


def test_correction_is_printed_and_renders_a_new_version(client, reference_article):
    from publications import models

    if not hasattr(models, "Correction"):
        pytest.skip("corrections are not installed")
    first = get_pdf(client, reference_article)

    models.Correction.objects.create(
        article=reference_article, note="The pipeline is 1768 km long, not 1800."
    )
    second = get_pdf(client, reference_article, if_none_match=first["ETag"])

    assert second.status_code == 200
    text = pdf_text(read_pdf(second.pdf))
    assert "The pipeline is 1768 km long, not 1800." in text


def test_article_pdf_queries_do_not_grow_with_authors_and_tags(client, db):
    small = make_article(authors=[make_author()], tags=["a"])
    large = make_article(
        authors=[make_author(), make_author(), make_author()],
        tags=["a", "b", "c", "d"],
    )
    counts = []
    for article in (small, large):
        get_pdf(client, article)  # render and store once
        with CaptureQueriesContext(connection) as queries:
            response = get_pdf(client, article)
        assert response.status_code == 200
        counts.append(len(queries))

    # The article, its bylines with authors, tags (and corrections if present).
    assert counts[0] == counts[1] <= 4


def test_turkish_article_pdf_speaks_turkish(client, db):
    article = make_article(
        title="Türkiye–Azerbaycan stratejik ittifakı",
        language="tr",
        authors=[make_author(name="Vasıf Hüseynov")],
        published_at=timezone.make_aware(timezone.datetime(2020, 9, 23, 12)),
        source_name="Geopolitical monitor",
        source_published_on=date(2020, 9, 22),
    )

    reader = read_pdf(get_pdf(client, article).pdf)

    text = pdf_text(reader)
    assert "Yazarlar Vasıf Hüseynov" in text
    assert "Tarih 23.09.2020" in text
    assert "Geopolitical monitor (22 Eylül 2020)" in text
    assert reader.trailer["/Root"]["/Lang"] == "tr"
