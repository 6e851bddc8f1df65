"""``python manage.py backup_data [--output FILE]``: every record, its history and uploads."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from backoffice.backup import BackupError, default_backup_path, write_backup
from core.commands import ProductCommand


class Command(ProductCommand):
    """Write a backup archive of the database and every uploaded file its rows refer to, read
    from one consistent snapshot (:mod:`backoffice.backup`).

    Input: ``--output FILE`` (default ``<BACKUP_DIR>/intl-affairs-<UTC timestamp>.zip``, or
    ``.zip.age`` when ``BACKUP_ENCRYPTION_RECIPIENTS`` is set) and ``--database`` (default
    ``default``). Output: the archive (mode 0600), and one line naming it with the number of
    rows and files; a warning on stderr naming files that rows refer to but storage lacks.
    Exits non-zero with one line when the file already exists or a key is wrong.
    ``restore_data`` loads it back; ``verify_backup`` proves that it does.
    """

    help = "Write a backup (data.xml, uploaded files, manifest) of every record and its history."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--output", type=Path, help="Archive to write (must not exist).")
        parser.add_argument("--database", default="default", help="Database alias to back up.")

    def handle(self, *args, output: Path | None, database: str, verbosity: int, **options) -> None:
        path = output or default_backup_path(Path(settings.BACKUP_DIR))
        progress = self.stdout.write if verbosity > 1 else None
        try:
            summary = write_backup(path, using=database, progress=progress)
        except BackupError as error:
            raise CommandError(f"backup_data: {error}") from error
        missing = summary.manifest.missing
        if missing:
            self.stderr.write(_("backup_data: %(count)s files that records refer to are missing from "
                                "storage and not in the archive: %(names)s") % {
                "count": len(missing),
                "names": ", ".join(missing[:5]) + (" ..." if len(missing) > 5 else "")})
        self.stdout.write(self.style.SUCCESS(
            f"Backup written to {summary.path}: {summary.rows} rows, {summary.files} files."
        ))
