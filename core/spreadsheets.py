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
    import csv
    import io

    from django.utils.translation import gettext

    if isinstance(data, bytes):
        data = data.decode("utf-8-sig")  # UnicodeDecodeError: the caller says "save as UTF-8"
    reader = csv.reader(io.StringIO(data.removeprefix("\ufeff")))
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
        sheet = book.worksheets[0]
        sheet.reset_dimensions()
        yield from sheet.iter_rows(values_only=True, max_col=limits["columns"] + 1)
    except (KeyError, IndexError, ValueError, TypeError, OSError, zipfile.BadZipFile, SyntaxError):
        raise TableError(not_xlsx_message()) from None


def not_xlsx_message() -> str:
    """What to do with a file chosen as XLSX that is not a workbook, in the clerk's language."""
    from django.utils.translation import gettext

    return gettext("The file is not a valid XLSX workbook: open it in Excel or LibreOffice and "
                   "save it as .xlsx again.")


def read_table(data: bytes | str, file_format: str) -> tuple[list[str], list[list]]:
    """Read the first sheet of an XLSX workbook (``file_format`` ``"xlsx"``, ``data`` bytes) or a
    CSV file (``"csv"``, UTF-8 bytes with or without a byte-order mark, or text) as
    ``(headers, rows)``: the first row's cells as text, then every row padded to the header's
    width (blank rows kept, so row numbers stay those of the spreadsheet; blank rows at the end
    dropped). Cells keep their type (XLSX numbers and dates; CSV text).

    Limits, from settings: ``IMPORT_MAX_BYTES`` (checked first), ``IMPORT_MAX_UNZIPPED_BYTES``
    (XLSX, checked before unzipping), ``IMPORT_MAX_ROWS`` data rows and ``IMPORT_MAX_COLUMNS``
    columns (checked while reading, which stops at the first row past them; empty rows count
    too, up to five times the row limit, so a sheet with one cell at row 1,048,576 stops early).
    Raises :class:`TableError` with what to do, in the active language, for a file over a limit,
    an empty file, a header row that is blank, a CSV separated by ``;``, a CSV cell over the csv
    module's limit or a file that is not an XLSX workbook; ``UnicodeDecodeError`` for a CSV
    that is not UTF-8."""
    from django.utils.translation import gettext

    limits = _limits()
    if len(data) > limits["bytes"]:
        raise TableError(too_large_message(len(data)))
    rows_in = _xlsx_rows(data, limits) if file_format == "xlsx" else _csv_rows(data)
    rows: list[list] = []
    filled_rows = 0
    last_filled = -1
    for index, row in enumerate(rows_in):
        row = list(row)
        while row and row[-1] is None:  # openpyxl pads every row to max_col
            row.pop()
        if len(row) > limits["columns"]:
            if any(_has_value(value) for value in row[limits["columns"]:]):
                raise TableError(gettext("Row %(row)d has values beyond column %(max)d: an import has at "
                                         "most %(max)d columns.")
                                 % {"row": index + 1, "max": limits["columns"]})
            row = row[:limits["columns"]]
        filled = any(_has_value(value) for value in row)
        filled_rows += filled
        if filled_rows > limits["rows"] + 1 or index >= 5 * limits["rows"]:
            raise TableError(gettext("The file has more than %(max)s rows (counting empty rows above the "
                                     "last value): split it into files of at most %(max)s rows, and "
                                     "delete empty rows below the data.") % {"max": f"{limits['rows']:,}"})
        if filled:
            last_filled = index
        rows.append(row)
    rows = rows[:last_filled + 1]
    if not rows:
        raise TableError(gettext("The file is empty: row 1 must hold the column names (download the "
                                 "template from the import page)."))
    if not any(_has_value(value) for value in rows[0]):
        raise TableError(gettext("Row 1 is empty: it must hold the column names, with the data from row 2 "
                                 "(download the template from the import page)."))
    width = max(len(row) for row in rows)
    headers = ["" if value is None else str(value) for value in rows[0]] + [""] * (width - len(rows[0]))
    filled_headers = [header for header in headers if header.strip()]
    if file_format == "csv" and len(filled_headers) == 1 and ";" in filled_headers[0]:
        raise TableError(gettext("The columns seem to be separated by “;”: save the file as “CSV UTF-8 "
                                 "(comma delimited)” and import it again."))
    body = [row + [None if file_format == "xlsx" else ""] * (width - len(row)) for row in rows[1:]]
    return headers, body


def _has_value(value) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())
