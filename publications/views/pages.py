from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from comments.services import comment_context

from ..models import Article, Author, Category


class PublishedArticlesMixin:
    paginate_by = 20

    def get_queryset(self):
        return Article.objects.published().for_listing().newest_first()


class HomeView(PublishedArticlesMixin, ListView):
    template_name = "publications/home.html"


class CategoryView(PublishedArticlesMixin, ListView):
    template_name = "publications/category_detail.html"

    def get_queryset(self):
        self.category = get_object_or_404(Category, slug=self.kwargs["slug"])
        return super().get_queryset().in_category(self.category)

    def get_context_data(self, **kwargs):
        return super().get_context_data(category=self.category, **kwargs)


class AuthorView(PublishedArticlesMixin, ListView):
    template_name = "publications/author_detail.html"

    def get_queryset(self):
        self.author = get_object_or_404(Author, slug=self.kwargs["slug"])
        return super().get_queryset().by_author(self.author)

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)


class ArticleDetailView(DetailView):
    def get_queryset(self):
        return Article.objects.published().for_listing()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(comment_context(article=self.object, request=self.request))
        return context
