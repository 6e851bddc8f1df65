"""Template context shared by every page."""

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language


def home_city(request: HttpRequest) -> dict[str, str]:
    """Return ``home_city_name`` and ``office_name`` in the active language (from settings)."""
    language = get_language() or settings.LANGUAGE_CODE
    fallback = settings.LANGUAGE_CODE
    return {
        "home_city_name": settings.HOME_CITY.get(language) or settings.HOME_CITY[fallback],
        "office_name": settings.OFFICE.get(language) or settings.OFFICE[fallback],
    }
