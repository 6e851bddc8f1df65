"""Inserting many new rows at once, for imports of thousands of rows.

Django's ``QuerySet.bulk_create`` spends most of its time building the SQL (its compiler calls
several methods a field a row: about 0.1 ms a row for a model of 25 columns, measured in
``benchmarks/README.md``, "Imports"), not in the database. :func:`insert` writes the same rows
with one multi-row ``INSERT`` statement a batch, through Django's connection (so the statement
is logged, counted and run inside the current transaction), converting each value as
``bulk_create`` does: ``Field.pre_save(add=True)`` (``auto_now`` dates), then
``Field.get_db_prep_save``, skipped only where it would return the value unchanged (text in a
text column, a whole number in an integer column, ``None``).

Like ``bulk_create`` it sends no signal and calls no ``save()``: callers refresh what ``save()``
would (search keys, slugs), write the change history, and empty the page cache themselves.

Why our own code and not the library's: measured again on 2026-12-01 on the same confirmed
import of 20,000 rows (``python -m benchmarks.imports --rows 20000 --bulk library``, which swaps
these functions for ``bulk_create(batch_size=500)`` and django-simple-history's
``bulk_history_create``), the importing process did 1,312 / 1,484 rows per CPU second with this
module and 735 / 1,022 with the library's calls on SQLite (engagements / visitor lists): the
library is not within 25 % of it on the default install. On PostgreSQL (1,162 / 1,704 against
1,235 / 1,414, where Django 5.2's ``bulk_create`` also uses ``UNNEST``) it is, on a loaded machine
(``benchmarks/README.md``, "core.bulk against Django's bulk_create": to be measured again on a
quiet one before the library replaces this module there). ``tests/core/test_bulk.py`` checks
that both write the same rows.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.db import connections, models, router
from django.utils import timezone

# Internal types whose get_db_prep_save returns a value of this Python type unchanged.
_PLAIN = {
    "CharField": str, "TextField": str, "SlugField": str, "EmailField": str, "URLField": str,
    "IntegerField": int, "BigIntegerField": int, "SmallIntegerField": int,
    "PositiveIntegerField": int, "PositiveSmallIntegerField": int, "PositiveBigIntegerField": int,
    "AutoField": int, "BigAutoField": int, "SmallAutoField": int, "BooleanField": bool,
}


def _plain_type(field: models.Field) -> type | None:
    """The Python type whose values ``field`` sends to the database as they are, or ``None``."""
    target = field.target_field if field.is_relation else field
    return _PLAIN.get(target.get_internal_type())


def insert(model: type[models.Model], objects: Sequence[models.Model], *, batch_size: int = 500) -> None:
    """Insert ``objects`` (new, unsaved instances of ``model``) and set their primary keys.

    Rows go in batches of at most ``batch_size`` (fewer where the database limits the
    parameters of one statement: 999 on SQLite); the primary keys come back with ``RETURNING``
    (PostgreSQL, SQLite 3.35 and later), in the order of ``objects``. Every instance is then
    marked as saved (``_state.adding`` false). A row the database refuses raises its
    ``IntegrityError`` or ``DataError``, as ``bulk_create`` does; nothing is caught.
    """
    if not objects:
        return
    connection = connections[router.db_for_write(model)]
    if not connection.features.can_return_rows_from_bulk_insert:
        model._base_manager.bulk_create(objects, batch_size=batch_size)
        return
    fields = _inserted_fields(model)
    # pre_save(add=True) of an auto_now / auto_now_add date is "now": one now for the batch, set
    # on the instances as save() sets it; a field with another pre_save (a file) gets its call.
    now, today = timezone.now(), datetime.date.today()  # what DateTimeField and DateField use
    stamped = [field for field in fields
               if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)]
    for field in stamped:
        value = now if isinstance(field, models.DateTimeField) else today
        for instance in objects:
            setattr(instance, field.attname, value)
    readers = [_value_reader(field, stamped) for field in fields]
    rows = ([read(instance) for read in readers] for instance in objects)
    pks = _insert(connection, model, fields, rows, batch_size)
    for index, instance in enumerate(objects):
        if pks:  # else the key was given
            setattr(instance, model._meta.pk.attname, pks[index])
        instance._state.adding = False
        instance._state.db = connection.alias


def insert_values(model: type[models.Model], columns: Sequence[str], rows: Sequence[Sequence],
                  *, batch_size: int = 500) -> list:
    """Insert ``rows`` of ``model`` without making an instance of each: every row holds the
    values of ``columns`` (field attnames, e.g. ``["engagement_id", "country_id"]``; the other
    fields get their defaults, the primary key its generated value), converted for the database
    as :func:`insert` converts them. Returns the generated primary keys, in order. For link
    tables and their history, where a model instance a row would cost more than the row."""
    if not rows:
        return []
    connection = connections[router.db_for_write(model)]
    given = {model._meta.get_field(column).attname: index for index, column in enumerate(columns)}
    fields = _inserted_fields(model)
    defaults = [None if field.attname in given else field.get_default() for field in fields]
    positions = [given.get(field.attname) for field in fields]
    if not connection.features.can_return_rows_from_bulk_insert:
        objects = [model(**dict(zip(given, row, strict=True))) for row in rows]
        model._base_manager.bulk_create(objects, batch_size=batch_size)
        return [instance.pk for instance in objects]
    values = ([default if position is None else row[position]
               for position, default in zip(positions, defaults, strict=True)] for row in rows)
    return _insert(connection, model, fields, values, batch_size)


def _value_reader(field: models.Field, stamped: list[models.Field]):
    """How :func:`insert` reads ``field`` of an instance: its attribute, or ``pre_save(add=True)``
    where the field's class computes the value there (other than the ``stamped`` dates)."""
    if field in stamped or type(field).pre_save in (models.Field.pre_save, models.DateField.pre_save,
                                                     models.DateTimeField.pre_save):
        attname = field.attname
        return lambda instance: getattr(instance, attname)
    return lambda instance: field.pre_save(instance, True)


