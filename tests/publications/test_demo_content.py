import html
import io
import re
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from PIL import Image

from comments.models import Comment
from publications.models import Article, Author, Category
from tests.factories import make_article

REFERENCE_SLUG = "azerbaijan-turkey-strategic-alliance-deepens-amid-recent-conflicts"

# The reference page's text, as published (non-breaking spaces included).
REFERENCE_BLOCKS = [
    "The relationship between Azerbaijan and Turkey has been on a developing course "
    "since the very beginning of the former’s post-Soviet independence, and has now "
    "arguably reached its hitherto peak. The unequivocal support by Turkish leaders "
    "to Azerbaijan amidst the escalation of its conflict with Armenia, the "
    "subsequent joint exercises and drills between their armed forces, and frequent "
    "mutual visits of high-ranking officials regardless of the pandemic are some of "
    "the highlights in the bilateral relations of the two countries in recent "
    "months. While the ethnic kinship and cultural proximity constitute the "
    "cornerstone of these bonds, these are common interests and security threats "
    "that lead the two brotherly nations toward building a strategic alliance.",
    "“One nation, two states”",
    "The two Turkic states that often laud their bonds under the motto “one nation, "
    "two states” have to deal with common security threats posed by Armenia’s "
    "territorial claims and Russia’s military presence and security interests in "
    "the South Caucasus. Armenia hosts Russia’s military base in Gyumri, a city 10 "
    "kilometers away from the Turkish border, which is\xa0supposed\xa0to serve, "
    "among others, Russia’s aim to exert pressure on Turkey from its eastern "
    "borders. It is widely assumed that Armenia would have not been able to sustain "
    "its control over the Nagorno-Karabakh region of Azerbaijan and surrounding "
    "districts without Russian military support.",
    "These threats were out there since the collapse of the Soviet Union, but they "
    "have recently gained momentum following\xa0reckless statements\xa0from "
    "Armenia’s leadership, the military\xa0attacks\xa0(July 12 – 15) by the armed "
    "forces of Armenia on the Tovuz district of Azerbaijan where all the "
    "transportation and energy routes (such as the Baku-Tbilisi-Ceyhan oil "
    "pipeline, Baku-Tbilisi-Erzurum gas pipeline, and Baku-Tbilisi-Kars railway) "
    "connecting Azerbaijan and Turkey pass through, and Russia’s increasing "
    "arms\xa0supply\xa0to Armenia in the wake of Tovuz escalation.",
]


def words(text: str) -> str:
    return " ".join(html.unescape(text).split())


def blocks(body: str) -> list[tuple[str, str]]:
    """(tag, text) of each paragraph and heading of an article body."""
    return [
        (tag, words(re.sub(r"<[^>]+>", "", inner)))
        for tag, inner in re.findall(r"<(p|h2)>(.*?)</\1>", body, re.DOTALL)
    ]


@pytest.fixture
def demo(db):
    call_command("load_demo_content", stdout=io.StringIO())


@pytest.fixture
def reference(demo):
    return Article.objects.get(slug=REFERENCE_SLUG)


def snapshot():
    return {
        "articles": sorted(
            Article.objects.values_list("slug", "version", "updated_at")
        ),
        "authors": sorted(Author.objects.values_list("slug", "photo", "updated_at")),
        "comments": Comment.objects.count(),
        "tags": sorted(Article.tags.through.objects.values_list("pk", flat=True)),
    }


@pytest.mark.django_db
def test_demo_content_fills_an_empty_site(demo):
    assert Author.objects.count() >= 8
    assert Article.objects.published().count() >= 25
    assert Comment.objects.approved().count() >= 5
    assert all(author.bio and author.photo for author in Author.objects.all())


@pytest.mark.django_db
def test_second_run_changes_nothing(demo):
    before = snapshot()
    out = io.StringIO()

    call_command("load_demo_content", stdout=out)

    assert snapshot() == before
    assert "no changes" in out.getvalue()


@pytest.mark.django_db
def test_second_run_restores_an_edited_demo_text_without_duplicates(demo):
    Article.objects.filter(slug=REFERENCE_SLUG).update(title="Changed")
    count = Article.objects.count()

    call_command("load_demo_content", stdout=io.StringIO())

    assert Article.objects.count() == count
    assert Article.objects.get(slug=REFERENCE_SLUG).title.startswith("Azerbaijan")


@pytest.mark.django_db
def test_reference_article_has_the_reference_metadata(reference):
    published = timezone.localtime(reference.published_at)

    assert reference.title == (
        "Azerbaijan–Turkey Strategic Alliance Deepens Amid Recent Conflicts"
    )
    assert reference.is_public
    assert published.strftime("%d.%m.%Y") == "23.09.2020"
    assert str(published.tzinfo) == "Europe/Istanbul"
    assert reference.language == "en"
    assert reference.category.slug == "analiz"
    assert [a.name for a in reference.ordered_authors] == ["Vasif Huseynov"]
    assert reference.source_name == "Geopolitical monitor"
    assert reference.source_published_on == date(2020, 9, 22)
    assert reference.source_url == (
        "https://www.geopoliticalmonitor.com/"
        "azerbaijan-turkey-strategic-alliance-deepens-amid-recent-conflicts/"
    )
    assert reference.comments_enabled
    assert not reference.comments.exists()
    assert reference.summary
    assert {"Azerbaijan", "Turkey"} <= set(reference.tags.names())


