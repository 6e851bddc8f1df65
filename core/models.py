"""Abstract building blocks shared by the apps: publication state, dates, photos."""

from __future__ import annotations

import datetime
import functools
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear, Now
from django.urls import URLResolver, get_resolver, get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modeltranslation.settings import AVAILABLE_LANGUAGES
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname
from simple_history.models import HistoricalRecords

from .dates import DatePrecision, format_date, format_date_input, format_date_range, last_day, truncate
from .names import KEY_JOINER, make_slug, search_key
from .visibility import VisibleQuerySet

# Records known only to the half-year or the year do not belong to any one month.
COARSER_THAN_MONTH = (DatePrecision.HALF_YEAR, DatePrecision.YEAR)

# The range of each kind of number staff type, so that a slip of the keyboard (142000 persons for
# 142) is a form error rather than a record, and no form shows a database type's limit
# (9223372036854775807) as a maximum. Each is far above what the office has recorded: its
# largest delegations count dozens of persons, a half-year about 20 cases and 150 person-times,
# the home city 43 partner cities; relief donations are counted in boxes or pieces (a million
# masks); a gift's value is in any currency (JPY, KRW run high).
PERSONS = (0, 10_000)              # persons received in one engagement
CASES = (0, 10_000)                # cases of one half-year
PERSON_TIMES = (0, 1_000_000)      # person-times of one half-year
QUANTITY = (0, 10_000_000)         # pieces or boxes of one donated item
POSITION = (0, 1_000)              # the order of a row among its record's rows
ORDINAL = (1, 1_000)               # a partner's place in the home city's sequence
YEAR = (1900, 2999)                # a Gregorian year of a period the office reports on
HALF = (1, 2)
VALUE = (0, 1_000_000_000)         # a gift's value, in its currency or the home one
LATITUDE = (-90, 90)
LONGITUDE = (-180, 180)


# Said by the model's check constraint on the year of a period, and by the field's validators.
YEAR_MESSAGE = _("The year is between 1900 and 2999.")


def bounded(low: int, high: int, *, message=None, message_below=None) -> list:
    """The validators of a number field that takes ``low`` to ``high`` (ints, both included):
    Django's ``MinValueValidator`` and ``MaxValueValidator``. Their message is ``message`` (a
    lazy text; ``message_below`` for a value under ``low``, default ``message``), which a field
    whose range is also a check constraint shares with the constraint; else Django's, which
    Django translates (zh-hant: 「請確認此數值是否小於或等於 10000。」).
    :class:`core.admin.StaffInputMixin` shows the same range on the form
    (:func:`value_bounds`)."""
    return [MinValueValidator(low, message=message_below or message),
            MaxValueValidator(high, message=message)]


def value_bounds(field: models.Field) -> tuple[object | None, object | None]:
    """``(lowest, highest)`` value the model field ``field`` (an integer or decimal field)
    accepts, by its validators: the tightest ``MinValueValidator`` and ``MaxValueValidator``
    (Django adds the database type's range to an integer field without a tighter one);
    ``None`` where it has none."""
    lows = [v.limit_value for v in field.validators if isinstance(v, MinValueValidator)]
    highs = [v.limit_value for v in field.validators if isinstance(v, MaxValueValidator)]
    return (max(lows) if lows else None), (min(highs) if highs else None)


class DatePrecisionField(models.CharField):
    """How much of some dates of the same record is known (a :class:`DatePrecision` value): the
    day, the month, the half-year or the year. ``date_fields`` names those date fields.

    Models with such a field derive from :class:`PreciseDatesModel`, whose ``clean()`` stores
    each of those dates as the first day of its period (:func:`core.dates.truncate`), so that
    "May 2022" is always 2022-05-01 and lookups by period work.

    In the database it is a plain ``varchar(10)``; it deconstructs as a ``CharField`` so that
    migrations hold no operation for a field that changes nothing in the database.
    """

    def __init__(self, *args, date_fields: tuple[str, ...] = (), **kwargs) -> None:
        kwargs.setdefault("max_length", 10)
        kwargs.setdefault("choices", DatePrecision.choices)
        kwargs.setdefault("default", DatePrecision.DAY)
        self.date_fields = tuple(date_fields)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.CharField", args, kwargs


