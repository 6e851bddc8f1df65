"""Outline numbers of Taiwanese official documents: 壹、 一、 （一） 1、 （1） 1.

The hierarchy of Taiwanese government documents: 一、 （一） 1、 （1） as the Executive Yuan's
文書處理手冊 numbers the items of a document, with 壹、貳、參… above them where a document has
parts (施政報告), and 1. 2. … below （1） as the source chapter numbers its third level (it sits
at 1、 / （1） / 1. inside its bureau's section of the city's report). English documents use
I. / 1. / (a) / i. / (1) / (i).
"""

from __future__ import annotations

from core.dates import is_chinese

_DIGITS = "零一二三四五六七八九"
_FORMAL_DIGITS = "零壹貳參肆伍陸柒捌玖"
_UNITS = ("", "十", "百", "千")
_FORMAL_UNITS = ("", "拾", "佰", "仟")
MAX_DEPTH = 6


def chinese_number(number: int, *, formal: bool = False) -> str:
    """Write ``number`` (1–9999) in Chinese numerals: 1 → 一, 10 → 十, 21 → 二十一, 101 → 一百零一,
    110 → 一百一十; with ``formal`` the financial forms (壹, 拾, 貳拾壹, 壹佰零壹). Raises
    ``ValueError`` outside 1–9999."""
    if not 1 <= number <= 9999:
        raise ValueError(f"outline numbers go from 1 to 9999, not {number}")
    digits, units = (_FORMAL_DIGITS, _FORMAL_UNITS) if formal else (_DIGITS, _UNITS)
    parts: list[str] = []
    skipped_zero = False
    for power in (3, 2, 1, 0):
        digit = number // 10**power % 10
        if digit == 0:
            skipped_zero = skipped_zero or bool(parts)
            continue
        if skipped_zero:
            parts.append(digits[0])  # 一百零一: one 零 stands for any run of zeros inside
            skipped_zero = False
        # 10–19 read 十, 十一 … (not 一十一) when they lead the number.
        leading_ten = power == 1 and digit == 1 and not parts
        parts.append(units[power] if leading_ten else digits[digit] + units[power])
    return "".join(parts)


def _roman(number: int) -> str:
    numerals = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    text = ""
    for value, letters in numerals:
        while number >= value:
            text += letters
            number -= value
    return text


def outline_number(level: int, number: int, language: str) -> str:
    """The label of item ``number`` (from 1) at outline ``level`` (1–6), including its
    punctuation: level 1 壹、, 2 一、, 3 （一）, 4 1、, 5 （1）, 6 1. in Chinese; I. 1. (a) i. (1)
    (i) in English. Raises ``ValueError`` for a level outside 1–6 or a number outside 1–9999."""
    if not 1 <= level <= MAX_DEPTH:
        raise ValueError(f"outline level must be 1 to {MAX_DEPTH}, not {level}")
    if is_chinese(language):
        if level == 1:
            return chinese_number(number, formal=True) + "、"
        if level == 2:
            return chinese_number(number) + "、"
        if level == 3:
            return f"（{chinese_number(number)}）"
        if not 1 <= number <= 9999:
            raise ValueError(f"outline numbers go from 1 to 9999, not {number}")
        return {4: f"{number}、", 5: f"（{number}）", 6: f"{number}."}[level]
    if not 1 <= number <= 9999:
        raise ValueError(f"outline numbers go from 1 to 9999, not {number}")
    if level == 1:
        return f"{_roman(number)}."
    if level == 2:
        return f"{number}."
    if level == 3:
        return f"({chr(ord('a') + number - 1)})" if number <= 26 else f"({number})"
    if level == 4:
        return f"{_roman(number).lower()}."
    return f"({number})" if level == 5 else f"({_roman(number).lower()})"


def outline_example(level: int, depth: int, language: str) -> str:
    """The first numbers of ``depth`` outline levels from ``level`` (ints), as a choice of where
    a document starts reads them: ``1、 （1） 1.`` for level 4 and depth 3 in Chinese. Raises
    ``ValueError`` when the levels go beyond 1–6."""
    return " ".join(outline_number(level + step, 1, language) for step in range(depth))
