from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExhibitionsConfig(AppConfig):
    """Venues, exhibition series, exhibitions and the items (gifts, mascots...) they show."""

    name = "exhibitions"
    verbose_name = _("Exhibitions")

    def ready(self) -> None:
        from intl_affairs.history import register_history

        register_history(self)
