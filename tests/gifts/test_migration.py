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
