from datetime import UTC, datetime, timedelta

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone, translation

from tests.factories import (
    make_article,
    make_author,
    make_category,
    unpublished_states,
)
from tests.markup import parse as parse_html

FEEDS = ["feed-rss", "feed-atom"]


def parse(response):
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def feed_url(name, language="tr", **kwargs):
    with translation.override(language):
        return reverse(f"publications:{name}", kwargs=kwargs or None)


@pytest.mark.django_db
@pytest.mark.parametrize("name", FEEDS)
def test_site_feed_lists_published_articles_with_their_details(client, name):
    author = make_author(name="Vasif Huseynov")
    article = make_article(
        title="Azerbaijan–Turkey strategic alliance deepens",
        summary="The two states draw closer.",
        authors=[author, make_author(name="Ayşe Yılmaz")],
        tags=["Caucasus", "güvenlik"],
    )

    feed = parse(client.get(feed_url(name)))

    (entry,) = feed.entries
    assert entry.title == article.title
    assert entry.link == "http://testserver" + article.get_absolute_url()
    assert entry.summary == "The two states draw closer."
    assert entry.author == "Vasif Huseynov, Ayşe Yılmaz"
    assert {tag.term for tag in entry.tags} == {"Caucasus", "güvenlik"}
    published = datetime(*entry.published_parsed[:6], tzinfo=UTC)
    assert abs(published - article.published_at) < timedelta(seconds=1)


@pytest.mark.django_db
def test_atom_entries_carry_the_update_date(client):
    article = make_article()

    (entry,) = parse(client.get(feed_url("feed-atom"))).entries

    updated = datetime(*entry.updated_parsed[:6], tzinfo=UTC)
    assert abs(updated - article.updated_at) < timedelta(seconds=1)


@pytest.mark.django_db
@pytest.mark.parametrize("name", FEEDS)
def test_feeds_list_newest_first(client, name):
    old = make_article(published_at=timezone.now() - timedelta(days=3))
    new = make_article(published_at=timezone.now() - timedelta(days=1))

    feed = parse(client.get(feed_url(name)))

    assert [e.title for e in feed.entries] == [new.title, old.title]


@pytest.mark.django_db
@pytest.mark.parametrize("name", FEEDS)
@unpublished_states
def test_feeds_never_show_unpublished_articles(client, name, fields):
    author = make_author()
    category = make_category()
    make_article(
        title="Secret", authors=[author], category=category, tags=["x"], **fields
    )
    kind = name.removeprefix("feed-")

    urls = [
        feed_url(name),
        feed_url(f"category-feed-{kind}", slug=category.slug),
        feed_url(f"author-feed-{kind}", slug=author.slug),
        feed_url(f"tag-feed-{kind}", slug="x"),
    ]

    for url in urls:
        assert parse(client.get(url)).entries == [], url


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_category_feed_lists_only_that_category(client, kind):
    rapor = make_category(name="Rapor X", slug="rapor-x")
    wanted = make_article(category=rapor)
    make_article()

    feed = parse(client.get(feed_url(f"category-feed-{kind}", slug=rapor.slug)))

    assert [e.title for e in feed.entries] == [wanted.title]
    assert "Rapor X" in feed.feed.title
    assert feed.feed.link == "http://testserver" + rapor.get_absolute_url()


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_author_feed_lists_only_their_articles(client, kind):
    author = make_author(name="Leyla Aliyeva")
    wanted = make_article(authors=[author, make_author()])
    make_article(authors=[make_author()])

    feed = parse(client.get(feed_url(f"author-feed-{kind}", slug=author.slug)))

    assert [e.title for e in feed.entries] == [wanted.title]
    assert "Leyla Aliyeva" in feed.feed.title


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_tag_feed_lists_only_tagged_articles_even_with_turkish_slugs(client, kind):
    wanted = make_article(tags=["Enerji güvenliği"])
    make_article(tags=["Su"])

    feed = parse(client.get(feed_url(f"tag-feed-{kind}", slug=wanted.tags.get().slug)))

    assert [e.title for e in feed.entries] == [wanted.title]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("category-feed-rss", "nope"),
        ("author-feed-atom", "nope"),
        ("tag-feed-rss", "nope"),
    ],
)
def test_feed_of_unknown_object_is_404(client, name, slug):
    assert client.get(feed_url(name, slug=slug)).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["tr", "en"])
