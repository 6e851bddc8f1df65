"""Fields translated into every language in ``settings.LANGUAGES`` (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import City, Country, Partnership


@register(Country)
class CountryTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("zh-hant", "en")


@register(City)
class CityTranslationOptions(TranslationOptions):
    fields = ("name", "region", "description", "image_alt_text")
    # A city may be saved with its Chinese name only; English pages then show that name.
    required_languages = {"zh-hant": ("name",)}


@register(Partnership)
class PartnershipTranslationOptions(TranslationOptions):
    fields = ("note",)
