"""People, engagements with foreign counterparts, and the half-year totals the office reports."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, IntegerField, Q
from django.db.models.functions import Coalesce
from django.utils.translation import get_language, override, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from cities.models import City, CityLink, Country, in_country
from core.dates import DatePrecision, HalfYear, format_date_input, is_chinese
from core.i18n import run_together
from core.models import (
    CASES,
    HALF,
    PERSON_TIMES,
    PERSONS,
    POSITION,
    QUANTITY,
    YEAR,
    YEAR_MESSAGE,
    DatedModel,
    DatedQuerySet,
    NarratedModel,
    Photo,
    PublicLabelChoices,
    PublicPageModel,
    SearchKeyModel,
    SearchKeyQuerySet,
    SluggedModel,
    bounded,
    slug_field,
)
from core.visibility import VisibleQuerySet


class EngagementLabel(SluggedModel):
    """What a bureau and a topic share: a name (translated), a slug made from it, and being
    public when a public engagement names it (:mod:`core.visibility`)."""

    name = models.CharField(_("name"), max_length=120)
    slug = slug_field(120)
    slug_sources = ("name_en", "name_zh_hant")
    public_when_named_by = ("engagements",)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.name


class Bureau(EngagementLabel):
    """A unit of the home city government (局 / 處) taking part in engagements."""

    short_name = models.CharField(_("short name"), max_length=40, blank=True,
                                  help_text=_("e.g. 行國處"))

    class Meta(EngagementLabel.Meta):
        verbose_name = _("bureau or department")
        verbose_name_plural = _("bureaus and departments")


class Topic(EngagementLabel):
    """A subject discussed in engagements (smart city, climate change, tourism...)."""

    class Meta(EngagementLabel.Meta):
        verbose_name = _("topic")
        verbose_name_plural = _("topics")


class Person(SearchKeyModel):
    """A foreign guest, or one of the home city's own officials.

    ``name`` is translated: the Chinese rendering (朗．尼倫伯格) and the English form
    (Ron Nirenberg); ``original_name`` is the name in its own script where that is neither
    (Agnė Vaičiukevičiūtė, 小池百合子). A person's title belongs to each engagement
    (:class:`Participation`), since titles change.

    Personal data beyond name, title and organisation (``email``, ``phone``,
    ``passport_number``, ``dietary_needs``, ``notes``; :attr:`PERSONAL_DATA_FIELDS`) is never
    public (public views, feeds and exports read :attr:`PUBLIC_FIELDS` and nothing else), and in
    the back office only staff with the permission ``visits.view_personal_data_person`` (the
    organiser role) see it (:mod:`core.personal`); it is purged when no longer needed
    (``purge_personal_data``).

    A person has no publication state: a person is public (:mod:`core.visibility`) only as a
    participant of a public engagement, and is named publicly only there (and found by the
    search through it). A person who took part only in drafts or embargoed engagements, or who
    is only recorded as the giver of an item, is not named anywhere public.
    """

    public_when_named_by = ("participations__engagement",)

    name = models.CharField(_("full name"), max_length=150)
    original_name = models.CharField(
        _("name in the original script"), max_length=150, blank=True,
        help_text=_("As the person writes it, with diacritics (e.g. Agnė Vaičiukevičiūtė)."),
    )
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, null=True, blank=True, related_name="people",
        verbose_name=_("country"),
    )
    is_city_official = models.BooleanField(
        _("official of the home city"), default=False,
        help_text=_("Mayor, deputy mayor and other officials of the city government."),
    )
    search_key_fields = ("name", "original_name")
    # The same name in either language and the same country: likely one person
    # (core.models.SearchKeyModel).
    duplicate_scope = ("country",)
    # Personal data (PERSONAL_DATA_FIELDS): never on a public page, feed, sitemap or open-data
    # export (PUBLIC_FIELDS), and only for the staff who organise visits.
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    passport_number = models.CharField(_("passport number"), max_length=40, blank=True)
    dietary_needs = models.CharField(_("dietary needs"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True,
                             help_text=_("For staff only; never shown to the public."))

    objects = SearchKeyQuerySet.as_manager()

    # The only fields public pages, feeds and open data may show. Everything else about a person
    # (email, phone, passport number, dietary needs, notes) is personal data, for the staff who
    # organise visits only; tests/pages/test_crawl_security.py checks that none of it reaches a
    # public URL, tests/visits/test_personal_data.py that no other staff see it.
    PUBLIC_FIELDS = ("id", "name", "name_zh_hant", "name_en", "original_name", "country")
    PERSONAL_DATA_FIELDS = ("email", "phone", "passport_number", "dietary_needs", "notes")

    class Meta:
        permissions = [("view_personal_data_person",
                        _("Can see visitors' contact, passport, dietary and note fields"))]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["search_key", "pk"]

    def __str__(self) -> str:
        return self.name



class EngagementKind(PublicLabelChoices):
    """The kinds of engagement the office records (glossary: 接待, 出訪, 視訊會議...)."""

    RECEPTION = "reception", _("reception of a foreign visit")
    OUTBOUND_VISIT = "outbound_visit", _("outbound visit")
    VIDEO_CONFERENCE = "video_conference", _("video conference")
    CEREMONY = "ceremony", _("ceremony or event")
    DONATION = "donation", _("donation")
    OTHER = "other", _("other exchange")

    @classmethod
    def public_labels(cls) -> dict[str, str]:
        """A reader sees one word for a kind, not the clerk's alternatives."""
        return {
            cls.RECEPTION: pgettext_lazy("public label of an engagement", "reception"),
            cls.CEREMONY: pgettext_lazy("public label of an engagement", "event"),
            cls.OTHER: pgettext_lazy("public label of an engagement", "exchange"),
        }


