"""No lost update (issue 11): a save from a form opened on an older version of a record is
refused, names who changed what since, and overwrites nothing (core/concurrency.py)."""

import threading

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.urls import reverse

from core.admin import ReadOnlyAdminMixin
from core.concurrency import RecordModifiedError, refused_stale
from core.imports import import_file
from core.models import PublicationStatus
from core.registry import record_app_labels, record_models
from datasets.sample_data import load_sample_data
from tests.admin_forms import admin_form_data
from tests.visits.test_imports import csv_bytes
from visits.models import Engagement, Participation
from visits.resources import EngagementResource

pytestmark = pytest.mark.django_db

WAKAYAMA = "2022-11-28-wakayama-city-assembly-league"
STALE = "您開啟此頁之後"  # the start of the zh-hant message: "…after you opened this page"


def record_admins():
    return [(model, model_admin) for model, model_admin in admin.site._registry.items()
            if model._meta.app_label in record_app_labels()]


def change_url(record) -> str:
    opts = record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])


def staff(username: str, full_name: str) -> Client:
    """A client logged in as a superuser called ``full_name``, with the admin in Chinese."""
    user = get_user_model().objects.create_superuser(username, f"{username}@example.org",
                                                     "a-long-pass-phrase-42", first_name=full_name)
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hant")
    client.force_login(user)
    return client


def test_every_record_model_has_a_version():
    assert {model._meta.label for model in record_models()
            if "version" not in {field.name for field in model._meta.fields}} == set()


@pytest.mark.parametrize("model", [model for model, _admin in record_admins()],
                         ids=lambda model: model.__name__)
