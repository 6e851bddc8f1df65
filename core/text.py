"""Text as it enters the product: one rule for every path text comes in by (every admin form and
inline, every import cell, the public search and filters, every query parameter).

People do not type control characters; they paste them. A paste from Word or a PDF brings
invisible characters along: a vertical tab (Word's manual line break, Shift+Enter), a form feed
(a page break), zero-width spaces, soft hyphens, a byte-order mark. A stray NUL comes from a
file or a tool, never from a keyboard, and PostgreSQL refuses it in any text value ("A string
literal cannot contain NUL characters"), so it was a server error wherever it got through.

:func:`clean_text` keeps what the clerk meant and drops what they could not see:

- the line breaks of other tools (a vertical tab, Word's line break; NEL; the Unicode line and
  paragraph separators) become a line feed; tab, line feed and carriage return stay;
- a form feed is removed: a PDF puts one at each page end, usually inside a sentence
  (「…摘要\f第二頁」 is one paragraph);
- every other control character (Unicode category Cc: C0, DEL, C1), the invisible format
  characters a word processor inserts (soft hyphen U+00AD, zero-width space U+200B, word joiner
  U+2060, byte-order mark U+FEFF), the noncharacters U+FFFE and U+FFFF and lone surrogates
  (which UTF-8 cannot encode) are removed.

Zero-width joiners and non-joiners (U+200C, U+200D) stay: they change how Persian, Indic and
emoji text is written. Nothing is reported to the clerk: the text shown back is the text
stored, and it reads as what they pasted.
"""

from __future__ import annotations

import re

# Line breaks of other tools, as a line feed.
_LINE_BREAKS = re.compile("[\x0b\x85\u2028\u2029]")
# Control characters other than tab, line feed and carriage return; invisible format characters
# a word processor inserts; noncharacters; lone surrogates.
_DROPPED = re.compile("[\x00-\x08\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\u00ad\u200b\u2060\ufeff\ufffe\uffff"
                      "\ud800-\udfff]")


def clean_text(text: str) -> str:
    """``text`` (a str) as the product stores it: other tools' line breaks as ``"\\n"``, the
    characters nobody types removed (see the module's docstring). ``clean_text("a\\x00b")`` is
    ``"ab"``, ``clean_text("第一行\\x0b第二行")`` is ``"第一行\\n第二行"``,
    ``clean_text("Gdy\\u00adnia")`` is ``"Gdynia"``. Never raises; the same object is returned
    when nothing changes."""
    if text.isprintable() or not (_DROPPED.search(text) or _LINE_BREAKS.search(text)):
        return text
    return _DROPPED.sub("", _LINE_BREAKS.sub("\n", text))


# A line break (as clean_text leaves it: a line feed or a carriage return) and the spaces and
# tabs around it.
_BREAK_IN_LINE = re.compile("[ \t]*[\r\n]+[ \t]*")


def one_line(text: str) -> str:
    """``text`` (a str) as a one-line field stores it (a name, a title, a slug, an e-mail
    address: a model ``CharField``, a form field whose widget is not a textarea):
    :func:`clean_text`, then every line break (with the spaces and tabs around it) as one
    space, the ends stripped. ``one_line("a\\x0bb")`` and ``one_line("a \\r\\n b")`` are
    ``"a b"``; a multi-line field (``TextField``) keeps its line feeds (:func:`clean_text`
    alone). The imports' text cells (:func:`core.names.tidy_text`) collapse every white space
    run, so they agree. Never raises."""
    text = clean_text(text)
    if "\n" not in text and "\r" not in text:
        return text
    return _BREAK_IN_LINE.sub(" ", text).strip()
