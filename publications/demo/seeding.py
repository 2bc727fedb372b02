"""Fill the database with many realistic articles for benchmarks (`seed_bench`).

Rows are built in memory and written with bulk_create in batches, never saved
one by one: 100,000 articles with their bylines, tags, comments and
translations take minutes. Text is assembled from sentences in the article's
language, so search, snippets and reading times behave as on a real archive.
On PostgreSQL the search vectors are filled by the trigger of migration 0004.

The mix is deliberately uneven, as a real archive is: most pieces are Turkish
analyses (so one category runs to thousands of pages), a few authors and tags
carry most of the work, and some pieces are not public (drafts, pieces in
review, scheduled ones), so the benchmark also proves they stay out of lists.
"""

from __future__ import annotations

import random
import secrets
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import accumulate

from django.db import connection, transaction
from django.utils import timezone
from taggit.models import Tag

from comments.models import Comment

from ..models import Article, ArticleAuthor, Author, Category, TaggedArticle
from ..text import slugify_tr

BATCH = 1000
YEARS = 15

# Shares of the whole archive; Analiz in Turkish is the deepest list.
CATEGORY_WEIGHTS = {"analiz": 54, "yorum": 16, "blog": 13, "rapor": 9, "bulten": 8}
TURKISH_SHARE = 0.85
TRANSLATED_SHARE = 0.15
# Of the rest: drafts, pieces in review, and scheduled ones.
NOT_PUBLIC = [(Article.Status.DRAFT, 0.02), (Article.Status.REVIEW, 0.01)]
SCHEDULED_SHARE = 0.01

FIRST_NAMES = [
    "Ayşe", "Mehmet", "Elif", "Can", "Zeynep", "Emre", "Selin", "Burak", "Deniz",
    "Murat", "Leyla", "Orhan", "Nilüfer", "Kerem", "İpek", "Tolga", "Vasif",
    "Farid", "Nigar", "Anna", "James", "Sophie", "Thomas", "Elena", "David",
]  # fmt: skip
LAST_NAMES = [
    "Yıldırım", "Kaya", "Demir", "Şahin", "Çelik", "Aydın", "Öztürk", "Arslan",
    "Doğan", "Kılıç", "Huseynov", "Aliyev", "Mammadova", "Smith", "Walker",
    "Fischer", "Rossi", "Novak", "Ivanova", "Karimova",
]  # fmt: skip
ROLES = ["Kıdemli Araştırmacı", "Araştırmacı", "Senior Fellow", "Analyst", ""]

