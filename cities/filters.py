"""Filters of the public list of partner cities (django-filter)."""

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from intl_affairs.forms import PlainSelect, slug_choices

from .models import City, Country, Partnership, PartnershipKind


class PartnerCityFilter(django_filters.FilterSet):
    """Filter partner cities by the kind of a partnership in force and by country (slug)."""

    kind = django_filters.ChoiceFilter(label=_("Kind of partnership"), choices=PartnershipKind.choices,
                                       method="filter_kind", empty_label=_("All kinds"),
                                       widget=PlainSelect)
    country = django_filters.ChoiceFilter(
        label=_("Country"), empty_label=_("All countries"), field_name="country__slug",
        choices=lambda: slug_choices(Country.objects.filter(
            pk__in=City.objects.published().partners().values("country"))),
        widget=PlainSelect,
    )

    class Meta:
        model = City
        fields: list[str] = []

    def filter_kind(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """Cities with a partnership of kind ``value`` that has not ended."""
        return queryset.filter(pk__in=Partnership.objects.active().filter(kind=value).values("city"))
