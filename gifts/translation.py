"""Fields translated into every language in ``settings.LANGUAGES`` (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from core.translation import NothingToTranslate, PhotoTranslationOptions

from .models import Gift, GiftDonatedItem, GiftLoan, GiftPhoto, InventoryCheck, InventoryWalk


@register(Gift)
class GiftTranslationOptions(TranslationOptions):
    fields = ("name", "description", "counterpart_organisation", "disposition_note")


register(GiftPhoto)(PhotoTranslationOptions)
register(GiftDonatedItem)(NothingToTranslate)
register(GiftLoan)(NothingToTranslate)
register(InventoryWalk)(NothingToTranslate)
register(InventoryCheck)(NothingToTranslate)
