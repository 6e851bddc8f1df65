"""The giver of an item is kept once, on the register: the exhibition page and the item's admin
read it through the gift (sample data: the keys Busan and Belize City gave)."""

import pytest
from django.urls import reverse

from core.models import PublicationStatus
from exhibitions.models import Item
from gifts.models import Gift

pytestmark = pytest.mark.django_db
PAGE = "/zh-hant/exhibitions/keys-to-the-city/"


def test_the_exhibition_page_names_the_giver_of_a_published_gift_only(client):
    busan = '贈送者 <a href="/zh-hant/cities/busan/">釜山市</a>'
    belize = '贈送者 <a href="/zh-hant/cities/belize-city/">貝里斯市</a>'
    html = client.get(PAGE).content.decode()
    assert busan in html and belize in html
    Gift.objects.filter(slug="key-to-the-city-of-busan").update(status=PublicationStatus.DRAFT)
    html = client.get(PAGE).content.decode()
    assert busan not in html and belize in html
    assert "釜山市市鑰" in html  # the item is still shown, without a giver


def test_the_items_admin_reads_the_giver_from_the_register(admin_client_zh):
    html = admin_client_zh.get(reverse("admin:exhibitions_item_changelist")).content.decode()
    assert '<td class="field-item_giver">釜山市</td>' in html
    key = Item.objects.get(name_en="Key to the City of Busan")
    page = admin_client_zh.get(reverse("admin:exhibitions_item_change", args=[key.pk])).content.decode()
    assert "禮品登記簿上的紀錄" in page
    assert reverse("admin:gifts_gift_change", args=[key.gift.pk]) in page
