from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .. import cache_keys, pagecache
from ..models import Article, ArticleAuthor
from ..navigation import site_categories
from ..pagination import FastPaginator
from ..search import highlighted_snippet, with_headlines
from ..search_forms import SearchForm

RESULTS_PER_PAGE = 20


@require_safe
@pagecache.public_page(query=SearchForm.PARAMETERS)
def search(request):
    # Any change to any public article may change what a search finds.
    pagecache.depend(cache_keys.SITE)
    # PostgreSQL refuses NUL bytes, in filters as much as in the query.
    data = {key: value.replace("\x00", "") for key, value in request.GET.items()}
    form = SearchForm(
        data if data.keys() - {"page"} else None,
        categories=site_categories(request),
    )
    if not form.is_bound or not form.is_valid():
        status = 400 if form.is_bound else 200
        return render(
            request, "publications/search.html", {"form": form}, status=status
        )
    query = form.cleaned_data["q"]
    articles = Article.objects.published()
    if category := form.cleaned_data["category"]:
        articles = articles.in_category(category)
    if authors := form.cleaned_data["author"]:
        bylines = ArticleAuthor.objects.filter(author__in=authors)
        articles = articles.filter(pk__in=bylines.values("article"))
    if language := form.cleaned_data["language"]:
        articles = articles.in_language(language)
    if year := form.cleaned_data["year"]:
        articles = articles.filter(published_at__year=year)
    if query:
        page = ranked_page(articles.search(query, language=language), form, data)
    else:
        # Filters alone list like the other lists: the total is kept until a
        # public article changes, deep pages start from kept rows.
        filters = [
            category.pk if category else "",
            ",".join(str(author.pk) for author in authors or ()),
            language or "",
            year or "",
        ]
        paginator = FastPaginator(
            articles.newest_first().for_cards().defer(None),
            RESULTS_PER_PAGE,
            count_key="search:" + ":".join(str(value) for value in filters),
            count_deps=[cache_keys.SITE],
        )
        page = paginator.get_page(data.get("page"))
    for article in page:
        article.snippet = highlighted_snippet(article, query)
    context = {"form": form, "query": query, "page_obj": page, "searched": True}
    return render(request, "publications/search.html", context)


def ranked_page(ranked, form, data):
    """Rank the matches once; read full rows and excerpts for one page only."""
    paginator = Paginator(list(ranked.values_list("pk", flat=True)), RESULTS_PER_PAGE)
    page = paginator.get_page(data.get("page"))
    rows = with_headlines(
        # The body makes the excerpt where the database does not.
        Article.objects.filter(pk__in=page.object_list).for_cards().defer(None),
        form.cleaned_data["q"],
        language=form.cleaned_data["language"],
    )
    by_pk = {row.pk: row for row in rows}
    page.object_list = [by_pk[pk] for pk in page.object_list if pk in by_pk]
    return page
