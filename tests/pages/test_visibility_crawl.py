"""No public response names a record that is not public (core.visibility), whatever links it.

On top of the sample data, the test plants non-public records of every model of the record apps
(walked from :func:`core.registry.record_models`, so a new model is covered without editing
this file): each publishable model in three states (a draft, an embargoed record, a record
unpublished after its embargo passed), every other model once, kept non-public by belonging
only to non-public records. Every text field of each, in both languages, holds a marker
(``VISLEAK...X``), every slug, address and file name a slug marker (``vlslug-...``).

Then it links them in every way the models allow:

- every nullable foreign key of a public record (an item's giver, an exhibition's series, a
  person's country, a partnership's successor...) is pointed at each non-public record it can
  name;
- every required foreign key of a part (a partner-city row, a participant, an item shown, a
  photo, a donated item, a main guest) gets a row joining a public record to a non-public one,
  in both directions;
- the non-public records name non-public and public records through every relation they have
  (their many-to-many lists included).

A relation through which the rule makes its target public (a model's ``public_when_named_by``:
a country named by a public engagement *is* public) cannot point from a public record to a
non-public one; those relations are linked from the non-public records only.

It then fetches every public address: everything reachable from both home pages, the sitemap,
the open-data files, the calendar (both languages), the search for each marker and every option
of every filter form, and the non-public records' own pages (which must be 404), without the
page cache and with it (each address twice: stored, then served from the cache). No response
may contain a marker or a non-public slug, and every page the sitemap lists must have been
fetched (the crawl reached what could leak).
"""

from __future__ import annotations

import contextlib
import datetime
import io
import re
from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.test import Client, override_settings
from django.utils import timezone, translation
from modeltranslation.translator import NotRegistered, translator
from PIL import Image

from core import registry, visibility
from core.models import PublicationStatus, PublicPageModel, PublishableModel
from tests.public_helpers import crawl, response_text

MARK = "VISLEAK"
SLUG_MARK = "vlslug"
LANGUAGES = ("zh-hant", "en")
DAY = datetime.date(2022, 12, 10)
# Values a generic one would break a database rule with: a two-letter ISO code, a year of 1900+.
OVERRIDES = {"cities.country": {"iso_code": ""}, "visits.reportingperiod": {"year": 2031},
             "gifts.inventorywalk": {"year": 2031}}
START_URLS = ["/zh-hant/", "/en/", "/sitemap.xml", "/robots.txt", "/calendar.ics",
              "/calendar.ics?lang=en", "/open-data/partnerships.csv", "/open-data/partnerships.json",
              "/open-data/activities.csv", "/open-data/activities.json"]
# Filter forms are expanded (one request per option) on these pages only; the filtered pages'
# own links are not followed further (they repeat the same records by year and month).
FORM_PAGES = re.compile(r"^/(zh-hant|en)/(activities|cities)/$")
MAX_PAGES = 1500

pytestmark = pytest.mark.django_db


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "blue").save(buffer, "PNG")
    return buffer.getvalue()


def _translated(model: type[models.Model]) -> dict[str, set]:
    try:
        return translator.get_options_for_model(model).all_fields
    except NotRegistered:
        return {}


