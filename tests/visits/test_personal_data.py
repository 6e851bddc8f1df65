"""Personal data of people: never public, and in the back office only for the staff who
organise visits (``visits.view_personal_data_person``, the organiser role; core/personal.py):
everyone else sees it masked in forms, lists, history and import previews."""

import io
import json

import pytest
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory
from django.utils import translation

from backoffice.roles import ADMINISTRATOR, EDITOR, ORGANISER, PUBLISHER, VIEWER
from core.models import Revision
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


def pages_of(person: Person) -> list[str]:
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
    for url in pages_of(ron):
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
    # Ron Nirenberg is public (a participant of a published engagement): the rename waits for
    # review (core.review), and the revision holds none of his personal data.
    revision = Revision.objects.get()
    assert (ron.name_en, revision.snapshot["after"][0]["fields"]["name_en"]) == (
        "Ron Nirenberg", "Ron Nirenberg (Mayor)")
    assert not any(value in json.dumps(revision.snapshot, ensure_ascii=False) for value in SECRETS.values())
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


WAKAYAMA = "2022-11-28-wakayama-city-assembly-league"
# What an organiser's visitor list gives a new guest of the (published) Wakayama visit.
NEW_GUEST = {"passport_number": "TZ1234567", "phone": "+81 73 555 0101", "dietary_needs": "ハラール"}


@pytest.fixture
def pending_import(ron):
    """An organiser's visitor list for the published Wakayama visit, held for review: a new guest
    with a passport number, phone and dietary needs."""
    from core.models import Revision

    organiser = User.objects.create_user("organiser-importer", is_staff=True)
    organiser.groups.add(Group.objects.get(name=ORGANISER))
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hant")
    client.force_login(organiser)
    url = "/admin/visits/participation/import/"
    header = ["engagement", "name_zh_hant", "name_en", "role", *NEW_GUEST]
    preview = client.post(url, {"format": "0", "import_file": upload([
        header, [WAKAYAMA, "山本太郎", "Taro Yamamoto", "member", *NEW_GUEST.values()]])})
    confirm = preview.context["confirm_form"]
    assert confirm is not None, preview.context["result"].base_errors
    response = client.post("/admin/visits/participation/process_import/", {
        name: confirm[name].value() for name in confirm.fields})
    assert response.status_code == 302
    revision = Revision.objects.get()
    return revision


def crawl(client: Client, start: list[str], per_kind: int = 2) -> dict[str, str]:
    """The back-office pages reachable by GET from ``start`` through links under /admin/, at
    most ``per_kind`` of each kind (the path with its numbers taken out), as ``url -> html``."""
    import re
    from urllib.parse import urljoin, urlsplit

    pages, kinds, queue = {}, {}, list(start)
    while queue:
        url = queue.pop(0)
        if url in pages or "logout" in url or "/password/" in url:
            continue
        kind = re.sub(r"\d+", "N", urlsplit(url).path) + ("?" if urlsplit(url).query else "")
        if kinds.get(kind, 0) >= per_kind and url not in start:
            continue
        kinds[kind] = kinds.get(kind, 0) + 1
        response = client.get(url)
        assert response.status_code in (200, 302, 403, 404), (url, response.status_code)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            pages[url] = response.content.decode(errors="replace") if response.status_code == 200 else ""
            continue
        pages[url] = html = response.content.decode()
        for link in re.findall(r'href="([^"#]+)"', html):
            link = urljoin(url, link.replace("&amp;", "&"))
            if link.startswith("/admin/") and link not in pages:
                queue.append(link)
    return pages


@pytest.mark.parametrize(("role", "reviews"), [(VIEWER, False), (PUBLISHER, True)])
def test_no_back_office_page_shows_personal_data_to_staff_without_the_permission(pending_import, ron, role,
                                                                                 reviews):
    """The class: every kind of page a viewer or a publisher reaches by following links in the
    back office (lists, forms, history and its versions, deleted records, the review queue and a
    revision's difference, import and export pages), with a person's stored personal data and a
    pending revision that adds a guest with theirs."""
    client = staff(role)
    revision_url = f"/admin/core/revision/{pending_import.pk}/change/"
    pages = crawl(client, ["/admin/", revision_url, *pages_of(ron)])
    assert len(pages) > 60 and revision_url in pages
    secrets = [*SECRETS.values(), *NEW_GUEST.values()]
    leaks = [(url, value) for url, html in pages.items() for value in secrets if value in html]
    assert not leaks
    review = pages[revision_url]  # a viewer is not shown other staff's revisions (404)
    assert ("山本太郎" in review, review.count(str(MASK))) == ((True, 3) if reviews else (False, 0))


