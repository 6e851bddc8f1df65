from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntlAffairsConfig(AppConfig):
    """The project package as an app: shared building blocks, template tags, sample data."""

    name = "intl_affairs"
    verbose_name = _("International affairs")
