"""Integrity rules of items: database constraints and clean()."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from cities.models import City
from exhibitions.models import Item

pytestmark = pytest.mark.django_db
D = datetime.date


def refused(**kwargs):
    """Context: the statement inside must be refused by the database."""
    return pytest.raises(IntegrityError, **kwargs)


def test_only_a_gift_has_a_giver():
    item = Item.objects.get(name_zh_hant="夢精靈")
    with refused(), transaction.atomic():
        Item.objects.filter(pk=item.pk).update(given_by_city=City.objects.get(slug="daejeon"))
    item.given_by_city = City.objects.get(slug="daejeon")
    item.full_clean()
    assert item.is_gift
