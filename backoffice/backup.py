"""Backups: every record, its history and every uploaded file they refer to, in one archive,
read from one consistent snapshot of the database; and the restore of such an archive.

An archive is a zip file holding:

- ``data.xml``: Django's ``dumpdata`` of every model with rows of its own
  (:func:`backed_up_models`; XML because Django's JSON encoder cuts datetimes to
  milliseconds), with foreign keys to content types and permissions written as natural keys so
  that they survive another database's numbering;
- ``media/<name>`` for every uploaded file that a row or a history row refers to
  (:func:`file_columns`: the file fields of every model and the columns that simple-history
  keeps of them in the historical models, where they are text);
- ``manifest.json`` (:class:`Manifest`): the format, the database vendor, the schema (the last
  applied migration of each app), the number of rows of every table and the size and SHA-256
  of ``data.xml`` and of every file.

Everything in the archive is read inside one read-only transaction (:func:`snapshot`):
``REPEATABLE READ`` on PostgreSQL, what ``pg_dump`` uses; on SQLite, one transaction in
write-ahead-log mode (set in the settings), which reads one snapshot while staff go on saving.
The archive is written readable by its owner only, under a temporary name that is renamed
when it is complete, and encrypted with age (https://age-encryption.org/v1) to the public keys
in ``settings.BACKUP_ENCRYPTION_RECIPIENTS`` when there are any.

A restore (:func:`restore_backup`) checks the whole archive first, then puts the files into
storage, then loads every row in one transaction checked against the manifest: a restore either
completes or leaves the database as it found it, and one that was interrupted can be run again.
It goes only into an empty, migrated database of the same schema, on SQLite or PostgreSQL alike.

Left out, because they are rebuilt or are only transient: content types and permissions (created
by ``migrate``), sessions, and django-axes' login attempts.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import json
import os
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from django.apps import apps
from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.utils import translation
from django.utils.translation import gettext as _

FORMAT = 2
DATA_NAME = "data.xml"
MANIFEST_NAME = "manifest.json"
MEDIA_PREFIX = "media/"
AGE_HEADER = b"age-encryption.org/v1\n"
EXCLUDED = ("contenttypes", "auth.Permission", "sessions", "axes")
# Rows that migrations create in every new database; a backup replaces them.
CREATED_BY_MIGRATIONS = ("auth.Group",)
CHUNK = 1024 * 1024

Progress = Callable[[str], None]


def rows_language():
    """The language rows are dumped and loaded in: the translated models' default language.
    django-modeltranslation reads and writes a translated field's own column (``name``) through
    the active language, so a dump or load under English (``translation.override("en")``, a
    command run with ``COMMAND_LANGUAGE_CODE=en``) would put the English text in it."""
    return translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE)


class BackupError(Exception):
    """A backup cannot be written, verified or restored; the message says why in one line."""


@dataclass(frozen=True)
class Manifest:
    """What an archive holds, as ``manifest.json`` says.

    ``schema``: app label -> its last applied migration; ``rows``: model label (with the link
    tables of many-to-many fields, e.g. ``visits.Engagement_topics``) -> number of rows;
    ``data``: ``{"size": bytes, "sha256": hex}`` of ``data.xml``; ``files``: storage name ->
    ``{"size", "sha256"}``; ``missing``: names that rows refer to but storage did not have.
    """

    created: str
    vendor: str
    schema: dict[str, str]
    rows: dict[str, int]
    data: dict
    files: dict[str, dict]
    missing: list[str] = field(default_factory=list)

    def to_json(self) -> str:
        """The manifest as ``manifest.json`` text (keys sorted, so equal archives match)."""
        return json.dumps({"format": FORMAT, **self.__dict__}, ensure_ascii=False, indent=1,
                          sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        """Read ``manifest.json``; raises ``BackupError`` when it is not one of this format."""
        try:
            content = json.loads(text)
            if content.pop("format") != FORMAT:
                raise BackupError(_("the archive's manifest is of another format; restore it with the "
                                    "version of the code that wrote it"))
            return cls(**content)
        except (ValueError, KeyError, TypeError) as error:
            raise BackupError(_("the archive's %(name)s cannot be read (%(error)s)") % {
                "name": MANIFEST_NAME, "error": error}) from None

    @property
    def total_rows(self) -> int:
        """Rows of every table together."""
        return sum(self.rows.values())


@dataclass(frozen=True)
class BackupSummary:
    """What was written or restored: the archive ``path`` and its :class:`Manifest`."""

    path: Path
    manifest: Manifest

    @property
    def rows(self) -> int:
        """Rows of every table together."""
        return self.manifest.total_rows

    @property
    def files(self) -> int:
        """Uploaded files in the archive."""
        return len(self.manifest.files)


def backed_up_models() -> list[type[models.Model]]:
    """Every model whose rows a backup holds: all installed models with a table of their own
    (not unmanaged or proxy models) but the ``EXCLUDED``. Read from the app registry, so a new
    app or model is backed up with nothing to declare."""
    return [
        model for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
        and model._meta.app_label not in EXCLUDED and model._meta.label not in EXCLUDED
    ]


def counted_models() -> list[type[models.Model]]:
    """:func:`backed_up_models` and the link tables of their many-to-many fields (``dumpdata``
    writes those links inside the rows of the model that declares the field), whose rows the
    manifest counts."""
    counted = []
    for model in backed_up_models():
        counted.append(model)
        counted += [field.remote_field.through for field in model._meta.local_many_to_many
                    if field.remote_field.through._meta.auto_created]
    return counted


def file_columns() -> list[tuple[type[models.Model], str]]:
    """``(model, column attname)`` of every column of a backed-up model that names an uploaded
    file: each ``FileField`` (images, thumbnails, photos), and in each historical model the
    column simple-history keeps of a file field of the model it records (a text column there,
    so it is found from the recorded model, ``instance_type``)."""
    columns = []
    for model in backed_up_models():
        names = {field.attname for field in model._meta.concrete_fields}
        recorded = getattr(model, "instance_type", None)
        sources = [model] + ([recorded] if isinstance(recorded, type) else [])
        for source in sources:
            columns += [(model, field.attname) for field in source._meta.concrete_fields
                        if isinstance(field, models.FileField) and field.attname in names
                        and (model, field.attname) not in columns]
    return columns


def referenced_files(using: str = DEFAULT_DB_ALIAS) -> set[str]:
    """Names of the uploaded files that rows of database ``using`` refer to (history too)."""
    names: set[str] = set()
    for model, attname in file_columns():
        names.update(
            model._base_manager.using(using).exclude(**{attname: ""})
            .exclude(**{f"{attname}__isnull": True}).values_list(attname, flat=True).distinct()
        )
    return names


def schema_state(using: str = DEFAULT_DB_ALIAS) -> dict[str, str]:
    """App label -> the last migration applied to database ``using`` (among those the code
    knows), e.g. ``{"visits": "0004_engagement_headcount", ...}``."""
    executor = MigrationExecutor(connections[using])
    graph = executor.loader.graph
    applied = set(MigrationRecorder(connections[using]).applied_migrations()) & set(graph.nodes)
    state: dict[str, str] = {}
    for node in sorted(applied):
        children = {child for child in graph.node_map[node].children if child[0] == node[0]}
        if not children & applied:
            state[node[0]] = node[1] if node[0] not in state else f"{state[node[0]]}+{node[1]}"
    return state


def row_counts(using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Model label -> rows in database ``using``, for every :func:`counted_models`."""
    return {model._meta.label: model._base_manager.using(using).count() for model in counted_models()}


