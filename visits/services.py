"""Writes that touch people: finding or creating a person from typed names."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from cities.models import Country
from core.filekeys import FileKeys
from core.names import KEY_JOINER, normalise_name

from .models import CITY_ROLES, Engagement, ParticipantRole, Person


def person_matches(*, name_zh_hant: str = "", name_en: str = "", original_name: str = "",
                   limit: int = 3) -> list[Person]:
    """The people (at most ``limit``, by id) one of whose names folds to the same key as one of
    the given names (:func:`core.names.normalise_name`): a name matches a whole stored
    name or one of its parts joined by :data:`core.names.KEY_JOINER`."""
    condition = Q()
    for name in (name_zh_hant, name_en, original_name):
        key = normalise_name(name)
        if not key:
            continue
        j = KEY_JOINER
        condition |= (Q(search_key=key) | Q(search_key__startswith=f"{key}{j}")
                      | Q(search_key__endswith=f"{j}{key}") | Q(search_key__contains=f"{j}{key}{j}"))
    if not condition:
        return []
    return list(Person.objects.filter(condition).order_by("pk")[:limit])


class PersonIndex:
    """The stored people a whole file may name, found once for the file (a visitor list): the
    same answers as :func:`person_matches`, without a query a row.

    ``names``: every name the file holds (any column, untidied; an iterable read once). The
    index reads the search keys of all people in one streamed pass (``values_list(...).
    iterator()``, two columns, not kept) and keeps only ids: for each key of one of ``names``, the
    people one of whose name keys it is, in a :class:`core.filekeys.FileKeys` (a few dozen bytes a
    key, ``0`` for a name nobody has yet), so that a file of 20,000 names does not hold 20,000
    strings and lists. People are read as instances only for the rows at hand: :meth:`load` (one
    query for a batch of rows), else by :meth:`matches` when it needs them, so a file of 20,000
    known people never holds 20,000 instances. :meth:`matches` applies :func:`person_matches`'
    rule (a name's key is one of the ``|``-joined parts of a person's ``search_key``) in Python;
    ``tests/visits/test_imports.py`` checks that both give the same people. A person written
    after the index was made is found once :meth:`add` was called."""

    def __init__(self, names: Iterable[str | None]) -> None:
        self._pks_by_key = FileKeys()
        for name in names:
            key = normalise_name(name or "")
            if key and key not in self._pks_by_key:
                self._pks_by_key.add(key, 0)  # wanted: the file names it
        if len(self._pks_by_key):
            rows = Person.objects.order_by().values_list("pk", "search_key").iterator(chunk_size=5000)
            for pk, key in rows:
                for part in key.split(KEY_JOINER):
                    if part in self._pks_by_key:
                        self._add(part, pk)
        self._people: dict[int, Person] = {}

    def _add(self, key: str, pk: int) -> None:
        if not self._pks_by_key.replace(key, 0, pk):  # a key's first person takes its place
            self._pks_by_key.add(key, pk)

    def _pks(self, names: Iterable[str]) -> set[int]:
        return {pk for name in names for pk in self._pks_by_key.numbers(normalise_name(name or "")) if pk}

    def load(self, names: Iterable[str | None]) -> list[Person]:
        """Read (one query) the people ``names`` (e.g. a batch of rows' names) may be, forgetting
        those read before; returns them, by id."""
        pks = self._pks(names)
        kept = {pk: person for pk, person in self._people.items() if pk in pks}
        missing = pks - set(kept)
        self._people = {**kept, **(Person.objects.in_bulk(missing) if missing else {})}
        return self.people()

    def add(self, person: Person) -> None:
        """Index ``person`` (saved, its ``search_key`` refreshed): written by the import after
        the index was made."""
        for part in person.search_key.split(KEY_JOINER):
            if part:
                self._add(part, person.pk)

    def matches(self, *, name_zh_hant: str = "", name_en: str = "", original_name: str = "",
                limit: int = 3) -> list[Person]:
        """The people (at most ``limit``, by id) one of whose names folds to the key of one of
        the given names, as :func:`person_matches` finds them; ``[]`` when no name is given."""
        pks = sorted(self._pks((name_zh_hant, name_en, original_name)))[:limit]
        missing = [pk for pk in pks if pk not in self._people]
        if missing:
            self._people.update(Person.objects.in_bulk(missing))
        return [self._people[pk] for pk in pks if pk in self._people]

    def people(self) -> list[Person]:
        """The people read (:meth:`load`, :meth:`matches`), by id."""
        return [self._people[pk] for pk in sorted(self._people)]


def person_find(*, name_zh_hant: str = "", name_en: str = "", original_name: str = "",
                ) -> Person | None:
    """Return the one person one of whose names folds to the same key as one of the given names
    (:func:`person_matches`), or ``None`` if nobody matches.

    Raises ``ValidationError`` when several people match, so a clerk picks the right one
    instead of the system guessing.
    """
    matches = person_matches(name_zh_hant=name_zh_hant, name_en=name_en, original_name=original_name)
    if len(matches) > 1:
        raise ValidationError(_(
            "Several people are called %(name)s (%(list)s): choose the right one in the person field."
        ) % {"name": name_zh_hant or name_en or original_name,
             "list": "; ".join(f"{p.name} #{p.pk}" for p in matches)})
    return matches[0] if matches else None


def person_new(*, name_zh_hant: str = "", name_en: str = "", original_name: str = "",
               country: Country | None = None) -> Person:
    """A new, unsaved :class:`Person` with the given names (the Chinese name defaults to the
    first name given). Raises ``ValidationError`` when no name is given."""
    if not (name_zh_hant or name_en or original_name):
        raise ValidationError(_("Give the person's name."))
    return Person(name_zh_hant=name_zh_hant or name_en or original_name, name_en=name_en,
                  original_name=original_name, country=country)


def person_build(*, name_zh_hant: str = "", name_en: str = "", original_name: str = "",
                 country: Country | None = None) -> Person:
    """Return the existing person matching the names (see :func:`person_find`) or a new,
    unsaved one (:func:`person_new`). Raises ``ValidationError`` as :func:`person_find` does
    or when no name is given."""
    existing = person_find(name_zh_hant=name_zh_hant, name_en=name_en, original_name=original_name)
    return existing or person_new(name_zh_hant=name_zh_hant, name_en=name_en,
                                  original_name=original_name, country=country)


def person_defaults(role: str | None, engagement: Engagement | None) -> tuple[Country | None, bool]:
    """``(country, is_city_official)`` for a person first typed in as a participant in ``role``
    (a :class:`ParticipantRole` value) of ``engagement``, used by the admin's participant rows
    and the visitor import alike:

    - the city's own side (host, member for the city): the home country and an official;
    - a Taiwanese dignitary (legislator, councillor): the home country, not an official;
    - a foreign role: the engagement's country when it names exactly one, not an official.

    The home country is the recorded country whose ISO code is ``settings.HOME_COUNTRY_ISO``
    (default ``TW``), ``None`` when there is none; so is an engagement's country when it names
    none or several (or is not saved yet)."""
    if role in CITY_ROLES or role == ParticipantRole.DIGNITARY:
        code = settings.HOME_COUNTRY_ISO
        home = Country.objects.filter(iso_code=code).first() if code else None
        return home, role in CITY_ROLES
    if engagement is None or engagement.pk is None:
        return None, False
    countries = list(engagement.countries.all()[:2])
    return (countries[0] if len(countries) == 1 else None), False
