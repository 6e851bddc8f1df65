"""Which language a translated field is actually shown in.

django-modeltranslation falls back to the other language when a field is not translated
(``MODELTRANSLATION_FALLBACK_LANGUAGES``); the page must then mark that text with its own
``lang`` so screen readers pronounce it right (WCAG 2.1, 3.1.2 "Language of Parts").
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import get_language
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
