"""Proving a backup before it is needed: restore it into a scratch database and compare.

:func:`verify_backup` checks the archive whole (:func:`backoffice.backup.open_archive`), restores
it with the real commands (``migrate``, then ``restore_data``) in a child process whose database
and media are scratch ones, so that it can never write the production database or storage, and
then compares what was restored with the archive's manifest (:func:`compare_restored`): the rows
of every table and the size and SHA-256 of every file. PostgreSQL's documentation says a backup
is only proven by restoring it; this is that test, to run after every backup or on a schedule.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import dj_database_url
from django.apps import apps
from django.conf import settings
from django.db.utils import ConnectionHandler
from django.utils import translation
from django.utils.translation import gettext as _

from .backup import MEDIA_PREFIX, BackupError, Manifest, Progress, copy_digest, open_archive

# Seconds a child command may run: a restore of a large archive takes minutes, not hours.
CHILD_TIMEOUT = 6 * 60 * 60


@dataclass(frozen=True)
class VerifySummary:
    """What a verification proved: ``rows`` in ``tables`` tables and ``files`` files restored
    into a database of ``vendor`` ("SQLite", "PostgreSQL") matching the manifest; ``missing``:
    files the rows refer to that were not in storage when the backup was written."""

    rows: int
    tables: int
    files: int
    vendor: str
    missing: list[str]


def _same_database(url: str) -> bool:
    """True when ``url`` names the database of ``settings.DATABASES["default"]``."""
    given, current = dj_database_url.parse(url), settings.DATABASES["default"]
    keys = ("ENGINE", "NAME", "HOST", "PORT")
    return all(str(given.get(key) or "") == str(current.get(key) or "") for key in keys)


def _run(args: list[str], env: dict[str, str]) -> None:
    """Run ``manage.py <args>`` with ``env``; ``BackupError`` with its last line if it fails."""
    result = subprocess.run([sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *args],
                            env=env, capture_output=True, text=True, timeout=CHILD_TIMEOUT)
    if result.returncode != 0:
        lines = [line for line in result.stderr.splitlines() if line.strip()] or ["(no output)"]
        raise BackupError(_("the restore into the scratch database failed: %(error)s") % {
            "error": lines[-1].removeprefix("CommandError: ")})


def compare_restored(manifest: Manifest, database_url: str, media_root: Path) -> str:
    """Compare the database ``database_url`` and the files under ``media_root`` with
    ``manifest``: the rows of every table the manifest counts, and the size and SHA-256 of each
    of its files. Returns the database's vendor name ("SQLite", "PostgreSQL"); raises
    ``BackupError`` naming the first difference (``visits.Participation: 36 rows restored, the
    manifest says 37``, ``media/cities/busan.png: checksum differs``)."""
    handler = ConnectionHandler({"default": dj_database_url.parse(database_url)})
    connection = handler["default"]
    try:
        with connection.cursor() as cursor:
            for label, expected in sorted(manifest.rows.items()):
                table = connection.ops.quote_name(apps.get_model(label)._meta.db_table)
                cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608 - a model's table
                found = cursor.fetchone()[0]
                if found != expected:
                    raise BackupError(_("%(model)s: %(found)s rows restored, the manifest says %(count)s") % {
                        "model": label, "found": found, "count": expected})
        vendor = connection.display_name
    finally:
        connection.close()
    for name, expected in sorted(manifest.files.items()):
        path = media_root / name
        if not path.is_file():
            raise BackupError(_("%(name)s: not restored") % {"name": MEDIA_PREFIX + name})
        with path.open("rb") as restored:
            if copy_digest(restored) != expected:
                raise BackupError(_("%(name)s: checksum differs") % {"name": MEDIA_PREFIX + name})
    return vendor


def verify_backup(path: Path, *, database_url: str | None = None, media_root: Path | None = None,
                  progress: Progress | None = None) -> VerifySummary:
    """Restore the archive ``path`` into a scratch database and compare it with its manifest.

    ``database_url``: an empty database to restore into (e.g. a PostgreSQL database of the
    production version; never the configured one), migrated here; default a SQLite file in a
    private temporary directory, removed after. ``media_root``: an empty directory for the
    restored files (default a temporary one). ``progress`` (a callable taking one line) is told
    each step. Returns a :class:`VerifySummary`; raises ``BackupError`` naming the first
    problem (the archive is damaged or cannot be decrypted, the restore fails, a count or a
    checksum differs).
    """
    say = progress or (lambda line: None)
    if database_url and _same_database(database_url):
        raise BackupError(_("--database-url names the database this site uses; give an empty scratch "
                              "database"))
    if media_root and (media_root.resolve() == Path(settings.MEDIA_ROOT).resolve()
                       or (media_root.exists() and any(media_root.iterdir()))):
        raise BackupError(_("--media-root %(path)s is not an empty directory of its own") % {
            "path": media_root})
    with open_archive(path) as opened, tempfile.TemporaryDirectory(prefix="intl-affairs-verify-") as scratch:
        manifest = opened.manifest
        say(f"Archive intact: {manifest.total_rows} rows, {len(manifest.files)} files.")
        url = database_url or f"sqlite:///{Path(scratch) / 'verify.sqlite3'}"
        media = media_root or Path(scratch) / "media"
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings.SETTINGS_MODULE,
               "DATABASE_URL": url, "MEDIA_ROOT": str(media),
               "MEDIA_STORAGE_BACKEND": "django.core.files.storage.FileSystemStorage",
               # No shared cache: the scratch restore must not empty the site's page cache.
               "CACHE_URL": "", "REDIS_URL": "",
               # The child's error line is in this caller's language.
               "COMMAND_LANGUAGE_CODE": translation.get_language() or settings.LANGUAGE_CODE}
        _run(["migrate", "--no-input", "-v", "0"], env)
        say("Scratch database migrated; restoring...")
        _run(["restore_data", str(opened.plain), "-v", "0"], env)
        vendor = compare_restored(manifest, url, media)
    return VerifySummary(rows=manifest.total_rows, tables=len(manifest.rows),
                         files=len(manifest.files), vendor=vendor, missing=manifest.missing)
