"""Admin for people, engagements and reporting periods: one page, one save for a visit."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from cities.admin import CityLinkInline
from core.admin import (
    PublishableRecordAdmin,
    RecordAdmin,
    StackedRecordInline,
    TabularRecordInline,
    related_count,
)
from core.i18n import join_list
from core.imports import StaffImportAdminMixin, StaffImportExportAdminMixin

from .forms import ParticipationForm, ParticipationFormSet
from .models import (
    CITY_ROLES,
    Bureau,
    DonatedItem,
    Engagement,
    EngagementCity,
    EngagementPhoto,
    MainGuest,
    ParticipantRole,
    Participation,
    Person,
    ReportingPeriod,
    Topic,
)
from .resources import EngagementResource, VisitorListResource


@admin.register(Bureau)
class BureauAdmin(RecordAdmin):
    """The city's own bureaus and departments."""

    list_display = ["name", "short_name", "slug"]
    fields = ["name", "short_name", "slug"]  # the short name next to the name it shortens
    search_fields = ["name_zh_hant", "name_en", "short_name_zh_hant", "short_name_en"]


@admin.register(Topic)
class TopicAdmin(RecordAdmin):
    """Topics discussed in engagements."""

    list_display = ["name", "name_en", "slug"]
    search_fields = ["name_zh_hant", "name_en"]


class PersonParticipationInline(TabularRecordInline):
    """A person's engagements, each with the title they held then."""

    model = Participation
    fk_name = "person"
    fields = ["engagement", "role", "organisation", "title"]
    autocomplete_fields = ["engagement"]
    verbose_name_plural = _("engagements and titles")


@admin.register(Person)
class PersonAdmin(RecordAdmin):
    """Guests and officials; search by any spelling (middle dots, width, diacritics)."""

    list_display = ["name", "name_en", "original_name", "country", "is_city_official",
                    "engagement_count"]
    list_filter = ["is_city_official", "country"]
    search_fields = ["name_zh_hant", "name_en", "original_name"]
    normalised_search_fields = ("search_key",)
    autocomplete_fields = ["country"]
    list_select_related = ["country"]
    inlines = [PersonParticipationInline]
    fieldsets = [
        (None, {"fields": ["name", "original_name", "country", "is_city_official"]}),
        (_("Personal data (staff only, never public)"), {
            "classes": ["collapse"],
            "fields": ["email", "phone", "passport_number", "dietary_needs", "notes"],
        }),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(engagement_total=related_count(Participation, "person"))

    @admin.display(description=_("engagements"), ordering="engagement_total")
    def engagement_count(self, obj: Person) -> int:
        return obj.engagement_total


class ParticipationInline(TabularRecordInline):
    """Participants of an engagement: pick a known person or type a new one's name."""

    model = Participation
    form = ParticipationForm
    formset = ParticipationFormSet
    autocomplete_fields = ["person"]
    # What a clerk types for each person, in plain columns that fit a 1280 px screen; the name in
    # its own script and the English organisation are on each participant's own page (the row's
    # change link) and in the visitor-list import.
    language_tabs = False
    show_change_link = True
    fields = ["person", "new_name_zh_hant", "new_name_en", "role", "organisation_zh_hant",
              "title_zh_hant", "title_en", "position"]


class EngagementCityInline(CityLinkInline):
    """Partner cities named in an engagement."""

    model = EngagementCity
    verbose_name_plural = _("partner cities")


class DonatedItemInline(TabularRecordInline):
    """Items donated in an engagement."""

    model = DonatedItem


class EngagementPhotoInline(StackedRecordInline):
    """Photos of an engagement."""

    model = EngagementPhoto


@admin.register(Engagement)
class EngagementAdmin(StaffImportExportAdminMixin, PublishableRecordAdmin):
    """Engagements with participants, cities, donated items and photos on one page; import and
    export as CSV or XLSX (:class:`visits.resources.EngagementResource`)."""

    resource_classes = [EngagementResource]
    list_display = ["title", "kind", "dates", "place", "head", "person_count", "status"]
    list_filter = ["status", "kind", "date_precision", "countries", "bureaus", "topics"]
    date_hierarchy = "start_date"
    search_fields = ["title_zh_hant", "title_en", "place_zh_hant", "place_en", "slug",
                     "participations__title_zh_hant", "participations__title_en"]
    normalised_search_fields = ("participations__person__search_key", "cities__search_key")
    autocomplete_fields = ["countries", "bureaus", "topics"]
    inlines = [EngagementCityInline, ParticipationInline, DonatedItemInline, EngagementPhotoInline]
    fieldsets = [
        (None, {"fields": ["kind", "title", "slug", ("start_date", "end_date", "date_precision"),
                           "place"]}),
        (_("Who and what"), {"fields": ["countries", "bureaus", "topics", "headcount",
                                        "summary", "report_heading"]}),
        (_("Publication"), {"fields": ["status", "publish_from"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            participant_total=related_count(Participation, "engagement")
        ).prefetch_related("participations__person")

    @admin.display(description=_("head of delegation or guest"))
    def head(self, obj: Engagement) -> str:
        """Every head of delegation (a co-led delegation has several), in their order, else the
        first guest; joined as the admin's language lists names (遠藤富士雄、井上直樹)."""
        participants = list(obj.participations.all())
        heads = [p for p in participants if p.role == ParticipantRole.HEAD]
        guests = [p for p in participants if p.role == ParticipantRole.GUEST][:1]
        return join_list(str(p.person.name) for p in heads or guests)

    def save_formset(self, request, form, formset, change: bool) -> None:
        """Save the rows; then warn about a known person chosen for the city's side who is not
        marked an official of the city (the record is not changed behind the clerk's back)."""
        super().save_formset(request, form, formset, change)
        if formset.model is not Participation:
            return
        for row in formset.forms:
            participation = row.instance
            if (getattr(row, "new_person", None) is None and participation.pk
                    and participation.role in CITY_ROLES and not participation.person.is_city_official):
                self.message_user(request, _(
                    "%(name)s takes part for the city but is not marked an official of the city: "
                    "check the person's record.") % {"name": participation.person.name}, messages.WARNING)

    @admin.display(description=_("participants"), ordering="participant_total")
    def person_count(self, obj: Engagement) -> int:
        return obj.participant_total


class MainGuestInline(TabularRecordInline):
    """The period's main foreign guests, in the order the report lists them."""

    model = MainGuest
    autocomplete_fields = ["participation"]


@admin.register(Participation)
class ParticipationAdmin(StaffImportAdminMixin, RecordAdmin):
    """Serves the autocomplete of main guests and the import of visitor lists; participants are
    otherwise entered in engagements."""

    resource_classes = [VisitorListResource]
    import_also_requires = ("visits.add_person", "visits.change_person")
    list_display = ["person", "role", "title", "organisation", "engagement"]
    list_filter = ["role"]
    search_fields = ["person__name_zh_hant", "person__name_en", "person__original_name",
                     "engagement__title_zh_hant", "engagement__title_en"]
    autocomplete_fields = ["person", "engagement"]
    list_select_related = ["person", "engagement"]


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(RecordAdmin):
    """Half-years with the officially reported totals and main guests."""

    list_display = ["__str__", "reported_cases", "reported_person_times"]
    inlines = [MainGuestInline]
    fieldsets = [
        (None, {"fields": ["year", "half", "reported_cases", "reported_person_times"]}),
        (_("Opening texts of the report"), {"fields": ["part1_opening", "part2_opening", "part3_opening"]}),
        (None, {"fields": ["note"]}),
    ]