# Engagements counted as foreign-guest reception cases in the half-year totals: the source
# counts "外賓接待（含線上視訊會議及出訪）", reception including video conferences and outbound visits.
RECEPTION_KINDS = (
    EngagementKind.RECEPTION, EngagementKind.VIDEO_CONFERENCE, EngagementKind.OUTBOUND_VISIT,
)


# Engagements the public can attend or watch, listed as events in the calendar feed.
PUBLIC_EVENT_KINDS = (EngagementKind.CEREMONY,)


class ParticipantRole(PublicLabelChoices):
    """What a person did in an engagement."""

    HEAD = "head", _("head of delegation")
    MEMBER = "member", _("member of delegation")
    GUEST = "guest", _("guest or counterpart")
    HOST = "host", _("host or leader for the city")
    CITY_DELEGATE = "city_delegate", _("member for the city")
    # Taiwanese guests of the city who are not its staff: neither foreign guests (no
    # person-times) nor city officials.
    DIGNITARY = "dignitary", _("Taiwanese dignitary (legislator, councillor)")

    @classmethod
    def public_labels(cls) -> dict[str, str]:
        """Short forms: the page already says which side a person was on."""
        return {
            cls.GUEST: pgettext_lazy("public label of a participant", "guest"),
            cls.HOST: pgettext_lazy("public label of a participant", "leading official"),
            cls.CITY_DELEGATE: pgettext_lazy("public label of a participant", "delegation member"),
            cls.DIGNITARY: pgettext_lazy("public label of a participant", "Taiwanese dignitary"),
        }


# Roles on the foreign side: these are the person-times of reception.
FOREIGN_ROLES = (ParticipantRole.HEAD, ParticipantRole.MEMBER, ParticipantRole.GUEST)
CITY_ROLES = (ParticipantRole.HOST, ParticipantRole.CITY_DELEGATE)


