"""The protocol gift register: gifts received and given by the city, on one register.

A :class:`Gift` is one gift changing hands: which way (received or given), on which engagement,
between whom (the counterpart: a person, a city or an organisation, and its country; the city's
own side: an official, a bureau, or the city government itself), when (to a precision), what it
is worth, and, for a received gift, its reporting to the ethics unit (:mod:`gifts.reporting`),
the disposition decided and where it is kept. The object itself, as catalogued and shown in
exhibitions, is an :class:`exhibitions.models.Item` linked one to one; the items of a donation
(relief supplies with quantities) are the engagement's :class:`visits.models.DonatedItem` rows,
joined by :class:`GiftDonatedItem`. Every change is kept in the history (record app).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cities.models import City, Country
from core.dates import (
    DatePrecision,
    HalfYear,
    format_date,
    format_date_input,
    format_date_range_input,
    is_chinese,
)
from core.models import (
    VALUE,
    YEAR,
    YEAR_MESSAGE,
    DatePrecisionField,
    Photo,
    PreciseDatesModel,
    PublishableModel,
    PublishableQuerySet,
    SluggedModel,
    bounded,
    slug_field,
)
from core.visibility import VisibleQuerySet
from exhibitions.models import Exhibition, Item
from visits.models import Bureau, DonatedItem, Engagement, Person

from .reporting import passes_threshold, report_deadline, threshold


class GiftDirection(models.TextChoices):
    """Which way a gift went."""

    RECEIVED = "received", _("received by the city")
    GIVEN = "given", _("given by the city")


class Disposition(models.TextChoices):
    """What was decided about a received gift (the ethics unit's proposals: 歸公, 轉贈慈善, 退還,
    自費購買; and what became of it)."""

    KEPT_BY_GOVERNMENT = "kept", _("kept by the government (歸公)")
    DISPLAYED = "displayed", _("displayed")
    STORED = "stored", _("stored")
    LENT = "lent", _("lent")
    GIVEN_TO_CHARITY = "charity", _("given to charity")
    BOUGHT_BY_RECIPIENT = "bought", _("bought by the recipient")
    RETURNED = "returned", _("returned to the giver")
    LOST = "lost", _("lost")


# Dispositions after which the city no longer holds the gift.
GONE = (Disposition.GIVEN_TO_CHARITY, Disposition.BOUGHT_BY_RECIPIENT, Disposition.RETURNED, Disposition.LOST)


class Condition(models.TextChoices):
    """The state a kept gift is in."""

    GOOD = "good", _("good")
    FAIR = "fair", _("fair (signs of wear)")
    DAMAGED = "damaged", _("damaged")


class ReportingState(models.TextChoices):
    """Where a gift stands with the ethics unit (:meth:`Gift.reporting_state`)."""

    NOT_REQUIRED = "not_required", _("not to be reported")
    VALUE_UNKNOWN = "value_unknown", _("value not assessed")
    NO_DATE = "no_date", _("to be reported; day received not known")
    DUE = "due", _("to be reported")
    OVERDUE = "overdue", _("overdue")
    REPORTED = "reported", _("reported")
    REPORTED_LATE = "reported_late", _("reported late")


class GiftQuerySet(PublishableQuerySet):
    """Queries over the register."""

    def received(self) -> GiftQuerySet:
        """Gifts the city received."""
        return self.filter(direction=GiftDirection.RECEIVED)

    def given(self) -> GiftQuerySet:
        """Gifts the city gave."""
        return self.filter(direction=GiftDirection.GIVEN)

    def to_report(self) -> GiftQuerySet:
        """Received gifts whose value in the home currency exceeds the reporting threshold
        (:func:`gifts.reporting.threshold`, read now: a changed setting applies at once)."""
        return self.received().filter(value_in_home_currency__gt=threshold())

    def overdue(self, on: datetime.date | None = None) -> GiftQuerySet:
        """Gifts to report, not reported, whose deadline was before ``on`` (a date; default
        today in the site's time zone)."""
        on = on or timezone.localdate()
        return self.to_report().filter(reported_on__isnull=True, report_due_on__lt=on)

    def value_not_assessed(self) -> GiftQuerySet:
        """Received gifts with no value in the home currency: whether to report them is open."""
        return self.received().filter(value_in_home_currency__isnull=True)

    def without_disposition(self) -> GiftQuerySet:
        """Received gifts with no disposition decided."""
        return self.received().filter(disposition="")

    def in_custody(self) -> GiftQuerySet:
        """Received gifts the city still holds: every disposition but given to charity, bought
        by the recipient, returned and lost (:data:`GONE`), or none decided yet. The yearly
        inventory looks for each of them."""
        return self.received().exclude(disposition__in=GONE)

    def on_loan(self) -> GiftQuerySet:
        """Gifts lent to an exhibition and not back yet (an open :class:`GiftLoan`)."""
        return self.filter(loans__returned_on__isnull=True, loans__isnull=False).distinct()

    def in_year(self, year: int) -> GiftQuerySet:
        """Gifts received or given in the Gregorian ``year`` (an int): by their date, or, where it
        is not recorded, by their engagement's start date. A gift with neither is in no year."""
        return self.filter(Q(given_on__year=year)
                           | Q(given_on__isnull=True, engagement__start_date__year=year))

    def in_half_year(self, period: HalfYear) -> GiftQuerySet:
        """Gifts received or given within the half-year ``period`` (a :class:`core.dates.HalfYear`):
        by their date where it is known to the month or the day, else, where no date is recorded,
        by their engagement's start date. A gift dated to the year only is in no half-year
        (:meth:`unplaced_in_year`)."""
        within = (period.start, period.end)
        return self.filter((Q(given_on__range=within) & ~Q(given_on_precision=DatePrecision.YEAR))
                           | Q(given_on__isnull=True, engagement__start_date__range=within))

    def unplaced_in_year(self, year: int) -> GiftQuerySet:
        """Gifts no half-year of the Gregorian ``year`` (an int) can list: those dated to that year
        only, and those with neither a date nor an engagement (in no year at all)."""
        return self.filter(Q(given_on__year=year, given_on_precision=DatePrecision.YEAR)
                           | Q(given_on__isnull=True, engagement__isnull=True))

    def for_gallery(self) -> GiftQuerySet:
        """The gifts a public gallery shows (a partner city's page): published received gifts,
        with what a card shows fetched (item, engagement, photos, exhibitions and loans). Never
        read a value or custody field from them on a public page."""
        loans = models.Prefetch("loans", queryset=GiftLoan.objects.select_related("exhibition"))
        return self.published().received().select_related("item", "engagement").prefetch_related(
            "photos", "item__exhibitions", loans).order_by(
            models.F("given_on").desc(nulls_last=True), "name", "pk")

    def for_register(self) -> GiftQuerySet:
        """Fetch what a row of the register shows: parties, engagement, item and the
        exhibitions that showed it, the items of a donation."""
        return self.select_related(
            "counterpart_person", "counterpart_city", "counterpart_country", "own_person", "own_bureau",
            "engagement", "item",
        ).prefetch_related("item__exhibitions", "donation_lines__donated_item")


# Upper-cased by clean(): "usd" is accepted as USD.
currency_code = RegexValidator(r"^[A-Za-z]{3}\Z",
                               _("Give the three-letter ISO 4217 code, e.g. TWD, USD, EUR."))


# Said by the check constraint of the values and by their validators.
VALUE_MESSAGE = _("A value cannot be negative.")


class Gift(SluggedModel, PreciseDatesModel, PublishableModel):
    """One gift received or given by the city, from the engagement where it changed hands to
    where it is today.

    Giver and recipient: the counterpart (``counterpart_person``, ``counterpart_city``,
    ``counterpart_organisation``, ``counterpart_country``: who gave it, for a received gift)
    and the city's own side (``own_person``, an official, or ``own_bureau``; neither means the
    city government itself). Value: ``estimated_value`` in ``currency`` (ISO 4217), and
    ``value_in_home_currency`` on the day (entered, never looked up). ``report_due_on`` is
    computed on save for a received gift dated to the day (:func:`gifts.reporting.report_deadline`).
    """

    direction = models.CharField(_("direction"), max_length=10, choices=GiftDirection.choices,
                                 default=GiftDirection.RECEIVED)
    name = models.CharField(_("name"), max_length=200)
    slug = slug_field(200)
    slug_sources = ("name_en", "name_zh_hant")
    description = models.TextField(_("description"), blank=True)
    item = models.OneToOneField(
        Item, on_delete=models.PROTECT, null=True, blank=True, related_name="gift",
        verbose_name=_("item"),
        help_text=_("The object as catalogued and shown in exhibitions, where it is one."))
    engagement = models.ForeignKey(
        Engagement, on_delete=models.PROTECT, null=True, blank=True, related_name="gifts",
        verbose_name=_("engagement"),
        help_text=_("The visit, video conference or donation where it changed hands."))
    given_on = models.DateField(_("date received or given"), null=True, blank=True)
    given_on_precision = DatePrecisionField(_("date known to"), date_fields=("given_on",))

    counterpart_person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="gifts",
        verbose_name=_("counterpart: person"))
    counterpart_city = models.ForeignKey(
        City, on_delete=models.PROTECT, null=True, blank=True, related_name="gifts",
        verbose_name=_("counterpart: city"))
    counterpart_organisation = models.CharField(
        _("counterpart: organisation"), max_length=200, blank=True,
        help_text=_("A government, ministry, company or association, as it names itself."))
    counterpart_country = models.ForeignKey(
        Country, on_delete=models.PROTECT, null=True, blank=True, related_name="gifts",
        verbose_name=_("counterpart: country"))
    own_person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="city_side_gifts",
        verbose_name=_("city's side: official"),
        help_text=_("The official who received or gave it; leave empty for the city government."))
    own_bureau = models.ForeignKey(
        Bureau, on_delete=models.PROTECT, null=True, blank=True, related_name="gifts",
        verbose_name=_("city's side: bureau"))

    estimated_value = models.DecimalField(_("estimated value"), max_digits=14, decimal_places=2,
                                          null=True, blank=True,
                                          validators=bounded(*VALUE, message_below=VALUE_MESSAGE))
    currency = models.CharField(_("currency"), max_length=3, blank=True, validators=[currency_code],
                                help_text=_("ISO 4217 code of the estimated value, e.g. USD."))
    value_in_home_currency = models.DecimalField(
        _("value in home currency"), max_digits=14, decimal_places=2, null=True, blank=True,
        validators=bounded(*VALUE, message_below=VALUE_MESSAGE),
        help_text=_("At the rate of the day received or given, as entered (nothing is looked up)."))

    report_due_on = models.DateField(_("report due by"), null=True, blank=True, editable=False)
    reported_on = models.DateField(_("reported to the ethics unit on"), null=True, blank=True)
    report_reference = models.CharField(_("report reference"), max_length=100, blank=True,
                                        help_text=_("The ethics unit's case number."))
    disposition = models.CharField(_("disposition"), max_length=10, choices=Disposition.choices,
                                   blank=True)
    disposition_on = models.DateField(_("disposition decided on"), null=True, blank=True)
    disposition_note = models.TextField(_("disposition note"), blank=True)

    building = models.CharField(_("building"), max_length=100, blank=True)
    room = models.CharField(_("room"), max_length=100, blank=True)
    case = models.CharField(_("case or shelf"), max_length=100, blank=True)
    condition = models.CharField(_("condition"), max_length=10, choices=Condition.choices, blank=True)
    custodian = models.CharField(_("custodian"), max_length=150, blank=True,
                                 help_text=_("The person or unit answerable for it."))

    objects = GiftQuerySet.as_manager()

    class Meta:
        verbose_name = _("gift")
        verbose_name_plural = _("gifts")
        ordering = ["-given_on", "pk"]
        permissions = [("publish_gift", _("Can publish and unpublish gifts"))]
        constraints = [
            models.CheckConstraint(
                condition=(Q(estimated_value__isnull=True) | Q(estimated_value__gte=0))
                & (Q(value_in_home_currency__isnull=True) | Q(value_in_home_currency__gte=0)),
                name="gifts_gift_values_not_negative",
                violation_error_message=VALUE_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(estimated_value__isnull=True, currency="")
                | (Q(estimated_value__isnull=False) & ~Q(currency="")),
                name="gifts_gift_currency_with_value",
                violation_error_message=_("An estimated value needs its currency, and a currency its value."),
            ),
            models.CheckConstraint(
                condition=Q(direction=GiftDirection.RECEIVED)
                | Q(reported_on__isnull=True, report_reference="", disposition="",
                    disposition_on__isnull=True),
                name="gifts_gift_reporting_only_received",
                violation_error_message=_("Only a gift the city received is reported and has a disposition."),
            ),
            models.CheckConstraint(
                condition=~Q(disposition="") | Q(disposition_on__isnull=True),
                name="gifts_gift_disposition_date_needs_disposition",
                violation_error_message=_("A disposition date needs the disposition."),
            ),
            models.CheckConstraint(
                condition=Q(reported_on__isnull=True) | Q(given_on__isnull=True)
                | Q(reported_on__gte=models.F("given_on")),
                name="gifts_gift_reported_not_before_received",
                violation_error_message=_("A gift cannot be reported before it was received."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """Check the parties, the currency, the value in the home currency and the dates, then
        compute the report deadline. Raises ``ValidationError`` on the field at fault."""
        super().clean()
        errors = {}
        if self.currency:
            self.currency = self.currency.strip().upper()
        if (self.value_in_home_currency is None and self.estimated_value is not None
                and self.currency == settings.GIFT_HOME_CURRENCY):
            self.value_in_home_currency = self.estimated_value
        if self.own_person_id and not self.own_person.is_city_official:
            errors["own_person"] = _("%(person)s is not an official of the home city; name them as the "
                                     "counterpart.") % {"person": self.own_person}
        if self.counterpart_person_id and self.counterpart_person.is_city_official:
            errors["counterpart_person"] = _("%(person)s is an official of the home city; name them on "
                                             "the city's side.") % {"person": self.counterpart_person}
        if self.item_id and self.pk is None and Gift.objects.filter(item_id=self.item_id).exists():
            errors["item"] = _("This item is already on the register.")
        for name in ("reported_on", "disposition_on"):
            value = getattr(self, name)
            if value and self.given_on and value < self.given_on:
                errors[name] = _("This date is before the gift was received (%(date)s).") % {
                    "date": format_date_input(self.given_on, self.given_on_precision)}
        if self.direction == GiftDirection.GIVEN:
            for name in ("reported_on", "report_reference", "disposition", "disposition_on"):
                if getattr(self, name):
                    errors[name] = _("Only a gift the city received is reported and has a disposition.")
        if self.disposition_on and not self.disposition:
            errors["disposition"] = _("Choose the disposition decided on that date.")
        if errors:
            raise ValidationError(errors)
        self.refresh_report_due_on()

    def save(self, *args, **kwargs) -> None:
        """Refresh ``report_due_on`` (:meth:`refresh_report_due_on`), then save."""
        self.refresh_report_due_on()
        super().save(*args, **kwargs)

    def refresh_report_due_on(self) -> None:
        """Set ``report_due_on`` to the deadline for a received gift dated to the day, else
        ``None``. The deadline stands whatever the value: whether the gift must be reported
        at all depends on the threshold in force (:meth:`GiftQuerySet.to_report`)."""
        dated = self.given_on and self.given_on_precision == DatePrecision.DAY
        self.report_due_on = (report_deadline(self.given_on)
                              if dated and self.direction == GiftDirection.RECEIVED else None)

    @property
    def is_to_report(self) -> bool:
        """True for a received gift whose value passes the reporting threshold."""
        return self.direction == GiftDirection.RECEIVED and passes_threshold(self.value_in_home_currency)

    def reporting_state(self, on: datetime.date | None = None) -> str:
        """The :class:`ReportingState` of this gift on ``on`` (default today)."""
        on = on or timezone.localdate()
        if self.direction != GiftDirection.RECEIVED:
            return ReportingState.NOT_REQUIRED
        if self.value_in_home_currency is None and not self.reported_on:
            return ReportingState.VALUE_UNKNOWN
        if not self.is_to_report and not self.reported_on:
            return ReportingState.NOT_REQUIRED
        if self.reported_on:
            late = self.report_due_on and self.reported_on > self.report_due_on
            return ReportingState.REPORTED_LATE if late else ReportingState.REPORTED
        if self.report_due_on is None:
            return ReportingState.NO_DATE
        return ReportingState.OVERDUE if self.report_due_on < on else ReportingState.DUE

    @property
    def giver(self) -> str:
        """Who gave it, as the register writes it (:meth:`counterpart` or :meth:`city_side`)."""
        return self.counterpart() if self.direction == GiftDirection.RECEIVED else self.city_side()

    @property
    def recipient(self) -> str:
        """Who received it, as the register writes it."""
        return self.city_side() if self.direction == GiftDirection.RECEIVED else self.counterpart()

    def counterpart(self) -> str:
        """The foreign side in the active language: person, organisation, city and country,
        those recorded, joined by commas; ``""`` when none is."""
        parts = [str(self.counterpart_person or ""), self.counterpart_organisation,
                 str(self.counterpart_city or "")]
        if self.counterpart_country_id and not self.counterpart_city_id:
            parts.append(str(self.counterpart_country))
        return ", ".join(part for part in parts if part)

    def city_side(self) -> str:
        """The city's side in the active language: the official, the bureau, else the home city
        government (``HOME_CITY``)."""
        parts = [str(self.own_person or ""), str(self.own_bureau or "")]
        home = settings.HOME_CITY["zh-hant" if is_chinese(get_language()) else "en"]
        return ", ".join(part for part in parts if part) or home

    def date_display(self, language: str | None = None) -> str:
        """The date to its precision as the office writes it in ``language``; ``""`` if unknown."""
        if not self.given_on:
            return ""
        return format_date(self.given_on, self.given_on_precision, language or get_language())

    @property
    def public_engagement(self) -> Engagement | None:
        """The engagement, when the public may see it."""
        return self.engagement if self.engagement_id and self.engagement.is_public else None

    def public_exhibitions(self) -> list[Exhibition]:
        """The published exhibitions that showed this gift (its item's, and those it was lent
        to), by start date. Uses the prefetches of :meth:`GiftQuerySet.for_gallery`."""
        items_shown_in = self.item.exhibitions.all() if self.item_id else []
        shown = {exhibition.pk: exhibition for exhibition in items_shown_in}
        shown.update({loan.exhibition_id: loan.exhibition for loan in self.loans.all()})
        return sorted((e for e in shown.values() if e.is_public), key=lambda e: (e.start_date, e.pk))

    @property
    def public_image(self):
        """What a gallery shows of it: ``(thumbnail URL, alternative text)`` of its first photo,
        else of its item's image; ``None`` without either."""
        photos = list(self.photos.all())
        if photos:
            return photos[0].thumbnail_url, photos[0].alt_text
        if self.item_id and self.item.image:
            return self.item.thumbnail_url, self.item.image_alt_text
        return None

    def loan_refusal(self) -> str:
        """Why this gift cannot be lent to an exhibition now, in the active language; ``""`` when
        it can. Only a gift the city received and still holds can go (:meth:`GiftQuerySet.in_custody`:
        given away, returned, bought or lost, it is not the city's to lend), and one loan at a
        time (``gifts_giftloan_one_open_loan``)."""
        if self.direction != GiftDirection.RECEIVED:
            return str(_("it was given by the city: the city does not hold it"))
        if self.disposition in GONE:
            return str(_("it is no longer in the city's custody (%(disposition)s)")
                       % {"disposition": self.get_disposition_display()})
        if self.loans.filter(returned_on__isnull=True).exists():
            return str(_("it is already on loan; record its return first"))
        return ""

    @property
    def location(self) -> str:
        """Building, room and case, those recorded, joined by " / "."""
        return format_location(self.building, self.room, self.case)


def format_location(building: str, room: str, case: str) -> str:
    """A place of custody as one text: ``四維行政中心 / 3樓 / 櫥窗2``, the parts recorded."""
    return " / ".join(part for part in (building, room, case) if part)


class GiftLoan(models.Model):
    """A gift lent to an exhibition: where it was before (to bring it back there), when it went
    and when it came back. Made and closed by :func:`gifts.services.gift_lend` and
    :func:`gifts.services.gift_return`, which move the gift. A gift is on one loan at a time."""

    gift = models.ForeignKey(Gift, on_delete=models.CASCADE, related_name="loans", verbose_name=_("gift"))
    exhibition = models.ForeignKey(Exhibition, on_delete=models.PROTECT,
                                   related_name="gift_loans",
                                   verbose_name=_("exhibition"))
    lent_on = models.DateField(_("lent on"))
    returned_on = models.DateField(_("returned on"), null=True, blank=True)
    previous_building = models.CharField(_("building before"), max_length=100, blank=True, editable=False)
    previous_room = models.CharField(_("room before"), max_length=100, blank=True, editable=False)
    previous_case = models.CharField(_("case or shelf before"), max_length=100, blank=True, editable=False)

    objects = VisibleQuerySet.as_manager()
    # Custody is never public (core.visibility: an empty declaration).
    public_when_named_by: tuple[str, ...] = ()

    class Meta:
        verbose_name = _("loan to an exhibition")
        verbose_name_plural = _("loans to exhibitions")
        ordering = ["gift", "lent_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(returned_on__isnull=True) | Q(returned_on__gte=models.F("lent_on")),
                name="gifts_giftloan_returned_not_before_lent",
                violation_error_message=_("A gift cannot come back before it was lent."),
            ),
            models.UniqueConstraint(
                fields=["gift"], condition=Q(returned_on__isnull=True), name="gifts_giftloan_one_open_loan",
                violation_error_message=_("This gift is already on loan; record its return first."),
            ),
        ]

    def __str__(self) -> str:
        if not (self.exhibition_id and self.lent_on):
            return ""
        return f"{self.exhibition} ({format_date_input(self.lent_on)})"

    def clean(self) -> None:
        """A loan is a stretch of time the gift spends away, so: the return is not before the
        loan, nor after today (a return is recorded when it happened; a loan may start in the
        future, a planned loan), and no two loans of one gift overlap (an object is in one place
        at a time; :meth:`overlapping`). Raises ``ValidationError`` on ``returned_on`` or
        ``lent_on``, in the active language, naming the other loan and its dates as the admin
        writes them (:func:`core.dates.format_date_range_input`)."""
        super().clean()
        if self.returned_on and self.lent_on and self.returned_on < self.lent_on:
            raise ValidationError({"returned_on": _("A gift cannot come back before it was lent.")})
        today = timezone.localdate()
        if self.returned_on and self.returned_on > today:
            raise ValidationError({"returned_on": _(
                "A return cannot be recorded ahead of time: %(date)s is after today (%(today)s).")
                % {"date": format_date_input(self.returned_on), "today": format_date_input(today)}})
        others = self.overlapping()
        if self.returned_on is None:  # two open loans: gifts_giftloan_one_open_loan says so
            others = others.exclude(returned_on__isnull=True)
        other = others.select_related("exhibition").first()
        if other is not None:
            raise ValidationError({"lent_on": _(
                "This loan overlaps the gift's loan to %(exhibition)s (%(dates)s): a gift is in one "
                "place at a time.") % {"exhibition": other.exhibition, "dates": format_date_range_input(
                    other.lent_on, other.returned_on, ongoing=True)}})

    def overlapping(self) -> models.QuerySet:
        """The gift's other loans whose time overlaps this one's (empty without a gift or a
        start). A loan runs from ``lent_on`` up to ``returned_on`` (the gift may leave again the
        day it came back), without end while open; two loans starting the same day overlap."""
        if not (self.gift_id and self.lent_on):
            return GiftLoan.objects.none()
        others = GiftLoan.objects.filter(gift_id=self.gift_id).exclude(pk=self.pk)
        # Half-open stretches [lent_on, returned_on): they meet when each starts before the other ends.
        after_ours_starts = Q(returned_on__isnull=True) | Q(returned_on__gt=self.lent_on)
        before_ours_ends = Q() if self.returned_on is None else Q(lent_on__lt=self.returned_on)
        return others.filter((after_ours_starts & before_ours_ends) | Q(lent_on=self.lent_on))

    @property
    def previous_location(self) -> str:
        """Where the gift was before the loan."""
        return format_location(self.previous_building, self.previous_room, self.previous_case)


class InventoryWalk(models.Model):
    """The yearly inventory: staff walk the rooms with a phone and confirm or flag each gift in
    custody (:class:`InventoryCheck`); finishing it writes where moved gifts were found
    (:func:`gifts.services.inventory_finish`)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True,
                                            validators=bounded(*YEAR, message=YEAR_MESSAGE))
    started_on = models.DateField(_("started on"), default=timezone.localdate)
    finished_on = models.DateField(_("finished on"), null=True, blank=True, editable=False)
    note = models.TextField(_("note"), blank=True)

    objects = VisibleQuerySet.as_manager()
    # The inventory is the office's own (core.visibility: never public).
    public_when_named_by: tuple[str, ...] = ()

    class Meta:
        verbose_name = _("inventory")
        verbose_name_plural = _("inventories")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(condition=Q(year__gte=1900, year__lte=2999),
                                   name="gifts_inventorywalk_year_range",
                                   violation_error_message=YEAR_MESSAGE),
        ]

    def __str__(self) -> str:
        # The year as staff type it: 114年 in Chinese (ROC), 2025 in English.
        year = format_date_input(datetime.date(self.year, 1, 1), DatePrecision.YEAR)
        return str(_("Inventory %(year)s") % {"year": year})


class CheckResult(models.TextChoices):
    """What the inventory found of a gift."""

    FOUND = "found", _("found where recorded")
    MOVED = "moved", _("found elsewhere")
    MISSING = "missing", _("missing")


class InventoryCheck(models.Model):
    """One gift checked in an inventory: found where recorded, found elsewhere (and where), or
    missing; by whom and when. One per gift and inventory (a second check replaces it)."""

    walk = models.ForeignKey(InventoryWalk, on_delete=models.CASCADE, related_name="checks",
                             verbose_name=_("inventory"))
    gift = models.ForeignKey(Gift, on_delete=models.PROTECT, related_name="inventory_checks",
                             verbose_name=_("gift"))
    result = models.CharField(_("result"), max_length=10, choices=CheckResult.choices)
    expected_location = models.CharField(_("recorded location"), max_length=320, blank=True)
    building = models.CharField(_("building found in"), max_length=100, blank=True)
    room = models.CharField(_("room found in"), max_length=100, blank=True)
    case = models.CharField(_("case or shelf found in"), max_length=100, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    checked_at = models.DateTimeField(_("checked at"), default=timezone.now)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("checked by"))

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("inventory check")
        verbose_name_plural = _("inventory checks")
        ordering = ["walk", "gift__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["walk", "gift"], name="gifts_inventorycheck_once_per_walk",
                violation_error_message=_("This gift is already checked in this inventory.")),
            models.CheckConstraint(
                condition=~Q(result=CheckResult.MOVED) | ~Q(building="", room="", case=""),
                name="gifts_inventorycheck_moved_says_where",
                violation_error_message=_("Say where a gift found elsewhere was found."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.gift} · {self.get_result_display()}" if self.gift_id else ""

    @property
    def found_location(self) -> str:
        """Where a gift found elsewhere was found."""
        return format_location(self.building, self.room, self.case)


class GiftDonatedItem(models.Model):
    """One item of a donation (relief supplies and their quantities, recorded on the donation
    engagement) as part of a gift on the register. An item belongs to one gift at most."""

    gift = models.ForeignKey(Gift, on_delete=models.CASCADE, related_name="donation_lines",
                             verbose_name=_("gift"))
    donated_item = models.OneToOneField(DonatedItem, on_delete=models.PROTECT, related_name="gift_line",
                                        verbose_name=_("donated item"))

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("item of the donation")
        verbose_name_plural = _("items of the donation")
        ordering = ["gift", "donated_item__position", "pk"]

    def __str__(self) -> str:
        return str(self.donated_item) if self.donated_item_id else ""

    def clean(self) -> None:
        """The donated item must be one of the gift's engagement's. Raises ``ValidationError``."""
        super().clean()
        if self.gift_id and self.donated_item_id and (
                self.donated_item.engagement_id != self.gift.engagement_id):
            raise ValidationError({"donated_item": _(
                "This item was donated in another engagement (%(engagement)s).") % {
                "engagement": self.donated_item.engagement}})


class GiftPhoto(Photo):
    """A photo of a gift."""

    gift = models.ForeignKey(Gift, on_delete=models.CASCADE, related_name="photos", verbose_name=_("gift"))

    class Meta(Photo.Meta):
        verbose_name = _("gift photo")
        verbose_name_plural = _("gift photos")