@contextlib.contextmanager
def snapshot(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """A read-only transaction on database ``using`` in which every query reads the same
    snapshot, whatever other sessions commit meanwhile.

    PostgreSQL: ``REPEATABLE READ, READ ONLY`` (what ``pg_dump`` uses); it must be the
    transaction's first statement, so this raises ``BackupError`` inside an open transaction.
    SQLite: any transaction reads one snapshot, from its first read on; in write-ahead-log mode
    (the settings turn it on) saves by staff go on meanwhile. The transaction begins DEFERRED,
    whatever the settings' ``transaction_mode``: begun IMMEDIATE (as the settings begin every
    other one), it would hold the write lock for the whole backup, and every save meanwhile
    would wait, then fail with "database is locked". Other vendors: ``BackupError``.
    """
    connection = connections[using]
    if connection.vendor not in ("postgresql", "sqlite"):
        raise BackupError(_("backups support PostgreSQL and SQLite, not %(vendor)s") % {
            "vendor": connection.vendor})
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        raise BackupError(_("a backup must start outside a transaction, to read one snapshot"))
    # A pending health check would run a query first, and start the transaction without us.
    connection.close_if_health_check_failed()
    with contextlib.ExitStack() as stack:
        if connection.vendor == "sqlite" and not connection.in_atomic_block:
            # Connect first: connecting sets transaction_mode from the settings again.
            connection.ensure_connection()
            mode, connection.transaction_mode = connection.transaction_mode, "DEFERRED"
            try:
                stack.enter_context(transaction.atomic(using=using))  # BEGIN DEFERRED
            finally:
                connection.transaction_mode = mode
        else:
            stack.enter_context(transaction.atomic(using=using))
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def default_backup_path(directory: Path, now: datetime.datetime | None = None) -> Path:
    """``<directory>/intl-affairs-<UTC timestamp>.zip``, e.g. ``intl-affairs-20221231T235959Z.zip``
    (``.zip.age`` when backups are encrypted, see :func:`encryption_recipients`)."""
    now = now or datetime.datetime.now(datetime.UTC)
    suffix = ".zip.age" if settings.BACKUP_ENCRYPTION_RECIPIENTS else ".zip"
    return directory / f"intl-affairs-{now:%Y%m%dT%H%M%SZ}{suffix}"


def copy_digest(source: IO[bytes], target: IO[bytes] | None = None) -> dict:
    """Copy the binary stream ``source`` to ``target`` (or only read it, when ``None``) in
    chunks of ``CHUNK`` bytes; returns ``{"size": bytes, "sha256": hex digest}``."""
    digest, size = hashlib.sha256(), 0
    while chunk := source.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
        if target is not None:
            target.write(chunk)
    return {"size": size, "sha256": digest.hexdigest()}


def encryption_recipients() -> list:
    """The age recipients of ``settings.BACKUP_ENCRYPTION_RECIPIENTS`` (``age1...`` public
    keys), empty when none is set; raises ``BackupError`` naming a value that is not one."""
    from pyrage import x25519

    recipients = []
    for key in settings.BACKUP_ENCRYPTION_RECIPIENTS:
        try:
            recipients.append(x25519.Recipient.from_str(key))
        except Exception:  # pyrage raises its own RecipientError, or ValueError
            raise BackupError(_("BACKUP_ENCRYPTION_RECIPIENTS: %(key)s... is not an age public key "
                                "(age1...)") % {"key": key[:12]}) from None
    return recipients


def _decryption_identities() -> list:
    """The age identities in ``settings.BACKUP_DECRYPTION_IDENTITY_FILE`` (lines
    ``AGE-SECRET-KEY-1...``; ``#`` comments as age-keygen writes them). Raises ``BackupError``
    when the setting is empty or the file cannot be read or holds no key."""
    from pyrage import x25519

    path = settings.BACKUP_DECRYPTION_IDENTITY_FILE
    if not path:
        raise BackupError(_("the archive is encrypted; set BACKUP_DECRYPTION_IDENTITY_FILE to the file "
                            "with its age secret key"))
    try:
        lines = Path(path).read_text().splitlines()
    except OSError as error:
        raise BackupError(_("BACKUP_DECRYPTION_IDENTITY_FILE: cannot read %(path)s (%(error)s)") % {
            "path": path, "error": error.strerror}) from None
    try:
        identities = [x25519.Identity.from_str(line.strip()) for line in lines
                      if line.strip() and not line.startswith("#")]
    except Exception:  # pyrage's IdentityError
        identities = []
    if not identities:
        raise BackupError(_("BACKUP_DECRYPTION_IDENTITY_FILE: %(path)s holds no age secret key "
                            "(AGE-SECRET-KEY-1...)") % {"path": path})
    return identities


def _private_file(path: Path) -> IO[bytes]:
    """Open a new file ``path`` for writing, readable and writable by its owner only (0600,
    whatever the umask); raises ``FileExistsError`` if it exists."""
    return os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb")


def _private_directory(directory: Path) -> None:
    """Create ``directory`` (and missing parents), the directory itself accessible to its owner
    only (0700, whatever the umask); an existing directory is left as it is."""
    if not directory.exists():
        directory.mkdir(parents=True)
        directory.chmod(0o700)


def write_backup(path: Path, using: str = DEFAULT_DB_ALIAS, *,
                 progress: Progress | None = None) -> BackupSummary:
    """Write every backed-up row of database ``using`` and every file they refer to into the
    archive ``path`` (see the module's docstring), from one :func:`snapshot`.

    The file is created owner-only (0600; its directory 0700 if this creates it), written as
    ``<path>.partial`` and renamed when complete, so an interrupted backup never leaves a file
    under the final name; it is encrypted when :func:`encryption_recipients` names any.
    ``progress`` (a callable taking one line) is told each step. Files that rows refer to but
    storage lacks are listed in the manifest's ``missing`` (and the summary), not an error.
    Raises ``BackupError`` when ``path`` exists or a recipient key is wrong.
    """
    say = progress or (lambda line: None)
    if path.exists():
        raise BackupError(_("%(path)s already exists; choose another file name") % {"path": path})
    recipients = encryption_recipients()
    _private_directory(path.parent)
    labels = [model._meta.label for model in backed_up_models()]
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)  # left by a backup to the same name that was killed
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".backup-") as scratch:
        data = Path(scratch) / DATA_NAME
        with snapshot(using):
            schema = schema_state(using)
            with rows_language():
                call_command("dumpdata", *labels, format="xml", natural_foreign=True,
                             use_base_manager=True, database=using, output=str(data), verbosity=0)
            rows = row_counts(using)
            names = sorted(referenced_files(using))
        say(f"Rows: {sum(rows.values())} in {len(rows)} tables, read from one snapshot.")
        zipped = Path(scratch) / "archive.zip" if recipients else partial
        files, missing = {}, []
        try:
            with _private_file(zipped) as raw, zipfile.ZipFile(raw, "w") as archive:
                with data.open("rb") as source:
                    data_digest = copy_digest(source)
                archive.write(data, DATA_NAME, compress_type=zipfile.ZIP_DEFLATED)
                for number, name in enumerate(names, 1):
                    try:
                        upload = default_storage.open(name, "rb")
                    except FileNotFoundError:
                        missing.append(name)
                        continue
                    with upload, archive.open(MEDIA_PREFIX + name, "w", force_zip64=True) as member:
                        files[name] = copy_digest(upload, member)
                    if number % 100 == 0:
                        say(f"Files: {number} of {len(names)}")
                manifest = Manifest(
                    created=datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
                    vendor=connections[using].vendor, schema=schema, rows=rows, data=data_digest,
                    files=files, missing=missing)
                archive.writestr(MANIFEST_NAME, manifest.to_json(), compress_type=zipfile.ZIP_DEFLATED)
            if recipients:
                import pyrage

                with zipped.open("rb") as plain, _private_file(partial) as sealed:
                    pyrage.encrypt_io(plain, sealed, recipients)
            with partial.open("rb+") as written:
                os.fsync(written.fileno())
            os.replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)
    return BackupSummary(path=path, manifest=manifest)


