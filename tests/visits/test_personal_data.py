"""Staff-only personal data of people: entered in the admin, declared apart from public fields."""

import pytest

from visits.models import Person


def test_staff_only_fields_are_fields_and_never_public():
    names = {field.name for field in Person._meta.get_fields()}
    assert set(Person.STAFF_ONLY_FIELDS) <= names
    assert set(Person.PUBLIC_FIELDS) <= names | {"id"}
    assert not set(Person.STAFF_ONLY_FIELDS) & set(Person.PUBLIC_FIELDS)


@pytest.mark.django_db
def test_clerk_enters_personal_data_in_the_admin(admin_client_zh):
    person = Person.objects.get(name_zh_hant="朗．尼倫伯格")
    url = f"/admin/visits/person/{person.pk}/change/"
    page = admin_client_zh.get(url)
    html = page.content.decode()
    assert "個人資料（僅限內部人員，絕不公開）" in html and 'name="passport_number"' in html
    form = {
        "name_zh_hant": person.name_zh_hant, "name_en": person.name_en,
        "original_name": person.original_name, "country": person.country_id,
        "email": "not an email", "phone": "+1 210 207 7060", "passport_number": "X1234567",
        "dietary_needs": "無麩質", "notes": "喜歡馬刺隊",
        "participations-TOTAL_FORMS": "0", "participations-INITIAL_FORMS": "0",
    }
    response = admin_client_zh.post(url, form)
    assert response.status_code == 200
    assert "email" in response.context["adminform"].form.errors
    response = admin_client_zh.post(url, {**form, "email": "mayor@sanantonio.gov"})
    assert response.status_code == 302, response.context["adminform"].form.errors
    person.refresh_from_db()
    assert (person.email, person.passport_number, person.dietary_needs) == (
        "mayor@sanantonio.gov", "X1234567", "無麩質")
