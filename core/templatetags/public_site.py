"""Template tags and filters of the public site: dates and ages as the office writes them, the
language a translated field is shown in, lists joined as each language joins them, choices by
their public labels, and the same page in the other languages.

Dates are formatted only by :mod:`core.dates`; these tags choose the active language and
wrap the text in ``<time>``.
"""

from __future__ import annotations

import datetime

from django import template
from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language, get_language_info

from core.dates import (
    DatePrecision,
    format_age,
    format_anniversary,
    format_date,
    format_date_range,
    is_chinese,
    last_day,
)
from core.i18n import join_list, list_separator, separator_between, shown_language
from core.languages import name_language
from core.models import public_choice_label

register = template.Library()

_ISO_FORMATS = {
    DatePrecision.DAY: "%Y-%m-%d",
    DatePrecision.MONTH: "%Y-%m",
    DatePrecision.HALF_YEAR: "%Y",
    DatePrecision.YEAR: "%Y",
}


def _machine_date(value: datetime.date, precision: str) -> str:
    """The ``datetime`` attribute of ``<time>`` to the date's precision (HTML "valid date string",
    "valid month string" or "valid year string")."""
    return value.strftime(_ISO_FORMATS.get(precision, "%Y-%m-%d"))


@register.simple_tag
def dates_of(record) -> SafeString:
    """``<time>`` with a dated record's dates in the active language, e.g.
    ``<time datetime="2022-08-16">111年8月16日至8月28日</time>``. ``record`` is any
    :class:`core.models.DatedModel`."""
    return format_html(
        '<time datetime="{}">{}</time>',
        _machine_date(record.start_date, record.date_precision), record.date_display(),
    )


@register.simple_tag
def date_at(value: datetime.date | None, precision: str = DatePrecision.DAY) -> SafeString:
    """``<time>`` with one date (a ``datetime.date``) shown only to ``precision``; empty for
    ``None``."""
    if value is None:
        return SafeString("")
    return format_html('<time datetime="{}">{}</time>', _machine_date(value, precision),
                       format_date(value, precision, get_language()))


@register.simple_tag
def anniversary(number: int, year: int) -> str:
    """The ``number``-th anniversary in ``year``: ``111年締盟40周年`` / ``40th anniversary in 2022``."""
    return format_anniversary(number, year, get_language())


@register.filter
def year_label(year: int) -> str:
    """A year archive's name: ``民國111年`` in Chinese, ``2022`` in English."""
    return format_date(datetime.date(int(year), 1, 1), DatePrecision.YEAR, get_language(),
                       prefix=True)


@register.filter
def month_label(value: datetime.date) -> str:
    """A month archive's name: ``民國111年8月`` in Chinese, ``August 2022`` in English."""
    return format_date(value, DatePrecision.MONTH, get_language(), prefix=True)


@register.filter
def period_label(value: datetime.date, precision: str) -> str:
    """The whole period of ``precision`` starting at ``value``: ``111年7月至12月`` for a half-year."""
    if precision == DatePrecision.HALF_YEAR:
        return format_date_range(value, last_day(value, precision), DatePrecision.MONTH,
                                 get_language())
    return format_date(value, precision, get_language())


@register.simple_tag
def lang_attr(record, field: str) -> SafeString:
    """`` lang="en"`` when ``record.<field>`` is shown in a language other than the page's
    (modeltranslation fell back to it), else nothing. Use inside the element's start tag."""
    language = shown_language(record, field)
    if language and language != get_language():
        return format_html(' lang="{}"', html_language(language))
    return SafeString("")


def _country_code(country) -> str:
    """The ISO 3166-1 code of ``country``: a string as given, an object's ``iso_code``, or for
    a nation within a state that has none (Scotland) its ``parent``'s; ``""`` when unknown."""
    if country is None or isinstance(country, str):
        return country or ""
    if code := getattr(country, "iso_code", ""):
        return code
    parent = getattr(country, "parent", None) if getattr(country, "parent_id", None) else None
    return _country_code(parent) if parent is not None else ""


