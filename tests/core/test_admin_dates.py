"""Every date a clerk reads in the admin is in the form the admin's language uses, the one its
forms use (issue 13): ROC numeric in Chinese (``55/06/30``, ``51/09`` for a date known to the
month), ISO in English; never Django's ``1966年6月30日``.

The class is every changelist column holding a date of every registered admin (a model date
field, or a column sorted by one), found from the admin site; each has its expectation here,
worked out by hand from the sample data (:mod:`datasets.sample_data`: Busan became a sister
city on 30 June 1966 = ROC 55; Honolulu in September 1962 = ROC 51, the month only)."""

from __future__ import annotations

import datetime
import html
import re

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Permission, User
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import QueryDict
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from cities.models import Partnership
from core.dates import DatePrecision
from core.models import Revision, RevisionStatus
from exhibitions.models import Exhibition, ExhibitionSeries, Item
from gifts.models import Gift, GiftLoan, InventoryWalk
from visits.models import Engagement, ReportingPeriod

pytestmark = pytest.mark.django_db

D = datetime.date
TAIPEI = datetime.timezone(datetime.timedelta(hours=8))
GREGORIAN_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|2\d\d\d)(?!\d)")

# Per admin's date column: the search that finds a record with the date, and the date as the
# list writes it in zh-hant and in en.
EXPECTED = {
    Partnership: {"established_on": [("釜山", "55/06/30", "1966-06-30"),
                                     ("檀香山", "51/09", "1962-09"),  # known to the month
                                     ("陶沙", "69年", "1980")],  # known to the year
                  "ended_on": [("熊本縣", "106/01/11", "2017-01-11")]},
    Engagement: {"dates": [("愛格涅", "111/08/09", "2022-08-09"),
                           ("hurricane-relief", "111/11", "2022-11")]},
    ExhibitionSeries: {"dates": [("主題展", "110/01起", "from 2021-01")]},
    Exhibition: {"dates": [("每月一城", "110/01至111/04", "2021-01 – 2022-04")]},
    Gift: {"date": [("賑災", "111/11", "2022-11")]},
    Item: {"given_on": [("釜山市市鑰", "111/05", "2022-05")]},
    InventoryWalk: {"started_on": [("", "111/12/01", "2022-12-01")],
                    "finished_on": [("", "111/12/02", "2022-12-02")]},
    Revision: {"created_at": [("q=釜山&state=all", "111/12/20 09:30", "2022-12-20 09:30")],
               "decided_at": [("q=釜山&state=all", "111/12/21 10:00", "2022-12-21 10:00")]},
    # The login-security logs (django-axes).
    AccessAttempt: {"attempt_time": [("clerk-a", "111/12/20 09:30", "2022-12-20 09:30")]},
    AccessLog: {"attempt_time": [("clerk-a", "111/12/20 09:30", "2022-12-20 09:30")],
                "logout_time": [("clerk-a", "111/12/21 10:00", "2022-12-21 10:00")]},
    AccessFailureLog: {"attempt_time": [("clerk-a", "111/12/20 09:30", "2022-12-20 09:30")]},
    # Django's own user admin (backoffice.admin.UserAdmin).
    User: {"last_login": [("clerk-b", "111/12/20 09:30", "2022-12-20 09:30")]},
}

AXES_ROW = {AccessAttempt: {"failures_since_start": 1}}


def date_columns(model_admin, request) -> list[str]:
    """The names of ``model_admin``'s list columns that hold a date: a date or date-time field
    of the model, or a column the list sorts by one."""
    names = []
    for entry in model_admin.get_list_display(request):
        name = getattr(entry, "__name__", entry)
        field_name = getattr(entry, "admin_order_field", None) or getattr(
            getattr(model_admin, name, None), "admin_order_field", None) or name
        try:
            field = model_admin.model._meta.get_field(field_name)
        except Exception:  # not a field: a computed column
            continue
        if isinstance(field, models.DateField):
            names.append(name)
    return names


