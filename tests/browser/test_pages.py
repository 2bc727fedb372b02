"""Every page type, in both languages: axe-core and the Nu HTML Checker pass."""

import pytest

from .tools import format_vnu, save_html, take_screenshots

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_admin_login_page_is_valid_html(new_page, html_checker):
    page = new_page()
    response = page.goto("/admin/login/")
    assert response.status == 200
    take_screenshots(page, "admin-login")
    html = response.text()
    save_html("admin-login", html)
    errors = html_checker.check("admin-login", html)
    assert not errors, format_vnu(errors)