@register.simple_tag
def name_lang(name: str, country=None) -> SafeString:
    """`` lang="ko"`` for an element showing ``name`` (a name kept in its own script or spelling:
    a city's native name, a person's original name, an item's native name) when the name is in
    another language than the page's, else nothing; use inside the start tag. The language is
    :func:`core.languages.name_language` of the name and ``country`` (the country it belongs to:
    a :class:`cities.models.Country`-like object with ``iso_code`` and ``parent``, an ISO 3166-1
    code, or ``None``). Every public template marks such names with this one tag."""
    language = name_language(str(name or ""), _country_code(country))
    if language and language.split("-")[0].lower() != get_language().split("-")[0].lower():
        return format_html(' lang="{}"', language)
    return SafeString("")


@register.filter
def join_names(values) -> str:
    """Join names as each language lists them: ``韓國、日本`` in Chinese, ``Korea, Japan`` in
    English (:func:`core.i18n.join_list`)."""
    return join_list(values)


@register.simple_tag(name="list_separator")
def list_separator_tag() -> str:
    """The separator between the items of a list in the active language (``、`` / ``, ``), for
    lists whose items are marked up one by one (links)."""
    return list_separator()


@register.filter
def public_label(record, field: str) -> str:
    """``record.<field>`` (a field with choices) by its public label: ``交流協定``, not the
    admin's 「其他協議（合作備忘錄、交流協定）」; ``""`` for a choice not shown publicly
    (:func:`core.models.public_choice_label`)."""
    return public_choice_label(record, field)


@register.filter
def age_label(years: int | None) -> str:
    """A partnership's age (whole years, or ``None`` when unknown) in the active language:
    ``33年``, ``未滿1年`` / ``33 years``, ``under a year`` (:func:`core.dates.format_age`);
    ``""`` for ``None``."""
    return "" if years is None else format_age(years, get_language())


@register.simple_tag
def participant_role(participation) -> SafeString:
    """What a participant was at the engagement, as the page's language writes it: organisation
    then title in Chinese (``立陶宛交通及通訊部政務次長``, as :meth:`visits.models.Participation.
    designation` orders them and joined as :func:`core.i18n.separator_between` says), "title,
    organisation" in English; each part in a ``<span>`` with its own ``lang`` where it fell back
    to another language. Empty when neither is recorded."""
    parts = []
    for field in ("organisation", "title") if is_chinese(get_language()) else ("title", "organisation"):
        if value := getattr(participation, field):
            parts.append((value, lang_attr(participation, field)))
    if not parts:
        return SafeString("")
    html, previous = SafeString(""), ""
    for value, attribute in parts:
        html += format_html("{}<span{}>{}</span>", separator_between(previous, value), attribute, value)
        previous = value
    return html


@register.filter
def html_language(code: str) -> str:
    """A Django language code as a BCP 47 tag for ``lang`` and ``hreflang`` (``zh-Hant``)."""
    if "-" in code:
        head, tail = code.split("-", 1)
        return f"{head}-{tail.title()}" if len(tail) == 4 else f"{head}-{tail.upper()}"
    return code


@register.simple_tag(takes_context=True)
def language_alternates(context) -> list[dict[str, str | bool]]:
    """This page in every language of ``settings.LANGUAGES``, as dicts with ``code``, ``tag``
    (BCP 47), ``name`` (in that language), ``url`` (path and query), ``absolute_url`` and
    ``current``. Used by the language switcher and the ``hreflang`` links."""
    request: HttpRequest | None = context.get("request")
    if request is None:
        return []
    current = get_language()
    query = request.META.get("QUERY_STRING", "")
    alternates = []
    for code, _name in settings.LANGUAGES:
        path = translate_url(request.path, code)
        url = f"{path}?{query}" if query else path
        alternates.append({
            "code": code, "tag": html_language(code), "name": get_language_info(code)["name_local"],
            "url": url, "absolute_url": request.build_absolute_uri(url), "current": code == current,
        })
    return alternates


@register.simple_tag(takes_context=True)
def language_neutral_url(context) -> str:
    """This page's absolute address without the language prefix (``/cities/busan/``), which
    redirects each reader to their language (``LocaleMiddleware``, from ``Accept-Language``):
    the ``hreflang="x-default"`` alternate (Google Search Central, "Localized versions of your
    pages"). The sitemap names the same address. Empty without a request."""
    request: HttpRequest | None = context.get("request")
    if request is None:
        return ""
    path, prefix = request.path, f"/{get_language()}/"
    if path.startswith(prefix):
        path = "/" + path[len(prefix):]
    query = request.META.get("QUERY_STRING", "")
    return request.build_absolute_uri(f"{path}?{query}" if query else path)
