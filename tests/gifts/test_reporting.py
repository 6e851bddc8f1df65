"""Reporting deadlines in Taiwan's working days (holidays, days off moved, make-up Saturdays),
and the threshold, worked out by hand from the 2022 calendar of the Directorate-General of
Personnel Administration (行政院人事行政總處)."""

import datetime
from decimal import Decimal

import pytest

from gifts.reporting import is_working_day, passes_threshold, report_deadline

D = datetime.date


@pytest.mark.parametrize(("received", "due"), [
    (D(2022, 12, 9), D(2022, 12, 14)),   # Friday: Mon 12, Tue 13, Wed 14
    (D(2022, 12, 20), D(2022, 12, 23)),  # Tuesday (the San Antonio video conference): Wed, Thu, Fri
    (D(2022, 1, 21), D(2022, 1, 25)),    # Friday: Saturday 22 January was worked (補班), then Mon 24, Tue 25
    (D(2022, 1, 28), D(2022, 2, 9)),     # Friday before Lunar New Year: 31 Jan to 4 Feb off (4 Feb moved from 22 Jan)
    (D(2022, 9, 8), D(2022, 9, 14)),     # Thursday: 9 Sept (Mid-Autumn, observed) off, then Mon 12 to Wed 14
    (D(2022, 10, 7), D(2022, 10, 13)),   # Friday: National Day, Monday 10 October, off
])
def test_three_working_days_in_taiwan(received, due, settings):
    settings.HOME_COUNTRY_ISO = "TW"
    assert report_deadline(received) == due


def test_the_number_of_days_and_the_country_are_settings(settings):
    settings.GIFT_REPORTING_WORKING_DAYS = 5
    assert report_deadline(D(2022, 12, 9)) == D(2022, 12, 16)
    assert report_deadline(D(2022, 12, 9), working_days=0) == D(2022, 12, 9)
    # Saturday 22 January 2022 is a working day in Taiwan only.
    assert is_working_day(D(2022, 1, 22), "TW") is True
    assert is_working_day(D(2022, 1, 22), "US") is False
    # 10 October is Taiwan's National Day, a working day in Korea.
    assert is_working_day(D(2022, 10, 10), "TW") is False
    assert is_working_day(D(2022, 10, 10), "KR") is False  # Hangul Day observed, 9 Oct being a Sunday
    assert is_working_day(D(2022, 10, 11), "KR") is True


def test_a_country_the_holidays_package_does_not_know_has_weekends_only():
    assert is_working_day(D(2022, 10, 10), "ZZ") is True  # a Monday
    assert is_working_day(D(2022, 10, 8), "ZZ") is False  # a Saturday
    assert report_deadline(D(2022, 10, 7), country="ZZ") == D(2022, 10, 12)


def test_a_negative_number_of_days_is_refused():
    with pytest.raises(ValueError, match="must not be negative"):
        report_deadline(D(2022, 12, 9), working_days=-1)


def test_the_threshold_is_exceeded_not_reached(settings):
    settings.GIFT_REPORTING_THRESHOLD = "500"
    assert passes_threshold(Decimal("500")) is False  # 市價不超過新臺幣五百元: not reported
    assert passes_threshold(Decimal("500.01")) is True
    assert passes_threshold(None) is False
    settings.GIFT_REPORTING_THRESHOLD = "3000"
    assert passes_threshold(Decimal("2500")) is False
