from django.utils.translation import gettext_lazy as _

from core import registry


class GiftsConfig(registry.RecordAppConfig):
    """The protocol gift register: every gift the city received or gave, its value, reporting to
    the ethics unit, disposition, custody and inventory."""

    name = "gifts"
    verbose_name = _("Gifts")
