"""The register in the admin: a gift followed from its engagement to its exhibitions, the lists
of gifts overdue for reporting and without a disposition, and who changed a disposition."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from gifts.models import Gift
from tests.admin_forms import admin_form_data
from visits.models import Engagement

pytestmark = pytest.mark.django_db


def listed(client, query: str) -> list[str]:
    page = client.get(reverse("admin:gifts_gift_changelist") + query).content.decode()
    return re.findall(r'<th class="field-name"><a href="[^"]+">([^<]+)</a>', page)


def test_the_list_filters_overdue_and_without_disposition(admin_client_zh, today_2022_12_15):
    key = Gift.objects.get(slug="key-to-the-city-of-busan")
    key.given_on, key.estimated_value, key.currency, key.value_in_home_currency = (
        datetime.date(2022, 12, 9), Decimal("150"), "USD", Decimal("4600"))
    key.save()
    assert listed(admin_client_zh, "?reporting=overdue") == ["釜山市市鑰"]  # due 2022-12-14
    assert listed(admin_client_zh, "?reporting=to_report") == ["釜山市市鑰"]
    assert sorted(listed(admin_client_zh, "?reporting=without_disposition")) == sorted([
        "釜山市市鑰", "貝里斯市市鑰", "聖安東尼市世界文化遺產紀念畫作", "布里斯本市政廳掛畫", "原住民藝品",
        "聖安東尼市締盟40周年紀念禮品"])
    page = admin_client_zh.get(reverse("admin:gifts_gift_changelist")).content.decode()
    assert "逾期" in page and "價值未估定" in page


def test_a_gift_is_followed_from_the_engagement_to_its_exhibitions(admin_client_zh):
    video_conference = Engagement.objects.get(slug="2022-12-20-san-antonio-40th-anniversary-video-conference")
    page = admin_client_zh.get(reverse("admin:visits_engagement_change", args=[video_conference.pk])).content.decode()
    assert "受贈及致贈禮品" in page
    for gift in video_conference.gifts.all():
        assert reverse("admin:gifts_gift_change", args=[gift.pk]) in page

    painting = Gift.objects.get(slug="san-antonio-world-heritage-painting")
    page = admin_client_zh.get(reverse("admin:gifts_gift_change", args=[painting.pk])).content.decode()
    exhibition = painting.item.exhibitions.get()
    assert reverse("admin:exhibitions_exhibition_change", args=[exhibition.pk]) in page
    assert "111/08/16至111/08/28 高雄市與美國德克薩斯州聖安東尼市姊妹市締盟40周年紀念展" in page


def test_a_disposition_entered_in_the_admin_is_in_the_history_with_who(admin_client_zh, admin_user):
    painting = Gift.objects.get(slug="san-antonio-world-heritage-painting")
    url = reverse("admin:gifts_gift_change", args=[painting.pk])
    data = admin_form_data(admin_client_zh.get(url))
    data.update(disposition="displayed", disposition_on="111/8/16", building="四維行政中心", room="中庭")
    response = admin_client_zh.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    painting.refresh_from_db()
    assert (painting.disposition, painting.disposition_on, painting.location) == (
        "displayed", datetime.date(2022, 8, 16), "四維行政中心 / 中庭")
    latest = painting.history.latest()
    assert (latest.disposition, latest.history_user) == ("displayed", admin_user)
    history = admin_client_zh.get(reverse("admin:gifts_gift_history", args=[painting.pk])).content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", history)).replace("&nbsp;", " ")
    assert re.search(r"處理方式: （空白） +&rarr; +展示", text)  # the choice's label, not "displayed"
    assert re.search(r"處理決定日期: （空白） +&rarr; +111/08/16", text)  # as the form writes it


def test_the_items_of_a_donation_are_on_the_gifts_page(admin_client_zh):
    relief = Gift.objects.get(slug="belize-city-hurricane-relief-supplies")
    page = admin_client_zh.get(reverse("admin:gifts_gift_change", args=[relief.pk])).content.decode()
    assert page.count('name="donation_lines-') > 3
    assert "牙刷" in page and "毛巾" in page
