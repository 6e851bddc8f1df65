"""No lost update: every record carries a version, and a save from a form opened on an older
version is refused (optimistic locking, django-concurrency).

- **The version.** :func:`add_version_field` gives every concrete model of a record app (from
  :class:`core.registry.RecordAppConfig`) a ``version`` column (:class:`RecordVersionField`,
  django-concurrency's ``AutoIncVersionField``: 1 when created, +1 on every save). The library
  saves a record by ``UPDATE ... SET version = v + 1 WHERE pk = ... AND version = v`` (``v`` the
  version the instance holds); when no row matches, it raises
  :class:`concurrency.exceptions.RecordModifiedError` and nothing is written, so of two truly
  simultaneous saves of one version only one can win, on SQLite and PostgreSQL alike (the
  database holds the row lock, not this process). Writers that bypass ``save()`` bump it with
  ``F("version") + 1`` (:func:`bump`): the publish and unpublish actions, the purge of personal
  data. Imports save changed records one by one and so bump it. The history leaves it out
  (:func:`core.history.register_history`): it is no fact of the record, and an old version
  restored from the history gets the current one, so a stale restore is refused too.
- **The form.** The version a form was opened on travels in a signed hidden field
  (:class:`OpenedVersionField`), with the moment it was opened. :class:`VersionCheckedFormMixin`
  (in every admin form and inline row, through :class:`core.forms.RecordForm`) compares it with
  the stored version; when they differ the form is invalid with :func:`stale_message` (who
  changed what since, from django-simple-history), the page shows again with everything typed,
  and nothing is saved. Two saves that pass that check at the same moment meet the conditional
  ``UPDATE``: the loser's transaction is rolled back and its page shown again with the same
  message (:meth:`VersionedAdminMixin.refusing_stale_saves`).
- **Inlines.** Both ways: the admin saves the parent on every save of its page, so a change to
  any of its rows (a participant) makes every other open form of that record stale, and its
  message names the rows' changes too; and each row carries its own version, so a row changed
  elsewhere (its own admin page, an import) is refused on the row.
"""

from __future__ import annotations

import datetime
from contextlib import suppress
from dataclasses import dataclass, field

from concurrency.exceptions import RecordModifiedError
from concurrency.fields import AutoIncVersionField, class_prepared_concurrency_handler
from concurrency.forms import SignedValue, VersionField
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.signing import BadSignature, Signer
from django.db import models
from django.db.models import F
from django.forms.models import _get_foreign_key
from django.http import HttpRequest
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import NotRegistered, translator

from .i18n import join_list

#: The name of the version column of every record model.
VERSION_FIELD = "version"

_SIGNER = Signer(salt="core.concurrency.opened-version")

#: The error of a form of a stored record that does not carry a valid version.
MISSING = _("This form does not say which version of the record it was opened on, so it cannot "
            "be saved safely. Reload the page and enter your changes again.")


class OpenedVersionField(VersionField):
    """The hidden form field carrying the version a form was opened on, and when.

    Shown as the signed text ``<version>/<POSIX time in seconds>`` (so it cannot be edited
    without the ``SECRET_KEY``); cleaned to the version, an ``int``: 0 when the field is not
    posted (a row added to an inline by hand), which :class:`VersionCheckedFormMixin` refuses
    for a stored record; a tampered value is a form error (:data:`MISSING`), never a save: a
    form that cannot say which version it shows cannot prove it is not stale."""

    default_error_messages = {"invalid": MISSING}

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("signer", _SIGNER)
        super().__init__(*args, **kwargs)
        self.required = False

    def prepare_value(self, value):
        if isinstance(value, SignedValue):  # a posted form shown again keeps what it was opened on
            return value
        version = int(value or 0)
        return SignedValue(self._signer.sign(f"{version}/{timezone.now().timestamp():.6f}"))

    def to_python(self, value) -> int:
        if value in self.empty_values:
            return 0
        opened = unsign_opened(value)
        if opened is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return opened[0]

    def validate(self, value) -> None:
        """Nothing beyond :meth:`to_python` (version 0 is a record saved before versions)."""


