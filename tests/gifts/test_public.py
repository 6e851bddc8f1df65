"""The public gallery of a partner city's gifts: published gifts only, linked to their
engagement and exhibitions, and never a value, reporting, disposition or custody field."""

import datetime
from decimal import Decimal

import pytest

from gifts.models import Gift
from tests.public_helpers import assert_accessible_structure

pytestmark = pytest.mark.django_db


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_san_antonio_gave_the_painting_and_the_anniversary_gift(client):
    html = page(client, "/zh-hant/cities/san-antonio/")
    assert_accessible_structure(html, "/zh-hant/cities/san-antonio/")
    gallery = html[html.index('id="gifts-heading"'):]
    assert "聖安東尼市世界文化遺產紀念畫作" in gallery and "聖安東尼市締盟40周年紀念禮品" in gallery
    assert "致聖安東尼市締盟40周年紀念禮品" not in gallery  # the city's own gift to San Antonio
    assert 'href="/zh-hant/exhibitions/san-antonio-40th-anniversary-exhibition/"' in gallery
    assert 'href="/zh-hant/engagements/2022-12-20-san-antonio-40th-anniversary-video-conference/"' in gallery
    assert "Richard Arredondo" in gallery


def test_values_and_custody_never_reach_the_page(client):
    painting = Gift.objects.get(slug="san-antonio-world-heritage-painting")
    painting.estimated_value, painting.currency, painting.value_in_home_currency = (
        Decimal("1234.56"), "USD", Decimal("38765.43"))
    painting.given_on = datetime.date(2022, 8, 12)
    painting.reported_on, painting.report_reference = datetime.date(2022, 8, 15), "REF-77821"
    painting.disposition, painting.disposition_note = "displayed", "DISPOSAL-NOTE-5521"
    painting.building, painting.room, painting.case, painting.custodian = (
        "BUILDING-9931", "ROOM-4410", "CASE-2231", "CUSTODIAN-8812")
    painting.save()
    for language in ("zh-hant", "en"):
        html = page(client, f"/{language}/cities/san-antonio/")
        assert ("111年8月12日" if language == "zh-hant" else "12 August 2022") in html
        for secret in ("1234", "38765", "38,765", "REF-77821", "DISPOSAL-NOTE", "BUILDING-9931", "ROOM-4410",
                       "CASE-2231", "CUSTODIAN-8812"):
            assert secret not in html, (language, secret)


def test_a_draft_gift_is_not_shown(client):
    Gift.objects.filter(slug="key-to-the-city-of-busan").update(status="draft")
    html = page(client, "/en/cities/busan/")
    assert "Key to the City of Busan" not in html[html.find("<main"):].split('id="gifts-heading"')[-1] or (
        'id="gifts-heading"' not in html)
    Gift.objects.filter(slug="key-to-the-city-of-busan").update(status="published")
    html = page(client, "/en/cities/busan/")
    gallery = html[html.index('id="gifts-heading"'):]
    assert "Key to the City of Busan" in gallery
    assert 'href="/en/exhibitions/keys-to-the-city/"' in gallery
