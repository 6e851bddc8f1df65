"""Template tags of the admin: the date hierarchy in the admin's calendar, and dates written as
staff type them in the admin's language."""

from __future__ import annotations

import datetime
from urllib.parse import parse_qs, urlsplit

from django import template
from django.contrib.admin.templatetags.admin_list import date_hierarchy

from core.dates import DatePrecision, format_date_input, format_datetime_input

register = template.Library()


def _hierarchy_title(link: str, field: str, title: str) -> str:
    """The title of a date-hierarchy link as staff type the date in the active language
    (:func:`core.dates.format_date_input`), read from the link's own parameters: a year
    ``111年`` / ``2022``, a month ``111/12`` / ``2022-12``, a day ``111/12/20`` / ``2022-12-20``
    (Django writes ``2022年12月``, ``12月20日``, ``December 20``). A link without a valid date
    keeps Django's ``title``."""
    query = parse_qs(urlsplit(link).query)
    parts = [query.get(f"{field}__{part}", [""])[0] for part in ("year", "month", "day")]
    given = [part for part in parts if part]
    if not given or not all(part.isdigit() for part in given):
        return title
    precision = (DatePrecision.YEAR, DatePrecision.MONTH, DatePrecision.DAY)[len(given) - 1]
    try:
        day = datetime.date(*(int(part) for part in given), *([1] * (3 - len(given))))
    except ValueError:
        return title
    return format_date_input(day, precision)


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
    """Django's date hierarchy (``{% date_hierarchy cl %}``), its years, months and days
    written as staff type dates in the admin's language, as every date of the admin is
    (:func:`_hierarchy_title`): 111年, 111/12, 111/12/20 in Chinese; 2022, 2022-12,
    2022-12-20 in English."""
    context = date_hierarchy(cl) or {}
    if not context:
        return context
    field = cl.date_hierarchy
    for choice in context.get("choices", []):
        # A day, once chosen, is the one choice and has no link: its date is the list's own.
        link = choice.get("link") or cl.get_query_string()
        choice["title"] = _hierarchy_title(link, field, str(choice["title"]))
    back = context.get("back")
    if back:
        back["title"] = _hierarchy_title(back["link"], field, str(back["title"]))
    return context
