"""Review of edits to published records (issue 11): a change by someone who may not publish is
kept as a pending :class:`core.models.Revision` while the live record stays as it was.

How a change is kept (:func:`hold`): the usual code path runs unchanged (the admin's save with
its inlines, a revert from the history, an import's save of a row) inside a savepoint; the
record and its child rows (:func:`child_relations`: participants, partner cities, donated items,
photos, partnerships...) are serialised before and after, with the other rows
the change made or changed (a person typed into a new participant row); then the savepoint is
rolled back. Nothing of the change reaches the live tables, their history or the public pages.

Approving (:func:`approve`) applies exactly the reviewed snapshot, in one transaction, with the
approver and the revision in the records' history, and is refused (:class:`StaleRevision`) when
the live record or its rows changed since the revision was made: two revisions made from the
same version cannot both be approved blindly. Rejecting (:func:`reject`) and withdrawing
(:func:`withdraw`) change nothing live. Who may decide: a user with the record model's
``publish_<model>`` permission (:func:`may_review`), the permission the publisher role holds
(``backoffice.roles``).

The difference shown to the reviewer is :func:`revision_diff`: field by field for the record
(each language of a translated field on its own), rows added, removed and changed for each
kind of child row.
"""

from __future__ import annotations

import datetime
import functools
import json
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TypeVar

from django.contrib.auth import get_permission_codename
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, models, transaction
from django.db.models.deletion import ProtectedError
from django.db.models.signals import post_save, pre_save
from django.utils import timezone, translation
from django.utils.translation import gettext
from modeltranslation.settings import DEFAULT_LANGUAGE
from modeltranslation.translator import NotRegistered, translator

from .concurrency import VERSION_FIELD
from .dates import DatePrecision, format_date_input, format_datetime_input
from .i18n import join_list
from .models import DatePrecisionField, PublicationStatus, PublishableModel, Revision, RevisionStatus
from .personal import masked, may_see, personal_fields
from .registry import record_app_labels

Result = TypeVar("Result")
Key = tuple[str, int]  # (model label "visits.participation", primary key)


class ReviewError(Exception):
    """A review step that cannot be taken; ``str()`` is the message for staff, translated."""


class StaleRevision(ReviewError):
    """The live record or its rows changed since the revision was made; ``changed`` names what
    (labels of fields and rows, translated)."""

    def __init__(self, changed: list[str]) -> None:
        self.changed = changed
        super().__init__(gettext(
            "The live record has changed since this revision was made (%(changed)s): approving "
            "it would undo those changes. Reject it and ask its author to make the change again "
            "on the current version.") % {"changed": join_list(changed)})


def may_publish(user, model: type[models.Model]) -> bool:
    """True when ``user`` may publish records of ``model`` (a change by them goes live without
    review): they hold ``<app>.publish_<model>`` for each model with a publication state whose
    records make ``model``'s public (:func:`publishing_models`: the model itself; for a person,
    the engagement; for a country, the city and the engagement). The publisher role holds
    every such permission (``backoffice.roles``)."""
    return all(user.has_perm(f"{opts.app_label}.{get_permission_codename('publish', opts)}")
               for opts in (publishing._meta for publishing in publishing_models(model)))


@functools.cache
def publishing_models(model: type[models.Model],
                      _stack: tuple[type[models.Model], ...] = ()) -> frozenset[type[models.Model]]:
    """The models with a publication state whose public records make records of ``model``
    public (:mod:`core.visibility`): ``{model}`` for a model with one; for a model that
    declares ``public_when_named_by`` (rule 2), those its lookups lead to, followed through
    other such models (a person's engagements, a country's cities and engagements); for a
    part (rule 3), those of its required references. Empty for a model never public."""
    from .visibility import lookup_target, named_by, required_references

    if issubclass(model, PublishableModel):
        return frozenset({model})
    if model in _stack:  # a hierarchy (a country within a country)
        return frozenset()
    lookups = named_by(model)
    targets = ([lookup_target(model, lookup) for lookup in lookups] if lookups is not None
               else [f.related_model for f in required_references(model)])
    return frozenset().union(*(publishing_models(target, (*_stack, model)) for target in targets))


def named_record(model: type[models.Model]) -> bool:
    """True for a record of its own without a publication state that is public when public
    records name it (``public_when_named_by``, rule 2 of :mod:`core.visibility`: a person, a
    country, a venue, an item): a change to it is reviewed while it is public."""
    from .visibility import named_by

    return (not issubclass(model, PublishableModel) and owner_field(model) is None
            and named_by(model) is not None)


def may_review(user, revision: Revision) -> bool:
    """True when ``user`` may approve or reject ``revision``: they may publish its record's
    model. An author may not decide on their own revision (they would not need one)."""
    return may_publish(user, revision.record_model) and revision.author_id != user.pk


