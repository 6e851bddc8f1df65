"""Dates as the office writes them: ROC (Minguo) years for Chinese, Gregorian for English.

Rules:
- ROC year = Gregorian year − 1911; 1912 is 民國元年 (the first year), 1911 is 民國前1年
  (Republic of China calendar; the 民國紀元 convention of Taiwan's official documents).
- The source chapter writes single dates as ``111年8月16日``, ranges as ``111年8月16日至8月28日``
  (the year is not repeated inside one year) and half-years as ``111年7月至12月``.
- A date can be known only to the month, the half-year or the year (:class:`DatePrecision`);
  it is stored as the first day of that period and shown only to that precision.
"""

from __future__ import annotations

import calendar
import datetime
import re
import unicodedata
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

ROC_EPOCH_OFFSET = 1911  # Gregorian year - 1911 = ROC year


class DatePrecision(models.TextChoices):
    """How much of a stored date is known. The stored date is the first day of the period."""

    DAY = "day", _("day")
    MONTH = "month", _("month")
    HALF_YEAR = "half_year", _("half-year")
    YEAR = "year", _("year")


def truncate(value: datetime.date, precision: str) -> datetime.date:
    """Return the first day of the period of ``precision`` that contains ``value``.

    ``truncate(date(2022, 8, 16), "month") == date(2022, 8, 1)``; ``"half_year"`` gives 1 January
    or 1 July. Raises ``ValueError`` for an unknown precision.
    """
    if precision == DatePrecision.DAY:
        return value
    if precision == DatePrecision.MONTH:
        return value.replace(day=1)
    if precision == DatePrecision.HALF_YEAR:
        return value.replace(month=1 if value.month <= 6 else 7, day=1)
    if precision == DatePrecision.YEAR:
        return value.replace(month=1, day=1)
    raise ValueError(f"unknown date precision {precision!r}")


def last_day(value: datetime.date, precision: str) -> datetime.date:
    """Return the last day of the period of ``precision`` that starts at or contains ``value``."""
    start = truncate(value, precision)
    if precision == DatePrecision.DAY:
        return start
    if precision == DatePrecision.MONTH:
        return start.replace(day=calendar.monthrange(start.year, start.month)[1])
    if precision == DatePrecision.HALF_YEAR:
        return datetime.date(start.year, 6, 30) if start.month == 1 else datetime.date(
            start.year, 12, 31
        )
    return datetime.date(start.year, 12, 31)


@dataclass(frozen=True, order=True)
class HalfYear:
    """A reporting half-year such as ``2022H2`` (1 July – 31 December 2022, ROC 111年7月至12月).

    The office reports twice a year; ``half`` is 1 (January–June) or 2 (July–December).
    """

    year: int
    half: int

    PATTERN = re.compile(r"^\s*(\d{4})\s*[Hh]\s*([12])\s*$")

    def __post_init__(self) -> None:
        if self.half not in (1, 2):
            raise ValueError(f"half must be 1 or 2, not {self.half!r}")
        if not 1 <= self.year <= 9999:
            raise ValueError(f"year {self.year} is out of range")

    @classmethod
    def parse(cls, text: str) -> HalfYear:
        """Parse ``"2022H2"`` (case and spaces ignored: ``2022h2`` too) into ``HalfYear(2022, 2)``.
        The one parser of half-years: the ``export_report`` command and the admin report page
        (:class:`core.forms.HalfYearField`) accept the same texts.

        Raises ``ValueError`` with a message in the active language naming the expected form for
        anything else (``2022H3``, ``111H2``, ``0000H1``, ``""``).
        """
        match = cls.PATTERN.match(text or "")
        if not match or match.group(1) == "0000":
            raise ValueError(gettext("“%(text)s” is not a half-year: write it like 2022H2 or 2023H1.")
                             % {"text": text or ""})
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def containing(cls, value: datetime.date) -> HalfYear:
        """Return the half-year that contains the date ``value``."""
        return cls(value.year, 1 if value.month <= 6 else 2)

    @property
    def start(self) -> datetime.date:
        """First day, 1 January or 1 July."""
        return datetime.date(self.year, 1 if self.half == 1 else 7, 1)

    @property
    def end(self) -> datetime.date:
        """Last day, 30 June or 31 December."""
        return datetime.date(self.year, 6, 30) if self.half == 1 else datetime.date(self.year, 12, 31)

    def previous(self) -> HalfYear:
        """The half-year before this one."""
        return HalfYear(self.year, 2) if self.half == 2 else HalfYear(self.year - 1, 2)

    def next(self) -> HalfYear:
        """The half-year after this one."""
        return HalfYear(self.year, 2) if self.half == 1 else HalfYear(self.year + 1, 1)

    def label(self, language: str) -> str:
        """``111年7月至12月`` in Chinese, ``July–December 2022`` in English."""
        return format_date_range(self.start, self.end, DatePrecision.MONTH, language)

    def __str__(self) -> str:
        return f"{self.year}H{self.half}"