@pytest.fixture
def undated_records(admin_user):
    """What the sample data leaves without a date: an item's date received, an inventory, a
    revision decided (the chapter tells of none)."""
    Item.objects.filter(name_zh_hant="釜山市市鑰").update(given_on=D(2022, 5, 1),
                                                        given_on_precision=DatePrecision.MONTH)
    InventoryWalk.objects.create(year=2022, started_on=D(2022, 12, 1), finished_on=D(2022, 12, 2))
    busan = Partnership.objects.get(city__slug="busan")
    Revision.objects.create(
        content_type=ContentType.objects.get_for_model(Partnership), object_id=busan.pk,
        record_label="釜山市", author=admin_user, reviewer=admin_user, status=RevisionStatus.APPROVED,
        created_at=datetime.datetime(2022, 12, 20, 9, 30, tzinfo=TAIPEI),
        decided_at=datetime.datetime(2022, 12, 21, 10, 0, tzinfo=TAIPEI), snapshot={})
    at = datetime.datetime(2022, 12, 20, 9, 30, tzinfo=TAIPEI)
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        model.objects.filter(pk=model.objects.create(**AXES_ROW.get(model, {}), username="clerk-a").pk).update(attempt_time=at)
    AccessLog.objects.update(logout_time=datetime.datetime(2022, 12, 21, 10, 0, tzinfo=TAIPEI))
    User.objects.create_user("clerk-b", is_staff=True, last_login=at)


def cells(page: str, column: str) -> list[str]:
    """The texts of the changelist cells of ``column`` (``<td class="field-<column>">``)."""
    found = re.findall(rf'<t[dh] class="field-{re.escape(column)}[ "][^>]*>(.*?)</t[dh]>', page, re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in found]


