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


# The loans of one gift are stretches of time that do not overlap (GiftLoan.clean, checked by
# gift_lend under the gift's row lock); a return is not recorded ahead of time.

def test_a_gift_cannot_be_on_two_loans_at_once(key):
    keys = Exhibition.objects.get(slug="keys-to-the-city")
    daejeon = Exhibition.objects.get(slug="daejeon-5th-anniversary-exhibition")
    gift_lend(gift=key, exhibition=keys, lent_on=D(2022, 9, 1), returned_on=D(2022, 9, 30))
    with translation.override("zh-hant"), pytest.raises(ValidationError) as refused:
        gift_lend(gift=key, exhibition=daejeon, lent_on=D(2022, 9, 15), returned_on=D(2022, 10, 15))
    assert refused.value.message_dict == {"lent_on": [
        "此次出借與本禮品出借予「城市市鑰」（111/09/01至111/09/30）的期間重疊：同一件禮品不能同時在兩處。"]}
    # Before the earlier loan, ending inside it; and a loan starting the same day: refused too.
    for lent_on, returned_on in ((D(2022, 8, 1), D(2022, 9, 2)), (D(2022, 9, 1), D(2022, 9, 1))):
        with pytest.raises(ValidationError):
            gift_lend(gift=key, exhibition=daejeon, lent_on=lent_on, returned_on=returned_on)
    assert [(loan.lent_on, loan.returned_on) for loan in key.loans.all()] == [(D(2022, 9, 1), D(2022, 9, 30))]
    # The day it came back it may leave again; and a loan before, ending the day the other starts.
    gift_lend(gift=key, exhibition=daejeon, lent_on=D(2022, 8, 1), returned_on=D(2022, 9, 1))
    gift_lend(gift=key, exhibition=daejeon, lent_on=D(2022, 9, 30))
    assert [(loan.lent_on, loan.returned_on) for loan in key.loans.all()] == [
        (D(2022, 8, 1), D(2022, 9, 1)), (D(2022, 9, 1), D(2022, 9, 30)), (D(2022, 9, 30), None)]


def test_an_open_loan_is_named_as_running_and_a_loan_inside_an_old_one_is_refused_by_clean(key):
    from gifts.models import GiftLoan

    keys = Exhibition.objects.get(slug="keys-to-the-city")
    daejeon = Exhibition.objects.get(slug="daejeon-5th-anniversary-exhibition")
    gift_lend(gift=key, exhibition=keys, lent_on=D(2022, 10, 1))
    # A loan recorded after the fact, before the open one but running into it.
    loan = GiftLoan(gift=key, exhibition=daejeon, lent_on=D(2022, 9, 1), returned_on=D(2022, 10, 2))
    with translation.override("zh-hant"), pytest.raises(ValidationError) as refused:
        loan.full_clean()
    assert refused.value.message_dict["lent_on"] == [
        "此次出借與本禮品出借予「城市市鑰」（111/10/01起）的期間重疊：同一件禮品不能同時在兩處。"]
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        loan.full_clean()
    assert refused.value.message_dict["lent_on"] == [
        "This loan overlaps the gift's loan to Keys to the City (from 2022-10-01): a gift is in one place at a time."]
    loan.returned_on = D(2022, 10, 1)
    loan.full_clean()  # back the day the other left: no overlap


def test_a_return_is_not_recorded_ahead_of_time(key, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: D(2026, 12, 2))
    keys = Exhibition.objects.get(slug="keys-to-the-city")
    loan = gift_lend(gift=key, exhibition=keys, lent_on=D(2026, 11, 1))
    with translation.override("zh-hant"), pytest.raises(ValidationError) as refused:
        gift_return(loan=loan, returned_on=D(2026, 12, 31))
    assert refused.value.message_dict == {"returned_on": ["歸還日期不得晚於今日：115/12/31在今日（115/12/02）之後。"]}
    loan.refresh_from_db()
    assert loan.returned_on is None
    gift_return(loan=loan, returned_on=D(2026, 12, 2))  # today is fine
    # A planned loan, starting next year, may be recorded.
    planned = gift_lend(gift=key, exhibition=keys, lent_on=D(2027, 3, 1))
    assert (planned.lent_on, planned.returned_on) == (D(2027, 3, 1), None)