def _inserted_fields(model: type[models.Model]) -> list[models.Field]:
    """The fields an ``INSERT`` of ``model`` names: all concrete ones but a generated key."""
    pk = model._meta.pk
    return [field for field in model._meta.concrete_fields
            if not (field is pk and isinstance(pk, models.AutoField))]  # Big/SmallAutoField too


def _insert(connection, model: type[models.Model], fields: list[models.Field], rows, batch_size: int) -> list:
    """Insert ``rows`` (iterables of Python values of ``fields``) in multi-row statements and
    return the generated primary keys in order (``[]`` when the key is not generated)."""
    pk = model._meta.pk
    generated = pk not in fields
    plain = [_plain_type(field) for field in fields]
    quote = connection.ops.quote_name
    head = (f"INSERT INTO {quote(model._meta.db_table)} "
            f"({', '.join(quote(field.column) for field in fields)}) VALUES ")
    placeholders = "(" + ", ".join(["%s"] * len(fields)) + ")"
    tail = f" RETURNING {quote(pk.column)}" if generated else ""
    # PostgreSQL: one array a column through UNNEST, as Django 5.2's bulk_create does there; a
    # statement with a placeholder a value is parsed by psycopg in Python on every execution
    # (a third of an import's time, measured).
    unnest = connection.vendor == "postgresql" and not any(
        hasattr(field, "get_placeholder") or (field.target_field if field.is_relation else field)
        .get_internal_type() not in connection.data_types for field in fields)
    if unnest:
        types = [field.db_type(connection).split("(")[0] for field in fields]
        statement = (head.removesuffix("VALUES ") + "SELECT * FROM UNNEST("
                     + ", ".join(f"(%s)::{db_type}[]" for db_type in types) + ")" + tail)

    def send(batch: list, count: int) -> list:
        if unnest:
            width = len(fields)
            return _execute(connection, statement, [batch[index::width] for index in range(width)],
                            generated)
        return _execute(connection, head + ", ".join([placeholders] * count) + tail, batch, generated)

    limit = connection.features.max_query_params
    if limit:
        batch_size = max(1, min(batch_size, limit // len(fields)))
    pks: list = []
    batch: list = []
    count = 0
    # Dates and times repeat from row to row (a batch's "now", the days of a half-year): each
    # distinct one is converted once.
    converted: list[dict] = [{} for _field in fields]
    for row in rows:
        for field, kind, value, seen in zip(fields, plain, row, converted, strict=True):
            if value is not None and type(value) is not kind:
                if isinstance(value, datetime.date):
                    if value not in seen:
                        seen[value] = field.get_db_prep_save(value, connection)
                    value = seen[value]
                else:
                    value = field.get_db_prep_save(value, connection)
            batch.append(value)
        count += 1
        if count == batch_size:
            pks += send(batch, count)
            batch, count = [], 0
    if count:
        pks += send(batch, count)
    return pks


def _execute(connection, sql: str, params: list, returning: bool) -> list:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [value for (value,) in cursor.fetchall()] if returning else []


def insert_history(model: type[models.Model], instances: Sequence[models.Model], *, user=None,
                   reason: str = "", history_type: str = "+") -> list[models.Model]:
    """Write one version of each of ``instances`` (saved records of ``model``, which has a
    django-simple-history ``history``) and return the versions, in order, saved.

    The versions are those ``model.history.bulk_history_create(instances, default_user=user,
    default_change_reason=reason)`` writes (django-simple-history 3.13): every tracked field
    copied, ``history_date`` now (one time for the batch), ``history_user`` ``user`` (a
    ``User``; ``None``: the library's default, the user of the current request if any),
    ``history_change_reason`` ``reason``, ``history_type`` ``"+"`` (created) or ``"~"``
    (changed); inserted with :func:`insert` instead of ``bulk_create``.
    ``[]`` when ``SIMPLE_HISTORY_ENABLED`` is false. ``tests/core/test_bulk.py`` compares the
    two."""
    from django.conf import settings
    from simple_history.utils import get_change_reason_from_object

    if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True) or not instances:
        return []
    historical = model.history.model
    attnames = [field.attname for field in historical.tracked_fields]
    now = timezone.now()
    relation = hasattr(historical, "history_relation")
    # The library asks for the default user (the request's) once a row; it is the same for all.
    user = user or historical.get_default_history_user(instances[0])
    versions = []
    for instance in instances:
        version = historical(
            history_date=getattr(instance, "_history_date", now),
            history_user=getattr(instance, "_history_user", user),
            history_change_reason=get_change_reason_from_object(instance) or reason,
            history_type=history_type,
            **{attname: getattr(instance, attname) for attname in attnames})
        if relation:
            version.history_relation_id = instance.pk
        versions.append(version)
    insert(historical, versions)
    return versions


def update(model: type[models.Model], objects: Sequence[models.Model], fields: Sequence[str]) -> None:
    """Write ``fields`` (names of concrete fields) of ``objects`` (stored instances of ``model``)
    with one ``UPDATE`` statement a record, sent together (``executemany``), converting the
    values as :func:`insert` does; an ``auto_now`` field among ``fields`` is set to now, as
    ``save()`` sets it. Sends no signal."""
    if not objects:
        return
    connection = connections[router.db_for_write(model)]
    meta = model._meta
    written = [meta.get_field(name) for name in fields]
    plain = [_plain_type(field) for field in written]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in written)
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"
    params = []
    for instance in objects:
        row = []
        for field, kind in zip(written, plain, strict=True):
            value = field.pre_save(instance, False)
            if value is not None and type(value) is not kind:
                value = field.get_db_prep_save(value, connection)
            row.append(value)
        row.append(meta.pk.get_db_prep_save(instance.pk, connection))
        params.append(row)
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def delete(model: type[models.Model], pks: Sequence) -> None:
    """Delete the rows of ``model`` whose primary keys are ``pks`` with plain ``DELETE``
    statements (no cascade, no signal): for link rows an import replaces."""
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    meta = model._meta
    pks = list(pks)
    size = min(500, connection.features.max_query_params or 500)
    with connection.cursor() as cursor:
        for start in range(0, len(pks), size):
            chunk = pks[start:start + size]
            cursor.execute(f"DELETE FROM {quote(meta.db_table)} WHERE {quote(meta.pk.column)} IN "
                           f"({', '.join(['%s'] * len(chunk))})", chunk)
