"""The gift list's actions "lend to an exhibition" and "return from loan": an intermediate
page to choose the exhibition and dates, the gifts that cannot go named with the reason (in
zh-hant), every change in the gift's history and on its admin page. Gifts from the sample data
(the keys from Busan and Belize City, the San Antonio painting, the anniversary gift the city
gave San Antonio); their places of custody are the test's."""

import datetime
import re

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.urls import reverse

from exhibitions.models import Exhibition
from gifts.models import Disposition, Gift, GiftLoan
from gifts.services import gift_lend
from tests.admin_forms import admin_form_data

pytestmark = pytest.mark.django_db
D = datetime.date
LIST = reverse("admin:gifts_gift_changelist")


@pytest.fixture
def gifts():
    chosen = {slug: Gift.objects.get(slug=slug) for slug in (
        "key-to-the-city-of-busan", "key-to-belize-city", "san-antonio-world-heritage-painting",
        "kaohsiung-40th-anniversary-gift-to-san-antonio")}
    for gift in chosen.values():
        gift.building, gift.room, gift.case = "四維行政中心", "庫房", "A櫃"
        gift.save()
    return chosen


def _post(client, action, gifts, **data):
    return client.post(LIST, {"action": action, "_selected_action": [g.pk for g in gifts], **data},
                       follow="apply" in data)


def _messages(response):
    return [str(message) for message in response.context["messages"]]


def test_lending_asks_for_the_exhibition_and_names_the_gifts_that_cannot_go(admin_client_zh, gifts, admin_user):
    painting = gifts["san-antonio-world-heritage-painting"]
    painting.disposition = Disposition.RETURNED
    painting.save()
    exhibition = Exhibition.objects.get(slug="keys-to-the-city")
    chosen = list(gifts.values())

    page = _post(admin_client_zh, "lend_to_exhibition", chosen)
    assert page.status_code == 200
    html = page.content.decode()
    assert "無法辦理：已非本府保管（退還）" in html
    assert "無法辦理：此為本府致贈之禮品，非本府保管" in html
    assert not GiftLoan.objects.exists()  # nothing happens before the confirmation

    done = _post(admin_client_zh, "lend_to_exhibition", chosen, apply="1", exhibition=exhibition.pk,
                 lent_on="111/05/01")
    assert done.status_code == 200 and done.redirect_chain[-1][0] == LIST
    assert _messages(done) == [
        "下列禮品未變更：聖安東尼市世界文化遺產紀念畫作（已非本府保管（退還））、"
        "致聖安東尼市締盟40周年紀念禮品（此為本府致贈之禮品，非本府保管）。",
        "已將2件禮品出借予「城市市鑰」。",
    ]
    busan = Gift.objects.get(slug="key-to-the-city-of-busan")
    assert [(loan.exhibition.slug, loan.lent_on, loan.returned_on, loan.previous_location)
            for loan in busan.loans.all()] == [("keys-to-the-city", D(2022, 5, 1), None, "四維行政中心 / 庫房 / A櫃")]
    assert busan.location == "四維行政中心中庭櫥窗"  # the venue of the exhibition
    assert not painting.loans.exists()
    latest = busan.history.latest()
    assert (latest.history_user, latest.history_change_reason, latest.building) == (
        admin_user, "自111/05/01起出借予「城市市鑰」", "四維行政中心中庭櫥窗")
    logged = LogEntry.objects.get(object_id=str(busan.pk), content_type__model="gift")
    assert logged.get_change_message() == "自111/05/01起出借予「城市市鑰」。"

    # Chosen again, both keys are on loan now: named, not lent twice.
    again = _post(admin_client_zh, "lend_to_exhibition", [busan], apply="1", exhibition=exhibition.pk,
                  lent_on="111/06/01")
    assert _messages(again) == ["沒有禮品可出借予「城市市鑰」：釜山市市鑰（已出借中，請先登錄歸還）。"]
    assert busan.loans.count() == 1


def test_a_loan_already_over_is_recorded_with_both_dates(admin_client_zh, gifts):
    key = gifts["key-to-belize-city"]
    exhibition = Exhibition.objects.get(slug="keys-to-the-city")
    refused = _post(admin_client_zh, "lend_to_exhibition", [key], apply="1", exhibition=exhibition.pk,
                    lent_on="111/05/01", returned_on="111/04/30")
    assert "歸還日期不得早於出借日期。" in refused.content.decode()
    assert not key.loans.exists()
    _post(admin_client_zh, "lend_to_exhibition", [key], apply="1", exhibition=exhibition.pk,
          lent_on="111/05/01", returned_on="111/12/31")
    key.refresh_from_db()
    assert [(loan.lent_on, loan.returned_on) for loan in key.loans.all()] == [(D(2022, 5, 1), D(2022, 12, 31))]
    assert key.location == "四維行政中心 / 庫房 / A櫃"
    assert [h.history_change_reason for h in key.history.order_by("history_date")][-2:] == [
        "自111/05/01起出借予「城市市鑰」", "111/12/31自「城市市鑰」歸還"]


