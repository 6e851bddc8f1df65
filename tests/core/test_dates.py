"""ROC dates, precisions and half-years (core.dates)."""

import datetime

import pytest

from core.dates import (
    DatePrecision,
    HalfYear,
    format_age,
    format_date,
    format_date_range,
    last_day,
    mentions_date,
    roc_year,
    truncate,
)

D = datetime.date


@pytest.mark.parametrize(("year", "prefix", "expected"), [
    (2022, False, "111年"),
    (2022, True, "民國111年"),
    (1913, False, "2年"),
    (1912, False, "民國元年"),
    (1912, True, "民國元年"),
    (1911, False, "民國前1年"),
    (1900, True, "民國前12年"),
])
def test_roc_year(year, prefix, expected):
    assert roc_year(year, prefix=prefix) == expected


@pytest.mark.parametrize(("value", "precision", "zh", "en"), [
    (D(2022, 8, 16), DatePrecision.DAY, "111年8月16日", "16 August 2022"),
    (D(2022, 5, 1), DatePrecision.MONTH, "111年5月", "May 2022"),
    (D(2022, 7, 1), DatePrecision.HALF_YEAR, "111年下半年", "second half of 2022"),
    (D(2022, 1, 1), DatePrecision.HALF_YEAR, "111年上半年", "first half of 2022"),
    (D(1997, 1, 1), DatePrecision.YEAR, "86年", "1997"),
    (D(1912, 1, 1), DatePrecision.DAY, "民國元年1月1日", "1 January 1912"),
    (D(2024, 2, 29), DatePrecision.DAY, "113年2月29日", "29 February 2024"),
])
def test_format_date(value, precision, zh, en):
    assert format_date(value, precision, "zh-hant") == zh
    assert format_date(value, precision, "en") == en


@pytest.mark.parametrize(("start", "end", "precision", "zh", "en"), [
    # The source writes 111年8月16日至8月28日 for the San Antonio exhibition.
    (D(2022, 8, 16), D(2022, 8, 28), DatePrecision.DAY, "111年8月16日至8月28日", "16–28 August 2022"),
    (D(2022, 9, 16), D(2022, 10, 14), DatePrecision.DAY, "111年9月16日至10月14日",
     "16 September – 14 October 2022"),
    (D(2022, 12, 30), D(2023, 1, 2), DatePrecision.DAY, "111年12月30日至112年1月2日",
     "30 December 2022 – 2 January 2023"),
    (D(2021, 1, 1), D(2022, 4, 1), DatePrecision.MONTH, "110年1月至111年4月", "January 2021 – April 2022"),
    (D(2022, 7, 1), D(2022, 12, 1), DatePrecision.MONTH, "111年7月至12月", "July–December 2022"),
    (D(2022, 5, 1), None, DatePrecision.MONTH, "111年5月起", "from May 2022"),
    (D(2022, 8, 9), D(2022, 8, 9), DatePrecision.DAY, "111年8月9日", "9 August 2022"),
])
def test_format_date_range(start, end, precision, zh, en):
    assert format_date_range(start, end, precision, "zh-hant") == zh
    assert format_date_range(start, end, precision, "en") == en


def test_truncate_and_last_day_respect_leap_years():
    assert truncate(D(2024, 2, 29), DatePrecision.MONTH) == D(2024, 2, 1)
    assert last_day(D(2024, 2, 1), DatePrecision.MONTH) == D(2024, 2, 29)
    assert last_day(D(2023, 2, 1), DatePrecision.MONTH) == D(2023, 2, 28)
    assert truncate(D(2022, 8, 16), DatePrecision.HALF_YEAR) == D(2022, 7, 1)
    assert last_day(D(2022, 1, 1), DatePrecision.HALF_YEAR) == D(2022, 6, 30)


def test_half_year_parse_and_bounds():
    period = HalfYear.parse("2022H2")
    assert (period.start, period.end) == (D(2022, 7, 1), D(2022, 12, 31))
    assert str(period) == "2022H2"
    assert HalfYear.parse(" 2023h1 ") == HalfYear(2023, 1)
    assert period.next() == HalfYear(2023, 1)
    assert HalfYear(2023, 1).previous() == period
    assert period.previous() == HalfYear(2022, 1) and HalfYear(2022, 1).next() == period
    assert HalfYear.containing(D(2022, 6, 30)) == HalfYear(2022, 1)
    # The source writes the period as 111年7月至12月.
    assert period.label("zh-hant") == "111年7月至12月"
    assert period.label("en") == "July–December 2022"


