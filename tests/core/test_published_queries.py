"""QuerySet methods the open data relies on: current_or_upcoming, public_events, and the
publication of partnerships through their city."""

import datetime

import pytest
from django.utils import timezone

from cities.models import City, Country, Partnership, PartnershipKind
from core.models import PublicationStatus
from exhibitions.models import Exhibition
from visits.models import Engagement, EngagementKind

D = datetime.date


@pytest.mark.django_db
@pytest.mark.parametrize("on", [D(2022, 5, 31), D(2022, 6, 1), D(2022, 9, 30), D(2022, 10, 1),
                                D(2022, 10, 31), D(2022, 11, 1), D(2022, 12, 31), D(2023, 1, 1)])
@pytest.mark.parametrize("model", [Engagement, Exhibition])
def test_current_or_upcoming_agrees_with_last_date(model, on):
    expected = {record.slug for record in model.objects.all() if record.last_date is None or record.last_date >= on}
    assert {record.slug for record in model.objects.current_or_upcoming(on)} == expected


@pytest.mark.django_db
def test_current_or_upcoming_on_sample_exhibitions():
    def current(on):
        return set(Exhibition.objects.current_or_upcoming(on).values_list("slug", flat=True))

    # The themes "Keys to the City" (from May 2022) and "City Mascots" (from October 2022) have
    # no end date: they are still running.
    themes = {"keys-to-the-city", "city-mascots"}
    assert current(D(2022, 9, 30)) == {"brisbane-25th-anniversary-exhibition",
                                       "daejeon-5th-anniversary-exhibition"} | themes
    assert current(D(2022, 10, 31)) == themes
    assert current(D(2022, 11, 1)) == themes
    assert "san-antonio-40th-anniversary-exhibition" not in current(D(2022, 8, 29))


@pytest.mark.django_db
def test_public_events_are_ceremonies():
    assert set(Engagement.objects.public_events().values_list("slug", flat=True)) == {
        "2022-09-08-brisbane-colours-lighting"}
    assert set(Engagement.objects.public_events().values_list("kind", flat=True)) == {
        EngagementKind.CEREMONY}


@pytest.mark.django_db
def test_partnerships_are_published_with_their_city():
    assert Partnership.objects.public().count() == 16
    japan = Country.objects.get(slug="japan")
    draft = City.objects.create(name_zh_hant="草稿市", name_en="Draftville", slug="draftville",
                                country=japan)
    embargoed = City.objects.create(name_zh_hant="禁運市", name_en="Embargotown", slug="embargotown",
                                    country=japan, status=PublicationStatus.PUBLISHED,
                                    publish_from=timezone.now() + datetime.timedelta(hours=1))
    for city in (draft, embargoed):
        Partnership.objects.create(city=city, kind=PartnershipKind.SISTER_CITY)
    assert Partnership.objects.public().count() == 16
    later = timezone.now() + datetime.timedelta(hours=2)
    assert set(Partnership.objects.public(later).values_list("city__slug", flat=True)) >= {
        "embargotown"}
    assert not Partnership.objects.public(later).filter(city=draft).exists()
