import json
import logging
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "SECRET_KEY": secrets.token_urlsafe(50),
    "DEBUG": "0",
    "HTTPS": "1",
    "ALLOWED_HOSTS": "think-tank.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://think-tank.example.org",
}


def _manage(*args, **env):
    base = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV}
    base.pop("HTTPS", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=base | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _settings(*names, **env) -> dict:
    code = "import json; from django.conf import settings as s; print(json.dumps({%s}))"
    pairs = ", ".join(f"{name!r}: s.{name}" for name in names)
    result = _manage("shell", "--no-imports", "-c", code % pairs, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_settings_pass_the_deployment_check():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_deployment_check_catches_a_site_served_without_https():
    env = PRODUCTION_ENV | {"HTTPS": "0"}

    result = _manage("check", "--deploy", "--fail-level", "WARNING", **env)

    assert result.returncode != 0
    assert "security.W008" in result.stderr  # SECURE_SSL_REDIRECT


def test_https_switches_on_redirects_hsts_and_secure_cookies():
    values = _settings(
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "LANGUAGE_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "CSRF_COOKIE_HTTPONLY",
        **PRODUCTION_ENV,
    )

    assert values == {
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31_536_000,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "LANGUAGE_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "CSRF_COOKIE_HTTPONLY": True,
    }


def test_production_refuses_to_start_without_a_secret_key():
    env = PRODUCTION_ENV | {"SECRET_KEY": ""}

    result = _manage("check", **env)

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_migration_check_needs_no_secret_key():
    env = PRODUCTION_ENV | {"SECRET_KEY": ""}

    result = _manage("makemigrations", "--check", "--dry-run", **env)

    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


def test_admin_path_comes_from_the_environment():
    code = "from django.urls import reverse; print(reverse('admin:index'))"

    moved = _manage(
        "shell", "--no-imports", "-c", code, ADMIN_PATH="/backstage/", SECRET_KEY="x"
    )
    default = _manage("shell", "--no-imports", "-c", code, SECRET_KEY="x")

    assert moved.stdout.strip() == "/backstage/"
    assert default.stdout.strip() == "/admin/"


@pytest.mark.parametrize("level", ["warning", "error"])
def test_logs_are_json_lines_on_stderr(level):
    code = (
        "import logging\n"
        "try:\n"
        "    1 / 0\n"
        "except ZeroDivisionError:\n"
        f"    logging.getLogger('publications').{level}("
        "'Export of %s failed', 'rapor', exc_info=True, extra={'article_id': 7})"
    )

    result = _manage("shell", "--no-imports", "-c", code, SECRET_KEY="x")

    lines = [json.loads(line) for line in result.stderr.splitlines() if line]
    entry = next(line for line in lines if line["logger"] == "publications")
    assert entry["level"] == level.upper()
    assert entry["message"] == "Export of rapor failed"
    assert entry["article_id"] == 7
    assert "ZeroDivisionError" in entry["exception"]
    assert entry["time"].endswith("+00:00")


def test_server_errors_are_mailed_to_the_admins(settings, mailoutbox, rf):
    settings.ADMINS = [("ops", "ops@example.org")]

    logging.getLogger("django.request").error(
        "Internal Server Error: /en/",
        extra={"status_code": 500, "request": rf.get("/en/")},
    )

    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["ops@example.org"]
    assert "Internal Server Error: /en/" in mailoutbox[0].subject


def test_no_error_mail_without_admins(settings, mailoutbox):
    settings.ADMINS = []

    logging.getLogger("django.request").error("Internal Server Error: /en/")

    assert mailoutbox == []
