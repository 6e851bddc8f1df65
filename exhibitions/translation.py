"""Fields translated into every language in ``settings.LANGUAGES`` (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from core.translation import NothingToTranslate, PhotoTranslationOptions

from .models import ExhibitedItem, Exhibition, ExhibitionCity, ExhibitionPhoto, ExhibitionSeries, Item, Venue


@register(Venue)
class VenueTranslationOptions(TranslationOptions):
    fields = ("name", "address")


@register(ExhibitionSeries)
class ExhibitionSeriesTranslationOptions(TranslationOptions):
    fields = ("title", "description")


@register(Exhibition)
class ExhibitionTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "report_heading")


@register(Item)
class ItemTranslationOptions(TranslationOptions):
    fields = ("name", "description", "maker")


register(ExhibitionPhoto)(PhotoTranslationOptions)
register(ExhibitionCity)(NothingToTranslate)
register(ExhibitedItem)(NothingToTranslate)