def test_returning_brings_the_gifts_back_and_names_those_not_on_loan(admin_client_zh, gifts, admin_user):
    exhibition = Exhibition.objects.get(slug="keys-to-the-city")
    busan, belize = gifts["key-to-the-city-of-busan"], gifts["key-to-belize-city"]
    gift_lend(gift=busan, exhibition=exhibition, lent_on=D(2022, 5, 1))
    page = _post(admin_client_zh, "return_from_loan", [busan, belize])
    assert "無法辦理：並未出借" in page.content.decode()
    done = _post(admin_client_zh, "return_from_loan", [busan, belize], apply="1", returned_on="111/10/31")
    assert _messages(done) == ["下列禮品未變更：貝里斯市市鑰（並未出借）。", "已登錄1件禮品出借歸還。"]
    busan.refresh_from_db()
    assert busan.location == "四維行政中心 / 庫房 / A櫃"
    assert busan.loans.get().returned_on == D(2022, 10, 31)
    latest = busan.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (admin_user, "111/10/31自「城市市鑰」歸還")
    assert LogEntry.objects.get(object_id=str(busan.pk)).get_change_message() == "111/10/31自「城市市鑰」歸還。"
    # A return before the loan is refused by the loan's own rule, and named.
    gift_lend(gift=belize, exhibition=exhibition, lent_on=D(2022, 5, 1))
    early = _post(admin_client_zh, "return_from_loan", [belize], apply="1", returned_on="111/04/01")
    assert _messages(early) == ["沒有禮品可登錄出借歸還：貝里斯市市鑰（歸還日期不得早於出借日期）。"]
    assert belize.loans.get().returned_on is None


def test_staff_who_may_only_read_the_register_are_not_offered_the_actions(client, django_user_model, gifts):
    user = django_user_model.objects.create_user("reader", password="x", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_gift"))
    client.force_login(user)
    html = client.get(LIST).content.decode()
    assert "lend_to_exhibition" not in html and "return_from_loan" not in html
    exhibition = Exhibition.objects.get(slug="keys-to-the-city")
    client.post(LIST, {"action": "lend_to_exhibition", "_selected_action": [gifts["key-to-belize-city"].pk],
                       "apply": "1", "exhibition": exhibition.pk, "lent_on": "111/05/01"})
    assert not GiftLoan.objects.exists()


def test_lending_over_an_earlier_loan_is_refused_naming_it(admin_client_zh, gifts):
    """The trial's case: lent to one exhibition 111/09/01-111/09/30, then to another
    111/09/15-111/10/15."""
    busan, belize = gifts["key-to-the-city-of-busan"], gifts["key-to-belize-city"]
    keys = Exhibition.objects.get(slug="keys-to-the-city")
    daejeon = Exhibition.objects.get(slug="daejeon-5th-anniversary-exhibition")
    gift_lend(gift=busan, exhibition=keys, lent_on=D(2022, 9, 1), returned_on=D(2022, 9, 30))
    done = _post(admin_client_zh, "lend_to_exhibition", [busan, belize], apply="1", exhibition=daejeon.pk,
                 lent_on="111/09/15", returned_on="111/10/15")
    assert _messages(done) == [
        "下列禮品未變更：釜山市市鑰（此次出借與本禮品出借予「城市市鑰」（111/09/01至111/09/30）的期間重疊："
        "同一件禮品不能同時在兩處）。",
        f"已將1件禮品出借予「{daejeon}」。",
    ]
    assert [(loan.exhibition.slug, loan.lent_on, loan.returned_on) for loan in busan.loans.all()] == [
        ("keys-to-the-city", D(2022, 9, 1), D(2022, 9, 30))]
    assert [(loan.lent_on, loan.returned_on) for loan in belize.loans.all()] == [(D(2022, 9, 15), D(2022, 10, 15))]
    # Nothing could be done: said so, with no count of 0.
    none = _post(admin_client_zh, "lend_to_exhibition", [busan], apply="1", exhibition=daejeon.pk,
                 lent_on="111/09/29")
    assert _messages(none) == [
        f"沒有禮品可出借予「{daejeon}」：釜山市市鑰（此次出借與本禮品出借予「城市市鑰」（111/09/01至111/09/30）"
        "的期間重疊：同一件禮品不能同時在兩處）。"]
    assert all("。）" not in message and "0件" not in message for message in _messages(none))


def test_the_loan_table_on_the_gift_page_refuses_an_overlap(admin_client_zh, gifts):
    busan = gifts["key-to-the-city-of-busan"]
    keys = Exhibition.objects.get(slug="keys-to-the-city")
    daejeon = Exhibition.objects.get(slug="daejeon-5th-anniversary-exhibition")
    gift_lend(gift=busan, exhibition=keys, lent_on=D(2022, 9, 1), returned_on=D(2022, 9, 30))
    url = reverse("admin:gifts_gift_change", args=[busan.pk])
    data = admin_form_data(admin_client_zh.get(url))
    data.update({"loans-TOTAL_FORMS": "2", "loans-1-gift": str(busan.pk), "loans-1-exhibition": str(daejeon.pk),
                 "loans-1-lent_on": "111/09/15", "loans-1-returned_on": "111/10/15"})
    response = admin_client_zh.post(url, data)
    assert response.status_code == 200
    assert ("此次出借與本禮品出借予「城市市鑰」（111/09/01至111/09/30）的期間重疊：同一件禮品不能同時在兩處。"
            in response.content.decode())
    assert busan.loans.count() == 1


def test_the_action_page_loads_the_date_widget_as_the_change_form_does(admin_client_zh, gifts):
    html = _post(admin_client_zh, "lend_to_exhibition", [gifts["key-to-belize-city"]]).content.decode()
    # forms.css imports widgets.css, which sizes the calendar icon.
    assert '<link rel="stylesheet" href="/static/admin/css/forms.css">' in html
    for script in (reverse("admin:jsi18n"), "/static/admin/js/core.js", "/static/admin/js/calendar.js",
                   "/static/admin/js/admin/DateTimeShortcuts.js", "/static/core/js/roc-calendar.js"):
        assert f'<script src="{script}"></script>' in html, script
    # The site's Content Security Policy allows no inline script.
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
