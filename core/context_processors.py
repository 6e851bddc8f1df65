"""Template context shared by every page."""

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language

from .dates import is_chinese


def home_city_names(language: str | None = None) -> dict[str, str]:
    """``home_city_name`` and ``office_name`` in ``language`` (default: the active one), from
    ``settings.HOME_CITY`` and ``settings.OFFICE``, falling back to ``LANGUAGE_CODE``."""
    language = language or get_language() or settings.LANGUAGE_CODE
    fallback = settings.LANGUAGE_CODE
    return {
        "home_city_name": settings.HOME_CITY.get(language) or settings.HOME_CITY[fallback],
        "office_name": settings.OFFICE.get(language) or settings.OFFICE[fallback],
    }


def home_city(request: HttpRequest) -> dict[str, str]:
    """Context processor: :func:`home_city_names` in the request's language."""
    return home_city_names()


def admin_site_header() -> str:
    """The back office's header: the home city and its office, in the active language
    (高雄市 行政暨國際處 / Kaohsiung City · Bureau of ...), instead of "Django administration"."""
    names = home_city_names()
    separator = " " if is_chinese(get_language()) else " · "
    return f"{names['home_city_name']}{separator}{names['office_name']}"
