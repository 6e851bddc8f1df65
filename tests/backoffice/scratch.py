"""Scratch databases for the tests that back up, restore and verify in child processes, as an
office does: a SQLite file, or a PostgreSQL database next to the test database (named after
the configured database: ``<name>_<suffix>``), each a copy of one migrated template so that
``migrate`` runs once per test session; and what those tests read back from them.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import psycopg
from django.conf import settings
from django.db import connection

from backoffice.backup import counted_models

# Seconds any child command may take before the test fails.
TIMEOUT = 300


def child_env(database_url: str, media_root: Path, **extra: str) -> dict[str, str]:
    """The environment of a child ``manage.py``: development settings, ``database_url``, files
    under ``media_root``, unbuffered output (tests read it line by line), no shared cache."""
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "intl_affairs.settings.dev",
            "DATABASE_URL": database_url, "MEDIA_ROOT": str(media_root), "PYTHONUNBUFFERED": "1",
            "CACHE_URL": "", "REDIS_URL": "", **extra}


def manage_args(*args: str) -> list[str]:
    """The command line of ``manage.py <args>`` with this interpreter."""
    return [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *map(str, args)]


def manage(*args, database_url: str, media_root: Path, **extra: str) -> subprocess.CompletedProcess:
    """Run ``manage.py <args>`` in a child process (see :func:`child_env`); ``extra`` are more
    environment variables. Returns the completed process (text output)."""
    return subprocess.run(manage_args(*args), cwd=settings.BASE_DIR, capture_output=True, text=True,
                          env=child_env(database_url, media_root, **extra), timeout=TIMEOUT)


def shell(code: str, *, database_url: str, media_root: Path) -> None:
    """Run Python ``code`` in ``manage.py shell`` against ``database_url``; fail on an error."""
    result = manage("shell", "--no-imports", "-c", code, database_url=database_url, media_root=media_root)
    assert result.returncode == 0, result.stderr[-3000:]


class Scratch:
    """Creates scratch databases of the test database's vendor from one migrated template, and
    drops them all at :meth:`close`."""

    def __init__(self, root: Path) -> None:
        self.root, self.created, self._template = root, [], None
        db = settings.DATABASES["default"]
        self.vendor = connection.vendor
        self.base = str(db["NAME"]).removeprefix("test_")
        if self.vendor == "postgresql":
            self.server = (f"postgresql://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or 'localhost'}:"
                           f"{db['PORT'] or 5432}")

    def _admin(self, *statements: str) -> None:
        with psycopg.connect(f"{self.server}/postgres", autocommit=True) as admin:
            for statement in statements:
                admin.execute(statement)

    def url(self, suffix: str) -> str:
        """The ``DATABASE_URL`` of scratch database ``suffix`` (not created)."""
        if self.vendor == "sqlite":
            return f"sqlite:///{self.root / f'{suffix}.sqlite3'}"
        return f"{self.server}/{self.base}_{suffix}"

    def template(self) -> str:
        """The migrated template (created and migrated on first use)."""
        if self._template is None:
            url = self.empty("template")
            result = manage("migrate", "--no-input", "-v", "0", database_url=url, media_root=self.root)
            assert result.returncode == 0, result.stderr
            self._template = url
        return self._template

    def empty(self, suffix: str) -> str:
        """A new, empty (not migrated) scratch database ``suffix``; its URL."""
        url = self.url(suffix)
        if self.vendor == "postgresql":
            name = url.rsplit("/", 1)[1]
            self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"')
        self.created.append(url)
        return url

    def migrated(self, suffix: str, copy_of: str | None = None) -> str:
        """A new scratch database ``suffix``, migrated: a copy of the template, or of the scratch
        database ``copy_of`` (a URL; no session may be connected to it); its URL."""
        template, url = copy_of or self.template(), self.url(suffix)
        if self.vendor == "sqlite":
            shutil.copyfile(template.removeprefix("sqlite:///"), url.removeprefix("sqlite:///"))
        else:
            name = url.rsplit("/", 1)[1]
            self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
                        f'CREATE DATABASE "{name}" TEMPLATE "{template.rsplit("/", 1)[1]}"')
        self.created.append(url)
        return url

    def close(self) -> None:
        """Drop every scratch database made."""
        if self.vendor == "postgresql":
            for url in self.created:
                self._admin(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')


def connect(database_url: str):
    """A DB-API connection to a scratch database, with the value types Django's driver gives."""
    if database_url.startswith("sqlite"):
        return sqlite3.connect(database_url.removeprefix("sqlite:///"),
                               detect_types=sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES)
    return psycopg.connect(database_url)


def tables() -> dict[str, tuple[str, list[str]]]:
    """Every table a backup holds -> (its primary key column, the columns to compare): all, but
    not the surrogate ``id`` of the link tables Django makes for many-to-many fields (a load
    numbers those anew)."""
    compared = {}
    for model in counted_models():
        meta = model._meta
        columns = [field.column for field in meta.concrete_fields
                   if not (meta.auto_created and field.primary_key)]
        compared[meta.db_table] = (meta.pk.column, columns)
    return compared


def read_rows(database_url: str, below: dict[str, int] | None = None) -> dict[str, list[tuple]]:
    """Every row of every table of :func:`tables` in ``database_url`` (compared columns, in a
    stable order); with ``below``, only rows whose primary key is at most ``below[table]``."""
    rows = {}
    db = connect(database_url)
    try:
        cursor = db.cursor()
        for table, (pk, columns) in tables().items():
            where = f' WHERE "{pk}" <= {int(below[table])}' if below is not None else ""
            selected = ", ".join(f'"{column}"' for column in columns)
            cursor.execute(f'SELECT {selected} FROM "{table}"{where}')  # noqa: S608
            rows[table] = sorted(cursor.fetchall(), key=repr)
    finally:
        db.close()
    return rows


def query(database_url: str, sql: str) -> list[tuple]:
    """The rows of one query on a scratch database."""
    db = connect(database_url)
    try:
        cursor = db.cursor()
        cursor.execute(sql)
        return cursor.fetchall()
    finally:
        db.close()


def media_digests(root: Path) -> dict[str, str]:
    """Storage name -> SHA-256 of every file under ``root``."""
    return {path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(root.rglob("*")) if path.is_file()}