class EngagementQuerySet(DatedQuerySet, SearchKeyQuerySet):
    """Queries over engagements."""

    def involving(self, city: City) -> EngagementQuerySet:
        """Engagements that name ``city`` among their partner cities."""
        return self.filter(cities=city)

    def of_kind(self, kind: str) -> EngagementQuerySet:
        """Engagements of ``kind`` (an :class:`EngagementKind` value; none for another code)."""
        return self.filter(kind=kind)

    def in_country(self, slug: str) -> EngagementQuerySet:
        """Engagements with a counterpart from the country of slug ``slug`` or a public partner
        city in it (nations within it included: :func:`cities.models.in_country`); a draft
        partner city does not tie an engagement to its country."""
        return self.filter(
            Q(pk__in=self.model.countries.through.objects.filter(in_country("country", slug))
              .values("engagement"))
            | Q(pk__in=EngagementCity.objects.public().filter(in_country("city__country", slug))
                .values("engagement")))

    def countries_condition(self) -> Q:
        """A ``Q`` on countries: those these engagements are tied to, their counterparts'
        countries and those of their public partner cities (from public engagements, so named
        by ``"engagements"`` and ``"cities"`` of :attr:`cities.models.Country.public_when_named_by`).
        The archive's country filter offers them, with the states they lie within
        (:func:`cities.models.countries_and_parents`; :meth:`in_country`)."""
        cities = EngagementCity.objects.public().filter(engagement__in=self)
        return Q(pk__in=self.values("countries")) | Q(pk__in=cities.values("city__country"))

    def in_period(self, period: HalfYear) -> EngagementQuerySet:
        """Engagements that start within the half-year ``period``."""
        return self.filter(start_date__range=(period.start, period.end))

    def public_events(self) -> EngagementQuerySet:
        """Engagements of the kinds the public can attend (:data:`PUBLIC_EVENT_KINDS`)."""
        return self.filter(kind__in=PUBLIC_EVENT_KINDS)

    def reception_cases(self) -> EngagementQuerySet:
        """Engagements that count as reception cases (receptions, video conferences, outbound
        visits), as the half-year report counts them."""
        return self.filter(kind__in=RECEPTION_KINDS)

    def with_person_times(self) -> EngagementQuerySet:
        """Annotate ``person_times``: the recorded headcount where one is given, else the number
        of foreign participants (heads, members, guests)."""
        return self.annotate(
            foreign_participants=Count(
                "participations", filter=Q(participations__role__in=FOREIGN_ROLES)
            ),
        ).annotate(
            person_times=Coalesce("headcount", "foreign_participants", output_field=IntegerField())
        )

    def search_links(self, query: str) -> tuple[tuple[models.QuerySet, str], ...]:
        """An engagement matches ``query`` (:meth:`core.models.SearchKeyQuerySet.matching`) by its
        title (either language), one of its participants or one of its published partner
        cities, all compared by :func:`core.names.normalise_name` so SQLite and PostgreSQL agree."""
        return ((Participation.objects.filter(person__in=Person.objects.matching(query)), "engagement"),
                (EngagementCity.objects.filter(city__in=City.objects.public().matching(query)), "engagement"))

    def for_titles(self) -> EngagementQuerySet:
        """Fetch what a list of titles shows (the search's results), and only that: the kind, the
        title (every language, for its ``lang``), the dates and the slug; not the summary, place
        and search key of every row."""
        return self.only("slug", "kind", "title", "start_date", "end_date", "date_precision", "status")

    def for_listing(self) -> EngagementQuerySet:
        """Fetch what a list of public engagements shows, and only that: :meth:`for_titles` and
        the public partner cities (:meth:`core.visibility.VisibleQuerySet.with_public`)."""
        return self.for_titles().with_public("cities")

    def for_page(self) -> EngagementQuerySet:
        """Fetch everything a public engagement's page shows, public records only: participants
        with their people, partner cities, countries, topics, bureaus, donated items, items
        received and photos (with the countries that tell the language of original names)."""
        return self.with_public("cities", "participations__person__country__parent", "countries", "topics",
                                "bureaus", "donated_items", "photos", "items")

    def totals(self) -> dict[str, int]:
        """Return ``{"cases": int, "person_times": int}`` over the reception cases here."""
        cases = self.reception_cases()
        person_times = sum(cases.with_person_times().values_list("person_times", flat=True))
        return {"cases": cases.count(), "person_times": person_times}

    def totals_by_half_year(self) -> dict[HalfYear, dict[str, int]]:
        """:meth:`totals` of each half-year in which one of the reception cases here starts:
        ``{HalfYear(2022, 2): {"cases": 25, "person_times": 26}, ...}`` (the half-year of the
        start date, as :meth:`in_period` and the half-year report count them)."""
        result: dict[HalfYear, dict[str, int]] = {}
        rows = self.reception_cases().with_person_times().order_by().values_list("start_date", "person_times")
        for start, person_times in rows:
            totals = result.setdefault(HalfYear.containing(start), {"cases": 0, "person_times": 0})
            totals["cases"] += 1
            totals["person_times"] += person_times or 0
        return result

    def counts_by_kind(self) -> dict[str, int]:
        """The number of engagements here of each kind present: ``{"reception": 12, ...}``
        (:class:`EngagementKind` values)."""
        rows = self.order_by().values("kind").annotate(count=Count("pk"))
        return {row["kind"]: row["count"] for row in rows}

    def counts_by_country(self) -> dict[Country, int]:
        """The number of engagements here with counterparts from each country
        (:attr:`Engagement.countries`); one with counterparts from two countries counts in each."""
        return Country.objects.counts_of("engagements", self)


