"""Half-years and ROC dates at their edges, and the outline numbers of the chapter."""

import datetime

import pytest

from core.dates import DatePrecision, HalfYear, format_date, format_date_range, last_day, roc_year
from reports.numbering import chinese_number, outline_example, outline_number

D = datetime.date


@pytest.mark.parametrize("text, expected", [
    ("2022H2", HalfYear(2022, 2)), ("2023h1", HalfYear(2023, 1)), (" 1912 H1 ", HalfYear(1912, 1)),
])
def test_half_year_parses(text, expected):
    assert HalfYear.parse(text) == expected


@pytest.mark.parametrize("text", ["2022H3", "2022", "H2", "2022-2", "", "111H2", "2022H2x"])
def test_half_year_refuses_other_text_with_a_message_naming_the_form(text):
    with pytest.raises(ValueError, match="2022H2"):
        HalfYear.parse(text)


def test_half_year_bounds_and_roc_labels():
    period = HalfYear.parse("2022H2")
    assert (period.start, period.end) == (D(2022, 7, 1), D(2022, 12, 31))
    assert period.label("zh-hant") == "111年7月至12月"
    assert period.label("en") == "July–December 2022"
    assert HalfYear(2023, 1).label("zh-hant") == "112年1月至6月"


def test_first_roc_year_is_yuan_nian():
    assert roc_year(1912) == "民國元年"
    assert format_date(D(1912, 1, 1)) == "民國元年1月1日"
    assert HalfYear(1912, 1).label("zh-hant") == "民國元年1月至6月"


def test_years_before_the_republic_count_backwards():
    assert roc_year(1911) == "民國前1年"
    assert roc_year(1900) == "民國前12年"
    assert format_date(D(1911, 10, 10)) == "民國前1年10月10日"
    assert HalfYear(1911, 2).label("zh-hant") == "民國前1年7月至12月"


def test_leap_days():
    assert format_date(D(2024, 2, 29)) == "113年2月29日"
    assert format_date_range(D(2024, 2, 28), D(2024, 3, 1)) == "113年2月28日至3月1日"
    assert last_day(D(2024, 2, 1), DatePrecision.MONTH) == D(2024, 2, 29)
    assert last_day(D(2023, 2, 1), DatePrecision.MONTH) == D(2023, 2, 28)
    assert HalfYear.containing(D(2024, 2, 29)) == HalfYear(2024, 1)


def test_range_across_years_repeats_the_year():
    assert format_date_range(D(2022, 12, 30), D(2023, 1, 2)) == "111年12月30日至112年1月2日"


@pytest.mark.parametrize("number, plain, formal", [
    (1, "一", "壹"), (3, "三", "參"), (10, "十", "拾"), (11, "十一", "拾壹"), (20, "二十", "貳拾"),
    (99, "九十九", "玖拾玖"), (100, "一百", "壹佰"), (101, "一百零一", "壹佰零壹"), (110, "一百一十", "壹佰壹拾"),
    (457, "四百五十七", "肆佰伍拾柒"), (1001, "一千零一", "壹仟零壹"), (2024, "二千零二十四", "貳仟零貳拾肆"),
])
def test_chinese_numbers(number, plain, formal):
    assert chinese_number(number) == plain
    assert chinese_number(number, formal=True) == formal


def test_outline_numbers_of_official_documents():
    # 壹、 above the 文書處理手冊's 一、（一）1、（1）, and the source's 1. below them.
    assert [outline_number(level, 2, "zh-hant") for level in range(1, 7)] == [
        "貳、", "二、", "（二）", "2、", "（2）", "2."]
    assert [outline_number(level, 4, "en") for level in range(1, 7)] == ["IV.", "4.", "(d)", "iv.", "(4)", "(iv)"]
    with pytest.raises(ValueError):
        outline_number(7, 1, "zh-hant")
    with pytest.raises(ValueError):
        outline_number(5, 0, "zh-hant")
    assert outline_example(4, 3, "zh-hant") == "1、 （1） 1."
    assert outline_example(1, 3, "en") == "I. 1. (a)"
    # A busy half-year has hundreds of receptions (the benchmark's N=1 has 457 in 2022H2).
    assert outline_number(5, 457, "zh-hant") == "（457）"
    assert outline_number(3, 120, "zh-hant") == "（一百二十）"
    assert outline_number(1, 14, "en") == "XIV."
    with pytest.raises(ValueError):
        chinese_number(10000)
    with pytest.raises(ValueError):
        chinese_number(0)
