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
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from simple_history.models import HistoricalRecords

from .concurrency import VERSION_FIELD, is_versioned

# django-simple-history ships no Traditional Chinese: the labels of its pages that staff read are
# listed here so that makemessages keeps them in our catalogue, which Django reads first.
LIBRARY_LABELS = (
    gettext_noop("Created"), gettext_noop("Changed"), gettext_noop("Deleted"),
    gettext_noop("View history: %s"), gettext_noop("Change history: %s"),
    gettext_noop("View %s"), gettext_noop("Revert %s"),
    gettext_noop("Choose a date from the list below to revert to a previous version of this object."),
    gettext_noop("This object doesn't have a change history."),
    gettext_noop("Press the 'Revert' button below to revert to this version of the object."),
    gettext_noop("Object"), gettext_noop("Date/time"), gettext_noop("Comment"),
    gettext_noop("Changed by"), gettext_noop("Change reason"), gettext_noop("Changes"),
    gettext_noop("Revert"), gettext_noop("None"),
)


class ChangeHistoricalRecords(HistoricalRecords):
    """Historical records that skip a save which changed nothing, and raw saves.

    Saving an unchanged form, or loading the sample data again, would otherwise add a version
    identical to the last one and bury the real changes. ``updated_at`` (set on every save) does
    not count as a change; many-to-many changes are recorded on their own, as usual.
    """

    ignored_fields = frozenset({"updated_at"})

    def get_meta_options_m2m(self, through_model):
        # The library names these link tables after their class ("HistoricalEngagement_topics"),
        # which staff see in the permission lists; name them in words, translated.
        source, target = (field.related_model._meta for field in through_model._meta.fields
                          if field.is_relation)
        name = format_lazy(_("history of links between {} and {}"), source.verbose_name,
                           target.verbose_name_plural)
        return {**super().get_meta_options_m2m(through_model), "verbose_name": name,
                "verbose_name_plural": name}

    def post_save(self, instance, created, using=None, **kwargs):
        if kwargs.get("raw", False):
            # A raw save (loaddata, restore_data) loads rows as they were, history included: it
            # writes no version, and neither must the many-to-many ``set()`` the deserializer
            # calls on the same object right after, which simple-history records from
            # ``m2m_changed`` unless it sees this flag. Without it a restore added "~" versions
            # and re-pointed history links of other records.
            instance.skip_history_when_saving = True
            return
        if not created and self._unchanged(instance, using):
            return
        super().post_save(instance, created, using=using, **kwargs)

    def _unchanged(self, instance, using) -> bool:
        latest = getattr(instance, self.manager_name).using(using).first()
        if latest is None or latest.history_type == "-":
            return False
        # to_python: the instance may hold what was assigned (a float), the version what was read.
        return all(
            field.to_python(getattr(latest, field.attname))
            == field.to_python(getattr(instance, field.attname))
            for field in self.fields_included(instance)
            if field.name not in self.ignored_fields
        )


def register_history(app_config: AppConfig) -> None:
    """Give every concrete model of ``app_config`` a ``history`` manager and a historical table.

    Many-to-many fields without an explicit through model (e.g. ``Engagement.topics``) are
    recorded too; explicit through models (``EngagementCity``) are models of the app and get
    their own history. Saves that change nothing are not recorded (see
    :class:`ChangeHistoricalRecords`). Call it once, from ``AppConfig.ready()``; models that
    already have a history are left alone.
    """
    for model in list(app_config.get_models()):
        if hasattr(model._meta, "simple_history_manager_attribute"):
            continue
        m2m_fields = [
            field for field in model._meta.many_to_many
            if field.remote_field.through._meta.auto_created
        ]
        simple_history.register(
            model, app=app_config.label, m2m_fields=m2m_fields, records_class=ChangeHistoricalRecords,
            # The version counts saves, it is no fact of the record; an old version restored
            # from the history gets the stored one, so a stale restore is refused too.
            excluded_fields=[VERSION_FIELD] if is_versioned(model) else [],
            # The library's "historical <name>" is English and fixed at start-up; these follow
            # the language of the page.
            verbose_name=format_lazy(_("history of {}"), model._meta.verbose_name),
            verbose_name_plural=format_lazy(_("history of {}"), model._meta.verbose_name_plural),
        )


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
