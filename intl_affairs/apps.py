from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntlAffairsConfig(AppConfig):
    """The project package as an app: shared building blocks, template tags, sample data."""

    name = "intl_affairs"
    verbose_name = _("International affairs")

    def ready(self) -> None:
        # Cached public pages must not outlive a change to what they show (intl_affairs.cache).
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from .cache import invalidate_for_public_record

        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(invalidate_for_public_record, dispatch_uid=f"public-pages-{signal!r}")
