"""Language helpers: which language a translated field is actually shown in, and lists joined
as each language joins them.

django-modeltranslation falls back to the other language when a field is not translated
(``MODELTRANSLATION_FALLBACK_LANGUAGES``); the page must then mark that text with its own
``lang`` so screen readers pronounce it right (WCAG 2.1, 3.1.2 "Language of Parts").
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from django.conf import settings
from django.utils.translation import get_language, override, pgettext
from modeltranslation.utils import build_localized_fieldname

from core.dates import is_chinese


def shown_language(record, field: str, language: str | None = None) -> str | None:
    """The language code whose value of ``record.<field>`` is displayed in ``language`` (default:
    the active one): ``language`` itself when translated, else the first fallback language with a
    value, else ``None`` (the field is empty in every language)."""
    language = language or get_language()
    fallbacks = settings.MODELTRANSLATION_FALLBACK_LANGUAGES.get("default", ())
    for code in (language, *fallbacks):
        if getattr(record, build_localized_fieldname(field, code), None):
            return code
    return None


def list_separator(language: str | None = None) -> str:
    """What separates the items of a list in ``language`` (default: the active one): ``、`` in
    Chinese (the enumeration comma of Taiwanese official writing), ``, `` in English. It is the
    catalogues' ``pgettext("list separator", ", ")``, so a new language sets its own."""
    with override(language or get_language()):
        return pgettext("list separator", ", ")


def join_list(items: Iterable[object], language: str | None = None) -> str:
    """``items`` (anything with a ``str``) as one list in ``language`` (default: the active one):
    ``韓國、日本`` in Chinese, ``Korea, Japan`` in English (:func:`list_separator`). Every list a
    reader or a clerk sees is joined here: public pages, admin columns, import messages, the
    statistics workbook."""
    return list_separator(language).join(str(item) for item in items)


def _is_wide(character: str) -> bool:
    """True for a character of a script written without spaces (Han, kana, Hangul, full-width
    forms): Unicode's East Asian Width ``W`` or ``F``."""
    return unicodedata.east_asian_width(character) in ("W", "F")


def separator_between(left: str, right: str, language: str | None = None) -> str:
    """What goes between two neighbouring parts of a designation in ``language`` (default: the
    active one). Chinese runs its parts together (美國在台協會孫曉雅處長); where both sides of the
    join are in a script written with spaces (a Latin name followed by a Latin title that fell back
    from English: ``John Smith`` + ``State Senator``), they are kept apart by ``, `` as English
    writes them, so that they are not read as one word. Outside Chinese: always ``, ``."""
    if not left or not right:
        return ""
    if not is_chinese(language or get_language()):
        return ", "
    return "" if _is_wide(left[-1]) or _is_wide(right[0]) else ", "


def run_together(parts: Iterable[str], language: str | None = None) -> str:
    """The non-empty ``parts`` (strings) joined as one designation in ``language`` (default: the
    active one), each join as :func:`separator_between` says: ``立陶宛交通及通訊部愛格涅政務次長``;
    ``美國John Smith, State Senator``; ``Agnė Vaičiukevičiūtė, Vice-Minister`` in English."""
    text = ""
    for part in (part for part in parts if part):
        text += separator_between(text, part, language) + part
    return text


def untranslated_fields(record, fields: Iterable[str], language: str) -> list[str]:
    """The names among ``fields`` (translated fields of ``record``, a model instance registered
    with django-modeltranslation) whose value shown in ``language`` is another language's: empty
    in ``language`` but written in a fallback one (:func:`shown_language`), e.g. ``["summary"]``
    for an engagement with a Chinese summary only, asked in ``"en"``. A field empty in every
    language is not listed (nothing is shown in its place)."""
    return [name for name in fields if shown_language(record, name, language) not in (language, None)]


# What ends a sentence, in the catalogues' two scripts.
SENTENCE_ENDS = "。．.！!？?"


def as_clause(messages: Iterable[object], language: str | None = None) -> str:
    """``messages`` (error messages, each a sentence) as one clause to set inside another
    sentence, in ``language`` (default: the active one): each without its closing full stop,
    joined by ``；`` in Chinese and ``; `` in English. So ``下列禮品未變更：X（%(reason)s）。`` reads
    ``（歸還日期不得早於出借日期）。``, never ``（…。）。``."""
    separator = "；" if is_chinese(language or get_language()) else "; "
    texts = (str(message).rstrip(SENTENCE_ENDS) for message in messages)
    return separator.join(text for text in texts if text)


def as_sentences(messages: Iterable[object], language: str | None = None) -> str:
    """``messages`` (error messages) as one text of sentences in ``language`` (default: the active
    one): each ends with its full stop (``。`` / ``.`` added where missing), run together in
    Chinese, a space apart in English."""
    chinese = is_chinese(language or get_language())
    texts = [str(message) for message in messages if str(message)]
    stop = "。" if chinese else "."
    texts = [text if text.endswith(tuple(SENTENCE_ENDS)) else text + stop for text in texts]
    return ("" if chinese else " ").join(texts)
