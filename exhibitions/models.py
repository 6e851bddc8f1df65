"""Venues, exhibition series, exhibitions, and the items (gifts, keys, mascots...) shown."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cities.models import City, CityLink, Country, in_country
from core.models import (
    POSITION,
    DatedModel,
    DatedQuerySet,
    DatePrecisionField,
    NarratedModel,
    Photo,
    PreciseDatesModel,
    PublicLabelChoices,
    PublicPageModel,
    SearchKeyModel,
    SearchKeyQuerySet,
    SluggedModel,
    ThumbnailedImageModel,
    bounded,
    slug_field,
)
from core.registry import added_to
from core.visibility import VisibleQuerySet
from visits.models import Engagement


class Venue(SluggedModel):
    """A place where the office shows exhibitions (the atrium display windows of the Siwei
    Administration Center, the main public library...)."""

    name = models.CharField(_("name"), max_length=150)
    slug = slug_field(150)
    slug_sources = ("name_en", "name_zh_hant")
    address = models.CharField(_("address"), max_length=250, blank=True)
    # Public when a public exhibition or exhibition series is held there (core.visibility).
    public_when_named_by = ("exhibitions", "series")

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.name


class ExhibitionSeries(SluggedModel, DatedModel):
    """A series of exhibitions under one theme, with its own date range (e.g. the monthly
    partner-city exhibitions in the atrium display windows, January 2021 onwards)."""

    open_end_means_ongoing = True

    title = models.CharField(_("title"), max_length=200)
    slug = slug_field(200)
    slug_sources = ("title_en", "title_zh_hant")
    venue = models.ForeignKey(Venue, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="series", verbose_name=_("usual venue"))
    description = models.TextField(_("description"), blank=True)

    class Meta(DatedModel.Meta):
        verbose_name = _("exhibition series")
        verbose_name_plural = _("exhibition series")
        ordering = ["-start_date", "pk"]
        permissions = [("publish_exhibitionseries", _("Can publish and unpublish exhibition series"))]

    def __str__(self) -> str:
        return self.title


class ExhibitionQuerySet(DatedQuerySet, SearchKeyQuerySet):
    """Queries over exhibitions."""

    def involving(self, city: City) -> ExhibitionQuerySet:
        """Exhibitions that feature ``city``."""
        return self.filter(cities=city)

    def of_kind(self, kind: str) -> ExhibitionQuerySet:
        """All of them for the timeline kind ``"exhibition"``, none for another code."""
        return self if kind == Exhibition.timeline_kind else self.none()

    def in_country(self, slug: str) -> ExhibitionQuerySet:
        """Exhibitions featuring a public city in the country of slug ``slug`` (nations within
        it included: :func:`cities.models.in_country`)."""
        return self.filter(pk__in=ExhibitionCity.objects.public().filter(in_country("city__country", slug))
                           .values("exhibition"))

    def countries_condition(self) -> Q:
        """A ``Q`` on countries: those of these exhibitions' public featured cities (named by
        ``"cities"`` of :attr:`cities.models.Country.public_when_named_by`). The
        archive's country filter offers them, with the states they lie within, under the public
        rule (:func:`cities.models.countries_and_parents`; :meth:`in_country`)."""
        return Q(pk__in=ExhibitionCity.objects.public().filter(exhibition__in=self).values("city__country"))

    def counts_by_country(self, cities: models.QuerySet | None = None) -> dict[Country, int]:
        """The number of exhibitions here featuring a city of each country, counting only the
        featured cities of ``cities`` (a City QuerySet, e.g. the public ones; default every
        city); one featuring cities of two countries counts in each."""
        through = Q(cities__in=cities.order_by().values("pk")) if cities is not None else None
        return Country.objects.counts_of("cities__exhibitions", self, through=through)

    def search_links(self, query: str) -> tuple[tuple[models.QuerySet, str], ...]:
        """An exhibition matches ``query`` (:meth:`core.models.SearchKeyQuerySet.matching`) by its
        title (either language) or one of its published featured cities, compared by
        :func:`core.names.normalise_name`."""
        cities = City.objects.public().matching(query)
        return ((ExhibitionCity.objects.filter(city__in=cities), "exhibition"),)

    def for_titles(self) -> ExhibitionQuerySet:
        """Fetch what a list of titles shows (the search's results), and only that: the title
        (every language, for its ``lang``), the dates and the slug; not the description, venue
        and search key of every row."""
        return self.only("slug", "title", "start_date", "end_date", "date_precision", "status")

    def for_listing(self) -> ExhibitionQuerySet:
        """Fetch what a list of public exhibitions shows, and only that: :meth:`for_titles` and
        the public featured cities (:meth:`core.visibility.VisibleQuerySet.with_public`)."""
        return self.for_titles().with_public("cities")

    def for_page(self) -> ExhibitionQuerySet:
        """Fetch everything a public exhibition's page shows, public records only: venue,
        series, featured cities, items shown with the relations of an item that the record apps
        above this one add (:func:`core.registry.added_to` ``(Item, "page_lookups")``: the
        gift register adds who gave it), and photos. This app names none of them, so the page
        shows what the installed apps record without this one importing them."""
        items = [f"exhibited_items__item__{lookup}" for lookup in added_to(Item, "page_lookups")]
        return self.with_public("venue", "series", "cities", "exhibited_items__item", *items, "photos")


class Exhibition(SluggedModel, SearchKeyModel, DatedModel, NarratedModel, PublicPageModel):
    """An exhibition at a venue over a date range, featuring partner cities and showing items.

    ``summary`` is the paragraph the half-year report prints (:class:`core.models.NarratedModel`).
    """

    open_end_means_ongoing = True

    title = models.CharField(_("title"), max_length=200)
    slug = slug_field(200)
    series = models.ForeignKey(ExhibitionSeries, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="exhibitions", verbose_name=_("series"))
    venue = models.ForeignKey(Venue, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="exhibitions", verbose_name=_("venue"),
                              help_text=_("Leave empty when the venue is not recorded."))
    cities = models.ManyToManyField(City, through="ExhibitionCity", related_name="exhibitions",
                                    blank=True, verbose_name=_("featured cities"))
    items = models.ManyToManyField("Item", through="ExhibitedItem", related_name="exhibitions",
                                   blank=True, verbose_name=_("items shown"))
    search_key_fields = ("title",)
    slug_sources = ("title_en", "title_zh_hant")

    objects = ExhibitionQuerySet.as_manager()

    detail_url_name = "exhibitions:detail"

    class Meta(DatedModel.Meta):
        verbose_name = _("exhibition")
        verbose_name_plural = _("exhibitions")
        ordering = ["-start_date", "pk"]
        permissions = [("publish_exhibition", _("Can publish and unpublish exhibitions"))]

    def __str__(self) -> str:
        return self.title


    # As an entry of a timeline (core.timeline): one kind of its own.
    timeline_kind = "exhibition"
    timeline_kind_label = _("exhibition")

    @classmethod
    def timeline_kind_choices(cls) -> list[tuple[str, str]]:
        """The one kind an exhibition has in a timeline."""
        return [(cls.timeline_kind, cls.timeline_kind_label)]


class ExhibitionCity(CityLink):
    """A city featured in an exhibition."""

    exhibition = models.ForeignKey(Exhibition, on_delete=models.CASCADE)
    record_field = "exhibition"

    class Meta:
        verbose_name = _("featured city")
        verbose_name_plural = _("featured cities")
        constraints = [
            models.UniqueConstraint(fields=["exhibition", "city"],
                                    name="exhibitions_exhibitioncity_unique",
                                    violation_error_message=_("This city is already featured in "
                                                              "this exhibition.")),
        ]


class ItemKind(PublicLabelChoices):
    """Kinds of item the office keeps and shows (glossary: 市鑰, 吉祥物, 紀念品)."""

    KEY_TO_THE_CITY = "key_to_the_city", _("key to the city")
    MASCOT = "mascot", _("mascot")
    PAINTING = "painting", _("painting")
    CRAFT = "craft", _("craft")
    REPLICA = "replica", _("replica")
    MODEL = "model", _("model")
    SOUVENIR = "souvenir", _("souvenir")
    OTHER = "other", _("other")

    @classmethod
    def public_labels(cls) -> dict[str, str]:
        """An item of another kind carries no kind tag: a bare "other" tells the reader nothing."""
        return {cls.OTHER: ""}


class Item(PreciseDatesModel, ThumbnailedImageModel):
    """An object the city received (a gift, a key to the city) or shows (a mascot, a replica).

    The date received to its precision, and the engagement on which it was received where
    there was one. Who gave it, and to whom, is the gift register's (``gifts.Gift.item``, one
    to one): the giver is recorded once, there.

    An item has no publication state: it is public (:mod:`core.visibility`) when a public
    exhibition shows it or it was received during a public engagement; record apps above add
    their ways by declaring them (:func:`core.registry.added_to`: a published gift on the
    register makes its item public, :class:`gifts.apps.GiftsConfig`).
    """

    public_when_named_by: tuple[str, ...] = ("exhibited_in__exhibition", "engagement")

    name = models.CharField(_("name"), max_length=200)
    native_name = models.CharField(_("name in the original language"), max_length=200,
                                   blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ItemKind.choices,
                            default=ItemKind.SOUVENIR)
    description = models.TextField(_("description"), blank=True)
    maker = models.CharField(_("artist or maker"), max_length=150, blank=True)
    is_gift = models.BooleanField(_("received as a gift"), default=False)
    given_on = models.DateField(_("date received"), null=True, blank=True)
    given_on_precision = DatePrecisionField(_("date received known to"), date_fields=("given_on",))
    engagement = models.ForeignKey(Engagement, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="items", verbose_name=_("received during"))
    image = models.ImageField(_("image"), upload_to="items/", blank=True, db_index=True)
    image_alt_text = models.CharField(_("image alternative text"), max_length=300, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("item")
        verbose_name_plural = _("items")
        ordering = ["kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_gift=True) | Q(given_on__isnull=True),
                name="exhibitions_item_date_received_only_for_gifts",
                violation_error_message=_("Only a gift has a date received."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """Store the date received as the first day of its period (:class:`PreciseDatesModel`);
        a date received makes it a gift."""
        super().clean()
        if self.given_on:
            self.is_gift = True


class ExhibitedItem(models.Model):
    """An item shown in an exhibition, in display order."""

    exhibition = models.ForeignKey(Exhibition, on_delete=models.CASCADE,
                                   related_name="exhibited_items", verbose_name=_("exhibition"))
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="exhibited_in",
                             verbose_name=_("item"))
    position = models.PositiveSmallIntegerField(_("position"), default=0, validators=bounded(*POSITION))

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("item shown")
        verbose_name_plural = _("items shown")
        ordering = ["exhibition", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["exhibition", "item"],
                                    name="exhibitions_exhibiteditem_unique",
                                    violation_error_message=_("This item is already shown.")),
        ]

    def __str__(self) -> str:
        return f"{self.exhibition} · {self.item}"


class ExhibitionPhoto(Photo):
    """A photo of an exhibition."""

    exhibition = models.ForeignKey(Exhibition, on_delete=models.CASCADE, related_name="photos",
                                   verbose_name=_("exhibition"))

    class Meta(Photo.Meta):
        verbose_name = _("exhibition photo")
        verbose_name_plural = _("exhibition photos")
