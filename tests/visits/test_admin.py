"""The admin back office through the test client: every page, fast entry of a visit, search."""

import pytest
from django.contrib import admin
from django.urls import reverse

from cities.models import City
from tests.admin_forms import admin_form_data
from visits.models import Engagement, EngagementKind, ParticipantRole, Person

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda m: m._meta.label)
def test_every_admin_list_and_add_page_opens(admin_client, model):
    prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    changelist = admin_client.get(reverse(f"{prefix}_changelist"))
    assert changelist.status_code == 200
    # A page that is not a list of records (the half-year report) declares no add or change pages.
    if f"{prefix}_add".removeprefix("admin:") not in {p.name for p in admin.site._registry[model].get_urls()}:
        return
    # Records only the system writes (django-axes' login attempts) have no add page for anyone.
    if admin.site._registry[model].has_add_permission(changelist.wsgi_request):
        assert admin_client.get(reverse(f"{prefix}_add")).status_code == 200
    obj = model.objects.first()
    if obj is not None:
        assert admin_client.get(reverse(f"{prefix}_change", args=[obj.pk])).status_code == 200


def test_a_visit_with_a_head_and_nine_members_is_one_page_one_save(admin_client):
    """A clerk picks one known person, types nine new names (one of them a known person written
    with another middle dot) and saves once."""
    add_url = reverse("admin:visits_engagement_add")
    data = admin_form_data(admin_client.get(add_url))
    data.update({
        "kind": EngagementKind.RECEPTION, "title_zh_hant": "韓國釜山市議會訪團", "title_en": "Busan delegation",
        "slug": "2023-03-15-busan-delegation", "start_date": "2023-03-15", "date_precision": "day",
        "place_zh_hant": "高雄市", "status": "draft",
        "countries": [City.objects.get(slug="busan").country_id],
        "engagementcity_set-TOTAL_FORMS": "1", "engagementcity_set-0-city": City.objects.get(slug="busan").pk,
        "participations-TOTAL_FORMS": "10",
    })
    known = Person.objects.get(name_en="Ron Nirenberg")
    rows = [{"person": Person.objects.get(name_en="Chen Chi-mai").pk, "role": ParticipantRole.HOST,
             "title_zh_hant": "市長"}]
    rows.append({"new_name_zh_hant": "朴亨埈", "new_name_en": "Park Heong-joon", "new_original_name": "박형준",
                 "role": ParticipantRole.HEAD, "title_zh_hant": "市長", "title_en": "Mayor"})
    rows.append({"new_name_zh_hant": "朗·尼倫伯格", "role": ParticipantRole.MEMBER})  # U+00B7, not U+FF0E
    for n in range(1, 8):
        rows.append({"new_name_zh_hant": f"團員{n}", "new_name_en": f"Member {n}", "role": ParticipantRole.MEMBER})
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"participations-{i}-{key}"] = value
        data[f"participations-{i}-position"] = i
    people_before = Person.objects.count()

    response = admin_client.post(add_url, data)

    assert response.status_code == 302, response.context["errors"] if response.context else response
    visit = Engagement.objects.get(slug="2023-03-15-busan-delegation")
    participations = list(visit.participations.select_related("person").order_by("position"))
    assert len(participations) == 10
    assert [p.role for p in participations].count(ParticipantRole.HEAD) == 1
    assert participations[1].person.original_name == "박형준"
    assert participations[1].person.country.iso_code == "KR"  # the engagement's one country
    assert participations[2].person == known  # matched, not duplicated
    assert Person.objects.count() == people_before + 8
    assert visit.cities.get().slug == "busan"


def test_a_participant_row_needs_a_person(admin_client):
    add_url = reverse("admin:visits_engagement_add")
    data = admin_form_data(admin_client.get(add_url))
    data.update({"kind": EngagementKind.RECEPTION, "title_zh_hant": "來訪", "slug": "nobody",
                 "start_date": "2023-03-15", "date_precision": "day", "status": "draft",
                 "participations-TOTAL_FORMS": "3", "participations-0-role": ParticipantRole.GUEST,
                 "participations-0-title_zh_hant": "大使"})
    response = admin_client.post(add_url, data)
    assert response.status_code == 200
    assert "請選擇人員或輸入新人員姓名。" in response.content.decode()  # zh-hant: the default language
    assert not Engagement.objects.filter(slug="nobody").exists()


