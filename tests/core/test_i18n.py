"""Parts of a designation joined as each language writes them (core.i18n.run_together)."""

import pytest

from core.i18n import run_together


@pytest.mark.parametrize(("parts", "language", "expected"), [
    # The source's form: organisation, name and title run together in Chinese.
    (("美國在台協會", "孫曉雅", "處長"), "zh-hant", "美國在台協會孫曉雅處長"),
    # A trial's US legislator with no Chinese title: the English one fell back. Run together it
    # printed 「John SmithState Senator」.
    (("", "John Smith", "State Senator"), "zh-hant", "John Smith, State Senator"),
    (("美國州議會", "John Smith", "State Senator"), "zh-hant", "美國州議會John Smith, State Senator"),
    (("立陶宛交通及通訊部", "Agnė Vaičiukevičiūtė", "政務次長"), "zh-hant",
     "立陶宛交通及通訊部Agnė Vaičiukevičiūtė政務次長"),
    (("John Smith", "State Senator", ""), "en", "John Smith, State Senator"),
    (("", "", ""), "zh-hant", ""),
])
def test_parts_are_joined_as_the_language_writes_them(parts, language, expected):
    assert run_together(parts, language) == expected
