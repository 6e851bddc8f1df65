from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CitiesConfig(AppConfig):
    """Countries, partner cities and other local governments, and their partnerships."""

    name = "cities"
    verbose_name = _("Sister and partner cities")

    def ready(self) -> None:
        from intl_affairs.history import register_history

        register_history(self)