@pytest.mark.parametrize("text", ["2022H3", "2022", "H2", "111H2x", "", "2022-2"])
def test_half_year_rejects_bad_input_with_the_expected_form(text):
    with pytest.raises(ValueError, match="2022H2"):
        HalfYear.parse(text)


@pytest.mark.parametrize(("text", "value", "precision", "language"), [
    # The source's Belize paragraph gives its month inside the sentence.
    ("本市姊妹市貝里斯市於111年11月因颶風侵襲造成嚴重災情", D(2022, 11, 1), DatePrecision.MONTH, "zh-hant"),
    ("１１１年８月９日晚宴", D(2022, 8, 9), DatePrecision.DAY, "zh-hant"),
    ("民國111年8月9日晚宴", D(2022, 8, 9), DatePrecision.DAY, "zh-hant"),
    ("2022年8月9日晚宴", D(2022, 8, 9), DatePrecision.DAY, "zh-hant"),
    ("並於8月9日舉辦晚宴", D(2022, 8, 9), DatePrecision.DAY, "zh-hant"),
    ("自111年9月5日至30日舉辦", D(2022, 9, 5), DatePrecision.DAY, "zh-hant"),
    ("自110年1月起至111年4月止", D(2021, 1, 1), DatePrecision.MONTH, "zh-hant"),
    ("111年下半年", D(2022, 7, 1), DatePrecision.HALF_YEAR, "zh-hant"),
    ("民國元年1月1日", D(1912, 1, 1), DatePrecision.DAY, "zh-hant"),
    ("When a hurricane struck in November 2022", D(2022, 11, 1), DatePrecision.MONTH, "en"),
    ("Held 16–28 August 2022 at the library", D(2022, 8, 16), DatePrecision.DAY, "en"),
    ("On August 9, 2022, the Deputy Mayor", D(2022, 8, 9), DatePrecision.DAY, "en"),
    ("On 9 August the Deputy Mayor", D(2022, 8, 9), DatePrecision.DAY, "en"),
])
def test_mentions_date_finds_the_date_where_the_text_gives_it(text, value, precision, language):
    assert mentions_date(text, value, precision, language)


@pytest.mark.parametrize(("text", "value", "precision", "language"), [
    ("羅達生副市長舉辦晚宴歡迎立陶宛交通及通訊部政務次長", D(2022, 8, 9), DatePrecision.DAY, "zh-hant"),
    # Known to the month is not the day; a day inside another number is not the day.
    ("111年11月", D(2022, 11, 15), DatePrecision.DAY, "zh-hant"),
    ("並於8日在大東文化藝術中心", D(2022, 9, 5), DatePrecision.DAY, "zh-hant"),
    ("111年11月9日", D(2022, 1, 9), DatePrecision.DAY, "zh-hant"),
    ("110年8月9日", D(2022, 8, 9), DatePrecision.DAY, "zh-hant"),
    ("1111年", D(2022, 1, 1), DatePrecision.YEAR, "zh-hant"),
    ("民國前111年", D(2022, 1, 1), DatePrecision.YEAR, "zh-hant"),
    ("On 9 August 2021", D(2022, 8, 9), DatePrecision.DAY, "en"),
    ("On 19 August 2022", D(2022, 8, 9), DatePrecision.DAY, "en"),
    ("the mascot of the 1993 Daejeon Expo", D(2022, 9, 16), DatePrecision.DAY, "en"),
])
def test_mentions_date_ignores_other_dates_and_numbers(text, value, precision, language):
    assert not mentions_date(text, value, precision, language)


def test_mentions_date_refuses_an_unknown_precision():
    with pytest.raises(ValueError, match="precision"):
        mentions_date("111年", D(2022, 1, 1), "week")


@pytest.mark.parametrize(("years", "zh", "en"), [
    (0, "未滿1年", "under a year"), (1, "1年", "1 year"), (33, "33年", "33 years"),
])
def test_format_age(years, zh, en):
    assert format_age(years, "zh-hant") == zh
    assert format_age(years, "en") == en


def test_format_age_refuses_a_negative_age():
    with pytest.raises(ValueError):
        format_age(-1)
