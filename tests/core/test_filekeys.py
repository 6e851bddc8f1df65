"""core.filekeys.FileKeys: the keys an import keeps for its whole file, compactly; found by
their text, never by their hash alone."""

import pytest

from core import filekeys
from core.filekeys import FileKeys


@pytest.fixture(params=["own hash", "one hash for every key"])
def hashing(request, monkeypatch):
    if request.param != "own hash":
        monkeypatch.setattr(filekeys, "digest", lambda key: 7)  # every key collides with every other
    return request.param


def test_a_key_is_found_by_its_text_with_its_numbers_in_order(hashing):
    keys = FileKeys()
    assert keys.setdefault("imp-1", 2) == 2
    assert keys.setdefault("imp-2", 3) == 3
    assert keys.setdefault("imp-1", 5) == 2  # an earlier row had it: row 2
    keys.add("朗尼倫伯格", 41)
    keys.add("朗尼倫伯格", 17)
    assert keys.numbers("朗尼倫伯格") == [41, 17]
    assert keys.numbers("imp-1") == [2] and keys.get("imp-3") is None and keys.get("imp-3", 0) == 0
    assert "imp-2" in keys and "imp-" not in keys and "imp-12" not in keys
    assert len(keys) == 4


def test_replace_changes_the_first_entry_with_that_number_only(hashing):
    keys = FileKeys()
    keys.add("ronnirenberg", 0)
    keys.add("wangdaming", 0)
    assert keys.replace("ronnirenberg", 0, 12)
    assert not keys.replace("ronnirenberg", 0, 13)  # no entry of that key has 0 any more
    assert not keys.replace("someoneelse", 0, 14)
    assert keys.numbers("ronnirenberg") == [12] and keys.numbers("wangdaming") == [0]


def test_keys_stay_found_as_the_table_grows(hashing):
    keys = FileKeys()
    count = 5000 if hashing == "own hash" else 300  # one hash: every key in one chain, kept short
    for n in range(count):
        keys.add(f"bench-{n}", n + 2)
    assert [keys.get(f"bench-{n}") for n in (0, 1, count // 2, count - 1)] == [2, 3, count // 2 + 2, count + 1]
    assert keys.get(f"bench-{count}") is None
    assert keys.numbers("bench-7") == [9]
