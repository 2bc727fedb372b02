"""Full-text search over articles, and the snippets shown with its results.

On PostgreSQL, articles carry a weighted tsvector (title A, summary B, body C)
built with the ``turkish`` or ``english`` configuration after the article's
language (see migration 0004); queries are parsed with websearch_to_tsquery in
the same configuration, ranked with ts_rank, and excerpted with ts_headline.

Other databases get a simpler fallback: every word of the query must occur in
the title, summary or body (case-insensitively, Turkish dotted and dotless i
folded together), newest first, with a snippet cut in Python.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

from django.db import connections
from django.db.models import (
    BooleanField,
    Case,
    Expression,
    F,
    Func,
    Q,
    TextField,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat, Left
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

if TYPE_CHECKING:
    from .models import Article, ArticleQuerySet

# Longer queries are cut: no real search needs more, and the database should
# not parse 10,000 characters on a stranger's behalf.
MAX_QUERY_LENGTH = 200
MAX_WORDS = 16
# Results are ranked among the newest matches only. A common word matches a
# large share of the archive, and ranking reads every match's vector: bounding
# the candidates keeps a search as fast on 100,000 articles as on 1,000, and
# ten pages of the most relevant recent pieces are more than readers page
# through.
MAX_CANDIDATES = 200
# The newest this many articles are searched first (see _newest): on the
# benchmark archive a common word's newest 200 matches lie well within them.
RECENT_WINDOW = 25 * MAX_CANDIDATES
CONFIGS = {"tr": "turkish", "en": "english"}
# Characters of the body searched for an excerpt when the summary matches:
# enough for two fragments of 40 words after the summary.
HEADLINE_OPENING = 800

# ts_headline marks matches with these private-use characters; the text is
# escaped afterwards and only then do the markers become <mark> elements, so
# nothing from an article can reach the page as markup.
_START, _STOP = "\ue000", "\ue001"
_MARKED = re.compile(f"{_START}([^{_START}{_STOP}]*){_STOP}")
_TAG = re.compile(r"<[^>]*>")
_TAG_OR_CUT_TAG = re.compile(r"<[^>]*(>|$)")
_WORD = re.compile(r"\w+")
_SQLITE_MATCH = "publications_search_match"


def clean_query(query: str) -> str:
    """Return `query` without NUL bytes or surplus whitespace, cut to length."""
    query = query.replace("\x00", "")
    return " ".join(query.split())[:MAX_QUERY_LENGTH].strip()


def fold(text: str) -> str:
    """Lower-case `text` for matching, with I, İ, ı and i all as "i".

    Each character maps to exactly one character, so offsets in the folded text
    are offsets in the original.
    """
    # Replacements, not str.translate(), which looks up every character in a
    # mapping: several times slower on a page of results.
    return text.replace("İ", "i").replace("I", "i").replace("ı", "i").lower()


def query_words(query: str) -> list[str]:
    words = []
    for word in _WORD.findall(fold(query)):
        if word not in words:
            words.append(word)
    return words[:MAX_WORDS]


def search_articles(
    queryset: ArticleQuerySet, query: str, *, language: str | None = None
) -> ArticleQuerySet:
    """Filter `queryset` to articles matching `query`, best match first.

    On PostgreSQL each row gets `search_rank` and `search_headline` (raw; pass
    it through `highlighted_snippet`).
    """
    query = clean_query(query)
    if language:
        queryset = queryset.in_language(language)
    if connections[queryset.db].vendor == "postgresql":
        return _search_postgresql(queryset, query, language)
    return _search_fallback(queryset, query)


class _SearchVector(Expression):
    """The article table's search_vector column (not a model field; see 0004).

    Compiled against whatever alias the table has in the query at hand, so it
    also works inside a subquery.
    """

    def __init__(self, output_field):
        super().__init__(output_field=output_field)

    def as_sql(self, compiler, connection):
        alias = compiler.query.get_initial_alias()
        return f"{compiler.quote_name_unless_alias(alias)}.search_vector", []


def _row_queries(query, language, *, index_hint=True):
    """Return the match condition, and each row's query and configuration."""
    from django.contrib.postgres.search import SearchQuery

    languages = [language] if language in CONFIGS else list(CONFIGS)
    queries = {
        code: SearchQuery(query, config=CONFIGS[code], search_type="websearch")
        for code in languages
    }
    matches = Q()
    for code, search_query in queries.items():
        matches |= Q(language=code, search_vector=search_query)
    if len(queries) > 1 and index_hint:
        # Implied by the above, but one condition the GIN index answers by
        # itself: without it the planner may start from the language instead.
        either = None
        for search_query in queries.values():
            either = search_query if either is None else either | search_query
        matches &= Q(search_vector=either)
    if len(queries) == 1:
        (row_query,) = queries.values()
        row_config = Value(CONFIGS[languages[0]])
    else:
        row_query = Case(
            *[When(language=code, then=q) for code, q in queries.items()],
        )
        row_config = Case(
            *[When(language=code, then=Value(CONFIGS[code])) for code in queries]
        )
    return matches, row_query, row_config


