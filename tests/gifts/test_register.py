"""The register's rules on the source chapter's gifts: constraints in the database, the same
rules in clean() with a message on the field, reporting states and the queries the admin lists
use. Values and dates added here are the test's, not the chapter's (it gives none)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from gifts.models import Disposition, Gift, GiftDirection, GiftDonatedItem, ReportingState
from visits.models import DonatedItem, Person

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def gift(slug: str) -> Gift:
    return Gift.objects.get(slug=slug)


def test_the_40th_anniversary_gifts_go_both_ways_on_the_video_conference():
    received = gift("san-antonio-40th-anniversary-gift")
    given = gift("kaohsiung-40th-anniversary-gift-to-san-antonio")
    assert received.engagement == given.engagement
    assert received.engagement.slug == "2022-12-20-san-antonio-40th-anniversary-video-conference"
    assert (received.giver, received.recipient) == ("San Antonio", "Kaohsiung City")
    assert (given.giver, given.recipient) == ("Kaohsiung City", "San Antonio")
    assert set(received.engagement.gifts.values_list("direction", flat=True)) == {"received", "given"}


def test_the_relief_supplies_are_a_gift_given_with_the_donated_items():
    relief = gift("belize-city-hurricane-relief-supplies")
    assert relief.direction == GiftDirection.GIVEN
    assert [line.donated_item.name_en for line in relief.donation_lines.all()] == [
        "toothbrushes", "toothpaste", "towels"]
    assert relief.date_display("zh-hant") == "111年11月"
    assert relief.report_due_on is None  # given: never reported


def test_a_received_gift_dated_to_the_day_gets_its_deadline_on_save():
    received = gift("san-antonio-40th-anniversary-gift")
    received.given_on = D(2022, 12, 20)
    received.save()
    assert received.report_due_on == D(2022, 12, 23)
    received.given_on, received.given_on_precision = D(2022, 12, 1), "month"
    received.save()
    assert received.report_due_on is None  # the day is not known: no deadline can be counted


def test_reporting_states_through_a_gifts_life(settings):
    settings.GIFT_REPORTING_THRESHOLD = "500"
    key = gift("key-to-the-city-of-busan")
    assert key.reporting_state() == ReportingState.VALUE_UNKNOWN  # the chapter gives no value
    key.estimated_value, key.currency, key.given_on = Decimal("120"), "USD", D(2022, 12, 9)
    key.full_clean()
    assert key.value_in_home_currency is None  # USD is not the home currency: nothing is converted
    key.value_in_home_currency = Decimal("3690")
    key.save()
    assert key.reporting_state(on=D(2022, 12, 14)) == ReportingState.DUE
    assert key.reporting_state(on=D(2022, 12, 15)) == ReportingState.OVERDUE
    assert list(Gift.objects.overdue(on=D(2022, 12, 15))) == [key]
    assert list(Gift.objects.overdue(on=D(2022, 12, 14))) == []
    key.reported_on = D(2022, 12, 16)
    key.save()
    assert key.reporting_state() == ReportingState.REPORTED_LATE
    assert list(Gift.objects.overdue(on=D(2022, 12, 15))) == []
    settings.GIFT_REPORTING_THRESHOLD = "5000"
    key.reported_on = None
    key.save()
    assert key.reporting_state() == ReportingState.NOT_REQUIRED
    assert key not in Gift.objects.to_report()


def test_a_value_in_the_home_currency_is_copied():
    key = gift("key-to-belize-city")
    key.estimated_value, key.currency = Decimal("800"), "twd"
    key.full_clean()
    assert (key.currency, key.value_in_home_currency) == ("TWD", Decimal("800"))


def test_no_disposition_lists_received_gifts_only():
    without = set(Gift.objects.without_disposition().values_list("slug", flat=True))
    assert without == {"key-to-the-city-of-busan", "key-to-belize-city", "san-antonio-world-heritage-painting",
                       "brisbane-city-hall-picture", "brisbane-aboriginal-crafts",
                       "san-antonio-40th-anniversary-gift"}
    painting = gift("san-antonio-world-heritage-painting")
    painting.disposition, painting.disposition_on = Disposition.DISPLAYED, D(2022, 8, 16)
    painting.save()
    assert painting not in Gift.objects.without_disposition()


def test_every_disposition_change_is_in_the_history():
    painting = gift("san-antonio-world-heritage-painting")
    for disposition in (Disposition.KEPT_BY_GOVERNMENT, Disposition.LENT, Disposition.DISPLAYED):
        painting.disposition = disposition
        painting.save()
    assert [h.disposition for h in painting.history.order_by("history_date")][-3:] == [
        "kept", "lent", "displayed"]


def test_the_year_of_a_gift_with_no_date_is_its_engagements():
    assert set(Gift.objects.in_year(2022).values_list("slug", flat=True)) == {
        "san-antonio-40th-anniversary-gift", "kaohsiung-40th-anniversary-gift-to-san-antonio",
        "belize-city-hurricane-relief-supplies"}
    assert not Gift.objects.in_year(2021).exists()


def refused(gift_: Gift, **values):
    for name, value in values.items():
        setattr(gift_, name, value)
    with pytest.raises(IntegrityError), transaction.atomic():
        Gift.objects.filter(pk=gift_.pk).update(**values)


def test_the_database_refuses_what_clean_refuses():
    relief = gift("belize-city-hurricane-relief-supplies")
    key = gift("key-to-the-city-of-busan")
    refused(key, estimated_value=Decimal("-1"), currency="USD")
    refused(key, estimated_value=Decimal("100"))  # no currency
    refused(key, currency="USD")  # no value
    refused(relief, reported_on=D(2022, 12, 1))  # a gift given is not reported
    refused(relief, disposition=Disposition.RETURNED)
    refused(key, disposition_on=D(2022, 12, 1))  # a date, no disposition
    refused(key, given_on=D(2022, 12, 9), reported_on=D(2022, 12, 8))


@pytest.mark.parametrize(("values", "field", "message"), [
    (dict(estimated_value=Decimal("100")), "__all__", "An estimated value needs its currency"),
    (dict(estimated_value=Decimal("100"), currency="US"), "currency", "three-letter ISO 4217 code"),
    (dict(given_on=D(2022, 12, 9), reported_on=D(2022, 12, 8)), "reported_on",
     "This date is before the gift was received (2022-12-09)."),
    (dict(disposition_on=D(2022, 12, 9)), "disposition", "Choose the disposition decided on that date."),
])
def test_clean_names_the_field(values, field, message):
    key = gift("key-to-the-city-of-busan")
    for name, value in values.items():
        setattr(key, name, value)
    with pytest.raises(ValidationError) as error:
        key.full_clean()
    assert any(message in text for text in error.value.message_dict[field])


def test_the_sides_are_checked_against_who_is_an_official():
    received = gift("san-antonio-40th-anniversary-gift")
    received.own_person = Person.objects.get(name_en="Ron Nirenberg")
    received.counterpart_person = Person.objects.get(name_en="Chen Chi-mai")
    with pytest.raises(ValidationError) as error:
        received.full_clean()
    assert "not an official of the home city" in error.value.message_dict["own_person"][0]
    assert "is an official of the home city" in error.value.message_dict["counterpart_person"][0]


def test_a_donated_item_joins_one_gift_of_its_own_engagement():
    relief = gift("belize-city-hurricane-relief-supplies")
    toothbrushes = DonatedItem.objects.get(name_en="toothbrushes")
    other = gift("kaohsiung-40th-anniversary-gift-to-san-antonio")
    with pytest.raises(ValidationError) as error:
        GiftDonatedItem(gift=other, donated_item=toothbrushes).full_clean()
    assert "donated in another engagement" in str(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        GiftDonatedItem.objects.create(gift=other, donated_item=toothbrushes)
    assert relief.donation_lines.count() == 3


def test_the_register_keeps_its_engagements_and_donated_items():
    from django.db.models import ProtectedError

    relief = gift("belize-city-hurricane-relief-supplies")
    with pytest.raises(ProtectedError), transaction.atomic():
        relief.engagement.delete()
    with pytest.raises(ProtectedError), transaction.atomic():
        DonatedItem.objects.get(name_en="towels").delete()
    assert relief.donation_lines.count() == 3
