import pytest

from comments.forms import sign_timestamp


@pytest.fixture(autouse=True)
def _comment_settings(settings):
    # Tests post at once; the too-fast check has tests of its own.
    settings.COMMENTS_MIN_SECONDS = 0
    settings.COMMENTS_RATE_LIMIT = "100/10m"
    settings.COMMENTS_CLOSE_AFTER_DAYS = 0
    settings.COMMENTS_AUTO_APPROVE_KNOWN = False
    settings.COMMENTS_MAX_LINKS = 2
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def comment_data():
    """Build the fields a reader's browser posts for `article`."""

    def build(article, **overrides):
        return {
            "name": "Ayşe Yılmaz",
            "email": "ayse@example.org",
            "body": "A thoughtful remark on the argument.",
            "website": "",
            "timestamp": sign_timestamp(article.pk),
        } | overrides

    return build
