"""Integrity rules of items: database constraints and clean()."""

import datetime

import pytest
from django.db import transaction

from exhibitions.models import Item
from tests.database import refused

pytestmark = pytest.mark.django_db


def test_only_a_gift_has_a_date_received():
    item = Item.objects.get(name_zh_hant="夢精靈")
    with refused(), transaction.atomic():
        Item.objects.filter(pk=item.pk).update(given_on=datetime.date(2022, 9, 16))
    item.given_on = datetime.date(2022, 9, 16)
    item.full_clean()
    assert item.is_gift
