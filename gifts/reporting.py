"""When a received gift must be reported to the ethics unit (政風), and whether it must be.

The rule: Taiwan's Civil Servants' Ethics Guidelines (公務員廉政倫理規範, points 2 and 5): a
gift received in an official capacity whose market value exceeds the normal social standard
(正常社交禮俗標準, NT$500) is reported to one's superior and the ethics unit within three days of
receipt. The office counts those days as working days. Both figures are settings:
``GIFT_REPORTING_THRESHOLD`` (in the home currency, ``GIFT_HOME_CURRENCY``) and
``GIFT_REPORTING_WORKING_DAYS``.

Working days are read from the ``holidays`` package for the home country (``HOME_COUNTRY_ISO``):
weekends, public holidays, days off moved by the government (2022-02-04 in Taiwan) and the
Saturdays worked in exchange (補班, 2022-01-22) are all known to it. For a country the package
does not know, only Saturdays and Sundays are days off.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from functools import lru_cache

import holidays
from django.conf import settings


def threshold() -> Decimal:
    """The value in the home currency (a ``Decimal``) above which a received gift is reported
    (``GIFT_REPORTING_THRESHOLD``, default 500)."""
    return Decimal(str(settings.GIFT_REPORTING_THRESHOLD))


def passes_threshold(value_in_home_currency: Decimal | None) -> bool:
    """True when ``value_in_home_currency`` (a ``Decimal`` or ``None`` for not assessed) exceeds
    :func:`threshold` ("市價超過": a value equal to it is not reported)."""
    return value_in_home_currency is not None and value_in_home_currency > threshold()


@lru_cache(maxsize=64)
def _calendar(country: str, year: int) -> holidays.HolidayBase | None:
    try:
        return holidays.country_holidays(country, years=year)
    except NotImplementedError:  # a country the package does not know: weekends only
        return None


def is_working_day(day: datetime.date, country: str | None = None) -> bool:
    """True when ``day`` (a date) is a working day in ``country`` (an ISO 3166-1 code; default
    ``HOME_COUNTRY_ISO``): not a weekend, not a public holiday, or a weekend day worked in
    exchange for a day off (Taiwan's 補班)."""
    calendar = _calendar(country or settings.HOME_COUNTRY_ISO, day.year)
    if calendar is None:
        return day.weekday() < 5
    return calendar.is_working_day(day)


def report_deadline(received_on: datetime.date, working_days: int | None = None,
                    country: str | None = None) -> datetime.date:
    """The last day to report a gift received on ``received_on`` (a date): the
    ``working_days``-th working day after it (default ``GIFT_REPORTING_WORKING_DAYS``, 3), in
    ``country`` (default ``HOME_COUNTRY_ISO``). Received on Friday 2022-12-09 in Taiwan: due
    Wednesday 2022-12-14. Raises ``ValueError`` for a negative ``working_days``."""
    count = settings.GIFT_REPORTING_WORKING_DAYS if working_days is None else working_days
    if count < 0:
        raise ValueError(f"working_days must not be negative, not {count}")
    day = received_on
    while count:
        day += datetime.timedelta(days=1)
        if is_working_day(day, country):
            count -= 1
    return day
