"""Template tags of the public site: navigation, languages, images, sharing."""

import json
import uuid
from urllib.parse import quote, quote_plus

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse, translate_url
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .. import cache_keys, cite, pagecache
from ..navigation import site_categories as _site_categories
from ..renditions import image_set

register = template.Library()

# JSON inside <script> must not close the element or open a comment.
JSON_SCRIPT_ESCAPES = {">": "\\u003E", "<": "\\u003C", "&": "\\u0026"}


@register.simple_tag(takes_context=True)
def site_categories(context) -> list:
    request = context.get("request")
    if request is None:
        from ..models import Category

        return list(Category.objects.all())
    return _site_categories(request)


@register.simple_tag
def navigation_version() -> str:
    """A `{% cache %}` key part for the site chrome built from the categories.

    Read once per page, in base.html, for the navigation and the footer. It
    changes whenever a category changes (the page cache's versions), and
    names that dependency for the page. While the versions cannot be read it
    is new on every call: nothing is then taken from the fragment cache.
    """
    pagecache.depend(cache_keys.NAV)
    return pagecache.versions_token([cache_keys.NAV]) or uuid.uuid4().hex


@register.simple_tag(takes_context=True)
def current_category_pk(context):
    """Return the key of the category whose page this is, else None."""
    match = getattr(context.get("request"), "resolver_match", None)
    if match is None or match.view_name != "publications:category-detail":
        return None
    for category in site_categories(context):
        if category.slug == match.kwargs["slug"]:
            return category.pk
    return None


def _language_urls(context) -> dict[str, str]:
    """Return this page's address in each language that has it."""
    current = translation.get_language()
    article = context.get("article")
    if (
        article is not None
        and getattr(article, "pk", None)
        and "translation" in context
    ):
        urls = {article.language: article.get_absolute_url()}
        other = context.get("translation")
        if other is not None:
            urls[other.language] = other.get_absolute_url()
        return urls
    request = context.get("request")
    path = request.path if request is not None else "/"
    if "request_path" in context:
        # An error page (Django's 404 handler passes request_path): point at
        # the home pages rather than at the same missing address.
        path = reverse("publications:home")
    urls = {}
    for code, _name in settings.LANGUAGES:
        urls[code] = path if code == current else translate_url(path, code)
    return urls


@register.inclusion_tag("includes/_language_alternates.html", takes_context=True)
def language_alternates(context) -> dict:
    """Describe this page in every language it has, for search engines."""
    urls = _language_urls(context)
    if len(urls) < 2:
        return {"links": []}
    links = [(code, settings.SITE_URL + url) for code, url in urls.items()]
    default = urls.get(settings.LANGUAGE_CODE)
    if default:
        links.append(("x-default", settings.SITE_URL + default))
    return {"links": links}


@register.inclusion_tag("includes/_language_switch.html", takes_context=True)
def language_switch(context) -> dict:
    """Link to this page in the other language, or to its home page there."""
    current = translation.get_language()
    urls = _language_urls(context)
    links = []
    for code, _name in settings.LANGUAGES:
        url = urls.get(code)
        if not url:
            with translation.override(code):
                url = reverse("publications:home")
        links.append(
            {
                "code": code,
                "name": translation.get_language_info(code)["name_local"],
                "url": url,
                "current": code == current,
            }
        )
    return {"links": links}


@register.simple_tag
def share_links(article) -> list[dict]:
    """Return plain share links (no scripts, no trackers) for an article."""
    url = settings.SITE_URL + article.get_absolute_url()
    title = article.title
    text = f"{title} {url}"
    # Each part encoded once, as urlencode() would encode it.
    url_q, title_q, text_q = quote_plus(url), quote_plus(title), quote_plus(text)
    return [
        {
            "key": "x",
            "name": "X",
            "label": _("Share on X"),
            "url": f"https://x.com/intent/post?url={url_q}&text={title_q}",
        },
        {
            "key": "facebook",
            "name": "Facebook",
            "label": _("Share on Facebook"),
            "url": f"https://www.facebook.com/sharer/sharer.php?u={url_q}",
        },
        {
            "key": "linkedin",
            "name": "LinkedIn",
            "label": _("Share on LinkedIn"),
            "url": f"https://www.linkedin.com/sharing/share-offsite/?url={url_q}",
        },
        {
            "key": "whatsapp",
            "name": "WhatsApp",
            "label": _("Share on WhatsApp"),
            "url": f"https://wa.me/?text={text_q}",
        },
        {
            "key": "telegram",
            "name": "Telegram",
            "label": _("Share on Telegram"),
            "url": f"https://t.me/share/url?url={url_q}&text={title_q}",
        },
        {
            "key": "email",
            "name": _("E-mail"),
            "label": _("Share by e-mail"),
            "url": f"mailto:?subject={quote(title)}&body={quote(text)}",
        },
    ]


