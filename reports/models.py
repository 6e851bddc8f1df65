"""The report is built from the records; this model only carries its admin entry and permission."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class HalfYearReport(models.Model):
    """The half-year report: no rows of its own (its table stays empty).

    It exists so that the admin lists a "Half-year report" page and so that the permission
    ``reports.export_report`` can be granted to the staff who write the chapter. It has a table
    (an empty one) because Django's own ``dumpdata`` reads every model that is not a proxy, and
    failed with "no such table" when it had none.
    """

    class Meta:
        default_permissions = ()
        permissions = [("export_report", _("Can export the half-year report"))]
        verbose_name = _("half-year report")
        verbose_name_plural = _("half-year report")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)
