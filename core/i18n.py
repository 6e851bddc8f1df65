"""Language helpers: which language a translated field is actually shown in, and lists joined
as each language joins them.

django-modeltranslation falls back to the other language when a field is not translated
(``MODELTRANSLATION_FALLBACK_LANGUAGES``); the page must then mark that text with its own
``lang`` so screen readers pronounce it right (WCAG 2.1, 3.1.2 "Language of Parts").
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.utils.translation import get_language, override, pgettext
from modeltranslation.utils import build_localized_fieldname


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
