"""Admin of the gift register: one page per gift from the engagement to where it is today; the
list filters for what the protocol office and the ethics unit ask (overdue, no disposition)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core import review
from core.admin import (
    PublishableRecordAdmin,
    ReadOnlyAdminMixin,
    RecordAdmin,
    StackedRecordInline,
    TabularRecordInline,
    checked_pk,
    shown_date,
    shown_value,
)
from core.i18n import as_clause, as_sentences, join_list
from core.models import RevisionSource
from exhibitions.models import Item
from visits.models import DonatedItem

from .forms import LendForm, ReturnForm
from .models import (
    CheckResult,
    Gift,
    GiftDonatedItem,
    GiftLoan,
    GiftPhoto,
    InventoryWalk,
    ReportingState,
)
from .services import gift_lend, gift_return, inventory_check, inventory_finish, inventory_report


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


class GiftLoanInline(TabularRecordInline):
    """Loans to exhibitions: a new row lends the gift (it moves to the exhibition's venue), a
    return date brings it back where it was (:mod:`gifts.services`)."""

    model = GiftLoan
    fields = ["exhibition", "lent_on", "returned_on", "previous_location"]
    readonly_fields = ["previous_location"]
    autocomplete_fields = ["exhibition"]

    @admin.display(description=_("where it was before"))
    def previous_location(self, obj: GiftLoan) -> str:
        return obj.previous_location


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
    inlines = [GiftDonatedItemInline, GiftLoanInline, GiftPhotoInline]
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

    actions = [*PublishableRecordAdmin.actions, "lend_to_exhibition", "return_from_loan"]

    @admin.action(description=_("Lend to an exhibition"), permissions=["change"])
    def lend_to_exhibition(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        """Ask for the exhibition and the dates (:class:`gifts.forms.LendForm`), showing which of
        the chosen gifts cannot be lent and why (:meth:`Gift.loan_refusal`); on confirmation lend
        the others (:func:`gifts.services.gift_lend`, and :func:`gift_return` for a loan already
        over), each one logged on its page, and report those that could not go."""
        gifts = list(queryset.order_by("name", "pk"))
        form = LendForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            data = form.cleaned_data

            def lend(gift: Gift) -> str:
                refusal = gift.loan_refusal()  # the service checks again, under a lock
                if refusal:
                    raise ValidationError(refusal)
                gift_lend(gift=gift, exhibition=data["exhibition"], lent_on=data["lent_on"],
                          returned_on=data["returned_on"])
                message = _("Lent to %(exhibition)s from %(date)s.") % {
                    "exhibition": data["exhibition"], "date": shown_value(data["lent_on"])}
                if data["returned_on"]:
                    message += " " + _("Back on %(date)s.") % {"date": shown_value(data["returned_on"])}
                return message

            nothing = _("No gift could be lent to %(exhibition)s: %(gifts)s.")
            done = self._each_gift(request, gifts, lend, nothing, exhibition=data["exhibition"])
            if done:
                self.message_user(request, ngettext("%(count)d gift lent to %(exhibition)s.",
                                                    "%(count)d gifts lent to %(exhibition)s.", done)
                                  % {"count": done, "exhibition": data["exhibition"]}, messages.SUCCESS)
            return None
        rows = [(gift, gift.loan_refusal()) for gift in gifts]
        return self._action_page(request, "lend_to_exhibition", _("Lend to an exhibition"), form, rows)

    @admin.action(description=_("Return from loan"), permissions=["change"])
    def return_from_loan(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        """Ask for the day the chosen gifts came back (:class:`gifts.forms.ReturnForm`); on
        confirmation close each one's open loan (:func:`gifts.services.gift_return`: the gift
        goes back where it was), each logged on its page, and report the gifts not on loan."""
        gifts = list(queryset.order_by("name", "pk"))
        form = ReturnForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            returned_on = form.cleaned_data["returned_on"]

            def bring_back(gift: Gift) -> str:
                loan = gift.loans.filter(returned_on__isnull=True).select_related("exhibition").first()
                if loan is None:
                    raise ValidationError(_("it is not on loan"))
                gift_return(loan=loan, returned_on=returned_on)
                return _("Back from %(exhibition)s on %(date)s.") % {"exhibition": loan.exhibition,
                                                                      "date": shown_value(returned_on)}

            done = self._each_gift(request, gifts, bring_back,
                                   _("No gift could be returned from loan: %(gifts)s."))
            if done:
                self.message_user(request, ngettext("%(count)d gift returned from loan.",
                                                    "%(count)d gifts returned from loan.", done)
                                  % {"count": done}, messages.SUCCESS)
            return None
        on_loan = set(Gift.objects.on_loan().filter(pk__in=[gift.pk for gift in gifts])
                      .values_list("pk", flat=True))
        rows = [(gift, "" if gift.pk in on_loan else str(_("it is not on loan"))) for gift in gifts]
        return self._action_page(request, "return_from_loan", _("Return from loan"), form, rows)

    def _each_gift(self, request: HttpRequest, gifts: list[Gift], change, nothing: str, **values) -> int:
        """Apply ``change`` (a function of a gift returning the history message, raising
        ``ValidationError`` when it cannot be done) to each gift on its own, so one refusal
        does not undo the others; log each change on the gift's page and list the refusals in
        one message: ``nothing`` (a text with ``%(gifts)s`` and the other placeholders filled from
        ``values``) when no gift changed, "Not changed:" otherwise. A published gift the user
        may not publish is changed as a pending revision (:func:`core.review.hold`), as its
        loan rows on its page are: the public page shows the exhibitions a gift was lent to.
        Returns the number of gifts changed live (not those held)."""
        done, refused, held = 0, [], []
        for gift in gifts:
            try:
                if review.needs_review(request.user, gift):
                    message, revision = review.hold(gift, lambda gift=gift: change(gift),
                                                    author=request.user, source=RevisionSource.ACTION)
                    if revision is not None:
                        held.append(revision)
                    continue
                message = change(gift)
            except ValidationError as error:
                refused.append(_("%(gift)s (%(reason)s)") % {"gift": gift,
                                                             "reason": as_clause(error.messages)})
                continue
            self.log_change(request, gift, message)
            done += 1
        if held:
            self.message_user(request, ngettext(
                "%(count)d published gift is changed as a revision that waits for review by a "
                "publisher (%(revisions)s); the public sees it as it was until it is approved.",
                "%(count)d published gifts are changed as revisions that wait for review by a "
                "publisher (%(revisions)s); the public sees them as they were until they are approved.",
                len(held)) % {"count": len(held), "revisions": join_list(
                    _("revision %(number)s") % {"number": revision.pk} for revision in held)},
                messages.WARNING)
        if refused:
            text = nothing if not (done or held) else _("Not changed: %(gifts)s.")
            self.message_user(request, text % {"gifts": join_list(refused), **values}, messages.WARNING)
        return done

    def _action_page(self, request: HttpRequest, action: str, title, form, rows) -> TemplateResponse:
        """The intermediate page of a loan action: the chosen gifts, each with why it cannot be
        changed (``rows``: ``(gift, reason or "")``), and ``form`` to confirm."""
        context = {
            **self.admin_site.each_context(request), "title": title, "opts": self.opts, "form": form,
            "rows": rows, "action": action, "action_checkbox_name": ACTION_CHECKBOX_NAME,
            "media": self.media + form.media, "can_go": any(not reason for _gift, reason in rows),
        }
        return TemplateResponse(request, "admin/gifts/gift/loan_action.html", context)

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        """Loans go through :func:`gifts.services.gift_lend` and :func:`gift_return`, which move
        the gift; the other inlines save as usual."""
        if formset.model is not GiftLoan:
            return super().save_formset(request, form, formset, change)
        # What the admin's change message and history read (BaseModelFormSet.save sets them).
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for loan_form in formset.forms:
            if loan_form in formset.deleted_forms:
                if loan_form.instance.pk:
                    loan_form.instance.delete()
                    formset.deleted_objects.append(loan_form.instance)
                continue
            if not loan_form.has_changed():
                continue
            data = loan_form.cleaned_data
            try:
                if loan_form.instance.pk is None:
                    loan = gift_lend(gift=form.instance, exhibition=data["exhibition"],
                                     lent_on=data["lent_on"], returned_on=data.get("returned_on"))
                    formset.new_objects.append(loan)
                    continue
                stored = GiftLoan.objects.get(pk=loan_form.instance.pk)
                if data.get("returned_on") and stored.returned_on is None:
                    loan = gift_return(loan=stored, returned_on=data["returned_on"])
                else:
                    loan = loan_form.save()
                formset.changed_objects.append((loan, loan_form.changed_data))
            except ValidationError as error:
                self.message_user(request, as_sentences(error.messages), messages.ERROR)

    @admin.display(description=_("date"), ordering="given_on")
    def date(self, obj: Gift) -> str | None:
        """The date to its precision as staff type it (:func:`core.admin.shown_date`)."""
        return shown_date(obj, "given_on")

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
                          f"{self.dates(obj.engagement)} {obj.engagement}"))
        if obj.item_id:
            for exhibition in obj.item.exhibitions.order_by("start_date"):
                links.append((reverse("admin:exhibitions_exhibition_change", args=[exhibition.pk]),
                              f"{self.dates(exhibition)} {exhibition}"))
        for loan in obj.loans.select_related("exhibition"):
            back = (_("back on %(date)s") % {"date": shown_date(loan, "returned_on")}
                    if loan.returned_on else _("on loan"))
            links.append((reverse("admin:exhibitions_exhibition_change", args=[loan.exhibition_id]),
                          f"{_('lent')} {shown_date(loan, 'lent_on')} {loan.exhibition} ({back})"))
        items = [format_html('<li><a href="{}">{}</a></li>', url, text) for url, text in links]
        if obj.location:
            items.append(format_html("<li>{}: {}</li>", _("now"), obj.location))
        if not items:
            return "-"
        return format_html("<ul>{}</ul>", format_html_join("", "{}", ((item,) for item in items)))


class EngagementGiftInline(ReadOnlyAdminMixin, TabularRecordInline):
    """The gifts received and given in an engagement, read on its page, each linked to its own
    page in the register (where they are edited)."""

    model = Gift
    fields = ["name", "direction", "disposition", "location_display"]
    readonly_fields = fields
    show_change_link = True
    verbose_name_plural = _("gifts received and given")

    @admin.display(description=_("location"))
    def location_display(self, obj: Gift) -> str:
        return obj.location


class ItemGiftInline(EngagementGiftInline):
    """An item's gift on the register, with its giver (kept there only), linked to its page."""

    fk_name = "item"
    fields = ["name", "giver_display", "disposition", "location_display"]
    readonly_fields = fields
    # One row at most (one to one): the admin heads it with the singular name.
    verbose_name = verbose_name_plural = _("on the gift register")

    @admin.display(description=_("giver"))
    def giver_display(self, obj: Gift) -> str:
        return obj.giver


