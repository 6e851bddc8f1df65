"""The report has no table of its own; this model only carries its admin entry and permission."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class HalfYearReport(models.Model):
    """The half-year report (an unmanaged model without a table).

    It exists so that the admin lists a "Half-year report" page and so that the permission
    ``reports.export_report`` can be granted to the staff who write the chapter.
    """

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("export_report", _("Can export the half-year report"))]
        verbose_name = _("half-year report")
        verbose_name_plural = _("half-year report")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)
