"""Fields translated into every language in ``settings.LANGUAGES`` (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from core.translation import PhotoTranslationOptions

from .models import Exhibition, ExhibitionPhoto, ExhibitionSeries, Item, Venue


@register(Venue)
class VenueTranslationOptions(TranslationOptions):
    fields = ("name", "address")


@register(ExhibitionSeries)
class ExhibitionSeriesTranslationOptions(TranslationOptions):
    fields = ("title", "description")


@register(Exhibition)
class ExhibitionTranslationOptions(TranslationOptions):
    fields = ("title", "summary")


@register(Item)
class ItemTranslationOptions(TranslationOptions):
    fields = ("name", "description", "maker")


register(ExhibitionPhoto)(PhotoTranslationOptions)
