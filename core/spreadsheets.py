"""Cells that are safe to hand to a spreadsheet: every CSV, ODS or XLSX the product writes passes
each cell through :func:`safe_cell` (the open-data CSV files, the half-year report's tables).

Two dangers, two rules:

1. Formula injection (OWASP, "CSV Injection"): a spreadsheet runs a text cell that starts with
   ``=``, ``+``, ``-`` or ``@`` as a formula, and Excel also one that starts with a tab or a
   carriage return. Record text comes from staff and, through imports, from outside, so such a
   cell gets a leading apostrophe (``'=1+1``): it is then shown and read as text. openpyxl, too,
   stores a string starting with ``=`` as a formula, so the XLSX writer needs the same rule.
2. Characters a spreadsheet file cannot hold: XML 1.0 (the format inside ODS and XLSX) forbids
   the C0 control characters other than tab, line feed and carriage return, U+FFFE, U+FFFF and
   lone surrogates (which UTF-8 cannot encode either); openpyxl raises ``IllegalCharacterError``
   on them. They carry no meaning in a record, so they are removed.

Only text is changed: numbers, dates, booleans and ``None`` are returned as they are, so typed
cells stay typed (a negative number is a number, not a formula).
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

from .text import clean_text

CellValue = str | int | float | Decimal | bool | datetime.date | datetime.datetime | None

# First characters that make a spreadsheet read a text cell as a formula (OWASP CSV Injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Characters XML 1.0 forbids (https://www.w3.org/TR/xml/#charsets) plus lone surrogates.
ILLEGAL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def remove_illegal_characters(text: str) -> str:
    """``text`` without the characters of :data:`ILLEGAL_CHARACTERS`, which no XML document (ODF,
    OOXML) can hold: what every writer of the product's files passes text through."""
    return ILLEGAL_CHARACTERS.sub("", text)


def safe_cell(value: CellValue) -> CellValue:
    """Return ``value`` made safe to write into one spreadsheet cell (CSV, ODS or XLSX).

    A ``str`` loses the characters of :data:`ILLEGAL_CHARACTERS`; then, if it starts with one of
    :data:`FORMULA_TRIGGERS`, it gets a leading ``'``: ``safe_cell("=HYPERLINK(...)")`` is
    ``"'=HYPERLINK(...)"``, ``safe_cell("a\\x00b")`` is ``"ab"``. Any other value (``int``,
    ``float``, ``Decimal``, ``bool``, ``datetime.date``, ``datetime.datetime``, ``None``) is
    returned unchanged. Never raises.
    """
    if not isinstance(value, str):
        return value
    text = remove_illegal_characters(value)
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


# --- Reading the files staff import -------------------------------------------------------------
#
# Every limit is checked before the work it bounds: the file's size before it is read, a
# workbook's unpacked size before it is unzipped (a zip's member sizes are declared in its
# directory, and Python's zipfile stops at the declared size and fails on a CRC mismatch, so the
# declaration cannot be exceeded), rows and columns while the sheet is streamed. openpyxl reads in
# read-only mode, which trusts the sheet's declared <dimension>: reset_dimensions() makes it read
# what the sheet holds instead (openpyxl docs, "Read-only mode"), so a sheet claiming A1:XFD1048576
# is not padded to 16,384 columns and one claiming A1:B2 does not lose its third row.

MAX_ZIP_MEMBERS = 200


class TableError(ValueError):
    """A file that cannot be read as a table, with what to do, in the active language."""


def _limits() -> dict[str, int]:
    from django.conf import settings

    return {"bytes": settings.IMPORT_MAX_BYTES, "rows": settings.IMPORT_MAX_ROWS,
            "columns": settings.IMPORT_MAX_COLUMNS, "unzipped": settings.IMPORT_MAX_UNZIPPED_BYTES}


def too_large_message(size: int) -> str:
    """The error of a file of ``size`` bytes above ``settings.IMPORT_MAX_BYTES``."""
    from django.utils.translation import gettext

    return gettext("The file is %(size).1f MB; an import may be at most %(max).1f MB: split it into "
                   "several files.") % {"size": size / 1e6, "max": _limits()["bytes"] / 1e6}


