"""The register's data migration (gifts 0002) puts what was recorded before it on the register
and loses nothing: the items received as gifts and the donated items with their quantities."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from datasets.sample_data import load_sample_data
from exhibitions.models import Item
from gifts.models import Gift, GiftDonatedItem
from visits.models import DonatedItem

BEFORE = [("gifts", "0001_initial")]
AFTER = [("gifts", "0002_register_gifts_and_donations")]


def migrate(targets=None):
    """Migrate the test database to ``targets`` (default: the latest migrations); return the
    models as they are there."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.fixture
def back_to_the_latest():
    yield
    migrate()


@pytest.mark.django_db(transaction=True)
def test_items_and_donations_recorded_before_the_register_join_it(back_to_the_latest):
    load_sample_data()
    old = migrate(BEFORE)
    old.get_model("gifts", "GiftDonatedItem").objects.all().delete()
    old.get_model("gifts", "Gift").objects.all().delete()
    # Before the register, an item recorded its giver (exhibitions 0011 took the columns away).
    old_item, old_city = old.get_model("exhibitions", "Item"), old.get_model("cities", "City")
    for name, city in (("Key to the City of Busan", "busan"), ("Key to Belize City", "belize-city"),
                       ("Painting of San Antonio's World Heritage missions", "san-antonio")):
        old_item.objects.filter(name_en=name).update(given_by_city=old_city.objects.get(slug=city))
    DonatedItem.objects.filter(name_en="towels").update(quantity=300, unit_zh_hant="條", unit_en="")
    donated_before = list(DonatedItem.objects.order_by("pk").values())
    items_before = list(Item.objects.order_by("pk").values())

    migrate(AFTER)
    migrate()  # the later migrations add tables and columns only: read with today's models

    received = {gift.item.name_en: gift for gift in Gift.objects.filter(direction="received")}
    assert set(received) == {"Key to the City of Busan", "Key to Belize City",
                             "Painting of San Antonio's World Heritage missions"}
    busan = received["Key to the City of Busan"]
    assert (busan.name_zh_hant, busan.counterpart_city.slug, busan.counterpart_country.slug, busan.status) == (
        "釜山市市鑰", "busan", "south-korea", "published")  # the city page showed it
    painting = received["Painting of San Antonio's World Heritage missions"]
    assert painting.description_zh_hant.startswith("聖安東尼市政府為慶祝兩市長年情誼")
    relief = Gift.objects.get(direction="given")
    assert (relief.engagement.slug, relief.counterpart_city.slug, relief.counterpart_country.slug) == (
        "2022-11-belize-city-hurricane-relief", "belize-city", "belize")
    assert (relief.given_on, relief.given_on_precision, relief.status) == (
        datetime.date(2022, 11, 1), "month", relief.engagement.status)
    assert [str(line) for line in relief.donation_lines.all()] == ["牙刷", "牙膏", "毛巾 × 300 條"]
    # Nothing recorded before is changed.
    assert list(DonatedItem.objects.order_by("pk").values()) == donated_before
    assert list(Item.objects.order_by("pk").values()) == items_before

    # The sample data takes the migrated gifts over instead of adding others.
    load_sample_data()
    assert Gift.objects.count() == 8
    assert Gift.objects.get(item__name_en="Key to the City of Busan").slug == "key-to-the-city-of-busan"
    assert GiftDonatedItem.objects.filter(gift__slug="belize-city-hurricane-relief-supplies").count() == 3


@pytest.mark.django_db(transaction=True)
def test_the_items_givers_move_to_the_register(back_to_the_latest):
    """gifts 0007: a gift without a city takes its item's; an item with a giver and no gift
    gets one; where gift and item disagree the register's city stands."""
    load_sample_data()
    old = migrate([("gifts", "0006_file_name_indexes")])
    old_item, old_gift = old.get_model("exhibitions", "Item"), old.get_model("gifts", "Gift")
    city = {slug: old.get_model("cities", "City").objects.get(slug=slug)
            for slug in ("busan", "daejeon", "belize-city")}
    guest = old.get_model("visits", "Person").objects.get(name_en="Ron Nirenberg")
    old_gift.objects.filter(slug="key-to-the-city-of-busan").update(counterpart_city=None, counterpart_country=None)
    old_item.objects.filter(name_en="Key to the City of Busan").update(given_by_city=city["busan"])
    old_item.objects.filter(name_en="Key to Belize City").update(given_by_city=city["busan"])  # disagrees
    old_item.objects.filter(name_en="Picture of Brisbane City Hall").update(is_gift=True, given_by_person=guest)
    old_item.objects.filter(name_zh_hant="民俗木製河回面具").update(
        is_gift=True, given_by_city=city["daejeon"], given_on=datetime.date(2022, 9, 16), given_on_precision="day")
    gifts_before = Gift.objects.count()

    migrate()

    busan = Gift.objects.get(slug="key-to-the-city-of-busan")
    assert (busan.counterpart_city.slug, busan.counterpart_country.slug) == ("busan", "south-korea")
    assert Gift.objects.get(slug="key-to-belize-city").counterpart_city.slug == "belize-city"
    assert Gift.objects.get(slug="brisbane-city-hall-picture").counterpart_person.name_en == "Ron Nirenberg"
    mask = Gift.objects.get(item__name_zh_hant="民俗木製河回面具")
    assert (mask.direction, mask.counterpart_city.slug, mask.counterpart_country.slug, mask.status) == (
        "received", "daejeon", "south-korea", "published")
    # Received on Friday 16 September 2022: three working days are 19, 20 and 21 September.
    assert (mask.given_on, mask.given_on_precision, mask.report_due_on, mask.name_en) == (
        datetime.date(2022, 9, 16), "day", datetime.date(2022, 9, 21), "Hahoe wooden folk masks")
    assert Gift.objects.count() == gifts_before + 1
    assert not any(field.name.startswith("given_by") for field in Item._meta.get_fields())
