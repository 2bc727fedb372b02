from django.urls import path

from . import feeds
from .editorial import previews
from .pdf import views as pdf_views
from .views import archives, pages
from .views import search as search_views

app_name = "publications"

urlpatterns = [
    path("", pages.HomeView.as_view(), name="home"),
    path("category/<slug:slug>/", pages.CategoryView.as_view(), name="category-detail"),
    path("author/<slug:slug>/", pages.AuthorView.as_view(), name="author-detail"),
    # Taggit keeps Turkish letters in tag slugs ("güvenlik"): <str>, not <slug>.
    path("tag/<str:slug>/", pages.TagView.as_view(), name="tag-detail"),
    path(
        "archive/<int:year>/", archives.ArchiveYearView.as_view(), name="archive-year"
    ),
    path(
        "archive/<int:year>/<int:month>/",
        archives.ArchiveMonthView.as_view(),
        name="archive-month",
    ),
    path(
        "<slug:category>/<slug:slug>/cite.bib",
        pages.CitationView.as_view(citation_format="bibtex"),
        name="article-cite-bibtex",
    ),
    path(
        "<slug:category>/<slug:slug>/cite.ris",
        pages.CitationView.as_view(citation_format="ris"),
        name="article-cite-ris",
    ),
    # Search and feeds before "<category>/<slug>/", which would match them too.
    path("search/", search_views.search, name="search"),
    path("feeds/rss/", feeds.ArticleFeed(), name="feed-rss"),
    path("feeds/atom/", feeds.ArticleAtomFeed(), name="feed-atom"),
    path(
        "category/<slug:slug>/feed/rss/",
        feeds.CategoryFeed(),
        name="category-feed-rss",
    ),
    path(
        "category/<slug:slug>/feed/atom/",
        feeds.CategoryAtomFeed(),
        name="category-feed-atom",
    ),
    path("author/<slug:slug>/feed/rss/", feeds.AuthorFeed(), name="author-feed-rss"),
    path(
        "author/<slug:slug>/feed/atom/",
        feeds.AuthorAtomFeed(),
        name="author-feed-atom",
    ),
    path("tag/<str:slug>/feed/rss/", feeds.TagFeed(), name="tag-feed-rss"),
    path("tag/<str:slug>/feed/atom/", feeds.TagAtomFeed(), name="tag-feed-atom"),
    path(
        "pdf-preview/<int:pk>/",
        pdf_views.article_pdf_preview,
        name="article-pdf-preview",
    ),
    path("preview/<int:pk>/", previews.article_preview, name="article-preview"),
    path("preview/link/<str:token>/", previews.preview_link, name="preview-link"),
    path(
        "preview/link/<str:token>/pdf/",
        previews.preview_link_pdf,
        name="preview-link-pdf",
    ),
    path(
        "<slug:category>/<slug:slug>/pdf/",
        pdf_views.article_pdf,
        name="article-pdf",
    ),
    path(
        "<slug:category>/<slug:slug>/",
        pages.ArticleDetailView.as_view(),
        name="article-detail",
    ),
]
