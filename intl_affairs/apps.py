from django.apps import AppConfig
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _


class IntlAffairsConfig(AppConfig):
    """The project package as an app: shared building blocks, template tags, sample data."""

    name = "intl_affairs"
    verbose_name = _("International affairs")

    def ready(self) -> None:
        """Name the admin after the configured city and office (evaluated per request language);
        connect the invalidation of cached public pages."""
        from django.contrib import admin

        from .context_processors import admin_site_header

        header = lazy(admin_site_header, str)()
        admin.site.site_header = header
        admin.site.site_title = header

        # Cached public pages must not outlive a change to what they show (intl_affairs.cache).
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from .cache import invalidate_for_public_record

        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(invalidate_for_public_record, dispatch_uid=f"public-pages-{signal!r}")