def record_under_review(row: models.Model | None) -> models.Model | None:
    """The record whose publication a change to ``row`` (a model instance) touches: ``row``
    itself when it has a publication state (:class:`core.models.PublishableModel`), else the
    record it belongs to (:func:`owner_field`: a participant's engagement, a partnership's
    city), as stored; ``row`` itself for a record public when public records name it
    (:func:`named_record`: a person, a country); None for anything else."""
    return records_under_review([row])[0]


def records_under_review(rows: Iterable[models.Model | None]) -> list[models.Model | None]:
    """:func:`record_under_review` of each of ``rows`` (model instances or None), in order,
    reading the records the rows belong to in one query per model (all its keys at once),
    however many rows there are: rows of the same record get the same instance."""
    rows = list(rows)
    # Each row: itself (None, or a record of its own), or the (model, key) of its record.
    own = [row is None or _is_own_record(row) for row in rows]
    parents = [None if is_own else parent_reference(row) for row, is_own in zip(rows, own, strict=True)]
    keys: dict[type[models.Model], set] = {}
    for parent in filter(None, parents):
        keys.setdefault(parent[0], set()).add(parent[1])
    stored = {model: model._base_manager.in_bulk(pks) for model, pks in keys.items()}
    records = []
    for row, is_own, parent in zip(rows, own, parents, strict=True):
        if is_own:
            records.append(row)
        else:
            records.append(stored[parent[0]].get(parent[1]) if parent else None)
    return records


def _is_own_record(row: models.Model) -> bool:
    """True when a change to ``row`` touches ``row``'s own publication."""
    return isinstance(row, PublishableModel) or named_record(type(row))


def parent_reference(row: models.Model) -> tuple[type[models.Model], object] | None:
    """``(model, primary key)`` of the record with a publication state that ``row`` belongs
    to (:func:`owner_field`), without a query; None when there is none."""
    field = owner_field(type(row))
    if field is None or getattr(row, field.attname) is None:
        return None
    return field.related_model, getattr(row, field.attname)


@functools.cache
def owner_field(model: type[models.Model]) -> models.ForeignKey | None:
    """The foreign key by which rows of ``model`` belong to a record with a publication state:
    the first that cascades to one (a participant's engagement, a link's engagement or
    exhibition), else the first required one that protects it (a partnership's city). None
    for a record with its own publication state, and for rows that belong to none (people,
    topics)."""
    if issubclass(model, PublishableModel):
        return None
    candidates = [f for f in model._meta.concrete_fields if f.many_to_one
                  and f.related_model is not model and issubclass(f.related_model, PublishableModel)]
    return (next((f for f in candidates if f.remote_field.on_delete is models.CASCADE), None)
            or next((f for f in candidates if f.remote_field.on_delete is models.PROTECT
                     and not f.null), None))


def needs_review(user, row: models.Model | None) -> bool:
    """True when a change by ``user`` to ``row`` (a model instance, or None) must be reviewed:
    the record it touches (:func:`record_under_review`) is stored and published (``status``
    published, embargoed or not; a record without a publication state: public now, by
    :func:`core.visibility.public`) and ``user`` may not publish its model
    (:func:`may_publish`). ``user`` None (a command run on the server, e.g.
    ``import_records``) is the operator, not held."""
    record = record_under_review(row)
    return record is not None and bool(held_records(user, [record]))


def held_records(user, rows: Iterable[models.Model | None]) -> dict[tuple[type[models.Model], object],
                                                                     models.Model]:
    """The records of ``rows`` (model instances or None: :func:`records_under_review`) whose
    change by ``user`` must be reviewed (:func:`needs_review`), each once, by ``(model,
    primary key)``, in the order of the rows that first name them. Reads the records once per
    model, and whether records without a publication state are public once per model too."""
    if user is None:
        return {}
    records: dict[tuple[type[models.Model], object], models.Model] = {}
    for record in records_under_review(rows):
        if record is not None and record.pk is not None and not may_publish(user, type(record)):
            records.setdefault((type(record), record.pk), record)
    public_keys: dict[type[models.Model], set] = {}
    unpublishable = {model for model, _pk in records if not issubclass(model, PublishableModel)}
    if unpublishable:
        from .visibility import public

        for model in unpublishable:
            public_keys[model] = set(public(model).filter(
                pk__in=[pk for other, pk in records if other is model]).values_list("pk", flat=True))
    return {key: record for key, record in records.items()
            if (record.status == PublicationStatus.PUBLISHED if isinstance(record, PublishableModel)
                else key[1] in public_keys[key[0]])}


# --- snapshots -------------------------------------------------------------------------------

def _label(model: type[models.Model]) -> str:
    return model._meta.label_lower


def child_relations(model: type[models.Model]) -> list[models.ForeignObjectRel]:
    """The relations to ``model``'s child rows: the rows that belong to it by their
    :func:`owner_field` (an engagement's participants, partner cities, donated items and
    photos; a city's partnerships)."""
    return [relation for relation in model._meta.related_objects
            if relation.one_to_many and relation.related_model is not model
            and owner_field(relation.related_model) is relation.field]


