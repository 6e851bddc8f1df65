"""Trigram GIN indexes that let PostgreSQL answer substring searches from an index.

Searches here are substring matches: ``search_key__contains`` (``LIKE '%key%'``) for the
public search (:meth:`core.models.SearchKeyQuerySet.matching`) and the normalised admin
search, ``icontains`` (``UPPER(col::text) LIKE UPPER('%word%')`` on PostgreSQL) for the admin's
``search_fields``. A B-tree index cannot serve a pattern that starts with ``%``, so without
these every search reads whole tables (60,000 people, 150,000 participations at the benchmark
scale). The pg_trgm extension's ``gin_trgm_ops`` operator class indexes the three-character
substrings of a value and "supports indexed searches for LIKE, ILIKE, ~ and ~* queries"
(PostgreSQL 15 documentation, F.35.4 "Index Support"); PostgreSQL uses an expression index
only when the query has the same expression, hence ``UPPER((col)::text)`` for ``icontains``.
A pattern shorter than three characters (two CJK characters, say) has no trigram to look up,
and the planner then scans the table as before.

The indexes exist on PostgreSQL only. SQLite has no such index, and
``django.contrib.postgres.indexes.GinIndex`` in a model's ``Meta.indexes`` emits ``USING gin``
there and fails to migrate; so the migrations add them with :func:`trigram_index`, which does
nothing on other databases and leaves the models' migration state alone. pg_trgm is created by
``core/migrations/0001_trigram_extension.py`` with :class:`TrigramExtensionIfPostgres`
(a trusted extension since PostgreSQL 13: the database owner may create it).
"""

from __future__ import annotations

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class TrigramExtensionIfPostgres(TrigramExtension):
    """Django's ``TrigramExtension`` (``CREATE EXTENSION pg_trgm``), reversible on any database.

    Django's operation skips other databases going forwards but not backwards: unapplying it on
    SQLite queries ``pg_extension`` and fails (Django 5.2,
    ``django/contrib/postgres/operations.py``). Backwards, this one too does nothing there.
    """

    def database_backwards(self, app_label, schema_editor, from_state, to_state) -> None:
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def trigram_index(name: str, table: str, expression: str) -> migrations.RunPython:
    """A migration operation creating the GIN index ``name`` (a str) on ``table`` over
    ``expression`` (SQL, e.g. ``search_key`` or ``UPPER((title_en)::text)``) with
    ``gin_trgm_ops`` on PostgreSQL, and dropping it when reversed; a no-op elsewhere."""

    def create(apps, schema_editor) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(
                f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" USING gin (({expression}) gin_trgm_ops)'
            )

    def drop(apps, schema_editor) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')

    return migrations.RunPython(create, drop, elidable=False)