@register.inclusion_tag("includes/_picture.html")
def responsive_image(
    image_field,
    alt: str,
    sizes: str = "100vw",
    loading: str = "lazy",
    css_class: str = "",
    max_width: int = 1600,
) -> dict:
    """Show an image in WebP and JPEG/PNG renditions, sized to not jump.

    `loading="eager"` is for the image at the top of a page (its largest
    content), with fetchpriority high; every other image loads lazily.
    """
    images = image_set(image_field, max_width=int(max_width))
    if images is None:
        return {"images": None}

    def srcset(renditions) -> str:
        return ", ".join(f"{r.url} {r.width}w" for r in renditions)

    return {
        "images": images,
        "modern_srcset": srcset(images.modern),
        "fallback_srcset": srcset(images.fallback),
        "alt": alt or "",
        "sizes": sizes,
        "eager": loading == "eager",
        "css_class": css_class,
    }


@register.simple_tag
def image_url(image_field, width: int = 1200) -> str:
    """Return the absolute address of one JPEG/PNG rendition (for share cards)."""
    images = image_set(image_field, max_width=int(width))
    if images is None:
        return ""
    url = images.fallback[-1].url
    return url if url.startswith(("http://", "https://")) else settings.SITE_URL + url


@register.simple_tag
def citation(article) -> SafeString:
    return cite.citation_html(article)


@register.simple_tag
def article_json_ld(article, image: str = "", tags=None) -> SafeString:
    """Return the article's schema.org Article description as JSON-LD.

    `tags` are the article's tags when the page has read them already.
    """
    tags = article.tags.all() if tags is None else tags
    url = settings.SITE_URL + article.get_absolute_url()
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": article.title[:110],
        "description": article.summary,
        "inLanguage": article.language,
        "datePublished": timezone.localtime(article.published_at).isoformat(),
        "dateModified": timezone.localtime(article.updated_at).isoformat(),
        "wordCount": article.word_count,
        "articleSection": article.category.name,
        "keywords": [tag.name for tag in tags],
        "author": [
            {
                "@type": "Person",
                "name": author.name,
                "url": settings.SITE_URL + author.get_absolute_url(),
            }
            for author in article.ordered_authors
        ],
        "publisher": {
            "@type": "Organization",
            "name": settings.SITE_NAME,
            "url": settings.SITE_URL + "/",
            "logo": {
                "@type": "ImageObject",
                "url": settings.SITE_URL + static("img/logo-mark.png"),
            },
        },
    }
    if image:
        data["image"] = [image]
    if article.source_url:
        data["isBasedOn"] = article.source_url
    payload = json.dumps(data, ensure_ascii=False)
    # Three replacements, not str.translate(): that looks up every character
    # in a mapping, 90 microseconds for an article's description.
    for character, escape in JSON_SCRIPT_ESCAPES.items():
        payload = payload.replace(character, escape)
    return format_html(
        '<script type="application/ld+json">{}</script>', mark_safe(payload)
    )


@register.simple_tag
def site_name() -> str:
    """Return the institution's name where no context processor ran (500)."""
    return settings.SITE_NAME


@register.filter(expects_localtime=True)
def html_datetime(value) -> str:
    """Write a datetime for HTML's `datetime` attribute, to the whole second.

    `|date:"c"` keeps microseconds, and HTML allows at most three digits of a
    second's fraction, so the Nu HTML Checker rejects it.
    """
    if not value:
        return ""
    return value.replace(microsecond=0).isoformat()
