"""Translation options shared by several apps (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions


class PhotoTranslationOptions(TranslationOptions):
    """Caption and alternative text of any :class:`core.models.Photo` subclass."""

    fields = ("caption", "alt_text")
