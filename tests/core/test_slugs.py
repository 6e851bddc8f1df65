"""Slugs made on the server from names in any script when left empty (issue 13: the admin's
prepopulated slugs dropped every letter with a diacritic, Kōichi → kichi, and a city with only a
Chinese name could not be saved)."""

import datetime

import pytest
from django.contrib import admin
from django.urls import reverse

from cities.models import City, Country
from core.models import SluggedModel
from core.names import make_slug
from tests.admin_forms import admin_form_data
from visits.models import Engagement, Topic

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("text", "slug"), [
    ("Kōichi Hagiuda", "koichi-hagiuda"),
    ("Hachiōji", "hachioji"),
    ("Japan–Taiwan Friendship League", "japan-taiwan-friendship-league"),
    ("Łódź", "lodz"),
    ("Ærøskøbing", "aeroskobing"),
    ("Straße", "strasse"),
    ("八王子市", "ba-wang-zi-shi"),
    ("格丁尼亞", "ge-ding-ni-ya"),
    ("", ""),
])
def test_make_slug_transliterates_every_script(text, slug):
    assert make_slug(text) == slug


def test_no_admin_prepopulates_a_slug_in_the_browser():
    assert [type(a).__name__ for a in admin.site._registry.values() if getattr(a, "prepopulated_fields", None)] == []


def test_a_city_with_only_a_chinese_name_is_saved_with_a_made_slug(admin_client_zh):
    url = reverse("admin:cities_city_add")
    data = admin_form_data(admin_client_zh.get(url))
    data.update({"name_zh_hant": "八王子市", "country": str(Country.objects.get(slug="japan").pk),
                 "kind": "city", "status": "draft"})
    data.pop("name_en", None)
    # The sample data's 八王子市 is likely the same city (tests/core/test_likely_duplicates.py):
    # the clerk confirms.
    assert "save_anyway" in admin_client_zh.post(url, data).content.decode()
    data["save_anyway"] = "on"
    response = admin_client_zh.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    # "hachioji" is the sample data's 八王子市: the Mandarin reading is new.
    assert City.objects.get(slug="ba-wang-zi-shi").name_zh_hant == "八王子市"
    second = admin_client_zh.post(url, data)
    assert second.status_code == 302
    assert City.objects.filter(slug="ba-wang-zi-shi-2").exists()


def test_an_engagement_slug_is_its_date_and_english_title():
    engagement = Engagement(kind="reception", title_zh_hant="萩生田光一來訪", title_en="Visit of Kōichi Hagiuda",
                            start_date=datetime.date(2025, 9, 14))
    engagement.save()
    assert engagement.slug == "2025-09-14-visit-of-koichi-hagiuda"


def test_a_slug_typed_is_kept():
    topic = Topic(name_zh_hant="日台關係", name_en="Japan–Taiwan relations", slug="japan-taiwan")
    topic.save()
    assert topic.slug == "japan-taiwan"
    other = Topic(name_zh_hant="日台交流", name_en="Japan–Taiwan relations")
    other.save()
    assert other.slug == "japan-taiwan-relations"


def test_every_model_with_a_slug_makes_one():
    slugged = [model for model in admin.site._registry if "slug" in {f.name for f in model._meta.fields}]
    assert {model.__name__ for model in slugged} == {"Country", "City", "Bureau", "Topic", "Venue", "ExhibitionSeries",
                                                     "Exhibition", "Engagement", "Gift"}
    assert all(issubclass(model, SluggedModel) and model._meta.get_field("slug").blank for model in slugged)


def test_an_import_row_without_a_slug_gets_one():
    from core.imports import import_file
    from visits.resources import EngagementResource

    data = "slug,kind,title_zh_hant,title_en,start_date\n,reception,格丁尼亞市訪團,Gdynia delegation,114/10/1\n"
    assert import_file(EngagementResource(), data.encode(), "csv").messages() == []
    assert Engagement.objects.get(slug="2025-10-01-gdynia-delegation").title_zh_hant == "格丁尼亞市訪團"
