"""Activities: engagements and exhibitions read together, newest first, as the public archive,
the home page and the city pages show them.

Only published records are read (:meth:`PublishableQuerySet.published`), and related lists
(partner cities) are limited to published records by the QuerySet methods ``for_listing()``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import django_filters
from django.db.models import CharField, QuerySet, Value
from django.utils.translation import gettext_lazy as _

from cities.models import City, Country, in_country
from exhibitions.models import Exhibition
from visits.models import Engagement, EngagementKind

from .forms import PlainSelect, slug_choices

EXHIBITION = "exhibition"
ENGAGEMENT = "engagement"


@dataclass(frozen=True)
class Activity:
    """One entry of an activity list: ``record`` is an :class:`Engagement` or an
    :class:`Exhibition`, ``kind`` an :class:`EngagementKind` value or ``"exhibition"``."""

    record: Engagement | Exhibition
    kind: str

    @property
    def kind_label(self) -> str:
        """The kind in the active language (``視訊會議``, ``exhibition``...)."""
        return str(_("exhibition")) if self.kind == EXHIBITION else self.record.get_kind_display()

    @property
    def is_exhibition(self) -> bool:
        return self.kind == EXHIBITION


def kind_choices() -> list[tuple[str, str]]:
    """Every kind of activity for the archive's filter: the engagement kinds, then exhibitions."""
    return [*EngagementKind.choices, (EXHIBITION, _("exhibition"))]


def _activity(record: Engagement | Exhibition) -> Activity:
    return Activity(record, EXHIBITION if isinstance(record, Exhibition) else record.kind)


def public_querysets() -> tuple[QuerySet, QuerySet]:
    """The published engagements and exhibitions, ready for a list (partner cities prefetched)."""
    return (Engagement.objects.published().for_listing(),
            Exhibition.objects.published().for_listing())


def merged(engagements, exhibitions, *, newest_first: bool = True) -> list[Activity]:
    """Merge two iterables of records into :class:`Activity` entries sorted by start date."""
    records = [*engagements, *exhibitions]
    records.sort(key=lambda r: (r.start_date, r.pk), reverse=newest_first)
    return [_activity(r) for r in records]


def recent(today: datetime.date, limit: int) -> list[Activity]:
    """The ``limit`` latest activities that started on or before ``today`` (a date). 4 queries."""
    engagements, exhibitions = public_querysets()
    return merged(engagements.filter(start_date__lte=today).order_by("-start_date", "-pk")[:limit],
                  exhibitions.filter(start_date__lte=today).order_by("-start_date", "-pk")[:limit])[:limit]


def upcoming(today: datetime.date, limit: int) -> list[Activity]:
    """The ``limit`` next activities starting after ``today`` (a date), soonest first."""
    engagements, exhibitions = public_querysets()
    return merged(engagements.filter(start_date__gt=today).order_by("start_date", "pk")[:limit],
                  exhibitions.filter(start_date__gt=today).order_by("start_date", "pk")[:limit],
                  newest_first=False)[:limit]


def involving(city: City) -> QuerySet:
    """The :func:`rows` of every published activity naming ``city`` (engagements either way,
    exhibitions featuring it), newest first: paginate them, then :func:`materialise` a page."""
    engagements, exhibitions = public_querysets()
    return rows(engagements.involving(city), exhibitions.involving(city))


def rows(engagements: QuerySet, exhibitions: QuerySet) -> QuerySet:
    """One ordered queryset (a SQL ``UNION``) of ``(start_date, pk, model)`` rows over both
    querysets, newest first: something a :class:`~django.core.paginator.Paginator` can count and
    slice in the database. :func:`materialise` turns a page of it into activities."""
    def as_rows(queryset: QuerySet, model: str) -> QuerySet:
        return queryset.order_by().annotate(model=Value(model, output_field=CharField())).values_list(
            "start_date", "pk", "model"
        )
    return as_rows(engagements, ENGAGEMENT).union(as_rows(exhibitions, EXHIBITION), all=True).order_by(
        "-start_date", "-pk"
    )


def materialise(page_rows, *, with_photos: bool = False) -> list[Activity]:
    """Fetch the records of a page of :func:`rows` (two queries plus prefetches, and two more
    ``with_photos``), in order."""
    wanted = list(page_rows)
    engagements, exhibitions = public_querysets()
    if with_photos:
        engagements, exhibitions = (engagements.prefetch_related("photos"),
                                    exhibitions.prefetch_related("photos"))
    found = {
        ENGAGEMENT: engagements.in_bulk([pk for _, pk, model in wanted if model == ENGAGEMENT]),
        EXHIBITION: exhibitions.in_bulk([pk for _, pk, model in wanted if model == EXHIBITION]),
    }
    return [_activity(found[model][pk]) for _, pk, model in wanted if pk in found[model]]


def periods() -> tuple[list[int], list[datetime.date]]:
    """The years (ints) and months (first days) that have published activities, ascending."""
    years, months = set(), set()
    for queryset in (Engagement.objects.published(), Exhibition.objects.published()):
        more_years, more_months = queryset.months_covered()
        years |= more_years
        months |= more_months
    return sorted(years), sorted(months)


class ActivityFilter(django_filters.FilterSet):
    """The archive's filters (kind, partner city, country), applied alike to the engagements and
    to the exhibitions: instantiate it once per queryset with the same ``data``."""

    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=kind_choices, method="filter_kind",
                                       empty_label=_("All kinds"), widget=PlainSelect)
    city = django_filters.ChoiceFilter(
        label=_("City"), choices=lambda: slug_choices(City.objects.published()),
        method="filter_city", empty_label=_("All cities"), widget=PlainSelect,
    )
    country = django_filters.ChoiceFilter(
        label=_("Country"), choices=lambda: slug_choices(Country.objects.all()),
        method="filter_country", empty_label=_("All countries"), widget=PlainSelect,
    )

    class Meta:
        model = Engagement
        fields: list[str] = []

    def filter_kind(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """Exhibitions for ``"exhibition"``, engagements of that kind otherwise."""
        if queryset.model is Exhibition:
            return queryset if value == EXHIBITION else queryset.none()
        return queryset.none() if value == EXHIBITION else queryset.filter(kind=value)

    def filter_city(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """Activities naming the city of slug ``value`` among their partner or featured cities."""
        return queryset.filter(cities__slug=value)

    def filter_country(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """Activities with a city in the country of slug ``value`` (or a nation within it) or,
        for engagements, a counterpart from it."""
        if queryset.model is Exhibition:
            return queryset.filter(in_country("cities__country", value)).distinct()
        return queryset.filter(
            in_country("countries", value) | in_country("cities__country", value)).distinct()
