from django.apps import AppConfig
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The base every app builds on: abstract models, dates, names, images, forms, admin bases,
    history, imports, the page cache and timeline, template tags. Imports no app of the project."""

    name = "core"
    verbose_name = _("International affairs")

    def ready(self) -> None:
        """Name the admin after the configured city and office (evaluated per request language);
        connect the invalidation of cached public pages to changes of record-app models; register
        the review queue (:mod:`core.review_admin`)."""
        from django.contrib import admin
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from . import review_admin  # noqa: F401 (registers the review queue in the admin)
        from .cache import invalidate_for_public_record
        from .context_processors import admin_site_header

        header = lazy(admin_site_header, str)()
        admin.site.site_header = header
        admin.site.site_title = header

        # Cached public pages must not outlive a change to what they show (core.cache).
        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(invalidate_for_public_record, dispatch_uid=f"public-pages-{signal!r}")
