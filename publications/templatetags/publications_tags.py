"""Template tags of the public site: navigation, languages, images, sharing."""

import json
from urllib.parse import quote, quote_plus

from django import template
from django.conf import settings
from django.template.defaultfilters import stringfilter
from django.templatetags.static import static
from django.urls import reverse, translate_url
from django.utils import timezone, translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from .. import cache_keys, cite, pagecache
from ..addresses import address
from ..renditions import image_set
from ..views.pages import site_categories as _site_categories

register = template.Library()

LANGUAGE_NAMES = {"tr": "Türkçe", "en": "English"}
# JSON inside <script> must not close the element or open a comment.
JSON_SCRIPT_ESCAPES = {">": "\\u003E", "<": "\\u003C", "&": "\\u0026"}


@register.simple_tag(takes_context=True)
def site_categories(context) -> list:
    request = context.get("request")
    if request is None:
        from ..models import Category

        return list(Category.objects.all())
    return _site_categories(request)


@register.simple_tag(takes_context=True)
def current_category_pk(context):
    """Return the key of the category whose page this is, else None."""
    request = context.get("request")
    path = getattr(request, "path", None)
    for category in site_categories(context):
        if category.get_absolute_url() == path:
            return category.pk
    return None


class SiteFragmentNode(template.Node):
    def __init__(self, name: str, keys: list, nodelist):
        self.name, self.keys, self.nodelist = name, keys, nodelist

    def render(self, context) -> str:
        keys = [str(key.resolve(context)) for key in self.keys]
        label = ":".join(["fragment", self.name, translation.get_language(), *keys])
        pagecache.depend(cache_keys.NAV)
        return pagecache.remembered(
            label, [cache_keys.NAV], lambda: self.nodelist.render(context)
        )


@register.tag
def site_fragment(parser, token):
    """Render the enclosed site chrome once per process, language and keys.

    `{% site_fragment "footer" year %}…{% endsite_fragment %}`: for parts of
    every page built from the navigation's categories and nothing else but
    the language and the given keys; rendered again when a category changes.
    """
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'":
        raise template.TemplateSyntaxError(
            "site_fragment takes a quoted name and then its keys"
        )
    nodelist = parser.parse(("endsite_fragment",))
    parser.delete_first_token()
    keys = [parser.compile_filter(bit) for bit in bits[2:]]
    return SiteFragmentNode(bits[1][1:-1], keys, nodelist)


@register.simple_tag(name="address")
def address_tag(viewname: str, **kwargs) -> str:
    """`{% url %}` with keyword arguments, reversed once per process and kept.

    For addresses every page shows (feeds, home, an article's citation
    files), as `publications.addresses.address()`.
    """
    return address(viewname, **kwargs)


@register.filter(is_safe=True)
@stringfilter
def shorten(value: str, length) -> str:
    """`|truncatechars`, without walking through a text that fits already.

    Truncating looks at every character (to let accents ride on letters),
    which cost an article page's three descriptions a tenth of a millisecond.
    """
    if len(value) <= int(length):
        return value
    return Truncator(value).chars(int(length))


@register.filter
def tag_url(tag) -> str:
    """Return the address of a tag's page."""
    return address("publications:tag-detail", slug=tag.slug)


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


@register.simple_tag(takes_context=True)
def language_alternates(context) -> SafeString:
    """Return <link rel="alternate" hreflang> for every language of this page."""
    urls = _language_urls(context)
    if len(urls) < 2:
        return mark_safe("")
    links = [(code, settings.SITE_URL + url) for code, url in urls.items()]
    default = urls.get(settings.LANGUAGE_CODE)
    if default:
        links.append(("x-default", settings.SITE_URL + default))
    return format_html_join(
        "\n  ", '<link rel="alternate" hreflang="{}" href="{}">', links
    )


@register.simple_tag(takes_context=True)
def language_switch(context) -> SafeString:
    """Links to this page in the other language, or to its home page there.

    Written here rather than in a template of its own: it is on every page,
    and rendering an inclusion template cost it ten times as much.
    """
    current = translation.get_language()
    urls = _language_urls(context)
    items = format_html_join(
        "\n    ",
        '<li><a class="lang-switch__link" href="{}" lang="{}" hreflang="{}"{}>'
        "{}</a></li>",
        (
            (
                urls.get(code) or address("publications:home", language=code),
                code,
                code,
                mark_safe(' aria-current="true"') if code == current else "",
                LANGUAGE_NAMES.get(code, code),
            )
            for code, _name in settings.LANGUAGES
        ),
    )
    return format_html(
        '<nav class="lang-switch" aria-label="{}">\n  <ul class="lang-switch__list">'
        "\n    {}\n  </ul>\n</nav>",
        _("Language"),
        items,
    )


@register.simple_tag
def absolute_url(path: str) -> str:
    return settings.SITE_URL + path


@register.simple_tag(takes_context=True)
def share_links(context, article) -> list[dict]:
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


@register.simple_tag(takes_context=True)
def share_list(context, article) -> SafeString:
    """The share links' list items, as `share_links()` describes them.

    Written here rather than by a loop in the template: six links of four
    values each were a tenth of an article page's template time.
    """
    return format_html_join(
        "",
        '<li><a class="share__link share__link--{}" href="{}"'
        ' rel="noopener noreferrer nofollow"><span aria-hidden="true">{}</span>'
        '<span class="visually-hidden">{}</span></a></li>',
        (
            (link["key"], link["url"], link["name"], link["label"])
            for link in share_links(context, article)
        ),
    )


@register.simple_tag
def responsive_image(
    image_field,
    alt: str,
    sizes: str = "100vw",
    loading: str = "lazy",
    css_class: str = "",
    max_width: int = 1600,
) -> SafeString:
    """Return a <picture> with WebP and JPEG/PNG renditions, sized to not jump.

    `loading="eager"` is for the image at the top of a page (its largest
    content), with fetchpriority high; every other image loads lazily.
    """
    images = image_set(image_field, max_width=int(max_width))
    if images is None:
        return mark_safe("")

    def srcset(renditions) -> str:
        return ", ".join(f"{r.url} {r.width}w" for r in renditions)

    eager = loading == "eager"
    return format_html(
        '<picture><source type="{}" srcset="{}" sizes="{}">'
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"'
        ' loading="{}" decoding="{}"{}{}></picture>',
        images.modern_type,
        srcset(images.modern),
        sizes,
        images.src.url,
        srcset(images.fallback),
        sizes,
        images.width,
        images.height,
        alt or "",
        "eager" if eager else "lazy",
        "auto" if eager else "async",
        mark_safe(' fetchpriority="high"') if eager else "",
        format_html(' class="{}"', css_class) if css_class else "",
    )


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


@register.simple_tag
def time_tag(value, *, with_time: bool = False, css_class: str = "") -> str:
    """Return a <time> element showing `value` as the site writes dates.

    The day (and the time with `with_time`) in the site's time zone, and the
    moment to the second for machines: what `|date:"d.m.Y"` and
    `|html_datetime` give, without the date filter's format lookups, which
    cost a list of cards a millisecond.
    """
    if not value:
        return ""
    local = timezone.localtime(value)
    shown = local.strftime("%d.%m.%Y %H:%M" if with_time else "%d.%m.%Y")
    moment = html_datetime(local)
    if css_class:
        return format_html(
            '<time class="{}" datetime="{}">{}</time>', css_class, moment, shown
        )
    return format_html('<time datetime="{}">{}</time>', moment, shown)
