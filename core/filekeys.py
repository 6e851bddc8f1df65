"""The keys an import keeps for its whole file, a few dozen bytes each.

An import reads its file a batch of rows at a time (:mod:`core.imports`), but across batches it
must still remember every key its rows named: the slugs read so far (to report a row repeating
an earlier one, with that row's number), a visitor list's names and the people they are
(:class:`visits.services.PersonIndex`). As Python objects, a ``str`` (or a tuple of them) a key
in a ``dict`` with an ``int`` or a list of ids as its value, that is 130–200 bytes a key: 10–20
MiB for a file of 20,000 rows. :class:`FileKeys` keeps each key as its hash in a table of
C arrays (``array``), its text once in one ``bytearray`` (UTF-8), and its number in an array:
about 30 bytes and the key's own bytes.

The hash (Python's own ``hash()`` of the text: a keyed 64-bit SipHash, computed once per string)
only finds the candidates: a key is found only when its text is equal too, so two keys whose
hashes collide are never taken for one another.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator

_EMPTY = -1
_LOW = 0xFFFFFFFF


def digest(key: str) -> int:
    """The hash that places ``key`` (a ``str``): Python's own, a keyed 64-bit SipHash of the
    text. Only a hint (module docstring): tests replace it by one that gives every key the same
    hash, and the answers stay the same."""
    return hash(key)


class FileKeys:
    """A map from text keys to whole numbers (a row number, a record's id), several numbers a
    key allowed, in insertion order; kept compactly (module docstring). Keys are compared as
    given (fold them first: :func:`core.names.normalise_name`, :func:`core.names.tidy_text`).
    Numbers are signed 64-bit integers; nothing is ever removed."""

    __slots__ = ("_ends", "_hashes", "_numbers", "_slots", "_text")

    def __init__(self) -> None:
        self._slots = array("i", [_EMPTY]) * 8  # entry a slot, open addressing, linear probing
        self._hashes = array("I")  # the low 32 bits of each entry's hash (enough to place it)
        self._numbers = array("q")
        self._ends = array("I")  # where each entry's text ends in _text
        self._text = bytearray()

    def __len__(self) -> int:
        """The number of entries (a key added twice counts twice)."""
        return len(self._numbers)

    def _entries(self, key: str) -> Iterator[int]:
        """The entries whose text is ``key``, in insertion order."""
        low = digest(key) & _LOW
        slots, hashes, mask = self._slots, self._hashes, len(self._slots) - 1
        encoded = None
        index = low & mask
        found = []
        while (entry := slots[index]) != _EMPTY:
            if hashes[entry] == low:
                if encoded is None:
                    encoded = key.encode()
                start = self._ends[entry - 1] if entry else 0
                if self._text[start:self._ends[entry]] == encoded:
                    found.append(entry)
            index = (index + 1) & mask
        return iter(sorted(found))

    def numbers(self, key: str) -> list[int]:
        """The numbers added with ``key``, in the order they were added; ``[]`` if none."""
        numbers = self._numbers
        return [numbers[entry] for entry in self._entries(key)]

    def get(self, key: str, default: int | None = None) -> int | None:
        """The first number added with ``key``, else ``default``."""
        entry = next(self._entries(key), None)
        return default if entry is None else self._numbers[entry]

    def __contains__(self, key: str) -> bool:
        return next(self._entries(key), None) is not None

    def setdefault(self, key: str, number: int) -> int:
        """The first number of ``key``; if it has none, add ``number`` with it and return it."""
        found = self.get(key)
        if found is not None:
            return found
        self.add(key, number)
        return number

    def replace(self, key: str, old: int, new: int) -> bool:
        """Give the first entry of ``key`` whose number is ``old`` the number ``new``; ``False``
        (and nothing changed) when there is none."""
        for entry in self._entries(key):
            if self._numbers[entry] == old:
                self._numbers[entry] = new
                return True
        return False

    def add(self, key: str, number: int) -> None:
        """Add ``number`` with ``key``, after those ``key`` already has."""
        if 2 * (len(self._numbers) + 1) > len(self._slots):
            self._grow()
        entry = len(self._numbers)
        low = digest(key) & _LOW
        self._hashes.append(low)
        self._numbers.append(number)
        self._text += key.encode()
        self._ends.append(len(self._text))
        self._place(entry, low)

    def _place(self, entry: int, low: int) -> None:
        slots, mask = self._slots, len(self._slots) - 1
        index = low & mask
        while slots[index] != _EMPTY:
            index = (index + 1) & mask
        slots[index] = entry

    def _grow(self) -> None:
        """Twice the slots (at most half of them used), every entry placed again."""
        self._slots = array("i", [_EMPTY]) * (2 * len(self._slots))
        for entry, low in enumerate(self._hashes):
            self._place(entry, low)
