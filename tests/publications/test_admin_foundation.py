"""The admin as editors and authors use it, driven through its real forms."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from publications.models import Article, Author, Category
from tests.factories import (
    make_article,
    make_author,
    make_image_upload,
    make_user,
)
from tests.markup import form_buttons, form_data, parse

ARTICLE_ADD = reverse("admin:publications_article_add")
ARTICLE_LIST = reverse("admin:publications_article_changelist")
AUTHOR_ADD = reverse("admin:publications_author_add")

BODY = (
    "<h2>Energy and the Caspian</h2>"
    "<p>Gas from the <em>Caspian</em> reaches Europe through "
    '<a href="https://example.org/tanap">TANAP</a>.</p>'
    "<ul><li>Shah Deniz</li><li>Absheron</li></ul>"
)


def read_form(response, form_id):
    """The fields a browser would submit from the form `form_id`, and its buttons."""
    form = parse(response.content).find("form", id=form_id)
    data = form_data(form)
    data.pop("csrfmiddlewaretoken", None)
    return SimpleNamespace(data=data, buttons=form_buttons(form))


def article_form(client, url=ARTICLE_ADD):
    response = client.get(url)
    assert response.status_code == 200
    return read_form(response, "article_form")


def post_article(client, url=ARTICLE_ADD, *, button=("_save", ""), **fields):
    """Open the article form, change `fields`, and press `button`."""
    data = article_form(client, url).data | fields
    name, value = button
    data[name] = value
    return client.post(url, data)


def assert_saved(response):
    if response.status_code != 302:
        context = response.context
        errors = [context["adminform"].form.errors] + [
            formset.formset.errors for formset in context["inline_admin_formsets"]
        ]
        raise AssertionError(f"not saved: {errors}")


def error_codes(response, field):
    form = response.context["adminform"].form
    return [error.code for error in form.errors.as_data().get(field, [])]


def analiz():
    return Category.objects.get(slug="analiz")


@pytest.fixture
def own_author(author_user):
    return make_author(name="Ayşe Demir", user=author_user)


@pytest.fixture
def byline(db):
    return make_author(name="Vasif Huseynov")


def new_article_fields(**overrides):
    return {
        "title": "Caspian Gas and Europe",
        "slug": "caspian-gas-and-europe",
        "summary": "Where Europe's new gas comes from.",
        "body": BODY,
        "category": str(analiz().pk),
        "language": "en",
        "tags": "Energy, Caspian",
    } | overrides


# The editor's day --------------------------------------------------------------


@pytest.mark.django_db
def test_editor_creates_an_author_with_a_photo(editor_client):
    data = read_form(editor_client.get(AUTHOR_ADD), "author_form").data | {
        "name": "Leyla Mammadova",
        "slug": "leyla-mammadova",
        "role": "Research Fellow",
        "bio": "Studies transport corridors.",
        "photo": make_image_upload("leyla.jpg"),
        "_save": "",
    }

    response = editor_client.post(AUTHOR_ADD, data)

    assert response.status_code == 302
    author = Author.objects.get(slug="leyla-mammadova")
    assert author.role == "Research Fellow"
    assert author.photo.name.endswith(".jpg")
    assert "leyla" not in author.photo.name


@pytest.mark.django_db
def test_editor_publishes_a_formatted_tagged_illustrated_article(editor_client, byline):
    fields = new_article_fields(
        featured_image=make_image_upload("cover.jpg", size=(1600, 900)),
        featured_image_alt="A gas compressor station at dusk",
        **{"bylines-0-author": str(byline.pk), "bylines-0-position": "0"},
    )
    assert ("_transition", "publish") in article_form(editor_client).buttons

    response = post_article(editor_client, button=("_transition", "publish"), **fields)

    assert_saved(response)
    article = Article.objects.get(slug="caspian-gas-and-europe")
    assert article in Article.objects.published()
    assert article.ordered_authors == [byline]
    assert sorted(article.tags.names()) == ["Caspian", "Energy"]
    assert article.featured_image_alt == "A gas compressor station at dusk"
    assert article.featured_image.name.startswith("articles/")
    for fragment in ["<h2>Energy and the Caspian</h2>", "<em>Caspian</em>", "<li>"]:
        assert fragment in article.body
    assert 'href="https://example.org/tanap"' in article.body
    page = editor_client.get(article.get_absolute_url())
    assert page.status_code == 200
    assert "Energy and the Caspian" in page.content.decode()


@pytest.mark.django_db
def test_editor_edits_an_article_through_its_change_form(editor_client, byline):
    article = make_article(title="Old title", authors=[byline], tags=["Energy"])
    url = reverse("admin:publications_article_change", args=[article.pk])

    response = post_article(editor_client, url, title="New title")

    assert_saved(response)
    article.refresh_from_db()
    assert article.title == "New title"
    assert article.ordered_authors == [byline]
    assert list(article.tags.names()) == ["Energy"]


# The author's limits -----------------------------------------------------------


@pytest.mark.django_db
def test_author_saves_a_draft_with_themselves_as_author(author_client, own_author):
    response = post_article(author_client, **new_article_fields())

    assert_saved(response)
    article = Article.objects.get(slug="caspian-gas-and-europe")
    assert article.status == Article.Status.DRAFT
    assert article.ordered_authors == [own_author]
    assert article not in Article.objects.published()


@pytest.mark.django_db
def test_author_is_not_offered_publishing(author_client, own_author):
    response = author_client.get(ARTICLE_ADD)

    form = read_form(response, "article_form")
    choices = dict(response.context["adminform"].form.fields["status"].choices)
    assert Article.Status.PUBLISHED not in choices
    assert Article.Status.DRAFT in choices
    assert ("_transition", "publish") not in form.buttons
    assert "published_at_0" not in form.data


@pytest.mark.django_db
def test_author_posting_published_status_is_refused(author_client, own_author):
    response = post_article(
        author_client, **new_article_fields(status=Article.Status.PUBLISHED)
    )

    assert response.status_code == 200
    assert error_codes(response, "status") == ["invalid_choice"]
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_author_pressing_a_forged_publish_button_is_refused(author_client, own_author):
    response = post_article(
        author_client,
        button=("_transition", "publish"),
        **new_article_fields(),
    )

    assert response.status_code == 200
    assert not Article.objects.published().exists()
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_author_cannot_publish_own_draft_by_posting_the_status(
    author_client, own_author
):
    draft = make_article(
        authors=[own_author], status=Article.Status.DRAFT, published_at=None
    )
    url = reverse("admin:publications_article_change", args=[draft.pk])

    response = post_article(author_client, url, status=Article.Status.PUBLISHED)

    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT


# Bad input gets a message, never a server error ------------------------------


@pytest.mark.django_db
def test_text_file_named_jpg_is_refused_with_a_message(editor_client):
    fake = SimpleUploadedFile(
        "cover.jpg", b"just some notes, not a picture", content_type="image/jpeg"
    )

    response = post_article(
        editor_client,
        **new_article_fields(featured_image=fake, featured_image_alt="Cover"),
    )

    assert response.status_code == 200
    assert error_codes(response, "featured_image")
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_image_without_alt_text_is_refused_with_a_message(editor_client):
    response = post_article(
        editor_client, **new_article_fields(featured_image=make_image_upload())
    )

    assert response.status_code == 200
    assert error_codes(response, "featured_image_alt") == ["alt_required"]
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_clashing_slug_is_refused_with_a_message(editor_client):
    make_article(slug="caspian-gas-and-europe")

    response = post_article(editor_client, **new_article_fields())

    assert response.status_code == 200
    assert error_codes(response, "slug") == ["unique"]
    assert Article.objects.count() == 1


@pytest.mark.django_db
def test_script_in_body_is_stripped_and_the_article_saved(editor_client):
    body = '<p>Analysis.</p><script>alert("x")</script><p onclick="x()">More.</p>'

    response = post_article(editor_client, **new_article_fields(body=body))

    assert_saved(response)
    stored = Article.objects.get().body
    assert "<script" not in stored
    assert "alert" not in stored
    assert "onclick" not in stored
    assert "<p>Analysis.</p>" in stored


# The article list --------------------------------------------------------------


@pytest.mark.django_db
def test_changelist_shows_the_editorial_columns(editor_client, byline):
    make_article(
        title="Caspian Gas and Europe",
        authors=[byline],
        language="tr",
        published_at=timezone.make_aware(timezone.datetime(2024, 3, 5, 10, 0)),
    )

    response = editor_client.get(ARTICLE_LIST)

    assert response.status_code == 200
    (row,) = parse(response.content).find("table", id="result_list").find_all("tr")[1:]
    columns = {
        name.removeprefix("field-"): cell.text.strip()
        for cell in row.children
        for name in (cell.get("class") or "").split()
        if name.startswith("field-")
    }
    assert {"status", "language"} <= columns.keys()
    assert columns["title"] == "Caspian Gas and Europe"
    assert columns["category"] == "Analiz"
    assert columns["author_names"] == "Vasif Huseynov"
    assert "2024" in columns["published_at"]


def add_listed_articles(n):
    for i in range(n):
        make_article(
            authors=[make_author(), make_author()],
            tags=[f"tag{i}", "common"],
        )


@pytest.mark.django_db
def test_changelist_queries_do_not_grow_with_articles(
    editor_client, django_assert_num_queries
):
    add_listed_articles(2)
    with CaptureQueriesContext(connection) as few:
        editor_client.get(ARTICLE_LIST)
    add_listed_articles(6)

    with django_assert_num_queries(len(few)):
        response = editor_client.get(ARTICLE_LIST)

    assert len(response.context["cl"].result_list) == 8


@pytest.mark.django_db
def test_changelist_search_finds_title_author_and_tag(editor_client):
    wanted = make_article(
        title="Water in Central Asia",
        authors=[make_author(name="Orkhan Guliyev")],
        tags=["Hydropolitics"],
    )
    make_article(title="Something else", authors=[make_author(name="Zeynep Koç")])

    for query in ["Central Asia", "Guliyev", "Hydropolitics"]:
        response = editor_client.get(ARTICLE_LIST, {"q": query})
        assert list(response.context["cl"].result_list) == [wanted], query


@pytest.mark.django_db
def test_changelist_filters_by_status_language_and_category(editor_client):
    draft = make_article(status=Article.Status.DRAFT, published_at=None)
    turkish = make_article(language="tr")
    blog = make_article(category=Category.objects.get(slug="blog"))

    cases = [
        ({"status__exact": "draft"}, [draft]),
        ({"language__exact": "tr"}, [turkish]),
        ({"category__id__exact": str(blog.category_id)}, [blog]),
    ]
    for params, expected in cases:
        response = editor_client.get(ARTICLE_LIST, params)
        assert list(response.context["cl"].result_list) == expected, params


@pytest.mark.django_db
def test_changelist_date_hierarchy_narrows_to_a_year(editor_client):
    old = make_article(published_at=timezone.now() - timedelta(days=3 * 365))
    make_article()

    response = editor_client.get(
        ARTICLE_LIST, {"published_at__year": str(old.published_at.year)}
    )

    assert list(response.context["cl"].result_list) == [old]


# Around the form -----------------------------------------------------------------


@pytest.mark.django_db
def test_change_page_links_to_the_article_on_the_site(editor_client):
    article = make_article()
    response = editor_client.get(
        reverse("admin:publications_article_change", args=[article.pk])
    )

    link = parse(response.content).find("a", class_="viewsitelink")
    redirect = editor_client.get(link["href"])
    assert redirect.status_code == 302
    assert redirect.url.endswith(article.get_absolute_url())


@pytest.mark.django_db
def test_admin_header_shows_the_site_name(editor_client, settings):
    settings.SITE_NAME = "Kafkasya Araştırmaları Merkezi"

    response = editor_client.get(reverse("admin:index"))

    assert response.status_code == 200
    header = parse(response.content).find(id="site-name")
    assert header.text.strip() == "Kafkasya Araştırmaları Merkezi"


@pytest.mark.django_db
def test_staff_without_a_role_cannot_add_articles(client):
    user = make_user(is_staff=True)
    client.force_login(user)

    assert client.get(ARTICLE_ADD).status_code == 403
    user.groups.add(Group.objects.get(name="Editors"))
    assert client.get(ARTICLE_ADD).status_code == 200
