"""Which requests for an article's PDF render it, and which serve the stored file."""

import os

import pytest
from django.core.files.storage import default_storage
from taggit.models import Tag

from publications.editorial.workflow import apply_transition
from publications.models import Article, Category, Correction
from publications.pdf import services
from tests.factories import make_article, make_author, make_comment
from tests.publications.pdf_helpers import get_pdf, pdf_text, read_pdf


@pytest.fixture
def render_in_process(settings):
    settings.PDF_RENDER_IN_PROCESS = True


@pytest.fixture
def article(db):
    return make_article(
        title="Caspian pipelines after the ceasefire",
        authors=[make_author(name="Leyla Aliyeva"), make_author(name="Murat Demir")],
        tags=["energy", "transit"],
    )


def _children_cpu_seconds() -> float:
    """CPU time of this process's finished children: it grows when a renderer ran."""
    times = os.times()
    return times.children_user + times.children_system


def test_second_request_serves_the_stored_file_without_building_html(
    client, article, settings, django_assert_max_num_queries
):
    settings.PAGE_CACHE = False
    settings.PDF_RENDER_IN_PROCESS = False
    before = _children_cpu_seconds()
    first = get_pdf(client, article)
    rendered = _children_cpu_seconds()
    assert rendered > before, "the first request renders in a child process"

    # The article row with its category, then its bylines, tags and
    # corrections in one query: building the HTML would need more.
    with django_assert_max_num_queries(2):
        second = get_pdf(client, article)

    assert _children_cpu_seconds() == rendered, "no renderer was started"
    assert second.status_code == 200
    assert second["Content-Type"] == "application/pdf"
    assert second["Content-Disposition"] == f'attachment; filename="{article.slug}.pdf"'
    assert second["ETag"] == first["ETag"]
    assert second.pdf == first.pdf
    assert "Caspian pipelines after the ceasefire" in pdf_text(read_pdf(second.pdf))


def test_page_cache_answers_a_repeated_anonymous_request(
    client, article, render_in_process, django_assert_num_queries
):
    first = get_pdf(client, article)

    with django_assert_num_queries(0):
        second = get_pdf(client, article)

    assert second["X-Cache"] == "hit"
    assert second.pdf == first.pdf
    assert second["Content-Type"] == "application/pdf"
    assert second["Content-Disposition"] == f'attachment; filename="{article.slug}.pdf"'


def test_renaming_the_category_renders_a_new_pdf(client, article, render_in_process):
    first = get_pdf(client, article)

    article.category.name = "Analysis and commentary"
    article.category.save()
    second = get_pdf(client, article)

    assert second["X-Cache"] == "miss"
    assert second["ETag"] != first["ETag"]
    assert "Analysis and commentary" in pdf_text(read_pdf(second.pdf))


def test_request_version_matches_the_version_of_the_loaded_article(article):
    Correction.objects.create(article=article, note="A date was wrong.")
    loaded = services.with_pdf_relations(Article.objects).get(pk=article.pk)

    found = services.find_public_article_pdf(
        category=article.category.slug, slug=article.slug
    )

    assert found == services.article_pdf_version(article=loaded)


def test_conditional_request_for_the_stored_version_reads_no_file(
    client, article, render_in_process, django_assert_max_num_queries
):
    first = get_pdf(client, article)
    default_storage.delete(_stored_name(article))

    with django_assert_max_num_queries(2):
        again = get_pdf(client, article, if_none_match=first["ETag"])

    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]


def _stored_name(article) -> str:
    _dirs, files = default_storage.listdir(f"pdfs/articles/{article.pk}")
    assert len(files) == 1
    return f"pdfs/articles/{article.pk}/{files[0]}"


def _edit_summary(article):
    article.summary = "Three routes, one bottleneck."
    article.save()
    return "Three routes, one bottleneck."


def _rename_second_author(article):
    author = article.ordered_authors[1]
    author.name = "Murat Demirci"
    author.save()
    return "Murat Demirci"


@pytest.mark.parametrize(
    "change", [_edit_summary, _rename_second_author], ids=["article", "author"]
)
def test_a_change_shown_in_the_pdf_renders_a_new_one(
    client, article, render_in_process, change
):
    first = get_pdf(client, article)

    shown = change(article)
    second = get_pdf(client, article, if_none_match=first["ETag"])

    assert second.status_code == 200
    assert second["ETag"] != first["ETag"]
    assert shown in pdf_text(read_pdf(second.pdf))


def test_adding_a_correction_renders_a_new_pdf(client, article, render_in_process):
    first = get_pdf(client, article)

    Correction.objects.create(article=article, note="The route is 1768 km long.")
    second = get_pdf(client, article, if_none_match=first["ETag"])

    assert second.status_code == 200
    assert "The route is 1768 km long." in pdf_text(read_pdf(second.pdf))
    _dirs, files = default_storage.listdir(f"pdfs/articles/{article.pk}")
    assert len(files) == 1, "the older version is removed"


