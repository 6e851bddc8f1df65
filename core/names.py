"""Normalised search keys for names written in several scripts and styles.

The same person is written 朗．尼倫伯格, 朗·尼倫伯格 or 朗‧尼倫伯格 and Vaičiukevičiūtė or
Vaiciukeviciute (Chinese documents drop diacritics). A search key folds all of these to one form:

1. Unicode NFKC, so full-width letters and digits become half-width (Unicode Standard Annex #15);
2. diacritics removed (NFKD, then combining marks dropped), plus letters NFKD does not split
   (ł, ø, đ, æ, œ, ß...);
3. case folded;
4. every middle-dot variant, full stop, hyphen, apostrophe and space removed, so that word
   separators in any script do not matter.

The same function normalises the stored names and the query, so a ``contains`` lookup on the key
behaves the same on SQLite and PostgreSQL.
"""

import re
import unicodedata
from functools import lru_cache

from slugify import slugify

from .text import clean_text

# Letters that NFKD does not decompose into a base letter and a combining mark.
_EXTRA_FOLDS = str.maketrans({
    "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ð": "d", "þ": "th",
    "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ß": "ss", "ı": "i",
})
# Middle dots (U+00B7, U+2027, U+30FB, U+FF65, U+2022, U+2219, U+22C5, U+318D), full stops,
# hyphens and dashes, apostrophes, commas, quotes and white space: separators, not content.
_SEPARATORS = re.compile(r"[\s·‧・･•∙⋅ㆍ.．。,，、'’‘`´\"“”\-‐‑‒–—―_()（）]+")
# What joins several names in one key; never produced by normalise_name().
KEY_JOINER = "|"


def normalise_name(text: str) -> str:
    """Fold ``text`` to its search form: ``"朗．尼倫伯格"`` and ``"朗·尼倫伯格"`` give ``"朗尼倫伯格"``,
    ``"Agnė Vaičiukevičiūtė"`` gives ``"agnevaiciukeviciute"``. Empty input gives ``""``.
    Results are remembered (:func:`functools.lru_cache`, the last 4,096 texts): an import
    folds the same country, city and role names on every row; its people's names, each seen
    once or twice, would only fill a larger cache (16,384 texts held 7 MiB more at 20,000 rows).
    """
    if not text:
        return ""
    return _normalise(str(text))


@lru_cache(maxsize=2**12)
def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_EXTRA_FOLDS)
    decomposed = unicodedata.normalize("NFKD", text)
    # Combining marks (diacritics) and what nobody types (NUL, soft hyphens, zero-width spaces:
    # core.text) are not part of a name.
    if not decomposed.isascii():
        decomposed = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = clean_text(decomposed)
    # Re-compose so CJK and Hangul stay in their usual form.
    folded = unicodedata.normalize("NFC", stripped).casefold()
    return _SEPARATORS.sub("", folded).replace(KEY_JOINER, "")


def tidy_text(text: str | None) -> str:
    """Return ``text`` as it should be stored when typed or imported: Unicode NFC, white space
    (including line breaks and full-width spaces) collapsed to one space, trimmed, what nobody
    types (NUL, form feed, zero-width spaces...: :func:`core.text.clean_text`) removed.
    Characters are otherwise kept as written (朗．尼倫伯格 keeps its full-width dot). ``None``
    gives ``""``; another value is tidied as ``str(text)``."""
    if not text:
        return ""
    return _tidy(str(text))


@lru_cache(maxsize=2**12)
def _tidy(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", clean_text(text)).split())


def search_key(*names: str | None) -> str:
    """Join the normalised forms of every non-empty name, e.g. ``"朗尼倫伯格|ronnirenberg"``."""
    keys = []
    for name in names:
        key = normalise_name(name or "")
        if key and key not in keys:
            keys.append(key)
    return KEY_JOINER.join(keys)


def make_slug(text: str, max_length: int = 50) -> str:
    """An ASCII slug for a public address or an import key, made from ``text`` in any script
    by python-slugify (text-unidecode transliteration): ``Kōichi Hagiuda`` gives
    ``koichi-hagiuda``, ``Japan–Taiwan`` ``japan-taiwan``, ``八王子市`` ``ba-wang-zi-shi`` (a
    Mandarin reading: staff may edit it). At most ``max_length`` characters, cut at a word;
    ``""`` when nothing in ``text`` can be written in ASCII."""
    return slugify(text or "", max_length=max_length, word_boundary=True)
