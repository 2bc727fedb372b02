from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class PublicationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "publications"
    verbose_name = _("Publications")

    def ready(self):
        from . import pagecache, signals  # noqa: F401  (signals: the purges)
        from .models import Article
        from .pdf import signals as pdf_signals  # noqa: F401  (stored PDFs)
        from .search import register_sqlite_functions

        pagecache.register_schedule(Article.objects.next_go_live)
        connection_created.connect(
            register_sqlite_functions, dispatch_uid="publications_search_sqlite"
        )
