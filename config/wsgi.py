import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

_django = get_wsgi_application()

# Cached anonymous pages are answered before Django's request handling.
from publications.pagecache.middleware import PageCacheApplication  # noqa: E402

application = PageCacheApplication(_django)
