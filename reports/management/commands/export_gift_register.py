"""``python manage.py export_gift_register 2022 --language zh-hant --output register.xlsx``."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reports.builder import LANGUAGES
from reports.gift_register import FORMATS, write_register


def parse_year(text: str) -> int | None:
    """``2022`` → 2022, ``all`` → ``None`` (the whole register). Raises ``ValueError`` with the
    reason for anything else, or a year outside 1900–2999."""
    text = text.strip()
    if text.lower() == "all":
        return None
    if not (text.isascii() and text.isdigit() and len(text) == 4):
        raise ValueError(f"{text!r} is not a year: give a Gregorian year such as 2022, or all")
    year = int(text)
    if not 1900 <= year <= 2999:
        raise ValueError(f"the year {year} is outside 1900–2999")
    return year


class Command(BaseCommand):
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
            raise CommandError(f"unknown language {language!r}; use one of {', '.join(LANGUAGES)}")
        format_name = output.suffix.lower().removeprefix(".")
        if format_name not in FORMATS:
            raise CommandError(f"cannot tell the format from {output.name!r}: name the file "
                               f"{' or '.join('.' + f for f in FORMATS)}")
        data = write_register(chosen_year, language, format_name)
        try:
            output.write_bytes(data)
        except OSError as error:
            raise CommandError(f"cannot write {output}: {error.strerror}") from None
        self.stdout.write(f"Wrote {output} ({year}, {language}, {format_name}, {len(data)} bytes).")
