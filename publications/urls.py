from django.urls import path

from . import views

app_name = "publications"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("category/<slug:slug>/", views.CategoryView.as_view(), name="category-detail"),
    path("author/<slug:slug>/", views.AuthorView.as_view(), name="author-detail"),
    path(
        "<slug:category>/<slug:slug>/",
        views.ArticleDetailView.as_view(),
        name="article-detail",
    ),
]
