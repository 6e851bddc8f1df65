"""Template tags of the admin: the date hierarchy in the admin's calendar, and dates written as
staff type them in the admin's language."""

from __future__ import annotations

import datetime
from urllib.parse import parse_qs, urlsplit

from django import template
from django.contrib.admin.templatetags.admin_list import date_hierarchy
from django.utils.translation import get_language

from core.dates import DatePrecision, format_date_input, format_datetime_input, is_chinese, roc_year

register = template.Library()


def _roc_title(link: str, field: str, title: str) -> str:
    """The title of a date-hierarchy link in ROC years, read from the link's own parameters:
    ``2022`` → ``111年``, ``2022年12月`` → ``111年12月``; a day keeps Django's ``12月20日``."""
    query = parse_qs(urlsplit(link).query)
    year, month, day = (query.get(f"{field}__{part}", [None])[0] for part in ("year", "month", "day"))
    if not (year and year.isdigit()) or day:
        return title
    if month and month.isdigit():
        return f"{roc_year(int(year))}{int(month)}月"
    return roc_year(int(year))


@register.filter
def shown_date(value):
    """``{{ value|shown_date }}``: a date or date-time as staff type it in the active language, the
    form the admin's forms use: ``114/09/14`` and ``114/09/14 14:30`` (local time) in Chinese,
    ``2025-09-14`` and ``2025-09-14 14:30`` in English (:func:`core.dates.format_date_input`,
    :func:`core.dates.format_datetime_input`). Anything else is returned as it is."""
    if isinstance(value, datetime.datetime):
        return format_datetime_input(value)
    if isinstance(value, datetime.date):
        return format_date_input(value, DatePrecision.DAY)
    return value


@register.inclusion_tag("admin/date_hierarchy.html")
def roc_date_hierarchy(cl) -> dict:
    """Django's date hierarchy (``{% date_hierarchy cl %}``), its years and months written in
    ROC years when the admin is in Chinese (111年, 111年12月), as staff write them."""
    context = date_hierarchy(cl) or {}
    if not context or not is_chinese(get_language()):
        return context
    field = cl.date_hierarchy
    for choice in context.get("choices", []):
        choice["title"] = _roc_title(choice["link"], field, str(choice["title"]))
    back = context.get("back")
    if back:
        back["title"] = _roc_title(back["link"], field, str(back["title"]))
    return context
