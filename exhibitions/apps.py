from django.utils.translation import gettext_lazy as _

from core import registry


class ExhibitionsConfig(registry.RecordAppConfig):
    """Venues, exhibition series, exhibitions and the items (gifts, mascots...) they show."""

    name = "exhibitions"
    verbose_name = _("Exhibitions")
    timeline_models = ("Exhibition",)
