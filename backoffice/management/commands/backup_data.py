"""``python manage.py backup_data [--output FILE]``: every record, its history and uploads."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from backoffice.backup import BackupError, default_backup_path, write_backup


class Command(BaseCommand):
    """Write a backup archive (zip) of the database and its uploaded files.

    Input: ``--output FILE`` (default ``var/backups/intl-affairs-<UTC timestamp>.zip``) and
    ``--database`` (default ``default``). Output: the archive, and one line naming it with the
    number of rows and files. Exits non-zero with one line when the file already exists.
    See :mod:`backoffice.backup` for what is kept; ``restore_data`` loads it back.
    """

    help = "Write a backup (zip of data.xml and uploaded files) of every record and its history."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--output", type=Path, help="Archive to write (must not exist).")
        parser.add_argument("--database", default="default", help="Database alias to back up.")

    def handle(self, *args, output: Path | None, database: str, **options) -> None:
        path = output or default_backup_path(Path(settings.BASE_DIR) / "var" / "backups")
        try:
            summary = write_backup(path, using=database)
        except BackupError as error:
            raise CommandError(f"backup_data: {error}") from error
        self.stdout.write(self.style.SUCCESS(
            f"Backup written to {summary.path}: {summary.records} rows, {summary.files} files."
        ))
