"""ROC and ISO dates typed by clerks: core.dates.parse_date and the admin date field."""

import datetime

import pytest
from django import forms
from django.contrib import admin
from django.db import models
from django.utils import timezone, translation

from cities.models import Partnership
from core.dates import parse_date
from core.forms import RocDateField, RocSplitDateTimeField
from exhibitions.models import ExhibitionSeries
from visits.models import Engagement


@pytest.mark.parametrize(("text", "expected"), [
    ("2022-08-16", datetime.date(2022, 8, 16)),
    ("2022/8/16", datetime.date(2022, 8, 16)),
    ("2022.08.16", datetime.date(2022, 8, 16)),
    ("111/08/16", datetime.date(2022, 8, 16)),
    ("111.8.16", datetime.date(2022, 8, 16)),
    ("111-8-16", datetime.date(2022, 8, 16)),
    ("111年8月16日", datetime.date(2022, 8, 16)),
    ("民國111年8月16日", datetime.date(2022, 8, 16)),
    (" 民國 111 年 8 月 16 日 ", datetime.date(2022, 8, 16)),
    ("１１１／０８／１６", datetime.date(2022, 8, 16)),  # full-width digits and slash
    ("2022年8月16日", datetime.date(2022, 8, 16)),
    ("民國元年1月1日", datetime.date(1912, 1, 1)),
    ("1/1/1", datetime.date(1912, 1, 1)),
    ("民國前1年1月1日", datetime.date(1911, 1, 1)),
    ("民國前10年10月10日", datetime.date(1902, 10, 10)),
    ("2024-02-29", datetime.date(2024, 2, 29)),
    ("113/02/29", datetime.date(2024, 2, 29)),
    ("71/9/3", datetime.date(1982, 9, 3)),  # San Antonio partnership established
])
def test_parse_date_accepts_iso_and_roc_forms(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(("text", "fragment"), [
    ("112/02/29", "2023"),
    ("112年2月29日", "2023"),
    ("2023-02-29", "2023"),
    ("111/13/01", "13"),
    ("111/04/31", "4/31"),
    ("民國0年1月1日", "ROC year 0"),
    ("0/1/1", "ROC year 0"),
    ("民國前元年1月1日", "民國前元年"),
    ("16/08/2022", "not a date"),
    ("August 16, 2022", "not a date"),
    ("111年8月", "not a date"),
    ("", "No date"),
])
def test_parse_date_refuses_impossible_or_unknown_forms(text, fragment):
    with translation.override("en"), pytest.raises(ValueError, match=fragment):
        parse_date(text)


def test_parse_date_explains_in_the_clerks_language():
    with translation.override("zh-hant"), pytest.raises(ValueError) as error:
        parse_date("112/02/29")
    assert str(error.value) == "「112/02/29」不是實際存在的日子：西元2023年沒有2月29日。"


def test_roc_date_field_cleans_roc_forms_and_reports_impossible_days():
    field = RocDateField()
    assert field.clean("111年8月16日") == datetime.date(2022, 8, 16)
    with pytest.raises(Exception, match="2023"):
        field.clean("112/02/29")
    assert RocDateField(required=False).clean("") is None


def _admins_with_inlines():
    """Every registered admin (Django's and the libraries' too: they are on core.admin.StaffAdmin)
    and its inlines."""
    for model_admin in admin.site._registry.values():
        yield model_admin
        yield from (inline(model_admin.model, admin.site) for inline in model_admin.get_inlines(None, None))


def test_every_date_field_in_the_admin_accepts_roc_forms():
    checked = 0
    for model_admin in _admins_with_inlines():
        for field in model_admin.model._meta.get_fields():
            if type(field) is models.DateField and field.editable:
                formfield = model_admin.formfield_for_dbfield(field, request=None)
                assert isinstance(formfield, RocDateField), (model_admin, field.name)
                checked += 1
            if type(field) is models.DateTimeField and field.editable:
                formfield = model_admin.formfield_for_dbfield(field, request=None)
                assert isinstance(formfield, RocSplitDateTimeField), (model_admin, field.name)
                checked += 1
    assert checked >= 12


def _change_form_data(form) -> dict:
    """What the browser would send back for an unchanged change form."""
    data = {}
    for name, bound in form.fields.items():
        value = form.initial.get(name, bound.initial)
        if name == "version":  # the signed version the form was opened on (core.concurrency)
            data[name] = str(form[name].value())
            continue
        if isinstance(bound, forms.MultiValueField):
            for index, part in enumerate(bound.widget.decompress(value)):
                data[f"{name}_{index}"] = "" if part is None else str(part)
            continue
        if value is None:
            continue
        if isinstance(value, models.Model):
            value = value.pk
        if isinstance(value, datetime.date):
            value = value.isoformat()
        data[name] = value
    return data


@pytest.mark.django_db
def test_zh_hant_admin_takes_an_embargo_date_in_roc_form(admin_client_zh):
    series = ExhibitionSeries.objects.first()
    url = f"/admin/exhibitions/exhibitionseries/{series.pk}/change/"
    data = _change_form_data(admin_client_zh.get(url).context["adminform"].form)
    data.update(publish_from_0="111/08/17", publish_from_1="10:00")
    response = admin_client_zh.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    series.refresh_from_db()
    assert timezone.localtime(series.publish_from).replace(tzinfo=None) == datetime.datetime(
        2022, 8, 17, 10, 0)
    data.update(publish_from_0="112/02/29")
    refused = admin_client_zh.post(url, data)
    assert "2023" in str(refused.context["adminform"].form.errors["publish_from"])


@pytest.mark.django_db
def test_zh_hant_admin_saves_a_roc_date_and_refuses_an_impossible_one(admin_client_zh):
    partnership = Partnership.objects.filter(
        established_on__isnull=False, established_precision="day"
    ).first()
    url = f"/admin/cities/partnership/{partnership.pk}/change/"
    page = admin_client_zh.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = _change_form_data(form)
    data["established_on"] = "112/02/29"
    refused = admin_client_zh.post(url, data)
    assert refused.status_code == 200
    errors = refused.context["adminform"].form.errors
    assert "established_on" in errors and "2023" in errors["established_on"][0]
    data["established_on"] = "民國111年8月16日"
    saved = admin_client_zh.post(url, data)
    assert saved.status_code == 302, saved.context["adminform"].form.errors
    partnership.refresh_from_db()
    assert partnership.established_on == datetime.date(2022, 8, 16)


@pytest.mark.django_db
def test_the_change_page_shows_dates_as_the_admin_s_language_types_them(admin_client):
    engagement = Engagement.objects.get(start_date=datetime.date(2022, 12, 20))
    url = f"/admin/visits/engagement/{engagement.pk}/change/"
    chinese = admin_client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hant").content.decode()
    assert 'value="111/12/20"' in chinese and 'data-calendar="roc"' in chinese
    english = admin_client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'value="2022-12-20"' in english and 'data-calendar="roc"' not in english


def _add_engagement(client, **dates) -> "object":
    from tests.admin_forms import admin_form_data

    url = "/admin/visits/engagement/add/"
    data = admin_form_data(client.get(url))
    data.update({"kind": "reception", "title_zh_hant": "日期測試", "slug": "date-test", "status": "draft", **dates})
    return client.post(url, data)


@pytest.mark.django_db
def test_a_month_typed_in_the_form_is_stored_as_a_month(admin_client_zh):
    response = _add_engagement(admin_client_zh, start_date="114年7月")
    assert response.status_code == 302, response.context["adminform"].form.errors
    engagement = Engagement.objects.get(slug="date-test")
    assert (engagement.start_date, engagement.date_precision) == (datetime.date(2025, 7, 1), "month")
    page = admin_client_zh.get(f"/admin/visits/engagement/{engagement.pk}/change/").content.decode()
    assert 'value="114/07"' in page


@pytest.mark.django_db
def test_a_coarser_precision_chosen_wins_and_a_mismatched_end_is_an_error(admin_client_zh):
    response = _add_engagement(admin_client_zh, start_date="114年7月", date_precision="month")
    assert response.status_code == 302
    Engagement.objects.filter(slug="date-test").delete()
    response = _add_engagement(admin_client_zh, start_date="114年7月", date_precision="year")
    assert response.status_code == 302
    assert Engagement.objects.get(slug="date-test").date_precision == "year"
    Engagement.objects.filter(slug="date-test").delete()
    # Precision left at its default (day) but the end typed to the month: an error on the end.
    response = _add_engagement(admin_client_zh, start_date="114/7/3", end_date="114年8月")
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["end_date"] == [
        "開始與結束日期的精確度不同（日、月）：請寫到相同的精確度。"]


@pytest.mark.django_db
def test_government_system_and_weekday_forms_are_saved(admin_client_zh):
    response = _add_engagement(admin_client_zh, start_date="1140914", end_date="114/9/16（二）")
    assert response.status_code == 302, response.context["adminform"].form.errors
    engagement = Engagement.objects.get(slug="date-test")
    assert (engagement.start_date, engagement.end_date) == (datetime.date(2025, 9, 14), datetime.date(2025, 9, 16))
    page = admin_client_zh.get(f"/admin/visits/engagement/{engagement.pk}/change/").content.decode()
    assert 'value="114/09/14"' in page and 'value="114/09/16"' in page
    english = admin_client_zh.get(f"/admin/visits/engagement/{engagement.pk}/change/",
                                  HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'value="2025-09-14"' in english


@pytest.mark.django_db
def test_a_date_without_a_precision_still_needs_a_day(admin_client_zh):
    partnership = Partnership.objects.get(city__slug="kumamoto-city", kind="agreement")
    from tests.admin_forms import admin_form_data

    url = f"/admin/cities/partnership/{partnership.pk}/change/"
    data = admin_form_data(admin_client_zh.get(url))
    data["ended_on"] = "106年1月"
    response = admin_client_zh.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["ended_on"] == ["「106年1月」不是某一天：只寫到月。"]


@pytest.mark.django_db
def test_the_date_hierarchy_speaks_roc_years_in_the_chinese_admin(admin_client):
    # Every engagement of the sample data is of 2022: Django opens the hierarchy on its months.
    url = "/admin/visits/engagement/"
    chinese = admin_client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hant").content.decode()
    nav = chinese.split('class="toplinks"')[1].split("</nav>")[0]
    assert ">111/12</a>" in nav and ">2022" not in nav  # as the forms write a month
    days = admin_client.get(url + "?start_date__year=2022&start_date__month=12",
                            HTTP_ACCEPT_LANGUAGE="zh-hant").content.decode()
    assert "&lsaquo; 111年</a>" in days and ">111/12/20</a>" in days
    english = admin_client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert ">2022-12</a>" in english


@pytest.mark.django_db
def test_every_date_hierarchy_opens_on_a_day_in_the_chinese_admin(admin_client):
    """The class: a day chosen in any admin's hierarchy (its one choice has no link) is a page,
    not a 500; the San Antonio video conference is on 20 December 2022."""
    from django.contrib import admin

    checked = 0
    for model, model_admin in admin.site._registry.items():
        field = model_admin.date_hierarchy
        if not field:
            continue
        opts = model._meta
        response = admin_client.get(f"/admin/{opts.app_label}/{opts.model_name}/?{field}__year=2022&"
                                    f"{field}__month=12&{field}__day=20", HTTP_ACCEPT_LANGUAGE="zh-hant")
        assert response.status_code == 200, opts.label
        assert "&lsaquo; 111/12</a>" in response.content.decode(), opts.label
        checked += 1
    # Partnerships, exhibitions, gifts, engagements; django-axes' attempts, failures and logins.
    assert checked == 7
    days = admin_client.get("/admin/visits/engagement/?start_date__year=2022&start_date__month=12&"
                            "start_date__day=20", HTTP_ACCEPT_LANGUAGE="zh-hant")
    nav = days.content.decode().split('class="toplinks"')[1].split("</nav>")[0]
    assert days.context["cl"].result_count == 1 and "111/12/20" in nav and "12月20日" not in nav
