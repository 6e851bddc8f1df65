"""Integrity rules of items: database constraints and clean()."""

import pytest
from django.db import transaction

from cities.models import City
from exhibitions.models import Item
from tests.database import refused

pytestmark = pytest.mark.django_db


def test_only_a_gift_has_a_giver():
    item = Item.objects.get(name_zh_hant="夢精靈")
    with refused(), transaction.atomic():
        Item.objects.filter(pk=item.pk).update(given_by_city=City.objects.get(slug="daejeon"))
    item.given_by_city = City.objects.get(slug="daejeon")
    item.full_clean()
    assert item.is_gift
