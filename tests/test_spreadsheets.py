"""Cells made safe for spreadsheets."""

import datetime

import pytest

from intl_affairs.spreadsheets import safe_cell


@pytest.mark.parametrize("value, expected", [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
    ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("高雄\x00市\x1f", "高雄市"), ("\x0b=1", "'=1"), ("line\nbreak", "line\nbreak"), ("a=b", "a=b"),
])
def test_text_is_made_safe(value, expected):
    assert safe_cell(value) == expected


@pytest.mark.parametrize("value", [22, -3, 1.5, None, datetime.date(2022, 8, 16), True])
def test_other_values_are_unchanged(value):
    assert safe_cell(value) is value
