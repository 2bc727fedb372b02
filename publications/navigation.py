"""The site's categories, as the navigation shows them, read once per change."""

from . import cache_keys, pagecache
from .models import Category


def site_categories(request) -> list[Category]:
    """Return the categories for navigation, read again only after a change."""
    pagecache.depend(cache_keys.NAV)
    if not hasattr(request, "_site_categories"):
        request._site_categories = pagecache.remembered(
            "navigation", [cache_keys.NAV], lambda: list(Category.objects.all())
        )
    return request._site_categories


def attach_categories(request, articles) -> None:
    """Give `articles` their categories from the navigation's: no join, no query."""
    categories = {category.pk: category for category in site_categories(request)}
    for article in articles:
        if article.category_id in categories:
            article.category = categories[article.category_id]