def is_chinese(language: str | None) -> bool:
    """True for any Chinese language code (``zh-hant``, ``zh-tw``, ``zh_Hant``...)."""
    return bool(language) and language.lower().startswith("zh")


def roc_year(year: int, *, prefix: bool = False) -> str:
    """Format a Gregorian year as an ROC year: ``111年``, or ``民國111年`` with ``prefix``.

    1912 is ``民國元年`` and years before it ``民國前N年``; those always carry ``民國``, since
    ``元年`` or ``前1年`` alone would not be understood.
    """
    number = year - ROC_EPOCH_OFFSET
    if number == 1:
        return "民國元年"
    if number <= 0:
        return f"民國前{1 - number}年"
    return f"民國{number}年" if prefix else f"{number}年"


def _english_day(value: datetime.date) -> str:
    return f"{value.day} {calendar.month_name[value.month]} {value.year}"


def format_date(value: datetime.date, precision: str = DatePrecision.DAY, language: str = "zh-hant",
                *, prefix: bool = False) -> str:
    """Format one date to its precision in ``language``.

    Chinese: ``111年8月16日``, ``111年8月``, ``111年下半年``, ``111年``; English: ``16 August 2022``,
    ``August 2022``, ``second half of 2022``, ``2022``. ``prefix`` adds ``民國`` to the year.
    """
    year = value.year
    half_first = value.month <= 6
    if is_chinese(language):
        head = roc_year(year, prefix=prefix)
        if precision == DatePrecision.DAY:
            return f"{head}{value.month}月{value.day}日"
        if precision == DatePrecision.MONTH:
            return f"{head}{value.month}月"
        if precision == DatePrecision.HALF_YEAR:
            return f"{head}{'上' if half_first else '下'}半年"
        return head
    if precision == DatePrecision.DAY:
        return _english_day(value)
    if precision == DatePrecision.MONTH:
        return f"{calendar.month_name[value.month]} {year}"
    if precision == DatePrecision.HALF_YEAR:
        return f"{'first' if half_first else 'second'} half of {year}"
    return str(year)


def format_date_range(start: datetime.date, end: datetime.date | None,
                      precision: str = DatePrecision.DAY, language: str = "zh-hant",
                      *, prefix: bool = False) -> str:
    """Format a range in the source's style; an open end reads "from".

    Chinese: ``111年8月16日至8月28日``, ``110年1月至111年4月``, ``111年5月起``.
    English: ``16–28 August 2022``, ``16 August – 2 September 2022``, ``July–December 2022``,
    ``from May 2022``. A range whose end equals its start is formatted as one date.
    """
    chinese = is_chinese(language)
    if end is None:
        text = format_date(start, precision, language, prefix=prefix)
        return f"{text}起" if chinese else f"from {text}"
    if end == start or precision in (DatePrecision.HALF_YEAR, DatePrecision.YEAR) and (
        truncate(start, precision) == truncate(end, precision)
    ):
        return format_date(start, precision, language, prefix=prefix)
    if precision in (DatePrecision.HALF_YEAR, DatePrecision.YEAR):
        return (f"{format_date(start, precision, language, prefix=prefix)}"
                f"{'至' if chinese else ' – '}{format_date(end, precision, language, prefix=prefix)}")
    if chinese:
        first = format_date(start, precision, language, prefix=prefix)
        if start.year != end.year:
            return f"{first}至{format_date(end, precision, language, prefix=prefix)}"
        if precision == DatePrecision.MONTH:
            return f"{first}至{end.month}月"
        return f"{first}至{end.month}月{end.day}日"
    month = calendar.month_name
    if precision == DatePrecision.MONTH:
        if start.year == end.year:
            return f"{month[start.month]}–{month[end.month]} {end.year}"
        return f"{month[start.month]} {start.year} – {month[end.month]} {end.year}"
    if start.year == end.year and start.month == end.month:
        return f"{start.day}–{end.day} {month[end.month]} {end.year}"
    if start.year == end.year:
        return f"{start.day} {month[start.month]} – {end.day} {month[end.month]} {end.year}"
    return f"{_english_day(start)} – {_english_day(end)}"


