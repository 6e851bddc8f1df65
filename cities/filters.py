"""Filters of the public list of partner cities (django-filter)."""

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from .models import City, Country, Partnership, PartnershipKind


class PartnerCityFilter(django_filters.FilterSet):
    """Filter partner cities by the kind of a partnership in force and by country (slug)."""

    kind = django_filters.ChoiceFilter(label=_("Kind of partnership"), choices=PartnershipKind.choices,
                                       method="filter_kind", empty_label=_("All kinds"))
    country = django_filters.ModelChoiceFilter(
        label=_("Country"), to_field_name="slug", empty_label=_("All countries"),
        queryset=lambda request: Country.objects.filter(
            cities__in=City.objects.published().partners()).distinct().order_by("name"),
    )

    class Meta:
        model = City
        fields: list[str] = []

    def filter_kind(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """Cities with a partnership of kind ``value`` that has not ended."""
        return queryset.filter(pk__in=Partnership.objects.active().filter(kind=value).values("city"))
