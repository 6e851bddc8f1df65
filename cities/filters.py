"""Filters of the public list of partner cities (django-filter)."""

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core.forms import PlainSelect, slug_choices

from .models import City, Partnership, PartnershipKind, countries_and_parents, in_country


class PartnerCityFilter(django_filters.FilterSet):
    """Filter partner cities by the kind of a partnership in force and by country (slug)."""

    kind = django_filters.ChoiceFilter(label=_("Kind of partnership"), choices=PartnershipKind.public_choices,
                                       method="filter_kind", empty_label=_("All kinds"),
                                       widget=PlainSelect)
    country = django_filters.ChoiceFilter(
        label=_("Country"), empty_label=_("All countries"), method="filter_country",
        choices=lambda: slug_choices(lambda: countries_and_parents(
            Q(pk__in=City.objects.public().partners().values("country"))),
            kept_as="partner-countries"),
        widget=PlainSelect,
    )

    class Meta:
        model = City
        fields: list[str] = []

    def filter_country(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """Cities in the country of slug ``value`` or in a nation within it (Scotland in the
        United Kingdom), which is offered too."""
        return queryset.filter(in_country("country", value))

    def filter_kind(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """Cities with a partnership of kind ``value`` that has not ended."""
        return queryset.filter(pk__in=Partnership.objects.active().filter(kind=value).values("city"))