def _search_postgresql(queryset, query, language):
    from django.contrib.postgres.search import SearchRank, SearchVectorField

    if not query:
        return queryset.none()
    vector = _SearchVector(output_field=SearchVectorField())
    matches, row_query, _row_config = _row_queries(query, language)
    recent_matches, _row_query, _row_config = _row_queries(
        query, language, index_hint=False
    )
    newest = _newest(
        queryset.alias(search_vector=vector).order_by("-published_at", "-pk"),
        matches,
        recent_matches,
        _recent_cutoff(queryset),
    )
    return _with_headlines(
        queryset.filter(pk__in=newest)
        .annotate(search_rank=SearchRank(vector, row_query))
        .order_by("-search_rank", "-published_at", "-pk"),
        query,
        language,
    )


def _recent_cutoff(queryset):
    """Return when the RECENT_WINDOW-th newest article of `queryset` appeared.

    One short walk down a publication-date index; None for a smaller archive.
    """
    dates = queryset.order_by("-published_at", "-pk").values_list(
        "published_at", flat=True
    )
    return next(iter(dates[RECENT_WINDOW : RECENT_WINDOW + 1]), None)


def _newest(queryset, matches, recent_matches, cutoff):
    """Return SQL for the pks of the newest MAX_CANDIDATES of `candidates`.

    The text index finds every match, but sorting them by date means reading
    each matching row, thousands for a common word. Matches from the newest
    RECENT_WINDOW articles come first: the index of publication dates narrows
    them before any row is read, and when they number MAX_CANDIDATES the older
    part (LIMIT 0) never runs. Otherwise the older part supplies the rest, in
    the same order: the result never depends on the cutoff, only the cost.
    The recent part leaves out the condition that only steers the planner to
    the text index (see _row_queries): it makes the planner expect a handful
    of matches, too few to bother with the date index.
    """
    candidates = queryset.values("pk")
    if cutoff is None:
        return candidates.filter(matches)[:MAX_CANDIDATES]
    connection = connections[queryset.db]
    recent, recent_params = _compiled(
        candidates.filter(recent_matches, published_at__gte=cutoff)[:MAX_CANDIDATES],
        connection,
    )
    older, older_params = _compiled(
        candidates.filter(matches).exclude(published_at__gte=cutoff), connection
    )
    sql = (
        f"WITH recent AS MATERIALIZED ({recent}) "
        "SELECT pk FROM recent UNION ALL "
        f"(SELECT pk FROM ({older}) AS older "
        f"LIMIT {MAX_CANDIDATES:d} - (SELECT count(*) FROM recent))"
    )
    return RawSQL(sql, (*recent_params, *older_params))


def _compiled(queryset, connection):
    return queryset.query.get_compiler(connection=connection).as_sql()


def with_headlines(
    queryset: ArticleQuerySet, query: str, *, language: str | None = None
) -> ArticleQuerySet:
    """Annotate `search_headline` (PostgreSQL only) without filtering or ranking.

    For reading the rows of one page of results whose order is known. The
    body is left unread: the headline stands in for it.
    """
    query = clean_query(query)
    if connections[queryset.db].vendor != "postgresql" or not query:
        return queryset
    return _with_headlines(queryset, query, language).defer("body")


