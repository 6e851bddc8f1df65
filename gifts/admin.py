"""Admin of the gift register: one page per gift from the engagement to where it is today; the
list filters for what the protocol office and the ethics unit ask (overdue, no disposition)."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from core.admin import PublishableRecordAdmin, StackedRecordInline, TabularRecordInline
from visits.models import DonatedItem, Engagement

from .models import Gift, GiftDonatedItem, GiftPhoto, ReportingState


class ReportingFilter(admin.SimpleListFilter):
    """Received gifts by where they stand with the ethics unit, and those with no disposition."""

    title = _("reporting and disposition")
    parameter_name = "reporting"

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
        return [
            ("overdue", _("overdue for reporting")),
            ("to_report", _("to be reported (above the threshold)")),
            ("value_not_assessed", _("value not assessed")),
            ("without_disposition", _("no disposition")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        method = {"overdue": "overdue", "to_report": "to_report",
                  "value_not_assessed": "value_not_assessed",
                  "without_disposition": "without_disposition"}.get(self.value())
        return getattr(queryset, method)() if method else queryset


class GiftDonatedItemInline(TabularRecordInline):
    """The items of a donation: rows of the engagement's donated items (with their quantities)."""

    model = GiftDonatedItem

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name == "donated_item":
            kwargs["queryset"] = DonatedItem.objects.select_related("engagement")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class GiftPhotoInline(StackedRecordInline):
    """Photos of a gift."""

    model = GiftPhoto


@admin.register(Gift)
class GiftAdmin(PublishableRecordAdmin):
    """The register: gifts received and given, their reporting, disposition and custody."""

    list_display = ["name", "direction", "date", "giver", "recipient", "value_in_home_currency",
                    "reporting", "disposition", "location", "status"]
    list_filter = [ReportingFilter, "direction", "disposition", "given_on_precision", "counterpart_country",
                   "counterpart_city", "status"]
    date_hierarchy = "given_on"
    search_fields = ["name_zh_hant", "name_en", "slug", "description_zh_hant", "description_en",
                     "counterpart_organisation_zh_hant", "counterpart_organisation_en", "report_reference",
                     "custodian", "building", "room", "case"]
    normalised_search_fields = ("counterpart_person__search_key", "counterpart_city__search_key",
                                "engagement__search_key")
    autocomplete_fields = ["item", "engagement", "counterpart_person", "counterpart_city",
                           "counterpart_country", "own_person", "own_bureau"]
    list_select_related = ["counterpart_person", "counterpart_city", "counterpart_country", "own_person",
                           "own_bureau"]
    readonly_fields = ["report_due_on", "reporting", "trail"]
    change_list_template = "admin/gifts/gift/change_list.html"
    inlines = [GiftDonatedItemInline, GiftPhotoInline]
    fieldsets = [
        (None, {"fields": ["direction", "name", "slug", "description", "item", "engagement",
                           ("given_on", "given_on_precision")]}),
        (_("Giver and recipient"), {
            "description": _("The counterpart gave a gift the city received, and received one the "
                             "city gave."),
            "fields": ["counterpart_person", "counterpart_organisation", "counterpart_city",
                       "counterpart_country", "own_person", "own_bureau"]}),
        (_("Value"), {"fields": [("estimated_value", "currency"), "value_in_home_currency"]}),
        (_("Reporting and disposition"), {"fields": [
            "reporting", "report_due_on", ("reported_on", "report_reference"),
            ("disposition", "disposition_on"), "disposition_note"]}),
        (_("Custody"), {"fields": [("building", "room", "case"), "condition", "custodian"]}),
        (_("Where it has been"), {"fields": ["trail"]}),
        (_("Publication"), {"fields": ["status", "publish_from"]}),
    ]

    @admin.display(description=_("date"), ordering="given_on")
    def date(self, obj: Gift) -> str:
        return obj.date_display()

    @admin.display(description=_("giver"))
    def giver(self, obj: Gift) -> str:
        return obj.giver

    @admin.display(description=_("recipient"))
    def recipient(self, obj: Gift) -> str:
        return obj.recipient

    @admin.display(description=_("reporting"))
    def reporting(self, obj: Gift) -> str:
        if obj.pk is None:
            return ""
        return ReportingState(obj.reporting_state()).label

    @admin.display(description=_("location"))
    def location(self, obj: Gift) -> str:
        return obj.location

    @admin.display(description=_("engagement and exhibitions"))
    def trail(self, obj: Gift) -> str:
        """Links to the engagement where the gift changed hands and to each exhibition that
        showed its item, in date order; ``-`` when there is none."""
        links = []
        if obj.engagement_id:
            links.append((reverse("admin:visits_engagement_change", args=[obj.engagement_id]),
                          f"{obj.engagement.date_display()} {obj.engagement}"))
        if obj.item_id:
            for exhibition in obj.item.exhibitions.order_by("start_date"):
                links.append((reverse("admin:exhibitions_exhibition_change", args=[exhibition.pk]),
                              f"{exhibition.date_display()} {exhibition}"))
        if not links:
            return "-"
        return format_html("<ul>{}</ul>", format_html_join("", '<li><a href="{}">{}</a></li>', links))


class EngagementGiftInline(TabularRecordInline):
    """The gifts received and given in an engagement, read on its page, each linked to its own
    page in the register (where they are edited)."""

    model = Gift
    fields = ["name", "direction", "disposition", "location_display"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False
    verbose_name_plural = _("gifts received and given")

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    @admin.display(description=_("location"))
    def location_display(self, obj: Gift) -> str:
        return obj.location


# The engagement's page lists its gifts: visits sits below this app, so the inline is added here.
_engagement_admin = admin.site.get_model_admin(Engagement)
_engagement_admin.inlines = [*_engagement_admin.inlines, EngagementGiftInline]