class PreciseDatesModel(models.Model):
    """A record with dates known to a precision (:class:`DatePrecisionField`)."""

    class Meta:
        abstract = True

    def clean(self) -> None:
        """Store every date governed by a :class:`DatePrecisionField` as the first day of its
        period. Raises ``ValueError`` for an unknown precision (the field's choices prevent it)."""
        super().clean()
        for field in self._meta.concrete_fields:
            if isinstance(field, DatePrecisionField):
                precision = getattr(self, field.attname)
                for name in field.date_fields:
                    if value := getattr(self, name):
                        setattr(self, name, truncate(value, precision))


class PublicationStatus(models.TextChoices):
    """Whether the public may see a record."""

    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")


def published_condition(at: datetime.datetime | Now | None = None) -> Q:
    """The condition on a :class:`PublishableModel`'s rows that it is published and its embargo
    (``publish_from``) has passed at ``at`` (an aware datetime, or ``Now()``: when the query runs,
    by the database's clock; default now)."""
    at = timezone.now() if at is None else at
    return (Q(publish_from__isnull=True) | Q(publish_from__lte=at)) & Q(status=PublicationStatus.PUBLISHED)


class PublishableQuerySet(VisibleQuerySet):
    """Queries over records with a publication state and an optional embargo."""

    def published(self, at: datetime.datetime | None = None) -> PublishableQuerySet:
        """Records that are published and whose embargo (``publish_from``) has passed at ``at``
        (an aware datetime; default now): for these records, what :meth:`public` selects
        (:mod:`core.visibility`)."""
        return self.filter(published_condition(at))

    def in_sitemap(self) -> PublishableQuerySet:
        """The records whose public pages the sitemap lists: the public ones (a model may
        list fewer)."""
        return self.public()