def unsign_opened(value) -> tuple[int, datetime.datetime] | None:
    """``(version, opened_at)`` from the posted value of an :class:`OpenedVersionField`
    (``opened_at`` an aware UTC datetime), or ``None`` when it is missing or not signed by this
    site."""
    try:
        version, _sep, stamp = _SIGNER.unsign(str(value or "")).partition("/")
        return int(version), datetime.datetime.fromtimestamp(float(stamp), tz=datetime.UTC)
    except (BadSignature, ValueError, OverflowError):
        return None


class RecordVersionField(AutoIncVersionField):
    """The ``version`` column of a record (an integer, 0 for rows saved before versions, 1 when
    created, +1 on every save), edited by :class:`OpenedVersionField`."""

    form_class = OpenedVersionField


def add_version_field(model: type[models.Model]) -> None:
    """Give ``model`` (a concrete model class) the ``version`` column and have its saves refused
    when the version they hold is no longer the stored one (django-concurrency's
    ``apply_concurrency_check``, with translated labels). Call it from ``AppConfig.ready()``,
    before the history is registered; a model that has one already is left alone."""
    if hasattr(model, "_concurrencymeta"):
        return
    RecordVersionField(
        verbose_name=_("version"),
        help_text=_("Counts the saves of the record; a form opened on an older version is not saved."),
    ).contribute_to_class(model, VERSION_FIELD)
    class_prepared_concurrency_handler(model)


def is_versioned(model: type[models.Model]) -> bool:
    """True when ``model`` has the ``version`` column of :func:`add_version_field`."""
    return hasattr(model, "_concurrencymeta")


def bump(record: models.Model) -> None:
    """Set ``record``'s version to ``F("version") + 1`` for a ``bulk_update`` (which bypasses
    the conditional save) of fields that include :data:`VERSION_FIELD`."""
    setattr(record, VERSION_FIELD, F(VERSION_FIELD) + 1)


def refused_stale(records, stored: dict) -> RecordModifiedError | None:
    """For a writer that updates ``records`` (instances of one versioned model, read earlier
    in its transaction) without ``save()``: the error to raise, naming the first record whose
    version in ``stored`` (``{pk: version}``, read now) is not the one it was read at, or
    ``None`` when none was saved meanwhile."""
    for record in records:
        if stored.get(record.pk, getattr(record, VERSION_FIELD)) != getattr(record, VERSION_FIELD):
            return RecordModifiedError(gettext(
                "“%(record)s” was saved by someone else while this was being written; nothing "
                "was written. Try again.") % {"record": record}, target=record)
    return None


@dataclass
class Change:
    """One person's changes to a record since a form was opened: who (a label), when (the
    latest, aware datetime) and what (field and row labels, in order, without repeats)."""

    who: str
    when: datetime.datetime
    what: list[str] = field(default_factory=list)

    def add(self, when: datetime.datetime, labels: list[str]) -> None:
        self.when = max(self.when, when)
        self.what += [label for label in labels if label not in self.what]


def _who(version) -> str:
    user = version.history_user
    if user is None:
        return gettext("a command or import without a user")
    return user.get_full_name() or user.get_username()


def _changed_fields(model: type[models.Model], version) -> list[str]:
    """The labels of the fields a history ``version`` changed from the one before (all of it
    when it is the first or a deletion)."""
    previous = version.prev_record
    if version.history_type == "-":
        return [gettext("deleted the record")]
    if previous is None:
        return [gettext("created the record")]
    names = version.diff_against(previous).changed_fields
    with suppress(NotRegistered):  # a translated field's own column mirrors a language's column
        names = [name for name in names if name not in translator.get_options_for_model(model).fields]
    labels = []
    for name in names:
        try:
            labels.append(str(model._meta.get_field(name).verbose_name))
        except FieldDoesNotExist:  # a history column no longer on the model: its name
            labels.append(name)
    return labels