def family(record: models.Model) -> list[models.Model]:
    """``record`` (read again from the database) and its child rows (:func:`child_relations`),
    each kind by primary key; ``[]`` when ``record`` no longer exists."""
    model = type(record)
    live = model._base_manager.filter(pk=record.pk).first()
    if live is None:
        return []
    rows: list[models.Model] = [live]
    for relation in child_relations(model):
        rows += list(relation.related_model._base_manager.filter(**{relation.field.name: live})
                     .order_by("pk"))
    return rows


def serialise(rows: list[models.Model]) -> list[dict]:
    """``rows`` as Django's JSON serializer writes them (``model``, ``pk``, ``fields`` with
    many-to-many links as lists of keys), as plain Python data for a JSON field.

    In the default language whatever the page's: django-modeltranslation reads an untranslated
    column (``title``) in the active language, so a snapshot would otherwise depend on it."""
    with translation.override(DEFAULT_LANGUAGE):
        return json.loads(serializers.serialize("json", rows))


def _ignored(model: type[models.Model]) -> set[str]:
    """Fields a change does not consist of: set on every save (``updated_at``, the ``version``
    of :mod:`core.concurrency`)."""
    return {f.name for f in model._meta.concrete_fields
            if getattr(f, "auto_now", False) or f.name == VERSION_FIELD}


def _unreviewed(model: type[models.Model]) -> set[str]:
    """Fields a held change is not compared by: :func:`_ignored`, and personal data
    (:func:`core.personal.personal_fields`: never public, so never reviewed; :func:`hold` saves
    it at once and keeps it out of the revision, except for a row the change creates, and
    approval does not write it over the stored value)."""
    return _ignored(model) | set(personal_fields(model))


def _comparable(objects: list[dict]) -> dict[Key, dict]:
    comparable = {}
    for entry in objects:
        model = _model(entry["model"])
        ignored = _unreviewed(model) if model else set()
        # None and "" alike: a form writes "" where a text column held NULL.
        comparable[(entry["model"], entry["pk"])] = {
            name: "" if value is None else value for name, value in entry["fields"].items()
            if name not in ignored}
    return comparable


def _model(label: str) -> type[models.Model] | None:
    from django.apps import apps

    try:
        return apps.get_model(label)
    except LookupError:
        return None


class _Watcher:
    """Notes, in one thread, every row saved while it is active: its state before (read from
    the database) and whether it was created."""

    local = threading.local()

    def __init__(self) -> None:
        self.before: dict[Key, dict | None] = {}
        self.created: dict[Key, bool] = {}

    def __enter__(self) -> _Watcher:
        self.local.watcher = self
        return self

    def __exit__(self, *exc) -> None:
        self.local.watcher = None

    @classmethod
    def active(cls) -> _Watcher | None:
        return getattr(cls.local, "watcher", None)


def _watched(model: type[models.Model]) -> bool:
    """Rows a held change may consist of: records of the record apps, not their history."""
    from simple_history.models import HistoricalChanges

    return model._meta.app_label in record_app_labels() and not issubclass(model, HistoricalChanges)


def _note_before(sender, instance, raw=False, **kwargs) -> None:
    watcher = _Watcher.active()
    if watcher is None or raw or instance.pk is None or not _watched(sender):
        return
    key = (_label(sender), instance.pk)
    if key not in watcher.before:
        stored = sender._base_manager.filter(pk=instance.pk).first()
        watcher.before[key] = serialise([stored])[0] if stored is not None else None


def _note_saved(sender, instance, created, raw=False, **kwargs) -> None:
    watcher = _Watcher.active()
    if watcher is None or raw or not _watched(sender):
        return
    key = (_label(sender), instance.pk)
    watcher.created.setdefault(key, created)


pre_save.connect(_note_before, dispatch_uid="core-review-before")
post_save.connect(_note_saved, dispatch_uid="core-review-saved")


def _labels(rows: list[models.Model]) -> dict[str, str]:
    """How each of ``rows`` is named (``str()``), keyed ``"<model label>:<pk>"``: the diff
    names rows and references by them, also once they are gone or were never written."""
    return {f"{_label(type(row))}:{row.pk}": str(row)[:300] for row in rows}


def _referenced(rows: list[models.Model], known: set[Key]) -> list[models.Model]:
    """The rows of record apps that ``rows`` refer to by foreign key, other than ``known``."""
    wanted: dict[type[models.Model], set] = {}
    for row in rows:
        for f in row._meta.concrete_fields:
            value = getattr(row, f.attname) if f.many_to_one else None
            if (value is not None and _watched(f.related_model)
                    and (_label(f.related_model), value) not in known):
                wanted.setdefault(f.related_model, set()).add(value)
    return [found for model, pks in wanted.items() for found in model._base_manager.filter(pk__in=pks)]


