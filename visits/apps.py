from django.utils.translation import gettext_lazy as _

from core import registry


class VisitsConfig(registry.RecordAppConfig):
    """People, engagements (visits either way, video conferences, ceremonies, donations) and
    the half-year totals."""

    name = "visits"
    verbose_name = _("Visits and engagements")
    timeline_models = ("Engagement",)
