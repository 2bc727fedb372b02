from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from django.utils import timezone

from publications.models import Article
from tests.factories import make_article, make_author, unpublished_states

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
}


def sitemap(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    return ElementTree.fromstring(response.content)


def entries(root) -> dict[str, ElementTree.Element]:
    return {url.findtext("sm:loc", namespaces=NS): url for url in root}


def path_of(url: str) -> str:
    return urlsplit(url).path


@pytest.mark.django_db
def test_sitemap_lists_published_articles_with_last_modified_date(client):
    article = make_article()

    urls = entries(sitemap(client))

    entry = urls["http://testserver" + article.get_absolute_url()]
    lastmod = timezone.localdate(article.updated_at).isoformat()
    assert entry.findtext("sm:lastmod", namespaces=NS) in {
        lastmod,
        article.updated_at.date().isoformat(),
    }


@pytest.mark.django_db
@unpublished_states
def test_sitemap_never_lists_unpublished_articles(client, fields):
    author = make_author()
    hidden = make_article(authors=[author], tags=["secret-tag"], **fields)

    paths = {path_of(loc) for loc in entries(sitemap(client))}

    assert hidden.get_absolute_url() not in paths
    # Authors and tags known only from unpublished work are not advertised.
    assert author.get_absolute_url() not in paths
    assert not any("secret-tag" in path for path in paths)


@pytest.mark.django_db
def test_every_sitemap_url_answers_200(client):
    author = make_author()
    make_article(authors=[author], tags=["energy"], language="en")
    make_article(authors=[author], language="tr")

    locations = list(entries(sitemap(client)))

    assert len(locations) > 10
    for location in locations:
        assert client.get(path_of(location)).status_code == 200, location


@pytest.mark.django_db
def test_list_pages_appear_in_both_languages_with_alternates(client):
    author = make_author()
    make_article(authors=[author], tags=["güvenlik"])

    urls = entries(sitemap(client))

    tag_paths = ["/tag/g%C3%BCvenlik/", "/en/tag/g%C3%BCvenlik/"]
    for path in ["/", "/en/", "/category/analiz/", "/en/category/analiz/", *tag_paths]:
        entry = urls["http://testserver" + path]
        alternates = {
            link.get("hreflang"): path_of(link.get("href"))
            for link in entry.findall("xhtml:link", NS)
        }
        assert alternates["tr"] == path.removeprefix("/en")
        assert alternates["en"] == "/en" + path.removeprefix("/en")
    assert "http://testserver" + author.get_absolute_url() in urls


@pytest.mark.django_db
def test_translated_articles_point_at_each_other(client):
    turkish = make_article(language="tr", title="Enerji güvenliği")
    english = make_article(
        language="en", title="Energy security", translation_of=turkish
    )

    urls = entries(sitemap(client))

    for article, other in [(turkish, english), (english, turkish)]:
        entry = urls["http://testserver" + article.get_absolute_url()]
        alternates = {
            link.get("hreflang"): path_of(link.get("href"))
            for link in entry.findall("xhtml:link", NS)
        }
        assert alternates == {
            article.language: article.get_absolute_url(),
            other.language: other.get_absolute_url(),
        }


@pytest.mark.django_db
def test_unpublished_translation_is_not_an_alternate(client):
    turkish = make_article(language="tr")
    make_article(language="en", translation_of=turkish, status=Article.Status.DRAFT)

    entry = entries(sitemap(client))["http://testserver" + turkish.get_absolute_url()]

    assert entry.findall("xhtml:link", NS) == []


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [3, 30])
def test_sitemap_queries_do_not_grow(client, django_assert_num_queries, rows):
    authors = [make_author() for _ in range(rows)]
    for n in range(rows):
        original = make_article(language="tr", authors=[authors[n]])
        make_article(
            language="en",
            translation_of=original,
            authors=authors[:2],
            tags=["gas", f"t{n}"],
        )

    # home: latest update; categories; authors; tags; articles: count, page,
    # translations
    with django_assert_num_queries(7):
        sitemap(client)
