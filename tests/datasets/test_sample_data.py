"""The sample data, fact by fact against the source chapter (tests/data/source_chapter_2022H2.txt,
a copy of the chapter the product ships as sample data)."""

import datetime
import re
from pathlib import Path

import pytest

from cities.models import City, Country, CountryKind, LocalGovernmentKind, Partnership, PartnershipKind
from core.dates import DatePrecision, HalfYear, format_date
from core.models import PublicationStatus
from core.registry import record_models
from datasets.sample_data import load_sample_data
from exhibitions.models import Exhibition, ExhibitionSeries, ItemKind
from visits.models import Engagement, EngagementKind, ParticipantRole, ReportingPeriod

pytestmark = pytest.mark.django_db

SOURCE = (Path(__file__).parent.parent / "data" / "source_chapter_2022H2.txt").read_text(encoding="utf-8")
D = datetime.date


def source_main_guests() -> list[str]:
    """The chapter's list of main foreign guests, split at 、 as the chapter joins it."""
    listing = re.search(r"主要外賓代表為：(.+?)等。", SOURCE).group(1)
    return listing.split("、")


def test_the_themed_series_has_13_cities_in_5_countries():
    exhibition = Exhibition.objects.get(slug="partner-city-of-the-month-2021-2022")
    cities = list(exhibition.cities.select_related("country"))
    assert len(cities) == 13
    assert {c.country.name_zh_hant for c in cities} == {"韓國", "日本", "美國", "澳洲", "德國"}
    for city in cities:  # each city appears in the source by its Chinese name
        assert city.name_zh_hant in SOURCE
    assert exhibition.date_display("zh-hant") == "110年1月至111年4月"
    assert exhibition.venue.name_zh_hant == "四維行政中心中庭櫥窗"
    assert exhibition.series.slug == "partner-city-themed-exhibitions"


def test_later_themes_are_known_only_from_their_month():
    keys = Exhibition.objects.get(slug="keys-to-the-city")
    assert keys.date_display("zh-hant") == "111年5月起"
    assert keys.end_date is None and keys.date_precision == DatePrecision.MONTH
    assert {i.gift.counterpart_city.slug for i in keys.items.all()} == {"busan", "belize-city"}
    assert {i.kind for i in keys.items.all()} == {ItemKind.KEY_TO_THE_CITY}
    mascots = Exhibition.objects.get(slug="city-mascots")
    assert mascots.date_display("zh-hant") == "111年10月起"
    assert "城市吉祥物" in SOURCE and "城市市鑰" in SOURCE


def test_partner_cities_kinds_countries_and_names():
    assert City.objects.get(slug="erzgebirgskreis").kind == LocalGovernmentKind.DISTRICT
    assert City.objects.get(slug="kumamoto-prefecture").kind == LocalGovernmentKind.PREFECTURE
    belize_city = City.objects.get(slug="belize-city")
    assert (belize_city.name_zh_hant, belize_city.name_en, belize_city.country.iso_code) == (
        "貝里斯市", "Belize City", "BZ")
    assert City.objects.get(slug="busan").native_name == "부산광역시"
    assert City.objects.get(slug="san-antonio").region_en == "Texas"


def test_countries_without_iso_code_and_nations_within_a_state():
    somaliland = Country.objects.get(slug="somaliland")
    assert somaliland.iso_code == "" and somaliland.kind == CountryKind.DE_FACTO_STATE
    scotland = Country.objects.get(slug="scotland")
    assert scotland.parent.iso_code == "GB" and scotland.kind == CountryKind.CONSTITUENT_NATION


@pytest.mark.parametrize(("slug", "kind", "anniversary"), [
    ("san-antonio", PartnershipKind.SISTER_CITY, 40),   # 締盟40周年
    ("brisbane", PartnershipKind.SISTER_CITY, 25),      # 締盟25周年
    ("daejeon", PartnershipKind.FRIENDSHIP_CITY, 5),    # 締結友好城市5周年
])
def test_anniversaries_of_2022_follow_from_the_establishment_dates(slug, kind, anniversary):
    partnership = Partnership.objects.get(city__slug=slug, kind=kind)
    assert partnership.anniversary_in(2022) == anniversary
    assert f"{anniversary}周年" in SOURCE
    annotated = Partnership.objects.with_anniversary_in(2022).get(pk=partnership.pk)
    assert annotated.anniversary == anniversary


