from django.utils.translation import gettext_lazy as _

from core import registry


class CitiesConfig(registry.RecordAppConfig):
    """Countries, partner cities and other local governments, and their partnerships."""

    name = "cities"
    verbose_name = _("Sister and partner cities")
