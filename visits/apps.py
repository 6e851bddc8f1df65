from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    """People, engagements (visits either way, video conferences, ceremonies, donations) and
    the half-year totals."""

    name = "visits"
    verbose_name = _("Visits and engagements")

    def ready(self) -> None:
        from intl_affairs.history import register_history

        register_history(self)
