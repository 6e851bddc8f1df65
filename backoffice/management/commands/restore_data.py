"""``python manage.py restore_data FILE``: load a backup into an empty database."""

from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from backoffice.backup import BackupError, restore_backup
from core.commands import ProductCommand


class Command(ProductCommand):
    """Load a backup archive written by ``backup_data`` into an empty, migrated database and
    put its files into storage (:func:`backoffice.backup.restore_backup`).

    Input: the archive path (encrypted ones need ``BACKUP_DECRYPTION_IDENTITY_FILE``) and
    ``--database`` (default ``default``). Output: a line for each step (verbosity 2: for each
    file) and one line with the number of rows and files restored. Either completes or leaves
    the database as it found it; after an interruption, run it again. Exits non-zero with one
    line, writing no row, when the database holds records, is not migrated or is at another
    schema, or the file is not a complete, intact archive.
    """

    help = "Restore a backup_data archive into an empty, migrated database."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path, help="Archive written by backup_data.")
        parser.add_argument("--database", default="default", help="Database alias to restore into.")

    def handle(self, *args, file: Path, database: str, verbosity: int, **options) -> None:
        if not file.exists():
            raise CommandError(_("restore_data: %(path)s does not exist") % {"path": file})
        if not file.is_file():
            raise CommandError(_("restore_data: %(path)s is not a file") % {"path": file})
        progress = self.stdout.write if verbosity > 0 else None
        try:
            summary = restore_backup(file, using=database, progress=progress, verbose=verbosity > 1)
        except BackupError as error:
            raise CommandError(f"restore_data: {error}") from error
        self.stdout.write(self.style.SUCCESS(
            f"Restored {summary.path}: {summary.rows} rows, {summary.files} files."
        ))