@dataclass
class OpenArchive:
    """An archive opened and checked by :func:`open_archive`: its ``manifest``, its ``zip`` and
    ``data`` (``data.xml`` extracted into a private temporary directory); ``plain`` is the
    unencrypted zip file (the archive itself, or its decrypted copy)."""

    path: Path
    plain: Path
    zip: zipfile.ZipFile
    manifest: Manifest
    data: Path


# What reading a damaged zip raises: a bad header or CRC, a broken deflate stream, a member cut
# short, text that is not UTF-8, a compression or zip encryption this Python does not read.
UNREADABLE = (zipfile.BadZipFile, zlib.error, EOFError, UnicodeDecodeError, NotImplementedError,
              RuntimeError)


def _reason(error: Exception) -> str:
    """One line for an ``UNREADABLE`` error."""
    return " ".join(str(error).split()) or type(error).__name__


def _checked_contents(archive: zipfile.ZipFile, path: Path, data: Path) -> Manifest:
    """The manifest of the open ``archive`` (the file ``path``), after checking ``data.xml``
    (copied to the new file ``data``) and every file against it: sizes and SHA-256. Raises
    ``BackupError`` naming the first problem, a damaged member included (:data:`UNREADABLE`)."""
    members = set(archive.namelist())
    if MANIFEST_NAME not in members or DATA_NAME not in members:
        raise BackupError(_("%(path)s has no %(manifest)s or %(data)s: it is not a complete "
                            "backup archive of this version") % {
            "path": path, "manifest": MANIFEST_NAME, "data": DATA_NAME})
    member = MANIFEST_NAME
    try:
        manifest = Manifest.from_json(archive.read(MANIFEST_NAME).decode())
        member = DATA_NAME
        with archive.open(DATA_NAME) as source, _private_file(data) as target:
            if copy_digest(source, target) != manifest.data:
                raise BackupError(_("%(name)s does not match the archive's manifest (checksum)") % {
                    "name": DATA_NAME})
        unlisted = {name for name in members if name.startswith(MEDIA_PREFIX)} - {
            MEDIA_PREFIX + name for name in manifest.files}
        if unlisted:
            raise BackupError(_("%(name)s is in the archive but not in its manifest") % {
                "name": sorted(unlisted)[0]})
        for name, expected in manifest.files.items():
            member = MEDIA_PREFIX + name
            try:
                with archive.open(member) as stored:
                    found = copy_digest(stored)
            except KeyError:
                found = None
            if found != expected:
                raise BackupError(_("%(name)s does not match the archive's manifest "
                                    "(missing or checksum differs)") % {"name": member})
    except UNREADABLE as error:
        raise BackupError(_("%(path)s is damaged: %(member)s cannot be read (%(reason)s)") % {
            "path": path, "member": member, "reason": _reason(error)}) from None
    return manifest


