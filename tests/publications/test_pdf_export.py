import io
import re
import zipfile
from datetime import datetime, timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from publications.models import Article, Category
from publications.pdf.services import compile_pdfs, with_pdf_relations
from tests.factories import make_article, make_author, make_user
from tests.publications.pdf_helpers import outline_titles, pdf_text, read_pdf


@pytest.fixture(autouse=True)
def _render_in_process(settings):
    settings.PDF_RENDER_IN_PROCESS = True


@pytest.fixture
def three_articles(db):
    author = make_author(name="Ayşe Güneş")
    return [
        make_article(
            title=f"Enerji güvenliği {n}: Çin ve Türkiye",
            body="".join(
                f"<p>Paragraph {i} of a long analysis.</p>" for i in range(n * 30)
            ),
            authors=[author],
            tags=["energy"],
            published_at=timezone.now() - timedelta(days=10 - n),
        )
        for n in (1, 2, 3)
    ]


def _page_of(reader, needle: str, *, after: int = 0) -> int:
    for number, page in enumerate(reader.pages, start=1):
        if number > after and needle in " ".join(page.extract_text().split()):
            return number
    raise AssertionError(f"{needle!r} is on no page after {after}")


def test_compilation_has_cover_contents_with_page_numbers_and_bookmarks(
    three_articles,
):
    articles = list(with_pdf_relations(Article.objects.order_by("published_at")))

    reader = read_pdf(compile_pdfs(articles=articles, title="Enerji Dosyası"))

    cover = " ".join(reader.pages[0].extract_text().split())
    assert "Enerji Dosyası" in cover
    assert "3 articles" in cover
    contents = " ".join(reader.pages[1].extract_text().split())
    starts = []
    for article in articles:
        start = _page_of(reader, article.title, after=2)
        starts.append(start)
        # "Title … Author . . . . 7": the entry ends in the page it starts on.
        pattern = re.escape(article.title) + r"[^0-9]*?[ .]" + str(start) + r"\b"
        assert re.search(pattern, contents), (article.title, start, contents)
    assert starts == sorted(set(starts)), "each article starts on its own page"
    assert outline_titles(reader) == ["Contents", *(a.title for a in articles)]
    assert reader.metadata.title == "Enerji Dosyası"
    assert reader.metadata.author == "Ayşe Güneş"


def _changelist_action(client, action, articles):
    return client.post(
        reverse("admin:publications_article_changelist"),
        {"action": action, "_selected_action": [a.pk for a in articles]},
    )


