"""Cell values made safe for spreadsheets and CSV files that staff open in Excel or LibreOffice.

Rules (OWASP, "CSV Injection"): a text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return may be run as a formula, so it gets a leading apostrophe; characters that XML 1.0
forbids (C0 controls other than tab, line feed and carriage return) make OOXML and ODF files
unreadable, so they are removed.
"""

from __future__ import annotations

import re

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# XML 1.0 (Fifth Edition) section 2.2: Char excludes U+0000–U+0008, U+000B, U+000C, U+000E–U+001F,
# the surrogates and U+FFFE/U+FFFF.
_ILLEGAL_XML_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def safe_cell(value: object) -> object:
    """Return ``value`` ready for a spreadsheet cell.

    A ``str`` loses the characters XML forbids and, if it then starts like a formula
    (``= + - @``, tab, carriage return), gets a leading apostrophe: ``"=1+1"`` gives ``"'=1+1"``.
    Anything else (numbers, dates, ``None``) is returned unchanged.
    """
    if not isinstance(value, str):
        return value
    text = _ILLEGAL_XML_CHARS.sub("", value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text