def test_editing_a_correction_renders_a_new_pdf(client, article, render_in_process):
    correction = Correction.objects.create(article=article, note="1800 km.")
    first = get_pdf(client, article)

    correction.note = "1768 km."
    correction.save()
    second = get_pdf(client, article, if_none_match=first["ETag"])

    assert second.status_code == 200
    assert "1768 km." in pdf_text(read_pdf(second.pdf))


def test_reordering_the_authors_renders_a_new_pdf(client, article, render_in_process):
    first = get_pdf(client, article)

    for position, byline in enumerate(reversed(list(article.bylines.all()))):
        byline.position = position
        byline.save()
    second = get_pdf(client, article, if_none_match=first["ETag"])

    assert second.status_code == 200
    assert "Authors Murat" in pdf_text(read_pdf(second.pdf))


def test_renaming_a_tag_or_the_category_changes_the_version(article):
    def version():
        return services.find_public_article_pdf(
            category=article.category.slug, slug=article.slug
        ).etag

    first = version()
    Tag.objects.filter(name="transit").update(name="Transit corridors")
    renamed_tag = version()
    Category.objects.filter(pk=article.category_id).update(name="Analysis")
    renamed_category = version()

    assert len({first, renamed_tag, renamed_category}) == 3


def test_a_new_comment_does_not_render_the_pdf_again(
    client, article, settings, django_assert_max_num_queries
):
    settings.PDF_RENDER_IN_PROCESS = False
    first = get_pdf(client, article)
    rendered = _children_cpu_seconds()

    make_comment(article=article, status="approved")
    make_comment(article=article)
    with django_assert_max_num_queries(2):
        again = get_pdf(client, article, if_none_match=first["ETag"])
    fresh = get_pdf(client, article)

    assert again.status_code == 304
    assert fresh.pdf == first.pdf
    assert _children_cpu_seconds() == rendered, "no renderer was started"


def test_withdrawn_article_loses_its_stored_pdf_at_once(
    client, article, editor, render_in_process
):
    assert get_pdf(client, article).status_code == 200

    apply_transition(article, Article.Status.WITHDRAWN, user=editor)

    assert get_pdf(client, article).status_code == 404


def test_changing_the_site_name_changes_every_version(article, settings):
    def version():
        return services.find_public_article_pdf(
            category=article.category.slug, slug=article.slug
        ).etag

    first = version()
    settings.SITE_NAME = "Centre for Caspian Studies"

    assert version() != first


def test_every_file_a_pdf_is_built_from_exists():
    """A moved or renamed file would silently stop changing the PDFs' version."""
    from publications.pdf import render

    missing = [
        name
        for name, path in render._layout_files()
        if not path or not os.path.isfile(path)
    ]
    assert missing == []


@pytest.mark.parametrize("leave", ["withdraw", "delete"])
def test_an_article_leaving_the_public_takes_its_stored_pdf_along(
    client,
    article,
    editor,
    render_in_process,
    django_capture_on_commit_callbacks,
    leave,
):
    assert get_pdf(client, article).status_code == 200
    folder = f"{services.STORAGE_DIR}/{article.pk}"
    assert default_storage.listdir(folder)[1], "the PDF was stored"

    with django_capture_on_commit_callbacks(execute=True):
        if leave == "withdraw":
            apply_transition(article, Article.Status.WITHDRAWN, user=editor)
        else:
            article.delete()

    assert default_storage.listdir(folder)[1] == []


def _queued_renders(article) -> int:
    from django_tasks_db.models import DBTaskResult

    from publications.pdf.tasks import render_article_pdf

    return sum(
        1
        for result in DBTaskResult.objects.filter(
            task_path=render_article_pdf.module_path
        )
        if result.args_kwargs["kwargs"].get("article_pk") == article.pk
    )


def test_publishing_queues_one_render_and_the_first_reader_gets_a_stored_file(
    client, editor, settings, django_capture_on_commit_callbacks
):
    from tests.task_worker import run_queued_tasks

    settings.PAGE_CACHE = False
    settings.PDF_RENDER_IN_PROCESS = False
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article(status=Article.Status.REVIEW, published_at=None)
    assert _queued_renders(article) == 0, "a piece in review has no public PDF"

    with django_capture_on_commit_callbacks(execute=True):
        apply_transition(article, Article.Status.PUBLISHED, user=editor)
    assert _queued_renders(article) == 1

    run_queued_tasks()
    before = _children_cpu_seconds()
    response = get_pdf(client, article)

    assert response.status_code == 200
    assert _children_cpu_seconds() == before, "the reader's request rendered nothing"
