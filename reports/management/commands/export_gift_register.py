"""``python manage.py export_gift_register 2022 --language zh-hant --output register.xlsx``."""

from pathlib import Path

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from core.commands import ProductCommand, cannot_write, unknown_language
from reports.builder import LANGUAGES
from reports.gift_register import FORMATS, write_register


def parse_year(text: str) -> int | None:
    """``2022`` → 2022, ``all`` → ``None`` (the whole register). Raises ``ValueError`` with the
    reason for anything else, or a year outside 1900–2999."""
    text = text.strip()
    if text.lower() == "all":
        return None
    if not (text.isascii() and text.isdigit() and len(text) == 4):
        raise ValueError(_("“%(text)s” is not a year: give a Gregorian year such as 2022, or all") % {
            "text": text})
    year = int(text)
    if not 1900 <= year <= 2999:
        raise ValueError(_("the year %(year)s is outside 1900–2999") % {"year": year})
    return year


class Command(ProductCommand):
    help = ("Write the gift register of a year (or all of it) as an ODS or XLSX workbook: the protocol "
            "register's columns, the ethics unit's, the gifts given and each gift's trail. Drafts included.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("year", help="A Gregorian year such as 2022, or all.")
        parser.add_argument("--language", default="zh-hant", help=f"One of {', '.join(LANGUAGES)}.")
        parser.add_argument("--output", required=True, type=Path,
                            help=f"The file to write; its extension is the format ({', '.join(FORMATS)}).")

    def handle(self, *args, year: str, language: str, output: Path, **options) -> None:
        """Write the file; raises ``CommandError`` (one line, exit status 1) on a bad year,
        language or extension, or when the output cannot be written."""
        try:
            chosen_year = parse_year(year)
        except ValueError as error:
            raise CommandError(str(error)) from None
        if language not in LANGUAGES:
            raise CommandError(unknown_language(language, LANGUAGES))
        format_name = output.suffix.lower().removeprefix(".")
        if format_name not in FORMATS:
            raise CommandError(_("cannot tell the format from “%(name)s”: name the file %(extensions)s") % {
                "name": output.name, "extensions": " / ".join("." + f for f in FORMATS)})
        data = write_register(chosen_year, language, format_name)
        try:
            output.write_bytes(data)
        except OSError as error:
            raise CommandError(cannot_write(output, error)) from None
        self.stdout.write(f"Wrote {output} ({year}, {language}, {format_name}, {len(data)} bytes).")
