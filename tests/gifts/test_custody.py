"""Custody: a loan to an exhibition moves the gift and brings it back; the yearly inventory
confirms or flags each gift in custody and reports found, moved, missing. Places are the
test's (the chapter names none)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from exhibitions.models import Exhibition
from gifts.models import CheckResult, Gift, InventoryWalk
from gifts.services import gift_lend, gift_return, inventory_check, inventory_finish, inventory_report

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def key():
    gift = Gift.objects.get(slug="key-to-belize-city")
    gift.building, gift.room, gift.case = "四維行政中心", "庫房", "A櫃"
    gift.save()
    return gift


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def test_a_loan_moves_the_gift_and_brings_it_back(key, english):
    daejeon = Exhibition.objects.get(slug="daejeon-5th-anniversary-exhibition")
    loan = gift_lend(gift=key, exhibition=daejeon, lent_on=D(2022, 9, 15))
    key.refresh_from_db()
    assert key.location == "四維行政中心"  # the venue's name, in Chinese whatever the clerk's language
    assert loan.previous_location == "四維行政中心 / 庫房 / A櫃"
    assert daejeon.items.filter(pk=key.item_id).exists()  # the exhibition now lists it
    assert list(daejeon.exhibited_items.values_list("position", flat=True)) == [0, 1, 2, 3, 4, 5]
    with pytest.raises(ValidationError, match="already on loan"):
        gift_lend(gift=key, exhibition=daejeon, lent_on=D(2022, 9, 20))
    with pytest.raises(ValidationError):
        gift_return(loan=loan, returned_on=D(2022, 9, 1))  # before it went
    gift_return(loan=loan, returned_on=D(2022, 10, 17))
    key.refresh_from_db()
    assert key.location == "四維行政中心 / 庫房 / A櫃"
    with pytest.raises(ValidationError, match="already ended"):
        gift_return(loan=loan, returned_on=D(2022, 10, 18))
    assert [(h.building, h.room, h.case) for h in key.history.order_by("history_date")][-3:] == [
        ("四維行政中心", "庫房", "A櫃"), ("四維行政中心", "", ""), ("四維行政中心", "庫房", "A櫃")]


def test_the_inventory_finds_moves_and_misses(key, admin_user, english):
    walk = InventoryWalk.objects.create(year=2023)
    painting = Gift.objects.get(slug="san-antonio-world-heritage-painting")
    busan = Gift.objects.get(slug="key-to-the-city-of-busan")
    inventory_check(walk=walk, gift=key, result=CheckResult.FOUND, user=admin_user)
    inventory_check(walk=walk, gift=painting, result=CheckResult.MOVED, building="四維行政中心", room="市長室")
    inventory_check(walk=walk, gift=busan, result=CheckResult.MISSING, note="櫥窗內未見")
    with pytest.raises(ValidationError):
        inventory_check(walk=walk, gift=busan, result=CheckResult.MOVED)  # found elsewhere: where?
    given = Gift.objects.get(slug="kaohsiung-40th-anniversary-gift-to-san-antonio")
    with pytest.raises(ValidationError, match="not in the city's custody"):
        inventory_check(walk=walk, gift=given, result=CheckResult.FOUND)
    report = inventory_report(walk)
    assert [c.gift.slug for c in report.found] == ["key-to-belize-city"]
    assert [c.gift.slug for c in report.moved] == ["san-antonio-world-heritage-painting"]
    assert [c.gift.slug for c in report.missing] == ["key-to-the-city-of-busan"]
    assert {g.slug for g in report.unchecked} == {"brisbane-city-hall-picture", "brisbane-aboriginal-crafts",
                                                  "san-antonio-40th-anniversary-gift"}
    inventory_finish(walk=walk, on=D(2023, 12, 20))
    painting.refresh_from_db()
    assert painting.location == "四維行政中心 / 市長室"
    with pytest.raises(ValidationError, match="finished"):
        inventory_check(walk=walk, gift=key, result=CheckResult.MISSING)


def test_the_walk_and_report_pages(admin_client_zh, key):
    walk = InventoryWalk.objects.create(year=2023)
    url = reverse("admin:gifts_inventorywalk_walk", args=[walk.pk])
    page = admin_client_zh.get(url).content.decode()
    assert "貝里斯市市鑰" in page and "四維行政中心 / 庫房 / A櫃" in page
    response = admin_client_zh.post(url, {"gift": key.pk, "result": "found"})
    assert response.status_code == 302 and response["Location"] == f"{url}#gift-{key.pk}"
    response = admin_client_zh.post(url, {"gift": key.pk, "result": "moved"}, follow=True)
    assert "請填寫在他處找到禮品之位置。" in response.content.decode()
    assert admin_client_zh.post(url, {"gift": "x", "result": "found"}).status_code == 404
    report_url = reverse("admin:gifts_inventorywalk_report", args=[walk.pk])
    assert "原地尋獲 (1)" in admin_client_zh.get(report_url).content.decode()
    assert admin_client_zh.post(report_url).status_code == 302
    walk.refresh_from_db()
    assert walk.finished_on is not None
