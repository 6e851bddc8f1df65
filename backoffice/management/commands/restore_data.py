"""``python manage.py restore_data FILE``: load a backup into an empty database."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from backoffice.backup import BackupError, restore_backup


class Command(BaseCommand):
    """Load a backup archive written by ``backup_data`` into an empty, migrated database.

    Input: the archive path and ``--database`` (default ``default``). Output: one line with the
    number of rows and files restored. Refuses, exiting non-zero with one line and writing
    nothing, when the database already holds records or is not migrated, or the file is not a
    backup archive. See :mod:`backoffice.backup`.
    """

    help = "Restore a backup_data archive into an empty, migrated database."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path, help="Archive written by backup_data.")
        parser.add_argument("--database", default="default", help="Database alias to restore into.")

    def handle(self, *args, file: Path, database: str, **options) -> None:
        if not file.is_file():
            raise CommandError(f"restore_data: {file} does not exist")
        try:
            summary = restore_backup(file, using=database)
        except BackupError as error:
            raise CommandError(f"restore_data: {error}") from error
        self.stdout.write(self.style.SUCCESS(
            f"Restored {summary.path}: {summary.records} rows, {summary.files} files."
        ))
