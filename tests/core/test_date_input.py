"""Dates as Taiwanese offices write them (issue 13): core.dates.parse_dated, format_date_input
and reconcile_precision, one parser and formatter for every form, filter and import."""

import datetime

import pytest
from django.utils import translation

from core.dates import (
    DatePrecision,
    ParsedDate,
    PrecisionError,
    format_date_input,
    parse_dated,
    reconcile_precision,
)

D = datetime.date
DAY, MONTH, HALF, YEAR = (DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.HALF_YEAR,
                          DatePrecision.YEAR)


@pytest.mark.parametrize(("text", "date", "precision"), [
    ("114年7月", D(2025, 7, 1), MONTH),
    ("中華民國114年9月14日", D(2025, 9, 14), DAY),
    ("民國114年9月14日", D(2025, 9, 14), DAY),
    ("1140914", D(2025, 9, 14), DAY),  # 7 digits: the government systems' form
    ("0991231", D(2010, 12, 31), DAY),
    ("114/9/14（日）", D(2025, 9, 14), DAY),  # 14 September 2025 was a Sunday
    ("114/9/14(日)", D(2025, 9, 14), DAY),
    ("114年9月14日（星期日）", D(2025, 9, 14), DAY),
    ("114/9/14 (週日)", D(2025, 9, 14), DAY),
    ("2025-09-14 (Sun)", D(2025, 9, 14), DAY),
    ("20250914", D(2025, 9, 14), DAY),
    ("114/07", D(2025, 7, 1), MONTH),
    ("114/7", D(2025, 7, 1), MONTH),
    ("2025-07", D(2025, 7, 1), MONTH),
    ("114年", D(2025, 1, 1), YEAR),
    ("2025", D(2025, 1, 1), YEAR),
    ("114年下半年", D(2025, 7, 1), HALF),
    ("111年上半年", D(2022, 1, 1), HALF),
    ("2025H2", D(2025, 7, 1), HALF),
    ("民國前1年", D(1911, 1, 1), YEAR),
    ("西元2025年9月14日", D(2025, 9, 14), DAY),
    ("１１４年７月", D(2025, 7, 1), MONTH),
])
def test_the_forms_offices_write(text, date, precision):
    assert parse_dated(text) == ParsedDate(date, precision)


@pytest.mark.parametrize(("text", "message"), [
    ("114/9/15（日）", "「114/9/15（日）」：114年9月15日是星期一，不是星期日。"),
    ("990101", "「990101」有歧義：民國日期請寫成七位數字（0990101、1140914）或以斜線分隔（99/1/1）。"),
    ("114年7月（一）", "「114年7月（一）」：星期只能用於某一天，不能用於月份或年份。"),
    ("114/13", "「114/13」：沒有13月。"),
    ("114", "「114」不是日期：請寫成 2022-08-16、111/08/16、111年8月16日 或 111年8月。"),
])
def test_what_is_refused_says_why_in_chinese(text, message):
    with translation.override("zh-hant"), pytest.raises(ValueError) as error:
        parse_dated(text)
    assert str(error.value) == message


def test_a_wrong_weekday_is_named_in_english_too():
    with translation.override("en"), pytest.raises(ValueError) as error:
        parse_dated("114/9/15（日）")
    assert str(error.value) == "“114/9/15（日）”: 15 September 2025 is a Monday, not a Sunday."


@pytest.mark.parametrize("language", ["zh-hant", "en"])
@pytest.mark.parametrize("precision", [DAY, MONTH, HALF, YEAR])
@pytest.mark.parametrize("date", [D(1911, 12, 31), D(1912, 1, 1), D(2025, 9, 14)])
def test_what_the_form_shows_reads_back_the_same(language, precision, date):
    from core.dates import truncate

    text = format_date_input(date, precision, language)
    assert parse_dated(text) == ParsedDate(truncate(date, precision), precision), text


@pytest.mark.parametrize(("date", "precision", "language", "text"), [
    (D(2025, 9, 14), DAY, "zh-hant", "114/09/14"),
    (D(2025, 7, 1), MONTH, "zh-hant", "114/07"),
    (D(2025, 7, 1), HALF, "zh-hant", "114年下半年"),
    (D(2025, 1, 1), YEAR, "zh-hant", "114年"),
    (D(1911, 12, 31), DAY, "zh-hant", "民國前1年12月31日"),
    (D(1912, 1, 1), DAY, "zh-hant", "1/01/01"),
    (D(2025, 9, 14), DAY, "en", "2025-09-14"),
    (D(2025, 7, 1), MONTH, "en", "2025-07"),
    (D(2025, 7, 1), HALF, "en", "2025H2"),
    (D(2025, 1, 1), YEAR, "en", "2025"),
])
def test_format_date_input(date, precision, language, text):
    assert format_date_input(date, precision, language) == text


def test_the_precision_typed_is_kept_when_none_is_chosen():
    assert reconcile_precision([parse_dated("114年7月"), None], None) == MONTH
    assert reconcile_precision([None, None], None) is None
    assert reconcile_precision([parse_dated("114/7/3"), parse_dated("114/7/5")], None) == DAY


def test_a_chosen_precision_coarser_than_typed_wins():
    assert reconcile_precision([parse_dated("114/7/3")], MONTH) == MONTH


def test_a_chosen_precision_finer_than_typed_is_an_error_on_that_date():
    with translation.override("zh-hant"), pytest.raises(PrecisionError) as error:
        reconcile_precision([parse_dated("114/7/3"), parse_dated("114年8月")], DAY)
    assert error.value.index == 1
    assert str(error.value) == "114年8月只知道到月：請將精確度選為「月」，或輸入日。"


def test_start_and_end_typed_to_different_precisions_is_an_error_on_the_end():
    with translation.override("zh-hant"), pytest.raises(PrecisionError) as error:
        reconcile_precision([parse_dated("114/7/3"), parse_dated("114年8月")], None)
    assert error.value.index == 1
    assert str(error.value) == "開始與結束日期的精確度不同（日、月）：請寫到相同的精確度。"