def _with_headlines(queryset, query, language):
    from django.contrib.postgres.search import SearchHeadline, SearchVectorField

    _matches, row_query, row_config = _row_queries(query, language)
    # ts_headline parses all the text it is given, and parsing costs about as
    # much as the whole search. When the summary matches (its lexemes carry
    # weight B in the stored vector, so this reads no text), the excerpt comes
    # from the summary and the opening of the body; otherwise from everything.
    summary_matches = Func(
        Func(
            _SearchVector(output_field=SearchVectorField()),
            template="ts_filter(%(expressions)s, '{b}')",
            output_field=SearchVectorField(),
        ),
        row_query,
        template="(%(expressions)s)",
        arg_joiner=" @@ ",
        output_field=BooleanField(),
    )
    text = Case(
        When(
            summary_matches,
            then=_plain_text(Left(F("body"), HEADLINE_OPENING)),
        ),
        default=_plain_text(F("body")),
    )
    return queryset.annotate(
        search_headline=SearchHeadline(
            text,
            row_query,
            config=row_config,
            start_sel=_START,
            stop_sel=_STOP,
            max_words=40,
            min_words=20,
            max_fragments=2,
            fragment_delimiter=" … ",
        ),
    )


def _plain_text(body):
    """Return the summary and `body` without tags, for the excerpt.

    The vector's parser skips tags by itself. A tag cut off at the end of a
    shortened body goes too.
    """
    return Concat(
        F("summary"),
        Value(" "),
        Func(
            body,
            Value(_TAG_OR_CUT_TAG.pattern),
            Value(" "),
            Value("g"),
            function="regexp_replace",
            output_field=TextField(),
        ),
        output_field=TextField(),
    )


def _search_fallback(queryset, query):
    words = query_words(query)
    if not words:
        return queryset.none()
    matches = Func(
        F("title"),
        F("summary"),
        F("body"),
        Value("\x1f".join(words)),
        function=_SQLITE_MATCH,
        output_field=BooleanField(),
    )
    return queryset.alias(search_match=matches).filter(search_match=True)


def _sqlite_match(title, summary, body, words) -> bool:
    text = fold(f"{title or ''} {summary or ''} {_plain(body or '')}")
    return all(word in text for word in words.split("\x1f"))


def _plain(markup: str) -> str:
    return html.unescape(_TAG.sub(" ", markup))


def register_sqlite_functions(sender, connection, **kwargs) -> None:
    """Give each new SQLite connection the fallback's matching function."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            _SQLITE_MATCH, 4, _sqlite_match, deterministic=True
        )


def update_search_vectors(queryset: ArticleQuerySet) -> int:
    """Recompute the search vectors of `queryset`'s articles in one UPDATE.

    Writes keep the vectors current by themselves (a database trigger on the
    title, summary, body and language; see migration 0004); setting the
    title to itself fires it, which rebuilds them, e.g. after the weighting
    function changed. Returns the number of rows updated (always 0 where
    search has no vectors).
    """
    if connections[queryset.db].vendor != "postgresql":
        return 0
    return queryset.update(title=F("title"))


def highlighted_snippet(article: Article, query: str, *, length: int = 240) -> str:
    """Return escaped HTML of the article's text around the query's words.

    Matches are wrapped in <mark>. Without a match (or a query), the summary.
    """
    headline = getattr(article, "search_headline", None)
    if headline is not None:
        text = escape(html.unescape(headline))
        text = _MARKED.sub(r"<mark>\1</mark>", text)
        return mark_safe(text.replace(_START, "").replace(_STOP, ""))  # noqa: S308
    words = query_words(clean_query(query))
    text = " ".join(f"{article.summary} {strip_tags(article.body)}".split())
    text = html.unescape(text).replace(_START, "").replace(_STOP, "")
    return _mark_words(text, words, length)


def _mark_words(text: str, words: list[str], length: int) -> SafeString:
    folded = fold(text)
    spans = []
    for word in words:
        start = folded.find(word)
        while start != -1:
            spans.append((start, start + len(word)))
            start = folded.find(word, start + len(word))
    if spans:
        first = min(spans)[0]
        begin = max(0, first - length // 3)
        if begin:
            begin = text.find(" ", begin) + 1 or begin
    else:
        begin = 0
    end = min(len(text), begin + length)
    if end < len(text):
        end = text.rfind(" ", begin, end) if " " in text[begin:end] else end
    parts = ["… " if begin else ""]
    position = begin
    for start, stop in sorted(_merge(spans)):
        if stop <= begin or start >= end:
            continue
        start, stop = max(start, begin), min(stop, end)
        parts += [escape(text[position:start]), "<mark>", escape(text[start:stop])]
        parts.append("</mark>")
        position = stop
    parts += [escape(text[position:end]), " …" if end < len(text) else ""]
    return mark_safe("".join(parts))  # noqa: S308


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, stop in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], stop))
        else:
            merged.append((start, stop))
    return merged