class _Discard(Exception):
    """Raised to roll back the savepoint of :func:`hold`."""


def hold(record: models.Model, perform: Callable[[], Result], *, author, source: str,
         extend: Revision | None = None) -> tuple[Result, Revision | None]:
    """Run ``perform()`` (code that saves a change to ``record``, a published model instance,
    and its child rows the usual way) and keep what it changed as a pending revision by
    ``author`` (a user) made through ``source`` (a :class:`core.models.RevisionSource`),
    instead of letting it go live. With ``extend`` (a pending revision of ``record``, e.g. by
    an earlier row of the same import), that revision's change is applied first and the
    revision then holds both.

    Returns ``(perform()'s result, the new or extended Revision)``, or ``(result, None)`` when
    nothing changed (an invalid form saves nothing). Exceptions of ``perform()`` propagate,
    with everything it wrote rolled back. Runs inside the caller's transaction, if any; the
    revision is written when the savepoint has been rolled back.
    """
    rows = family(record)
    live_label = str(rows[0] if rows else record)[:300]  # ``record`` may hold the change already
    before = extend.snapshot["before"] if extend is not None else serialise(rows)
    labels = {**(extend.snapshot["labels"] if extend is not None else {}), **_labels(rows)}
    after: list[dict] = []
    others: list[dict] = []
    referenced: dict = {}
    result = None
    try:
        with transaction.atomic(), _Watcher() as watcher:
            if extend is not None:
                with translation.override(DEFAULT_LANGUAGE):
                    _apply(extend.snapshot, author, "")
            result = perform()
            rows = family(record)
            after = serialise(rows)
            keys = {(_label(type(row)), row.pk) for row in rows}
            extra = []
            for (label, pk), created in watcher.created.items():
                model = _model(label)
                row = model._base_manager.filter(pk=pk).first() if model else None
                if (label, pk) in keys or row is None:
                    continue
                extra.append(row)
                others.append({"created": created, "before": watcher.before.get((label, pk)),
                               "object": serialise([row])[0]})
            referenced = _referenced(rows, keys | set(watcher.created))
            labels.update(_labels([*rows, *extra, *referenced]))
            referenced = {(_label(type(row)), row.pk): serialise([row])[0] for row in referenced}
            raise _Discard
    except _Discard:
        pass
    # Rows the change wrote without signals (an import's bulk insert of new people), found as
    # references of the family that no longer exist, or differ, once rolled back.
    for (label, pk), entry in referenced.items():
        stored = _model(label)._base_manager.filter(pk=pk).first()
        if stored is None:
            others.append({"created": True, "before": None, "object": entry})
        elif _comparable([entry]) != _comparable(serialise([stored])):
            others.append({"created": False, "before": serialise([stored])[0], "object": entry})
    _save_personal_data(after + [other["object"] for other in others if not other["created"]],
                        author)
    # Only a row the change creates keeps its personal data in the revision (approval writes it).
    before, after = _without_personal_data(before), _without_personal_data(after)
    for other in others:
        if not other["created"]:
            other["object"] = _without_personal_data([other["object"]])[0]
            other["before"] = other["before"] and _without_personal_data([other["before"]])[0]
    if not others and _comparable(before) == _comparable(after):
        return result, extend
    snapshot = {"before": before, "after": after, "others": others, "labels": labels}
    if extend is not None:
        extend.snapshot = snapshot
        extend.save(update_fields=["snapshot"])  # the same step: no new version of its history
        return result, extend
    revision = Revision(
        content_type=ContentType.objects.get_for_model(record), object_id=record.pk,
        record_label=live_label, author=author, source=source, snapshot=snapshot,
    )
    revision._history_user = author
    revision._change_reason = gettext("submitted for review")
    revision.save()
    return result, revision


def _without_personal_data(entries: list[dict]) -> list[dict]:
    """The serialised ``entries`` without their personal-data fields."""
    stripped = []
    for entry in entries:
        model = _model(entry["model"])
        names = set(personal_fields(model)) if model else set()
        stripped.append({**entry, "fields": {name: value for name, value in entry["fields"].items()
                                             if name not in names}})
    return stripped


def _save_personal_data(entries: list[dict], author) -> None:
    """Write the personal data (:func:`core.personal.personal_fields`) of the serialised
    ``entries`` (rows as a held change left them) to the stored rows where it differs: it is
    never public, so it is saved at once and not reviewed (an organiser's passport number).
    Each such row is saved as ``author`` (a user) with its history's reason saying so."""
    for entry in entries:
        model = _model(entry["model"])
        names = personal_fields(model) if model else ()
        stored = model._base_manager.filter(pk=entry["pk"]).first() if names else None
        if stored is None:
            continue
        changed = {name: model._meta.get_field(name).to_python(entry["fields"].get(name))
                   for name in names if name in entry["fields"]}
        changed = {name: value for name, value in changed.items()
                   if (value or "") != (getattr(stored, name) or "")}
        if not changed:
            continue
        for name, value in changed.items():
            setattr(stored, name, value)
        stored._history_user = author
        stored._change_reason = gettext("personal data, saved without review")
        stored.save()


