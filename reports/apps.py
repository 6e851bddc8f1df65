from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """The half-year report chapter and statistics workbook, built from the records: the
    ``export_report`` command and the admin "Half-year report" page."""

    name = "reports"
    verbose_name = _("Reports")