def changes_since(record: models.Model, since: datetime.datetime | None,
                  related: tuple[tuple[type[models.Model], str], ...] = ()) -> list[Change]:
    """Who changed what in ``record`` (a saved record with a history) after ``since`` (aware
    datetime; ``None``: nothing is known), oldest first, one :class:`Change` per person:
    its own versions (the fields each changed) and those of its rows in ``related`` (pairs of
    a model with a history and the name of its foreign key to ``record``'s model; each row's
    model is named by its plural)."""
    if since is None:
        return []
    by_who: dict[str, Change] = {}

    def note(version, labels: list[str]) -> None:
        who = _who(version)
        if who in by_who:
            by_who[who].add(version.history_date, labels)
        else:
            by_who[who] = Change(who, version.history_date, list(dict.fromkeys(labels)))

    history = getattr(record, "history", None)
    if history is not None:
        for version in (type(record).history.filter(**{record._meta.pk.attname: record.pk},
                                                    history_date__gt=since)
                        .select_related("history_user").order_by("history_date")):
            note(version, _changed_fields(type(record), version))
    for model, fk in related:
        if not hasattr(model, "history"):
            continue
        label = str(model._meta.verbose_name_plural)
        fk_column = model._meta.get_field(fk).attname
        for version in (model.history.filter(**{fk_column: record.pk}, history_date__gt=since)
                        .select_related("history_user").order_by("history_date")):
            note(version, [label])
    return sorted(by_who.values(), key=lambda change: change.when)


def stale_message(record: models.Model, since: datetime.datetime | None,
                  related: tuple[tuple[type[models.Model], str], ...] = ()) -> str:
    """The error shown when a form of ``record`` opened at ``since`` is saved after someone else
    saved the record (:func:`changes_since`), in the active language: who, when and what, that
    nothing was saved and what to do."""
    changes = changes_since(record, since, related)
    if changes:
        who = join_list(
            gettext("%(who)s at %(when)s (%(what)s)") % {
                "who": change.who,
                "when": formats.date_format(timezone.localtime(change.when), "SHORT_DATETIME_FORMAT"),
                "what": join_list(change.what),
            } for change in changes)
        return gettext(
            "Not saved: “%(record)s” was changed after you opened this page, by %(who)s. Nothing "
            "was overwritten and what you typed is still below. Open the record again in another "
            "tab to see the current values, then enter your changes there."
        ) % {"record": record, "who": who}
    return gettext(
        "Not saved: “%(record)s” was changed by another save after you opened this page. Nothing "
        "was overwritten and what you typed is still below. Open the record again in another tab "
        "to see the current values, then enter your changes there."
    ) % {"record": record}


class VersionCheckedFormMixin:
    """For a ``ModelForm`` of a versioned model (:func:`add_version_field`) whose fields include
    ``version``: invalid, with :func:`stale_message` as an error of the whole form, when the
    stored record is at another version than the one the form was opened on. ``stale_related`` (a
    class attribute, set by :class:`VersionedAdminMixin`) names the rows whose changes the
    message names too. A record deleted meanwhile is left to the view (a restore from the
    history saves a record that is not stored)."""

    stale_related: tuple[tuple[type[models.Model], str], ...] = ()

    def clean(self):
        cleaned = super().clean()
        instance = self.instance
        if (VERSION_FIELD in self.fields and VERSION_FIELD not in self.errors
                and instance.pk is not None and is_versioned(type(instance))):
            stored = (type(instance)._base_manager.filter(pk=instance.pk)
                      .values_list(VERSION_FIELD, flat=True).first())
            if stored is not None and self[VERSION_FIELD].data in self.fields[VERSION_FIELD].empty_values:
                raise ValidationError(MISSING, code="invalid")
            if stored is not None and stored != cleaned.get(VERSION_FIELD):
                opened = unsign_opened(self[VERSION_FIELD].data)
                raise ValidationError(
                    stale_message(instance, opened and opened[1], self.stale_related), code="stale")
        return cleaned


