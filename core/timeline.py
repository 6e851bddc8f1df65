"""Timelines: the dated records of several models (engagements, exhibitions...) read together,
newest first, as the public archive, the home page and the city pages list them.

Which models: those the record apps name in ``timeline_models``
(:func:`core.registry.timeline_models`). Each is a :class:`core.models.DatedModel` with a
public page (``get_absolute_url``) and provides:

- ``timeline_kind`` (an instance attribute or property): the code of its kind, a str, unique
  across the timeline's models (``"reception"``, ``"exhibition"``...), and ``timeline_kind_label``
  its name in the active language;
- ``timeline_kind_choices()`` (a classmethod): every ``(code, label)`` it can have;
- QuerySet methods ``public()`` and ``months_covered()`` (:class:`core.models.DatedQuerySet`),
  ``for_listing()`` (what a list row shows, prefetched), ``involving(record)`` (the records
  that name ``record``, e.g. a city), and, for the archive's filters, ``of_kind(code)``,
  ``in_country(slug)`` and ``countries_named()`` (the public countries they are tied to).

Only public records are read (:mod:`core.visibility`).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models
from django.db.models import CharField, QuerySet, Value

from .cache import kept_between_changes
from .registry import timeline_models


@dataclass(frozen=True)
class Activity:
    """One entry of a timeline: ``record`` is an instance of one of the timeline's models."""

    record: models.Model

    @property
    def kind(self) -> str:
        """The code of the record's kind (``"video_conference"``, ``"exhibition"``...)."""
        return self.record.timeline_kind

    @property
    def kind_label(self) -> str:
        """The kind in the active language (``視訊會議``, ``exhibition``...)."""
        return str(self.record.timeline_kind_label)


def kind_choices() -> list[tuple[str, str]]:
    """Every kind of activity, ``(code, label)``, model by model in registry order."""
    return [choice for model in timeline_models() for choice in model.timeline_kind_choices()]


def published() -> dict[str, QuerySet]:
    """The published records of each timeline model, ready for a list, keyed by the model's
    ``label_lower`` (``"visits.engagement"``)."""
    return {model._meta.label_lower: model.objects.public().for_listing()
            for model in timeline_models()}


def merged(querysets: Iterable[Iterable[models.Model]], *, newest_first: bool = True) -> list[Activity]:
    """Merge iterables of records into :class:`Activity` entries sorted by start date."""
    records = [record for queryset in querysets for record in queryset]
    records.sort(key=lambda r: (r.start_date, r.pk), reverse=newest_first)
    return [Activity(record) for record in records]


def recent(today: datetime.date, limit: int) -> list[Activity]:
    """The ``limit`` latest activities that started on or before ``today`` (a date): one query
    and its prefetches per model."""
    return merged([queryset.filter(start_date__lte=today).order_by("-start_date", "-pk")[:limit]
                   for queryset in published().values()])[:limit]


def upcoming(today: datetime.date, limit: int) -> list[Activity]:
    """The ``limit`` next activities starting after ``today`` (a date), soonest first."""
    return merged([queryset.filter(start_date__gt=today).order_by("start_date", "pk")[:limit]
                   for queryset in published().values()], newest_first=False)[:limit]


def involving(record: models.Model) -> QuerySet:
    """The :func:`rows` of every published activity naming ``record`` (e.g. a city), newest
    first: paginate them, then :func:`materialise` a page."""
    return rows(queryset.involving(record) for queryset in published().values())


def rows(querysets: Iterable[QuerySet]) -> QuerySet:
    """One ordered queryset (a SQL ``UNION ALL``) of ``(start_date, pk, model)`` rows over the
    ``querysets`` (one per timeline model), newest first, ``model`` being the model's
    ``label_lower``: something a :class:`~django.core.paginator.Paginator` can count and slice in
    the database. :func:`materialise` turns a page of it into activities."""
    parts = [
        queryset.order_by().annotate(
            model=Value(queryset.model._meta.label_lower, output_field=CharField())
        ).values_list("start_date", "pk", "model")
        for queryset in querysets
    ]
    return parts[0].union(*parts[1:], all=True).order_by("-start_date", "-pk")


def materialise(page_rows: Iterable[tuple], *, with_photos: bool = False) -> list[Activity]:
    """Fetch the records of a page of :func:`rows`, in order: one query (and its prefetches)
    per model on the page, and one more per model ``with_photos``."""
    wanted = list(page_rows)
    found: dict[str, dict] = {}
    for label, queryset in published().items():
        keys = [pk for _, pk, model in wanted if model == label]
        if keys:
            if with_photos:
                queryset = queryset.with_public("photos")
            found[label] = queryset.in_bulk(keys)
    return [Activity(found[model][pk]) for _, pk, model in wanted if pk in found.get(model, {})]


def periods() -> tuple[list[int], list[datetime.date]]:
    """The years (ints) and months (first days) that have published activities, ascending;
    kept between changes (:func:`core.cache.kept_between_changes`): it reads every published
    record."""
    return kept_between_changes("periods", _periods)


def _periods() -> tuple[list[int], list[datetime.date]]:
    years: set[int] = set()
    months: set[datetime.date] = set()
    for model in timeline_models():
        more_years, more_months = model.objects.public().months_covered()
        years |= more_years
        months |= more_months
    return sorted(years), sorted(months)
