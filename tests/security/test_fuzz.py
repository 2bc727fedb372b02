"""Random and hostile requests against every public URL pattern: never a 500.

The routes come from the URL resolver itself, so a pattern added later is
fuzzed without anyone editing this file. Each pattern gets path values that
sometimes name real rows (so the view's own code runs, not just its 404) and
otherwise anything from valid slugs to NUL bytes, huge numbers, traversal
and markup; a random query string (the parameters the views read, and
others); and a method, with a random form body for the unsafe ones.
"""

import os
from urllib.parse import quote, urlencode

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from comments.forms import sign_timestamp
from publications.models import Article, Category
from tests.factories import make_article, make_author, make_comment, make_image_upload

# Namespaces that are not public; admin:login gets a test of its own below.
PRIVATE_NAMESPACES = {"admin"}
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
QUERY_KEYS = ["q", "page", "category", "author", "language", "year", "month",
              "tag", "sort", "order", "format", "next", "token", "id"]  # fmt: skip
FORM_KEYS = ["name", "email", "body", "website", "timestamp", "parent",
             "username", "password", "language", "next"]  # fmt: skip
HOSTILE = [
    "\x00", "%00", "../../../etc/passwd", "..%2f..%2f", "<script>alert(1)</script>",
    "' OR 1=1 --", '"; DROP TABLE publications_article; --', "${7*7}", "{{7*7}}",
    "99999999999999999999999999", "-1", "0", "1e400", "NaN", "İıĞğŞşÇçÖöÜü",
    "ﬁ", "\u202e", "\ud7ff", "a" * 3000, " ", "", "%", "%zz", "&", "=", "#",
    "javascript:alert(1)", "//evil.example/", "https://evil.example/", "\r\nX: y",
    "güvenlik", "énergie", "🙂", "\t", "null", "[]", "{}", "true",
]  # fmt: skip


