"""Backups: every record, its history and its uploaded files in one zip archive, and back.

An archive holds ``data.xml``, Django's ``dumpdata`` of every model (XML because Django's JSON
encoder cuts datetimes to milliseconds), with foreign keys to content types and permissions
written as natural keys so that they survive another database's numbering; and
``media/<name>`` for each uploaded file a record or its history refers to. It is restored only
into an empty, migrated database of the same schema version, on SQLite or PostgreSQL alike.

Left out, because they are rebuilt or are only transient: content types and permissions (created
by ``migrate``), sessions, and django-axes' login attempts.
"""

from __future__ import annotations

import datetime
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.migrations.executor import MigrationExecutor

DATA_NAME = "data.xml"
MEDIA_PREFIX = "media/"
EXCLUDED = ("contenttypes", "auth.Permission", "sessions", "axes")
# Rows that migrations create in every new database; a backup replaces them.
CREATED_BY_MIGRATIONS = ("auth.Group",)


class BackupError(Exception):
    """A backup cannot be written or restored; the message says why in one line."""


@dataclass(frozen=True)
class BackupSummary:
    """What an archive holds: ``records`` objects (all models) and ``files`` uploaded files."""

    path: Path
    records: int
    files: int


def backed_up_models() -> list[type[models.Model]]:
    """Every model whose rows a backup holds: all installed models with a table of their own
    (not unmanaged or proxy models) but the ``EXCLUDED``."""
    return [
        model for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
        and model._meta.app_label not in EXCLUDED and model._meta.label not in EXCLUDED
    ]


def default_backup_path(directory: Path, now: datetime.datetime | None = None) -> Path:
    """``<directory>/intl-affairs-<UTC timestamp>.zip``, e.g. ``intl-affairs-20221231T235959Z.zip``."""
    now = now or datetime.datetime.now(datetime.UTC)
    return directory / f"intl-affairs-{now:%Y%m%dT%H%M%SZ}.zip"


def _file_names() -> set[str]:
    """Names of the uploaded files that rows of the backed-up models refer to (history too)."""
    names: set[str] = set()
    for model in backed_up_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                names.update(
                    model._base_manager.exclude(**{field.attname: ""})
                    .exclude(**{f"{field.attname}__isnull": True})
                    .values_list(field.attname, flat=True)
                )
    return names


def write_backup(path: Path, using: str = DEFAULT_DB_ALIAS) -> BackupSummary:
    """Write every backed-up row of database ``using`` and the files they refer to into the zip
    archive ``path`` (created with its directory; an existing file is refused).

    Files missing from storage are skipped, as there is nothing to keep. Raises ``BackupError``
    when ``path`` exists.
    """
    if path.exists():
        raise BackupError(f"{path} already exists; choose another file name")
    path.parent.mkdir(parents=True, exist_ok=True)
    labels = [model._meta.label for model in backed_up_models()]
    with tempfile.TemporaryDirectory() as scratch:
        data = Path(scratch) / DATA_NAME
        call_command("dumpdata", *labels, format="xml", natural_foreign=True,
                     use_base_manager=True, database=using, output=str(data), verbosity=0)
        records = sum(model._base_manager.using(using).count() for model in backed_up_models())
        files = 0
        with zipfile.ZipFile(path, "x", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.write(data, DATA_NAME)
            for name in sorted(_file_names()):
                if default_storage.exists(name):
                    with default_storage.open(name, "rb") as upload:
                        archive.writestr(MEDIA_PREFIX + name, upload.read())
                    files += 1
    return BackupSummary(path=path, records=records, files=files)


def check_restorable(using: str = DEFAULT_DB_ALIAS) -> None:
    """Raise ``BackupError`` unless database ``using`` is fully migrated and holds no rows
    (other than those migrations create, see ``CREATED_BY_MIGRATIONS``)."""
    connection = connections[using]
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise BackupError("the database is not fully migrated; run `manage.py migrate` first")
    for model in backed_up_models():
        if model._meta.label in CREATED_BY_MIGRATIONS:
            continue
        count = model._base_manager.using(using).count()
        if count:
            raise BackupError(
                f"the database is not empty ({model._meta.label} has {count} rows); "
                "restore only into a new, migrated database"
            )


def restore_backup(path: Path, using: str = DEFAULT_DB_ALIAS) -> BackupSummary:
    """Load the archive ``path`` written by :func:`write_backup` into the empty database
    ``using``, and put back its uploaded files that storage lacks.

    All rows are loaded in one transaction: on any error nothing is written. Raises
    ``BackupError`` when the file is not such an archive or the database is not empty (see
    :func:`check_restorable`); a file already in storage with other content is an error too.
    """
    if not zipfile.is_zipfile(path):
        raise BackupError(f"{path} is not a backup archive (a zip file written by backup_data)")
    check_restorable(using)
    with zipfile.ZipFile(path) as archive, tempfile.TemporaryDirectory() as scratch:
        if DATA_NAME not in archive.namelist():
            raise BackupError(f"{path} has no {DATA_NAME}; it is not a backup archive")
        data = Path(archive.extract(DATA_NAME, scratch))
        media = [name for name in archive.namelist() if name.startswith(MEDIA_PREFIX)]
        with transaction.atomic(using=using):
            for label in CREATED_BY_MIGRATIONS:
                apps.get_model(label)._base_manager.using(using).all().delete()
            call_command("loaddata", str(data), database=using, verbosity=0)
        for entry in media:
            name = entry.removeprefix(MEDIA_PREFIX)
            content = archive.read(entry)
            if default_storage.exists(name):
                with default_storage.open(name, "rb") as existing:
                    if existing.read() != content:
                        raise BackupError(f"{name} is already in storage with other content")
                continue
            stored = default_storage.save(name, ContentFile(content))
            if stored != name:
                raise BackupError(f"storage saved {name} as {stored}")
    records = sum(model._base_manager.using(using).count() for model in backed_up_models())
    return BackupSummary(path=path, records=records, files=len(media))
