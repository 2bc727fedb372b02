"""The public pages: home, lists, the article page and its citations."""

from django.core.cache import cache
from django.db.models import (
    Prefetch,
    Q,
    prefetch_related_objects,
)
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.decorators import method_decorator
from django.views.generic import DetailView, ListView, TemplateView
from taggit.models import Tag

from comments.models import Comment
from comments.services import comment_close_time, comment_context

from .. import cache_keys, cite, pagecache
from ..models import Article, ArticleAuthor, Author
from ..navigation import attach_categories, site_categories
from ..pagination import COUNT_TIMEOUT, FastPaginator

HOME_PER_CATEGORY = 4
HOME_FEATURED = 3
RELATED_COUNT = 3


class PublishedArticlesMixin:
    """Published articles, newest first, in cards; lists in the page's language."""

    paginate_by = 12
    paginator_class = FastPaginator
    same_language = True

    def get_queryset(self):
        articles = Article.objects.published().for_cards().newest_first()
        if self.same_language:
            articles = articles.in_language(translation.get_language())
        return articles

    def get_count_key(self) -> str:
        return f"{self.__class__.__name__}:{translation.get_language()}:" + ":".join(
            str(value) for value in self.kwargs.values()
        )

    def get_list_keys(self) -> list[str]:
        """Cache keys of which articles this list holds, and in what order."""
        return [cache_keys.language_list(translation.get_language())]

    def get_paginator(self, queryset, per_page, orphans=0, **kwargs):
        return self.paginator_class(
            queryset,
            per_page,
            orphans=orphans,
            count_key=self.get_count_key(),
            count_deps=self.get_list_keys(),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pagecache.depend(*self.get_list_keys())
        for article in context["object_list"]:
            pagecache.depend(*article.card_keys())
        return context


@method_decorator(pagecache.public_page, name="dispatch")
class HomeView(TemplateView):
    template_name = "publications/home.html"

    def get_context_data(self, **kwargs):
        articles = Article.objects.published().in_language(translation.get_language())
        featured = list(
            articles.filter(is_featured=True)
            .select_related("category")
            .newest_first()[:HOME_FEATURED]
        )
        # The latest few of every category in one query: a LIMIT subquery per
        # category, each a short walk down the category's publication index
        # (a window over every row grows with the archive).
        categories = site_categories(self.request)
        rest = articles.exclude(pk__in=[article.pk for article in featured])
        match = Q(pk__in=[])
        for category in categories:
            newest = rest.in_category(category).newest_first()
            match |= Q(pk__in=newest.values("pk")[:HOME_PER_CATEGORY])
        latest = list(
            Article.objects.filter(match).select_related("category").newest_first()
        )
        bylines = ArticleAuthor.objects.select_related("author")
        prefetch_related_objects(
            featured + latest, Prefetch("bylines", queryset=bylines)
        )
        pagecache.depend(cache_keys.language_list(translation.get_language()))
        for article in featured + latest:
            pagecache.depend(*article.card_keys())
        sections = []
        for category in categories:
            in_category = [a for a in latest if a.category_id == category.pk]
            if in_category:
                sections.append((category, in_category))
        return super().get_context_data(featured=featured, sections=sections, **kwargs)


@method_decorator(pagecache.public_page(query=("page",)), name="dispatch")
class CategoryView(PublishedArticlesMixin, ListView):
    template_name = "publications/category_detail.html"

    def get_queryset(self):
        self.category = next(
            (c for c in site_categories(self.request) if c.slug == self.kwargs["slug"]),
            None,
        )
        if self.category is None:
            raise Http404("No such category")
        return super().get_queryset().in_category(self.category)

    def get_list_keys(self):
        language = translation.get_language()
        return [cache_keys.category_list(self.category.pk, language)]

    def get_context_data(self, **kwargs):
        return super().get_context_data(category=self.category, **kwargs)


@method_decorator(pagecache.public_page(query=("page",)), name="dispatch")
class AuthorView(PublishedArticlesMixin, ListView):
    """An author's page lists their work in both languages."""

    template_name = "publications/author_detail.html"
    same_language = False

    def get_queryset(self):
        self.author = get_object_or_404(Author, slug=self.kwargs["slug"])
        return super().get_queryset().by_author(self.author)

    def get_list_keys(self):
        return [
            cache_keys.author_list(self.author.pk),
            cache_keys.author(self.author.pk),
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)


@method_decorator(pagecache.public_page(query=("page",)), name="dispatch")
class TagView(PublishedArticlesMixin, ListView):
    """A tag's page lists tagged work in both languages."""

    template_name = "publications/tag_detail.html"
    same_language = False

    def get_queryset(self):
        slug = self.kwargs["slug"]
        if "\x00" in slug:
            # PostgreSQL refuses NUL in text; no tag's slug contains one.
            raise Http404("No such tag")
        self.tag = get_object_or_404(Tag, slug=slug)
        return super().get_queryset().tagged(self.tag)

    def get_list_keys(self):
        return [cache_keys.tag_list(self.tag.pk), cache_keys.tag(self.tag.pk)]

    def get_context_data(self, **kwargs):
        return super().get_context_data(tag=self.tag, **kwargs)


class PublishedArticleMixin:
    """Find a published article by its slug; its URL must match its language."""

    def get_queryset(self):
        return Article.objects.published().for_listing()

    def get_object(self, queryset=None):
        return get_object_or_404(self.get_queryset(), slug=self.kwargs["slug"])

    def is_misplaced(self, article) -> bool:
        return (
            article.category.slug != self.kwargs["category"]
            or article.language != translation.get_language()
        )


@method_decorator(pagecache.public_page(query=("reply_to",)), name="dispatch")
class ArticleDetailView(PublishedArticleMixin, DetailView):
    template_name = "publications/article_detail.html"

    def get_queryset(self):
        comments = Prefetch(
            "comments",
            queryset=Comment.objects.public(),
            to_attr="public_comments",
        )
        return Article.objects.published().for_article_page().prefetch_related(comments)

    def get_object(self, queryset=None):
        article = super().get_object(queryset)
        # The category comes from the navigation's.
        attach_categories(self.request, [article])
        return article

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if request.method in ("GET", "HEAD") and self.is_misplaced(self.object):
            url = self.object.get_absolute_url()
            if request.META.get("QUERY_STRING"):
                url += "?" + request.META["QUERY_STRING"]
            return HttpResponsePermanentRedirect(url)
        context = self.get_context_data(object=self.object)
        return self.render_to_response(context)

    def get_context_data(self, **kwargs):
        article = self.object
        context = super().get_context_data(**kwargs)
        context["tags"] = article.shown_tags()
        context["translation"], context["related"] = self.get_neighbours(
            article, [tag.pk for tag in context["tags"]]
        )
        # Read with the article; a preview reads its article otherwise.
        comments = getattr(article, "public_comments", None)
        thread = None if comments is None else Comment.thread(comments)
        context.update(
            comment_context(article=article, request=self.request, thread=thread)
        )
        self.depend_on_shown(context)
        return context

    def depend_on_shown(self, context):
        """Name what this page shows, for caches."""
        article = context["object"]
        pagecache.depend(
            *article.page_keys(context["tags"]),
            # Related pieces come from the article's category and tags.
            cache_keys.category_list(article.category_id, article.language),
            *(cache_keys.tag_list(tag.pk) for tag in context["tags"]),
        )
        # Related pieces show as compact cards: no authors.
        pagecache.depend(*(cache_keys.article(item.pk) for item in context["related"]))
        if context["translation"] is not None:
            pagecache.depend(cache_keys.article(context["translation"].pk))
        if (closes := comment_close_time(article)) is not None:
            pagecache.valid_until(closes)

    def get_neighbours(self, article, tag_ids: list[int]):
        """Return the published translation (or None) and related pieces.

        Related pieces are recent ones in the same language sharing the most
        tags, else the newest of the same category
        (`ArticleQuerySet.neighbours`).
        Which they are is kept, as a list's count is, until the article, its
        category's list or one of its tags' lists changes: finding them is
        the dearest part of the page (a third of its time), reading their
        cards by key the cheapest.
        """
        token = pagecache.versions_token(
            [
                cache_keys.article(article.pk),
                cache_keys.category_list(article.category_id, article.language),
                *map(cache_keys.tag_list, tag_ids),
            ]
        )
        key = f"neighbours:{article.pk}:{token}"
        kept = cache.get(key) if token else None
        if kept is None:
            translation, related = Article.objects.published().neighbours(
                article, tag_ids, count=RELATED_COUNT
            )
            if token:
                pks = (translation and translation.pk, [row.pk for row in related])
                cache.set(key, pks, COUNT_TIMEOUT)
        else:
            translation_pk, related_pks = kept
            rows = (
                Article.objects.published()
                .defer("body")
                .in_bulk([pk for pk in [translation_pk, *related_pks] if pk])
            )
            translation = rows.get(translation_pk)
            related = [rows[pk] for pk in related_pks if pk in rows]
        attach_categories(self.request, [*related, *filter(None, [translation])])
        return translation, related


@method_decorator(pagecache.public_page, name="dispatch")
class CitationView(PublishedArticleMixin, DetailView):
    """Serve an article's citation as a file for reference managers."""

    formats = {
        "bibtex": (cite.bibtex, "application/x-bibtex", "bib"),
        "ris": (cite.ris, "application/x-research-info-systems", "ris"),
    }
    citation_format = "bibtex"

    def get(self, request, *args, **kwargs):
        article = self.get_object()
        if self.is_misplaced(article):
            raise Http404("Not this article's address")
        # The category's name is cited too.
        pagecache.depend(cache_keys.NAV, *article.page_keys())
        render, content_type, extension = self.formats[self.citation_format]
        response = HttpResponse(
            render(article), content_type=f"{content_type}; charset=utf-8"
        )
        response["Content-Disposition"] = (
            f'attachment; filename="{article.slug}.{extension}"'
        )
        return response
