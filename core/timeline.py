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
  ``in_country(slug)`` and ``countries_condition()`` (a ``Q`` on the countries they are tied to).

Only public records are read (:mod:`core.visibility`).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connections, models
from django.db.models import CharField, QuerySet, Value
from django.template.loader import get_template
from django.utils.safestring import SafeString

from .cache import kept_between_changes, kept_markup
from .registry import timeline_models

# One activity as a row of a list (``includes/activity_list.html`` lists them).
ROW_TEMPLATE = "includes/activity.html"


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


def recent_and_upcoming(today: datetime.date, limit: int) -> tuple[list[SafeString], list[SafeString]]:
    """The markup (:func:`rendered`) of the ``limit`` latest activities that started on or
    before ``today`` (a date), newest first, and of the ``limit`` next ones, soonest first: the
    keys of each list read model by model (an index scan that stops after ``limit`` rows: a
    ``UNION`` sorted as a whole reads every published record), then the records of both lists
    fetched together. The keys of both lists are kept between changes per day
    (:func:`core.cache.kept_between_changes`), the rows as :func:`rendered` keeps them."""
    def keys() -> tuple[list[tuple], list[tuple]]:
        published_now = published().values()
        return (_first_rows((queryset.filter(start_date__lte=today) for queryset in published_now),
                            limit, newest_first=True),
                _first_rows((queryset.filter(start_date__gt=today) for queryset in published_now),
                            limit, newest_first=False))

    recent, upcoming = kept_between_changes(f"recent-and-upcoming:{today.isoformat()}:{limit}", keys)
    markup = rendered(recent + upcoming)
    return markup[:len(recent)], markup[len(recent):]


def _first_rows(querysets: Iterable[QuerySet], limit: int, *, newest_first: bool) -> list[tuple]:
    """The first ``limit`` ``(start_date, pk, model)`` rows (as :func:`rows` gives them) of the
    ``querysets`` together, newest or oldest first: ``limit`` from each, merged here."""
    order = ("-start_date", "-pk") if newest_first else ("start_date", "pk")
    found = [(start, pk, queryset.model._meta.label_lower) for queryset in querysets
             for start, pk in queryset.order_by(*order).values_list("start_date", "pk")[:limit]]
    found.sort(key=lambda row: (row[0], row[1]), reverse=newest_first)
    return found[:limit]


def involving(record: models.Model) -> QuerySet:
    """The :func:`rows` of every published activity naming ``record`` (e.g. a city), newest
    first: paginate them, then :func:`materialise` a page."""
    return rows(queryset.involving(record) for queryset in published().values())


def rows(querysets: Iterable[QuerySet]) -> TimelineRows:
    """The ``(start_date, pk, model)`` rows of the records of the ``querysets`` (one per
    timeline model) together, newest first, ``model`` being the model's ``label_lower``: a
    :class:`TimelineRows` that a :class:`~django.core.paginator.Paginator` can count and slice
    in the database. :func:`materialise` turns a page of it into activities."""
    return TimelineRows(querysets)


class TimelineRows:
    """The rows of :func:`rows`, counted and sliced in the database.

    ``count()`` (int): one ``COUNT`` over the ``UNION ALL`` of every model's keys. A slice
    ``[bottom:top]`` (non-negative ints: a page of a paginator) is one SQL ``UNION ALL`` of
    each model's first ``top`` keys, newest first (``start_date``, then ``pk``, descending:
    on PostgreSQL an ordered scan of the index of published records by date that stops after
    ``top`` rows, where a ``UNION`` sorted as a whole read and sorted every published record;
    on SQLite, which takes no ``LIMIT`` in a part of a ``UNION``, the keys of the records among
    each model's first ``top``), sorted together and cut to the slice; rows of two models with
    the same date and key come in the order of the models' labels. A slice returns a list of
    ``(start_date, pk, model)`` tuples; any other index raises ``TypeError``."""

    ordered = True  # for the paginator: the rows have a defined order

    def __init__(self, querysets: Iterable[QuerySet]) -> None:
        self.parts = [queryset.order_by() for queryset in querysets]

    def count(self) -> int:
        """How many rows (int), in one query."""
        keys = [part.values_list("pk") for part in self.parts]
        return keys[0].union(*keys[1:], all=True).count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[tuple]:
        if (not isinstance(index, slice) or index.step is not None or index.stop is None
                or (index.start or 0) < 0 or index.stop < 0):
            raise TypeError("TimelineRows takes a slice [bottom:top] of non-negative ints")
        bottom, top = index.start or 0, index.stop
        if top <= bottom:
            return []
        order = ("-start_date", "-pk")
        if connections[self.parts[0].db].features.supports_slicing_ordering_in_compound:
            branches = [self._keys(part.order_by(*order))[:top] for part in self.parts]  # PostgreSQL
        else:  # SQLite takes no LIMIT in a part of a UNION, but takes one in a subquery
            branches = [self._keys(part.model._default_manager.filter(
                pk__in=part.order_by(*order).values("pk")[:top]).order_by()) for part in self.parts]
        return list(branches[0].union(*branches[1:], all=True).order_by(*order, "model")[bottom:top])

    def _keys(self, queryset: QuerySet) -> QuerySet:
        return queryset.annotate(
            model=Value(queryset.model._meta.label_lower, output_field=CharField())
        ).values_list("start_date", "pk", "model")


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


def rendered(page_rows: Iterable[tuple], *, with_photos: bool = False) -> list[SafeString]:
    """The list-row markup (``ROW_TEMPLATE``, one ``<li>`` each) of a page of :func:`rows`, in
    order, ``with_photos`` or without. Each row is kept between changes
    (:func:`core.cache.kept_markup`): a row depends only on its record, the record's public
    cities and photos and the language, so a row rendered for one list (a city's page) serves
    every other (the archive, its filters, the home page) until a record changes; only the
    rows not kept are fetched (:func:`materialise`) and rendered. A record gone from the
    public site between the page's query and the fetch gives an empty row."""
    wanted = list(page_rows)
    variant = "photos" if with_photos else "plain"

    def render(missing: list[int]) -> list[str]:
        activities = {(activity.record._meta.label_lower, activity.record.pk): activity
                      for activity in materialise([wanted[i] for i in missing], with_photos=with_photos)}
        template = get_template(ROW_TEMPLATE)
        markup = []
        for index in missing:
            _, pk, model = wanted[index]
            activity = activities.get((model, pk))
            markup.append(template.render({"activity": activity, "show_photos": with_photos})
                          if activity else "")
        return markup

    return kept_markup([f"activity:{model}:{pk}:{variant}" for _, pk, model in wanted], render)


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