def test_every_admin_refuses_a_stale_form_and_keeps_the_stored_record(admin_client_zh, model):
    """Over every registered admin of a record model, with the first record of the sample data:
    the page's form carries the version; after another save, posting it is refused and the
    record is left as the other save left it."""
    if model._meta.label == "gifts.InventoryWalk":  # the chapter tells of no inventory: one of the test's
        model._default_manager.get_or_create(year=2023)
    record = model._default_manager.order_by("pk").first()
    assert record is not None, f"the sample data has no {model.__name__}"
    url = change_url(record)
    data = admin_form_data(admin_client_zh.get(url))
    assert data["version"]
    record.refresh_from_db()
    record.save()  # another session saves the record meanwhile
    saved_version = model._default_manager.get(pk=record.pk).version
    response = admin_client_zh.post(url, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors()
    assert len(errors) == 1 and STALE in errors[0] and "沒有覆寫任何資料" in errors[0], errors
    assert model._default_manager.get(pk=record.pk).version == saved_version


@pytest.mark.parametrize("model", [model for model, model_admin in record_admins()
                                   if any(not issubclass(inline, ReadOnlyAdminMixin) for inline in model_admin.get_inlines(None, None))],
                         ids=lambda model: model.__name__)
def test_every_inline_refuses_a_row_changed_elsewhere(admin_client_zh, model):
    """A row of an inline changed elsewhere (its own admin, an import) since the page was
    opened is refused on that row, though the record itself is at the opened version. A
    read-only inline (the gifts of an engagement, edited in the register) writes no row: a row
    changed elsewhere leaves the record's save alone."""
    checked = 0
    model_admin = admin.site._registry[model]
    for inline_class in model_admin.get_inlines(None, None):
        if issubclass(inline_class, ReadOnlyAdminMixin):
            continue
        inline = inline_class(model, admin.site)
        fk = next(field for field in inline.model._meta.fields
                  if field.is_relation and field.related_model is model)
        row = inline.model._default_manager.filter(**{fk.name + "__isnull": False}).order_by("pk").first()
        if row is None:
            continue
        parent = getattr(row, fk.name)
        url = change_url(parent)
        page = admin_client_zh.get(url)
        data = admin_form_data(page)
        row.save()
        response = admin_client_zh.post(url, data)
        assert response.status_code == 200, (inline_class, response)
        formset = next(formset.formset for formset in response.context["inline_admin_formsets"]
                       if formset.formset.model is inline.model)
        refused = [form for form in formset.forms if form.instance.pk == row.pk]
        assert STALE in str(refused[0].non_field_errors()), inline_class
        checked += 1
    assert checked >= 1


def test_a_stale_engagement_form_is_refused_naming_who_changed_what(client):
    """Two clerks open the Wakayama visit; 林美華 changes its title and a participant's title and
    saves; 王大明 then saves the form he opened earlier with a new summary. His save is refused
    with her name, the title and the participants; her values stay; his summary is still in
    the form."""
    visit = Engagement.objects.get(slug=WAKAYAMA)
    url = change_url(visit)
    lin, wang = staff("lin", "林美華"), staff("wang", "王大明")
    wang_data = admin_form_data(wang.get(url))
    lin_data = admin_form_data(lin.get(url))
    lin_data["title_zh_hant"] = "和歌山市議會日台友好議員連盟訪問高雄"
    row = next(key for key, value in lin_data.items()
               if key.startswith("participations-") and key.endswith("-title_zh_hant") and value)
    lin_data[row] = "議長（更正）"
    assert lin.post(url, lin_data).status_code == 302

    wang_data["summary_zh_hant"] = "王大明寫的新摘要。"
    response = wang.post(url, wang_data)
    assert response.status_code == 200
    [message] = response.context["adminform"].form.non_field_errors()
    # The record by its stored title (hers); who, when (Taipei time) and what: the Chinese title
    # and the participant rows.
    assert message.startswith("未儲存：「和歌山市議會日台友好議員連盟訪問高雄」在您開啟此頁之後已由林美華於"), message
    assert message.count("名稱") == 1 and "（名稱 [zh-hant]、參與人員）修改。" in message, message
    assert "沒有覆寫任何資料，您輸入的內容仍在下方。" in message
    assert "王大明寫的新摘要。" in response.content.decode()  # what he typed is kept
    visit.refresh_from_db()
    assert visit.title_zh_hant == "和歌山市議會日台友好議員連盟訪問高雄"
    assert visit.summary_zh_hant != "王大明寫的新摘要。"
    assert Participation.objects.filter(engagement=visit, title_zh_hant="議長（更正）").count() == 1


def test_publishing_makes_open_forms_stale(admin_client_zh):
    """The publish and unpublish actions bypass ``save()``; they bump the version, so a form
    opened before cannot put the old status back."""
    visit = Engagement.objects.get(slug=WAKAYAMA)
    url = change_url(visit)
    data = admin_form_data(admin_client_zh.get(url))
    changelist = reverse("admin:visits_engagement_changelist")
    admin_client_zh.post(changelist, {"action": "unpublish", "_selected_action": [visit.pk]})
    assert Engagement.objects.get(pk=visit.pk).status == PublicationStatus.DRAFT
    response = admin_client_zh.post(url, data)
    assert response.status_code == 200
    assert STALE in response.context["adminform"].form.non_field_errors()[0]
    assert Engagement.objects.get(pk=visit.pk).status == PublicationStatus.DRAFT


def test_a_tampered_or_missing_version_is_a_form_error(admin_client_zh):
    visit = Engagement.objects.get(slug=WAKAYAMA)
    url = change_url(visit)
    data = admin_form_data(admin_client_zh.get(url))
    title = visit.title_zh_hant
    for value in (str(visit.version), "1/0:forged", None):
        tampered = {**data, "title_zh_hant": "偽造"}
        if value is None:
            del tampered["version"]
        else:
            tampered["version"] = value
        response = admin_client_zh.post(url, tampered)
        assert response.status_code == 200
        assert "無法確認此表單開啟時的紀錄版本" in str(response.context["adminform"].form.errors), value
    assert Engagement.objects.get(pk=visit.pk).title_zh_hant == title


def test_a_revert_from_a_page_opened_before_another_save_is_refused(admin_client_zh):
    visit = Engagement.objects.get(slug=WAKAYAMA)
    visit.title_en = "Wakayama (edited)"
    visit.save()
    old = visit.history.order_by("history_date")[0]
    url = reverse("admin:visits_engagement_simple_history", args=[visit.pk, old.history_id])
    data = admin_form_data(admin_client_zh.get(url))
    visit.refresh_from_db()
    visit.title_en = "Wakayama (edited again)"
    visit.save()
    response = admin_client_zh.post(url, data)
    assert response.status_code == 200
    assert STALE in str(response.context["adminform"].form.non_field_errors())
    assert Engagement.objects.get(pk=visit.pk).title_en == "Wakayama (edited again)"


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_saves_of_one_version_exactly_one_wins(monkeypatch):
    """Two clerks post the form of one version at the same moment, each on its own database
    connection: both pass the form's check before either saves (a barrier holds them there),
    then both ``UPDATE ... WHERE version = v``. The database lets one through; the other is
    refused with the winner's name, and the record holds the winner's title."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locks: the SQLite test database is in memory, shared "
                    "between threads by table locks; tests/core/test_sqlite_concurrency.py runs this on a SQLite file")
    load_sample_data()
    visit = Engagement.objects.get(slug=WAKAYAMA)
    url = change_url(visit)
    clients = {"林美華": staff("lin", "林美華"), "王大明": staff("wang", "王大明")}
    forms = {name: admin_form_data(client.get(url)) for name, client in clients.items()}
    model_admin = admin.site._registry[Engagement]
    barrier = threading.Barrier(2, timeout=20)
    original = type(model_admin).save_model

    def save_model(self, request, obj, form, change):
        barrier.wait()  # both forms were checked against version v; now both save
        original(self, request, obj, form, change)

    monkeypatch.setattr(type(model_admin), "save_model", save_model)
    responses = {}

    def post(name: str) -> None:
        try:
            responses[name] = clients[name].post(url, {**forms[name], "title_zh_hant": f"{name}的標題"})
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(name,)) for name in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    statuses = sorted(response.status_code for response in responses.values())
    assert statuses == [200, 302], statuses
    [winner] = [name for name, response in responses.items() if response.status_code == 302]
    [loser] = [name for name, response in responses.items() if response.status_code == 200]
    message = str(responses[loser].context["adminform"].form.non_field_errors())
    assert f"已由{winner}於" in message, message
    assert Engagement.objects.get(pk=visit.pk).title_zh_hant == f"{winner}的標題"
    assert Engagement.objects.get(pk=visit.pk).version == visit.version + 1


def test_an_import_that_updates_a_record_makes_open_forms_stale(admin_client_zh):
    """Imports write changed records in batches, without ``save()``; they count as a save."""
    visit = Engagement.objects.get(slug=WAKAYAMA)
    url = change_url(visit)
    data = admin_form_data(admin_client_zh.get(url))
    result = import_file(EngagementResource(), csv_bytes([{"slug": WAKAYAMA, "place_zh_hant": "高雄市議會"}]), "csv")
    assert not result.has_validation_errors() and not result.has_errors()
    assert Engagement.objects.get(pk=visit.pk).version == visit.version + 1
    response = admin_client_zh.post(url, data)
    assert response.status_code == 200
    assert STALE in response.context["adminform"].form.non_field_errors()[0]
    assert Engagement.objects.get(pk=visit.pk).place_zh_hant == "高雄市議會"


def test_an_import_refuses_a_record_saved_after_it_was_read():
    """A record saved by someone else between the import's read and its write is not
    overwritten: the writer raises, and the import rolls back (core.concurrency.refused_stale)."""
    visit = Engagement.objects.get(slug=WAKAYAMA)
    read = Engagement.objects.get(pk=visit.pk)
    visit.save()
    error = refused_stale([read], {visit.pk: visit.version})
    assert isinstance(error, RecordModifiedError) and error.target is read
    assert refused_stale([visit], {visit.pk: visit.version}) is None


def test_a_read_only_user_sees_no_version():
    """A viewer's page shows the record read-only; the version is no fact to show them."""
    viewer = get_user_model().objects.create_user("viewer", password="a-long-pass-phrase-42", is_staff=True)
    viewer.groups.add(Group.objects.get(name="viewer"))
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hant")
    client.force_login(viewer)
    response = client.get(change_url(Engagement.objects.get(slug=WAKAYAMA)))
    assert response.status_code == 200
    assert "version" not in response.context["adminform"].form.fields
    assert "field-version" not in response.content.decode()