TEXT = {
    "tr": {
        "regions": [
            "Güney Kafkasya", "Karadeniz", "Orta Asya", "Doğu Akdeniz", "Balkanlar",
            "Körfez", "Hazar Havzası", "Avrupa Birliği", "Orta Doğu", "Kuzey Afrika",
        ],
        "topics": [
            "enerji güvenliği", "savunma sanayii", "göç politikası", "dış ticaret",
            "iklim diplomasisi", "ulaştırma koridorları", "nükleer enerji",
            "siber güvenlik", "gıda güvenliği", "bölgesel entegrasyon",
            "yaptırımlar", "doğal gaz", "liman yatırımları", "seçimler",
        ],
        "titles": [
            "{region}: {topic} ve yeni dengeler",
            "{topic} ve {region}: fırsatlar ve riskler",
            "{region} için {topic} gündemi",
            "{region} bölgesinde {topic} tartışması",
            "{topic} üzerine beş soru: {region}",
        ],
        "summary": "{region} bölgesinde {topic} alanındaki son gelişmeler, "
        "aktörlerin çıkarları ve önümüzdeki dönemin olası senaryoları.",
        "sentences": [
            "Bölgedeki gelişmeler {topic} alanında yeni bir dönemin başladığını "
            "gösteriyor.",
            "{region} ülkeleri son yıllarda {topic} konusunda daha yakın bir "
            "işbirliğine yöneldi.",
            "Uzmanlar, mevcut politikaların kısa vadede değişmesini beklemiyor.",
            "Ankara'nın yaklaşımı hem ekonomik hem de güvenlik kaygılarıyla "
            "şekilleniyor.",
            "Son anlaşma, taraflar arasındaki güveni artırmakla birlikte bazı "
            "soruları yanıtsız bırakıyor.",
            "Küresel piyasalardaki dalgalanma, {topic} gündemini yeniden öne "
            "çıkardı.",
            "Karar alıcıların önünde üç temel seçenek bulunuyor.",
            "Bu tablo, {region} için uzun vadeli bir strateji ihtiyacını açıkça "
            "ortaya koyuyor.",
            "Verilere göre bölgesel ticaret hacmi geçen yıla kıyasla belirgin "
            "biçimde arttı.",
            "Sivil toplum kuruluşları sürecin daha şeffaf yürütülmesini talep "
            "ediyor.",
            "Ulaştırma ve enerji hatlarının güvenliği tüm tarafların ortak "
            "çıkarıdır.",
            "Önümüzdeki seçimler, hükümetin manevra alanını daraltabilir.",
            "Komşu ülkelerle yürütülen diyalog, krizlerin tırmanmasını önlemede "
            "kritik rol oynuyor.",
            "Yatırımcılar belirsizliğin azalmasını beklerken temkinli davranıyor.",
            "Tarihsel bağlar ve kültürel yakınlık ilişkilerin temelini oluşturuyor.",
            "Ancak ortak güvenlik tehditleri taraflar arasındaki stratejik "
            "ortaklığı derinleştiriyor.",
        ],
        "headings": ["Arka plan", "Temel aktörler", "Senaryolar", "Sonuç"],
        "comment": [
            "Çok açıklayıcı bir analiz, teşekkürler.",
            "Bu konuda farklı düşünüyorum; ekonomik boyut daha belirleyici.",
            "Kaynaklar için teşekkürler, raporun tamamını okuyacağım.",
            "Bölgedeki son gelişmeler bu değerlendirmeyi doğruluyor.",
        ],
    },
    "en": {
        "regions": [
            "the South Caucasus", "the Black Sea", "Central Asia",
            "the Eastern Mediterranean", "the Balkans", "the Gulf",
            "the Caspian Basin", "the European Union", "the Middle East",
            "North Africa",
        ],
        "topics": [
            "energy security", "defence industry", "migration policy", "trade",
            "climate diplomacy", "transport corridors", "nuclear energy",
            "cyber security", "food security", "regional integration",
            "sanctions", "natural gas", "port investment", "elections",
        ],
        "titles": [
            "{topic} in {region}: a new balance",
            "{region} and {topic}: opportunities and risks",
            "The {topic} agenda for {region}",
            "Five questions on {topic} in {region}",
            "Why {topic} matters for {region}",
        ],
        "summary": "Recent developments in {topic} across {region}, the interests "
        "of the actors involved, and the likely scenarios ahead.",
        "sentences": [
            "Developments in the region suggest a new period for {topic}.",
            "Countries of {region} have moved towards closer cooperation on "
            "{topic} in recent years.",
            "Experts do not expect current policies to change in the short term.",
            "Ankara's approach is shaped by both economic and security concerns.",
            "The latest agreement builds trust between the parties but leaves "
            "several questions open.",
            "Volatility in global markets has brought {topic} back to the top of "
            "the agenda.",
            "Decision makers face three basic options.",
            "This picture shows clearly that {region} needs a long-term strategy.",
            "According to the data, regional trade volumes rose markedly on the "
            "previous year.",
            "Civil society organisations are calling for a more transparent "
            "process.",
            "The security of transport and energy routes is in the interest of "
            "all parties.",
            "Upcoming elections may narrow the government's room for manoeuvre.",
            "Dialogue with neighbouring countries plays a critical role in "
            "preventing crises from escalating.",
            "Investors remain cautious while they wait for uncertainty to ease.",
            "Historical ties and cultural proximity form the basis of the "
            "relationship.",
            "Common security threats, however, are deepening the strategic "
            "partnership between the parties.",
        ],
        "headings": ["Background", "Key actors", "Scenarios", "Conclusion"],
        "comment": [
            "A very clear analysis, thank you.",
            "I see this differently; the economic side matters more.",
            "Thanks for the sources, I will read the full report.",
            "Recent events in the region bear this assessment out.",
        ],
    },
}  # fmt: skip
SOURCES = [
    ("Geopolitical monitor", "https://www.geopoliticalmonitor.com/"),
    ("Daily Sabah", "https://www.dailysabah.com/"),
    ("Anadolu Ajansı", "https://www.aa.com.tr/"),
]