@contextlib.contextmanager
def open_archive(path: Path) -> Iterator[OpenArchive]:
    """Open the archive ``path`` (decrypting it with :func:`_decryption_identities` if it is
    encrypted) and check it whole: its manifest, and the size and SHA-256 of ``data.xml`` and
    of every file against it. Temporary copies are private (0700 directory) and removed after.

    Raises ``BackupError`` naming the first problem (not an archive, cannot decrypt, a member
    missing or not matching its checksum).
    """
    with tempfile.TemporaryDirectory(prefix="intl-affairs-restore-") as scratch:
        with path.open("rb") as head:
            encrypted = head.read(len(AGE_HEADER)) == AGE_HEADER
        plain = path
        if encrypted:
            import pyrage

            identities = _decryption_identities()
            plain = Path(scratch) / "archive.zip"
            try:
                with path.open("rb") as sealed, _private_file(plain) as opened:
                    pyrage.decrypt_io(sealed, opened, identities)
            except pyrage.DecryptError:
                raise BackupError(_("cannot decrypt the archive: the key in BACKUP_DECRYPTION_IDENTITY_FILE "
                                    "is not one it was encrypted to, or the file is damaged")) from None
            except OSError as error:
                if error.errno is not None:  # reading the archive or writing the copy
                    raise BackupError(_("cannot decrypt the archive: %(reason)s") % {
                        "reason": error.strerror}) from None
                # pyrage's own error for a stream that ends early or fails its checks.
                raise BackupError(_("%(path)s is damaged: it is cut short or altered, and cannot be "
                                    "decrypted (%(reason)s)") % {
                    "path": path, "reason": _reason(error)}) from None
        if not zipfile.is_zipfile(plain):
            raise BackupError(_("%(path)s is not a backup archive (a zip file written by backup_data)") % {
                "path": path})
        data = Path(scratch) / DATA_NAME
        try:
            archive = zipfile.ZipFile(plain)
        except UNREADABLE as error:
            raise BackupError(_("%(path)s is damaged: %(reason)s") % {
                "path": path, "reason": _reason(error)}) from None
        with archive:
            manifest = _checked_contents(archive, path, data)
            yield OpenArchive(path=path, plain=plain, zip=archive, manifest=manifest, data=data)