class Engagement(SluggedModel, SearchKeyModel, DatedModel, NarratedModel, PublicPageModel):
    """One engagement with foreign counterparts, counted once as a case: a reception of a visit,
    an outbound visit, a video conference, a ceremony (e.g. a lighting), a donation...

    ``summary`` is the paragraph the half-year report prints (:class:`core.models.NarratedModel`).
    ``headcount`` is the number of persons received when only a number is known (it then
    overrides the count of participants).
    """

    kind = models.CharField(_("kind"), max_length=20, choices=EngagementKind.choices,
                            db_index=True)
    title = models.CharField(_("title"), max_length=200)
    slug = slug_field(200)
    place = models.CharField(_("place"), max_length=200, blank=True)
    cities = models.ManyToManyField(
        City, through="EngagementCity", related_name="engagements", blank=True,
        verbose_name=_("partner cities"),
    )
    countries = models.ManyToManyField(
        Country, related_name="engagements", blank=True, verbose_name=_("countries"),
        help_text=_("The counterparts' countries."),
    )
    bureaus = models.ManyToManyField(
        Bureau, related_name="engagements", blank=True,
        verbose_name=_("bureaus taking part"),
    )
    topics = models.ManyToManyField(Topic, related_name="engagements", blank=True,
                                    verbose_name=_("topics"))
    headcount = models.PositiveIntegerField(
        _("persons received"), null=True, blank=True, validators=bounded(*PERSONS),
        help_text=_("Only when the number is known but not every person is recorded."),
    )
    search_key_fields = ("title",)
    slug_sources = ("title_en", "title_zh_hant")
    slug_date_field = "start_date"

    objects = EngagementQuerySet.as_manager()

    detail_url_name = "visits:detail"

    class Meta(DatedModel.Meta):
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")
        ordering = ["-start_date", "-pk"]
        permissions = [("publish_engagement", _("Can publish and unpublish engagements"))]
        constraints = [
            *DatedModel.Meta.constraints,
            models.CheckConstraint(
                condition=Q(headcount__isnull=True) | Q(headcount__gte=0),
                name="visits_engagement_headcount_not_negative",
                violation_error_message=_("The number of persons received cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


    # As an entry of a timeline (core.timeline): its kind.
    @property
    def timeline_kind(self) -> str:
        return self.kind

    @property
    def timeline_kind_label(self) -> str:
        return EngagementKind.public_label_of(self.kind)

    @classmethod
    def timeline_kind_choices(cls) -> list[tuple[str, str]]:
        """The kinds an engagement has in a timeline: :class:`EngagementKind`, by their public
        labels."""
        return EngagementKind.public_choices()



class EngagementCity(CityLink):
    """A partner city named in an engagement."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE)
    record_field = "engagement"

    class Meta:
        verbose_name = _("partner city of an engagement")
        verbose_name_plural = _("partner cities of engagements")
        constraints = [
            models.UniqueConstraint(fields=["engagement", "city"],
                                    name="visits_engagementcity_unique",
                                    violation_error_message=_("This city is already named in this "
                                                              "engagement.")),
        ]


class Participation(models.Model):
    """A person in an engagement, with their role and their title at that time.

    A delegation may have several heads (co-led: a mayor with the council chairman);
    ``position`` orders the participants, so it says who is named first."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE,
                                   related_name="participations", verbose_name=_("engagement"))
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="participations",
                               verbose_name=_("person"))
    role = models.CharField(_("role"), max_length=20, choices=ParticipantRole.choices,
                            default=ParticipantRole.MEMBER)
    organisation = models.CharField(
        _("organisation"), max_length=200, blank=True,
        help_text=_("As at the engagement, e.g. 立陶宛交通及通訊部 / Lithuanian Ministry of "
                    "Transport and Communications."),
    )
    title = models.CharField(_("title at the time"), max_length=200, blank=True,
                             help_text=_("e.g. 政務次長 / Vice Minister"))
    position = models.PositiveSmallIntegerField(_("position"), default=0, validators=bounded(*POSITION))

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["engagement", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "person"], name="visits_participation_once_per_engagement",
                violation_error_message=_("This person is already listed in this engagement."),
            ),
        ]

    def __str__(self) -> str:
        if self.person_id is None:  # a row being corrected in the admin may have no person yet
            return self.title or self.organisation or ""
        return self.designation()

    def designation(self, language: str | None = None) -> str:
        """The person as a report names them (str), in ``language`` (default: the active one):
        organisation, name and title run together in Chinese (美國在台協會孫曉雅處長; Latin parts
        side by side keep a comma: ``John Smith, State Senator``), "name, title, organisation" in
        English (:func:`core.i18n.run_together`)."""
        language = language or get_language()
        with override(language):
            name, title, organisation = self.person.name, self.title, self.organisation
        if is_chinese(language):
            return run_together((organisation, name, title), language)
        return run_together((name, title, organisation), language)


