"""Admin for countries, cities and partnerships."""

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.admin import PublishableRecordAdmin, RecordAdmin, StackedRecordInline, TabularRecordInline
from core.i18n import join_list

from .models import City, Country, Partnership


@admin.register(Country)
class CountryAdmin(RecordAdmin):
    """Countries and territories; searched by either name or ISO code (also the autocomplete)."""

    list_display = ["name", "name_en", "iso_code", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["name_zh_hant", "name_en", "iso_code", "slug"]
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]


class CityLinkInline(TabularRecordInline):
    """The cities a record of another app names (:class:`cities.models.CityLink`), chosen by
    autocomplete; subclasses set ``model``."""

    autocomplete_fields = ["city"]


class PartnershipInline(StackedRecordInline):
    """A city's partnerships, edited on the city's page."""

    model = Partnership
    fk_name = "city"
    autocomplete_fields = ["replaced_by"]


@admin.register(City)
class CityAdmin(PublishableRecordAdmin):
    """Partner cities and other local governments; search by any name in any script."""

    list_display = ["name", "name_en", "native_name", "kind", "country", "partnership_kinds",
                    "status"]
    list_filter = ["status", "kind", "partnerships__kind", "country"]
    search_fields = ["name_zh_hant", "name_en", "native_name", "slug"]
    normalised_search_fields = ("search_key",)
    autocomplete_fields = ["country"]
    list_select_related = ["country"]
    inlines = [PartnershipInline]
    # Web addresses typed without a scheme are https (Django 6.0's default, adopted now).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["name", "native_name", "slug", "kind", "country", "region"]}),
        (_("Details"), {"fields": ["description", "website", "latitude", "longitude", "image",
                                   "image_alt_text"]}),
        (_("Publication"), {"fields": ["status", "publish_from"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("partnerships")

    @admin.display(description=_("partnerships"))
    def partnership_kinds(self, obj: City) -> str:
        return join_list(p.get_kind_display() for p in obj.partnerships.all())


@admin.register(Partnership)
class PartnershipAdmin(RecordAdmin):
    """All partnerships, filterable by kind and country."""

    list_display = ["city", "kind", "established_on", "established_precision", "ordinal",
                    "ended_on"]
    list_filter = ["kind", "established_precision", "city__country"]
    search_fields = ["city__name_zh_hant", "city__name_en", "city__native_name"]
    autocomplete_fields = ["city", "replaced_by"]
    list_select_related = ["city", "city__country"]
    date_hierarchy = "established_on"
