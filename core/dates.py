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
from django.utils.translation import get_language, gettext
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
        return HalfYear(self.year, 1) if self.half == 2 else HalfYear(self.year - 1, 2)

    def next(self) -> HalfYear:
        """The half-year after this one."""
        return HalfYear(self.year, 2) if self.half == 1 else HalfYear(self.year + 1, 1)

    def label(self, language: str) -> str:
        """``111年7月至12月`` in Chinese, ``July–December 2022`` in English."""
        return format_date_range(self.start, self.end, DatePrecision.MONTH, language)

    def short_label(self, language: str) -> str:
        """``111年下半年`` in Chinese, ``2022 H2`` in English: for a chart's axis."""
        if is_chinese(language):
            return format_date(self.start, DatePrecision.HALF_YEAR, language)
        return f"{self.year} H{self.half}"

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


def format_decade(start: int, language: str = "zh-hant") -> str:
    """Name the decade of Gregorian years ``start`` to ``start + 9`` (``start`` an int, e.g.
    1980): ``民國69年至78年`` in Chinese (ROC years, by :func:`roc_year`), ``1980s`` in English."""
    if is_chinese(language):
        return f"{roc_year(start, prefix=True)}至{roc_year(start + 9)}"
    return f"{start}s"


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


# Forms parse_dated() accepts, after NFKC (full-width digits and brackets become ASCII), with
# white space removed and an era prefix and a weekday taken off (see parse_dated()).
_NUMERIC = re.compile(r"^(前)?(\d{1,4})[/.\-](\d{1,2})(?:[/.\-](\d{1,2}))?$")
_CHINESE = re.compile(r"^(前)?(元|\d{1,4})年(?:(\d{1,2})月(?:(\d{1,2})[日號号])?|([上下])半年)?$")
_HALF_YEAR = re.compile(r"^(\d{4})[Hh]([12])$")
_WEEKDAY = re.compile(r"\((?:星期|禮拜|礼拜|週|周)?([一二三四五六日天])\)$|\(([A-Za-z]{3})[A-Za-z]*\.?\)$")
_CHINESE_WEEKDAYS = "一二三四五六日"
_ENGLISH_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# Precisions from the finest to the coarsest.
_FINENESS = (DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.HALF_YEAR, DatePrecision.YEAR)


@dataclass(frozen=True)
class ParsedDate:
    """A date as typed: ``date`` (the first day of its period) and ``precision`` (a
    :class:`DatePrecision` value: how much of it was typed)."""

    date: datetime.date
    precision: str


def _not_a_date(raw: str) -> ValueError:
    return ValueError(gettext(
        "“%(text)s” is not a date: write it like 2022-08-16, 111/08/16, 111年8月16日 or 111年8月."
    ) % {"text": raw})


def _weekday(text: str, raw: str) -> tuple[str, int | None]:
    """``text`` without a trailing weekday such as ``（日）``, ``(星期日)`` or ``(Sun)``, and that
    weekday (0 = Monday), or ``None`` without one."""
    match = _WEEKDAY.search(text)
    if not match:
        return text, None
    chinese, english = match.groups()
    if chinese:
        weekday = 6 if chinese == "天" else _CHINESE_WEEKDAYS.index(chinese)
    elif english.casefold() in _ENGLISH_WEEKDAYS:
        weekday = _ENGLISH_WEEKDAYS.index(english.casefold())
    else:
        raise _not_a_date(raw)
    return text[:match.start()], weekday


def _year(number: str, *, roc: bool | None, before: bool, raw: str) -> int:
    """The Gregorian year of the year part ``number`` (digits or ``元``): an ROC year unless it
    has four digits and no ROC prefix (``roc`` is True after 民國, False after 西元)."""
    if number == "元":
        if before:
            raise ValueError(gettext("“%(text)s”: 民國前元年 is not a year.") % {"text": raw})
        return ROC_EPOCH_OFFSET + 1
    if roc is False or (len(number) == 4 and not roc and not before):
        return int(number)
    n = int(number)
    if n == 0:
        raise ValueError(gettext("“%(text)s”: there is no ROC year 0 (民國元年 is 1912).") % {"text": raw})
    return ROC_EPOCH_OFFSET + 1 - n if before else ROC_EPOCH_OFFSET + n


