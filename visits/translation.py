"""Fields translated into every language in ``settings.LANGUAGES`` (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from core.translation import NothingToTranslate, PhotoTranslationOptions

from .models import (
    Bureau,
    DonatedItem,
    Engagement,
    EngagementCity,
    EngagementPhoto,
    MainGuest,
    Participation,
    Person,
    ReportingPeriod,
    Topic,
)


@register(Bureau)
class BureauTranslationOptions(TranslationOptions):
    fields = ("name", "short_name")


@register(Topic)
class TopicTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(Person)
class PersonTranslationOptions(TranslationOptions):
    fields = ("name",)


@register(Engagement)
class EngagementTranslationOptions(TranslationOptions):
    fields = ("title", "place", "summary", "report_heading")


@register(Participation)
class ParticipationTranslationOptions(TranslationOptions):
    fields = ("organisation", "title")


@register(DonatedItem)
class DonatedItemTranslationOptions(TranslationOptions):
    fields = ("name", "unit")


@register(ReportingPeriod)
class ReportingPeriodTranslationOptions(TranslationOptions):
    fields = ("part1_opening", "part2_opening", "part3_opening", "note")


@register(MainGuest)
class MainGuestTranslationOptions(TranslationOptions):
    fields = ("listed_as",)


register(EngagementPhoto)(PhotoTranslationOptions)

register(EngagementCity)(NothingToTranslate)
