from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    """The public pages that read several record apps: home, the dated archive, the search."""

    name = "pages"
    verbose_name = _("Public pages")