def _csv_rows(data: bytes | str):
    """The rows of a CSV file, decoded and split as they are read (the whole text is never held:
    Chinese text is 2–4 bytes a character in a Python ``str``)."""
    import csv
    import io
    import itertools

    from django.utils.translation import gettext

    if isinstance(data, bytes):
        # UnicodeDecodeError while reading: the caller says "save as UTF-8"
        text = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline="")
    else:
        text = io.StringIO(data, newline="")
    first = text.readline().removeprefix("\ufeff")  # a second mark, after a copy between files
    reader = csv.reader(itertools.chain([first], text))
    number = 0
    try:
        for number, row in enumerate(reader, 1):  # noqa: B007 - the number is read in the except
            yield row
    except csv.Error:
        raise TableError(gettext("Row %(row)d cannot be read: a cell holds more than %(max)s characters "
                                 "or an opening quote is never closed.")
                         % {"row": number + 1, "max": f"{csv.field_size_limit():,}"}) from None


def _xlsx_rows(data: bytes, limits: dict[str, int]):
    import io
    import zipfile

    from django.utils.translation import gettext

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise TableError(not_xlsx_message()) from None
    unpacked = sum(member.file_size for member in members)
    if len(members) > MAX_ZIP_MEMBERS or unpacked > limits["unzipped"]:
        raise TableError(gettext("The workbook is %(size).0f MB when unpacked; at most %(max).0f MB can "
                                 "be imported: split it into several files.")
                         % {"size": unpacked / 1e6, "max": limits["unzipped"] / 1e6})
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
        try:
            sheet = book.worksheets[0]
            sheet.reset_dimensions()
            yield from sheet.iter_rows(values_only=True, max_col=limits["columns"] + 1)
        finally:
            book.close()
    except (KeyError, IndexError, ValueError, TypeError, OSError, zipfile.BadZipFile, SyntaxError):
        raise TableError(not_xlsx_message()) from None


def not_xlsx_message() -> str:
    """What to do with a file chosen as XLSX that is not a workbook, in the clerk's language."""
    from django.utils.translation import gettext

    return gettext("The file is not a valid XLSX workbook: open it in Excel or LibreOffice and "
                   "save it as .xlsx again.")