# --- decisions -------------------------------------------------------------------------------

def changed_since(revision: Revision) -> list[str]:
    """What changed in the live record and its rows since ``revision`` was made: the labels
    of the changed fields and rows (translated), ``[]`` when nothing did."""
    record = revision.live_record()
    if record is None:
        return [gettext("the record was deleted")]
    before = _comparable(revision.snapshot["before"])
    now = _comparable(serialise(family(record)))
    changed = []
    for key in sorted(before.keys() | now.keys()):
        if before.get(key) == now.get(key):
            continue
        model = _model(key[0])
        if key == (_label(revision.record_model), revision.object_id):
            changed += [str(f.verbose_name) for f in _shown_fields(model, _unreviewed(model))
                        if before[key].get(f.name) != now[key].get(f.name)]
        else:
            changed.append(str(model._meta.verbose_name) if model else key[0])
    for other in revision.snapshot["others"]:
        if other["created"]:
            continue
        model = _model(other["object"]["model"])
        row = model._base_manager.filter(pk=other["object"]["pk"]).first() if model else None
        if row is None or _comparable(serialise([row])) != _comparable([other["before"]]):
            changed.append(str(row) if row is not None else other["object"]["model"])
    return list(dict.fromkeys(changed))


def _deserialised(entry: dict, renumbered: dict[Key, int]):
    """The model instance of a serialised ``entry`` with its many-to-many data, its foreign
    keys to rows created on approval pointing at their new keys."""
    item = next(serializers.deserialize("python", [entry], ignorenonexistent=True))
    row = item.object
    for f in row._meta.concrete_fields:
        if f.is_relation and f.many_to_one:
            key = (_label(f.related_model), getattr(row, f.attname))
            if key in renumbered:
                setattr(row, f.attname, renumbered[key])
    m2m = {name: [renumbered.get((_label(row._meta.get_field(name).related_model), pk), pk)
                  for pk in pks] for name, pks in (item.m2m_data or {}).items()}
    return row, m2m


def _write(row: models.Model, m2m: dict, *, create: bool, user, reason: str) -> None:
    if create:
        row.pk = None
        row._state.adding = True
    elif names := personal_fields(type(row)):
        # Personal data is not reviewed (_unreviewed): the stored values stay.
        for name, value in (type(row)._base_manager.filter(pk=row.pk).values(*names).first() or {}).items():
            setattr(row, name, value)
    if not create and hasattr(row, VERSION_FIELD):
        # Saved as an update of the version stored now (the snapshot holds the one its rolled
        # back save gave): core.concurrency refuses any other.
        setattr(row, VERSION_FIELD, type(row)._base_manager.filter(pk=row.pk).values_list(
            VERSION_FIELD, flat=True).first())
    row._history_user, row._change_reason = user, reason
    row.save(force_insert=create)
    for name, pks in m2m.items():
        getattr(row, name).set(pks)


def approve(revision: Revision, *, reviewer, comment: str = "") -> Revision:
    """Publish ``revision``: apply its snapshot to the live record and rows exactly as they were
    reviewed, record ``reviewer`` (a user) and ``comment`` (str), and return the revision.

    Rows the change created are inserted (with new keys), rows it removed deleted, the others
    written as the snapshot holds them; each write is a history version by ``reviewer`` whose
    reason names the revision. Raises ``PermissionDenied`` when ``reviewer`` may not
    (:func:`may_review`), :class:`ReviewError` when the revision is no longer pending, and
    :class:`StaleRevision` when the live record changed since it was made; then nothing changes.
    """
    with transaction.atomic():
        revision = Revision.objects.select_for_update().get(pk=revision.pk)
        _check_decision(revision, reviewer)
        record = revision.record_model._base_manager.select_for_update().filter(
            pk=revision.object_id).first()
        changed = changed_since(revision)
        if changed or record is None:
            raise StaleRevision(changed)
        reason = gettext("approved revision %(number)s by %(author)s") % {
            "number": revision.pk, "author": revision.author.get_username()}
        try:
            with transaction.atomic(), translation.override(DEFAULT_LANGUAGE):  # as serialise() wrote
                _apply(revision.snapshot, reviewer, reason)
        except (IntegrityError, ProtectedError) as error:
            raise ReviewError(gettext(
                "The revision cannot be applied as it is: the database refused it (%(error)s). "
                "Nothing was changed; reject it and ask its author to make the change again.")
                % {"error": _refusal(error)}) from error
        return _decide(revision, RevisionStatus.APPROVED, reviewer, comment)