def parse_dated(text: str) -> ParsedDate:
    """Parse a date as a clerk types it or a spreadsheet holds it, to the precision typed.

    Accepted (white space, full-width digits and brackets ignored):

    - ISO and Gregorian numeric: ``2025-09-14``, ``2025/9/14``, ``2025.9.14``, ``20250914``; a
      month ``2025-07``; a half-year ``2025H2``; a year ``2025`` or ``2025年``; ``西元2025年9月14日``;
    - ROC numeric (1–3 digit year): ``114/9/14``, ``114.09.14``, ``114-9-14``, a month
      ``114/07``; seven digits, the year padded to three (government systems): ``1140914``,
      ``0991231``;
    - Chinese, with or without ``中華民國`` / ``民國``: ``114年9月14日`` (or ``號``), ``114年7月``,
      ``114年下半年``, ``114年``, ``民國元年1月1日`` (1912), ``民國前1年`` (1911);
    - any of the day forms followed by its weekday, which must be right: ``114/9/14（日）``,
      ``(星期日)``, ``(週日)``, ``(Sun)``.

    ROC year N is Gregorian N + 1911; 民國前N年 is 1912 − N (see the module docstring). Returns a
    :class:`ParsedDate`: the first day of the period typed and its :class:`DatePrecision`
    (``114年7月`` gives 2025-07-01, month). Raises ``ValueError`` with a message in the active
    language naming the input and the problem for anything else: a form not listed (six digits
    are ambiguous), a day that does not exist (``112/02/29``), a wrong weekday. Never guesses.
    """
    raw = text
    text = "".join(unicodedata.normalize("NFKC", text or "").split())
    if not text:
        raise ValueError(gettext("No date given."))
    roc: bool | None = None
    for prefix, is_roc in (("中華民國", True), ("民國", True), ("西元", False), ("公元", False)):
        if text.startswith(prefix):
            text, roc = text[len(prefix):], is_roc
            break
    text, weekday = _weekday(text, raw)
    month = day = None
    precision = DatePrecision.DAY
    if text.isdigit() and len(text) in (7, 8) and roc is None:
        cut = len(text) - 4
        year = int(text[:cut]) + (ROC_EPOCH_OFFSET if cut == 3 else 0)
        if cut == 3 and year == ROC_EPOCH_OFFSET:
            raise ValueError(gettext("“%(text)s”: there is no ROC year 0 (民國元年 is 1912).")
                             % {"text": raw})
        month, day = int(text[cut:cut + 2]), int(text[cut + 2:])
    elif text.isdigit() and len(text) in (5, 6):
        raise ValueError(gettext(
            "“%(text)s” is ambiguous: write an ROC date with seven digits (0990101, 1140914) or "
            "with slashes (99/1/1)."
        ) % {"text": raw})
    elif text.isdigit() and len(text) == 4 and roc is None:
        year, precision = int(text), DatePrecision.YEAR
    elif match := _HALF_YEAR.match(text):
        year, precision = int(match.group(1)), DatePrecision.HALF_YEAR
        month = 1 if match.group(2) == "1" else 7
    elif match := _NUMERIC.match(text):
        before, number, first, second = match.groups()
        year = _year(number, roc=roc, before=bool(before), raw=raw)
        if second is None:
            month, precision = int(first), DatePrecision.MONTH
        else:
            month, day = int(first), int(second)
    elif match := _CHINESE.match(text):
        before, number, month_text, day_text, half = match.groups()
        year = _year(number, roc=roc, before=bool(before), raw=raw)
        if half:
            month, precision = 1 if half == "上" else 7, DatePrecision.HALF_YEAR
        elif month_text is None:
            precision = DatePrecision.YEAR
        elif day_text is None:
            month, precision = int(month_text), DatePrecision.MONTH
        else:
            month, day = int(month_text), int(day_text)
    else:
        raise _not_a_date(raw)
    if not 1 <= year <= 9999:
        raise ValueError(gettext("“%(text)s”: the year %(year)d is out of range.")
                         % {"text": raw, "year": year})
    try:
        value = datetime.date(year, month or 1, day or 1)
    except ValueError:
        if day is None:
            raise ValueError(gettext("“%(text)s”: there is no month %(month)d.") % {
                "text": raw, "month": month}) from None
        raise ValueError(gettext(
            "“%(text)s” is not a real day: %(year)d has no %(month)d/%(day)d."
        ) % {"text": raw, "year": year, "month": month, "day": day}) from None
    if weekday is not None:
        from django.utils.dates import WEEKDAYS

        if precision != DatePrecision.DAY:
            raise ValueError(gettext("“%(text)s”: a weekday goes with a day, not a month or a year.") % {
                "text": raw})
        if value.weekday() != weekday:
            raise ValueError(gettext("“%(text)s”: %(date)s is a %(actual)s, not a %(typed)s.") % {
                "text": raw, "date": format_date(value, DatePrecision.DAY, get_language()),
                "actual": WEEKDAYS[value.weekday()], "typed": WEEKDAYS[weekday]})
    return ParsedDate(value, precision)


def parse_date(text: str) -> datetime.date:
    """Parse a day: any day form :func:`parse_dated` accepts (``2022-08-16``, ``111/08/16``,
    ``111年8月16日``, ``1110816``...), to a ``datetime.date``. Raises ``ValueError`` as
    :func:`parse_dated` does, and for a month, half-year or year (``111年8月``), which names no
    one day."""
    parsed = parse_dated(text)
    if parsed.precision != DatePrecision.DAY:
        raise ValueError(gettext("“%(text)s” is not a date: it names a %(precision)s, not a day.") % {
            "text": text, "precision": DatePrecision(parsed.precision).label})
    return parsed.date