class DonatedItem(models.Model):
    """An item donated in an engagement (relief supplies...), with its quantity where known."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE,
                                   related_name="donated_items", verbose_name=_("engagement"))
    name = models.CharField(_("item"), max_length=150)
    quantity = models.PositiveIntegerField(_("quantity"), null=True, blank=True,
                                           validators=bounded(*QUANTITY),
                                           help_text=_("Leave empty when not known."))
    unit = models.CharField(_("unit"), max_length=30, blank=True, help_text=_("e.g. boxes"))
    position = models.PositiveSmallIntegerField(_("position"), default=0, validators=bounded(*POSITION))

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("donated item")
        verbose_name_plural = _("donated items")
        ordering = ["engagement", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__isnull=True) | Q(quantity__gte=0),
                name="visits_donateditem_quantity_not_negative",
                violation_error_message=_("A quantity cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        if self.quantity is None:
            return self.name
        return f"{self.name} × {self.quantity}{(' ' + self.unit) if self.unit else ''}"


class EngagementPhoto(Photo):
    """A photo of an engagement."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="photos",
                                   verbose_name=_("engagement"))

    class Meta(Photo.Meta):
        verbose_name = _("engagement photo")
        verbose_name_plural = _("engagement photos")


class ReportingPeriodQuerySet(VisibleQuerySet):
    """Queries over reporting periods."""

    def for_half_year(self, period: HalfYear) -> ReportingPeriod | None:
        """The record of ``period`` (a :class:`HalfYear`), or ``None`` if none was entered."""
        return self.filter(year=period.year, half=period.half).first()

    def reported_totals(self) -> dict[HalfYear, dict[str, int | None]]:
        """The officially reported totals of each period here: ``{HalfYear(2022, 2): {"cases":
        22, "person_times": 142}}``; a figure not reported is ``None``."""
        rows = self.order_by().values_list("year", "half", "reported_cases", "reported_person_times")
        return {HalfYear(year, half): {"cases": cases, "person_times": person_times}
                for year, half, cases, person_times in rows}