def _refusal(error: Exception) -> str:
    """Staff's words for a database refusal while applying a revision: the records that a
    removed row is still named by (a participant who is a main guest of a report), or a
    conflict with another record (a unique value taken since)."""
    if isinstance(error, ProtectedError):
        return gettext("a removed row is still named by %(records)s") % {
            "records": join_list(str(row) for row in list(error.protected_objects)[:5])}
    return gettext("it conflicts with another record")


def _apply(snapshot: dict, reviewer, reason: str) -> None:
    """Write ``snapshot`` (a revision's) to the live tables, as :func:`approve` describes:
    other rows first (new ones get new keys), then the family's removed rows are deleted and
    its new and changed rows written. A row the revision leaves as it was is not written (no
    empty version in its history), unless it refers to a row written with a new key."""
    renumbered: dict[Key, int] = {}
    for other in snapshot["others"]:
        row, m2m = _deserialised(other["object"], renumbered)
        old = row.pk
        _write(row, m2m, create=other["created"], user=reviewer, reason=reason)
        renumbered[(other["object"]["model"], old)] = row.pk
    before = _comparable(snapshot["before"])
    after = {(entry["model"], entry["pk"]): entry for entry in snapshot["after"]}
    for label, pk in sorted(before.keys() - after.keys()):
        row = _model(label)._base_manager.get(pk=pk)
        row._history_user, row._change_reason = reviewer, reason
        row.delete()
    for key, fields in _comparable(snapshot["after"]).items():
        row, m2m = _deserialised(after[key], renumbered)
        moved = any(getattr(row, f.attname) != after[key]["fields"].get(f.name)
                    for f in row._meta.concrete_fields if f.many_to_one)
        if before.get(key) != fields or moved:
            _write(row, m2m, create=key not in before, user=reviewer, reason=reason)


def reject(revision: Revision, *, reviewer, comment: str) -> Revision:
    """Reject ``revision`` with ``comment`` (str, required: the author must learn why) by
    ``reviewer``; the live record is not touched. Raises as :func:`approve` does, and
    :class:`ReviewError` for an empty comment."""
    if not comment.strip():
        raise ReviewError(gettext("Say why the revision is rejected: its author reads the comment."))
    with transaction.atomic():
        revision = Revision.objects.select_for_update().get(pk=revision.pk)
        _check_decision(revision, reviewer)
        return _decide(revision, RevisionStatus.REJECTED, reviewer, comment)


def withdraw(revision: Revision, *, user) -> Revision:
    """Withdraw ``revision`` (its author only, while pending). Raises ``PermissionDenied`` for
    anyone else and :class:`ReviewError` when it is no longer pending."""
    with transaction.atomic():
        revision = Revision.objects.select_for_update().get(pk=revision.pk)
        if revision.author_id != user.pk:
            raise PermissionDenied
        _check_pending(revision)
        revision.status = RevisionStatus.WITHDRAWN
        revision.outcome_seen = True
        revision._history_user, revision._change_reason = user, gettext("withdrawn by its author")
        revision.save()
        return revision


def _check_pending(revision: Revision) -> None:
    if revision.status != RevisionStatus.PENDING:
        raise ReviewError(gettext("This revision is no longer pending: it was %(status)s.")
                          % {"status": revision.get_status_display()})


def _check_decision(revision: Revision, reviewer) -> None:
    if not may_review(reviewer, revision):
        raise PermissionDenied
    _check_pending(revision)


def _decide(revision: Revision, status: str, reviewer, comment: str) -> Revision:
    revision.status, revision.reviewer, revision.comment = status, reviewer, comment.strip()
    revision.decided_at = timezone.now()
    revision.outcome_seen = False
    revision._history_user = reviewer
    revision._change_reason = revision.comment or revision.get_status_display()
    revision.save()
    return revision


# --- preview ---------------------------------------------------------------------------------

def preview(request, record: models.Model, *, language: str, revision: Revision | None = None,
            banner: str = ""):
    """The public page of ``record`` (a model instance with ``get_absolute_url()``) rendered
    as the public would see it once published, in ``language`` (a code of ``LANGUAGES``): a
    draft as it is, or with ``revision`` (a pending one) applied. Everything runs inside a
    savepoint that is rolled back, so nothing of it is stored or reaches the public.

    ``request`` is the staff member's; the public view gets a copy with the public path, and
    ``review_preview`` set to ``banner`` (str), which ``base.html`` shows and marks
    ``noindex``. Returns the rendered response with ``Cache-Control: no-cache, no-store,
    private`` and ``X-Robots-Tag: noindex, nofollow``. Raises ``Http404`` when the record
    has no public page or the page is not found.
    """
    import copy

    from django.http import Http404
    from django.urls import Resolver404, resolve
    from django.utils.cache import add_never_cache_headers

    from .models import PublicPageModel

    if not isinstance(record, PublicPageModel):
        raise Http404("no public page")
    response = None
    try:
        with transaction.atomic():
            if revision is not None:
                with translation.override(DEFAULT_LANGUAGE):
                    _apply(revision.snapshot, request.user, "preview")
            model = type(record)
            if hasattr(record, "status"):
                model._base_manager.filter(pk=record.pk).update(
                    status=PublicationStatus.PUBLISHED, publish_from=None)
            shown = model._base_manager.get(pk=record.pk)
            with translation.override(language):
                path = shown.get_absolute_url()
                try:
                    match = resolve(path)
                except Resolver404:
                    raise Http404(path) from None
                public = copy.copy(request)
                public.path = public.path_info = path
                public.LANGUAGE_CODE = language
                public.review_preview = banner or gettext("Preview: not public")
                public.resolver_match = match
                response = match.func(public, *match.args, **match.kwargs)
                if hasattr(response, "render"):
                    response.render()
            raise _Discard
    except _Discard:
        pass
    add_never_cache_headers(response)
    response["Cache-Control"] += ", private"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


