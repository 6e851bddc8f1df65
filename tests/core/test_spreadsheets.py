"""safe_cell: the one rule every CSV/ODS/XLSX export applies to its cells."""

import datetime
from decimal import Decimal

import pytest

from core.spreadsheets import safe_cell


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)",
                                  "\tcmd", "\rcmd"])
def test_formula_triggers_get_an_apostrophe(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["聖安東尼市", "San Antonio", "2022-08-16", "a=b", "", "'quoted"])
def test_ordinary_text_is_unchanged(text):
    assert safe_cell(text) == text


def test_illegal_control_characters_are_removed_and_line_breaks_kept():
    assert safe_cell("a\x00b\x07c\x1fd\x0be") == "abcde"
    assert safe_cell("line 1\nline 2\r\nend\ttab") == "line 1\nline 2\r\nend\ttab"
    assert safe_cell("x\ufffey\uffffz\ud800") == "xyz"


def test_a_trigger_hidden_behind_a_control_character_is_still_neutralised():
    assert safe_cell("\x00=1+1") == "'=1+1"


@pytest.mark.parametrize("value", [None, -5, 3.5, Decimal("-29.424122"), True,
                                   datetime.date(2022, 8, 16),
                                   datetime.datetime(2022, 8, 16, 9, 30, tzinfo=datetime.UTC)])
def test_non_text_values_are_returned_as_they_are(value):
    assert safe_cell(value) is value
