"""Retention of personal data (backoffice/retention.py, ``purge_personal_data``)."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from backoffice.retention import purge
from core.dates import HalfYear
from tests.admin_forms import admin_form_data
from visits.models import Engagement, Person

pytestmark = pytest.mark.django_db

RON = "朗．尼倫伯格"
SECRETS = {"phone": "+1 210 555 0100", "passport_number": "X7654321", "dietary_needs": "無麩質",
           "notes": "喜歡馬刺隊"}


def at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


@pytest.fixture(autouse=True)
def import_tmp_dir(settings, tmp_path):
    """The command also purges old import files: here, of an empty directory of the test's."""
    settings.IMPORT_TMP_DIR = tmp_path / "import-tmp"


@pytest.fixture
def ron() -> Person:
    """The San Antonio mayor, his passport and phone entered on 1 December 2022 for the
    mayors' video conference of 20 December 2022, his only engagement."""
    person = Person.objects.get(name_zh_hant=RON)
    for name, value in SECRETS.items():
        setattr(person, name, value)
    person.save()
    person.history.update(history_date=at(datetime.date(2022, 12, 1)))
    return person


def deleted_person(name: str, deleted: datetime.date) -> int:
    """A guest entered with an email and deleted on ``deleted``; returns their id."""
    person = Person.objects.create(name_zh_hant=name, email=f"{name}@example.org")
    pk = person.pk
    person.delete()
    Person.history.filter(id=pk).update(history_date=at(deleted))
    return pk


def test_a_person_is_due_the_day_after_the_retention_years_end(ron):
    """His last activity is the video conference on 2022-12-20: with one year of retention the
    data stays on 2023-12-20 and goes on 2023-12-21."""
    assert purge(datetime.date(2023, 12, 20), years=1, grace_days=30, dry_run=True) == []
    (due,) = purge(datetime.date(2023, 12, 21), years=1, grace_days=30, dry_run=True)
    assert (due.pk, due.reason) == (ron.pk, "last activity 2022-12-20")


def test_a_change_to_the_record_counts_as_activity(ron):
    ron.history.filter(history_type="~").update(history_date=at(datetime.date(2023, 3, 1)))
    assert purge(datetime.date(2023, 12, 21), years=1, grace_days=30, dry_run=True) == []


def test_dry_run_lists_what_would_go_and_changes_nothing(ron, monkeypatch):
    today = datetime.date(2023, 12, 21)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: today)
    old = deleted_person("訪客甲", today - datetime.timedelta(days=40))
    deleted_person("訪客乙", today - datetime.timedelta(days=10))  # within the 30-day grace
    out = StringIO()
    call_command("purge_personal_data", "--dry-run", "--years", "1", stdout=out)
    assert out.getvalue().splitlines() == [
        f"Would purge #{ron.pk} {RON} (last activity 2022-12-20): phone, passport_number, dietary_needs, "
        "notes, in the person and 1 history versions",
        f"Would purge #{old} 訪客甲 (deleted 2023-11-11): email, in 2 history versions",
        "Would purge the personal data of 2 people (3 history versions).",
        "Would purge the personal data kept in 0 review revisions.",
        "Would purge 0 uploaded import files older than 24 hours.",
    ]
    ron.refresh_from_db()
    assert {name: getattr(ron, name) for name in SECRETS} == SECRETS
    assert Person.history.filter(id=old, email="訪客甲@example.org").count() == 2


def test_purge_blanks_the_person_and_every_version_and_keeps_the_record_of_the_visit(ron, monkeypatch):
    today = datetime.date(2028, 1, 1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: today)
    old = deleted_person("訪客甲", datetime.date(2027, 6, 1))
    totals = Engagement.objects.in_period(HalfYear(2022, 2)).totals()
    participations = list(ron.participations.values_list("engagement__slug", "title_en"))
    out = StringIO()
    call_command("purge_personal_data", stdout=out)  # the default five years
    assert out.getvalue().splitlines()[-3] == "Purged the personal data of 2 people (3 history versions)."
    ron.refresh_from_db()
    assert [getattr(ron, name) for name in Person.PERSONAL_DATA_FIELDS] == [""] * 5
    for version in [*ron.history.all(), *Person.history.filter(id=old)]:
        assert [getattr(version, name) for name in Person.PERSONAL_DATA_FIELDS] == [""] * 5
    assert (ron.name_zh_hant, ron.name_en) == (RON, "Ron Nirenberg")
    assert list(ron.participations.values_list("engagement__slug", "title_en")) == participations
    assert Engagement.objects.in_period(HalfYear(2022, 2)).totals() == totals == {"cases": 25, "person_times": 26}

    out = StringIO()
    call_command("purge_personal_data", stdout=out)
    assert out.getvalue() == ("Purged the personal data of 0 people (0 history versions).\n"
                              "Purged the personal data kept in 0 review revisions.\n"
                              "Purged 0 uploaded import files older than 24 hours.\n")


def test_years_must_be_positive():
    with pytest.raises(CommandError, match="^purge_personal_data：--years 須為 1 以上，不可為 0$"):
        call_command("purge_personal_data", "--years", "0")


def test_a_form_opened_before_the_purge_cannot_write_the_data_back(ron, monkeypatch, admin_client):
    """The purge bypasses ``save()``; it bumps the version (core.concurrency), so an organiser's
    page of the person opened before it is refused instead of storing the passport again."""
    url = reverse("admin:visits_person_change", args=[ron.pk])
    data = admin_form_data(admin_client.get(url))
    assert data["passport_number"] == "X7654321"
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: datetime.date(2028, 1, 1))
    call_command("purge_personal_data", stdout=StringIO())
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "在您開啟此頁之後已被另一次儲存修改" in str(response.context["adminform"].form.non_field_errors())
    ron.refresh_from_db()
    assert ron.passport_number == ""