def format_date_input(value: datetime.date, precision: str = DatePrecision.DAY,
                      language: str | None = None) -> str:
    """Write ``value`` (a date) to ``precision`` as staff type it in ``language`` (default the
    active one), in a form :func:`parse_dated` reads back to the same date and precision.

    Chinese: ``114/09/14``, ``114/07``, ``114年下半年``, ``114年``; before 1912, which numeric ROC
    cannot write, the Chinese form (``民國前1年1月1日``). English: ``2025-09-14``, ``2025-07``,
    ``2025H2``, ``2025``."""
    language = language or get_language()
    value = truncate(value, precision)
    if is_chinese(language):
        number = value.year - ROC_EPOCH_OFFSET
        if precision == DatePrecision.HALF_YEAR:
            return f"{roc_year(value.year)}{'上' if value.month <= 6 else '下'}半年"
        if precision == DatePrecision.YEAR:
            return roc_year(value.year)
        if number < 1:
            return format_date(value, precision, language)
        if precision == DatePrecision.MONTH:
            return f"{number}/{value.month:02d}"
        return f"{number}/{value.month:02d}/{value.day:02d}"
    if precision == DatePrecision.HALF_YEAR:
        return f"{value.year:04d}H{1 if value.month <= 6 else 2}"
    if precision == DatePrecision.YEAR:
        return f"{value.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()



def format_date_range_input(start: datetime.date, end: datetime.date | None,
                            precision: str = DatePrecision.DAY, language: str | None = None, *,
                            ongoing: bool = False) -> str:
    """A range of dates (``start`` to ``end``, ``datetime.date``; ``end`` may be ``None``) to
    ``precision`` as staff type its two ends in ``language`` (default the active one): each end
    by :func:`format_date_input`, joined by ``至`` in Chinese (``111/08/16至111/08/28``) and
    `` – `` in English (``2022-08-16 – 2022-08-28``). No end, or an end that writes as the
    start, gives the start alone; with ``ongoing`` (an open end meaning "still running") no end
    gives ``111/05起`` / ``from 2022-05``."""
    language = language or get_language()
    first = format_date_input(start, precision, language)
    if end is None:
        if not ongoing:
            return first
        return f"{first}起" if is_chinese(language) else f"from {first}"
    last = format_date_input(end, precision, language)
    if last == first:
        return first
    return f"{first}至{last}" if is_chinese(language) else f"{first} – {last}"


def format_datetime_input(value: datetime.datetime, language: str | None = None) -> str:
    """A moment (``datetime.datetime``; an aware one is first taken to the current time zone,
    ``Asia/Taipei``) as staff read it in ``language`` (default the active one): its date by
    :func:`format_date_input` and the time to the minute, ``114/09/14 14:30`` in Chinese,
    ``2025-09-14 14:30`` in English."""
    from django.utils import timezone

    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{format_date_input(value.date(), DatePrecision.DAY, language)} {value:%H:%M}"


class PrecisionError(ValueError):
    """A date typed to a precision that does not fit (:func:`reconcile_precision`); ``index`` is
    the position of the date at fault in the list given."""

    def __init__(self, message: str, index: int) -> None:
        super().__init__(message)
        self.index = index


def reconcile_precision(typed: list[ParsedDate | None], chosen: str | None) -> str | None:
    """The precision to store for dates typed together (a start and an end), one rule for forms
    and imports: ``typed`` holds what :func:`parse_dated` made of each date (``None`` where it
    was left empty or given as a real date), ``chosen`` the precision staff picked, ``None``
    when they left it as it was.

    - Nothing chosen: the precision typed (``114年7月`` is a month), ``None`` when nothing was
      typed; a start and an end typed to different precisions are an error on the end.
    - Chosen coarser than typed: the chosen one (the dates are then cut to it).
    - Chosen finer than typed (``day`` for ``114年7月``): an error on that date, since the day
      is not known. Raises :class:`PrecisionError` (a ``ValueError``) naming the date.
    """
    given = [(index, parsed) for index, parsed in enumerate(typed) if parsed is not None]
    if chosen is None:
        if not given:
            return None
        first = given[0][1]
        for index, parsed in given[1:]:
            if parsed.precision != first.precision:
                raise PrecisionError(gettext(
                    "The start and the end are typed to different precisions (%(first)s and "
                    "%(second)s): type both to the same precision."
                ) % {"first": DatePrecision(first.precision).label,
                     "second": DatePrecision(parsed.precision).label}, index)
        return first.precision
    for index, parsed in given:
        if _FINENESS.index(chosen) < _FINENESS.index(parsed.precision):
            raise PrecisionError(gettext(
                "%(date)s is known only to the %(typed)s: choose “%(typed)s” as the precision, "
                "or type the %(chosen)s."
            ) % {"date": format_date(parsed.date, parsed.precision, get_language()),
                 "typed": DatePrecision(parsed.precision).label,
                 "chosen": DatePrecision(chosen).label}, index)
    return chosen


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
