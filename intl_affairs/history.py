"""Change history of every record (django-simple-history), translated fields included.

django-modeltranslation adds the per-language columns (``name_zh_hant``, ``name_en`` ...) to a
model when the ``modeltranslation`` app is ready, after the model class was built. A
``HistoricalRecords()`` declared on the class copies the fields before that and so would miss
every translation; registering the models from each app's ``AppConfig.ready()`` (which runs after
``modeltranslation``'s, as it comes first in ``INSTALLED_APPS``) records all of them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import simple_history
from django.apps import AppConfig
from django.db import IntegrityError, models, transaction


def register_history(app_config: AppConfig) -> None:
    """Give every concrete model of ``app_config`` a ``history`` manager and a historical table.

    Many-to-many fields without an explicit through model (e.g. ``Engagement.topics``) are
    recorded too; explicit through models (``EngagementCity``) are models of the app and get
    their own history. Call it once, from ``AppConfig.ready()``; models that already have a
    history are left alone.
    """
    for model in list(app_config.get_models()):
        if hasattr(model._meta, "simple_history_manager_attribute"):
            continue
        m2m_fields = [
            field for field in model._meta.many_to_many
            if field.remote_field.through._meta.auto_created
        ]
        simple_history.register(model, app=app_config.label, m2m_fields=m2m_fields)


# Rows deleted by a cascade are recorded within milliseconds of their parent; a row deleted on
# its own this close to its parent's deletion is taken as part of it.
CASCADE_WINDOW = datetime.timedelta(seconds=5)


@dataclass(frozen=True)
class CascadeRestore:
    """What :func:`restore_deleted_with` put back: ``restored`` rows and many-to-many links, and
    ``skipped`` rows that could not be (another row took their unique values meanwhile)."""

    restored: int
    skipped: int


def restore_deleted_with(instance: models.Model, *, user=None) -> CascadeRestore:
    """Put back what the deletion of ``instance`` took with it, once ``instance`` itself has been
    re-created from its history (e.g. through the admin's revert form).

    That is, recursively: rows of models with history whose foreign key to ``instance``
    cascades and whose last version is a deletion within ``CASCADE_WINDOW`` of the deletion of
    ``instance`` (an engagement's participants, partner cities, donated items and photos), and
    ``instance``'s recorded many-to-many links as they were in its last version before the
    deletion. ``user`` (a ``User`` or None) is recorded as who restored them. Does nothing when
    ``instance`` was never deleted.
    """
    history = type(instance).history.filter(**{instance._meta.pk.attname: instance.pk})
    deletion = history.filter(history_type="-").order_by("-history_date").first()
    if deletion is None:
        return CascadeRestore(0, 0)
    restored = skipped = 0
    before = (history.filter(history_date__lt=deletion.history_date).exclude(history_type="-")
              .order_by("-history_date").first())
    if before is not None:
        for field in before._history_m2m_fields:
            target = f"{field.m2m_reverse_field_name()}_id"
            linked = [getattr(row, target) for row in getattr(before, field.name).all()]
            getattr(instance, field.name).add(*linked)
            restored += len(linked)

    window = (deletion.history_date - CASCADE_WINDOW, deletion.history_date + CASCADE_WINDOW)
    for relation in instance._meta.related_objects:
        model = relation.related_model
        if (relation.many_to_many or relation.on_delete is not models.CASCADE
                or not hasattr(model._meta, "simple_history_manager_attribute")):
            continue
        records = model.history.latest_of_each().filter(
            history_type="-", history_date__range=window, **{relation.field.attname: instance.pk}
        )
        for record in records:
            child = record.instance
            child._history_user = user
            try:
                with transaction.atomic():
                    child.save(force_insert=True)
            except IntegrityError:
                skipped += 1
                continue
            nested = restore_deleted_with(child, user=user)
            restored, skipped = restored + 1 + nested.restored, skipped + nested.skipped
    return CascadeRestore(restored, skipped)