def check_restorable(manifest: Manifest, using: str = DEFAULT_DB_ALIAS) -> None:
    """Raise ``BackupError`` unless database ``using`` is fully migrated, at the schema of
    ``manifest``, and holds no rows (other than those migrations create, see
    ``CREATED_BY_MIGRATIONS``)."""
    connection = connections[using]
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise BackupError(_("the database is not fully migrated; run `manage.py migrate` first"))
    here = schema_state(using)
    for app in sorted(set(here) | set(manifest.schema)):
        if here.get(app) != manifest.schema.get(app):
            raise BackupError(_(
                "the archive is at %(archive)s, this database at %(here)s; restore with the version "
                "of the code that wrote it") % {"archive": f"{app}.{manifest.schema.get(app, '(none)')}",
                                                "here": f"{app}.{here.get(app, '(none)')}"})
    for model in backed_up_models():
        if model._meta.label in CREATED_BY_MIGRATIONS:
            continue
        count = model._base_manager.using(using).count()
        if count:
            raise BackupError(_(
                "the database is not empty (%(model)s has %(count)s rows); restore only into a new, "
                "migrated database") % {"model": model._meta.label, "count": count})


def _stored_digest(name: str) -> dict | None:
    """``{"size", "sha256"}`` of the file ``name`` in storage, ``None`` if there is none."""
    try:
        stored = default_storage.open(name, "rb")
    except FileNotFoundError:
        return None
    with stored:
        return copy_digest(stored)