def test_a_reviewer_with_the_permission_sees_what_the_revision_changes(pending_import):
    user = User.objects.create_user("publishing-organiser", is_staff=True)
    user.groups.add(Group.objects.get(name=PUBLISHER), Group.objects.get(name=ORGANISER))
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hant")
    client.force_login(user)
    html = client.get(f"/admin/core/revision/{pending_import.pk}/change/").content.decode()
    assert all(value in html for value in NEW_GUEST.values()) and str(MASK) not in html


def test_a_changed_passport_number_shows_as_changed_and_masked_to_a_reviewer_without_the_permission(ron):
    """A revision that changes a stored person's personal data (as a visitor list does): a
    reviewer without the permission is told which fields change, never the values."""
    from core import review
    from core.models import Revision

    engagement = Engagement.objects.get(slug=WAKAYAMA)
    entry = {"model": "visits.person", "pk": ron.pk, "fields": {
        "name_zh_hant": RON, "passport_number": "X7654321", "phone": "", "dietary_needs": "無麩質"}}
    changed = {**entry, "fields": {**entry["fields"], "passport_number": "X0000001", "phone": "+1 210 555 0111",
                                   "dietary_needs": "無麩質"}}
    revision = Revision(content_type=ContentType.objects.get_for_model(Engagement), object_id=engagement.pk,
                        snapshot={"before": [], "after": [], "labels": {},
                                  "others": [{"created": False, "before": entry, "object": changed}]})
    viewer = User.objects.create_user("reviewing-viewer", is_staff=True)
    viewer.groups.add(Group.objects.get(name=VIEWER))
    organiser = User.objects.create_user("reviewing-organiser", is_staff=True)
    organiser.groups.add(Group.objects.get(name=ORGANISER))
    with translation.override("en"):
        (masked,) = review.revision_diff(revision, viewer).others
        (shown,) = review.revision_diff(revision, organiser).others
    hidden = "hidden (needs the personal data permission)"
    assert [(c.label, c.before, c.after) for c in masked.fields] == [
        ("phone", "", hidden), ("passport number", hidden, hidden)]
    assert [(c.label, c.before, c.after) for c in shown.fields] == [
        ("phone", "", "+1 210 555 0111"), ("passport number", "X7654321", "X0000001")]


@pytest.mark.parametrize(("lookup", "role", "status", "found"), [
    ("passport_number__startswith=X7", VIEWER, 400, None),
    ("passport_number=X7654321", EDITOR, 400, None),
    ("phone__isnull=False", PUBLISHER, 400, None),
    ("passport_number__startswith=X7", ORGANISER, 200, 1),
    ("passport_number__startswith=Z", ORGANISER, 200, 0),
])
def test_the_list_cannot_be_filtered_by_personal_data_through_the_url(ron, lookup, role, status, found):
    """Django's admin filters a list by any lookup on the model's own fields given in the URL:
    for staff without the permission one on personal data is refused (it would tell a
    passport number a letter at a time)."""
    response = staff(role).get(f"/admin/visits/person/?{lookup}")
    assert response.status_code == status
    if found is not None:
        assert response.context["cl"].result_count == found


def test_the_purge_blanks_the_personal_data_a_decided_revision_keeps(pending_import):
    """A visitor list held for review keeps the new guest's passport, phone and dietary needs in
    its snapshot: kept while the revision is pending (the reviewer needs it), blanked by
    ``purge_personal_data`` once it is decided (rejected here: the data never went live)."""
    import json
    from io import StringIO

    from django.core.management import call_command

    from core import review
    from core.models import Revision

    def held() -> list[str]:
        text = json.dumps(Revision.objects.get(pk=pending_import.pk).snapshot, ensure_ascii=False)
        return [value for value in NEW_GUEST.values() if value in text]

    def purge(*args: str) -> str:
        out = StringIO()
        call_command("purge_personal_data", *args, stdout=out)
        return next(line for line in out.getvalue().splitlines() if "review revisions" in line)

    assert held() == list(NEW_GUEST.values())
    assert purge() == "Purged the personal data kept in 0 review revisions."  # pending: kept
    assert held() == list(NEW_GUEST.values())
    publisher = User.objects.create_user("purging-publisher", is_staff=True)
    publisher.groups.add(Group.objects.get(name=PUBLISHER))
    review.reject(pending_import, reviewer=publisher, comment="名單有誤")
    assert purge("--dry-run") == "Would purge the personal data kept in 1 review revisions."
    assert held() == list(NEW_GUEST.values())
    assert purge() == "Purged the personal data kept in 1 review revisions."
    assert held() == []
    assert purge() == "Purged the personal data kept in 0 review revisions."
    # The rest of the revision stays: the guest's name is still in it.
    assert "山本太郎" in json.dumps(Revision.objects.get(pk=pending_import.pk).snapshot, ensure_ascii=False)