def test_anniversaries_in_the_second_half_of_2022():
    in_h2 = {p.city.slug for p in Partnership.objects.with_anniversary_in_half_year(HalfYear(2022, 2))}
    # Brisbane (9 Sep 1997) and Honolulu (Sep 1962) fall in July–December; San Antonio, Tulsa and the
    # Erzgebirgskreis are known only to the year, so they may; Daejeon (20 Jun 2017) falls in H1.
    assert {"brisbane", "honolulu", "san-antonio", "tulsa", "erzgebirgskreis"} <= in_h2
    assert "daejeon" not in in_h2 and "busan" not in in_h2


def test_an_mou_upgraded_to_a_friendship_is_kept_as_history():
    mou = Partnership.objects.get(city__slug="kumamoto-city", kind=PartnershipKind.AGREEMENT)
    assert mou.ended_on == D(2017, 1, 11) and not mou.is_active
    assert mou.replaced_by.kind == PartnershipKind.FRIENDSHIP_CITY
    assert mou.replaced_by.established_on == D(2017, 1, 11)
    active = Partnership.objects.active(D(2022, 12, 31)).filter(city__slug="kumamoto-city")
    assert [p.kind for p in active] == [PartnershipKind.FRIENDSHIP_CITY]


def test_the_dated_inbound_visits_match_the_source():
    visits = Engagement.objects.filter(kind=EngagementKind.RECEPTION, date_precision=DatePrecision.DAY)
    assert visits.count() == 5
    for visit in visits:
        assert f"{format_date(visit.start_date, DatePrecision.DAY, 'zh-hant')}，" in SOURCE
    pompeo = Engagement.objects.get(slug="2022-09-27-former-us-secretary-of-state-pompeo")
    guest = pompeo.participations.get(role=ParticipantRole.GUEST)
    assert (guest.person.name_zh_hant, guest.person.original_name, guest.title_zh_hant) == (
        "龐培歐", "Michael Pompeo", "前國務卿")
    host = pompeo.participations.get(role=ParticipantRole.HOST)
    assert (host.person.name_zh_hant, host.title_zh_hant) == ("陳其邁", "市長")
    lithuania = Engagement.objects.get(start_date=D(2022, 8, 9))
    head = lithuania.participations.get(role=ParticipantRole.HEAD)
    assert head.person.name_en == "Agnė Vaičiukevičiūtė"
    assert head.designation("zh-hant") == "立陶宛交通及通訊部愛格涅政務次長"
    assert head.designation("en") == "Agnė Vaičiukevičiūtė, Vice Minister, Ministry of Transport and Communications of Lithuania"
    assert lithuania.participations.get(role=ParticipantRole.HOST).person.name_zh_hant == "羅達生"


def test_the_two_outbound_visits_to_tokyo():
    first, second = Engagement.objects.filter(kind=EngagementKind.OUTBOUND_VISIT).order_by("start_date")
    assert (first.start_date, first.end_date) == (D(2022, 7, 24), D(2022, 7, 28))
    assert first.date_display("zh-hant") == "111年7月24日至7月28日"  # as in the source
    assert first.date_display("zh-hant") in SOURCE
    assert {b.name_zh_hant for b in first.bureaus.all()} == {"行政暨國際處", "農業局", "海洋局", "觀光局"}
    assert first.participations.get(role=ParticipantRole.HOST).person.name_zh_hant == "羅達生"
    assert "hachioji" in {c.slug for c in first.cities.all()}
    assert (second.start_date, second.end_date) == (D(2022, 12, 11), D(2022, 12, 13))
    assert second.participations.get(role=ParticipantRole.HOST).person.name_zh_hant == "陳其邁"
    met = {p.person.name_zh_hant for p in second.participations.filter(role=ParticipantRole.GUEST)}
    assert met == {"小池百合子", "古屋圭司"}


