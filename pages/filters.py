"""The dated archive's filters (kind, partner city, country)."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from cities.models import City, countries_and_parents
from core import timeline
from core.forms import PlainSelect, slug_choices


def activity_cities() -> QuerySet:
    """The public cities that public activities name: the city filter's options."""
    condition = Q(pk__in=[])
    for queryset in timeline.published().values():
        condition |= Q(pk__in=queryset.order_by().values("cities"))
    return City.objects.public().filter(condition)


def activity_countries() -> QuerySet:
    """The public countries public activities are tied to (``countries_condition()`` of each
    timeline model), with the public states they lie within: the country filter's options. The
    public rule is not applied again: each is named by a public engagement or a public city (or
    is the state a public one lies within), which the rule itself makes public."""
    condition = Q(pk__in=[])
    for queryset in timeline.published().values():
        condition |= queryset.countries_condition()
    return countries_and_parents(condition, named_by_public=("engagements", "cities"))


class ActivityFilter(django_filters.FilterSet):
    """Filters applied alike to each timeline model's records: instantiate it once per
    queryset (:func:`core.timeline.published`) with the same ``data``. Each model's QuerySet
    answers ``of_kind(code)``, ``in_country(slug)`` and has ``cities``."""

    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=timeline.kind_choices,
                                       method="filter_kind", empty_label=_("All kinds"),
                                       widget=PlainSelect)
    city = django_filters.ChoiceFilter(
        label=_("City"), choices=lambda: slug_choices(activity_cities, kept_as="cities"),
        method="filter_city", empty_label=_("All cities"), widget=PlainSelect,
    )
    country = django_filters.ChoiceFilter(
        label=_("Country"), choices=lambda: slug_choices(activity_countries, kept_as="countries"),
        method="filter_country", empty_label=_("All countries"), widget=PlainSelect,
    )

    def filter_kind(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """The records of kind ``value`` (a code of :func:`core.timeline.kind_choices`)."""
        return queryset.of_kind(value)

    def filter_city(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """Activities naming the city of slug ``value`` among their partner or featured cities."""
        return queryset.filter(cities__slug=value)

    def filter_country(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """Activities tied to the country of slug ``value`` or a nation within it."""
        return queryset.in_country(value)