@admin.display(description=_("giver"))
def item_giver(item: Item) -> str:
    """The giver of ``item`` as the register writes it; ``-`` when it is not on the register."""
    gift = getattr(item, "gift", None)  # the reverse one-to-one raises an AttributeError when empty
    return gift.giver if gift is not None else "-"


@admin.register(InventoryWalk)
class InventoryWalkAdmin(RecordAdmin):
    """Yearly inventories: the walk page (for a phone: confirm or flag each gift in custody) and
    the report (found, moved, missing, not checked), which finishes the inventory."""

    list_display = ["__str__", "started_on", "finished_on", "found", "moved", "missing", "walk_link"]
    readonly_fields = ["finished_on", "walk_link"]
    fields = ["year", "started_on", "finished_on", "note", "walk_link"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(**{
            result: Count("checks", filter=Q(checks__result=result)) for result in CheckResult.values})

    @admin.display(description=_("found where recorded"))
    def found(self, obj: InventoryWalk) -> int:
        return obj.found

    @admin.display(description=_("found elsewhere"))
    def moved(self, obj: InventoryWalk) -> int:
        return obj.moved

    @admin.display(description=_("missing"))
    def missing(self, obj: InventoryWalk) -> int:
        return obj.missing

    @admin.display(description=_("walk and report"))
    def walk_link(self, obj: InventoryWalk) -> str:
        if obj.pk is None:
            return "-"
        return format_html('<a href="{}">{}</a> · <a href="{}">{}</a>',
                           reverse("admin:gifts_inventorywalk_walk", args=[obj.pk]), _("Walk"),
                           reverse("admin:gifts_inventorywalk_report", args=[obj.pk]), _("Inventory report"))

    def get_urls(self):
        return [
            path("<str:walk_id>/walk/", self.admin_site.admin_view(self.walk_view),
                 name="gifts_inventorywalk_walk"),
            path("<str:walk_id>/report/", self.admin_site.admin_view(self.report_view),
                 name="gifts_inventorywalk_report"),
            *super().get_urls(),
        ]

    def _walk(self, request: HttpRequest, walk_id: str, *, change: bool) -> InventoryWalk:
        walk = get_object_or_404(InventoryWalk, pk=checked_pk(InventoryWalk._meta.pk, walk_id))
        allowed = self.has_change_permission if change else self.has_view_permission
        if not allowed(request, walk):
            raise PermissionDenied
        return walk

    def walk_view(self, request: HttpRequest, walk_id: str) -> HttpResponse:
        """The walk: every gift in custody with where it should be and what was found; a POST
        records one gift's check (found, found elsewhere with where, missing) and comes back to
        it. Needs the change permission."""
        walk = self._walk(request, walk_id, change=request.method == "POST")
        url = reverse("admin:gifts_inventorywalk_walk", args=[walk.pk])
        if request.method == "POST":
            if not request.POST.get("gift"):
                raise BadRequest(gettext("The form sent no gift: choose the gift you checked."))
            gift = get_object_or_404(Gift, pk=checked_pk(Gift._meta.pk, request.POST["gift"]))
            try:
                inventory_check(walk=walk, gift=gift, result=request.POST.get("result", ""),
                                building=request.POST.get("building", ""), room=request.POST.get("room", ""),
                                case=request.POST.get("case", ""), note=request.POST.get("note", ""),
                                user=request.user)
            except ValidationError as error:
                self.message_user(request, f"{gift}: {as_sentences(error.messages)}", messages.ERROR)
            return HttpResponseRedirect(f"{url}#gift-{gift.pk}")
        checks = {check.gift_id: check for check in walk.checks.all()}
        gifts = list(Gift.objects.in_custody().prefetch_related("photos").order_by("building", "room", "case",
                                                                                   "name", "pk"))
        rows = [(gift, checks.get(gift.pk)) for gift in gifts]
        context = {
            **self.admin_site.each_context(request), "title": str(walk), "opts": self.opts, "walk": walk,
            "rows": rows, "done": len(checks), "total": len(gifts), "results": CheckResult,
            "report_url": reverse("admin:gifts_inventorywalk_report", args=[walk.pk]),
        }
        return TemplateResponse(request, "admin/gifts/inventorywalk/walk.html", context)

    def report_view(self, request: HttpRequest, walk_id: str) -> HttpResponse:
        """The report: found, found elsewhere (recorded there when the inventory is finished),
        missing, not checked; a POST finishes the inventory. Finishing needs the change
        permission."""
        walk = self._walk(request, walk_id, change=request.method == "POST")
        if request.method == "POST":
            try:
                inventory_finish(walk=walk)
                walk.refresh_from_db()
                self.message_user(request, _("The inventory is finished; gifts found elsewhere are recorded "
                                             "where they were found."), messages.SUCCESS)
            except ValidationError as error:
                self.message_user(request, as_sentences(error.messages), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:gifts_inventorywalk_report", args=[walk.pk]))
        context = {
            **self.admin_site.each_context(request), "title": _("Report of %(walk)s") % {"walk": walk},
            "opts": self.opts, "walk": walk, "report": inventory_report(walk),
            "walk_url": reverse("admin:gifts_inventorywalk_walk", args=[walk.pk]),
            "can_finish": not walk.finished_on and self.has_change_permission(request, walk),
        }
        return TemplateResponse(request, "admin/gifts/inventorywalk/report.html", context)