def test_the_same_new_person_typed_in_two_rows_is_refused(admin_client):
    """約翰·史密斯 (U+00B7) and 約翰・史密斯 (U+30FB) are one person: one row, not two people."""
    add_url = reverse("admin:visits_engagement_add")
    data = admin_form_data(admin_client.get(add_url))
    data.update({"kind": EngagementKind.RECEPTION, "title_zh_hant": "來訪", "slug": "twice",
                 "start_date": "2023-03-15", "date_precision": "day", "status": "draft",
                 "participations-TOTAL_FORMS": "2",
                 "participations-0-new_name_zh_hant": "約翰·史密斯", "participations-0-new_name_en": "John Smith",
                 "participations-0-role": ParticipantRole.HEAD,
                 "participations-1-new_name_zh_hant": "約翰・史密斯", "participations-1-role": ParticipantRole.MEMBER})
    people_before = Person.objects.count()
    response = admin_client.post(add_url, data)
    assert response.status_code == 200
    assert "「約翰・史密斯」與另一列的「約翰·史密斯」是同一位新人員：每位人員只需輸入一次。" in response.content.decode()
    assert not Engagement.objects.filter(slug="twice").exists()
    assert Person.objects.count() == people_before


def test_clearing_a_participant_row_s_person_is_a_form_error(admin_client):
    """An existing row whose person is emptied shows the form again with the error (it was a
    server error: the row's name could not be written without a person)."""
    visit = Engagement.objects.get(slug="2022-08-09-lithuanian-vice-minister")
    change_url = reverse("admin:visits_engagement_change", args=[visit.pk])
    data = admin_form_data(admin_client.get(change_url))
    data["participations-0-person"] = ""
    people_before = list(visit.participations.order_by("pk").values_list("person", flat=True))
    response = admin_client.post(change_url, data)
    assert response.status_code == 200
    assert "請選擇人員或輸入新人員姓名。" in response.content.decode()
    assert list(visit.participations.order_by("pk").values_list("person", flat=True)) == people_before


def test_an_end_before_the_start_is_a_form_error_in_words(admin_client):
    add_url = reverse("admin:visits_engagement_add")
    data = admin_form_data(admin_client.get(add_url))
    data.update({"kind": EngagementKind.RECEPTION, "title_zh_hant": "來訪", "slug": "backwards",
                 "start_date": "2023-03-15", "end_date": "2023-03-14", "date_precision": "day",
                 "status": "draft"})
    response = admin_client.post(add_url, data)
    assert response.status_code == 200
    assert "結束日期（112/03/14）早於開始日期（112/03/15）。" in response.content.decode()


@pytest.mark.parametrize("term", ["朗．尼倫伯格", "朗·尼倫伯格", "朗‧尼倫伯格", "朗・尼倫伯格", "Ron Nirenberg",
                                  "nirenberg", "ＮＩＲＥＮＢＥＲＧ"])
def test_person_search_finds_every_spelling(admin_client, term):
    response = admin_client.get(reverse("admin:visits_person_changelist"), {"q": term})
    names = [p.name_en for p in response.context["cl"].result_list]
    assert names == ["Ron Nirenberg"]


@pytest.mark.parametrize("term", ["Vaiciukeviciute", "Vaičiukevičiūtė", "愛格涅"])
def test_engagement_search_finds_the_visit_by_a_participant_name(admin_client, term):
    response = admin_client.get(reverse("admin:visits_engagement_changelist"), {"q": term})
    slugs = [e.slug for e in response.context["cl"].result_list]
    assert slugs == ["2022-08-09-lithuanian-vice-minister"]


def test_autocomplete_uses_the_normalised_search(admin_client):
    response = admin_client.get(reverse("admin:autocomplete"), {
        "term": "艾德里安·施里納", "app_label": "visits", "model_name": "participation",
        "field_name": "person"})
    assert [r["text"] for r in response.json()["results"]] == ["艾德里安‧施里納"]


