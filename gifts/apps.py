from django.utils.translation import gettext_lazy as _

from core import registry


class GiftsConfig(registry.RecordAppConfig):
    """The protocol gift register: every gift the city received or gave, its value, reporting to
    the ethics unit, disposition, custody and inventory."""

    name = "gifts"
    verbose_name = _("Gifts")

    def ready(self) -> None:
        """Besides the record app's versions and history: the register holds who gave an item
        (:attr:`gifts.models.Gift.item`), so the apps below it read the giver through the gift.
        A published gift makes its item public (the partner city's gallery shows it), and an
        exhibition's page reads the giver of each item it shows (public gifts and cities only,
        :meth:`exhibitions.models.ExhibitionQuerySet.for_page`). Exhibitions sits below this app
        and imports nothing of it: the register adds itself here."""
        super().ready()
        from exhibitions.models import ExhibitionQuerySet, Item

        if "gift" not in Item.public_when_named_by:
            Item.public_when_named_by = (*Item.public_when_named_by, "gift")
        giver = "gift__counterpart_city__country__parent"
        if giver not in ExhibitionQuerySet.item_page_lookups:
            ExhibitionQuerySet.item_page_lookups = (*ExhibitionQuerySet.item_page_lookups, giver)