def _is_leftover(archive: zipfile.ZipFile, name: str, stored: dict) -> bool:
    """True when the stored file ``name`` (digest ``stored``) is a truncated copy of the
    archive's member: what a restore killed while writing it leaves (file-system storage
    writes in place)."""
    if stored["size"] >= archive.getinfo(MEDIA_PREFIX + name).file_size:
        return False
    with archive.open(MEDIA_PREFIX + name) as member:
        return copy_digest(_Limited(member, stored["size"]))["sha256"] == stored["sha256"]


class _Limited:
    """The first ``size`` bytes of a binary stream."""

    def __init__(self, stream: IO[bytes], size: int) -> None:
        self.stream, self.left = stream, size

    def read(self, size: int = -1) -> bytes:
        chunk = self.stream.read(self.left if size < 0 else min(size, self.left))
        self.left -= len(chunk)
        return chunk


def _restore_files(opened: OpenArchive, say: Progress, verbose: bool, written: list[str]) -> None:
    """Put every file of the archive into storage, checking each against the manifest: one
    already there with the same content is kept, a truncated leftover of an interrupted restore
    is written again, any other content under the same name is ``BackupError``. Appends the
    names it writes to ``written`` as it goes (so they are known when it fails)."""
    total = len(opened.manifest.files)
    for number, (name, expected) in enumerate(sorted(opened.manifest.files.items()), 1):
        stored = _stored_digest(name)
        if stored is not None and stored != expected:
            if not _is_leftover(opened.zip, name, stored):
                raise BackupError(_("%(name)s is already in storage with other content") % {"name": name})
            default_storage.delete(name)
            stored = None
        if stored is None:
            with opened.zip.open(MEDIA_PREFIX + name) as member:
                upload = File(member, name=name)
                upload.size = expected["size"]
                saved = default_storage.save(name, upload)
            written.append(saved)
            if saved != name:
                raise BackupError(_("storage saved %(name)s as %(saved)s") % {"name": name, "saved": saved})
        if verbose or number == total or number % 100 == 0:
            say(f"Files: {number} of {total} in storage")


def restore_backup(path: Path, using: str = DEFAULT_DB_ALIAS, *, progress: Progress | None = None,
                   verbose: bool = False) -> BackupSummary:
    """Load the archive ``path`` written by :func:`write_backup` into the empty, migrated
    database ``using`` and put its files into storage.

    In three steps, told to ``progress`` (a callable taking one line; every file when
    ``verbose``): (1) the archive is checked whole (:func:`open_archive`) and the database
    (:func:`check_restorable`), writing nothing; (2) the files go into storage, each checked
    (see :func:`_restore_files`); (3) every row is loaded in one transaction, and the number of
    rows of every table is compared with the manifest before it commits. So it either completes
    or leaves the database as it was; a run killed in step 2 or 3 can simply be run again (files
    a killed run put into storage are kept and refer to no row). On an error in step 2 or 3 the
    files this run wrote are removed. Raises ``BackupError`` with the reason.
    """
    say = progress or (lambda line: None)
    with open_archive(path) as opened:
        manifest = opened.manifest
        check_restorable(manifest, using)
        say(f"Archive checked: {manifest.total_rows} rows, {len(manifest.files)} files.")
        written: list[str] = []
        try:
            _restore_files(opened, say, verbose, written)
            say(f"Loading {manifest.total_rows} rows...")
            with transaction.atomic(using=using):
                for label in CREATED_BY_MIGRATIONS:
                    apps.get_model(label)._base_manager.using(using).all().delete()
                try:
                    with rows_language():
                        call_command("loaddata", str(opened.data), database=using, verbosity=0)
                except Exception as error:  # loaddata raises database and deserialization errors alike
                    reason = " ".join(str(error).split()) or type(error).__name__
                    raise BackupError(_("the archive's rows cannot be loaded (%(reason)s); nothing was "
                                        "restored") % {"reason": reason}) from error
                loaded = row_counts(using)
                for label, count in manifest.rows.items():
                    if loaded.get(label) != count:
                        raise BackupError(_("%(model)s: %(loaded)s rows loaded, the manifest says %(count)s; "
                                            "nothing was restored") % {
                            "model": label, "loaded": loaded.get(label, 0), "count": count})
        except BaseException:
            for name in written:
                with contextlib.suppress(Exception):
                    default_storage.delete(name)
            raise
    say(f"Rows: {manifest.total_rows} loaded.")
    return BackupSummary(path=path, manifest=manifest)
