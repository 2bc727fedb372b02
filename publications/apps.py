from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class PublicationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "publications"
    verbose_name = _("Publications")

    def ready(self):
        from . import signals  # noqa: F401  (connects the page cache's bumps)
        from .search import register_sqlite_functions

        connection_created.connect(
            register_sqlite_functions, dispatch_uid="publications_search_sqlite"
        )