def test_video_conferences_ceremony_and_donation():
    conferences = {e.start_date: e for e in Engagement.objects.filter(
        kind=EngagementKind.VIDEO_CONFERENCE, date_precision=DatePrecision.DAY)}
    assert set(conferences) == {D(2022, 12, 20), D(2022, 11, 30)}
    assert conferences[D(2022, 12, 20)].participations.get(
        role=ParticipantRole.GUEST).person.name_en == "Ron Nirenberg"
    assert conferences[D(2022, 11, 30)].participations.get(
        role=ParticipantRole.GUEST).person.name_en == "Adrian Schrinner"
    lighting = Engagement.objects.get(kind=EngagementKind.CEREMONY)
    assert lighting.start_date == D(2022, 9, 8)
    assert [c.slug for c in lighting.cities.all()] == ["brisbane"]
    donation = Engagement.objects.get(kind=EngagementKind.DONATION)
    assert donation.date_display("zh-hant") == "111年11月"  # the source gives only the month
    assert [i.name_zh_hant for i in donation.donated_items.all()] == ["牙刷", "牙膏", "毛巾"]
    assert all(i.quantity is None for i in donation.donated_items.all())  # not stated, not invented
    assert donation.participations.get(role=ParticipantRole.GUEST).person.name_en == "Bernard Wagner"


def test_anniversary_exhibitions_dates_venues_and_items():
    san_antonio = Exhibition.objects.get(slug="san-antonio-40th-anniversary-exhibition")
    assert san_antonio.date_display("zh-hant") == "111年8月16日至8月28日"
    assert san_antonio.title_zh_hant in SOURCE
    painting = san_antonio.items.get()
    assert (painting.kind, painting.maker_en, painting.gift.counterpart_city.slug) == (
        ItemKind.PAINTING, "Richard Arredondo", "san-antonio")
    brisbane = Exhibition.objects.get(slug="brisbane-25th-anniversary-exhibition")
    assert (brisbane.start_date, brisbane.end_date, brisbane.venue) == (D(2022, 9, 5), D(2022, 9, 30), None)
    daejeon = Exhibition.objects.get(slug="daejeon-5th-anniversary-exhibition")
    assert (daejeon.start_date, daejeon.end_date) == (D(2022, 9, 16), D(2022, 10, 14))
    assert daejeon.venue.name_zh_hant == "四維行政中心"
    shown = [item.name_zh_hant for item in daejeon.items.order_by("exhibited_in__position")]
    assert len(shown) == 5
    for name in shown:
        assert name in SOURCE
    assert daejeon.items.get(kind=ItemKind.MASCOT).native_name == "꿈돌이"


def test_the_main_guests_are_the_25_of_the_source_in_order():
    period = ReportingPeriod.objects.for_half_year(HalfYear(2022, 2))
    listed = [guest.label("zh-hant") for guest in period.main_guests.select_related(
        "participation__engagement", "participation__person")]
    assert listed == source_main_guests()
    assert len(listed) == 25
    for guest in period.main_guests.all():
        guest.full_clean()  # each is a foreign participant of an engagement in the period


def test_guests_listed_without_a_date_are_known_only_to_the_half_year():
    undated = Engagement.objects.filter(date_precision=DatePrecision.HALF_YEAR)
    assert undated.count() == 16
    assert {e.start_date for e in undated} == {D(2022, 7, 1)}
    assert all(e.date_display("zh-hant") == "111年下半年" for e in undated)
    edinburgh = undated.get(participations__person__name_en="Cammy Day")
    assert edinburgh.kind == EngagementKind.VIDEO_CONFERENCE  # （視訊）in the source


def test_reported_totals_are_the_source_figures_and_computed_ones_differ():
    cases, person_times = map(int, re.search(r"計(\d+)案、(\d+)人次", SOURCE).groups())
    period = ReportingPeriod.objects.for_half_year(HalfYear(2022, 2))
    assert (period.reported_cases, period.reported_person_times) == (cases, person_times) == (22, 142)
    computed = Engagement.objects.in_period(HalfYear(2022, 2)).totals()
    # 5 receptions, 2 outbound visits, 2 video conferences and 16 guests without a date:
    assert computed["cases"] == 25
    assert computed["person_times"] == 26
    assert computed != {"cases": cases, "person_times": person_times}