# --- the difference shown to reviewers -------------------------------------------------------

@dataclass(frozen=True)
class FieldChange:
    """One field's value before and after, as staff read them (``""`` for empty)."""

    label: str
    before: str
    after: str


@dataclass
class RowChange:
    """A child row ``added``, ``removed`` or ``changed`` (then with its ``fields``)."""

    label: str
    kind: str
    fields: list[FieldChange] = field(default_factory=list)


@dataclass
class RowSection:
    """The changed rows of one kind (``title``: the model's plural name)."""

    title: str
    rows: list[RowChange]


@dataclass
class RevisionDiff:
    """What a revision changes: the record's ``fields``, its child rows by kind (``sections``),
    and the other rows it adds or changes (``others``: new people...)."""

    fields: list[FieldChange]
    sections: list[RowSection]
    others: list[RowChange]

    @property
    def empty(self) -> bool:
        return not (self.fields or self.sections or self.others)


def _shown_fields(model: type[models.Model], exclude: set[str] = frozenset()) -> list[models.Field]:
    """Fields staff edit, each language of a translated field on its own (not the untranslated
    column that mirrors the default language)."""
    try:
        translated = set(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        translated = set()
    return [f for f in [*model._meta.concrete_fields, *model._meta.many_to_many]
            if f.editable and not f.primary_key and f.name not in translated
            and f.name not in exclude and f.name not in _ignored(model)]


def _precision(model: type[models.Model], name: str, values: dict) -> str:
    """How much of the date field ``name`` is known in the serialised ``values`` of a ``model``
    row: its :class:`core.models.DatePrecisionField`'s value, else the day."""
    for f in model._meta.concrete_fields:
        if isinstance(f, DatePrecisionField) and name in f.date_fields:
            return values.get(f.name) or DatePrecision.DAY
    return DatePrecision.DAY


def _display(f: models.Field, value, labels: dict[str, str], precision: str = DatePrecision.DAY) -> str:
    """``value`` (serialised) of field ``f`` as staff read it; a date as staff type it, to
    ``precision`` (``114/09/14``, ``114/07``), a date-time in local time (``114/09/14 14:30``)."""
    if value in (None, "", []):
        return ""
    if f.many_to_many:
        related = f.related_model
        rows = related._base_manager.in_bulk(value)
        return join_list(str(rows[pk]) if pk in rows else labels.get(f"{_label(related)}:{pk}", f"#{pk}")
                         for pk in value)
    if f.is_relation:
        related = f.related_model
        row = related._base_manager.filter(pk=value).first()
        return str(row) if row is not None else labels.get(f"{_label(related)}:{value}", f"#{value}")
    if isinstance(f, models.DateTimeField):
        value = datetime.datetime.fromisoformat(value)
    elif isinstance(f, models.DateField):
        value = datetime.date.fromisoformat(value)
    return shown_field_value(f, value, precision)


def shown_field_value(f: models.Field, value, precision: str | None = None) -> str:
    """``value`` (a Python value of field ``f``, not empty; related rows already as objects or
    names) as staff read it in the active language, for the review queue's difference and the
    history's "Changes" column alike: a choice by its label (``月``), a yes/no, a list of names
    joined by the language's separator (:func:`core.i18n.join_list`: ``韓國、日本``), a date
    as staff type it in the forms to ``precision`` (a :class:`core.dates.DatePrecision` value,
    default the day: ``114/09/14``, ``114/07``; before ROC 1 the Chinese form the forms write,
    :func:`core.dates.format_date_input`), a date-time in local time (``114/09/14 14:30``)."""
    if isinstance(value, (list, tuple)):
        return join_list(value)
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(f, models.BooleanField):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, datetime.datetime):
        return format_datetime_input(value)
    if isinstance(value, datetime.date):
        return format_date_input(value, precision or DatePrecision.DAY)
    return str(value)


