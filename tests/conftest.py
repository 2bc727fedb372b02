from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.urls import clear_url_caches
from django.utils import translation

from tests.factories import make_user
from tests.initial_data import restore_initial_data


@pytest.fixture(autouse=True, scope="session")
def _static_root():
    """WhiteNoise warns at start-up without STATIC_ROOT; collectstatic makes it."""
    from django.conf import settings

    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)


@pytest.fixture(autouse=True, scope="session")
def _page_cache_versions(tmp_path_factory):
    """Each test process counts its own page-cache versions (pks repeat across)."""
    from django.conf import settings

    path = tmp_path_factory.mktemp("page-cache") / "versions"
    settings.PAGE_CACHE_VERSIONS_FILE = path


@pytest.fixture(autouse=True)
def _page_cache_state():
    """Nothing kept by the page cache survives from an earlier test."""
    from publications import pagecache

    pagecache.reset()
    yield
    pagecache.reset()


@pytest.fixture(autouse=True)
def _static_files_without_manifest(settings):
    """Resolve static files through the finders: tests run without collectstatic."""
    settings.STORAGES = settings.STORAGES | {
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        }
    }


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _initial_data_in_transactional_tests(request):
    """Transactional tests start after a flush: give them the migrated rows back."""
    marker = request.node.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction"):
        request.getfixturevalue("transactional_db")
        restore_initial_data()


@pytest.fixture(autouse=True)
def _fresh_cache():
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def site_url(settings):
    """The site's public address, as absolute links and canonical URLs carry it."""
    settings.SITE_URL = "https://think.example"
    return settings.SITE_URL


@pytest.fixture
def quick_comments(settings):
    """Comments as tests post them: at once, many in a row, on articles of any age.

    The too-fast check, the rate limit and closing have tests of their own.
    """
    settings.COMMENTS_MIN_SECONDS = 0
    settings.COMMENTS_RATE_LIMIT = "100/10m"
    settings.COMMENTS_CLOSE_AFTER_DAYS = 0
    settings.COMMENTS_AUTO_APPROVE_KNOWN = False
    settings.COMMENTS_MAX_LINKS = 2
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def in_english(settings):
    """Run in English, the admin included (unprefixed URLs use LANGUAGE_CODE)."""
    settings.LANGUAGE_CODE = "en"
    clear_url_caches()  # URLs reversed so far carry the old default's prefix
    with translation.override("en"):
        yield
    settings.LANGUAGE_CODE = "tr"
    clear_url_caches()


@pytest.fixture
def editor(db):
    user = make_user(username="editor", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def author_user(db):
    user = make_user(username="writer", is_staff=True)
    user.groups.add(Group.objects.get(name="Authors"))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def author_client(client, author_user):
    client.force_login(author_user)
    return client