class ReportingPeriod(models.Model):
    """A half-year of the office's report (2022H2 = ROC 111年7月至12月) with the figures the
    office officially reported, where it published them, and the texts the report opens its
    three parts with (``part1_opening`` ...). Computed totals come from the records
    (:meth:`EngagementQuerySet.totals`); the report shows both and flags a difference."""

    year = models.PositiveSmallIntegerField(_("year"), validators=bounded(*YEAR, message=YEAR_MESSAGE))
    half = models.PositiveSmallIntegerField(
        _("half"), validators=bounded(*HALF), choices=[(1, _("January–June")), (2, _("July–December"))]
    )
    reported_cases = models.PositiveIntegerField(_("reported cases"), null=True, blank=True,
                                                 validators=bounded(*CASES))
    reported_person_times = models.PositiveIntegerField(_("reported person-times"), null=True,
                                                        blank=True, validators=bounded(*PERSON_TIMES))
    part1_opening = models.TextField(
        _("opening of part 1"), blank=True,
        help_text=_("Printed after the heading of the sister and partner cities part of the half-year "
                    "report; leave empty for none."))
    part2_opening = models.TextField(
        _("opening of part 2"), blank=True,
        help_text=_("Printed after the heading of the foreign visitors and outbound visits part; leave "
                    "empty for none."))
    part3_opening = models.TextField(
        _("opening of part 3"), blank=True,
        help_text=_("The context of the half-year, printed before the totals in the same paragraph "
                    "(e.g. 隨著當前全球COVID-19疫情逐漸緩減，…拓展本市和國際之交流。)."))
    note = models.TextField(_("note"), blank=True)

    # Staff's and the report's, never the public site's (core.visibility).
    public_when_named_by = ()

    objects = ReportingPeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["-year", "-half"]
        constraints = [
            models.UniqueConstraint(fields=["year", "half"], name="visits_reportingperiod_unique",
                                    violation_error_message=_("This half-year already exists.")),
            models.CheckConstraint(condition=Q(half__in=[1, 2]),
                                   name="visits_reportingperiod_half_1_or_2",
                                   violation_error_message=_("The half is 1 or 2.")),
            models.CheckConstraint(condition=Q(year__gte=1900, year__lte=2999),
                                   name="visits_reportingperiod_year_range",
                                   violation_error_message=YEAR_MESSAGE),
        ]

    def __str__(self) -> str:
        """The half-year as staff type it in the active language: ``111年下半年``, ``2022H2``."""
        return format_date_input(self.half_year.start, DatePrecision.HALF_YEAR)

    @property
    def half_year(self) -> HalfYear:
        """This period as a :class:`HalfYear`."""
        return HalfYear(self.year, self.half)


class MainGuest(models.Model):
    """One of the main foreign guests the report lists for a period, in the listed order.

    ``listed_as`` keeps the wording of an official report where it differs from the derived
    designation (:meth:`Participation.designation`).
    """

    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE,
                               related_name="main_guests", verbose_name=_("reporting period"))
    participation = models.ForeignKey(Participation, on_delete=models.PROTECT,
                                      related_name="main_guest_listings",
                                      verbose_name=_("participant"))
    position = models.PositiveSmallIntegerField(_("position"), default=0, validators=bounded(*POSITION))
    listed_as = models.CharField(_("listed as"), max_length=200, blank=True,
                                 help_text=_("Leave empty to use organisation, name and title."))

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("main foreign guest")
        verbose_name_plural = _("main foreign guests")
        ordering = ["period", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["period", "participation"],
                                    name="visits_mainguest_once_per_period",
                                    violation_error_message=_("This guest is already listed.")),
        ]

    def __str__(self) -> str:
        return self.label()

    def clean(self) -> None:
        """The listed participant must be a foreign participant of an engagement in the period."""
        super().clean()
        if not (self.period_id and self.participation_id):
            return
        participation = self.participation
        if participation.role not in FOREIGN_ROLES:
            raise ValidationError({"participation": _(
                "Only foreign guests (heads, members, guests) can be listed as main guests."
            )})
        period = self.period.half_year
        if not period.start <= participation.engagement.start_date <= period.end:
            raise ValidationError({"participation": _(
                "This guest's engagement (%(date)s) is outside %(period)s."
            ) % {"date": participation.engagement.date_display(),
                 "period": period.label(get_language())}})

    def label(self, language: str | None = None) -> str:
        """The text listed in the report: ``listed_as`` if given, else the designation, with
        （視訊）/ (video) for a video conference."""
        language = language or get_language()
        with override(language):
            listed = self.listed_as
        if listed:
            return listed
        text = self.participation.designation(language)
        if self.participation.engagement.kind == EngagementKind.VIDEO_CONFERENCE:
            text += "（視訊）" if is_chinese(language) else " (video)"
        return text