def test_feed_speaks_the_interface_language(client, language):
    make_article()

    feed = parse(client.get(feed_url("feed-rss", language)))

    assert feed.feed.language == language


@pytest.mark.django_db
def test_feed_escapes_markup_in_titles_and_summaries(client):
    make_article(title="Oil & <gas>", summary="<script>alert(1)</script>")

    response = client.get(feed_url("feed-rss"))

    assert b"<script>" not in response.content
    (entry,) = parse(response).entries
    assert entry.title == "Oil & <gas>"


@pytest.mark.django_db
def test_article_without_summary_is_described_by_its_body(client):
    make_article(summary="", body="<p>First <strong>words</strong> of the body.</p>")

    (entry,) = parse(client.get(feed_url("feed-rss"))).entries

    assert entry.summary == "First words of the body."


@pytest.mark.django_db
def test_feed_holds_the_latest_twenty(client):
    for n in range(25):
        make_article(published_at=timezone.now() - timedelta(hours=n + 1))

    assert len(parse(client.get(feed_url("feed-atom"))).entries) == 20


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [3, 30])
@pytest.mark.parametrize(
    ("name", "queries"),
    [
        ("feed-rss", 3),
        ("feed-atom", 3),
        ("category-feed-rss", 4),
        ("author-feed-atom", 4),
        ("tag-feed-rss", 4),
    ],
)
def test_feed_queries_do_not_grow(
    client, django_assert_num_queries, rows, name, queries
):
    author = make_author()
    for n in range(rows):
        make_article(authors=[author, make_author()], tags=["gas", f"t{n}"])
    slug = {"category": "analiz", "author": author.slug, "tag": "gas"}.get(
        name.split("-")[0]
    )

    # [object], articles with category, bylines with authors, tags
    with django_assert_num_queries(queries):
        response = client.get(feed_url(name, **({"slug": slug} if slug else {})))
    assert len(parse(response).entries) == min(rows, 20)


def feed_links(html: str) -> set[tuple[str, str]]:
    """The (type, address) of each feed the page's head advertises."""
    return {
        (link["type"], link["href"])
        for link in parse_html(html).find("head").find_all("link", rel="alternate")
        if link.get("type") in {"application/rss+xml", "application/atom+xml"}
    }


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["tr", "en"])
def test_every_page_advertises_the_site_feeds(client, language):
    article = make_article(language=language)
    with translation.override(language):
        home = reverse("publications:home")

    for page in [home, article.get_absolute_url()]:
        links = feed_links(client.get(page).text)
        assert ("application/rss+xml", feed_url("feed-rss", language)) in links
        assert ("application/atom+xml", feed_url("feed-atom", language)) in links


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["category", "author", "tag"])
def test_list_pages_advertise_their_own_feeds(client, kind):
    author = make_author()
    article = make_article(authors=[author], tags=["Enerji güvenliği"])
    obj = {"category": article.category, "author": author, "tag": article.tags.get()}[
        kind
    ]

    with translation.override("tr"):
        url = reverse(f"publications:{kind}-detail", kwargs={"slug": obj.slug})
    page = client.get(url)

    links = feed_links(page.text)
    assert ("application/rss+xml", feed_url(f"{kind}-feed-rss", slug=obj.slug)) in links
    assert (
        "application/atom+xml",
        feed_url(f"{kind}-feed-atom", slug=obj.slug),
    ) in links
    assert ("application/rss+xml", feed_url("feed-rss")) in links
    for _type, url in links:
        assert parse(client.get(url)).entries
