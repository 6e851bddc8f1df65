"""Name folding for search (core.names)."""

import pytest

from core.names import normalise_name, search_key


@pytest.mark.parametrize("variant", [
    "朗．尼倫伯格",  # U+FF0E, as the source writes it
    "朗·尼倫伯格",  # U+00B7
    "朗‧尼倫伯格",  # U+2027
    "朗・尼倫伯格",  # U+30FB
    "朗尼倫伯格",
])
def test_middle_dot_variants_fold_to_one_key(variant):
    assert normalise_name(variant) == "朗尼倫伯格"


def test_diacritics_width_and_case_are_folded():
    assert normalise_name("Agnė Vaičiukevičiūtė") == normalise_name("AGNE VAICIUKEVICIUTE")
    assert normalise_name("Ｒｏｎ　Ｎｉｒｅｎｂｅｒｇ") == normalise_name("ron nirenberg")
    assert normalise_name("Łódź") == "lodz"


def test_hangul_and_kana_survive():
    assert normalise_name("꿈돌이") == "꿈돌이"
    assert normalise_name("渡辺竜五") == "渡辺竜五"


def test_search_key_joins_distinct_names():
    assert search_key("朗．尼倫伯格", "Ron Nirenberg", "", None, "Ron Nirenberg") == "朗尼倫伯格|ronnirenberg"
    assert search_key("", None) == ""
