"""The one rule of what the public may see (core.visibility), and the references it leaves out:
checked on the sample data with records turned draft or embargoed by hand."""

import datetime

import pytest

from cities.models import City, Country, Partnership, PartnershipKind
from core import registry, visibility
from core.models import PublicationStatus, PublishableModel
from exhibitions.models import Exhibition, ExhibitionSeries, Item, Venue
from gifts.models import Gift, GiftLoan, InventoryWalk
from pages.filters import activity_cities, activity_countries
from tests import factories
from visits.models import Engagement, MainGuest, Participation, Person, ReportingPeriod

pytestmark = pytest.mark.django_db


def _draft(record) -> None:
    type(record).objects.filter(pk=record.pk).update(status=PublicationStatus.DRAFT)


def test_every_record_model_answers_public_and_falls_under_a_rule():
    never_public = set()
    for model in registry.record_models():
        assert isinstance(model._default_manager.all(), visibility.VisibleQuerySet), model
        declared = visibility.named_by(model)
        if issubclass(model, PublishableModel):
            continue
        if declared is not None:
            for lookup in declared:
                visibility.lookup_target(model, lookup)  # names a relation
            if not declared:
                never_public.add(model)
        elif not visibility.required_references(model):
            never_public.add(model)
    # The gift register's loans and inventories (custody) are the office's own.
    assert never_public == {ReportingPeriod, GiftLoan, InventoryWalk}
    # A main guest belongs to a reporting period, so it is never public either.
    assert MainGuest.objects.count() == 25 and not MainGuest.objects.public().exists()


def test_countries_are_public_through_public_cities_engagements_and_nations_within():
    # Germany: only Erzgebirgskreis, a published city; the United Kingdom: only Scotland.
    assert {"germany", "united-kingdom", "scotland", "south-korea"} <= set(
        Country.objects.public().values_list("slug", flat=True))
    _draft(City.objects.get(slug="erzgebirgskreis"))
    assert not Country.objects.public().filter(slug="germany").exists()
    atlantis = factories.country("atlantis", "亞特蘭提斯", "Atlantis")
    factories.city("poseidonia", "波賽多尼亞", "Poseidonia", country=atlantis)  # a draft
    draft = factories.engagement("atlantis-talks", "亞特蘭提斯會談", "Atlantis talks")
    draft.countries.add(atlantis)
    assert not Country.objects.public().filter(slug="atlantis").exists()
    Engagement.objects.filter(pk=draft.pk).update(status=PublicationStatus.PUBLISHED)
    assert Country.objects.public().filter(slug="atlantis").exists()


def test_people_are_public_only_through_public_engagements():
    guest = Person.objects.create(name_zh_hant="祕密訪客", name_en="Secret Visitor")
    embargoed = factories.engagement("secret-visit", "祕密訪問", "Secret visit",
                                     status=factories.PUBLISHED, publish_from=factories.later(days=3))
    Participation.objects.create(engagement=embargoed, person=guest)
    Gift.objects.create(name_zh_hant="禮物", slug="secret-gift", counterpart_person=guest,
                        status=PublicationStatus.PUBLISHED)
    assert not Person.objects.public().filter(pk=guest.pk).exists()
    assert not Participation.objects.public().filter(person=guest).exists()
    later = factories.later(days=4)
    assert Person.objects.filter(visibility.public_condition(Person, later), pk=guest.pk).exists()


def test_parts_are_public_with_the_records_they_belong_to():
    busan = City.objects.get(slug="busan")
    assert Partnership.objects.public().filter(city=busan).exists()
    _draft(busan)
    assert not Partnership.objects.public().filter(city=busan).exists()
    # The key Busan gave is still shown by the published exhibition, so it stays public.
    key = Item.objects.get(gift__counterpart_city=busan)
    assert Item.objects.public().filter(pk=key.pk).exists()


def test_a_published_exhibition_leaves_out_a_giver_that_is_not_public(client):
    page = "/zh-hant/exhibitions/keys-to-the-city/"
    html = client.get(page).content.decode()
    assert 'href="/zh-hant/cities/busan/"' in html and 'href="/zh-hant/cities/belize-city/"' in html
    _draft(City.objects.get(slug="busan"))
    html = client.get(page).content.decode()
    assert "釜山市市鑰" in html and "busan" not in html
    assert html.count("贈送者") == 1 and 'href="/zh-hant/cities/belize-city/"' in html
    City.objects.filter(slug="belize-city").update(publish_from=factories.later(days=1))
    html = client.get(page).content.decode()
    assert "貝里斯市市鑰" in html and "贈送者" not in html and "belize-city" not in html


def test_a_published_exhibition_leaves_out_a_series_that_is_not_public(client):
    series = ExhibitionSeries.objects.get()
    exhibition = series.exhibitions.published().first()
    page = f"/en/exhibitions/{exhibition.slug}/"
    assert "Part of the series" in client.get(page).content.decode()
    _draft(series)
    html = client.get(page).content.decode()
    assert "Part of the series" not in html and series.title_en not in html.replace(exhibition.title_en, "")


