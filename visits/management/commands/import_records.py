"""``manage.py import_records engagements|visitors FILE [--dry-run]``: the admin's import, from
the command line (e.g. a list received by e-mail, on a server without a browser)."""

from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext

from core.commands import ProductCommand
from core.imports import FORMATS, import_file
from visits.resources import EngagementResource, VisitorListResource

RESOURCES = {"engagements": EngagementResource, "visitors": VisitorListResource}


class Command(ProductCommand):
    help = ("Import engagements or a visitor list from a CSV or XLSX file; nothing is written "
            "unless every row is valid. Errors are printed one a line, the header's first, then "
            "'row N, column C \u201cheader\u201d: ...' with rows numbered as in the spreadsheet "
            "(the header is row 1).")

    def add_arguments(self, parser) -> None:
        parser.add_argument("kind", choices=sorted(RESOURCES))
        parser.add_argument("path", type=Path, help="a .csv or .xlsx file")
        parser.add_argument("--dry-run", action="store_true", help="check only; write nothing")

    def handle(self, *args, kind: str, path: Path, dry_run: bool, **options) -> None:
        """Import ``path`` with the resource of ``kind``. Raises ``CommandError`` (exit status
        1) for an unreadable file or when any row is invalid, after printing every error."""
        file_format = path.suffix.lower().lstrip(".")
        if file_format not in FORMATS:
            raise CommandError(gettext("%(path)s: only .csv and .xlsx files can be imported") % {
                "path": path})
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from None
        try:
            result = import_file(RESOURCES[kind](), data, file_format, dry_run=dry_run)
        except ValueError as error:
            raise CommandError(f"{path}: {error}") from None
        errors = result.messages()
        for line in errors:
            self.stderr.write(line)
        if errors:
            raise CommandError(gettext("%(path)s: %(count)s error(s); nothing was imported (rows "
                                       "are numbered as in the spreadsheet: the header is row 1)")
                               % {"path": path, "count": len(errors)})
        totals = result.totals
        verb = "would import" if dry_run else "imported"
        self.stdout.write(f"{path}: {verb} {totals['new']} new, {totals['update']} updated")