class PublishableModel(models.Model):
    """A record that is a draft until staff publish it, optionally embargoed until a moment.

    Visits of heads of government may not be public before they happen: ``publish_from`` holds
    them back even when their status is published.
    """

    status = models.CharField(
        _("publication status"), max_length=10, choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT, db_index=True,
    )
    publish_from = models.DateTimeField(
        _("publish from"), null=True, blank=True,
        help_text=_("Leave empty to publish at once; set a moment to keep it embargoed until then."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_public(self) -> bool:
        """True when the public may see this record now."""
        return self.status == PublicationStatus.PUBLISHED and (
            self.publish_from is None or self.publish_from <= timezone.now()
        )


# A slug that ``reverse()`` writes into a path unchanged (``<slug:...>``'s characters, none of
# which it percent-encodes), and the stand-in reversed once to find where slugs go.
_PLAIN_SLUG = re.compile(r"[-a-zA-Z0-9_]+\Z")
_SLUG_STAND_IN = "slug-stand-in-0"


@functools.lru_cache(maxsize=64)
def _slug_url_parts(url_name: str, language: str | None, script_prefix: str,
                    resolver: URLResolver) -> tuple[str, str]:
    """What ``reverse(url_name, kwargs={"slug": ...})`` writes before and after the slug, for one
    language, script prefix and URL configuration (its resolver: Django makes a new one when
    the URL configuration changes, e.g. ``override_settings(ROOT_URLCONF=...)``)."""
    head, _, tail = reverse(url_name, urlconf=resolver.urlconf_name,
                            kwargs={"slug": _SLUG_STAND_IN}).partition(_SLUG_STAND_IN)
    return head, tail


def slug_url(url_name: str, slug: str) -> str:
    """``reverse(url_name, kwargs={"slug": slug})`` (a str path, in the active language), for
    routes whose only argument is ``<slug:slug>``, without matching the URL patterns again for
    every record of a list (0.03 ms each): the path around the slug is reversed once per route,
    language, script prefix and URL configuration. A slug ``reverse()`` would encode or refuse
    goes through ``reverse()`` (which raises ``NoReverseMatch`` as before)."""
    if not _PLAIN_SLUG.match(slug):
        return reverse(url_name, kwargs={"slug": slug})
    head, tail = _slug_url_parts(url_name, get_language(), get_script_prefix(), get_resolver(get_urlconf()))
    return f"{head}{slug}{tail}"


class PublicPageModel(models.Model):
    """A record with a public page of its own: ``detail_url_name`` (e.g. ``"cities:detail"``)
    names its route, which takes the record's ``slug``."""

    detail_url_name = ""

    class Meta:
        abstract = True

    def get_absolute_url(self) -> str:
        """The public page of this record, in the active language (:func:`slug_url`)."""
        return slug_url(self.detail_url_name, self.slug)


def thumbnail_upload_to(instance: models.Model, filename: str) -> str:
    """Store thumbnails under ``thumbnails/<app>/<model>/<filename>``."""
    meta = instance._meta
    return f"thumbnails/{meta.app_label}/{meta.model_name}/{filename}"


class ThumbnailedImageModel(models.Model):
    """A record with an uploaded ``image`` (declared by the subclass) and its ``thumbnail``.

    On save, a newly uploaded image is cleaned (orientation applied, EXIF and GPS removed) and
    its thumbnail made once (:func:`core.images.prepare`); pages show ``thumbnail``. An image
    needs its alternative text, the field named by ``image_alt_field`` (WCAG 2.1 1.1.1: pages
    show it as the image's ``alt``).
    """

    #: The field with the alternative text of ``image`` (translated fields read in the active
    #: language, with modeltranslation's fallback).
    image_alt_field = "image_alt_text"

    # Indexed, as every image field: a media request looks up the record holding a file name
    # (core.media.find_holder).
    thumbnail = models.ImageField(_("thumbnail"), upload_to=thumbnail_upload_to, blank=True,
                                  editable=False, db_index=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        """Clean a new image and refresh the thumbnail, then save. Raises ``ValidationError``
        for an upload that is not a readable image within the limits."""
        from .images import prepare

        prepare(self)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        """Refuse an image without its alternative text: ``ValidationError`` on ``image`` (the
        field every form has; the alternative text may be one field per language)."""
        super().clean()
        if self.image and not (getattr(self, self.image_alt_field, "") or "").strip():
            raise ValidationError({"image": _(
                "An image needs its alternative text: say what it shows, for readers who cannot "
                "see it. Leave the image out if it only decorates.")})

    @property
    def thumbnail_url(self) -> str:
        """The URL lists show: the thumbnail's, the image's while no thumbnail exists yet, or
        ``""`` without an image."""
        if self.thumbnail:
            return self.thumbnail.url
        return self.image.url if self.image else ""


def photo_upload_to(instance: models.Model, filename: str) -> str:
    """Store photos under ``photos/<app>/<model>/<yyyy>/<filename>``."""
    meta = instance._meta
    return f"photos/{meta.app_label}/{meta.model_name}/{timezone.now():%Y}/{filename}"


class Photo(ThumbnailedImageModel):
    """A photo of a record, with a caption and the alternative text screen readers announce."""

    image_alt_field = "alt_text"

    image = models.ImageField(_("image"), upload_to=photo_upload_to, db_index=True)
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    alt_text = models.CharField(
        _("alternative text"), max_length=300,
        help_text=_("What the photo shows, for readers who cannot see it."),
    )
    credit = models.CharField(_("credit"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0, validators=bounded(*POSITION))

    objects = VisibleQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.caption or self.alt_text


class DatedQuerySet(PublishableQuerySet):
    """Queries over records with a start and an optional end date."""

    def overlapping(self, start: datetime.date, end: datetime.date) -> DatedQuerySet:
        """Records whose dates touch the closed interval ``start``..``end`` (dates).

        A record with no end date counts as lasting one day at its start date; its start date is
        the first day of its period when it is known only to the month, half-year or year.
        """
        return self.filter(
            Q(end_date__isnull=True, start_date__range=(start, end))
            | Q(end_date__isnull=False, start_date__lte=end, end_date__gte=start)
        )

    def current_or_upcoming(self, on: datetime.date | None = None) -> DatedQuerySet:
        """Records not over by ``on`` (a date; default today in the site's time zone): their
        :attr:`DatedModel.last_date` is ``on`` or later, or still running (no end date where
        :attr:`DatedModel.open_end_means_ongoing`).

        Dates are stored as the first day of their period, so ``on`` is compared after being
        truncated to each record's precision (an event "in May 2022" is current all of May).
        """
        on = on or timezone.localdate()
        ongoing = getattr(self.model, "open_end_means_ongoing", False)
        condition = Q()
        for precision in DatePrecision.values:
            first = truncate(on, precision)
            open_end = Q(end_date__isnull=True)
            if not ongoing:
                open_end &= Q(start_date__gte=first)
            condition |= Q(date_precision=precision) & (Q(end_date__gte=first) | open_end)
        return self.filter(condition)

    def in_year(self, year: int) -> DatedQuerySet:
        """Records whose dates touch the Gregorian ``year`` (an int)."""
        return self.overlapping(datetime.date(year, 1, 1), datetime.date(year, 12, 31))

    def in_month(self, year: int, month: int) -> DatedQuerySet:
        """Records whose dates touch the month ``year``-``month`` (ints), leaving out those
        known only to the half-year or the year (the month they fall in is not known)."""
        first = datetime.date(year, month, 1)
        return self.overlapping(first, last_day(first, DatePrecision.MONTH)).exclude(
            date_precision__in=COARSER_THAN_MONTH
        )

    def months_covered(self) -> tuple[set[int], set[datetime.date]]:
        """The periods that have records here: ``(years, months)``, years as ints and months as
        the first day of each month a record touches (records known only to the half-year or the
        year count for their years only). One query, grouped by month in the database (a few
        thousand integer rows for 20,000 records); the ranges are spread in Python."""
        years: set[int] = set()
        months: set[datetime.date] = set()
        last = Coalesce("end_date", "start_date")
        rows = self.order_by().values_list(
            ExtractYear("start_date"), ExtractMonth("start_date"), ExtractYear(last), ExtractMonth(last),
            "date_precision",
        ).distinct()
        for start_year, start_month, end_year, end_month, precision in rows:
            years.update(range(start_year, end_year + 1))
            if precision in COARSER_THAN_MONTH:
                continue
            for index in range(start_year * 12 + start_month - 1, end_year * 12 + end_month):
                months.add(datetime.date(index // 12, index % 12 + 1, 1))
        return years, months


class DatedModel(PreciseDatesModel, PublishableModel):
    """A publishable record that happens on a date or over a range of dates.

    ``date_precision`` says how much of the dates is known (see :mod:`core.dates`);
    ``clean()`` stores each date as the first day of its period, and the database refuses an end
    before the start.
    """

    start_date = models.DateField(_("start date"), db_index=True)
    end_date = models.DateField(
        _("end date"), null=True, blank=True,
        help_text=_("Leave empty for a one-day event or when the end is not known."),
    )
    date_precision = DatePrecisionField(
        _("dates known to"), date_fields=("start_date", "end_date"),
        help_text=_("Choose month, half-year or year when the exact day is not known; "
                    "the date is then shown only to that precision."),
    )

    objects = DatedQuerySet.as_manager()

    class Meta:
        abstract = True
        indexes = [
            # Public lists read published records newest first (the archive, a city's
            # activities): on PostgreSQL this partial index answers their counts and pages by an
            # index-only scan (publish_from is included for the embargo test). SQLite builds it
            # without the INCLUDE.
            models.Index(
                fields=["-start_date", "-id"], name="%(class)s_pub_date",
                condition=Q(status=PublicationStatus.PUBLISHED), include=["publish_from"],
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="%(app_label)s_%(class)s_end_not_before_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]

    def clean(self) -> None:
        """Store dates as the first day of their period (:class:`PreciseDatesModel`) and check
        the end is not before the start. Raises ``ValidationError`` on ``end_date``."""
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _(
                "The end date (%(end)s) is before the start date (%(start)s)."
            ) % {"end": format_date_input(self.end_date, self.date_precision),
                 "start": format_date_input(self.start_date, self.date_precision)}})

    @property
    def last_date(self) -> datetime.date | None:
        """The last day the record covers: its end, or the end of its start's period; ``None``
        for a record still running with no end known (:attr:`open_end_means_ongoing`)."""
        if self.end_date:
            return last_day(self.end_date, self.date_precision)
        if self.open_end_means_ongoing:
            return None
        return last_day(self.start_date, self.date_precision)

    # Whether an empty end date means "still running" (an exhibition theme "from May 2022")
    # rather than a one-day event (a visit); subclasses choose.
    open_end_means_ongoing = False

    def date_display(self, language: str | None = None) -> str:
        """The dates as the office writes them in ``language`` (default: the active language),
        e.g. ``111年8月16日至8月28日`` or ``16–28 August 2022``; with no end date, the start alone
        or, where :attr:`open_end_means_ongoing`, ``111年5月起`` / ``from May 2022``."""
        language = language or get_language()
        if self.end_date is None and not self.open_end_means_ongoing:
            return format_date(self.start_date, self.date_precision, language)
        return format_date_range(self.start_date, self.end_date, self.date_precision, language)


class SearchKeyQuerySet(VisibleQuerySet):
    """Queries over records with a normalised ``search_key`` (:class:`SearchKeyModel`)."""

    #: :meth:`first_matching` first looks among this many times ``limit`` of the first records.
    SEARCH_WINDOW_FACTOR = 10

    def search_links(self, query: str) -> tuple[tuple[models.QuerySet, str], ...]:
        """The other records through which a record here matches ``query`` (a str), as pairs
        ``(rows, column)``: ``rows`` a QuerySet whose ``column`` (a field name) holds the key of
        a record here, e.g. ``(Participation.objects.filter(person__in=...), "engagement")``.
        None by default: a record matches by its own search key only."""
        return ()

    def matching(self, query: str) -> SearchKeyQuerySet:
        """Records whose search key contains ``query`` once folded by
        :func:`core.names.normalise_name` (middle dots, width, diacritics, case), so
        SQLite and PostgreSQL agree, or that are linked to a match (:meth:`search_links`); an
        empty query matches nothing. On PostgreSQL the ``LIKE '%key%'`` is served by a pg_trgm
        index on ``search_key`` when ``key`` has three characters or more (:mod:`core.trigram`).

        With links, one ``pk IN (... UNION ...)``, not an ``OR`` of conditions: each part is
        planned on its own and uses its own index (on PostgreSQL the trigram index of the
        search key, which an ``OR`` across tables keeps the planner from)."""
        key = search_key(query)
        if not key:
            return self.none()
        links = self.search_links(query)
        return self.filter(pk__in=self._keys_matching(key, links)) if links else self.filter(
            search_key__contains=key)

    def _keys_matching(self, key: str, links) -> models.QuerySet:
        """One column of the keys of the records of this model (any status) whose search key
        contains the folded ``key`` or that are linked to a match by ``links``
        (:meth:`search_links`)."""
        own = self.model._default_manager.filter(search_key__contains=key)
        return own.order_by().values("pk").union(*(rows.order_by().values(column) for rows, column in links))

    def first_matching(self, query: str, limit: int, window: int | None = None) -> list:
        """The first ``limit`` (an int) records here that match ``query`` (:meth:`matching`), in
        this QuerySet's order (its ``order_by`` or the model's ``Meta.ordering``: names of
        fields that are never null, the last the primary key, so that the order is total):
        a list, the same records in the same order as ``list(self.matching(query)[:limit])``.

        A name that matches many records (a busy partner city's: thousands of engagements) is
        then not matched and sorted in full to show one page. The ``window``-th record here
        (default :attr:`SEARCH_WINDOW_FACTOR` × ``limit``) is read from the index of the order,
        and the match is looked for among the records up to it only, as a condition on each
        (its own key, or an ``EXISTS`` of each link) rather than as the set of every match: if
        ``limit`` of them match, those are the first ``limit`` matches, since every record after
        the window comes after every record in it. Otherwise (a rarer name, which the trigram
        indexes find quickly), and when there are no more than ``window`` records here, the
        whole match is read as :meth:`matching` reads it: one query more than it for a rare
        name, one fewer sort of thousands for a common one."""
        key = search_key(query)
        if not key or limit <= 0:
            return []
        order = [str(name) for name in self.query.order_by or self.model._meta.ordering]
        links = self.search_links(query)

        def whole() -> list:
            matching = self.filter(pk__in=self._keys_matching(key, links)) if links else self.filter(
                search_key__contains=key)
            return list(matching.order_by(*order)[:limit])

        if order[-1].removeprefix("-") not in ("pk", self.model._meta.pk.name):
            return whole()
        window = window or limit * self.SEARCH_WINDOW_FACTOR
        last = list(self.prefetch_related(None).order_by(*order)
                    .values_list(*(name.removeprefix("-") for name in order))[window - 1:window])
        if not last:
            return whole()
        # the records up to the last of the window in the order: for (-start_date, -pk),
        # start_date > d OR (start_date = d AND pk >= p)
        *earlier, (name, value) = zip(order, last[0], strict=True)
        within = Q(**{f"{name.removeprefix('-')}__{'gte' if name.startswith('-') else 'lte'}": value})
        for name, value in reversed(earlier):
            field = name.removeprefix("-")
            within = Q(**{f"{field}__{'gt' if name.startswith('-') else 'lt'}": value}) | (
                Q(**{field: value}) & within)
        match = Q(search_key__contains=key)
        for rows, column in links:
            match |= Exists(rows.filter(**{column: OuterRef("pk")}))
        found = list(self.filter(within).filter(match).order_by(*order)[:limit])
        return found if len(found) == limit else whole()


def _without_ending(key: str, endings: tuple[str, ...]) -> str:
    for ending in endings:
        if key.endswith(ending) and len(key) > len(ending):
            return key[:-len(ending)]
    return key


class SearchKeyModel(models.Model):
    """A record found by any spelling of its names: ``search_key`` joins the folded values of
    ``search_key_fields`` (a translated field counts in every language) and is refreshed on
    every save. Bulk writes, which bypass ``save()``, call :meth:`refresh_search_key`."""

    search_key = models.TextField(_("search key"), editable=False, default="")

    search_key_fields: tuple[str, ...] = ()
    # Likely the same record (:meth:`likely_duplicates`): the fields two records share (a city's
    # and a person's country), and the endings a name may be written with or without, folded
    # as :func:`core.names.normalise_name` folds them (格丁尼亞 / 格丁尼亞市, Gdynia / Gdynia City).
    # No scope: the model is not checked.
    duplicate_scope: tuple[str, ...] = ()
    name_endings: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        """Refresh ``search_key`` before saving."""
        self.refresh_search_key()
        super().save(*args, **kwargs)

    def refresh_search_key(self) -> None:
        """Recompute ``search_key`` from ``search_key_fields``."""
        try:
            translated = translator.get_options_for_model(type(self)).all_fields
        except NotRegistered:
            translated = {}
        values = []
        for name in self.search_key_fields:
            if name in translated:
                values += [getattr(self, build_localized_fieldname(name, language), None)
                           for language in AVAILABLE_LANGUAGES]
            else:
                values.append(getattr(self, name, None))
        self.search_key = search_key(*values)

    def name_keys(self) -> set[str]:
        """The record's names as compared for duplicates: each folded name of its search key
        without one of ``name_endings`` (``{"格丁尼亞", "gdynia"}`` for 格丁尼亞市 / Gdynia)."""
        self.refresh_search_key()
        return {_without_ending(key, self.name_endings) for key in self.search_key.split(KEY_JOINER) if key}

    def likely_duplicates(self) -> list:
        """Other records of the model that are likely this one: the same ``duplicate_scope``
        values (a country, possibly none) and a name in either language, or in the original
        script, equal to one of this record's once folded (case, width, spaces, middle dots,
        diacritics: :func:`core.names.normalise_name`) and without a ``name_endings`` ending.
        Returns a list of model instances, by primary key; ``[]`` for a model with no scope or
        a record with no name. One query, served by the search key's index on PostgreSQL."""
        keys = self.name_keys()
        if not self.duplicate_scope or not keys:
            return []
        contains = Q()
        for key in keys:
            contains |= Q(search_key__contains=key)
        scope = {}
        for name in self.duplicate_scope:
            attname = self._meta.get_field(name).attname
            value = getattr(self, attname)
            scope.update({f"{attname}__isnull": True} if value is None else {attname: value})
        candidates = type(self)._default_manager.filter(contains, **scope).exclude(pk=self.pk).order_by("pk")
        return [record for record in candidates if record.name_keys() & keys]


class PublicLabelChoices(models.TextChoices):
    """Choices with a short label for public pages beside the admin's label.

    The admin's label explains the choice to the clerk making it (「其他協議（合作備忘錄、
    交流協定）」, "district (e.g. German Landkreis)"); a reader needs the name of the thing
    (「交流協定」, "district"). A subclass returns the short forms from :meth:`public_labels`;
    a member it leaves out is shown with its label, one mapped to ``""`` is not shown at all (a
    city is not labelled "city"). Public templates show choices through the ``public_label``
    filter of :mod:`core.templatetags.public_site`, never ``get_FOO_display``.
    """

    @classmethod
    def public_labels(cls) -> dict[str, str]:
        """``{value: short public label}`` (lazy translations) for the members whose admin label
        does not suit a public page. Subclasses override it; the base has none."""
        return {}

    @classmethod
    def public_label_of(cls, value: str) -> str:
        """The public label of the member of value ``value`` (a str), in the active language;
        ``""`` for a member not shown publicly or for a value that is no member. The labels
        are worked out once per language (:func:`_public_labels_in`), not on every row."""
        return _public_labels_in(cls, get_language()).get(value, "")

    @property
    def public_label(self) -> str:
        """This member's public label in the active language (:meth:`public_label_of`)."""
        return type(self).public_label_of(self.value)

    @classmethod
    def public_choices(cls) -> list[tuple[str, str]]:
        """``(value, public label)`` of every member shown publicly, in declaration order: the
        choices of a public filter."""
        return [(value, cls.public_label_of(value)) for value in cls.values if cls.public_label_of(value)]

    @classmethod
    def for_field(cls, field: models.Field) -> type[PublicLabelChoices] | None:
        """The subclass whose values are the choices of the model field ``field``, or ``None``
        when no subclass has exactly those values."""
        values = {str(value) for value, _label in field.flatchoices}
        pending = list(cls.__subclasses__())
        while pending:
            choices = pending.pop()
            if set(choices.values) == values:
                return choices
            pending.extend(choices.__subclasses__())
        return None


@functools.cache
def _public_labels_in(choices: type[PublicLabelChoices], language: str | None) -> dict[str, str]:
    """``{value: public label}`` of every member of ``choices`` in ``language``, the active
    language when it is first asked for (labels are translated by the catalogues, which do not
    change while the process runs)."""
    labels = choices.public_labels()
    return {value: str(labels[value]) if value in labels else str(choices(value).label)
            for value in choices.values}


@functools.cache
def _public_choices_of(field: models.Field) -> type[PublicLabelChoices] | None:
    """:meth:`PublicLabelChoices.for_field`, once per model field (its choices are fixed)."""
    return PublicLabelChoices.for_field(field)


def public_choice_label(record: models.Model, field_name: str) -> str:
    """The value of ``record.<field_name>`` (a field with choices) as a public page names it:
    its :class:`PublicLabelChoices` public label, or the field's display label where the choices
    are not public-label choices. Raises ``FieldDoesNotExist`` for an unknown field name."""
    field = record._meta.get_field(field_name)
    choices = _public_choices_of(field)
    if choices is None:
        return str(getattr(record, f"get_{field_name}_display")())
    return choices.public_label_of(getattr(record, field.attname))


class NarratedModel(models.Model):
    """A record the half-year report tells in a paragraph of its own (an engagement, an
    exhibition): ``summary`` is that paragraph and the text of its public page,
    ``report_heading`` the heading above it where the title will not do (the source heads the
    exhibition 「高雄市與美國德克薩斯州聖安東尼市姊妹市締盟40周年紀念展」 with
    「姊妹市締盟40周年紀念展」). Subclasses have a ``title``."""

    summary = models.TextField(
        _("summary"), blank=True,
        help_text=_("The paragraph the half-year report prints, written as the report writes it; it is "
                    "also the text of the public page. If it does not give the date, the report starts "
                    "it with the date."),
    )
    report_heading = models.CharField(
        _("heading in the report"), max_length=200, blank=True,
        help_text=_("Leave empty to head the paragraph with the title."),
    )

    class Meta:
        abstract = True

    def chapter_heading(self) -> str:
        """The heading the chapter gives this record: ``report_heading``, else ``title``."""
        return self.report_heading.strip() or self.title


def slug_field(max_length: int) -> models.SlugField:
    """The ``slug`` field of a :class:`SluggedModel`: unique, ASCII, may be left empty."""
    return models.SlugField(
        _("slug"), max_length=max_length, unique=True, blank=True,
        help_text=_("Leave empty to make it from the name. Used in the page address and by imports."),
    )


class SluggedModel(models.Model):
    """A record with a unique ``slug`` (declared by the subclass, ``blank=True``): its public
    address and import key. Left empty, it is made on save from the first non-empty of
    ``slug_sources`` (:func:`core.names.make_slug`, any script), prefixed with
    ``slug_date_field``'s ISO date where one is named (engagements: ``2022-12-20-...``), and
    made unique with ``-2``, ``-3``... A slug staff type is kept."""

    slug_sources: tuple[str, ...] = ()
    slug_date_field = ""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        """Make an empty slug (:meth:`fill_slug`), then save."""
        self.fill_slug()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        """Make an empty slug (:meth:`fill_slug`), so the form shows and checks it."""
        super().clean()
        self.fill_slug()

    def fill_slug(self, taken: set[str] | None = None) -> None:
        """Make ``slug`` when it is empty: from the sources, unique among the stored records
        and ``taken`` (slugs given out but not yet stored: an import's batch), which gains it.
        The record type's verbose name stands in when no source gives ASCII."""
        if self.slug:
            return
        field = self._meta.get_field("slug")
        text = next((str(getattr(self, name) or "") for name in self.slug_sources
                     if str(getattr(self, name) or "").strip()), "")
        date = getattr(self, self.slug_date_field, None) if self.slug_date_field else None
        prefix = f"{date.isoformat()}-" if date else ""
        base = make_slug(text, field.max_length - len(prefix) - 4) or make_slug(
            str(self._meta.verbose_name), 40) or "record"
        base = f"{prefix}{base}"
        stored = set(type(self)._default_manager.filter(slug__startswith=base).values_list("slug", flat=True))
        used = stored | (taken or set())
        slug, number = base, 1
        while slug in used:
            number += 1
            slug = f"{base}-{number}"
        self.slug = slug
        if taken is not None:
            taken.add(slug)


class RevisionStatus(models.TextChoices):
    """Where a :class:`Revision` stands in review."""

    PENDING = "pending", _("pending review")
    APPROVED = "approved", _("approved and published")
    REJECTED = "rejected", _("rejected")
    WITHDRAWN = "withdrawn", _("withdrawn by its author")


class RevisionSource(models.TextChoices):
    """How the change held in a :class:`Revision` was made."""

    FORM = "form", _("change form")
    REVERT = "revert", _("restore of an earlier version")
    IMPORT = "import", _("import")
    ACTION = "action", _("action on the list")


class RevisionQuerySet(models.QuerySet):
    """Queries over revisions."""

    def pending(self) -> RevisionQuerySet:
        """Revisions waiting for a publisher's decision."""
        return self.filter(status=RevisionStatus.PENDING)

    def of_record(self, record: models.Model) -> RevisionQuerySet:
        """Revisions of ``record`` (any model instance), newest first."""
        from django.contrib.contenttypes.models import ContentType

        return self.filter(content_type=ContentType.objects.get_for_model(record),
                           object_id=record.pk).order_by("-created_at", "-pk")


class Revision(models.Model):
    """A change to a published record, kept for review instead of going live (issue 11).

    ``snapshot`` holds the record and its child rows (participants, partner cities, photos...)
    before and after the change, as Django's serializers write them, and the other rows the
    change made or changed (a new person typed into a participant row); :mod:`core.review`
    makes, compares and applies it. A publisher approves it (it is applied exactly as
    reviewed, refused when the live record changed since) or rejects it with a comment; its
    author may withdraw it. Every step is in its history, with who and when.
    """

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.PROTECT,
                                     verbose_name=_("type of record"))
    object_id = models.PositiveBigIntegerField(_("record id"))
    record_label = models.CharField(_("record"), max_length=300,
                                    help_text=_("The record's name when the change was made."))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="authored_revisions", verbose_name=_("author"))
    source = models.CharField(_("made through"), max_length=10, choices=RevisionSource.choices,
                              default=RevisionSource.FORM)
    created_at = models.DateTimeField(_("submitted"), default=timezone.now, db_index=True)
    status = models.CharField(_("review status"), max_length=10, choices=RevisionStatus.choices,
                              default=RevisionStatus.PENDING, db_index=True)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="reviewed_revisions",
                                 verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    comment = models.TextField(_("reviewer's comment"), blank=True)
    outcome_seen = models.BooleanField(
        _("outcome seen by the author"), default=False,
        help_text=_("Set once the author has been told of the decision."))
    snapshot = models.JSONField(_("change kept for review"), editable=False)

    objects = RevisionQuerySet.as_manager()
    # Each step (submitted, approved, rejected, withdrawn) with who, when and the reason.
    history = HistoricalRecords(excluded_fields=["snapshot"], verbose_name=_("history of a revision"),
                                verbose_name_plural=_("history of revisions"))

    class Meta:
        verbose_name = _("revision for review")
        verbose_name_plural = _("revisions for review")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "status"],
                                name="core_revision_record_status")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(status__in=["pending", "withdrawn"], reviewer__isnull=True)
                           | Q(status__in=["approved", "rejected"], reviewer__isnull=False,
                               decided_at__isnull=False)),
                name="core_revision_decision_has_reviewer",
                violation_error_message=_("An approved or rejected revision names who decided "
                                          "and when; a pending or withdrawn one names nobody."),
            ),
        ]

    def __str__(self) -> str:
        return _("Revision %(number)s of %(record)s") % {"number": self.pk, "record": self.record_label}

    @property
    def record_model(self) -> type[models.Model]:
        """The model of the record the revision changes."""
        return self.content_type.model_class()

    def live_record(self) -> models.Model | None:
        """The record as it is now, or None if it was deleted."""
        return self.record_model._base_manager.filter(pk=self.object_id).first()
