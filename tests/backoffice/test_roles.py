"""Roles: what viewers, editors, publishers and administrators may do in the admin."""

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse

from backoffice.roles import ADMINISTRATOR, EDITOR, ORGANISER, PUBLISHER, VIEWER
from cities.models import Country, CountryKind
from core.models import PublicationStatus
from tests.admin_forms import admin_form_data
from visits.models import Engagement

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:visits_engagement_changelist")


def staff_client(role: str) -> Client:
    """A client logged in as a staff member whose only group is ``role``."""
    user = User.objects.create_user(f"{role}-user", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def draft():
    """An engagement of the sample data, returned to draft."""
    engagement = Engagement.objects.order_by("pk").first()
    Engagement.objects.filter(pk=engagement.pk).update(status=PublicationStatus.DRAFT)
    engagement.refresh_from_db()
    return engagement


def offered_actions(client: Client) -> set[str]:
    response = client.get(CHANGELIST)
    assert response.status_code == 200
    form = response.context["action_form"]  # None when the user may run no action at all
    return {name for name, _label in form.fields["action"].choices if name} if form else set()


def run_publish(client: Client, engagement: Engagement):
    return client.post(CHANGELIST, {"action": "publish", "_selected_action": [engagement.pk]})


def test_the_four_groups_exist_with_growing_rights():
    perms = {group.name: {p.codename for p in group.permissions.all()} for group in Group.objects.all()}
    assert {VIEWER, EDITOR, PUBLISHER, ADMINISTRATOR} <= set(perms)
    assert "view_engagement" in perms[VIEWER] and "change_engagement" not in perms[VIEWER]
    assert {"add_engagement", "change_engagement"} <= perms[EDITOR]
    assert not {"delete_engagement", "publish_engagement"} & perms[EDITOR]
    assert {"delete_engagement", "publish_engagement", "publish_city", "publish_exhibition",
            "publish_exhibitionseries"} <= perms[PUBLISHER]
    assert perms[VIEWER] < perms[EDITOR] < perms[PUBLISHER] < perms[ADMINISTRATOR]
    assert {"add_user", "change_user", "change_group"} <= perms[ADMINISTRATOR]


def test_only_organisers_and_administrators_see_personal_data():
    perms = {group.name: {p.codename for p in group.permissions.all()} for group in Group.objects.all()}
    assert perms[ORGANISER] == perms[EDITOR] | {"view_personal_data_person"}
    assert "view_personal_data_person" in perms[ADMINISTRATOR]
    for role in (VIEWER, EDITOR, PUBLISHER):
        assert not {codename for codename in perms[role] if codename.startswith("view_personal_data_")}, role


def test_viewer_sees_but_cannot_run_an_action(draft):
    client = staff_client(VIEWER)
    assert client.get(reverse("admin:visits_engagement_change", args=[draft.pk])).status_code == 200
    assert "publish" not in offered_actions(client)
    run_publish(client, draft)
    draft.refresh_from_db()
    assert draft.status == PublicationStatus.DRAFT


def test_viewer_cannot_change_or_delete_by_url(draft):
    client = staff_client(VIEWER)
    change_url = reverse("admin:visits_engagement_change", args=[draft.pk])
    data = admin_form_data(client.get(change_url))
    data["title_en"] = "Changed by a viewer"
    assert client.post(change_url, data).status_code == 403
    delete_url = reverse("admin:visits_engagement_delete", args=[draft.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:cities_country_add")).status_code == 403
    draft.refresh_from_db()
    assert draft.title_en != "Changed by a viewer"


def test_viewer_cannot_revert_a_version():
    client = staff_client(VIEWER)
    country = Country.objects.get(slug="belize")
    version = country.history.first()
    url = reverse("admin:cities_country_simple_history", args=[country.pk, version.history_id])
    page = client.get(url)
    assert page.status_code == 200 and page.context["revert_disabled"]
    data = admin_form_data(page)
    data["name_en"] = "Belize by a viewer"
    assert client.post(url, data).status_code == 403
    country.refresh_from_db()
    assert country.name_en == "Belize"


def test_editor_adds_and_changes_but_cannot_delete(draft):
    client = staff_client(EDITOR)
    add_url = reverse("admin:cities_country_add")
    data = admin_form_data(client.get(add_url))
    data.update(name_zh_hant="諾魯", name_en="Nauru", slug="nauru", iso_code="NR",
                kind=CountryKind.SOVEREIGN_STATE)
    assert client.post(add_url, data).status_code == 302
    nauru = Country.objects.get(slug="nauru")

    change_url = reverse("admin:visits_engagement_change", args=[draft.pk])
    data = admin_form_data(client.get(change_url))
    data["title_en"] = "Edited by an editor"
    assert client.post(change_url, data).status_code == 302
    draft.refresh_from_db()
    assert draft.title_en == "Edited by an editor"

    delete_url = reverse("admin:cities_country_delete", args=[nauru.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    assert Country.objects.filter(slug="nauru").exists()


def test_editor_cannot_publish(draft):
    client = staff_client(EDITOR)
    assert not {"publish", "unpublish"} & offered_actions(client)
    run_publish(client, draft)
    change_url = reverse("admin:visits_engagement_change", args=[draft.pk])
    page = client.get(change_url)
    assert "status" not in page.context["adminform"].form.fields
    data = admin_form_data(page)
    data["status"] = PublicationStatus.PUBLISHED  # a forged field is ignored
    assert client.post(change_url, data).status_code == 302
    draft.refresh_from_db()
    assert draft.status == PublicationStatus.DRAFT


def test_editor_reverting_to_a_published_version_does_not_publish(draft):
    published_version = draft.history.filter(status=PublicationStatus.PUBLISHED).first()
    client = staff_client(EDITOR)
    url = reverse("admin:visits_engagement_simple_history", args=[draft.pk, published_version.history_id])
    assert client.post(url, admin_form_data(client.get(url))).status_code == 302
    draft.refresh_from_db()
    assert draft.status == PublicationStatus.DRAFT


def test_editor_adds_drafts_only():
    client = staff_client(EDITOR)
    page = client.get(reverse("admin:cities_city_add"))
    assert "status" not in page.context["adminform"].form.fields


def test_publisher_publishes_unpublishes_and_deletes(draft):
    client = staff_client(PUBLISHER)
    assert {"publish", "unpublish"} <= offered_actions(client)
    assert run_publish(client, draft).status_code == 302
    draft.refresh_from_db()
    assert draft.status == PublicationStatus.PUBLISHED
    client.post(CHANGELIST, {"action": "unpublish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == PublicationStatus.DRAFT

    country = Country.objects.create(name_zh_hant="諾魯", name_en="Nauru", slug="nauru",
                                     kind=CountryKind.SOVEREIGN_STATE)
    assert client.post(reverse("admin:cities_country_delete", args=[country.pk]),
                       {"post": "yes"}).status_code == 302
    assert not Country.objects.filter(pk=country.pk).exists()


def test_publisher_sets_an_embargo_in_the_form(draft):
    client = staff_client(PUBLISHER)
    change_url = reverse("admin:visits_engagement_change", args=[draft.pk])
    data = admin_form_data(client.get(change_url))
    data.update(status=PublicationStatus.PUBLISHED, publish_from_0="2030-01-01", publish_from_1="09:00")
    assert client.post(change_url, data).status_code == 302
    draft.refresh_from_db()
    assert draft.status == PublicationStatus.PUBLISHED
    assert not draft.is_public


def test_only_administrators_manage_users():
    assert staff_client(PUBLISHER).get(reverse("admin:auth_user_changelist")).status_code == 403
    assert staff_client(ADMINISTRATOR).get(reverse("admin:auth_user_changelist")).status_code == 200


def test_staff_without_a_role_reaches_no_records():
    user = User.objects.create_user("newcomer", is_staff=True)
    client = Client()
    client.force_login(user)
    assert client.get(CHANGELIST).status_code == 403
    assert client.get(reverse("admin:visits_engagement_deleted")).status_code == 403
    engagement = Engagement.objects.order_by("pk").first()
    assert client.get(reverse("admin:visits_engagement_history", args=[engagement.pk])).status_code == 403


def test_viewer_sees_deleted_records_but_cannot_restore_them():
    country = Country.objects.create(name_zh_hant="諾魯", name_en="Nauru", slug="nauru",
                                     kind=CountryKind.SOVEREIGN_STATE)
    pk = country.pk
    country.delete()
    client = staff_client(VIEWER)
    listing = client.get(reverse("admin:cities_country_deleted"))
    assert [record.name_en for record in listing.context["records"]] == ["Nauru"]
    deletion = listing.context["records"][0]
    url = reverse("admin:cities_country_simple_history", args=[pk, deletion.history_id])
    assert client.post(url, admin_form_data(client.get(url))).status_code == 403
    assert not Country.objects.filter(pk=pk).exists()



def test_viewer_reads_an_old_version_of_every_kind_of_record():
    """The class: each admin with a history shows a viewer (who may only view) an old version
    of its first record as a read-only form, dates written as staff type them, not a 500."""
    from django.contrib import admin

    from core.admin import RecordHistoryAdmin

    client = staff_client(VIEWER)
    checked = 0
    for model, model_admin in admin.site._registry.items():
        if not isinstance(model_admin, RecordHistoryAdmin):
            continue
        version = model.history.order_by("history_id").first()
        if version is None:
            continue
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_simple_history",
                      args=[version.instance.pk, version.history_id])
        response = client.get(url)
        assert response.status_code == 200, opts.label
        assert 'name="_save"' not in response.content.decode(), opts.label  # nothing to save
        checked += 1
    assert checked >= 10
    wakayama = Engagement.objects.get(slug="2022-11-28-wakayama-city-assembly-league")
    first = wakayama.history.order_by("history_id").first()
    page = client.get(reverse("admin:visits_engagement_simple_history", args=[wakayama.pk, first.history_id]))
    assert "111/11/28" in page.content.decode()

@pytest.mark.parametrize(("role", "status"), [(VIEWER, 403), (EDITOR, 403), (PUBLISHER, 200),
                                              (ADMINISTRATOR, 200)])
def test_only_publishers_and_administrators_reach_the_report_page(role, status):
    client = staff_client(role)
    assert client.get(reverse("admin:reports_halfyearreport_changelist")).status_code == status
    if status == 403:
        download = reverse("admin:reports_halfyearreport_download")
        assert client.get(download, {"period": "2022H2", "format": "odt"}).status_code == 403