# Forms parse_date() accepts. Digits may be full-width (NFKC folds them); separators "/", "-", ".".
_GREGORIAN_NUMERIC = re.compile(r"^(\d{4})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})$")
_ROC_NUMERIC = re.compile(r"^(民國)?\s*(前)?\s*(\d{1,3})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})$")
_CHINESE = re.compile(
    r"^(民國)?\s*(前)?\s*(元|\d{1,4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日號号]$"
)


def parse_date(text: str) -> datetime.date:
    """Parse a date a clerk typed or a spreadsheet holds into a ``datetime.date``.

    Accepted (spaces and full-width digits ignored):

    - ISO and Gregorian numeric: ``2022-08-16``, ``2022/8/16``, ``2022.8.16``;
    - ROC numeric (1–3 digit year): ``111/08/16``, ``111.8.16``, ``111-8-16``, ``民國111/8/16``;
    - Chinese: ``111年8月16日``, ``民國111年8月16日``, ``民國元年1月1日`` (1912),
      ``民國前1年1月1日`` (1911), and a four-digit Gregorian ``2022年8月16日``.

    ROC year N is Gregorian N + 1911; 民國前N年 is 1912 − N (see the module docstring).
    Raises ``ValueError`` with a message naming the input and the problem when the text is in
    none of these forms or names a day that does not exist (``112/02/29``: 2023 is not a leap
    year). Never guesses.
    """
    raw = text
    text = unicodedata.normalize("NFKC", text or "").strip()
    if not text:
        raise ValueError(gettext("No date given."))
    year = month = day = None
    match = _GREGORIAN_NUMERIC.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        match = _ROC_NUMERIC.match(text) or _CHINESE.match(text)
        if match:
            minguo, before, number, month, day = match.groups()
            month, day = int(month), int(day)
            if number == "元":
                if before:
                    raise ValueError(gettext("“%(text)s”: 民國前元年 is not a year.") % {"text": raw})
                year = ROC_EPOCH_OFFSET + 1
            elif len(number) == 4 and not (minguo or before):
                year = int(number)  # 2022年8月16日: a Gregorian year written the Chinese way
            else:
                n = int(number)
                if n == 0:
                    raise ValueError(gettext(
                        "“%(text)s”: there is no ROC year 0 (民國元年 is 1912)."
                    ) % {"text": raw})
                year = ROC_EPOCH_OFFSET + 1 - n if before else ROC_EPOCH_OFFSET + n
    if year is None:
        raise ValueError(gettext(
            "“%(text)s” is not a date: write it like 2022-08-16, 111/08/16 or 111年8月16日."
        ) % {"text": raw})
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise ValueError(gettext(
            "“%(text)s” is not a real day: %(year)d has no %(month)d/%(day)d."
        ) % {"text": raw, "year": year, "month": month, "day": day}) from None


def format_anniversary(number: int, year: int, language: str = "zh-hant") -> str:
    """Name the ``number``-th anniversary of a partnership falling in ``year`` (Gregorian):
    ``111年締盟40周年`` in Chinese (the source's 締盟N周年), ``40th anniversary in 2022`` in English.
    """
    if is_chinese(language):
        return f"{roc_year(year)}締盟{number}周年"
    from django.contrib.humanize.templatetags.humanize import ordinal
    from django.utils.translation import override

    with override("en"):
        return f"{ordinal(number)} anniversary in {year}"