def test_editor_exports_selection_as_one_pdf(editor_client, three_articles):
    response = _changelist_action(
        editor_client, "export_selected_as_pdf", three_articles
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    text = pdf_text(read_pdf(response.content))
    assert all(article.title in text for article in three_articles)


def test_editor_exports_selection_as_zip_including_a_draft(editor_client, db):
    published = make_article(title="Yayında")
    draft = make_article(title="Taslak", status=Article.Status.DRAFT)

    response = _changelist_action(
        editor_client, "export_selected_as_zip", [published, draft]
    )

    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == sorted(
        [f"{published.slug}.pdf", f"{draft.slug}.pdf"]
    )
    assert "Taslak" in pdf_text(read_pdf(archive.read(f"{draft.slug}.pdf")))


@pytest.mark.parametrize("action", ["export_selected_as_pdf", "export_selected_as_zip"])
def test_author_is_refused_the_export_actions(author_client, three_articles, action):
    response = _changelist_action(author_client, action, three_articles)

    assert not response.get("Content-Type", "").startswith(
        ("application/pdf", "application/zip")
    )


def test_author_does_not_see_the_export_actions(author_client, db):
    response = author_client.get(reverse("admin:publications_article_changelist"))

    assert b"export_selected_as_pdf" not in response.content


@pytest.mark.parametrize("action", ["export_selected_as_pdf", "export_selected_as_zip"])
def test_anonymous_visitor_is_refused_the_export_actions(
    client, three_articles, action
):
    response = _changelist_action(client, action, three_articles)

    assert response.status_code == 302
    assert "login" in response["Location"]


def test_staff_without_export_right_is_refused(client, three_articles):
    user = make_user(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(user)

    response = _changelist_action(client, "export_selected_as_pdf", three_articles)

    assert response.get("Content-Type") != "application/pdf"


@pytest.fixture
def bulten_month(db):
    bulten = Category.objects.get(slug="bulten")
    tz = timezone.get_current_timezone()
    inside = [
        make_article(
            title=f"Bülten Eylül {day}",
            category=bulten,
            language="tr",
            published_at=datetime(2020, 9, day, 10, tzinfo=tz),
        )
        for day in (1, 30)
    ]
    make_article(
        title="Bülten Ekim",
        category=bulten,
        published_at=datetime(2020, 10, 1, 0, 5, tzinfo=tz),
    )
    make_article(title="Analiz Eylül", published_at=datetime(2020, 9, 15, tzinfo=tz))
    make_article(
        title="Bülten taslağı",
        category=bulten,
        status=Article.Status.DRAFT,
        published_at=datetime(2020, 9, 16, tzinfo=tz),
    )
    return inside


def test_editor_compiles_a_months_bulten_in_one_step(editor_client, bulten_month):
    response = editor_client.get(
        reverse("admin:publications_article_bulten_pdf"), {"month": "2020-09"}
    )

    assert response["Content-Type"] == "application/pdf"
    assert 'filename="bulten-2020-09.pdf"' in response["Content-Disposition"]
    reader = read_pdf(response.content)
    text = pdf_text(reader)
    assert "Bülten — Eylül 2020" in text
    assert outline_titles(reader) == [
        "İçindekiler",
        "Bülten Eylül 1",
        "Bülten Eylül 30",
    ]
    for absent in ("Bülten Ekim", "Analiz Eylül", "Bülten taslağı"):
        assert absent not in text


def test_bulten_form_explains_an_empty_month(editor_client, bulten_month):
    response = editor_client.get(
        reverse("admin:publications_article_bulten_pdf"), {"month": "2021-02"}
    )

    assert response.status_code == 400
    assert "O ay yayımlanmış Bülten yazısı yok." in response.content.decode()


def test_bulten_form_rejects_a_malformed_month(editor_client, db):
    response = editor_client.get(
        reverse("admin:publications_article_bulten_pdf"), {"month": "September"}
    )

    assert response.status_code == 400
    assert "YYYY-AA biçiminde" in response.content.decode()


def test_author_is_refused_the_bulten_compilation(author_client, bulten_month):
    response = author_client.get(
        reverse("admin:publications_article_bulten_pdf"), {"month": "2020-09"}
    )

    assert response.status_code == 403


def test_anonymous_visitor_is_refused_the_bulten_compilation(client, bulten_month):
    response = client.get(
        reverse("admin:publications_article_bulten_pdf"), {"month": "2020-09"}
    )

    assert response.status_code == 302


# export_pdfs ----------------------------------------------------------------


def test_command_compiles_filtered_articles_into_one_pdf(
    tmp_path, three_articles, capsys
):
    make_article(title="Taslak yazı", status=Article.Status.DRAFT, tags=["energy"])
    make_article(title="Başka konu", tags=["water"])
    target = tmp_path / "energy.pdf"

    call_command(
        "export_pdfs", "--tag", "energy", "--output", str(target), "--title", "Enerji"
    )

    text = pdf_text(read_pdf(target.read_bytes()))
    assert all(article.title in text for article in three_articles)
    assert "Taslak yazı" not in text
    assert "Başka konu" not in text
    assert "3/3" in capsys.readouterr().err


def test_command_writes_single_pdfs_to_a_folder_by_author_and_dates(tmp_path, db):
    author = make_author(slug="vasif-huseynov")
    now = timezone.now()
    recent = make_article(authors=[author], published_at=now - timedelta(days=2))
    make_article(authors=[author], published_at=now - timedelta(days=40))
    make_article(published_at=now - timedelta(days=2))
    since = (now - timedelta(days=7)).date().isoformat()

    call_command(
        "export_pdfs",
        "--author",
        "vasif-huseynov",
        "--since",
        since,
        "--until",
        now.date().isoformat(),
        "--output",
        str(tmp_path / "out"),
    )

    assert [p.name for p in (tmp_path / "out").iterdir()] == [f"{recent.slug}.pdf"]


def test_command_writes_a_zip_for_ids_and_language(tmp_path, db):
    turkish = make_article(language="tr")
    english = make_article(language="en")
    target = tmp_path / "out.zip"

    call_command(
        "export_pdfs",
        "--ids",
        f"{turkish.pk},{english.pk}",
        "--language",
        "tr",
        "--category",
        "analiz",
        "--output",
        str(target),
    )

    assert zipfile.ZipFile(target).namelist() == [f"{turkish.slug}.pdf"]


def test_command_compiles_a_months_bulten(tmp_path, bulten_month):
    target = tmp_path / "bulten.pdf"

    call_command("export_pdfs", "--bulten", "2020-09", "--output", str(target))

    text = pdf_text(read_pdf(target.read_bytes()))
    assert "Bülten Eylül 1" in text and "Bülten Eylül 30" in text
    assert "Bülten Ekim" not in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "yesterday"], "not a date"),
        (["--category", "nope"], "No category"),
        (["--ids", "1,x"], "numbers"),
        (["--tag", "no-such-tag"], "No published article"),
        (["--bulten", "2020-13"], "not a month"),
    ],
)
def test_command_explains_bad_input(tmp_path, three_articles, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("export_pdfs", *args, "--output", str(tmp_path / "x.pdf"))