class Plant:
    """The non-public records planted, their markers and slugs, and the public records made to
    name them."""

    def __init__(self) -> None:
        self.hidden: dict[type[models.Model], list[models.Model]] = {}
        self.count = 0
        self.png = _png()
        self.linked: list[str] = []   # "model.field -> model": the links made from public records
        self.conferring: list[str] = []  # relations left out: they make their target public

    # -- making records ----------------------------------------------------------------------

    def values(self, model: type[models.Model], parent) -> tuple[dict, str]:
        """Field values of a new record of ``model``: markers in every text field (each
        language), ``parent(target_model)`` for every required foreign key."""
        self.count += 1
        label = f"{model._meta.model_name}{self.count}"
        marker, slug = f"{MARK}{label}X", f"{SLUG_MARK}-{model._meta.model_name}-{self.count}"
        translated = _translated(model)
        values: dict = {}
        for field in model._meta.concrete_fields:
            if field.primary_key or field.name in ("status", "publish_from") or field.name in translated:
                continue
            if isinstance(field, models.ForeignKey):
                if not field.null:
                    values[field.name] = parent(field.related_model)
            elif field.choices:
                values[field.attname] = field.get_default() or field.choices[0][0]
            elif isinstance(field, models.SlugField):
                values[field.attname] = slug
            elif isinstance(field, models.EmailField):
                values[field.attname] = f"{slug}@example.org"
            elif isinstance(field, models.URLField):
                values[field.attname] = f"https://{slug}.example.org/"
            elif isinstance(field, models.FileField):
                if field.editable and not field.blank:
                    values[field.attname] = ContentFile(self.png, name=f"{slug}.png")
            elif isinstance(field, (models.CharField, models.TextField)):
                # A code too short for a marker (a currency's 3 letters) cannot name a record:
                # left at its default, as its model's constraints expect without its pair.
                if field.editable and (field.max_length or 1000) > len(marker):
                    values[field.attname] = f"{marker} {field.name}"[: field.max_length or None]
            elif isinstance(field, models.DateTimeField):
                continue
            elif isinstance(field, models.DateField):
                values[field.attname] = DAY
            elif isinstance(field, models.BooleanField):
                values[field.attname] = True
            elif isinstance(field, (models.IntegerField, models.DecimalField)) and not field.null:
                values[field.attname] = field.get_default() if field.has_default() else 1
        values.update(OVERRIDES.get(model._meta.label_lower, {}))
        assert marker in " ".join(str(v) for v in values.values()) or not _text_fields(model), model
        return values, marker

    def create(self, model: type[models.Model], parent, **extra) -> models.Model:
        """Save a new record of ``model`` with :meth:`values` and ``extra``; its translated text
        fields get the marker in every language."""
        values, marker = self.values(model, parent)
        for name in _translated(model):
            field = model._meta.get_field(name)
            if isinstance(field, (models.CharField, models.TextField)) and not field.choices:
                for language in LANGUAGES:
                    suffix = language.replace("-", "_")
                    values[f"{name}_{suffix}"] = f"{marker} {name} {language}"[: field.max_length or None]
        values.update(extra)
        record = model(**values)
        record.save()
        return record

    def plant(self) -> None:
        """Plant the non-public records of every record model, then let them name each other
        and public records through every relation they have."""
        now = timezone.now()
        states = [
            {"status": PublicationStatus.DRAFT},
            {"status": PublicationStatus.PUBLISHED, "publish_from": now + datetime.timedelta(days=30)},
            {"status": PublicationStatus.DRAFT, "publish_from": now - datetime.timedelta(days=30)},
        ]
        for model in _in_dependency_order(registry.record_models()):
            if issubclass(model, PublishableModel):
                self.hidden[model] = [self.create(model, self.first_hidden, **state) for state in states]
            else:
                self.hidden[model] = [self.create(model, self.first_hidden)]
        for model, records in self.hidden.items():
            for record in records:
                for field in _nullable_references(model):
                    target = self.first_hidden(field.related_model)
                    # A one-to-one reference (a gift's item) is left for the public records to
                    # take in link_from_public: a target can stand in one of them only.
                    if target is not record and not field.unique:
                        setattr(record, field.name, target)
                record.save()
                for field in model._meta.many_to_many:
                    if field.remote_field.through._meta.auto_created:
                        manager = getattr(record, field.name)
                        manager.add(self.first_hidden(field.related_model))
                        public = visibility.public(field.related_model).first()
                        if public:
                            manager.add(public)

    def first_hidden(self, model: type[models.Model]) -> models.Model:
        return self.hidden[model][0]

    def link_from_public(self) -> None:
        """Make public records name the non-public ones in every way that does not make them
        public (module docstring)."""
        for model in registry.record_models():
            for field in _nullable_references(model):
                self._references(model, field)
            if not issubclass(model, PublishableModel) and visibility.named_by(model) is None:
                for field in visibility.required_references(model):
                    self._part_rows(model, field)

    def _references(self, model: type[models.Model], field: models.ForeignKey) -> None:
        description = f"{model._meta.label_lower}.{field.name}"
        if _confers(field):
            self.conferring.append(description)
            return
        hidden = self.hidden[field.related_model]
        carriers = list(visibility.public(model).order_by("pk")[: len(hidden)])
        assert len(carriers) == len(hidden), f"{description}: too few public records to link from"
        for carrier, target in zip(carriers, hidden, strict=True):
            setattr(carrier, field.name, target)
            # The model's own consequences (a date received makes an item a gift); its form rules (an
            # upgrade needs an end date) do not bind here.
            with contextlib.suppress(ValidationError):
                carrier.clean()
            carrier.save()
        self.linked.append(f"{description} -> {field.related_model._meta.label_lower}")

    def _part_rows(self, model: type[models.Model], field: models.ForeignKey) -> None:
        description = f"{model._meta.label_lower}.{field.name}"
        for target in self.hidden[field.related_model]:
            if _confers(field):
                self.conferring.append(description)
                break

            def parent(other: type[models.Model], target=target) -> models.Model:
                if other is field.related_model:
                    return target
                return visibility.public(other).order_by("pk").first() or other._default_manager.first()

            try:
                with transaction.atomic():
                    self.create(model, parent)
            except IntegrityError:
                # The planted part already joins them (one per city and kind), or the part's
                # other side is one-to-one (a gift's donated item) and every record of it is
                # taken: the planted part of the first hidden record stands for the rest.
                one_to_one = any(isinstance(f, models.ForeignKey) and f.unique and f is not field
                                 for f in model._meta.concrete_fields)
                assert one_to_one or model._default_manager.filter(**{field.name: target}).exists(), description
        else:
            self.linked.append(f"{description} -> {field.related_model._meta.label_lower}")


