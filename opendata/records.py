"""The records of the open-data files, built from published QuerySets.

Every file is built from the same record dicts: the JSON file lists them as they are, the CSV
file flattens them into the columns below. Field names and meanings are a contract: add fields,
never rename or remove one without raising :data:`VERSION`.

JSON document (``/open-data/<dataset>.json``)::

    {"dataset": "partnerships" | "activities",
     "version": 1,
     "generated": "2026-11-29T20:08:26+08:00",      # when the file was made, site time zone
     "source": "https://…/open-data/partnerships.json",  # the address of this document
     "publisher": {"city_zh_hant", "city_en", "office_zh_hant", "office_en"},
     "licence": {"name_zh_hant", "name_en", "url"},  # settings.OPEN_DATA_LICENCE
     "count": 16,
     "records": [{…}, …]}

CSV file (``/open-data/<dataset>.csv``): UTF-8 with a byte order mark (so spreadsheets detect
the encoding), a header row of the field names, CRLF line ends (RFC 4180); every cell passes
through :func:`core.spreadsheets.safe_cell`; an empty value is an empty cell.

Conventions for both: dates are ISO 8601 (``2022-08-16``) and stored as the first day of their
period; ``*_precision`` says how much is known (``day``, ``month``, ``half_year``, ``year``, see
:mod:`core.dates`). ``*_zh_hant`` / ``*_en`` hold each language as entered (empty when
not translated; no fallback). ``url_*`` are the public pages.

Partnership record (one per partnership of a published city, oldest first; CSV columns = keys):
``id`` (``<city slug>:<kind>``, unique), ``city_slug``, ``city_name_zh_hant``, ``city_name_en``,
``city_native_name``, ``city_kind`` (city, prefecture, county, district, state, other),
``city_region_zh_hant``, ``city_region_en``, ``city_latitude``, ``city_longitude`` (decimal
degrees or null), ``country_slug``, ``country_name_zh_hant``, ``country_name_en``,
``country_iso_code`` (ISO 3166-1 alpha-2, empty where none is assigned, e.g. Scotland),
``kind`` (sister_city, friendship_city, agreement), ``established_on``,
``established_precision``, ``ordinal`` (place in the city's sequence of partners, or null),
``ended_on``, ``replaced_by`` (the ``id`` of the partnership this one was upgraded to),
``is_active`` (not ended today), ``note_zh_hant``, ``note_en``, ``url_zh_hant``, ``url_en``.

Activity record (one per published engagement or exhibition, by start date):
``type`` (engagement, exhibition), ``kind`` (reception, outbound_visit, video_conference,
ceremony, donation, other; ``exhibition`` for exhibitions), ``slug`` (unique within ``type``),
``title_zh_hant``, ``title_en``, ``start_date``, ``end_date`` (null for one day or unknown),
``date_precision``, ``last_date`` (the last day covered, at the precision), ``place_zh_hant``,
``place_en`` (an exhibition's venue), ``cities`` (list of ``{slug, name_zh_hant, name_en}``),
``countries`` (list of ``{slug, name_zh_hant, name_en, iso_code}``: the counterparts' countries
and those of the cities), ``topics`` (list of ``{slug, name_zh_hant, name_en}``),
``summary_zh_hant``, ``summary_en``, ``url_zh_hant``, ``url_en``, ``updated_at`` (ISO datetime).
In CSV the lists become ``cities_zh_hant``, ``cities_en``, ``countries_zh_hant``,
``countries_en``, ``country_iso_codes``, ``topics_zh_hant``, ``topics_en``: the values joined by
``"; "``, empty values left out. No participant or other person is listed.
"""

from __future__ import annotations

import csv
import datetime
import heapq
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.conf import settings
from django.db.models import F, Model
from django.utils import timezone, translation

from cities.models import Country, Partnership
from core.spreadsheets import safe_cell
from exhibitions.models import Exhibition
from visits.models import Engagement

VERSION = 1
# Languages of the records and the suffix of their fields, zh-hant first.
LANGUAGES = (("zh-hant", "zh_hant"), ("en", "en"))
LIST_SEPARATOR = "; "
# Rows fetched per database round trip (with their prefetched relations): memory stays bounded
# and the number of queries grows only by a few per CHUNK_SIZE records.
CHUNK_SIZE = 1000

Record = dict[str, Any]


