"""Personal data of people: never public, and in the back office only for the staff who
organise visits (``visits.view_personal_data_person``, the organiser role; core/personal.py):
everyone else sees it masked in forms, lists, history and import previews."""

import io

import pytest
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory

from backoffice.roles import ADMINISTRATOR, EDITOR, ORGANISER, PUBLISHER, VIEWER
from core.personal import MASK, personal_fields, reaches_personal_data
from tests.admin_forms import admin_form_data
from visits.models import Engagement, Person

RON = "朗．尼倫伯格"
# What the office stores about the San Antonio mayor before his video conference.
SECRETS = {"passport_number": "X7654321", "phone": "+1 210 555 0100", "dietary_needs": "無麩質",
           "notes": "喜歡馬刺隊"}
SAN_ANTONIO_VIDEO = "2022-12-20-san-antonio-40th-anniversary-video-conference"


def test_personal_fields_are_fields_and_never_public():
    names = {field.name for field in Person._meta.get_fields()}
    assert set(Person.PERSONAL_DATA_FIELDS) <= names
    assert set(Person.PUBLIC_FIELDS) <= names | {"id"}
    assert not set(Person.PERSONAL_DATA_FIELDS) & set(Person.PUBLIC_FIELDS)
    assert personal_fields(Person.history.model) == Person.PERSONAL_DATA_FIELDS


