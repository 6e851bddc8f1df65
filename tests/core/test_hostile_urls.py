"""No address or parameter is a server error: malformed object ids in every admin URL that
takes one, control characters in every filter, search and autocomplete (PostgreSQL refuses NUL
in a query), date-hierarchy dates Django cannot compute, tampered action posts and archive dates
that do not exist (issue 13, "Crashes and exhaustion"). Each answer is a redirect, a 404 or the
page itself."""

import pytest
from django.contrib import admin
from django.contrib.admin.views.main import ERROR_FLAG
from django.test import RequestFactory
from django.urls import reverse

from core.registry import record_app_labels
from visits.models import Engagement

pytestmark = pytest.mark.django_db

BAD_IDS = ["abc", "1%00", "9" * 25, "-1"]


def project_admins():
    return [(model, model_admin) for model, model_admin in admin.site._registry.items()
            if model._meta.app_label in record_app_labels()]


@pytest.fixture
def client(admin_client):
    admin_client.raise_request_exception = False
    return admin_client


def test_malformed_object_and_version_ids_are_not_found(client):
    checked = 0
    for model, _model_admin in project_admins():
        opts = model._meta
        real = model._default_manager.order_by("pk").values_list("pk", flat=True).first() or 1
        base = f"/admin/{opts.app_label}/{opts.model_name}/"
        for bad in BAD_IDS:
            for url in (f"{base}{bad}/change/", f"{base}{bad}/delete/", f"{base}{bad}/history/",
                        f"{base}{bad}/history/1/", f"{base}{real}/history/{bad}/"):
                status = client.get(url).status_code
                assert status in (302, 404), (url, status)
                checked += 1
    assert checked == 15 * len(BAD_IDS) * 5


def filter_parameters(admin_user, model_admin) -> set[str]:
    """Every query parameter the changelist's filters read."""
    request = RequestFactory().get("/")
    request.user = admin_user
    changelist = model_admin.get_changelist_instance(request)
    names = {name for spec in changelist.filter_specs for name in spec.expected_parameters()}
    return names | {"q", "o", "p"}


def test_control_characters_in_every_filter_and_search_are_ignored(client, admin_user):
    checked = 0
    for model, model_admin in project_admins():
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        for name in filter_parameters(admin_user, model_admin):
            for value in ("%00", "a%00", "1%00"):
                response = client.get(f"{url}?{name}={value}")
                assert response.status_code in (200, 302), (url, name, value, response.status_code)
                checked += 1
    assert checked > 100


def test_a_nul_is_removed_before_the_query_runs(client):
    response = client.get("/admin/visits/engagement/?q=%E5%92%8C%00%E6%AD%8C")  # 和\x00歌
    assert response.status_code == 200
    assert response.context["cl"].query == "和歌"
    assert response.context["cl"].result_count == 1  # the Wakayama visit


def test_control_characters_in_every_autocomplete_are_ignored(client):
    checked = 0
    for model, model_admin in project_admins():
        admins = [model_admin, *model_admin.get_inlines(None, None)]
        for owner in admins:
            owner_model = owner.model if isinstance(owner, type) else model
            for field in getattr(owner, "autocomplete_fields", ()):
                for term in ("%00", "a%00", "%00%01%1f"):
                    response = client.get(
                        f"/admin/autocomplete/?term={term}&app_label={owner_model._meta.app_label}"
                        f"&model_name={owner_model._meta.model_name}&field_name={field}")
                    assert response.status_code == 200, (owner_model, field, term)
                    checked += 1
    assert checked >= 40


DATE_HIERARCHY_BAD = ["{f}__year=9999", "{f}__year=9999&{f}__month=12",
                      "{f}__year=9999&{f}__month=12&{f}__day=31", "{f}__year=0", "{f}__year=abc",
                      "{f}__year=-5", "{f}__year=2022&{f}__month=13",
                      "{f}__year=2022&{f}__month=2&{f}__day=30"]


def test_date_hierarchy_dates_out_of_range_show_the_error_page(client):
    checked = 0
    for model, model_admin in project_admins():
        if not model_admin.date_hierarchy:
            continue
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        for query in DATE_HIERARCHY_BAD:
            response = client.get(f"{url}?{query.format(f=model_admin.date_hierarchy)}")
            assert response.status_code == 302, (url, query)
            assert response["Location"].endswith(f"?{ERROR_FLAG}=1")
            checked += 1
    assert checked == 4 * len(DATE_HIERARCHY_BAD)  # engagements, exhibitions, series, gifts


def test_a_date_hierarchy_year_in_range_still_filters(client):
    response = client.get("/admin/visits/engagement/?start_date__year=2022&start_date__month=12")
    assert response.status_code == 200
    # Saint Lucia's prime minister (1 December), the mayor's Tokyo mission (11–13 December), the
    # San Antonio video conference (20 December).
    assert response.context["cl"].result_count == 3


# A NUL is dropped from every posted value (core.text): "1\x00x" is then "1x", still not an id.
@pytest.mark.parametrize("selected", ["abc", "1\x00x", "9" * 25 + "x"])
def test_an_action_on_a_malformed_id_changes_nothing(client, selected):
    before = list(Engagement.objects.values_list("pk", "status"))
    response = client.post("/admin/visits/engagement/", {
        "action": "unpublish", "_selected_action": [selected], "index": "0"}, follow=True)
    assert response.status_code == 200
    assert "必須要有項目被選中才能進行動作。沒有任何項目被修改。" in response.content.decode()
    assert list(Engagement.objects.values_list("pk", "status")) == before


@pytest.mark.parametrize("path", ["/zh-hant/activities/0000/", "/zh-hant/activities/0000/01/",
                                  "/zh-hant/activities/2022/00/", "/zh-hant/activities/2022/13/",
                                  "/en/activities/0000/12/"])
def test_archive_dates_that_do_not_exist_are_not_found(client, path):
    assert client.get(path).status_code == 404


def test_a_nul_in_the_report_address_is_dropped_and_the_command_refuses_it(client, tmp_path):
    from django.core.management import CommandError, call_command
    from django.utils import translation

    response = client.get("/admin/reports/halfyearreport/download/",
                          {"period": "2022H2\x00", "language": "zh-hant", "format": "odt"})
    assert response.status_code == 200
    assert 'filename="2022H2-international-affairs-zh-hant.odt"' in response["Content-Disposition"]
    with translation.override("en"), pytest.raises(CommandError) as error:
        call_command("export_report", "2022H2\x00", "--output", str(tmp_path / "x.odt"))
    assert str(error.value) == "“2022H2\x00” is not a half-year: write it like 2022H2 or 2023H1."