def _field_changes(model: type[models.Model], before: dict, after: dict, labels: dict,
                   exclude: set[str] = frozenset(), user=None) -> list[FieldChange]:
    """The changed fields of a ``model`` row from ``before`` to ``after`` (serialised values),
    each side as :func:`_display` shows it; the personal data ``user`` may not see
    (:func:`core.personal.may_see`) as :func:`core.personal.masked`, so a reviewer without the
    permission learns that a passport number changed, not what it was or became."""
    hidden = set() if may_see(user, model) else set(personal_fields(model))
    changes = []
    for f in _shown_fields(model, exclude):
        old, new = before.get(f.name), after.get(f.name)
        if f.name in hidden:
            if (old or "") != (new or ""):  # None and "" alike; both sides may read the mask
                changes.append(FieldChange(str(f.verbose_name), masked(old) if old else "",
                                           masked(new) if new else ""))
        elif old != new:
            change = FieldChange(str(f.verbose_name),
                                 _display(f, old, labels, _precision(model, f.name, before)),
                                 _display(f, new, labels, _precision(model, f.name, after)))
            if change.before != change.after:  # None and "" alike
                changes.append(change)
    return changes


def revision_diff(revision: Revision, user=None) -> RevisionDiff:
    """The difference ``revision`` makes to the record as it was when it was made, as ``user``
    (a ``User``; ``None``: an operator, who sees everything) may see it: personal data they
    may not see masked (:func:`_field_changes`)."""
    snapshot = revision.snapshot
    labels = snapshot.get("labels", {})
    record_key = (_label(revision.record_model), revision.object_id)
    before = {(e["model"], e["pk"]): e["fields"] for e in snapshot["before"]}
    after = {(e["model"], e["pk"]): e["fields"] for e in snapshot["after"]}
    fields = _field_changes(revision.record_model, before.get(record_key, {}),
                            after.get(record_key, {}), labels, user=user)
    sections = []
    for relation in child_relations(revision.record_model):
        model = relation.related_model
        label = _label(model)
        keys = sorted(key for key in before.keys() | after.keys() if key[0] == label)
        rows = []
        for key in keys:
            name = labels.get(f"{label}:{key[1]}", f"#{key[1]}")
            if key not in before:
                rows.append(RowChange(name, "added", _field_changes(
                    model, {}, after[key], labels, exclude={relation.field.name}, user=user)))
            elif key not in after:
                rows.append(RowChange(name, "removed"))
            elif changes := _field_changes(model, before[key], after[key], labels, user=user):
                rows.append(RowChange(name, "changed", changes))
        if rows:
            sections.append(RowSection(str(model._meta.verbose_name_plural), rows))
    others = []
    for other in snapshot["others"]:
        entry = other["object"]
        model = _model(entry["model"])
        if model is None:
            continue
        key = f"{entry['model']}:{entry['pk']}"
        name = f"{model._meta.verbose_name}: {labels.get(key, '')}"
        previous = (other["before"] or {}).get("fields", {})
        changes = _field_changes(model, previous, entry["fields"], labels, user=user)
        if other["created"] or changes:
            others.append(RowChange(name, "added" if other["created"] else "changed", changes))
    return RevisionDiff(fields, sections, others)



def _snapshot_entries(snapshot: dict):
    """Every serialised row of a revision's ``snapshot`` (dicts with ``model``, ``pk`` and
    ``fields``): the record and its child rows before and after, and the other rows the change
    made or changed, before and after."""
    yield from snapshot.get("before") or ()
    yield from snapshot.get("after") or ()
    for other in snapshot.get("others") or ():
        for entry in (other.get("before"), other.get("object")):
            if entry:
                yield entry


def purge_personal_data(person_pks: set[int], *, dry_run: bool = False) -> int:
    """Blank the personal-data fields (:func:`core.personal.personal_fields`) that revisions'
    snapshots hold: in every decided revision (approved, rejected, withdrawn: the data is live
    and kept by the person's own retention, or never went live and has no purpose left), and in
    pending ones for the people ``person_pks`` (ids of people whose data is purged). A visitor
    list held for review keeps its guests' passports and phones in its snapshot. Returns the
    number of revisions that held some (changed unless ``dry_run``). Source: the retention rule
    of :mod:`backoffice.retention` (個人資料保護法 art. 11)."""
    from django.apps import apps

    person_labels = {model._meta.label_lower for model in apps.get_models() if personal_fields(model)}
    changed = 0
    for revision in Revision.objects.only("pk", "status", "snapshot").order_by("pk").iterator():
        decided = revision.status != RevisionStatus.PENDING
        held = False
        for entry in _snapshot_entries(revision.snapshot):
            if entry.get("model") not in person_labels or not (decided or entry.get("pk") in person_pks):
                continue
            fields = entry.get("fields") or {}
            for name in personal_fields(apps.get_model(entry["model"])):
                if fields.get(name):
                    fields[name] = ""
                    held = True
        if held:
            changed += 1
            if not dry_run:
                Revision.objects.filter(pk=revision.pk).update(snapshot=revision.snapshot)
    return changed