def test_the_gifts_are_those_the_chapter_tells_of_with_nothing_invented():
    from gifts.models import Gift

    gifts = {gift.slug: gift for gift in Gift.objects.for_register()}
    assert len(gifts) == 8
    # "展示釜山市、貝里斯市等贈予本市之市鑰": keys given to the city, by the two cities named.
    assert "釜山市、貝里斯市等贈予本市之市鑰" in SOURCE
    for slug, city in (("key-to-the-city-of-busan", "busan"), ("key-to-belize-city", "belize-city")):
        assert (gifts[slug].direction, gifts[slug].counterpart_city.slug, gifts[slug].item.kind) == (
            "received", city, ItemKind.KEY_TO_THE_CITY)
    # "聖安東尼市政府…特別邀請當地藝術家Richard Arredondo…創作並贈予高雄之紀念畫作", shown at the exhibition.
    painting = gifts["san-antonio-world-heritage-painting"]
    assert "特別邀請當地藝術家Richard Arredondo以該市世界文化遺產為主題創作並贈予高雄之紀念畫作" in SOURCE
    assert (painting.counterpart_city.slug, painting.item.maker_en) == ("san-antonio", "Richard Arredondo")
    assert [e.slug for e in painting.item.exhibitions.all()] == ["san-antonio-40th-anniversary-exhibition"]
    # "相互介紹兩市互贈之締盟40周年紀念禮品" on the video conference of 2022-12-20: one each way.
    assert "相互介紹兩市互贈之締盟40周年紀念禮品" in SOURCE
    exchanged = [gifts["san-antonio-40th-anniversary-gift"], gifts["kaohsiung-40th-anniversary-gift-to-san-antonio"]]
    assert [(g.direction, g.engagement.start_date) for g in exchanged] == [
        ("received", D(2022, 12, 20)), ("given", D(2022, 12, 20))]
    # Brisbane's "特色紀念品": no giver named, so none recorded.
    assert "展示布里斯本市政廳掛畫、原住民藝品等特色紀念品" in SOURCE
    assert gifts["brisbane-city-hall-picture"].counterpart_city is None
    # The relief supplies: "捐贈牙刷、牙膏及毛巾等賑災物資", in 111年11月, quantities not stated.
    relief = gifts["belize-city-hurricane-relief-supplies"]
    assert "捐贈牙刷、牙膏及毛巾等賑災物資" in SOURCE
    assert [line.donated_item.name_zh_hant for line in relief.donation_lines.all()] == ["牙刷", "牙膏", "毛巾"]
    assert relief.date_display("zh-hant") == "111年11月"
    # The chapter gives no value, no date of receipt, no disposition, no custody for any of them.
    for gift in gifts.values():
        assert gift.estimated_value is None and gift.value_in_home_currency is None and gift.currency == ""
        assert gift.disposition == "" and gift.location == "" and gift.custodian == "" and gift.reported_on is None
        assert gift.given_on is None or gift is relief
        assert gift.name_zh_hant and gift.name_en


def test_everything_is_published_in_both_languages():
    for model in (City, Engagement, Exhibition, ExhibitionSeries):
        assert not model.objects.exclude(status=PublicationStatus.PUBLISHED).exists()
    for engagement in Engagement.objects.all():
        assert engagement.title_zh_hant and engagement.title_en
    for city in City.objects.all():
        assert city.name_zh_hant and city.name_en and city.search_key


def test_loading_twice_changes_nothing():
    models = record_models(include_history=True)

    # ``updated_at`` and ``version`` (core.concurrency) count saves, not facts: a second load
    # saves the records again, so forms opened before it are stale, as after any save.
    def snapshot():
        return {m._meta.label: sorted(
            tuple(sorted((k, str(v)) for k, v in row.items() if k not in ("updated_at", "version")))
            for row in m.objects.values()) for m in models}

    before = snapshot()
    load_sample_data()
    assert snapshot() == before
