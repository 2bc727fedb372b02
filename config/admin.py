from django.conf import settings
from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class SiteAdmin(admin.AdminSite):
    """The admin, titled with the institution's name from settings."""

    @property
    def site_header(self):
        return settings.SITE_NAME

    @property
    def site_title(self):
        return settings.SITE_NAME

    index_title = _("Publishing")
