"""The language a name is written in, for the ``lang`` attribute of public pages (WCAG 2.1
3.1.2 "Language of Parts"): screen readers read 부산광역시 in a Korean voice only when it is
marked ``lang="ko"``, and 八王子市 in Japanese only when marked ``lang="ja"``.

One rule, :func:`name_language`: the script decides where it can (Hangul is Korean; hiragana or
katakana is Japanese); otherwise the first official language of the name's country whose writing
system uses the name's script (Han characters of a Japanese city are Japanese, of a Korean city
Korean; Latin letters of a Lithuanian name Lithuanian), and a Latin name of a country whose
languages are written otherwise is that language romanised (``ja-Latn``). The languages of a
country and their scripts are CLDR's, read through Babel
(:func:`babel.languages.get_official_languages`, likely subtags).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from babel.core import get_global
from babel.languages import get_official_languages

#: Unicode character-name prefixes and the ISO 15924 script each belongs to.
_SCRIPT_PREFIXES = (
    ("HANGUL", "Hang"), ("HIRAGANA", "Kana"), ("KATAKANA", "Kana"), ("CJK", "Hani"),
    ("LATIN", "Latn"), ("CYRILLIC", "Cyrl"), ("GREEK", "Grek"), ("ARABIC", "Arab"),
    ("HEBREW", "Hebr"), ("THAI", "Thai"), ("DEVANAGARI", "Deva"), ("GEORGIAN", "Geor"),
    ("ARMENIAN", "Armn"), ("KHMER", "Khmr"), ("LAO", "Laoo"), ("MYANMAR", "Mymr"),
    ("TAMIL", "Taml"), ("BENGALI", "Beng"), ("MONGOLIAN", "Mong"), ("TIBETAN", "Tibt"),
)

#: Scripts written as part of another: Japanese (Jpan) and Korean (Kore) use Han characters too.
_SCRIPT_PARTS = {"Jpan": {"Hani", "Kana"}, "Kore": {"Hang", "Hani"}, "Hant": {"Hani"}, "Hans": {"Hani"}}


def scripts_of(text: str) -> set[str]:
    """The ISO 15924 scripts of the letters of ``text`` (``{"Hang"}`` for 부산광역시, ``{"Hani"}``
    for 熊本県, ``{"Hani", "Kana"}`` for ひたちなか市); digits, spaces and punctuation count for none, and
    letters of scripts not listed here are ignored. ``Kana`` stands for hiragana and katakana."""
    found = set()
    for character in text:
        if not character.isalpha():
            continue
        name = unicodedata.name(character, "")
        for prefix, script in _SCRIPT_PREFIXES:
            if name.startswith(prefix):
                found.add(script)
                break
    return found


@lru_cache(maxsize=512)
def _languages_of_country(iso_code: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """The official languages (de jure or de facto) of the country ``iso_code`` (ISO 3166-1
    alpha-2) as BCP 47 tags, each with the scripts it is written in, in CLDR's order."""
    likely = get_global("likely_subtags")
    languages = []
    for code in get_official_languages(iso_code.upper(), de_facto=True):
        script = likely.get(code, "").split("_")[1:2]
        script = script[0] if script else "Latn"
        languages.append((code.replace("_", "-"), frozenset(_SCRIPT_PARTS.get(script, {script}))))
    return tuple(languages)


def name_language(text: str, country_code: str = "") -> str:
    """The BCP 47 language tag ``text`` (a name) is written in: ``"ko"`` for 부산광역시, ``"ja"``
    for 八王子市 with ``country_code`` ``"JP"``, ``"lt"`` for Agnė Vaičiukevičiūtė with ``"LT"``,
    ``"ja-Latn"`` for Hachiōji with ``"JP"``, ``"zh-Hant"`` for 高雄市 with ``"TW"``. ``""`` when
    it cannot be told: no letters, or no country (ISO 3166-1 alpha-2, any case) that decides."""
    scripts = scripts_of(text)
    if not scripts:
        return ""
    if "Hang" in scripts:
        return "ko"
    if "Kana" in scripts:
        return "ja"
    languages = _languages_of_country(country_code) if country_code else ()
    for tag, written_in in languages:
        if scripts <= written_in:
            return tag
    if scripts == {"Latn"} and languages:
        return f"{languages[0][0].split('-')[0]}-Latn"
    return ""
