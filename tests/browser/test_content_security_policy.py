"""The Content-Security-Policy blocks nothing the site itself ships."""

from django.urls import reverse

from publications.models import Category
from tests.factories import make_article, make_author, make_comment, make_user

from .test_publishing_flow import PASSWORD, log_in

VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


def _violations(page) -> list[str]:
    return page.evaluate("window.__cspViolations")


def test_public_pages_break_no_rule_of_the_policy(new_page):
    # Earlier live-server tests may have flushed the migrations' categories.
    category, _ = Category.objects.get_or_create(
        slug="analiz", defaults={"name": "Analiz"}
    )
    article = make_article(authors=[make_author()], tags=["energy"], category=category)
    make_comment(article=article, status="approved")
    page = new_page()
    page.add_init_script(VIOLATIONS)

    for url in ["/", "/en/", article.get_absolute_url(), "/en/search/?q=energy"]:
        page.goto(url)
        page.wait_for_load_state("networkidle")
        assert _violations(page) == [], url


def test_article_editor_works_and_breaks_no_rule(new_page):
    # A superuser: earlier live-server tests may have flushed the groups.
    make_user(username="editor", password=PASSWORD, is_staff=True, is_superuser=True)
    page = new_page()
    page.add_init_script(VIOLATIONS)
    log_in(page, "editor")

    page.goto(reverse("admin:publications_article_add"))
    page.locator(".prose-editor:has(#id_body) [contenteditable=true]").click()
    page.keyboard.type("Pipelines and ports")

    assert _violations(page) == []
    assert "Pipelines and ports" in page.locator("#id_body").input_value()