def _public_routes(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in PRIVATE_NAMESPACES:
                continue
            if isinstance(entry.pattern, LocalePrefixPattern):
                # The default language has no prefix; English lives under en/.
                yield from _public_routes(entry, prefix + "{lang}")
            else:
                yield from _public_routes(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


ROUTES = dict(_public_routes())


@pytest.fixture
def site(db, settings):
    """Real rows, and for each the path values that lead to it."""
    # Deeper coverage: the comment view's own checks rather than its timers.
    settings.COMMENTS_MIN_SECONDS = 0
    settings.COMMENTS_RATE_LIMIT = "1000/1m"
    author = make_author(name="Vasif Hüseynov", photo=make_image_upload("v.jpg"))
    english = make_article(authors=[author], tags=["energy", "güvenlik"])
    turkish = make_article(
        authors=[author], language="tr", tags=["güvenlik"], title="Enerji güvenliği"
    )
    draft = make_article(status=Article.Status.DRAFT)
    make_comment(article=english, status="approved", body="<b>Bold</b> claim")
    candidates = [
        {
            "lang": "en/" if article.language == "en" else "",
            "category": article.category.slug,
            "slug": article.slug,
            "pk": article.pk,
            "article_id": article.pk,
            "year": article.published_at.year,
            "month": article.published_at.month,
        }
        for article in (english, turkish, draft)
    ]
    candidates += [{"slug": author.slug}, {"slug": "güvenlik"}, {"slug": "energy"}]
    candidates += [
        {"slug": slug} for slug in Category.objects.values_list("slug", flat=True)
    ]
    candidates += [{"path": author.photo.name}]
    return {"candidates": candidates, "articles": [english, turkish]}


def _value(kind: str):
    generated = {
        "int": st.integers(min_value=0, max_value=10**30).map(str),
        "slug": st.from_regex(r"[-a-zA-Z0-9_]{1,60}", fullmatch=True),
    }.get(kind, st.text(min_size=1, max_size=80))
    return st.one_of(generated, st.sampled_from(HOSTILE))


CONVERTER_KINDS = {
    "IntConverter": "int",
    "SlugConverter": "slug",
    "StringConverter": "str",
    "PathConverter": "path",
}


def _segment(value: str) -> str:
    return quote(value.encode("utf-8", "surrogatepass"), safe="")


@st.composite
def requests(draw, route: str, pattern, site: dict):
    converters = getattr(pattern.pattern, "converters", {})
    # Half the time the path names real rows, so the view's own code runs.
    fitting = [c for c in site["candidates"] if c.keys() >= converters.keys()]
    real = draw(st.sampled_from(fitting)) if fitting and draw(st.booleans()) else {}
    lang = real.get("lang", draw(st.sampled_from(["", "en/"])))
    path = route.replace("{lang}", lang)
    for name, converter in converters.items():
        kind = CONVERTER_KINDS.get(type(converter).__name__, "str")
        value = str(real[name]) if name in real else draw(_value(kind))
        path = path.replace(_token(path, name), _segment(value), 1)
    text = st.one_of(st.text(max_size=40), st.sampled_from(HOSTILE))
    pairs = st.lists(st.tuples(st.one_of(st.sampled_from(QUERY_KEYS), text), text))
    query = draw(pairs.map(lambda items: items[:5]))
    method = draw(st.sampled_from(["GET", "GET", "HEAD", "POST", "POST", "OPTIONS"]))
    form = {}
    if method == "POST":
        article_id = real.get("pk") or draw(st.sampled_from(site["articles"])).pk
        # A form a reader could have sent, with some fields swapped for junk.
        form = {
            "name": "Ayşe",
            "email": "ayse@example.org",
            "body": "A fair point.",
            "website": "",
            "timestamp": sign_timestamp(article_id),
        }
        junk = draw(st.lists(st.tuples(st.sampled_from(FORM_KEYS), text), max_size=4))
        form.update(junk)
    return method, "/" + path, urlencode(query), form


def _token(path: str, name: str) -> str:
    """Return the `<converter:name>` placeholder of `name` in `path`."""
    end = path.index(f"{name}>") + len(name) + 1
    return path[path.rindex("<", 0, end) : end]


def _send(client: Client, method: str, path: str, query: str, form: dict):
    url = f"{path}?{query}" if query else path
    if method == "POST":
        return client.post(url, form)
    return client.generic(method, url)


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_public_route_never_answers_500(route, site):
    client = Client()

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(requests(route, ROUTES[route], site))
    def check(request):
        method, path, query, form = request
        response = _send(client, method, path, query, form)
        assert response.status_code < 500, (method, path, query, form)

    check()


def test_every_public_route_is_fuzzed():
    names = {pattern.name for pattern in ROUTES.values()}

    assert {"article-detail", "search", "create", "healthz", "media"} <= names


@settings(
    max_examples=EXAMPLES * 2,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    username=st.one_of(st.text(max_size=300), st.sampled_from(HOSTILE)),
    password=st.one_of(st.text(max_size=300), st.sampled_from(HOSTILE)),
    extra=st.dictionaries(st.sampled_from(FORM_KEYS), st.text(max_size=50)),
)
@pytest.mark.django_db
def test_admin_login_form_never_answers_500(username, password, extra):
    from django.urls import reverse

    response = Client().post(
        reverse("admin:login"), extra | {"username": username, "password": password}
    )

    assert response.status_code in {200, 302, 400, 403, 429}


@pytest.mark.parametrize(
    "url", ["/tag/%00/feed/atom/", "/en/%00/x/", "/media/a%00.jpg"]
)
@pytest.mark.django_db
def test_nul_in_the_address_gets_a_clear_400(client, url):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert "Bad request" in response.content.decode() or "Geçersiz istek" in (
        response.content.decode()
    )


@pytest.mark.parametrize("username", ["a" * 300, "ay\x00se"])
@pytest.mark.django_db
def test_failed_sign_in_with_an_odd_user_name_is_refused_calmly(client, username):
    from axes.models import AccessAttempt
    from django.urls import reverse

    response = client.post(
        reverse("admin:login"), {"username": username, "password": "wrong"}
    )

    assert response.status_code == 200
    for attempt in AccessAttempt.objects.all():
        assert len(attempt.username) <= 255
        assert "\x00" not in attempt.username


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "/\\evil.example", "\\\\x"]
)
@pytest.mark.django_db
def test_language_switch_never_redirects_off_site(client, target):
    response = client.post("/i18n/setlang/", {"language": "en", "next": target})

    assert response.status_code == 302
    assert response["Location"] in {"/", "/en/"}


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x"])
@pytest.mark.django_db
def test_admin_login_never_redirects_off_site(client, target):
    from django.urls import reverse

    from tests.factories import make_user

    make_user(username="ayse", password="a long and good passphrase", is_staff=True)

    response = client.post(
        f"{reverse('admin:login')}?next={quote(target)}",
        {"username": "ayse", "password": "a long and good passphrase",
         "next": target},
    )  # fmt: skip

    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


@pytest.mark.parametrize("url", ["/en/search/?q=a%00b", "/?page=%00", "/en/?x=%00"])
@pytest.mark.django_db
def test_nul_in_the_query_is_left_to_the_view_and_never_a_500(client, url):
    assert client.get(url).status_code < 500