def _text_fields(model: type[models.Model]) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField)) and f.editable and not f.choices]


def _nullable_references(model: type[models.Model]) -> list[models.ForeignKey]:
    records = set(registry.record_models())
    return [f for f in model._meta.concrete_fields
            if isinstance(f, models.ForeignKey) and f.null and f.related_model in records]


def _confers(field: models.ForeignKey) -> bool:
    """True when the rule makes the target of ``field`` public because a public record names
    it through ``field`` (the target model declares the reverse lookup)."""
    declared = visibility.named_by(field.related_model) or ()
    return any(lookup.split("__")[0] == field.related_query_name() for lookup in declared)


def _in_dependency_order(models_: list[type[models.Model]]) -> list[type[models.Model]]:
    ordered: list[type[models.Model]] = []
    pending = list(models_)
    while pending:
        for model in pending:
            needs = {f.related_model for f in visibility.required_references(model)}
            if needs <= set(ordered):
                ordered.append(model)
                pending.remove(model)
                break
        else:
            raise AssertionError(f"circular required references among {pending}")
    return ordered


class Forms(HTMLParser):
    """The GET forms of an HTML page, with their fields' options."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[tuple[str, dict[str, list[str]]]] = []
        self._select: str | None = None

    def handle_starttag(self, tag, attrs) -> None:
        attributes = dict(attrs)
        if tag == "form" and (attributes.get("method") or "get").lower() == "get":
            self.forms.append((attributes.get("action") or "", {}))
        if not self.forms:
            return
        fields = self.forms[-1][1]
        if tag == "select":
            self._select = attributes.get("name")
            fields.setdefault(self._select, [])
        if tag == "option" and self._select and attributes.get("value"):
            fields[self._select].append(attributes["value"])

    def handle_endtag(self, tag) -> None:
        if tag == "select":
            self._select = None


def _filtered(path: str) -> bool:
    """Whether ``path`` is a filtered list (a query other than a page number)."""
    return "?" in path and not re.search(r"\?page=\d+$", path)


def fetch_all(client: Client, start: list[str], must_be_404: list[str]) -> dict[str, str]:
    """Fetch ``start`` and everything reachable from it (module docstring) with ``client``
    (:func:`tests.public_helpers.crawl`); return ``{address: body}`` of every 200 response.
    Fails on a server error, and when an address of ``must_be_404`` answers otherwise."""

    def check(path: str, response, text: str) -> list[str]:
        assert response.status_code < 500, (path, response.status_code)
        if path in must_be_404:
            assert response.status_code == 404, (path, response.status_code)
        if response.status_code != 200 or not FORM_PAGES.match(path):
            return []
        parser = Forms()
        parser.feed(text)
        return [f"{action or path}?{urlencode({name: option})}"
                for action, fields in parser.forms for name, options in fields.items() for option in options]

    return crawl(client, [*start, *must_be_404], check, limit=MAX_PAGES,
                 follow=lambda source, target: "?" not in target or not _filtered(source))


def _leaks(bodies: dict[str, str]) -> list[str]:
    return [f"{path}: {found}" for path, body in bodies.items()
            for found in sorted(set(re.findall(rf"{MARK}\w*|{SLUG_MARK}[\w-]*", body)))]


@pytest.fixture
def planted():
    plant = Plant()
    with translation.override("zh-hant"):
        plant.plant()
        plant.link_from_public()
    return plant


def _addresses(plant: Plant) -> tuple[list[str], list[str]]:
    """The start addresses (those of the module and a search for each marker, in each
    language) and the non-public records' own pages."""
    searches, own_pages = [], []
    for model, records in plant.hidden.items():
        for record in records:
            marker = next((str(getattr(record, f.attname)).split()[0] for f in _text_fields(model)
                           if str(getattr(record, f.attname) or "").startswith(MARK)), None)
            for language in LANGUAGES:
                if marker:  # the query leaves out the first and last letters: the echo is no leak
                    searches.append(f"/{language}/search/?{urlencode({'q': marker[1:-1]})}")
                if issubclass(model, PublicPageModel):
                    with translation.override(language):
                        own_pages.append(record.get_absolute_url())
    return [*START_URLS, *searches], own_pages