def _folded(text: str) -> str:
    """``text`` with full-width forms folded (NFKC) and white space removed, for Chinese."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def mentions_date(text: str, value: datetime.date, precision: str = DatePrecision.DAY,
                  language: str = "zh-hant") -> bool:
    """True when ``text`` (str) already gives the date ``value`` (a ``datetime.date``) known to
    ``precision``, so a paragraph built from it needs no date in front.

    Chinese (full-width digits and spaces ignored): the date as :func:`format_date` writes it,
    with or without 民國, or with the Gregorian year (``2022年8月9日``); a day also without its
    year (``於8月9日``); a half-year also as its months (``111年7月至12月``). English (case
    ignored): ``9 August 2022``, ``August 9, 2022``, ``9 August``, ``2022-08-09``; a month as
    ``August 2022``; a half-year as ``second half of 2022`` or ``July–December 2022``; a year as
    ``2022``. A number is never read inside a longer one (``11月9日`` does not give 1 January 9).

    The source chapter places the date anywhere in a paragraph (``…於111年8月16日至8月28日於…``,
    ``本市姊妹市貝里斯市於111年11月因颶風…``), so a summary written as the chapter prints it
    keeps its own date. Raises ``ValueError`` for an unknown precision.
    """
    if precision not in DatePrecision.values:
        raise ValueError(f"unknown date precision {precision!r}")
    value = truncate(value, precision)
    if is_chinese(language):
        text = _folded(text)
        years = [roc_year(value.year), f"{value.year}年"]
        if precision == DatePrecision.DAY:
            forms = [f"{year}{value.month}月{value.day}日" for year in years]
            forms.append(f"{value.month}月{value.day}日")
        elif precision == DatePrecision.MONTH:
            forms = [f"{year}{value.month}月" for year in years]
        elif precision == DatePrecision.HALF_YEAR:
            months = "1月至6月" if value.month <= 6 else "7月至12月"
            half = "上半年" if value.month <= 6 else "下半年"
            forms = [f"{year}{part}" for year in years for part in (half, months)]
        else:
            forms = years
        return any(re.search(rf"(?<![\d前年]){re.escape(form)}", text) for form in forms)
    text = unicodedata.normalize("NFKC", text or "")
    month = calendar.month_name[value.month]
    year = value.year
    if precision == DatePrecision.DAY:
        day = value.day
        patterns = [rf"\b{day}(?:\s*[–-]\s*\d{{1,2}})?\s+{month},?\s+{year}\b",
                    rf"\b{month}\s+{day},?\s+{year}\b",
                    rf"\b{day}\s+{month}\b(?!,?\s+\d)", rf"\b{month}\s+{day}\b(?!,?\s+\d)",
                    rf"\b{value.isoformat()}\b"]
    elif precision == DatePrecision.MONTH:
        patterns = [rf"\b{month},?\s+{year}\b", rf"\b{value:%Y-%m}\b"]
    elif precision == DatePrecision.HALF_YEAR:
        first, last = ("January", "June") if value.month <= 6 else ("July", "December")
        patterns = [rf"\b{'first' if value.month <= 6 else 'second'}\s+half\s+of\s+{year}\b",
                    rf"\b{first}\s*[–-]\s*{last},?\s+{year}\b"]
    else:
        patterns = [rf"(?<![\d-]){year}(?![\d-])"]
    return any(re.search(pattern, text, re.IGNORECASE) for pattern in patterns)


def format_age(years: int, language: str = "zh-hant") -> str:
    """A partnership's age in whole years (an int, 0 or more) as a reader sees it: ``33年`` /
    ``33 years``, ``1年`` / ``1 year``, and for one not a year old ``未滿1年`` / ``under a year``
    (never 「0年」). Raises ``ValueError`` for a negative age."""
    if years < 0:
        raise ValueError(f"an age cannot be negative, not {years}")
    if is_chinese(language):
        return "未滿1年" if years == 0 else f"{years}年"
    if years == 0:
        return "under a year"
    return f"{years} year" if years == 1 else f"{years} years"
