"""The record-app registry (core.registry): one list of record apps, and the declared additions
through which a higher record app extends a lower one without the lower importing it."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from cities.models import City
from core import registry, visibility
from exhibitions.models import Exhibition, Item
from visits.models import Engagement

pytestmark = pytest.mark.django_db


def test_the_record_apps_are_the_four_in_layer_order():
    assert [config.label for config in registry.record_apps()] == ["cities", "visits", "exhibitions", "gifts"]


def test_the_gift_register_extends_items_and_engagements_by_declaration_only(admin_user):
    # The lower apps' own declarations are untouched: nothing assigns to their classes.
    assert Item.public_when_named_by == ("exhibited_in__exhibition", "engagement")
    assert not hasattr(type(Exhibition.objects.all()), "item_page_lookups")
    item_admin, engagement_admin = admin.site.get_model_admin(Item), admin.site.get_model_admin(Engagement)
    assert [inline.__name__ for inline in item_admin.inlines] == []
    assert "EngagementGiftInline" not in [inline.__name__ for inline in engagement_admin.inlines]
    assert item_admin.list_display == ["name", "kind", "is_gift", "given_on"]

    # What the readers see: the declarations of gifts.apps.GiftsConfig, after the lower app's own.
    assert visibility.named_by(Item) == ("exhibited_in__exhibition", "engagement", "gift")
    assert registry.added_to(Item, "page_lookups") == ("gift__counterpart_city__country__parent",)
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    assert [inline.__name__ for inline in item_admin.get_inlines(request, None)] == ["ItemGiftInline"]
    assert [inline.__name__ for inline in engagement_admin.get_inlines(request, None)][-1] == "EngagementGiftInline"
    columns = item_admin.get_list_display(request)
    assert [getattr(column, "__name__", column) for column in columns] == [
        "name", "kind", "is_gift", "given_on", "item_giver"]
    assert item_admin.get_list_select_related(request) == [
        "gift__counterpart_person", "gift__counterpart_city", "gift__counterpart_country",
        "gift__own_person", "gift__own_bureau"]
    # The partner city's page gains the register's gallery (cities.views reads the declaration).
    assert registry.added_to(City, "page_context") == ("gifts.views.city_page_context",)
    # A model nothing is added to reads its own declaration only; a misspelt key is an error.
    assert registry.added_to(Exhibition, "page_lookups") == ()
    with pytest.raises(KeyError):
        registry.added_to(Item, "page_lookup")


def test_the_exhibition_page_reads_the_declared_giver(django_assert_num_queries):
    """The page's QuerySet follows the declared lookup: the givers of the keys on the sample
    data's "keys to the city" exhibition (Busan, Belize City) read with no query per item."""
    exhibition = Exhibition.objects.public().for_page().get(slug="keys-to-the-city")
    with django_assert_num_queries(0):
        givers = {shown.item.gift.counterpart_city.slug for shown in exhibition.exhibited_items.all()
                  if getattr(shown.item, "gift", None) is not None}
    assert givers == {"busan", "belize-city"}


def declaring(adds_to: dict, label: str = "gifts") -> registry.RecordAppConfig:
    """The installed record app ``label``'s config with ``adds_to`` as given (not installed)."""
    config = apps.get_app_config(label)
    fake = type("Declaring", (type(config),), {"adds_to": adds_to})(config.name, config.module)
    fake.label = config.label
    return fake


@pytest.mark.parametrize(("adds_to", "message"), [
    ({"gifts.Gift": {"page_lookups": ("x",)}}, "not a model of a record app below gifts"),
    ({"pages.Anything": {"page_lookups": ("x",)}}, "not a model of a record app below gifts"),
    ({"exhibitions.Item": {"page_lookup": ("x",)}}, "the keys are public_when_named_by"),
    ({"exhibitions.Item": {"page_lookups": "gift"}}, "each with a tuple of strings"),
])
def test_an_addition_to_the_app_itself_a_higher_app_or_an_unknown_hook_is_refused(adds_to, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        registry.check_additions(declaring(adds_to))


def test_a_lower_app_may_not_add_to_a_higher_one():
    with pytest.raises(ImproperlyConfigured, match="below visits"):
        registry.check_additions(declaring({"exhibitions.Item": {"page_lookups": ("x",)}}, "visits"))
    with pytest.raises(LookupError):
        registry.check_additions(declaring({"exhibitions.NoSuchModel": {"page_lookups": ("x",)}}))
    registry.check_additions(apps.get_app_config("gifts"))  # the real declaration passes


def test_the_additions_are_read_once_not_per_call(monkeypatch):
    """The declarations do not change after start-up: once read, named_by and added_to walk no
    app (a public page asks for each relation it reads)."""
    assert visibility.named_by(Item) == ("exhibited_in__exhibition", "engagement", "gift")
    walks = []
    monkeypatch.setattr(registry, "record_apps", lambda: walks.append(1) or [])
    for _ in range(10):
        assert visibility.named_by(Item) == ("exhibited_in__exhibition", "engagement", "gift")
        assert registry.added_to(City, "page_context") == ("gifts.views.city_page_context",)
    assert walks == []

