"""``python manage.py verify_backup FILE``: prove that a backup restores."""

from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from backoffice.backup import BackupError
from backoffice.verify import verify_backup
from core.commands import ProductCommand


class Command(ProductCommand):
    """Restore a backup archive into a scratch database and compare every table's rows and
    every file's checksum with the archive's manifest (:func:`backoffice.verify.verify_backup`).

    Input: the archive path (encrypted ones need ``BACKUP_DECRYPTION_IDENTITY_FILE``);
    ``--database-url`` an empty database to restore into (default: a temporary SQLite file);
    ``--media-root`` an empty directory for the restored files (default: a temporary one).
    Output: one line saying what was proven, and a warning naming files that were missing
    from storage when the backup was written. Exits non-zero with one line naming the first
    problem. Never writes the site's own database or storage.
    """

    help = "Prove a backup: restore it into a scratch database and compare counts and checksums."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path, help="Archive written by backup_data.")
        parser.add_argument("--database-url", help="An empty scratch database (default: temporary SQLite).")
        parser.add_argument("--media-root", type=Path, help="An empty directory for the restored files.")

    def handle(self, *args, file: Path, database_url: str | None, media_root: Path | None,
               verbosity: int, **options) -> None:
        if not file.exists():
            raise CommandError(_("verify_backup: %(path)s does not exist") % {"path": file})
        if not file.is_file():
            raise CommandError(_("verify_backup: %(path)s is not a file") % {"path": file})
        try:
            summary = verify_backup(file, database_url=database_url, media_root=media_root,
                                    progress=self.stdout.write if verbosity > 1 else None)
        except BackupError as error:
            raise CommandError(f"verify_backup: {error}") from error
        if summary.missing:
            self.stderr.write(_("verify_backup: %(count)s files the records refer to were missing from "
                                "storage when the backup was written: %(name)s ...") % {
                "count": len(summary.missing), "name": summary.missing[0]})
        self.stdout.write(self.style.SUCCESS(
            f"Verified {file}: {summary.rows} rows in {summary.tables} tables and {summary.files} files "
            f"restore into an empty {summary.vendor} database; every count and checksum matches."
        ))
