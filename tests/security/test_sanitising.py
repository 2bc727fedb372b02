from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from comments.templatetags.comments_tags import comment_html
from publications.html import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, sanitize_html
from publications.models import Article
from tests.factories import make_article

# What render_footnotes adds around the notes, on top of the allow-list.
FOOTNOTE_MARKUP = {
    "sup": {"class", "id"},
    "span": {"class", "aria-hidden"},
    "section": {"class"},
    "li": {"id"},
    "a": {"class", "aria-label", "rel"},
}
HOSTILE_FRAGMENTS = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>', '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="java\tscript:alert(1)">x</a>', '<a href="data:text/html,<b>x</b>">',
    '<a href="vbscript:x">x</a>', "<iframe src=//evil.example></iframe>",
    '<p style="background:url(javascript:x)">x</p>', "<style>*{x:y}</style>",
    "<svg><script>alert(1)</script></svg>", "<math><mi>x</mi></math>",
    "<object data=x></object>", "<embed src=x>", "<form action=//x><input></form>",
    '<a href="https://example.org" onclick="x()">ok</a>', "<!-- <script> -->",
    '<img src="https://example.org/a.png" srcset="javascript:x">', "<base href=//x>",
    "<meta http-equiv=refresh content='0;url=//x'>", "<link rel=stylesheet href=x>",
    '<a href="mailto:desk@example.org">mail</a>', "<p>Türkçe ğüşıöç</p>",
    "[[note <script>x</script>]]", '[[<a href="javascript:x">n</a>]]', "[[",
    "]]", "<p>", "</p>", "<table><tr><td>1</td></tr></table>", "&lt;script&gt;",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    '<a href="&#106;avascript:alert(1)">x</a>', "<template><script>x</script>",
    "<textarea><script>x</script></textarea>", "<details open ontoggle=x>",
]  # fmt: skip
hostile_html = st.lists(
    st.one_of(st.sampled_from(HOSTILE_FRAGMENTS), st.text(max_size=20)), max_size=12
).map("".join)


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def _elements(html: str):
    parser = _Collector()
    parser.feed(html)
    parser.close()
    return parser.elements


def _assert_safe(html: str, *, extra: dict[str, set[str]] | None = None):
    allowed = {tag: set(ALLOWED_ATTRIBUTES.get(tag, ())) for tag in ALLOWED_TAGS}
    for tag, attributes in (extra or {}).items():
        allowed[tag] = allowed.get(tag, set()) | attributes
    allowed["a"] |= {"rel"}  # nh3 adds rel="noopener noreferrer"
    for tag, attributes in _elements(html):
        assert tag in allowed, f"<{tag}> got through"
        assert set(attributes) <= allowed[tag], f"<{tag} {attributes}> got through"
        for name in ("href", "src"):
            url = (attributes.get(name) or "").strip()
            scheme = urlsplit(url).scheme.lower() if url else ""
            assert scheme in {"", "http", "https", "mailto"}, f"{name}={url!r}"


def test_attributes_outside_the_allow_list_go_from_every_tag():
    html = '<p title="t" lang="en">Text <em title="t" lang="tr">x</em></p>'

    assert sanitize_html(html) == "<p>Text <em>x</em></p>"
    # Also where a processing instruction and <noscript> confuse a parser.
    assert "title" not in sanitize_html(
        '<?<noscript><p title="</noscript><img src=x onerror=alert(1)>">'
    )


@settings(max_examples=300, deadline=None)
@given(hostile_html)
def test_sanitised_body_keeps_only_the_allow_list(html):
    _assert_safe(sanitize_html(html))


@settings(max_examples=300, deadline=None)
@given(hostile_html)
def test_sanitising_twice_changes_nothing(html):
    once = sanitize_html(html)

    assert sanitize_html(once) == once


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(body=hostile_html)
@pytest.mark.django_db
def test_rendered_body_with_footnotes_keeps_only_the_allow_list(body):
    article = Article(body=body)

    _assert_safe(article.body_html, extra=FOOTNOTE_MARKUP)


@settings(max_examples=300, deadline=None)
@given(hostile_html)
def test_comment_body_is_escaped_with_only_its_own_links(text):
    html = comment_html(text)

    for tag, attributes in _elements(html):
        assert tag in {"p", "br", "a"}
        if tag == "a" and urlsplit(attributes["href"]).scheme == "mailto":
            # An address the reader wrote: nothing for search engines to follow.
            assert set(attributes) == {"href"}
        elif tag == "a":
            assert set(attributes) == {"href", "rel"}
            assert urlsplit(attributes["href"]).scheme in {"http", "https"}
            assert "ugc" in attributes["rel"].split()
        else:
            assert attributes == {}


@pytest.mark.django_db
def test_body_is_cleaned_when_saved():
    article = make_article(
        body='<p onclick="steal()">Energy<script>alert(1)</script> '
        '<a href="javascript:alert(1)">link</a> '
        '<a href="https://example.org/r">source</a></p>'
    )

    article.refresh_from_db()
    assert article.body == (
        '<p>Energy <a rel="noopener noreferrer">link</a> '
        '<a href="https://example.org/r" rel="noopener noreferrer">source</a></p>'
    )


@pytest.mark.django_db
def test_body_written_past_the_model_is_cleaned_when_shown():
    article = make_article()
    Article.objects.filter(pk=article.pk).update(
        body='<p>Hi<img src=x onerror="alert(1)"><script>alert(2)</script></p>'
    )

    shown = Article.objects.get(pk=article.pk).body_html

    assert "onerror" not in shown
    assert "<script" not in shown
    assert shown.startswith("<p>Hi")


@pytest.mark.django_db
def test_footnote_cannot_smuggle_markup():
    article = make_article(
        body="<p>Claim[[See <a href='javascript:alert(1)'>this</a>"
        "<img src=x onerror=alert(1)>]]</p>"
    )

    html = article.body_html

    assert "javascript:" not in html
    assert "onerror" not in html
    assert '<section class="footnotes">' in html


def test_mail_and_web_links_survive():
    html = sanitize_html(
        '<p><a href="mailto:desk@example.org">desk</a> '
        '<a href="http://example.org/a?b=1&amp;c=2">report</a></p>'
    )

    assert 'href="mailto:desk@example.org"' in html
    assert 'href="http://example.org/a?b=1&amp;c=2"' in html


@pytest.mark.django_db
def test_article_page_shows_a_body_written_past_the_model_cleaned(client):
    article = make_article()
    Article.objects.filter(pk=article.pk).update(
        body='<p>Analysis<script>alert("body")</script>'
        '<a href="javascript:alert(1)" onclick="x()">more</a></p>'
    )

    html = client.get(article.get_absolute_url()).content.decode()

    assert "Analysis" in html
    assert 'alert("body")' not in html
    assert "javascript:alert" not in html
    assert 'onclick="x()"' not in html


@pytest.mark.django_db
def test_article_page_escapes_reader_comments(client):
    from tests.factories import make_comment

    article = make_article()
    make_comment(
        article=article,
        status="approved",
        name='<img src=x onerror="alert(1)">',
        body='<script>alert("comment")</script> see javascript:alert(2)',
    )

    html = client.get(article.get_absolute_url()).content.decode()

    assert '<script>alert("comment")' not in html
    assert "&lt;script&gt;alert(&quot;comment&quot;)" in html
    assert '<img src=x onerror="alert(1)">' not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html