@pytest.mark.django_db
def test_reference_article_body_is_the_reference_text(reference):
    expected = [("p", words(text)) for text in REFERENCE_BLOCKS]
    expected[1] = ("h2", expected[1][1])

    assert blocks(reference.body) == expected


@pytest.mark.django_db
def test_reference_article_page_shows_date_source_and_no_comments(
    client, reference, settings
):

    response = client.get(reference.get_absolute_url())

    text = words(response.content.decode())
    assert response.status_code == 200
    assert "23.09.2020" in text
    assert "Geopolitical monitor" in text
    assert "Vasif Huseynov" in text
    assert "(July 12 – 15)" in text
    assert "No comments yet." in text


@pytest.mark.django_db
def test_every_category_and_language_has_published_articles(demo):
    published = Article.objects.published()

    for category in Category.objects.all():
        for language in ["tr", "en"]:
            assert published.in_category(category).in_language(language).exists(), (
                category.slug,
                language,
            )


@pytest.mark.django_db
def test_about_half_the_articles_are_turkish_with_turkish_letters(demo):
    turkish = Article.objects.in_language("tr")
    english = Article.objects.in_language("en")

    assert abs(turkish.count() - english.count()) <= 3
    text = " ".join(turkish.values_list("body", flat=True))
    assert set("çğıİöşü") <= set(text)


@pytest.mark.django_db
def test_unpublished_demo_articles_stay_out_of_published(demo):
    hidden = Article.objects.exclude(pk__in=Article.objects.published())

    statuses = set(hidden.values_list("status", flat=True))
    assert {Article.Status.DRAFT, Article.Status.REVIEW} <= statuses
    assert Article.objects.scheduled().exists()
    assert not Article.objects.published().filter(pk__in=hidden).exists()


@pytest.mark.django_db
def test_translations_pair_the_two_languages(demo):
    pairs = Article.objects.filter(translation_of__isnull=False).select_related(
        "translation_of"
    )

    assert pairs.count() >= 3
    for article in pairs:
        assert article.language != article.translation_of.language


@pytest.mark.django_db
def test_featured_images_are_wide_jpegs_with_alt_text(demo):
    illustrated = Article.objects.exclude(featured_image="")

    assert illustrated.count() >= 3
    for article in illustrated:
        with article.featured_image.open() as file, Image.open(file) as image:
            assert (image.format, image.size) == ("JPEG", (1600, 900))
        assert article.featured_image_alt


@pytest.mark.django_db
def test_body_features_render(demo):
    bodies = " ".join(Article.objects.published().values_list("body", flat=True))

    for marker in ["<h2>", "<blockquote>", "<ul>", "[["]:
        assert marker in bodies
    noted = Article.objects.published().filter(body__contains="[[").first()
    assert 'class="footnotes"' in noted.body_html


@pytest.mark.django_db
def test_demo_comments_are_approved_and_on_public_articles(demo):
    comments = Comment.objects.select_related("article")

    assert comments.filter(parent__isnull=False).exists()
    for comment in comments:
        assert comment.status == Comment.Status.APPROVED
        assert comment.article.is_public
        assert comment.created_at > comment.article.published_at


@pytest.mark.django_db
def test_if_empty_leaves_an_existing_site_alone(db):
    make_article(title="Our own article")
    out = io.StringIO()

    call_command("load_demo_content", "--if-empty", stdout=out)

    assert list(Article.objects.values_list("title", flat=True)) == ["Our own article"]
    assert not Author.objects.exists()
    assert "not loaded" in out.getvalue()


@pytest.mark.django_db
def test_if_empty_loads_into_an_empty_site(db):
    call_command("load_demo_content", "--if-empty", stdout=io.StringIO())

    assert Article.objects.filter(slug=REFERENCE_SLUG).exists()


@pytest.mark.django_db
def test_no_accounts_are_created_by_default(demo):
    assert not get_user_model().objects.exists()


@pytest.mark.django_db
def test_with_users_creates_an_editor_and_an_author_with_printed_passwords(demo):
    out = io.StringIO()

    call_command("load_demo_content", "--with-users", stdout=out)

    passwords = dict(re.findall(r"^(\S+)\s+password: (\S+)$", out.getvalue(), re.M))
    users = get_user_model().objects.filter(username__in=passwords)
    assert len(users) == 2
    for user in users:
        assert user.is_staff and not user.is_superuser
        assert user.check_password(passwords[user.username])
    roles = {user.username: user.groups.get().name for user in users}
    assert sorted(roles.values()) == ["Authors", "Editors"]
    author_account = next(u for u in users if roles[u.username] == "Authors")
    assert author_account.author.articles.exists()


@pytest.mark.django_db
def test_with_users_gives_the_author_account_an_author_on_a_used_site(db):
    make_article(title="Our own article")

    call_command(
        "load_demo_content", "--if-empty", "--with-users", stdout=io.StringIO()
    )

    account = get_user_model().objects.get(groups__name="Authors")
    assert account.author.name
    assert list(Article.objects.values_list("title", flat=True)) == ["Our own article"]