def changelist(client, model, query: str, language: str) -> str:
    """The changelist of ``model`` searched for ``query`` (or given that query string, with a
    ``=``) in ``language``."""
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    params = QueryDict(query) if "=" in query else {"q": query} if query else {}
    response = client.get(url, params, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, url
    return response.content.decode()


def test_every_date_column_of_every_admin_has_its_expectation(admin_user):
    """A new date column anywhere in the admin must be added here (and so be checked)."""
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    found = {model: set(date_columns(model_admin, request))
             for model, model_admin in admin.site._registry.items()}
    assert {model: set(columns) for model, columns in EXPECTED.items()} == {
        model: columns for model, columns in found.items() if columns}


@pytest.mark.parametrize("model", list(EXPECTED), ids=lambda model: model.__name__)
def test_changelist_dates_are_roc_in_chinese_and_iso_in_english(admin_client, undated_records, model):
    for column, cases in EXPECTED[model].items():
        for query, zh, en in cases:
            zh_cells = cells(changelist(admin_client, model, query, "zh-hant"), column)
            en_cells = cells(changelist(admin_client, model, query, "en"), column)
            assert zh in zh_cells, (column, query, zh_cells)
            assert en in en_cells, (column, query, en_cells)
            # No Gregorian year in any date cell of the Chinese list.
            assert [cell for cell in zh_cells if GREGORIAN_YEAR.search(cell)] == [], column


def test_a_date_column_sorts_by_its_date(admin_client):
    """The column that writes a date keeps the field's sort: oldest partnership first."""
    url = reverse("admin:cities_partnership_changelist")
    column = 2  # city, kind, established_on
    page = admin_client.get(url, {"o": str(column + 1)}, HTTP_ACCEPT_LANGUAGE="zh-hant").content.decode()
    assert cells(page, "established_on")[0] == "51/09"  # Honolulu, 1962: the first partnership


def test_readonly_dates_and_a_view_only_form_are_roc(client, django_user_model):
    """Read-only fields (the gift's report deadline, an embargo for a clerk who may not
    publish) and a form opened by a user who may only view the record."""
    gift = Gift.objects.get(slug="belize-city-hurricane-relief-supplies")
    Gift.objects.filter(pk=gift.pk).update(report_due_on=D(2022, 11, 30),
                                           publish_from=datetime.datetime(2022, 11, 1, 8, 0, tzinfo=TAIPEI))
    clerk = django_user_model.objects.create_user("clerk", password="x", is_staff=True)
    clerk.user_permissions.add(*Permission.objects.filter(codename__in=["change_gift", "view_gift"]))
    auditor = django_user_model.objects.create_user("auditor", password="x", is_staff=True)
    auditor.user_permissions.add(Permission.objects.get(codename="view_engagement"))
    url = reverse("admin:gifts_gift_change", args=[gift.pk])

    client.force_login(clerk)
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hant").content.decode()
    assert re.search(r'field-report_due_on.*?<div class="readonly">111/11/30</div>', page, re.S)
    assert re.search(r'field-publish_from.*?<div class="readonly">111/11/01 08:00</div>', page, re.S)
    assert 'name="publish_from_0"' not in page  # still read-only, not a second input
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert re.search(r'field-report_due_on.*?<div class="readonly">2022-11-30</div>', english, re.S)

    client.force_login(auditor)
    engagement = Engagement.objects.get(slug="2022-08-09-lithuanian-vice-minister")
    page = client.get(reverse("admin:visits_engagement_change", args=[engagement.pk]),
                      HTTP_ACCEPT_LANGUAGE="zh-hant").content.decode()
    assert re.search(r'field-start_date.*?<div class="readonly">111/08/09</div>', page, re.S)
    assert "2022年8月9日" not in page


def test_a_user_page_writes_the_last_login_and_date_joined_as_staff_type_them(admin_client):
    """Django's user admin: both dates read-only, in the admin's form (not Django's split
    date and time inputs, ``2022-12-20`` / ``09:30:00``)."""
    clerk = User.objects.create_user(
        "clerk-c", is_staff=True, last_login=datetime.datetime(2022, 12, 20, 9, 30, tzinfo=TAIPEI),
        date_joined=datetime.datetime(2021, 3, 1, 8, 5, tzinfo=TAIPEI))
    url = reverse("admin:auth_user_change", args=[clerk.pk])
    page = admin_client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hant").content.decode()
    assert re.search(r'field-last_login.*?<div class="readonly">111/12/20 09:30</div>', page, re.S)
    assert re.search(r'field-date_joined.*?<div class="readonly">110/03/01 08:05</div>', page, re.S)
    assert 'name="last_login_0"' not in page and "2022-12-20" not in page
    english = admin_client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert re.search(r'field-date_joined.*?<div class="readonly">2021-03-01 08:05</div>', english, re.S)


def test_the_date_hierarchy_writes_years_months_and_days_as_staff_type_them(admin_client):
    """Every engagement of the sample data is of 2022: Django opens the hierarchy on its
    months; a month opens on its days (Saint Lucia's prime minister came on 2022-12-01)."""
    url = reverse("admin:visits_engagement_changelist")
    nav = admin_client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hant").content.decode().split(
        'class="toplinks"')[1].split("</nav>")[0]
    assert ">111/12</a>" in nav and ">111/08</a>" in nav and ">2022" not in nav
    days = admin_client.get(url, {"start_date__year": "2022", "start_date__month": "12"},
                            HTTP_ACCEPT_LANGUAGE="zh-hant").content.decode()
    assert "&lsaquo; 111年</a>" in days and ">111/12/01</a>" in days and "12月1日" not in days
    english = admin_client.get(url, {"start_date__year": "2022", "start_date__month": "12"},
                               HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "&lsaquo; 2022</a>" in english and ">2022-12-01</a>" in english


def test_the_history_writes_dates_as_staff_type_them(admin_client):
    """A record's history: when each version was saved, and the dates it changed."""
    busan = Partnership.objects.get(city__slug="busan")
    busan.established_on = D(1966, 7, 1)
    busan.save()
    first, version = busan.history.order_by("history_date")[:2]
    busan.history.filter(pk=first.pk).update(history_date=datetime.datetime(2022, 12, 1, 8, 0, tzinfo=TAIPEI))
    busan.history.filter(pk=version.pk).update(
        history_date=datetime.datetime(2022, 12, 20, 9, 30, tzinfo=TAIPEI))
    url = reverse("admin:cities_partnership_history", args=[busan.pk])
    page = admin_client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hant").content.decode()
    assert "111/12/20 09:30" in page
    assert re.search(r"55/06/30\s*&nbsp;&rarr;&nbsp;&nbsp;55/07/01", page)
    assert "1966" not in page and "2022年" not in page
    english = admin_client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "2022-12-20 09:30" in english
    assert re.search(r"1966-06-30\s*&nbsp;&rarr;&nbsp;&nbsp;1966-07-01", english)


def test_the_review_page_writes_dates_as_staff_type_them(admin_client, admin_user):
    """The review queue's page of a revision: when it was submitted and decided, and a date
    it changes, to the record's precision."""
    honolulu = Partnership.objects.get(city__slug="honolulu")
    before = {"model": "cities.partnership", "pk": honolulu.pk,
              "fields": {"established_on": "1962-09-01", "established_precision": "month"}}
    after = {"model": "cities.partnership", "pk": honolulu.pk,
             "fields": {"established_on": "1962-10-01", "established_precision": "month"}}
    revision = Revision.objects.create(
        content_type=ContentType.objects.get_for_model(Partnership), object_id=honolulu.pk,
        record_label="檀香山市", author=admin_user, reviewer=admin_user, status=RevisionStatus.REJECTED,
        created_at=datetime.datetime(2022, 12, 20, 9, 30, tzinfo=TAIPEI),
        decided_at=datetime.datetime(2022, 12, 21, 10, 0, tzinfo=TAIPEI),
        snapshot={"before": [before], "after": [after], "others": [], "labels": {}})
    url = reverse("admin:core_revision_change", args=[revision.pk])
    page = admin_client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hant").content.decode()
    assert "111/12/20 09:30" in page and "111/12/21 10:00" in page
    assert "51/09" in page and "51/10" in page
    assert "2022年" not in page and "1962" not in page


def test_loans_and_the_gift_trail_write_dates_as_staff_type_them(admin_client):
    """A loan's name (each inline row shows it) and the gift's trail (a read-only field)."""
    gift = Gift.objects.get(slug="key-to-the-city-of-busan")
    exhibition = Exhibition.objects.get(slug="keys-to-the-city")
    loan = GiftLoan.objects.create(gift=gift, exhibition=exhibition, lent_on=D(2022, 5, 2),
                                   returned_on=D(2022, 12, 31))
    timezone.activate("Asia/Taipei")
    from django.utils import translation

    with translation.override("zh-hant"):
        assert str(loan) == "城市市鑰 (111/05/02)"
    with translation.override("en"):
        assert str(loan) == "Keys to the City (2022-05-02)"
    url = reverse("admin:gifts_gift_change", args=[gift.pk])
    page = admin_client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hant").content.decode()
    assert "111/05/02" in page and "111/12/31" in page and "111/05起" in page
    assert "2022-05-02" not in page and "2022-12-31" not in page


def test_half_years_and_inventories_are_named_as_staff_type_them():
    """A reporting period and an inventory are named by their half-year and year: 111年下半年,
    111年盤點 in Chinese (ROC), 2022H2 and Inventory 2022 in English."""
    from django.utils import translation

    period = ReportingPeriod.objects.get(year=2022, half=2)
    walk = InventoryWalk(year=2022)
    with translation.override("zh-hant"):
        assert (str(period), str(walk)) == ("111年下半年", "111年盤點")
    with translation.override("en"):
        assert (str(period), str(walk)) == ("2022H2", "Inventory 2022")
