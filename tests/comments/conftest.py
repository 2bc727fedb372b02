import pytest

from comments.forms import sign_timestamp
from tests.factories import make_article


@pytest.fixture(autouse=True)
def _comment_settings(quick_comments):
    """Every comment test starts from the same settings (see `quick_comments`)."""


@pytest.fixture
def article(db):
    """A published English article open to comments."""
    return make_article(title="Energy corridors")


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
