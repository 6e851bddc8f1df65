"""A record entered twice is caught before it is saved (issue 13: a second city 格丁尼亞市 beside
Gdynia in Poland saved without a word): likely the same when of the same country (and, for a
city, the same kind) with a name equal in either language once folded (case, spaces, diacritics,
the endings 市 / 縣 / City / County); staff confirm with "Save anyway"."""

import pytest
from django.urls import reverse

from cities.models import City, Country
from tests import factories
from tests.admin_forms import admin_form_data
from visits.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def gdynia():
    poland = Country.objects.filter(iso_code="PL").first() or factories.country("poland", "波蘭", "Poland", "PL")
    return factories.city("gdynia", "", "Gdynia", country=poland)


def test_no_record_of_the_sample_data_is_taken_for_another():
    # 熊本縣 and 熊本市 (a prefecture and its capital) are two records, as are all the others.
    assert [city.slug for city in City.objects.all() if city.likely_duplicates()] == []
    assert [person.pk for person in Person.objects.all() if person.likely_duplicates()] == []


@pytest.mark.parametrize("name_zh_hant, name_en, expected", [
    ("格丁尼亞市", "", []),                 # no name in common: the Chinese name is new
    ("", "Gdynia", ["gdynia"]),
    ("", "  GDYNIA ", ["gdynia"]),         # case and spaces
    ("", "Gdynia City", ["gdynia"]),       # the ending
    ("", "Gdańsk", []),
])
def test_a_city_is_likely_one_stored_under_a_name_equal_once_folded(gdynia, name_zh_hant, name_en, expected):
    city = City(name_zh_hant=name_zh_hant, name_en=name_en, country=gdynia.country)
    assert [c.slug for c in city.likely_duplicates()] == expected


def test_the_chinese_name_of_one_and_the_english_of_the_other(gdynia):
    gdynia.name_zh_hant = "格丁尼亞市"
    gdynia.save()
    assert [c.slug for c in City(name_zh_hant="格丁尼亞", country=gdynia.country).likely_duplicates()] == ["gdynia"]
    # The same name in another country is another city.
    assert City(name_en="Gdynia", country=Country.objects.get(slug="japan")).likely_duplicates() == []


def test_the_admin_holds_a_likely_duplicate_until_the_clerk_confirms(admin_client, gdynia):
    admin_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hant"
    url = reverse("admin:cities_city_add")
    data = admin_form_data(admin_client.get(url))
    data.update({"name_zh_hant": "格丁尼亞市", "name_en": "Gdynia City", "country": str(gdynia.country_id),
                 "kind": "city"})
    response = admin_client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    link = reverse("admin:cities_city_change", args=[gdynia.pk])
    assert f'可能已有紀錄：<a href="{link}">Gdynia (波蘭)</a>' in page
    assert 'name="save_anyway"' in page
    assert City.objects.filter(country=gdynia.country).count() == 1
    response = admin_client.post(url, {**data, "save_anyway": "on"})
    assert response.status_code == 302
    assert City.objects.filter(country=gdynia.country).count() == 2


def test_a_person_with_the_same_name_and_country_is_held_too(admin_client):
    pompeo = Person.objects.get(name_en="Mike Pompeo")
    url = reverse("admin:visits_person_add")
    data = admin_form_data(admin_client.get(url))
    data.update({"name_zh_hant": "", "name_en": "mike  pompeo", "country": str(pompeo.country_id)})
    before = Person.objects.count()
    response = admin_client.post(url, data)
    assert response.status_code == 200 and "save_anyway" in response.content.decode()
    assert Person.objects.count() == before
    # An existing person saved unchanged is not its own duplicate.
    change = reverse("admin:visits_person_change", args=[pompeo.pk])
    assert admin_client.post(change, admin_form_data(admin_client.get(change))).status_code == 302


def test_save_anyway_is_remembered_until_a_compared_field_changes(admin_client, gdynia):
    """A duplicate added with "Save anyway": both records save again unchanged, or with a field
    the rule does not compare changed (the notes), without a hold; a name changed to another
    duplicate's is held."""
    gdynia.name_zh_hant = "格丁尼亞"
    gdynia.save()
    url = reverse("admin:cities_city_add")
    data = admin_form_data(admin_client.get(url))
    data.update({"name_zh_hant": "格丁尼亞市", "name_en": "Gdynia City", "country": str(gdynia.country_id),
                 "kind": "city", "save_anyway": "on"})
    assert admin_client.post(url, data).status_code == 302
    second = City.objects.get(name_en="Gdynia City")
    gdansk = factories.city("gdansk", "格但斯克", "Gdańsk", country=gdynia.country)
    for city in (gdynia, second):
        change = reverse("admin:cities_city_change", args=[city.pk])
        data = admin_form_data(admin_client.get(change))
        response = admin_client.post(change, data)
        assert response.status_code == 302, (city, response.context["adminform"].form.errors,
                                             response.context["adminform"].form.changed_data)
        data = admin_form_data(admin_client.get(change))
        field = next(name for name in ("notes", "website", "population") if name in data)
        if field:
            data[field] = {"notes": "另註", "website": "https://www.gdynia.pl/", "population": "250000"}[field]
            assert admin_client.post(change, data).status_code == 302, (city, field)
    change = reverse("admin:cities_city_change", args=[gdansk.pk])
    data = admin_form_data(admin_client.get(change))
    data["name_en"] = "Gdynia"
    response = admin_client.post(change, data)
    assert response.status_code == 200 and 'name="save_anyway"' in response.content.decode()
