"""What the register adds to the public pages of the apps below it (declared in
:class:`gifts.apps.GiftsConfig` ``adds_to``; those apps import nothing of this one)."""

from __future__ import annotations

from django.template.loader import render_to_string

from cities.models import City
from core.cache import kept_markup


def city_page_context(city: City) -> dict[str, str]:
    """The context a partner city's page gains: ``gift_cards``, the gallery's cards
    (``includes/gift.html`` each, one markup str, ``""`` when none) of the published gifts
    ``city`` gave (:meth:`gifts.models.GiftQuerySet.for_gallery`: never a value or custody
    field), kept between changes (:func:`core.cache.kept_markup`): a card depends only on its
    gift, its item, photos, engagement and exhibitions and the language."""
    return {"gift_cards": kept_markup([f"city-gifts:{city.pk}"], lambda missing: [render_to_string(
        "includes/gift_cards.html", {"gifts": city.gifts.for_gallery()}).strip()])[0]}
