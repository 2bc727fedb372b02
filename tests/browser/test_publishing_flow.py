"""The whole life of an article, as people do it in a real browser.

An editor writes and publishes an article in the admin; a reader finds it by
search and through its category, downloads its PDF and comments; the editor
approves the comment and the reader sees it.
"""

import time

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from comments.models import Comment
from publications.models import Article
from tests.factories import image_bytes, make_author, make_user

from .tools import take_screenshots

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a long editorial passphrase"


@pytest.fixture
def editor_account():
    user = make_user(username="editor", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def log_in(page, username: str):
    page.goto(reverse("admin:login"))
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("#login-form [type=submit]")
    page.wait_for_url(f"**{reverse('admin:index')}")


def choose_autocomplete(page, field_selector: str, text: str):
    """Pick `text` in one of the admin's autocomplete (Select2) fields."""
    page.locator(field_selector).locator("xpath=..").locator(
        ".select2-selection"
    ).click()
    page.locator(".select2-container--open .select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()


def write_article(
    page, *, title, heading, bold, rest, language, tags, image, alt, translates=""
):
    """Fill the admin's add-article form the way an editor does, and publish."""
    page.goto(reverse("admin:publications_article_add"))
    page.fill("#id_title", title)
    page.fill("#id_summary", f"{heading}: {bold} {rest}")
    page.locator(".prose-editor [contenteditable=true]").click()
    # A heading through the toolbar's block-type menu, bold by keyboard.
    page.click(".prose-menubar__selected")
    page.click(".prose-menubar__option[data-name=heading2]")
    page.keyboard.type(heading)
    page.keyboard.press("Enter")
    page.keyboard.type("Bu yazı " if language == "tr" else "This piece is ")
    page.keyboard.press("Control+b")
    page.keyboard.type(bold)
    page.keyboard.press("Control+b")
    page.keyboard.type(f" {rest}")
    page.select_option("#id_category", label="Analiz")
    page.select_option("#id_language", value=language)
    if translates:
        choose_autocomplete(page, "#id_translation_of", translates)
    page.fill("#id_tags", ", ".join(tags))
    page.set_input_files(
        "#id_featured_image",
        files=[{"name": "harbour.jpg", "mimeType": "image/jpeg", "buffer": image}],
    )
    page.fill("#id_featured_image_alt", alt)
    choose_autocomplete(page, "#id_bylines-0-author", "Vasif Huseynov")
    page.select_option("#id_status", value=Article.Status.PUBLISHED)
    page.click("[name=_save]")
    page.wait_for_url(f"**{reverse('admin:publications_article_changelist')}")
    assert page.locator(".messagelist .success").first.is_visible()


def test_article_goes_from_editor_to_reader_and_back(
    new_page, editor_account, settings
):
    make_author(name="Vasif Huseynov")
    editor = new_page()
    log_in(editor, "editor")
    write_article(
        editor,
        title="Karadeniz'de enerji koridorları",
        heading="Boru hatları",
        bold="kritik",
        rest="limanların geleceğini tartışıyor.",
        language="tr",
        tags=["enerji", "Karadeniz"],
        image=image_bytes(),
        alt="Bir limanda bekleyen tankerler",
    )
    write_article(
        editor,
        title="Energy corridors in the Black Sea",
        heading="Pipelines",
        bold="critical",
        rest="for the future of the ports.",
        language="en",
        tags=["energy", "Black Sea"],
        image=image_bytes(color=(140, 90, 30)),
        alt="Tankers waiting in a port",
        translates="Karadeniz'de enerji koridorları",
    )
    article = Article.objects.get(language="tr")
    english = Article.objects.get(language="en")
    assert article.is_public and english.is_public
    assert english.translation_of == article
    assert "<h2>Boru hatları</h2>" in article.body
    assert "<strong>kritik</strong>" in article.body

    reader = new_page(viewport="phone")
    # Each interface finds its own language's article by search and category.
    for found, language, word in [
        (article, "tr", "koridorları"),
        (english, "en", "corridors"),
    ]:
        with translation.override(language):
            search_url = f"{reverse('publications:search')}?q={word}"
            category_url = reverse(
                "publications:category-detail", kwargs={"slug": "analiz"}
            )
        for url in [search_url, category_url]:
            reader.goto(url)
            reader.get_by_role("link", name=found.title).first.click()
            reader.wait_for_url(f"**{found.get_absolute_url()}")
            expect(reader.locator("h1")).to_have_text(found.title)

    # Back to the Turkish article through the language switch.
    reader.locator(".article__translation a[hreflang=tr]").click()
    reader.wait_for_url(f"**{article.get_absolute_url()}")
    assert reader.locator("h1").inner_text() == article.title
    assert reader.locator("article h2", has_text="Boru hatları").count() == 1
    assert reader.locator("article strong", has_text="kritik").count() == 1
    assert reader.get_by_role("img", name="Bir limanda bekleyen tankerler").count()
    assert reader.get_by_role("link", name="enerji").count()
    take_screenshots(reader, "flow-article")

    # The PDF.
    pdf_link = reader.locator('a[type="application/pdf"]')
    pdf = reader.request.get(pdf_link.get_attribute("href"))
    assert pdf.status == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")

    # A comment, sent no sooner than a person could have written it: the
    # minimum time counts from the moment the form fetched its timestamp, as
    # the reader started writing.
    form = reader.locator("#comment-form")
    form.locator("[name=name]").fill("Ayşe Yılmaz")
    with translation.override(article.language):
        create_url = reverse("comments:create", args=[article.pk])
    expect(form).to_have_attribute("action", create_url)
    started = time.monotonic()
    form.locator("[name=email]").fill("ayse@example.org")
    form.locator("[name=body]").fill("Limanlar konusunda çok açıklayıcı, teşekkürler.")
    time.sleep(
        max(0, settings.COMMENTS_MIN_SECONDS + 0.5 - (time.monotonic() - started))
    )
    form.locator("[type=submit]").click()
    reader.wait_for_url(f"**{article.get_absolute_url()}#comments")
    with translation.override(article.language):
        notice = gettext(
            "Thank you. Your comment awaits moderation and will appear "
            "once an editor approves it."
        )
    assert reader.get_by_text(notice).is_visible()
    comments = reader.locator("section#comments")
    assert comments.get_by_text("Limanlar konusunda").count() == 0

    # The editor approves it from the moderation queue.
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    editor.goto(reverse("admin:comments_comment_changelist"))
    editor.locator(f"input[name=_selected_action][value='{comment.pk}']").check()
    editor.select_option("select[name=action]", value="approve_selected")
    editor.click("button[name=index]")
    expect(editor.locator(".messagelist .success").first).to_be_visible()
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED

    reader.reload()
    assert comments.get_by_text("Limanlar konusunda çok açıklayıcı").is_visible()
    assert comments.get_by_text("Ayşe Yılmaz").is_visible()
    take_screenshots(reader, "flow-article-with-comment")