class VersionFieldsetMixin:
    """For a ``ModelAdmin`` or an inline of a versioned model: the hidden ``version`` field at
    the end of the first fieldset of every form the user may change, and in no other place
    (a read-only user would see it as a line of text)."""

    def get_fieldsets(self, request: HttpRequest, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not is_versioned(self.model):
            return fieldsets
        fieldsets = [(name, {**options, "fields": [entry for entry in options.get("fields", ())
                                                    if entry != VERSION_FIELD]})
                     for name, options in fieldsets]
        if fieldsets and self.has_change_permission(request, obj):
            name, options = fieldsets[0]
            fieldsets[0] = (name, {**options, "fields": [*options["fields"], VERSION_FIELD]})
        return fieldsets


class VersionedAdminMixin(VersionFieldsetMixin):
    """For a ``ModelAdmin`` of a versioned model: the ``version`` field in its forms
    (:class:`VersionFieldsetMixin`), its inlines' rows named in a stale record's message, and a
    save that loses the race of the conditional ``UPDATE`` shown as refused rather than as a
    server error (the change form and the history's revert form)."""

    def get_form(self, request: HttpRequest, obj=None, **kwargs):
        form_class = super().get_form(request, obj, **kwargs)
        related = []
        for inline in self.get_inline_instances(request, obj):
            try:
                fk = _get_foreign_key(self.model, inline.model, fk_name=inline.fk_name)
            except ValueError:
                continue
            related.append((inline.model, fk.name))
        form_class.stale_related = tuple(related)
        return form_class

    def refusing_stale_saves(self, view, request: HttpRequest, *args, **kwargs):
        """``view(request, *args, **kwargs)`` (an admin view that saves a form in one
        transaction); when its save loses to a simultaneous one (``RecordModifiedError``: the
        transaction is rolled back), the view once more, whose form now finds itself stale and
        says by whom. Should the record change yet again in between, the form is refused with
        :func:`stale_message` without names."""
        try:
            return view(request, *args, **kwargs)
        except RecordModifiedError:
            if request.method != "POST":
                raise
        try:
            return view(request, *args, **kwargs)
        except RecordModifiedError as error:
            request._refused_by_constraint = stale_message(error.target, None)
            return view(request, *args, **kwargs)

    def changeform_view(self, request: HttpRequest, *args, **kwargs):
        return self.refusing_stale_saves(super().changeform_view, request, *args, **kwargs)

    def history_form_view(self, request: HttpRequest, *args, **kwargs):
        return self.refusing_stale_saves(super().history_form_view, request, *args, **kwargs)


#: SQLite's result codes for a lock it could not get within its busy timeout (the low byte of
#: the extended code: SQLITE_BUSY, SQLITE_LOCKED; "Result and Error Codes", sqlite.org).
SQLITE_BUSY_CODES = {5, 6}
#: PostgreSQL's SQLSTATEs for a lock not got or a transaction given up for another's sake:
#: lock_not_available, deadlock_detected, serialization_failure (PostgreSQL, Appendix A).
POSTGRESQL_BUSY_STATES = {"55P03", "40P01", "40001"}


def database_busy(error: BaseException | None) -> bool:
    """True when ``error`` (an exception, or one it was raised from or during) is the database
    refusing to wait any longer for another transaction's lock: on SQLite "database is locked"
    after the busy timeout (``OPTIONS["timeout"]``, 20 s in the settings), on PostgreSQL a lock
    or serialisation failure. Such a save was rolled back whole and may simply be made again;
    any other error, or None, is False."""
    import sqlite3

    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, sqlite3.OperationalError):
            code = getattr(error, "sqlite_errorcode", None)
            if (code is not None and code & 0xFF in SQLITE_BUSY_CODES) or "is locked" in str(error):
                return True
        if getattr(error, "sqlstate", None) in POSTGRESQL_BUSY_STATES:  # psycopg's errors
            return True
        error = error.__cause__ or error.__context__
    return False
