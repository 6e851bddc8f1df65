"""Translation options shared by several apps (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions


class PhotoTranslationOptions(TranslationOptions):
    """Caption and alternative text of any :class:`core.models.Photo` subclass."""

    fields = ("caption", "alt_text")


class NothingToTranslate(TranslationOptions):
    """For a model with no text of its own (a link between two records, e.g. a partner city of
    an engagement). Registering it lets the admin's inline bases (``core.admin``), which are
    django-modeltranslation's, serve it like every other model: the library refuses an
    unregistered model."""

    fields = ()
