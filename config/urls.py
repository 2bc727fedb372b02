from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from config.media import serve_media
from publications.views import system

handler500 = "config.unavailable.server_error"

urlpatterns = [
    path(settings.ADMIN_PATH, admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    # One address for crawlers and probes, whatever the language.
    path("robots.txt", system.robots_txt, name="robots-txt"),
    path("sitemap.xml", system.sitemap_xml, name="sitemap"),
    path("healthz", system.healthz, name="healthz"),
]

if settings.SERVE_MEDIA:
    urlpatterns += [path("media/<path:path>", serve_media, name="media")]

urlpatterns += i18n_patterns(
    # Before publications: "<category>/<slug>/" would also match these paths.
    path("comments/", include("comments.urls")),
    path("", include("publications.urls")),
    prefix_default_language=False,
)
