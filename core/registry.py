"""The one list of record apps: apps whose AppConfig derives from :class:`RecordAppConfig`.

A record app (``cities``, ``visits``, ``exhibitions``) holds records that staff keep in the admin
and the public site shows. Declaring its AppConfig as a :class:`RecordAppConfig` is all it takes
for the rest of the product to treat it as one: its models get a version (no lost update) and a
change history, the staff roles cover them, a change to one of them refreshes the cached public
pages, and the models it names in ``timeline_models`` appear in the dated archive and on the city
pages. Nothing else lists apps by label.
"""

from __future__ import annotations

from django.apps import AppConfig, apps
from django.db import models


class RecordAppConfig(AppConfig):
    """The AppConfig of a record app.

    ``timeline_models`` names the app's dated records (subclasses of
    :class:`core.models.DatedModel`) that timelines list as activities, e.g. ``("Engagement",)``;
    each must follow the protocol of :mod:`core.timeline`.

    Subclass it as ``registry.RecordAppConfig`` (``from core import registry``): Django picks
    the AppConfig of an app's ``apps.py`` automatically only when that module holds one
    AppConfig class, and an imported ``RecordAppConfig`` would be a second.
    """

    timeline_models: tuple[str, ...] = ()

    def ready(self) -> None:
        """Give every model of the app a version (:func:`core.concurrency.add_version_field`),
        then a change history (:func:`core.history.register_history`)."""
        from .concurrency import add_version_field
        from .history import register_history

        for model in self.get_models():
            add_version_field(model)
        register_history(self)


def record_apps() -> list[RecordAppConfig]:
    """The installed record apps, in ``INSTALLED_APPS`` order."""
    return [config for config in apps.get_app_configs() if isinstance(config, RecordAppConfig)]


def record_app_labels() -> frozenset[str]:
    """The labels of :func:`record_apps` (``{"cities", "visits", "exhibitions"}``)."""
    return frozenset(config.label for config in record_apps())


def record_models(*, include_history: bool = False) -> list[type[models.Model]]:
    """Every concrete model of the record apps, in app order; their historical models (the
    tables of django-simple-history) only with ``include_history``."""
    return [model for config in record_apps() for model in config.get_models()
            if include_history or not _is_historical(model)]


def timeline_models() -> list[type[models.Model]]:
    """The models that timelines list, from each record app's ``timeline_models``."""
    return [config.get_model(name) for config in record_apps() for name in config.timeline_models]


def public_page_models() -> list[type[models.Model]]:
    """The record models with a public page of their own (:class:`core.models.PublicPageModel`,
    with ``objects.in_sitemap()``)."""
    from .models import PublicPageModel

    return [model for model in record_models() if issubclass(model, PublicPageModel)]


def _is_historical(model: type[models.Model]) -> bool:
    from simple_history.models import HistoricalChanges

    return issubclass(model, HistoricalChanges)  # the tables of django-simple-history