@dataclass
class _Picker:
    """Weighted choice among `items`, a few of them far more often than the rest."""

    items: list
    cumulative: list[float]

    @classmethod
    def zipf(cls, items: list, exponent: float = 0.9) -> _Picker:
        weights = [1 / (rank + 1) ** exponent for rank in range(len(items))]
        return cls(items, list(accumulate(weights)))

    def __call__(self, rng: random.Random, k: int = 1) -> list:
        """Return `k` different items (fewer only if there are fewer)."""
        k = min(k, len(self.items))
        chosen: dict = {}
        while len(chosen) < k:
            for item in rng.choices(self.items, cum_weights=self.cumulative, k=k):
                chosen.setdefault(item, None)
        return list(chosen)[:k]


def seed_articles(
    *,
    articles: int,
    seed: int = 0,
    now: datetime | None = None,
    progress: Callable[[str], None] | None = None,
) -> Counter:
    """Add `articles` articles with authors, tags, comments and translations.

    Nothing existing is changed; slugs carry a run token so a second run adds
    to the first. Returns counts of the rows created.
    """
    rng = random.Random(seed)
    now = now or timezone.now()
    token = secrets.token_hex(3)
    say = progress or (lambda line: None)
    stats: Counter = Counter()
    categories = {c.slug: c for c in Category.objects.all()}
    ordered_categories = list(categories.values())
    pick_category = _weighted(
        [categories[slug] for slug in CATEGORY_WEIGHTS if slug in categories],
        [w for slug, w in CATEGORY_WEIGHTS.items() if slug in categories],
    )
    with transaction.atomic():
        authors = _create_authors(rng, max(8, min(400, articles // 250)), token)
        stats["authors"] = len(authors)
        tags = _create_tags(rng, max(20, min(1500, articles // 60)))
        stats["tags"] = len(tags)
        pick_author = _Picker.zipf(authors, exponent=0.7)
        pick_tag = _Picker.zipf(tags, exponent=0.8)
        made = 0
        while made < articles:
            size = min(BATCH, articles - made)
            batch = _create_batch(
                rng,
                size,
                made,
                token,
                now,
                ordered_categories,
                pick_category,
                pick_author,
                pick_tag,
            )
            made += len(batch)
            stats["articles"] += len(batch)
            stats["translations"] += sum(1 for a in batch if a.translation_of_id)
            stats["comments"] += _create_comments(rng, batch, now)
            say(f"{made:,} of {articles:,} articles")
    stats["bylines"] = ArticleAuthor.objects.filter(author__in=authors).count()
    _refresh_statistics()
    return stats


def _refresh_statistics() -> None:
    """Let PostgreSQL plan with the new rows and answer lists from indexes alone.

    Autovacuum would get there too, minutes later; a benchmark starting at once
    would measure plans made for an empty table.
    """
    if connection.vendor != "postgresql":
        return
    tables = [
        model._meta.db_table
        for model in (Article, ArticleAuthor, Author, TaggedArticle, Tag, Comment)
    ]
    # VACUUM cannot run inside a transaction (as in a test); ANALYZE can.
    if connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {', '.join(tables)}")
        return
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM (ANALYZE) {', '.join(tables)}")
        # Right after a large write, a snapshot taken meanwhile (autovacuum's,
        # say) can stop VACUUM from marking pages all-visible; index-only
        # scans then read the table after all. Try again once it has gone.
        for _attempt in range(10):
            cursor.execute(
                "SELECT relpages, relallvisible FROM pg_class WHERE relname = %s",
                [Article._meta.db_table],
            )
            pages, visible = cursor.fetchone()
            if visible >= pages * 0.9:
                break
            time.sleep(1)
            cursor.execute(f"VACUUM {', '.join(tables)}")


def _weighted(items: list, weights: list[float]) -> Callable[[random.Random], object]:
    cumulative = list(accumulate(weights))
    return lambda rng: rng.choices(items, cum_weights=cumulative)[0]


def _create_authors(rng: random.Random, count: int, token: str) -> list[Author]:
    authors = []
    for n in range(count):
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        authors.append(
            Author(
                name=name,
                slug=f"{slugify_tr(name)}-{token}{n}",
                role=rng.choice(ROLES),
                bio=f"{name}, bölge çalışmaları ve dış politika üzerine yazıyor.",
            )
        )
    return Author.objects.bulk_create(authors, batch_size=BATCH)


def _create_tags(rng: random.Random, count: int) -> list[Tag]:
    names = []
    for language in ("tr", "en"):
        text = TEXT[language]
        names += text["topics"] + text["regions"]
        names += [f"{r} {t}" for r in text["regions"] for t in text["topics"]]
    names = list(dict.fromkeys(names))
    rng.shuffle(names)
    names = names[:count]
    while len(names) < count:
        names.append(f"{rng.choice(names)} {len(names)}")
    existing = {tag.name: tag for tag in Tag.objects.filter(name__in=names)}
    slugs = set(Tag.objects.values_list("slug", flat=True))
    new = []
    for name in names:
        if name in existing:
            continue
        slug = base = slugify_tr(name) or "tag"
        n = 2
        while slug in slugs:
            slug, n = f"{base}-{n}", n + 1
        slugs.add(slug)
        new.append(Tag(name=name, slug=slug))
    Tag.objects.bulk_create(new, batch_size=BATCH)
    by_name = {tag.name: tag for tag in Tag.objects.filter(name__in=names)}
    return [by_name[name] for name in names]


def _body(rng: random.Random, text: dict, words: dict) -> tuple[str, int]:
    parts, count = [], 0
    headings = rng.sample(text["headings"], k=rng.randint(1, 3))
    for heading in headings:
        parts.append(f"<h2>{heading}</h2>")
        count += len(heading.split())
        for _ in range(rng.randint(2, 4)):
            sentences = rng.sample(text["sentences"], k=rng.randint(3, 6))
            paragraph = " ".join(sentences).format(**words)
            parts.append(f"<p>{paragraph}</p>")
            count += len(paragraph.split())
    return "".join(parts), count


def _article(rng, language, category, n, token, published_at, status) -> Article:
    text = TEXT[language]
    words = {"region": rng.choice(text["regions"]), "topic": rng.choice(text["topics"])}
    title = rng.choice(text["titles"]).format(**words)
    first = "İ" if language == "tr" and title[0] == "i" else title[0].upper()
    title = first + title[1:]
    body, count = _body(rng, text, words)
    source_name, source_url = ("", "")
    source_on = None
    if published_at and rng.random() < 0.3:
        source_name, source_url = rng.choice(SOURCES)
        source_on = (published_at - timedelta(days=1)).date()
    return Article(
        title=title,
        slug=f"{slugify_tr(title, max_length=150)}-{token}{n}",
        summary=text["summary"].format(**words),
        body=body,
        word_count=count,
        category=category,
        status=status,
        published_at=published_at,
        language=language,
        source_name=source_name,
        source_url=source_url,
        source_published_on=source_on,
        is_featured=rng.random() < 0.005,
        created_at=published_at or timezone.now(),
    )


def _status_and_date(rng: random.Random, now: datetime, *, public: bool = False):
    roll = 1.0 if public else rng.random()
    for status, share in NOT_PUBLIC:
        if roll < share:
            return status, None
        roll -= share
    if roll < SCHEDULED_SHARE:
        return Article.Status.PUBLISHED, now + timedelta(days=rng.uniform(1, 60))
    age = timedelta(seconds=rng.uniform(60, YEARS * 365 * 86400))
    return Article.Status.PUBLISHED, now - age


def _create_batch(
    rng, size, start, token, now, categories, pick_category, pick_author, pick_tag
):
    originals, pairs = [], []
    n = start
    while len(originals) + len(pairs) < size:
        if n < len(categories) * 2:
            # The first few cover every category in both languages, published
            # and translated, so even a tiny seed shows every kind of page.
            category, language = categories[n // 2], ("tr", "en")[n % 2]
            status, published_at = _status_and_date(rng, now, public=True)
        else:
            language = "tr" if rng.random() < TURKISH_SHARE else "en"
            category = pick_category(rng)
            status, published_at = _status_and_date(rng, now)
        original = _article(rng, language, category, n, token, published_at, status)
        originals.append(original)
        n += 1
        translate = n == 1 or rng.random() < TRANSLATED_SHARE
        if len(originals) + len(pairs) < size and translate:
            other = "en" if language == "tr" else "tr"
            later = published_at and min(now, published_at + timedelta(hours=6))
            pairs.append(
                (original, _article(rng, other, category, n, token, later, status))
            )
            n += 1
    Article.objects.bulk_create(originals, batch_size=BATCH)
    for original, translated in pairs:
        translated.translation_of_id = original.pk
    translations = [translated for _, translated in pairs]
    Article.objects.bulk_create(translations, batch_size=BATCH)
    batch = originals + translations

    bylines, tagged = [], []
    authors_of = {}
    for original, translated in pairs:
        authors_of[translated.slug] = original
    for article in batch:
        source = authors_of.get(article.slug)
        if source is not None:
            article.seed_authors = source.seed_authors
            article.seed_tags = source.seed_tags
        else:
            article.seed_authors = pick_author(rng, k=rng.choice((1, 1, 1, 1, 2, 2, 3)))
            article.seed_tags = pick_tag(rng, k=rng.randint(2, 5))
        bylines += [
            ArticleAuthor(article_id=article.pk, author_id=author.pk, position=i)
            for i, author in enumerate(article.seed_authors)
        ]
        tagged += [
            TaggedArticle(content_object_id=article.pk, tag_id=tag.pk)
            for tag in article.seed_tags
        ]
    ArticleAuthor.objects.bulk_create(bylines, batch_size=BATCH)
    TaggedArticle.objects.bulk_create(tagged, batch_size=BATCH)
    return batch


def _create_comments(rng: random.Random, batch: list[Article], now: datetime) -> int:
    top, replies = [], []
    for article in batch:
        if article.status != Article.Status.PUBLISHED or article.published_at > now:
            continue
        if rng.random() < 0.6:
            continue
        lines = TEXT[article.language]["comment"]
        age = (now - article.published_at).total_seconds()
        for _ in range(rng.randint(1, 5)):
            seconds = rng.uniform(0, min(age, 30 * 86400))
            top.append(_comment(rng, article, lines, article.published_at, seconds))
    Comment.objects.bulk_create(top, batch_size=BATCH)
    for comment in top:
        if comment.status == Comment.Status.APPROVED and rng.random() < 0.2:
            lines = TEXT[comment.article.language]["comment"]
            left = (now - comment.created_at).total_seconds()
            seconds = rng.uniform(0, min(left, 86400))
            reply = _comment(rng, comment.article, lines, comment.created_at, seconds)
            reply.parent_id = comment.pk
            replies.append(reply)
    Comment.objects.bulk_create(replies, batch_size=BATCH)
    return len(top) + len(replies)


def _comment(rng, article, lines, after: datetime, seconds: float) -> Comment:
    first = rng.choice(FIRST_NAMES)
    roll = rng.random()
    status = (
        Comment.Status.APPROVED
        if roll < 0.85
        else Comment.Status.PENDING
        if roll < 0.95
        else Comment.Status.SPAM
    )
    return Comment(
        article=article,
        name=f"{first} {rng.choice(LAST_NAMES)[0]}.",
        email=f"{slugify_tr(first)}{rng.randint(1, 9999)}@example.org",
        body=rng.choice(lines),
        status=status,
        created_at=after + timedelta(seconds=seconds),
    )
