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