def _iso(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _urls(obj: Model, base_url: str) -> Record:
    """``url_zh_hant`` and ``url_en``: ``base_url`` (scheme and host, no trailing slash) plus
    the object's ``get_absolute_url()`` in each language."""
    urls = {}
    for language, suffix in LANGUAGES:
        with translation.override(language):
            urls[f"url_{suffix}"] = base_url + obj.get_absolute_url()
    return urls


def _names(obj: Model, field: str = "name") -> Record:
    return {f"{field}_{suffix}": getattr(obj, f"{field}_{suffix}") or "" for _, suffix in LANGUAGES}


def _country(country: Country) -> Record:
    return {"slug": country.slug, **_names(country), "iso_code": country.iso_code}


def _unique(objects: Iterable[Model]) -> list[Model]:
    """``objects`` without repeats, in their first order."""
    seen: dict[int, Model] = {}
    for obj in objects:
        seen.setdefault(obj.pk, obj)
    return list(seen.values())


# -- partnerships ---------------------------------------------------------------------------

def partnership_id(partnership: Partnership) -> str:
    """The stable identifier of a partnership in the open data: ``"<city slug>:<kind>"``
    (unique, since a city has at most one partnership of each kind)."""
    return f"{partnership.city.slug}:{partnership.kind}"


def partnership_record(partnership: Partnership, base_url: str) -> Record:
    """The open-data record of one partnership (keys in the module docstring). Expects
    ``city__country`` and ``replaced_by__city`` read through
    :meth:`core.visibility.VisibleQuerySet.with_public`, so that ``replaced_by`` is named only
    when that partnership is public too."""
    city, country = partnership.city, partnership.city.country
    successor = partnership.replaced_by
    return {
        "id": partnership_id(partnership),
        "city_slug": city.slug,
        **{f"city_{key}": value for key, value in _names(city).items()},
        "city_native_name": city.native_name,
        "city_kind": city.kind,
        **{f"city_{key}": value for key, value in _names(city, "region").items()},
        "city_latitude": float(city.latitude) if city.latitude is not None else None,
        "city_longitude": float(city.longitude) if city.longitude is not None else None,
        "country_slug": country.slug,
        **{f"country_{key}": value for key, value in _names(country).items()},
        "country_iso_code": country.iso_code,
        "kind": partnership.kind,
        "established_on": _iso(partnership.established_on),
        "established_precision": partnership.established_precision,
        "ordinal": partnership.ordinal,
        "ended_on": _iso(partnership.ended_on),
        "replaced_by": partnership_id(successor) if successor else None,
        "is_active": partnership.is_active,
        **_names(partnership, "note"),
        **_urls(city, base_url),
    }


def partnership_records(base_url: str) -> Iterator[Record]:
    """Yield the record of every partnership the public may see now, oldest
    establishment first (unknown dates last), in one query per :data:`CHUNK_SIZE` records."""
    partnerships = (
        Partnership.objects.public()
        .with_public("city__country", "replaced_by__city")
        .order_by(F("established_on").asc(nulls_last=True), "pk")
    )
    for partnership in partnerships.iterator(chunk_size=CHUNK_SIZE):
        yield partnership_record(partnership, base_url)


PARTNERSHIP_COLUMNS: list[tuple[str, Callable[[Record], Any]]] = [
    (key, lambda record, key=key: record[key]) for key in (
        "id", "city_slug", "city_name_zh_hant", "city_name_en", "city_native_name", "city_kind",
        "city_region_zh_hant", "city_region_en", "city_latitude", "city_longitude", "country_slug",
        "country_name_zh_hant", "country_name_en", "country_iso_code", "kind", "established_on",
        "established_precision", "ordinal", "ended_on", "replaced_by", "is_active", "note_zh_hant",
        "note_en", "url_zh_hant", "url_en",
    )
]


# -- activities -----------------------------------------------------------------------------

def _activity_record(obj: Engagement | Exhibition, base_url: str, *, kind: str,
                     place: Record, countries: list[Country], topics: list[Model]) -> Record:
    cities = list(obj.cities.all())
    return {
        "type": obj._meta.model_name,
        "kind": kind,
        "slug": obj.slug,
        **_names(obj, "title"),
        "start_date": _iso(obj.start_date),
        "end_date": _iso(obj.end_date),
        "date_precision": obj.date_precision,
        "last_date": _iso(obj.last_date),
        **place,
        "cities": [{"slug": city.slug, **_names(city)} for city in cities],
        "countries": [_country(country) for country in _unique([*countries,
                                                               *(city.country for city in cities)])],
        "topics": [{"slug": topic.slug, **_names(topic)} for topic in topics],
        **_names(obj, "summary"),
        **_urls(obj, base_url),
        "updated_at": timezone.localtime(obj.updated_at).isoformat(timespec="seconds"),
    }


def engagement_record(engagement: Engagement, base_url: str) -> Record:
    """The open-data record of one engagement. Expects ``cities__country``, ``countries`` and
    ``topics`` read through :meth:`core.visibility.VisibleQuerySet.with_public` (public ones
    only)."""
    return _activity_record(engagement, base_url, kind=engagement.kind,
                            place=_names(engagement, "place"),
                            countries=list(engagement.countries.all()),
                            topics=list(engagement.topics.all()))


def exhibition_record(exhibition: Exhibition, base_url: str) -> Record:
    """The open-data record of one exhibition; its place is its venue. Expects ``venue`` and
    ``cities__country`` read through :meth:`core.visibility.VisibleQuerySet.with_public`."""
    venue = exhibition.venue
    place = {f"place_{suffix}": (getattr(venue, f"name_{suffix}") if venue else "") or ""
             for _, suffix in LANGUAGES}
    return _activity_record(exhibition, base_url, kind="exhibition", place=place, countries=[],
                            topics=[])


def activity_records(base_url: str) -> Iterator[Record]:
    """Yield the record of every engagement and exhibition the public may see now, by start
    date (engagements first on the same day, then by creation).

    Reads both tables as streams and merges them, so memory does not grow with the data; six
    queries per :data:`CHUNK_SIZE` records of each kind.
    """
    engagements = (
        Engagement.objects.public().order_by("start_date", "pk")
        .with_public("cities__country", "countries", "topics")
    )
    exhibitions = (
        Exhibition.objects.public().order_by("start_date", "pk").with_public("venue", "cities__country")
    )
    merged = heapq.merge(
        (engagement_record(e, base_url) for e in engagements.iterator(chunk_size=CHUNK_SIZE)),
        (exhibition_record(e, base_url) for e in exhibitions.iterator(chunk_size=CHUNK_SIZE)),
        key=lambda record: record["start_date"],
    )
    yield from merged


def _joined(key: str, field: str) -> Callable[[Record], str]:
    def get(record: Record) -> str:
        return LIST_SEPARATOR.join(item[field] for item in record[key] if item[field])
    return get


ACTIVITY_COLUMNS: list[tuple[str, Callable[[Record], Any]]] = [
    *((key, lambda record, key=key: record[key]) for key in (
        "type", "kind", "slug", "title_zh_hant", "title_en", "start_date", "end_date",
        "date_precision", "last_date", "place_zh_hant", "place_en",
    )),
    ("cities_zh_hant", _joined("cities", "name_zh_hant")),
    ("cities_en", _joined("cities", "name_en")),
    ("countries_zh_hant", _joined("countries", "name_zh_hant")),
    ("countries_en", _joined("countries", "name_en")),
    ("country_iso_codes", _joined("countries", "iso_code")),
    ("topics_zh_hant", _joined("topics", "name_zh_hant")),
    ("topics_en", _joined("topics", "name_en")),
    *((key, lambda record, key=key: record[key]) for key in (
        "summary_zh_hant", "summary_en", "url_zh_hant", "url_en", "updated_at",
    )),
]


# -- files ----------------------------------------------------------------------------------

class _Line:
    """A file-like object whose ``write`` returns what it was given, so that ``csv.writer``
    produces one line at a time (the Django documentation's streaming CSV recipe)."""

    def write(self, value: str) -> str:
        return value


def csv_lines(records: Iterable[Record],
              columns: list[tuple[str, Callable[[Record], Any]]]) -> Iterator[str]:
    """Yield a CSV file line by line: a byte order mark, the header of column names, then one
    row per record, every cell through :func:`~core.spreadsheets.safe_cell` (``None``
    is an empty cell, ``True``/``False`` are written as such)."""
    writer = csv.writer(_Line())
    yield "\ufeff" + writer.writerow([name for name, _ in columns])
    for record in records:
        yield writer.writerow([safe_cell(get(record)) for _, get in columns])


def document(dataset: str, records: Iterable[Record], source: str) -> Record:
    """The JSON document of ``dataset`` (``"partnerships"`` or ``"activities"``) with
    ``records``, whose own address is ``source``; shape in the module docstring."""
    records = list(records)
    return {
        "dataset": dataset,
        "version": VERSION,
        "generated": timezone.localtime().isoformat(timespec="seconds"),
        "source": source,
        "publisher": {
            **{f"city_{suffix}": settings.HOME_CITY[language] for language, suffix in LANGUAGES},
            **{f"office_{suffix}": settings.OFFICE[language] for language, suffix in LANGUAGES},
        },
        "licence": dict(settings.OPEN_DATA_LICENCE),
        "count": len(records),
        "records": records,
    }
