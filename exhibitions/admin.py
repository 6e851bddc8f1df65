"""Admin for venues, exhibition series, exhibitions and items."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from cities.admin import CityLinkInline
from core.admin import (
    PublishableRecordAdmin,
    RecordAdmin,
    StackedRecordInline,
    TabularRecordInline,
)

from .models import (
    ExhibitedItem,
    Exhibition,
    ExhibitionCity,
    ExhibitionPhoto,
    ExhibitionSeries,
    Item,
    Venue,
)


@admin.register(Venue)
class VenueAdmin(RecordAdmin):
    """Exhibition venues."""

    list_display = ["name", "name_en", "address"]
    search_fields = ["name_zh_hant", "name_en", "address_zh_hant"]


@admin.register(ExhibitionSeries)
class ExhibitionSeriesAdmin(PublishableRecordAdmin):
    """Exhibition series with their date ranges."""

    list_display = ["title", "dates", "venue", "status"]
    list_filter = ["status"]
    search_fields = ["title_zh_hant", "title_en"]
    autocomplete_fields = ["venue"]
    list_select_related = ["venue"]


class ExhibitionCityInline(CityLinkInline):
    """Cities featured in an exhibition."""

    model = ExhibitionCity
    verbose_name_plural = _("featured cities")


class ExhibitedItemInline(TabularRecordInline):
    """Items shown in an exhibition, in display order."""

    model = ExhibitedItem
    autocomplete_fields = ["item"]


class ExhibitionPhotoInline(StackedRecordInline):
    """Photos of an exhibition."""

    model = ExhibitionPhoto


@admin.register(Exhibition)
class ExhibitionAdmin(PublishableRecordAdmin):
    """Exhibitions with featured cities, items and photos on one page."""

    list_display = ["title", "dates", "venue", "series", "status"]
    list_filter = ["status", "series", "venue", "date_precision"]
    date_hierarchy = "start_date"
    search_fields = ["title_zh_hant", "title_en", "cities__name_zh_hant", "cities__name_en"]
    autocomplete_fields = ["series", "venue"]
    list_select_related = ["venue", "series"]
    inlines = [ExhibitionCityInline, ExhibitedItemInline, ExhibitionPhotoInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "series", ("start_date", "end_date", "date_precision"),
                           "venue"]}),
        (_("Report"), {"fields": ["summary", "report_heading"]}),
        (_("Publication"), {"fields": ["status", "publish_from"]}),
    ]


@admin.register(Item)
class ItemAdmin(RecordAdmin):
    """Gifts, keys to the city, mascots and other items the city keeps or shows."""

    list_display = ["name", "kind", "is_gift", "given_on"]
    list_filter = ["kind", "is_gift"]
    search_fields = ["name_zh_hant", "name_en", "native_name", "maker_zh_hant", "maker_en"]
    autocomplete_fields = ["engagement"]
