"""Every rule the database enforces that an admin form or inline can break is a form error, never
a 500 (issue 13: a second head, a head moved up, two people swapped or two partnerships given one
ordinal in one save were IntegrityErrors and the clerk lost the form).

:data:`VIOLATIONS` holds, for every constraint and unique field of every model an admin form or
inline edits, a POST that breaks it on a record of the source chapter and the message the clerk
reads; the first test fails when a new rule has no entry."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib import admin
from django.db import IntegrityError, models
from django.urls import reverse

from cities.models import City, Country, Partnership
from core.registry import record_app_labels
from exhibitions.models import Exhibition, ExhibitionSeries, Item, Venue
from gifts.models import Gift, InventoryWalk
from gifts.services import gift_lend
from tests.admin_forms import admin_form_data
from visits.models import Bureau, Engagement, ParticipantRole, Participation, Person, ReportingPeriod, Topic

pytestmark = pytest.mark.django_db

WAKAYAMA = "2022-11-28-wakayama-city-assembly-league"


@dataclass
class Case:
    """A POST on the change page of ``record()`` (or the add page of ``model`` when it gives
    ``None``) with ``change(data)`` applied, expected to be refused with ``message``."""

    model: type[models.Model]
    record: Callable[[], models.Model | None]
    change: Callable[[dict], None]
    message: str


def setter(**values) -> Callable[[dict], None]:
    return lambda data: data.update({key.replace("__", "-"): value for key, value in values.items()})


def row_of(data: dict, prefix: str, field: str, value) -> int:
    """The index of the inline row of ``prefix`` whose ``field`` is ``value``."""
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    return next(i for i in range(total) if str(data.get(f"{prefix}-{i}-{field}")) == str(value))


def copy_cell(prefix: str, field: str, source: int = 0, target: int = 1) -> Callable[[dict], None]:
    def change(data):
        data[f"{prefix}-{target}-{field}"] = data[f"{prefix}-{source}-{field}"]
    return change


def add_row(prefix: str, **values) -> Callable[[dict], None]:
    def change(data):
        index = int(data[f"{prefix}-TOTAL_FORMS"])
        data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
        for key, value in values.items():
            data[f"{prefix}-{index}-{key}"] = value() if callable(value) else value
    return change


def country(slug):
    return lambda: Country.objects.get(slug=slug)


def city(slug):
    return lambda: City.objects.get(slug=slug)


def engagement(slug):
    return lambda: Engagement.objects.get(slug=slug)


def exhibition(slug):
    return lambda: Exhibition.objects.get(slug=slug)


def partnership(city_slug, kind):
    return lambda: Partnership.objects.get(city__slug=city_slug, kind=kind)


def gift(slug):
    return lambda: Gift.objects.get(slug=slug)


def gift_on_loan():
    gift_ = Gift.objects.get(slug="key-to-belize-city")
    gift_lend(gift=gift_, exhibition=Exhibition.objects.get(slug="city-mascots"), lent_on=datetime.date(2022, 10, 1))
    return gift_


def second_inventory():
    InventoryWalk.objects.create(year=2023)
    return InventoryWalk.objects.create(year=2024)


def other_pk(model, **lookup):
    return lambda: model.objects.get(**lookup).pk


def set_parent_to_itself(data):
    data["parent"] = str(Country.objects.get(slug="japan").pk)


def successor_of_its_own(data):
    data["replaced_by"] = str(Partnership.objects.get(city__slug="kumamoto-city", kind="friendship_city").pk)
    data["ended_on"] = "2020-01-01"


def successor_taken(data):
    # Kumamoto Prefecture's agreement, upgraded to its friendship, said to be upgraded to
    # Kumamoto City's friendship, which already replaces Kumamoto City's agreement.
    data["replaced_by"] = str(Partnership.objects.get(city__slug="kumamoto-city", kind="friendship_city").pk)


def both_ordinals(value):
    def change(data):
        data["partnerships-0-ordinal"] = data["partnerships-1-ordinal"] = value
    return change


DUPLICATE = "包含 {field} 的 {model} 已經存在。"  # Django's own message

VIOLATIONS: dict[str, list[Case]] = {
    # cities
    "cities.Country.slug": [Case(Country, country("japan"), setter(slug="united-states"),
                                 DUPLICATE.format(field="網址代稱", model="國家或地區"))],
    "cities_country_iso_code_unique": [Case(Country, country("japan"), setter(iso_code="US"),
                                            "已有其他國家使用此 ISO 代碼。")],
    "cities_country_iso_code_format": [Case(Country, country("japan"), setter(iso_code="j1"),
                                            "ISO 代碼須為兩個大寫英文字母，例如 TW 或 US。")],
    "cities_country_not_own_parent": [Case(Country, country("japan"), set_parent_to_itself,
                                           "國家不得隸屬於其本身。")],
    "cities.City.slug": [Case(City, city("busan"), setter(slug="daegu"),
                              DUPLICATE.format(field="網址代稱", model="城市或地方政府"))],
    "cities_city_latitude_range": [Case(City, city("busan"), setter(latitude="91", longitude="0"),
                                        "緯度須介於 -90 至 90 度之間。")],
    "cities_city_longitude_range": [Case(City, city("busan"), setter(latitude="0", longitude="181"),
                                         "經度須介於 -180 至 180 度之間。")],
    "cities_city_coordinates_paired": [Case(City, city("busan"), setter(latitude="35.1", longitude=""),
                                            "緯度及經度須同時填寫或同時留空。")],
    "cities_partnership_one_per_kind": [
        # Two rows of one city made the same kind in one save.
        Case(City, city("kumamoto-city"), copy_cell("partnerships", "kind", 1, 0),
             "此城市已有同類別之締盟關係。")],
    "cities_partnership_ordinal_unique": [
        Case(City, city("kumamoto-city"), both_ordinals("90"), "此締盟序號已由其他締盟關係使用。"),
        Case(City, city("daegu"), setter(partnerships__0__ordinal="22"),  # Belize City's
             "此締盟序號已由其他締盟關係使用。")],
    "cities_partnership_ordinal_positive": [Case(City, city("daegu"), setter(partnerships__0__ordinal="0"),
                                                 "締盟序號自 1 起算。")],
    "cities_partnership_end_not_before_start": [
        Case(City, city("daegu"), setter(partnerships__0__ended_on="2018-01-01"),
             "締盟關係之終止日期（107/01/01）不得早於締盟日期（107/09/13）。")],
    "cities_partnership_not_own_successor": [
        Case(Partnership, partnership("kumamoto-city", "friendship_city"), successor_of_its_own,
             "締盟關係不得由其本身取代。")],
    "cities.Partnership.replaced_by": [
        Case(Partnership, partnership("kumamoto-prefecture", "agreement"), successor_taken,
             DUPLICATE.format(field="後續締盟關係", model="締盟關係"))],
    # visits
    "visits.Bureau.slug": [Case(Bureau, lambda: Bureau.objects.get(slug="marine"), setter(slug="tourism"),
                                DUPLICATE.format(field="網址代稱", model="局處"))],
    "visits.Topic.slug": [Case(Topic, lambda: Topic.objects.get(slug="culture"), setter(slug="cptpp"),
                               DUPLICATE.format(field="網址代稱", model="議題"))],
    "visits.Engagement.slug": [Case(Engagement, engagement(WAKAYAMA),
                                    setter(slug="2022-12-01-saint-lucia-prime-minister"),
                                    DUPLICATE.format(field="網址代稱", model="交流活動"))],
    "visits_engagement_end_not_before_start": [
        Case(Engagement, engagement(WAKAYAMA), setter(end_date="2022-11-01"),
             "結束日期（111/11/01）早於開始日期（111/11/28）。")],
    "visits_engagement_headcount_not_negative": [Case(Engagement, engagement(WAKAYAMA), setter(headcount="-1"),
                                                      "請確認此數值是否大於或等於 0。")],
    "visits_engagementcity_unique": [Case(Engagement, engagement(WAKAYAMA),
                                          add_row("engagementcity_set", city=other_pk(City, slug="wakayama")),
                                          "此城市已列於本交流活動。")],
    "visits_participation_once_per_engagement": [
        Case(Engagement, engagement(WAKAYAMA), copy_cell("participations", "person", 0, 1),
             "此人員已列於本交流活動。"),
        # The same rule from the person's page: one engagement listed twice.
        Case(Person, lambda: Person.objects.get(name_en="Fujio Endo"),
             add_row("participations", engagement=other_pk(Engagement, slug=WAKAYAMA), role="member"),
             "此人員已列於本交流活動。")],
    "visits_donateditem_quantity_not_negative": [
        Case(Engagement, engagement("2022-11-belize-city-hurricane-relief"),
             setter(donated_items__0__quantity="-5"), "請確認此數值是否大於或等於 0。")],
    "visits_reportingperiod_unique": [Case(ReportingPeriod, lambda: None, setter(year="2022", half="2"),
                                           "此半年期間已存在。")],
    "visits_reportingperiod_half_1_or_2": [Case(ReportingPeriod, lambda: None, setter(year="2023", half="3"),
                                                "請選擇有效的選項, 3 不是一個可用的選項。")],
    "visits_reportingperiod_year_range": [Case(ReportingPeriod, lambda: None, setter(year="1800", half="1"),
                                               "年份（西元）須介於 1900 至 2999 之間。")],
    "visits_mainguest_once_per_period": [Case(ReportingPeriod, lambda: ReportingPeriod.objects.get(),
                                              copy_cell("main_guests", "participation", 0, 1),
                                              "此外賓已列入名單。")],
    # exhibitions
    "exhibitions.Venue.slug": [Case(Venue, lambda: Venue.objects.get(slug="siwei-administration-center"),
                                    setter(slug="kaohsiung-main-public-library"),
                                    DUPLICATE.format(field="網址代稱", model="展場"))],
    "exhibitions.ExhibitionSeries.slug": [
        Case(ExhibitionSeries, lambda: None,
             setter(title_zh_hant="另一系列", slug="partner-city-themed-exhibitions", start_date="2023-01-01",
                    date_precision="day"),
             DUPLICATE.format(field="網址代稱", model="系列展"))],
    "exhibitions_exhibitionseries_end_not_before_start": [
        # The series is known to the month (shown as 110/01), so its end is typed to the month.
        Case(ExhibitionSeries, lambda: ExhibitionSeries.objects.get(), setter(end_date="109/12"),
             "結束日期（109/12）早於開始日期（110/01）。")],
    "exhibitions.Exhibition.slug": [Case(Exhibition, exhibition("city-mascots"), setter(slug="keys-to-the-city"),
                                         DUPLICATE.format(field="網址代稱", model="展覽"))],
    "exhibitions_exhibition_end_not_before_start": [
        Case(Exhibition, exhibition("daejeon-5th-anniversary-exhibition"), setter(end_date="2022-09-01"),
             "結束日期（111/09/01）早於開始日期（111/09/16）。")],
    "exhibitions_exhibitioncity_unique": [Case(Exhibition, exhibition("keys-to-the-city"),
                                               copy_cell("exhibitioncity_set", "city", 0, 1),
                                               "此城市已列為本展覽之展出城市。")],
    "exhibitions_exhibiteditem_unique": [Case(Exhibition, exhibition("daejeon-5th-anniversary-exhibition"),
                                              copy_cell("exhibited_items", "item", 0, 1), "此物品已列為展品。")],
    # gifts
    "gifts.Gift.slug": [Case(Gift, gift("key-to-belize-city"), setter(slug="key-to-the-city-of-busan"),
                             DUPLICATE.format(field="網址代稱", model="禮品"))],
    "gifts.Gift.item": [Case(Gift, gift("brisbane-aboriginal-crafts"),
                             lambda data: data.update(item=str(Item.objects.get(name_en="Picture of Brisbane City Hall").pk)),
                             DUPLICATE.format(field="物品", model="禮品"))],
    "gifts_gift_values_not_negative": [Case(Gift, gift("key-to-belize-city"),
                                            setter(estimated_value="-5", currency="USD"), "價值不得為負數。")],
    "gifts_gift_currency_with_value": [Case(Gift, gift("key-to-belize-city"), setter(estimated_value="100"),
                                            "估計價值須填幣別，填幣別須填估計價值。")],
    "gifts_gift_reporting_only_received": [
        Case(Gift, gift("kaohsiung-40th-anniversary-gift-to-san-antonio"), setter(reported_on="2022-12-21"),
             "僅本府受贈之禮品須陳報及決定處理方式。")],
    "gifts_gift_disposition_date_needs_disposition": [
        Case(Gift, gift("key-to-belize-city"), setter(disposition_on="2022-12-21"), "請選擇該日決定之處理方式。")],
    "gifts_gift_reported_not_before_received": [
        Case(Gift, gift("san-antonio-40th-anniversary-gift"),
             setter(given_on="2022-12-20", reported_on="2022-12-19"), "此日期早於受贈日期（111/12/20）。")],
    "gifts.GiftDonatedItem.donated_item": [
        Case(Gift, gift("belize-city-hurricane-relief-supplies"), copy_cell("donation_lines", "donated_item", 0, 1),
             DUPLICATE.format(field="捐贈物資", model="捐贈品項"))],
    "gifts_giftloan_returned_not_before_lent": [
        Case(Gift, gift_on_loan, setter(loans__0__returned_on="2022-09-30"), "歸還日期不得早於出借日期。")],
    "gifts_giftloan_one_open_loan": [
        Case(Gift, gift_on_loan,
             add_row("loans", exhibition=other_pk(Exhibition, slug="keys-to-the-city"), lent_on="2022-10-02"),
             "此禮品出借中，請先登錄歸還。")],
    "gifts.InventoryWalk.year": [Case(InventoryWalk, second_inventory, setter(year="2023"),
                                      DUPLICATE.format(field="年", model="盤點"))],
    "gifts_inventorywalk_year_range": [Case(InventoryWalk, lambda: None, setter(year="1800", started_on="2022-12-01"),
                                            "年份（西元）須介於 1900 至 2999 之間。")],
}

# Rules a form cannot break because the model's clean() repairs the input (a date received makes the
# item a gift): the POST saves, and the stored record keeps the rule.
REPAIRED = {"exhibitions_item_date_received_only_for_gifts"}


def edited_models() -> set[type[models.Model]]:
    """Every model a registered admin of a record app edits, in its form or an inline."""
    found = set()
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label in record_app_labels():
            found.add(model)
            found.update(inline.model for inline in model_admin.get_inlines(None, None))
    return found


def rules(model: type[models.Model]) -> set[str]:
    names = {constraint.name for constraint in model._meta.constraints}
    names |= {f"{model._meta.label}.{field.name}" for field in model._meta.concrete_fields
              if field.unique and not field.primary_key and field.editable}
    return names


def errors_shown(page: str) -> list[str]:
    """The texts of the error lists of an admin page."""
    import re

    return re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', page, re.S)


def test_every_constraint_an_admin_form_can_break_has_a_case():
    expected = set().union(*(rules(model) for model in edited_models()))
    assert expected == set(VIOLATIONS) | REPAIRED


def snapshot(model: type[models.Model]) -> list:
    related = [model, *(inline.model for inline in admin.site._registry[model].get_inlines(None, None))]
    return [list(m._default_manager.order_by("pk").values()) for m in related]


CASES = [pytest.param(case, id=f"{name}-{index}") for name, cases in VIOLATIONS.items()
         for index, case in enumerate(cases)]


@pytest.mark.parametrize("case", CASES)
def test_each_violation_is_a_form_error_and_changes_nothing(admin_client_zh, case):
    opts = case.model._meta
    record = case.record()
    if record is None:
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
    else:
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])
    data = admin_form_data(admin_client_zh.get(url))
    case.change(data)
    before = snapshot(case.model)
    response = admin_client_zh.post(url, data)
    assert response.status_code == 200, f"saved: {response}"
    page = response.content.decode()
    assert case.message in page, errors_shown(page)
    assert snapshot(case.model) == before


def test_a_date_received_makes_an_item_a_gift(admin_client_zh):
    item = Item.objects.get(name_zh_hant="布里斯本市政廳掛畫")
    url = reverse("admin:exhibitions_item_change", args=[item.pk])
    data = admin_form_data(admin_client_zh.get(url))
    data.pop("is_gift", None)
    data["given_on"] = "111/9/5"
    assert admin_client_zh.post(url, data).status_code == 302, admin_client_zh.post(url, data).content[:3000]
    item.refresh_from_db()
    assert item.is_gift and item.given_on == datetime.date(2022, 9, 5)


# Across the rows of one save: what used to be an IntegrityError.

def wakayama_page(client):
    visit = Engagement.objects.get(slug=WAKAYAMA)
    url = reverse("admin:visits_engagement_change", args=[visit.pk])
    return visit, url, admin_form_data(client.get(url))


def people_by_position(visit):
    return [(str(p.person.name), p.role) for p in visit.participations.order_by("position", "pk")]


def test_a_co_led_delegation_saves_and_lists_both_heads(admin_client_zh):
    visit, url, data = wakayama_page(admin_client_zh)
    data[f"participations-{row_of(data, 'participations', 'role', 'member')}-role"] = ParticipantRole.HEAD
    assert admin_client_zh.post(url, data).status_code == 302
    assert people_by_position(visit) == [("遠藤富士雄", "head"), ("井上直樹", "head"), ("陳其邁", "host")]
    listing = admin_client_zh.get(reverse("admin:visits_engagement_changelist") + "?q=和歌山")
    assert "遠藤富士雄、井上直樹" in listing.content.decode()


def test_moving_the_head_to_another_row_in_one_save(admin_client_zh):
    visit, url, data = wakayama_page(admin_client_zh)
    data["participations-0-role"], data["participations-1-role"] = "member", "head"
    assert admin_client_zh.post(url, data).status_code == 302
    assert people_by_position(visit) == [("遠藤富士雄", "member"), ("井上直樹", "head"), ("陳其邁", "host")]


def test_swapping_two_rows_people_is_a_form_error_not_a_500(admin_client_zh):
    visit, url, data = wakayama_page(admin_client_zh)
    data["participations-0-person"], data["participations-1-person"] = (
        data["participations-1-person"], data["participations-0-person"])
    before = people_by_position(visit)
    response = admin_client_zh.post(url, data)
    assert response.status_code == 200
    assert "第 1、2 列互換了須唯一的值" in response.content.decode()
    assert people_by_position(visit) == before


def test_deleting_a_row_and_choosing_its_person_in_another_saves(admin_client_zh):
    visit, url, data = wakayama_page(admin_client_zh)
    inoue = data["participations-1-person"]
    data["participations-1-DELETE"] = "on"
    add_row("participations", person=inoue, role="member", position="3")(data)
    assert admin_client_zh.post(url, data).status_code == 302
    assert sorted(people_by_position(visit)) == sorted([("遠藤富士雄", "head"), ("井上直樹", "member"),
                                                        ("陳其邁", "host")])


def test_a_row_taking_the_person_another_row_gives_up_saves(admin_client_zh):
    # Row 0 (遠藤) becomes 林 (a known person not in the visit) and row 1 (井上) becomes 遠藤:
    # saved in the order shown, row 1 would take 遠藤 while row 0 still holds him.
    visit, url, data = wakayama_page(admin_client_zh)
    newcomer = Person.objects.exclude(participations__engagement=visit).filter(is_city_official=False).first()
    data["participations-1-person"] = data["participations-0-person"]
    data["participations-0-person"] = str(newcomer.pk)
    assert admin_client_zh.post(url, data).status_code == 302
    assert [name for name, _role in people_by_position(visit)] == [str(newcomer.name), "遠藤富士雄", "陳其邁"]


def test_a_constraint_nobody_foresaw_re_renders_the_form_with_what_was_typed(admin_client_zh, monkeypatch):
    visit, url, data = wakayama_page(admin_client_zh)
    data["title_zh_hant"] = "和歌山市議會日台友好議員聯盟（改）"

    def refuse(self, *args, **kwargs):
        raise IntegrityError('duplicate key value violates unique constraint "visits_engagementcity_unique"')

    monkeypatch.setattr(Participation, "save", refuse)
    data["participations-0-title_zh_hant"] = "會長（改）"
    response = admin_client_zh.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "此城市已列於本交流活動。" in page
    assert "和歌山市議會日台友好議員聯盟（改）" in page
    visit.refresh_from_db()
    assert visit.title_zh_hant != "和歌山市議會日台友好議員聯盟（改）"
