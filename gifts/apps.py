from django.utils.translation import gettext_lazy as _

from core import registry


class GiftsConfig(registry.RecordAppConfig):
    """The protocol gift register: every gift the city received or gave, its value, reporting to
    the ethics unit, disposition, custody and inventory."""

    name = "gifts"
    verbose_name = _("Gifts")

    # The register holds who gave an item (gifts.models.Gift.item), so the apps below it read
    # the giver through the gift; they import nothing of this app and read these declarations
    # (core.registry.added_to). A published gift makes its item public (the partner city's
    # gallery shows it); an exhibition's page reads the giver of each item it shows (public gifts
    # and cities only); a partner city's page shows the gifts it gave (gifts.views); the item's
    # and the engagement's admin pages show the gift.
    adds_to = {
        "exhibitions.Item": {
            "public_when_named_by": ("gift",),
            "page_lookups": ("gift__counterpart_city__country__parent",),
            "admin_inlines": ("gifts.admin.ItemGiftInline",),
            "admin_list_display": ("gifts.admin.item_giver",),
            "admin_list_select_related": ("gift__counterpart_person", "gift__counterpart_city",
                                          "gift__counterpart_country", "gift__own_person",
                                          "gift__own_bureau"),
        },
        "cities.City": {
            "page_context": ("gifts.views.city_page_context",),
        },
        "visits.Engagement": {
            "admin_inlines": ("gifts.admin.EngagementGiftInline",),
        },
    }
