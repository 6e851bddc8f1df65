"""``python manage.py export_report 2022H2 --format odt --language zh-hant [--outline-level N]
[--with-gifts [--with-gift-values]] --output PATH``."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from core.admin import change_url
from core.commands import ProductCommand, cannot_write, unknown_language
from core.dates import HalfYear
from reports.builder import LANGUAGES, OUTLINE_LEVELS, build_chapter
from reports.writers import FORMATS, render

DEFAULT_FORMAT = "odt"


def output_format(output: Path, format_name: str | None) -> str:
    """The format to write ``output`` (a path) in: ``format_name`` (a str, or ``None`` to take
    the output's extension, :data:`DEFAULT_FORMAT` for a name without one). Raises
    ``CommandError`` for an unknown format, or an extension that is not the format."""
    extension = output.suffix.lower().removeprefix(".")
    chosen = format_name or extension or DEFAULT_FORMAT
    if chosen not in FORMATS:
        if format_name:
            raise CommandError(_("unknown format “%(format)s”; use one of %(formats)s") % {
                "format": format_name, "formats": ", ".join(FORMATS)})
        raise CommandError(_("cannot tell the format from “%(name)s”: name the file %(extensions)s, or "
                             "pass --format") % {
            "name": output.name, "extensions": " / ".join("." + f for f in FORMATS)})
    if extension and extension != chosen:
        raise CommandError(_("--format %(format)s does not match the file name “%(name)s”; name it "
                             "%(suggestion)s") % {
            "format": chosen, "name": output.name, "suggestion": f"{output.stem}.{chosen}"})
    return chosen


class Command(ProductCommand):
    help = (
        "Write the half-year report chapter (odt, docx) or its statistics workbook (ods, xlsx) for a "
        "half-year such as 2022H2, from the records. Published records only, unless --include-drafts."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("period", help="The half-year, e.g. 2022H2 (July–December 2022) or 2023H1.")
        parser.add_argument("--format", dest="format_name", default=None,
                            help=f"One of {', '.join(FORMATS)} (default: the output's extension, "
                                 f"else {DEFAULT_FORMAT}).")
        parser.add_argument("--language", default="zh-hant", help=f"One of {', '.join(LANGUAGES)}.")
        parser.add_argument("--output", required=True, type=Path, help="The file to write.")
        parser.add_argument("--include-drafts", action="store_true",
                            help="Also use records still in draft (marked 【草稿】 in the text).")
        parser.add_argument("--outline-level", default=None,
                            help="Where the numbering starts: 1 (壹、 / I., and the title is printed), "
                                 "2 (一、), 3 (（一）) or 4 (1、); default 4 in Chinese, as the source, "
                                 "and 1 in English.")
        parser.add_argument("--with-gifts", action="store_true",
                            help="Add a part listing the gifts received and given in the half-year.")
        parser.add_argument("--with-gift-values", action="store_true",
                            help="Give each gift's estimated value in that part (needs --with-gifts).")

    def handle(self, *args, period: str, format_name: str, language: str, output: Path,
               include_drafts: bool, outline_level: str | None, with_gifts: bool = False,
               with_gift_values: bool = False, **options) -> None:
        """Write the file; raises ``CommandError`` (one line, exit status 1) on a bad period
        (parsed by :meth:`HalfYear.parse`, as the admin page parses it), format, language or
        outline level, ``--with-gift-values`` without ``--with-gifts``, an output name whose
        extension is not the format (a report.docx holding ODT would not open in Word), or when
        the output cannot be written.

        Each record the chapter prints in another language, for want of text in ``language``
        (:attr:`reports.document.Chapter.untranslated`), is a warning line on stderr naming the
        record, its fields and its admin page; so is a nearly empty chapter
        (:attr:`reports.document.Chapter.few_records`: the wrong half-year, records not entered
        or still in draft). The file is written all the same (exit 0)."""
        try:
            half_year = HalfYear.parse(period)
        except ValueError as error:
            raise CommandError(str(error)) from None
        format_name = output_format(output, format_name)
        if language not in LANGUAGES:
            raise CommandError(unknown_language(language, LANGUAGES))
        levels = [str(level) for level in OUTLINE_LEVELS]
        if outline_level is not None and outline_level not in levels:
            raise CommandError(_("unknown outline level “%(level)s”; use one of %(levels)s") % {
                "level": outline_level, "levels": ", ".join(levels)})
        if with_gift_values and not with_gifts:
            raise CommandError(_("--with-gift-values needs --with-gifts: the values are printed in "
                                 "the gift part"))
        chapter = build_chapter(half_year, language, include_drafts=include_drafts,
                                outline_level=int(outline_level) if outline_level else None,
                                with_gifts=with_gifts, with_gift_values=with_gift_values)
        data = render(chapter, format_name)
        try:
            output.write_bytes(data)
        except OSError as error:
            raise CommandError(cannot_write(output, error)) from None
        self.stdout.write(f"Wrote {output} ({half_year}, {language}, {format_name}, {len(data)} bytes).")
        if chapter.few_records:
            self.stderr.write(_("Warning: %(warning)s") % {"warning": chapter.few_records_warning()})
        language_name = dict(settings.LANGUAGES)[language]
        for entry in chapter.untranslated:
            self.stderr.write(_("Warning: %(record)s (%(kind)s) has no %(language)s text for %(fields)s; the "
                                "chapter prints another language. Edit it at %(url)s") % {
                "record": entry.record, "kind": entry.kind, "language": language_name,
                "fields": entry.field_labels, "url": change_url(entry.record) or "-"})