def staff(role: str) -> Client:
    """A client logged in as a staff member whose only group is ``role``, in zh-hant."""
    user = User.objects.create_user(f"{role}-user", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hant")
    client.force_login(user)
    return client


@pytest.fixture
def ron(db) -> Person:
    person = Person.objects.get(name_zh_hant=RON)
    for name, value in SECRETS.items():
        setattr(person, name, value)
    person.save()  # a version of its own: the history's "Changes" column lists the four values
    return person


def pages(person: Person) -> list[str]:
    """Every back-office page that shows a person or their history."""
    version = person.history.order_by("-history_id").first()
    engagement = Engagement.objects.get(slug=SAN_ANTONIO_VIDEO)
    return [f"/admin/visits/person/{person.pk}/change/", "/admin/visits/person/",
            f"/admin/visits/person/?q={RON}", f"/admin/visits/person/{person.pk}/history/",
            f"/admin/visits/person/{person.pk}/history/{version.history_id}/",
            "/admin/visits/person/deleted/", f"/admin/visits/engagement/{engagement.pk}/change/",
            "/admin/visits/participation/", f"/admin/visits/participation/?q={RON}"]


@pytest.mark.parametrize("role", [VIEWER, EDITOR, PUBLISHER])
def test_other_roles_see_personal_data_masked(ron, role):
    client = staff(role)
    for url in pages(ron):
        page = client.get(url)
        assert page.status_code == 200, url
        html = page.content.decode()
        for value in SECRETS.values():
            assert value not in html, (role, url, value)
    form = client.get(f"/admin/visits/person/{ron.pk}/change/").content.decode()
    assert form.count(str(MASK)) == 4 and 'name="passport_number"' not in form
    history = client.get(f"/admin/visits/person/{ron.pk}/history/").content.decode()
    assert str(MASK) in history


@pytest.mark.parametrize("role", [ORGANISER, ADMINISTRATOR])
def test_organisers_and_administrators_see_it(ron, role):
    client = staff(role)
    for url in (f"/admin/visits/person/{ron.pk}/change/", f"/admin/visits/person/{ron.pk}/history/"):
        html = client.get(url).content.decode()
        for value in SECRETS.values():
            assert value in html, (role, url, value)


def test_an_editors_save_and_revert_keep_the_stored_values(ron):
    client = staff(EDITOR)
    url = f"/admin/visits/person/{ron.pk}/change/"
    data = admin_form_data(client.get(url))
    data.update(name_en="Ron Nirenberg (Mayor)", passport_number="FORGED")
    assert client.post(url, data).status_code == 302
    ron.refresh_from_db()
    assert ron.name_en == "Ron Nirenberg (Mayor)"
    assert {name: getattr(ron, name) for name in SECRETS} == SECRETS

    before = ron.history.filter(passport_number="").order_by("-history_id").first()
    url = f"/admin/visits/person/{ron.pk}/history/{before.history_id}/"
    assert client.post(url, admin_form_data(client.get(url))).status_code == 302
    ron.refresh_from_db()
    assert {name: getattr(ron, name) for name in SECRETS} == SECRETS


def test_an_organiser_enters_personal_data(ron):
    client = staff(ORGANISER)
    url = f"/admin/visits/person/{ron.pk}/change/"
    page = client.get(url)
    assert "個人資料（僅限內部人員，絕不公開）" in page.content.decode()
    data = admin_form_data(page)
    data["email"] = "not an email"
    response = client.post(url, data)
    assert response.status_code == 200 and "email" in response.context["adminform"].form.errors
    data["email"] = "mayor@sanantonio.gov"
    assert client.post(url, data).status_code == 302
    ron.refresh_from_db()
    assert (ron.email, ron.passport_number, ron.dietary_needs) == ("mayor@sanantonio.gov", "X7654321", "無麩質")


def upload(rows: list[list[str]]) -> SimpleUploadedFile:
    text = io.StringIO()
    for row in rows:
        text.write(",".join(row) + "\n")
    return SimpleUploadedFile("list.csv", text.getvalue().encode(), content_type="text/csv")


def test_an_editors_import_preview_hides_stored_personal_data_and_refuses_personal_columns(ron):
    client = staff(EDITOR)
    url = "/admin/visits/participation/import/"
    assert "passport_number" not in client.get(url).content.decode()  # not among the columns listed
    preview = client.post(url, {"format": "0", "import_file": upload(
        [["engagement", "name_en", "role"], [SAN_ANTONIO_VIDEO, "Ron Nirenberg", "guest"]])})
    assert preview.context["confirm_form"] is not None
    html = preview.content.decode()
    assert "Ron Nirenberg" in html and not [value for value in SECRETS.values() if value in html]

    refused = client.post(url, {"format": "0", "import_file": upload(
        [["engagement", "name_en", "role", "passport_number", "phone"],
         [SAN_ANTONIO_VIDEO, "Ron Nirenberg", "guest", "P9988776", "+1 210 555 0199"]])})
    (error,) = refused.context["result"].base_errors
    assert str(error.error) == ("檔案含有個人資料欄位（D 欄「passport_number」、E 欄「phone」），僅具個人資料"
                                "權限的人員可以匯入：請刪除這些欄位，或請承辦該訪問的人員匯入。")
    assert "P9988776" not in refused.content.decode()


def test_an_organiser_imports_personal_columns(ron):
    client = staff(ORGANISER)
    url = "/admin/visits/participation/import/"
    preview = client.post(url, {"format": "0", "import_file": upload(
        [["engagement", "name_en", "role", "passport_number"],
         [SAN_ANTONIO_VIDEO, "Ron Nirenberg", "guest", "P9988776"]])})
    assert preview.context["confirm_form"] is not None
    html = preview.content.decode()
    assert "P9988776" in html and "無麩質" in html


def test_no_admin_lists_filters_or_searches_personal_data_for_staff_without_the_permission(db):
    """The class: every admin and inline of the site, for a user without the permission."""
    user = User.objects.create_user("editor-user", is_staff=True)
    user.groups.add(Group.objects.get(name=EDITOR))
    request = RequestFactory().get("/admin/")
    request.user = user
    checked = 0
    for model, model_admin in admin.site._registry.items():
        for owner, candidate in [(model, model_admin), *(
                (inline.model, inline(model, admin.site)) for inline in getattr(model_admin, "inlines", ()))]:
            hidden = set(personal_fields(owner))
            if owner is model:
                for names in (candidate.get_list_display(request), candidate.get_search_fields(request),
                              candidate.get_list_filter(request)):
                    paths = [name[0] if isinstance(name, (list, tuple)) else name for name in names]
                    assert not [path for path in paths
                                if isinstance(path, str) and reaches_personal_data(model, path)], model
            assert not hidden & set(flatten_fieldsets(candidate.get_fieldsets(request))), owner
            checked += bool(hidden)
    assert checked  # the person admin, at least