def test_city_search_by_native_name(admin_client):
    response = admin_client.get(reverse("admin:cities_city_changelist"), {"q": "부산광역시"})
    assert [c.slug for c in response.context["cl"].result_list] == ["busan"]


def test_deleting_a_city_with_engagements_in_the_admin_says_why(admin_client):
    brisbane = City.objects.get(slug="brisbane")
    response = admin_client.post(reverse("admin:cities_city_delete", args=[brisbane.pk]), {"post": "yes"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "protected" in text.lower() or "受保護" in text
    assert City.objects.filter(pk=brisbane.pk).exists()


def _wakayama_with_row(client, **row):
    visit = Engagement.objects.get(slug="2022-11-28-wakayama-city-assembly-league")
    url = reverse("admin:visits_engagement_change", args=[visit.pk])
    data = admin_form_data(client.get(url))
    index = int(data["participations-TOTAL_FORMS"])
    data["participations-TOTAL_FORMS"] = str(index + 1)
    data.update({f"participations-{index}-{key}": value for key, value in row.items()})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    return visit


def test_a_home_city_participant_typed_in_gets_the_home_country_and_is_an_official(admin_client):
    from cities.models import Country

    taiwan = Country.objects.create(name_zh_hant="臺灣", name_en="Taiwan", slug="taiwan", iso_code="TW")
    _wakayama_with_row(admin_client, new_name_zh_hant="林小明", new_name_en="Lin Hsiao-ming",
                       role=ParticipantRole.CITY_DELEGATE, title_zh_hant="秘書", position="3")
    person = Person.objects.get(name_en="Lin Hsiao-ming")
    assert (person.country, person.is_city_official) == (taiwan, True)  # was Japan, not an official


def test_a_taiwanese_dignitary_is_neither_a_foreign_guest_nor_an_official(admin_client):
    from cities.models import Country

    taiwan = Country.objects.create(name_zh_hant="臺灣", name_en="Taiwan", slug="taiwan", iso_code="TW")
    visit = _wakayama_with_row(admin_client, new_name_zh_hant="王立委", role=ParticipantRole.DIGNITARY,
                               title_zh_hant="立法委員", position="3")
    person = Person.objects.get(name_zh_hant="王立委")
    assert (person.country, person.is_city_official) == (taiwan, False)
    # Wakayama's person-times stay those of its two foreign guests (遠藤, 井上).
    assert Engagement.objects.filter(pk=visit.pk).with_person_times().get().person_times == 2


def test_without_a_recorded_home_country_a_city_participant_gets_none(admin_client):
    _wakayama_with_row(admin_client, new_name_zh_hant="林小華", role=ParticipantRole.HOST, position="3")
    person = Person.objects.get(name_zh_hant="林小華")
    assert (person.country, person.is_city_official) == (None, True)


def test_a_foreign_guest_typed_in_still_gets_the_engagement_s_country(admin_client):
    _wakayama_with_row(admin_client, new_name_zh_hant="佐藤一郎", role=ParticipantRole.MEMBER, position="3")
    person = Person.objects.get(name_zh_hant="佐藤一郎")
    assert (person.country.slug, person.is_city_official) == ("japan", False)


def test_a_known_person_chosen_for_the_city_but_not_an_official_is_warned_about(admin_client):
    guest = Person.objects.get(name_en="Ron Nirenberg")
    visit = Engagement.objects.get(slug="2022-11-28-wakayama-city-assembly-league")
    url = reverse("admin:visits_engagement_change", args=[visit.pk])
    data = admin_form_data(admin_client.get(url))
    index = int(data["participations-TOTAL_FORMS"])
    data["participations-TOTAL_FORMS"] = str(index + 1)
    data.update({f"participations-{index}-person": str(guest.pk), f"participations-{index}-role": "city_delegate",
                 f"participations-{index}-position": "3"})
    page = admin_client.post(url, data, follow=True).content.decode()
    assert "朗．尼倫伯格以本府身分參與，但未標記為本府官員：請檢查此人員的資料。" in page
    guest.refresh_from_db()
    assert not guest.is_city_official  # not changed behind the clerk's back
