"""Integrity rules of engagements, participants and reporting periods: database constraints (hold
whatever writes) and clean() (says it in words)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError

from cities.models import City
from core.dates import DatePrecision
from tests.database import refused
from visits.models import (
    Engagement,
    EngagementKind,
    MainGuest,
    ParticipantRole,
    Participation,
    Person,
    ReportingPeriod,
)

pytestmark = pytest.mark.django_db
D = datetime.date


def new_engagement(**overrides) -> Engagement:
    """An unsaved engagement that is not in the sample data."""
    fields = dict(kind=EngagementKind.RECEPTION, title_zh_hant="測試來訪", title_en="Test visit",
                  slug="test-visit", start_date=D(2023, 3, 1))
    fields.update(overrides)
    return Engagement(**fields)


def test_an_engagement_cannot_end_before_it_starts():
    engagement = new_engagement(end_date=D(2023, 2, 28))
    with pytest.raises(ValidationError) as error:
        engagement.full_clean()
    assert "（112/02/28）" in str(error.value.message_dict["end_date"])  # ROC 112 = 2023
    with refused(), transaction.atomic():
        engagement.save()


def test_headcount_cannot_be_negative():
    with refused(), transaction.atomic():
        new_engagement(headcount=-1).save()


def test_clean_stores_a_month_precision_date_as_the_first_of_the_month():
    engagement = new_engagement(start_date=D(2022, 11, 15), date_precision=DatePrecision.MONTH)
    engagement.full_clean()
    assert engagement.start_date == D(2022, 11, 1)
    assert engagement.date_display("zh-hant") == "111年11月"


def test_slugs_are_unique():
    existing = Engagement.objects.first()
    with pytest.raises(ValidationError) as error:
        new_engagement(slug=existing.slug).full_clean()
    assert "slug" in error.value.message_dict


def test_a_delegation_may_be_co_led():
    # A mayor with the council chairman: both are heads, named in their order.
    visit = Engagement.objects.get(slug="2022-11-28-wakayama-city-assembly-league")
    Participation.objects.filter(engagement=visit, role=ParticipantRole.MEMBER).update(role=ParticipantRole.HEAD)
    assert visit.participations.filter(role=ParticipantRole.HEAD).count() == 2


def test_a_main_guest_is_a_foreign_participant_within_the_period():
    period = ReportingPeriod.objects.get(year=2022, half=2)
    host = Participation.objects.filter(role=ParticipantRole.HOST).first()
    with pytest.raises(ValidationError, match="僅外賓"):
        MainGuest(period=period, participation=host).full_clean()
    other = ReportingPeriod.objects.create(year=2023, half=1)
    guest = Participation.objects.get(person__name_en="Mike Pompeo")
    with pytest.raises(ValidationError, match="此外賓之交流活動（111年9月27日）不在112年1月至6月範圍內"):
        MainGuest(period=other, participation=guest).full_clean()


def test_a_reporting_period_half_is_1_or_2():
    with refused(), transaction.atomic():
        ReportingPeriod.objects.create(year=2023, half=3)


def test_deleting_a_city_with_engagements_is_refused():
    brisbane = City.objects.get(slug="brisbane")
    with pytest.raises(ProtectedError):
        brisbane.delete()
    assert City.objects.filter(slug="brisbane").exists()


def test_a_person_with_engagements_cannot_be_deleted():
    with pytest.raises(ProtectedError):
        Person.objects.get(name_en="Ron Nirenberg").delete()