class Table:
    """The first sheet of an XLSX workbook (``file_format`` ``"xlsx"``, ``data`` bytes) or a CSV
    file (``"csv"``, UTF-8 bytes with or without a byte-order mark, or text), checked whole but
    read a row at a time: :func:`open_table` checks every limit in one pass that keeps no row,
    and each :meth:`rows` reads the file again, so the memory an import needs does not grow with
    the file (only the file itself is held).

    ``headers``: the first row's cells as text, padded to ``width`` (the widest row up to the
    last row with a value) with ``""``. ``len(table)``: the data rows up to the last one with a
    value (blank rows between kept, so row numbers stay those of the spreadsheet). ``filled_columns``:
    0-based indexes of the columns that hold a value in some data row."""

    def __init__(self, data: bytes | str, file_format: str, limits: dict[str, int]) -> None:
        self.data, self.file_format, self.limits = data, file_format, limits
        self.headers: list[str] = []
        self.width = 0
        self.row_count = 0
        self.filled_columns: set[int] = set()

    def _raw(self):
        """Every row as the file has it, text cleaned (:func:`core.text.clean_text`), trailing
        empty cells dropped and cut to the column
        limit (a value beyond it is a :class:`TableError`)."""
        from django.utils.translation import gettext

        limits = self.limits
        source = _xlsx_rows(self.data, limits) if self.file_format == "xlsx" else _csv_rows(self.data)
        for index, row in enumerate(source):
            # Every text cell as every input path takes text (core.text): a NUL pasted into a
            # cell is dropped, whatever column and resource read it.
            row = [clean_text(value) if isinstance(value, str) else value for value in row]
            while row and row[-1] is None:  # openpyxl pads every row to max_col
                row.pop()
            if len(row) > limits["columns"]:
                if any(_has_value(value) for value in row[limits["columns"]:]):
                    raise TableError(gettext("Row %(row)d has values beyond column %(max)d: an import has "
                                             "at most %(max)d columns.")
                                     % {"row": index + 1, "max": limits["columns"]})
                row = row[:limits["columns"]]
            yield index, row

    def scan(self) -> None:
        """The checking pass (:func:`open_table`): sets the attributes, keeps no row."""
        from django.utils.translation import gettext

        limits = self.limits
        filled_rows, last_filled, width, widest = 0, -1, 0, 0
        first: list | None = None
        for index, row in self._raw():
            if first is None:
                first = row
            filled = [position for position, value in enumerate(row) if _has_value(value)]
            filled_rows += bool(filled)
            if filled_rows > limits["rows"] + 1 or index >= 5 * limits["rows"]:
                raise TableError(gettext("The file has more than %(max)s rows (counting empty rows above "
                                         "the last value): split it into files of at most %(max)s rows, "
                                         "and delete empty rows below the data.")
                                 % {"max": f"{limits['rows']:,}"})
            widest = max(widest, len(row))
            if filled:
                last_filled, width = index, widest
                if index:
                    self.filled_columns.update(filled)
        if last_filled < 0:
            raise TableError(gettext("The file is empty: row 1 must hold the column names (download "
                                         "the template from the import page)."))
        if not any(_has_value(value) for value in first):
            raise TableError(gettext("Row 1 is empty: it must hold the column names, with the data from "
                                     "row 2 (download the template from the import page)."))
        self.width = width
        self.row_count = last_filled
        self.headers = ["" if value is None else str(value) for value in first] + [""] * (width - len(first))
        filled_headers = [header for header in self.headers if header.strip()]
        if self.file_format == "csv" and len(filled_headers) == 1 and ";" in filled_headers[0]:
            raise TableError(gettext("The columns seem to be separated by “;”: save the file as “CSV UTF-8 "
                                     "(comma delimited)” and import it again."))

    def __len__(self) -> int:
        return self.row_count

    def rows(self):
        """The data rows (row 2 to the last row with a value), each a list of ``width`` cells
        (``None`` pads an XLSX row, ``""`` a CSV row); cells keep their type (XLSX numbers and
        dates; CSV text). Reads the file again on each call."""
        pad = None if self.file_format == "xlsx" else ""
        for index, row in self._raw():
            if index == 0:
                continue
            if index > self.row_count:
                return
            yield row + [pad] * (self.width - len(row))

    def __iter__(self):
        return self.rows()


def open_table(data: bytes | str, file_format: str) -> Table:
    """The :class:`Table` of ``data``, checked: every limit, from settings, before any row is
    handed on. ``IMPORT_MAX_BYTES`` (checked first, on the size), ``IMPORT_MAX_UNZIPPED_BYTES``
    (XLSX, checked before unzipping), ``IMPORT_MAX_ROWS`` data rows and ``IMPORT_MAX_COLUMNS``
    columns (checked in the first pass, which stops at the first row past them; empty rows count
    too, up to five times the row limit, so a sheet with one cell at row 1,048,576 stops early).

    Raises :class:`TableError` with what to do, in the active language, for a file over a limit,
    an empty file, a header row that is blank, a CSV separated by ``;``, a CSV cell over the csv
    module's limit or a file that is not an XLSX workbook; ``UnicodeDecodeError`` for a CSV that
    is not UTF-8."""
    limits = _limits()
    if len(data) > limits["bytes"]:
        raise TableError(too_large_message(len(data)))
    table = Table(data, file_format, limits)
    table.scan()
    return table


def read_table(data: bytes | str, file_format: str) -> tuple[list[str], list[list]]:
    """``(headers, rows)`` of :func:`open_table`, every row in a list (for small files and tests;
    imports read :meth:`Table.rows` as a stream). Raises as :func:`open_table`."""
    table = open_table(data, file_format)
    return table.headers, list(table.rows())


def _has_value(value) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())
