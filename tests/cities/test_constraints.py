"""Integrity rules of countries, cities and partnerships: database constraints (hold whatever
writes) and clean() (says it in words)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from cities.models import City, Country, CountryKind, Partnership, PartnershipKind
from tests.database import refused

pytestmark = pytest.mark.django_db
D = datetime.date


def test_one_partnership_of_a_kind_per_city():
    busan = City.objects.get(slug="busan")
    duplicate = Partnership(city=busan, kind=PartnershipKind.SISTER_CITY, established_on=D(1970, 1, 1))
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "此城市已有同類別之締盟關係。" in str(error.value)  # zh-hant: the default language
    with refused(), transaction.atomic():
        duplicate.save()


def test_ordinals_are_unique_across_kinds():
    # Belize City is the 22nd; no other partnership of any kind may be.
    daegu = City.objects.get(slug="daegu")
    with refused(), transaction.atomic():
        Partnership.objects.filter(city=daegu).update(ordinal=22)


def test_a_partnership_cannot_end_before_it_was_established():
    partnership = Partnership.objects.get(city__slug="busan")
    partnership.ended_on = D(1960, 1, 1)
    with pytest.raises(ValidationError) as error:
        partnership.full_clean()
    assert "（49/01/01）" in str(error.value.message_dict["ended_on"])  # ROC 49 = 1960
    with refused(), transaction.atomic():
        partnership.save()


def test_a_replaced_partnership_must_have_ended():
    mou = Partnership.objects.get(city__slug="kumamoto-city", kind=PartnershipKind.AGREEMENT)
    mou.ended_on = None
    with pytest.raises(ValidationError) as error:
        mou.full_clean()
    assert "ended_on" in error.value.message_dict


def test_country_codes_are_two_capitals_and_a_nation_within_a_state_names_it():
    country = Country(name_zh_hant="測試國", name_en="Testland", slug="testland", iso_code="tl")
    country.full_clean()
    assert country.iso_code == "TL"
    with refused(), transaction.atomic():
        Country.objects.create(name_zh_hant="壞", name_en="Bad", slug="bad", iso_code="x1")
    wales = Country(name_zh_hant="威爾斯", name_en="Wales", slug="wales", kind=CountryKind.CONSTITUENT_NATION)
    with pytest.raises(ValidationError) as error:
        wales.full_clean()
    assert "parent" in error.value.message_dict


def test_coordinates_are_in_range_and_paired():
    city = City.objects.get(slug="busan")
    with refused(), transaction.atomic():
        City.objects.filter(pk=city.pk).update(latitude=91)
    with refused(), transaction.atomic():
        City.objects.filter(pk=city.pk).update(longitude=None)


def test_a_friendship_declaration_is_a_kind_of_partnership_after_friendship_city():
    kinds = list(PartnershipKind)
    assert kinds.index(PartnershipKind.FRIENDSHIP_DECLARATION) == kinds.index(PartnershipKind.FRIENDSHIP_CITY) + 1
    # Poland is not in the source chapter: any recorded country serves here.
    katowice = City.objects.create(name_zh_hant="卡托維治", name_en="Katowice", slug="katowice",
                                   country=Country.objects.get(slug="germany"))
    declaration = Partnership(city=katowice, kind=PartnershipKind.FRIENDSHIP_DECLARATION)
    declaration.full_clean()
    declaration.save()
    assert declaration.get_kind_display() == "友好交流宣言"