def test_the_planted_records_are_not_public_and_cover_every_model(planted):
    for model in registry.record_models():
        records = planted.hidden[model]
        assert records, model
        assert not visibility.public(model).filter(pk__in=[r.pk for r in records]).exists(), model
    # Hand-checked: the ways a public record can name a non-public one, and those that make
    # the named record public instead.
    assert {"gifts.gift.counterpart_city -> cities.city",
            "gifts.gift.counterpart_person -> visits.person",
            "exhibitions.item.engagement -> visits.engagement",
            "exhibitions.exhibition.series -> exhibitions.exhibitionseries",
            "cities.partnership.replaced_by -> cities.partnership",
            "visits.engagementcity.city -> cities.city",
            "visits.engagementcity.engagement -> visits.engagement",
            "exhibitions.exhibitioncity.city -> cities.city",
            "exhibitions.exhibiteditem.exhibition -> exhibitions.exhibition",
            "visits.participation.engagement -> visits.engagement"} <= set(planted.linked)
    assert {"cities.country.parent", "exhibitions.exhibition.venue", "visits.participation.person",
            "visits.person.country",
            "exhibitions.exhibiteditem.item", "gifts.gift.item"} <= set(planted.conferring)


@pytest.mark.parametrize("cached", [False, True], ids=["no-cache", "page-cache"])
def test_no_public_response_names_a_record_that_is_not_public(planted, cached):
    start, own_pages = _addresses(planted)
    if cached:
        # Long enough and large enough that no page expires or is culled during the crawl.
        settings = override_settings(PUBLIC_PAGE_CACHE_SECONDS=3600, CACHES={"default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "visibility-crawl",
            "OPTIONS": {"MAX_ENTRIES": 100_000}}})
    else:
        settings = override_settings(PUBLIC_PAGE_CACHE_SECONDS=0)
    with settings:
        client = Client()
        bodies = fetch_all(client, start, own_pages)
        leaks = _leaks(bodies)
        if cached:  # again, now from the cache
            hits = 0
            for path in list(bodies):
                response = client.get(path)
                hits += response.get("X-Page-Cache") == "hit"
                bodies[path] = response_text(response)
            assert hits > 100
            leaks += _leaks(bodies)
    assert leaks == []
    # The crawl reached every page the sitemap lists, in both languages, and the filters.
    sitemap = re.findall(r"<loc>https?://testserver(/[^<]*)</loc>", bodies["/sitemap.xml"])
    assert len(sitemap) > 50 and not set(sitemap) - set(bodies)
    assert any("?country=" in path for path in bodies) and any("?city=" in path for path in bodies)
    assert len(bodies) > 300
