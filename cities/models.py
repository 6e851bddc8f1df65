"""Countries, partner cities (and other local governments) and their partnerships."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, Q, QuerySet, Value
from django.db.models.functions import ExtractYear, Mod
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.dates import DatePrecision, HalfYear, format_date_input
from core.models import (
    LATITUDE,
    LONGITUDE,
    ORDINAL,
    DatePrecisionField,
    PreciseDatesModel,
    PublicLabelChoices,
    PublicPageModel,
    PublishableModel,
    PublishableQuerySet,
    SearchKeyModel,
    SearchKeyQuerySet,
    SluggedModel,
    ThumbnailedImageModel,
    bounded,
    slug_field,
)
from core.visibility import VisibleQuerySet, named_by


class CountryKind(models.TextChoices):
    """What kind of polity a country record is; not every counterpart is a UN member state."""

    SOVEREIGN_STATE = "sovereign_state", _("sovereign state")
    CONSTITUENT_NATION = "constituent_nation", _("nation within a state")
    DE_FACTO_STATE = "de_facto_state", _("state with limited recognition")
    TERRITORY = "territory", _("territory")


def in_country(path: str, slug: str) -> Q:
    """A condition on the country at ``path`` (e.g. ``"country"`` or ``"cities__country"``): the
    country of slug ``slug`` or a nation within it, so the United Kingdom finds Edinburgh, which
    is filed under Scotland (:attr:`Country.parent`)."""
    return Q(**{f"{path}__slug": slug}) | Q(**{f"{path}__parent__slug": slug})


def countries_and_parents(condition: Q, *, named_by_public: tuple[str, ...] = ()) -> models.QuerySet:
    """The public countries matching ``condition`` (a ``Q`` on countries) and the public
    states they lie within (Scotland's United Kingdom): what a filter by country offers.

    ``named_by_public`` (lookups of :attr:`Country.public_when_named_by`, e.g. ``("cities",)``):
    the caller's word that ``condition`` picks only countries that public records name that way
    (the countries of public cities). When the rule declares each of them and ``"parts"`` (a
    state is public when a public nation within it names it), every country returned is public
    by the rule itself, and is read without the public condition, a subquery over every public
    city, engagement and person (the archive's options after each change: 420 of its 890 ms on
    SQLite at N=1). Otherwise, or when the rule stops declaring one, the condition is applied."""
    matching = Country.objects.filter(condition)
    picked = Q(pk__in=matching.values("pk")) | Q(pk__in=matching.values("parent"))
    if named_by_public and {*named_by_public, "parts"} <= set(named_by(Country) or ()):
        return Country.objects.filter(picked)
    return Country.objects.public().filter(picked)


class CountryQuerySet(VisibleQuerySet):
    """Queries over countries."""

    def counts_of(self, lookup: str, records: QuerySet, *, through: Q | None = None) -> dict[Country, int]:
        """Each country here reached by at least one of ``records`` through ``lookup`` (the
        path from a country to those records, e.g. ``"engagements"`` or
        ``"cities__exhibitions"``), with how many distinct records reach it. A record reaching
        two countries counts in each. ``through`` (a ``Q`` on countries, e.g.
        ``Q(cities__in=...)``) limits the way there: only the cities it admits count."""
        matched = Q(**{f"{lookup}__in": records.order_by().values("pk")}) & (through or Q())
        counted = self.filter(matched).annotate(record_count=Count(lookup, filter=matched, distinct=True))
        return {country: country.record_count for country in counted.order_by()}


class Country(SluggedModel):
    """A country or territory, including ones without an ISO 3166 code (Somaliland) and nations
    inside a state (Scotland, whose ``parent`` is the United Kingdom).

    A country has no publication state: it is public (:mod:`core.visibility`) when a public
    city lies in it, a public engagement names it among its counterparts' countries, a public
    person (a participant of a public engagement) comes from it, or a public country lies
    within it (the United Kingdom, for Scotland's sake). A country that only drafts, embargoed
    records or people who took part in none of the public engagements name is not shown
    anywhere public.
    """

    public_when_named_by = ("cities", "engagements", "people", "parts")

    name = models.CharField(_("name"), max_length=120)
    slug = slug_field(120)
    slug_sources = ("name_en", "name_zh_hant")
    iso_code = models.CharField(
        _("ISO 3166-1 code"), max_length=2, blank=True,
        help_text=_("Two capital letters (e.g. US); empty where none is assigned."),
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=CountryKind.choices, default=CountryKind.SOVEREIGN_STATE
    )
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="parts",
        verbose_name=_("part of"),
    )

    objects = CountryQuerySet.as_manager()

    class Meta:
        verbose_name = _("country or territory")
        verbose_name_plural = _("countries and territories")
        ordering = ["slug"]
        constraints = [
            models.UniqueConstraint(
                fields=["iso_code"], condition=~Q(iso_code=""), name="cities_country_iso_code_unique",
                violation_error_message=_("Another country already has this ISO code."),
            ),
            models.CheckConstraint(
                condition=Q(iso_code="") | Q(iso_code__regex=r"^[A-Z]{2}$"),
                name="cities_country_iso_code_format",
                violation_error_message=_("The ISO code is two capital letters, like TW or US."),
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("pk")), name="cities_country_not_own_parent",
                violation_error_message=_("A country cannot be part of itself."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """Upper-case the ISO code; a nation within a state must name that state."""
        super().clean()
        self.iso_code = (self.iso_code or "").strip().upper()
        if self.kind == CountryKind.CONSTITUENT_NATION and not self.parent_id:
            raise ValidationError({"parent": _(
                "A nation within a state needs the state it is part of (e.g. Scotland: "
                "United Kingdom)."
            )})


class LocalGovernmentKind(PublicLabelChoices):
    """The tier of local government; a partner is not always a city."""

    CITY = "city", _("city")
    PREFECTURE = "prefecture", _("prefecture")
    COUNTY = "county", _("county")
    DISTRICT = "district", _("district (e.g. German Landkreis)")
    STATE_OR_PROVINCE = "state", _("state or province")
    OTHER = "other", _("other local government")

    @classmethod
    def public_labels(cls) -> dict[str, str]:
        """A city is not labelled, nor a state or province (its name says which); the others
        by the name of their tier (Japan's 都道府縣, a German Landkreis is a 縣)."""
        return {
            cls.CITY: "",
            cls.STATE_OR_PROVINCE: "",
            cls.PREFECTURE: pgettext_lazy("public label of a local government", "prefecture"),
            cls.DISTRICT: pgettext_lazy("public label of a local government", "district"),
            cls.OTHER: pgettext_lazy("public label of a local government", "local government"),
        }


class CityQuerySet(PublishableQuerySet, SearchKeyQuerySet):
    """Queries over cities and other local governments."""

    def partners(self) -> CityQuerySet:
        """Local governments with at least one partnership with the home city, past or present."""
        return self.filter(partnerships__isnull=False).distinct()

    def in_sitemap(self) -> CityQuerySet:
        """Public partner cities: a city the office only dealt with (Tokyo, visited on an
        outbound visit) has a page, but is not one the site presents."""
        return self.public().partners()

    def for_listing(self) -> CityQuerySet:
        """Fetch what a list of public cities shows: the country (and the state a nation is within,
        for the language of native names) and every partnership, public records only."""
        return self.with_public("country__parent", "partnerships")

    def for_map(self) -> CityQuerySet:
        """Only what a map marker shows (the slug, the translated name, the coordinates and the
        country's name), without the prefetches of :meth:`for_listing`: the city list's map
        names every chosen city, 300 at N=1, not one page of them."""
        return (self.prefetch_related(None).select_related(None).select_related("country")
                .only("slug", "name", "latitude", "longitude", "country__name"))


# Said by the check constraints of the coordinates and the ordinal, and by the fields' validators.
LATITUDE_MESSAGE = _("Latitude is between -90 and 90 degrees.")
LONGITUDE_MESSAGE = _("Longitude is between -180 and 180 degrees.")
ORDINAL_MESSAGE = _("The ordinal starts at 1.")


class City(SluggedModel, SearchKeyModel, ThumbnailedImageModel, PublishableModel, PublicPageModel):
    """A foreign city or other local government: a partner, or any place the office deals with.

    ``name`` is translated (zh-hant and en); ``native_name`` holds the official name in its own
    script (부산광역시, 熊本県, Erzgebirgskreis).
    """

    name = models.CharField(_("name"), max_length=150)
    native_name = models.CharField(_("name in the native script"), max_length=150, blank=True)
    slug = slug_field(150)
    kind = models.CharField(
        _("kind"), max_length=12, choices=LocalGovernmentKind.choices,
        default=LocalGovernmentKind.CITY,
    )
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="cities", verbose_name=_("country")
    )
    region = models.CharField(
        _("state or region"), max_length=120, blank=True,
        help_text=_("e.g. Texas, Queensland; leave empty where it adds nothing."),
    )
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True,
                                   validators=bounded(*LATITUDE, message=LATITUDE_MESSAGE),
                                   blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True,
                                    validators=bounded(*LONGITUDE, message=LONGITUDE_MESSAGE),
                                    blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    image = models.ImageField(_("image"), upload_to="cities/", blank=True, db_index=True)
    image_alt_text = models.CharField(_("image alternative text"), max_length=300, blank=True)
    search_key_fields = ("name", "native_name")
    # 格丁尼亞市 and Gdynia, both cities of Poland, are likely one (core.models.SearchKeyModel);
    # 熊本縣 and 熊本市, a prefecture and its capital, are two.
    duplicate_scope = ("country", "kind")
    name_endings = ("市", "縣", "county", "city")
    slug_sources = ("name_en", "native_name", "name_zh_hant")

    objects = CityQuerySet.as_manager()

    detail_url_name = "cities:detail"

    class Meta:
        verbose_name = _("city or local government")
        verbose_name_plural = _("cities and local governments")
        ordering = ["country__slug", "slug"]
        permissions = [("publish_city", _("Can publish and unpublish cities"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="cities_city_latitude_range",
                violation_error_message=LATITUDE_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="cities_city_longitude_range",
                violation_error_message=LONGITUDE_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="cities_city_coordinates_paired",
                violation_error_message=_("Give both latitude and longitude, or neither."),
            ),
        ]

    def __str__(self) -> str:
        return self.name



    def partnership_summary(self, on: datetime.date) -> PartnershipSummary:
        """This city's partnership on ``on`` (a date), as a list shows it. Reads
        ``self.partnerships.all()`` (prefetch it for lists): the latest one in force
        (established by ``on`` or on an unknown date, and not ended), else the latest one
        established by ``on``, else (all signed later) the first one to come, which has no age yet."""
        partnerships = sorted(self.partnerships.all(),
                              key=lambda p: (p.established_on or datetime.date.min, p.pk))
        started = [p for p in partnerships if p.established_on is None or p.established_on <= on]
        current = [p for p in started if p.ended_on is None or p.ended_on > on]
        upcoming = partnerships[:1]  # every one signed after ``on``: the first to come
        chosen = ((current or started)[-1:] or upcoming or [None])[0]
        return PartnershipSummary(self, chosen, chosen.age_on(on) if chosen else None)


class CityLink(models.Model):
    """A city named by a record of another app: a partner city of an engagement, a city
    featured in an exhibition. Protects the city: a city that records name cannot be deleted.
    Subclasses add the foreign key to their record and say which it is in ``record_field``."""

    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="%(app_label)s_%(class)s_links",
                             verbose_name=_("city"))

    record_field = ""

    objects = VisibleQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{getattr(self, self.record_field)} · {self.city}"


class PartnershipKind(PublicLabelChoices):
    """The kind of agreement (glossary: 姊妹市, 友好城市, other agreements such as an MOU).

    The public label is also the word the half-year report uses for the kind."""

    SISTER_CITY = "sister_city", _("sister city")
    FRIENDSHIP_CITY = "friendship_city", _("friendship city")
    # A declaration of friendly exchange, often the step before a friendship city (Katowice).
    FRIENDSHIP_DECLARATION = "friendship_declaration", _("friendship declaration")
    AGREEMENT = "agreement", _("other agreement (MOU, exchange agreement)")

    @classmethod
    def public_labels(cls) -> dict[str, str]:
        """An other agreement is named as the report names it: 交流協定 / exchange agreement."""
        return {cls.AGREEMENT: pgettext_lazy("public label of a partnership", "exchange agreement")}


class PartnershipQuerySet(VisibleQuerySet):
    """Queries over partnerships (public ones: :meth:`VisibleQuerySet.public`, those of a
    public city)."""

    def active(self, on: datetime.date | None = None) -> PartnershipQuerySet:
        """Partnerships in force on ``on`` (a date; default today): established by then (or on
        an unknown date) and not ended by then. One entered before its signing is not yet in
        force; one ended on ``on`` no longer is."""
        on = on or datetime.date.today()
        return self.filter(Q(established_on__isnull=True) | Q(established_on__lte=on),
                           Q(ended_on__isnull=True) | Q(ended_on__gt=on))

    def in_force_during(self, period: HalfYear) -> PartnershipQuerySet:
        """Partnerships in force on at least one day of ``period`` (a :class:`HalfYear`):
        established by its end (or on an unknown date) and not ended by its start. A city with
        one is a partner city in that half-year's report."""
        return self.filter(Q(established_on__isnull=True) | Q(established_on__lte=period.end),
                           Q(ended_on__isnull=True) | Q(ended_on__gt=period.start))

    def established_during(self, period: HalfYear) -> PartnershipQuerySet:
        """Partnerships established in ``period`` (a :class:`HalfYear`): the new and upgraded
        partnerships its report announces. One known only to the year cannot be placed in a
        half-year and is left out (:meth:`established_in_year_only`)."""
        return self.filter(established_on__range=(period.start, period.end)).exclude(
            established_precision=DatePrecision.YEAR)

    def established_in_year_only(self, year: int) -> PartnershipQuerySet:
        """Partnerships established in ``year`` (a Gregorian int) whose date is known only to
        the year: neither half-year's report can place them."""
        return self.filter(established_on__year=year, established_precision=DatePrecision.YEAR)

    def ended_during(self, period: HalfYear) -> PartnershipQuerySet:
        """Partnerships that ended in ``period`` (a :class:`HalfYear`) without being replaced:
        an upgrade is told by the partnership that replaced it."""
        return self.filter(ended_on__range=(period.start, period.end), replaced_by__isnull=True)

    def counts_by_decade(self) -> dict[tuple[int, str], int]:
        """The partnerships here with a known date of establishment, counted by decade and kind:
        ``{(1980, "sister_city"): 3, ...}``, the decade as its first Gregorian year (1980 for
        1980–1989). Each partnership counts once, in the decade it was signed: an upgrade (MOU to
        friendship city) is a partnership of its own."""
        counts: dict[tuple[int, str], int] = {}
        for year, kind in self.exclude(established_on=None).values_list("established_on__year", "kind"):
            key = (year - year % 10, kind)
            counts[key] = counts.get(key, 0) + 1
        return counts

    def with_anniversary_in(self, year: int) -> PartnershipQuerySet:
        """Partnerships established before ``year`` (an int, Gregorian) with the ordinal of the
        anniversary that falls in it annotated as ``anniversary`` (2022 for one of 1982: 40)."""
        return self.filter(established_on__year__lt=year).annotate(
            anniversary=Value(year) - ExtractYear("established_on")
        )

    def with_round_anniversary_in(self, year: int, every: int = 5) -> PartnershipQuerySet:
        """Like :meth:`with_anniversary_in`, limited to round anniversaries (the 5th, 10th,
        15th... for ``every=5``): the ones offices celebrate, and the ones
        :meth:`Partnership.milestones` names on a city's page."""
        return self.with_anniversary_in(year).annotate(
            anniversary_remainder=Mod("anniversary", every)
        ).filter(anniversary_remainder=0)

    def with_anniversary_in_half_year(self, period: HalfYear) -> PartnershipQuerySet:
        """Like :meth:`with_anniversary_in`, limited to partnerships whose anniversary day falls
        in ``period``. Those known only to the year are included (the half is unknown)."""
        months = range(1, 7) if period.half == 1 else range(7, 13)
        return self.with_anniversary_in(period.year).filter(
            Q(established_precision=DatePrecision.YEAR) | Q(established_on__month__in=list(months))
        )


class Partnership(PreciseDatesModel):
    """An agreement between the home city and a foreign local government.

    Status over time is kept as rows: when an MOU is upgraded to a friendship city, the MOU gets
    ``ended_on`` and ``replaced_by`` the new partnership; a partnership that ended just has
    ``ended_on``. A city has at most one partnership of each kind.

    A partnership has no publication state of its own: it is public when its city is
    (:mod:`core.visibility`, a part of its city). The partnership it was upgraded to is named
    only when that one is public too.
    """

    city = models.ForeignKey(
        City, on_delete=models.PROTECT, related_name="partnerships", verbose_name=_("city")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=PartnershipKind.choices)
    established_on = models.DateField(
        _("date established"), null=True, blank=True,
        help_text=_("The date the agreement was signed; leave empty if not known."),
    )
    established_precision = DatePrecisionField(_("date established known to"),
                                               date_fields=("established_on",))
    ordinal = models.PositiveSmallIntegerField(
        _("ordinal"), null=True, blank=True, validators=bounded(*ORDINAL, message_below=ORDINAL_MESSAGE),
        help_text=_("The place of this partner in the home city's sequence (22 for the 22nd)."),
    )
    ended_on = models.DateField(_("date ended"), null=True, blank=True)
    replaced_by = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replaces",
        verbose_name=_("replaced by"),
        help_text=_("The partnership this one was upgraded to, e.g. an MOU to a friendship city."),
    )
    note = models.TextField(_("note"), blank=True)

    objects = PartnershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        ordering = ["established_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["city", "kind"], name="cities_partnership_one_per_kind",
                violation_error_message=_("This city already has a partnership of this kind."),
            ),
            # The city numbers all its partnerships in one sequence, whatever their kind.
            models.UniqueConstraint(
                fields=["ordinal"], condition=Q(ordinal__isnull=False),
                name="cities_partnership_ordinal_unique",
                violation_error_message=_("Another partnership already has this ordinal."),
            ),
            models.CheckConstraint(
                condition=Q(ordinal__isnull=True) | Q(ordinal__gte=1),
                name="cities_partnership_ordinal_positive",
                violation_error_message=ORDINAL_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(established_on__isnull=True)
                | Q(ended_on__gte=F("established_on")),
                name="cities_partnership_end_not_before_start",
                violation_error_message=_("A partnership cannot end before it was established."),
            ),
            models.CheckConstraint(
                condition=~Q(replaced_by=F("pk")), name="cities_partnership_not_own_successor",
                violation_error_message=_("A partnership cannot replace itself."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.city} · {self.get_kind_display()}"

    def clean(self) -> None:
        """Store the establishment date as the first day of its period (:class:`PreciseDatesModel`);
        an upgraded partnership has ended; the end is not before the establishment. Raises
        ``ValidationError``."""
        super().clean()
        if self.ended_on and self.established_on and self.ended_on < self.established_on:
            raise ValidationError({"ended_on": _(
                "The partnership cannot end (%(end)s) before it was established (%(start)s)."
            ) % {"end": format_date_input(self.ended_on),
                 "start": format_date_input(self.established_on, self.established_precision)}})
        if self.replaced_by_id and not self.ended_on:
            raise ValidationError({"ended_on": _(
                "A partnership replaced by another has ended: give the date it was replaced."
            )})
        if self.replaced_by_id and self.replaced_by_id == self.pk:
            raise ValidationError({"replaced_by": _("A partnership cannot replace itself.")})

    @property
    def is_active(self) -> bool:
        """True while the partnership has not ended."""
        return self.ended_on is None or self.ended_on > datetime.date.today()

    def anniversary_in(self, year: int) -> int | None:
        """The ordinal of the anniversary falling in ``year`` (40 for 2022 when established in
        1982); ``None`` when the date is unknown or ``year`` is not after it."""
        if not self.established_on or year <= self.established_on.year:
            return None
        return year - self.established_on.year

    def milestones(self, on: datetime.date, every: int = 5) -> tuple[tuple[int, int] | None,
                                                                    tuple[int, int] | None]:
        """The latest and the next round anniversary around ``on`` (a date), each as
        ``(year, ordinal)``: for a partnership of 1982 on 1 March 2026, ``((2022, 40),
        (2027, 45))``. A milestone in ``on``'s own year counts as the latest. ``(None, None)`` when
        the date established is not known; the latest is ``None`` before the first milestone."""
        if not self.established_on:
            return None, None
        age = on.year - self.established_on.year
        latest = age - age % every
        last = (self.established_on.year + latest, latest) if latest >= every else None
        upcoming = latest + every
        return last, (self.established_on.year + upcoming, upcoming)

    def age_on(self, on: datetime.date) -> int | None:
        """Whole years from establishment to ``on`` (a date); ``None`` if not known. When only
        the year or month is known, counts from the first day of that period."""
        if not self.established_on or on < self.established_on:
            return None
        years = on.year - self.established_on.year
        if (on.month, on.day) < (self.established_on.month, self.established_on.day):
            years -= 1
        return years


@dataclass(frozen=True)
class PartnershipSummary:
    """A city with the partnership a list shows for it and that partnership's age in years."""

    city: City
    partnership: Partnership | None
    age: int | None

    @property
    def kind_label(self) -> str:
        """The kind of partnership by its public label in the active language; ``""`` for a city
        without a partnership."""
        return PartnershipKind.public_label_of(self.partnership.kind) if self.partnership else ""

    @property
    def kind_order(self) -> int:
        """Sister cities first, then friendship cities, then other agreements."""
        kinds = list(PartnershipKind.values)
        return kinds.index(self.partnership.kind) if self.partnership else len(kinds)
