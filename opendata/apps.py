from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    """Open data: CSV and JSON files, the calendar feed, the sitemap and robots.txt."""

    name = "opendata"
    verbose_name = _("Open data")