def test_the_archive_filters_offer_only_what_public_activities_name(client):
    atlantis = factories.country("atlantis", "亞特蘭提斯", "Atlantis")
    poseidonia = factories.city("poseidonia", "波賽多尼亞", "Poseidonia", country=atlantis)
    san_antonio = City.objects.get(slug="san-antonio")
    factories.engagement("atlantis-reception", "接待", "Reception", status=factories.PUBLISHED,
                         cities=(san_antonio, poseidonia))
    draft = factories.engagement("atlantis-talks", "會談", "Talks")
    draft.countries.add(factories.country("lemuria", "雷姆利亞", "Lemuria"))
    countries = set(activity_countries().values_list("slug", flat=True))
    cities = set(activity_cities().values_list("slug", flat=True))
    assert "atlantis" not in countries and "lemuria" not in countries and "poseidonia" not in cities
    # Offered: South Korea (Busan's exhibitions), the United Kingdom (Scotland lies within it).
    assert {"south-korea", "united-states", "scotland", "united-kingdom"} <= countries
    assert {"busan", "san-antonio"} <= cities
    html = client.get("/en/activities/").content.decode()
    assert "Atlantis" not in html and "Lemuria" not in html and "Poseidonia" not in html
    assert not Engagement.objects.public().in_country("atlantis").exists()
    City.objects.filter(pk=poseidonia.pk).update(status=PublicationStatus.PUBLISHED)
    assert "atlantis" in set(activity_countries().values_list("slug", flat=True))
    assert Engagement.objects.public().in_country("atlantis").get().slug == "atlantis-reception"


def test_open_data_names_an_upgrade_only_when_the_successor_is_public(client):
    busan, daejeon = City.objects.get(slug="busan"), City.objects.get(slug="daejeon")
    old = factories.partnership(busan, PartnershipKind.AGREEMENT, datetime.date(1980, 1, 1),
                                ended_on=datetime.date(1990, 1, 1))
    old.replaced_by = Partnership.objects.filter(city=daejeon).first()
    old.save()
    record = next(r for r in client.get("/open-data/partnerships.json").json()["records"]
                  if r["id"] == "busan:agreement")
    assert record["replaced_by"] == f"daejeon:{old.replaced_by.kind}"
    _draft(daejeon)
    records = client.get("/open-data/partnerships.json").json()["records"]
    assert next(r for r in records if r["id"] == "busan:agreement")["replaced_by"] is None
    assert not [r for r in records if "daejeon" in r["id"]]


def test_venues_and_items_follow_their_exhibitions():
    venue = Venue.objects.create(name_zh_hant="祕密展場", name_en="Secret hall")
    draft = factories.exhibition("secret-show", "祕密展", "Secret show", venue=venue)
    item = Item.objects.create(name_zh_hant="祕密物件")
    draft.exhibited_items.create(item=item)
    assert not Venue.objects.public().filter(pk=venue.pk).exists()
    assert not Item.objects.public().filter(pk=item.pk).exists()
    Exhibition.objects.filter(pk=draft.pk).update(status=PublicationStatus.PUBLISHED)
    assert Venue.objects.public().filter(pk=venue.pk).exists()
    assert Item.objects.public().filter(pk=item.pk).exists()


def test_relations_read_without_the_targets_condition_are_exactly_those_the_rule_makes_public():
    """From a public record, these relations lead only to public records by the rule itself, so
    core.visibility reads them without the target's public condition (a subquery over every
    public record of the target). Worked out by hand from the models' declarations: countries,
    bureaus, topics and items declare the engagements or exhibitions that name them; a part
    whose only required reference is its record (a partnership, a photo, a donated item) is
    public with it; a participation and an exhibited item also need their person or item, which
    is public because that part of a public record names it (``participations__engagement``,
    ``exhibited_in__exhibition``)."""
    found = {(model._meta.label, field.name) for model in registry.record_models()
             for field in model._meta.get_fields()
             if (field.many_to_many or (field.auto_created and not field.concrete))
             and visibility.named_by_rule(model, field.name)}
    assert found == {
        ("cities.City", "partnerships"),
        ("visits.Engagement", "participations"), ("visits.Engagement", "donated_items"),
        ("visits.Engagement", "photos"), ("visits.Engagement", "items"),
        ("visits.Engagement", "countries"), ("visits.Engagement", "bureaus"),
        ("visits.Engagement", "topics"),
        ("exhibitions.Exhibition", "exhibited_items"), ("exhibitions.Exhibition", "photos"),
        ("gifts.Gift", "photos"),
    }


def test_an_embargo_ends_by_the_clock_when_the_query_runs_not_when_the_rule_was_built():
    """The public condition is built once per process (core.visibility._condition_now) and
    compares embargoes with the database's clock as each query runs: a city whose embargo ends
    a second after the condition was first used is public once that second has passed, and so
    is its partnership (a part: the city's condition nested in the partnership's)."""
    import time

    from django.utils import timezone

    city = City.objects.get(slug="busan")
    assert Partnership.objects.public().filter(city=city).exists()  # the conditions built
    City.objects.filter(pk=city.pk).update(publish_from=timezone.now() + datetime.timedelta(seconds=1))
    assert not City.objects.public().filter(pk=city.pk).exists()
    assert not Partnership.objects.public().filter(city=city).exists()
    time.sleep(1.1)
    assert City.objects.public().filter(pk=city.pk).exists()
    assert Partnership.objects.public().filter(city=city).exists()
