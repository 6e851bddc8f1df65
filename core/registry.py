"""The one list of record apps: apps whose AppConfig derives from :class:`RecordAppConfig`.

A record app (``cities``, ``visits``, ``exhibitions``, ``gifts``) holds records that staff keep
in the admin and the public site shows. Declaring its AppConfig as a :class:`RecordAppConfig` is all it takes
for the rest of the product to treat it as one: its models get a version (no lost update) and a
change history, the staff roles cover them, a change to one of them refreshes the cached public
pages, and the models it names in ``timeline_models`` appear in the dated archive and on the city
pages. Nothing else lists apps by label.

A record app may also add to the models and admin pages of the record apps below it, which
import nothing of it: it declares the additions in ``adds_to`` (:data:`ADDITIONS` says what may
be added), and the lower app's code reads them through :func:`added_to`. The gift register adds
an item's giver so.
"""

from __future__ import annotations

import functools

from django.apps import AppConfig, apps
from django.core.exceptions import ImproperlyConfigured
from django.db import models

#: What a record app may add to a model of a record app below it (``RecordAppConfig.adds_to``),
#: each key with what its values are and where they are read.
ADDITIONS = {
    "public_when_named_by": "lookups from the model to the records whose naming makes it public "
                            "(core.visibility.named_by)",
    "page_lookups": "relations of the model that the public pages showing it read too "
                    "(exhibitions.models.ExhibitionQuerySet.for_page, for an item)",
    "page_context": "dotted paths of functions of a record that return what its public page "
                    "shows besides (a dict added to the template's context; cities.views)",
    "admin_inlines": "dotted paths of inline classes on the model's admin page "
                     "(core.admin.RecordAdmin.get_inlines)",
    "admin_list_display": "dotted paths of columns (functions of a record) of the model's admin list "
                          "(core.admin.RecordAdmin.get_list_display)",
    "admin_list_select_related": "relations the model's admin list reads with each row "
                                 "(core.admin.RecordAdmin.get_list_select_related)",
}


class RecordAppConfig(AppConfig):
    """The AppConfig of a record app.

    ``timeline_models`` names the app's dated records (subclasses of
    :class:`core.models.DatedModel`) that timelines list as activities, e.g. ``("Engagement",)``;
    each must follow the protocol of :mod:`core.timeline`.

    Subclass it as ``registry.RecordAppConfig`` (``from core import registry``): Django picks
    the AppConfig of an app's ``apps.py`` automatically only when that module holds one
    AppConfig class, and an imported ``RecordAppConfig`` would be a second.

    ``adds_to`` names what the app adds to models of the record apps below it, by model label
    and :data:`ADDITIONS` key: ``{"exhibitions.Item": {"public_when_named_by": ("gift",)}}``.
    """

    timeline_models: tuple[str, ...] = ()
    adds_to: dict[str, dict[str, tuple[str, ...]]] = {}

    def ready(self) -> None:
        """Check ``adds_to`` (:func:`check_additions`); give every model of the app a version
        (:func:`core.concurrency.add_version_field`), then a change history
        (:func:`core.history.register_history`)."""
        from .concurrency import add_version_field
        from .history import register_history

        check_additions(self)
        for model in self.get_models():
            add_version_field(model)
        register_history(self)


def check_additions(config: RecordAppConfig) -> None:
    """Raise ``ImproperlyConfigured`` unless every entry of ``config.adds_to`` names a model of
    a record app installed before ``config`` (a lower one) and only keys of :data:`ADDITIONS`,
    each with a tuple of strings."""
    lower = [other.label for other in record_apps()]
    lower = lower[:lower.index(config.label)] if config.label in lower else lower
    for label, additions in config.adds_to.items():
        app_label, _dot, model_name = label.partition(".")
        if app_label not in lower:
            raise ImproperlyConfigured(f"{config.label}.adds_to names {label}: not a model of a "
                                       f"record app below {config.label} ({', '.join(lower)})")
        apps.get_model(app_label, model_name)  # LookupError for a model that does not exist
        for key, values in additions.items():
            if key not in ADDITIONS or not isinstance(values, tuple) or not all(
                    isinstance(value, str) for value in values):
                raise ImproperlyConfigured(f"{config.label}.adds_to[{label!r}][{key!r}]: the keys are "
                                           f"{', '.join(ADDITIONS)}, each with a tuple of strings")


def added_to(model: type[models.Model], key: str) -> tuple[str, ...]:
    """What the installed record apps add to ``model`` under ``key`` (a key of
    :data:`ADDITIONS`), in ``INSTALLED_APPS`` order: e.g. ``("gift",)`` for
    ``added_to(Item, "public_when_named_by")`` with the gift register installed, ``()``
    without. Raises ``KeyError`` for a key not in :data:`ADDITIONS`."""
    if key not in ADDITIONS:
        raise KeyError(key)  # a misspelt key is an error, not an empty tuple
    return _additions().get((model._meta.label, key), ())


@functools.cache
def _additions() -> dict[tuple[str, str], tuple[str, ...]]:
    """Every declared addition of the installed record apps, by (model label, key), each value
    the apps' tuples joined in ``INSTALLED_APPS`` order. Read once: the declarations are class
    attributes, and the app registry is populated once (an app's ``ready`` registers its
    models' histories, which cannot run twice, so no test swaps ``INSTALLED_APPS``). Raises
    ``AppRegistryNotReady`` (and keeps nothing) before the app configs are loaded."""
    additions: dict[tuple[str, str], tuple[str, ...]] = {}
    for config in record_apps():
        for label, declared in config.adds_to.items():
            for key, values in declared.items():
                additions[label, key] = additions.get((label, key), ()) + values
    return additions


def record_apps() -> list[RecordAppConfig]:
    """The installed record apps, in ``INSTALLED_APPS`` order."""
    return [config for config in apps.get_app_configs() if isinstance(config, RecordAppConfig)]


def project_apps() -> list[AppConfig]:
    """The installed apps that are packages of this repository (their folder sits in
    ``settings.BASE_DIR``), in ``INSTALLED_APPS`` order: the base, the record apps and the apps
    that span them; not Django's or a library's."""
    from pathlib import Path

    from django.conf import settings

    root = Path(settings.BASE_DIR)
    return [config for config in apps.get_app_configs() if Path(config.path).parent == root]


def record_app_labels() -> frozenset[str]:
    """The labels of :func:`record_apps` (``{"cities", "visits", "exhibitions", "gifts"}``)."""
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
