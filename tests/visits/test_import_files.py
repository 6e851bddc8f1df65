"""An uploaded import file (a visitor list is personal data) does not outlive its purpose: it is
deleted when its preview offers no confirm, after the confirm, on cancel, and by
``purge_personal_data`` (and before each upload) once older than ``IMPORT_TMP_MAX_AGE_HOURS``
(core.import_storage)."""

import datetime
import os
import stat
import time
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from visits.models import Engagement, Participation

URL = "/admin/visits/participation/import/"
CONFIRM = "/admin/visits/participation/process_import/"
SAN_ANTONIO_VIDEO = "2022-12-20-san-antonio-40th-anniversary-video-conference"
HEADER = "engagement,name_zh_hant,name_en,role,passport_number\n"
GOOD = (HEADER + f"{SAN_ANTONIO_VIDEO},測試訪賓甲,Visitor Alpha,member,X1234567\n").encode()
BAD = (HEADER + "no-such-engagement,測試訪賓甲,Visitor Alpha,member,X1234567\n").encode()


@pytest.fixture
def tmp_dir(settings, tmp_path):
    settings.IMPORT_TMP_DIR = tmp_path / "import-tmp"
    return settings.IMPORT_TMP_DIR


def files(directory) -> list:
    return sorted(directory.iterdir()) if directory.exists() else []


def preview(client, data: bytes):
    return client.post(URL, {"format": "0", "import_file": SimpleUploadedFile("list.csv", data)})


@pytest.mark.django_db
def test_a_preview_keeps_the_file_for_its_confirm_readable_by_the_server_only_then_the_confirm_deletes_it(
        admin_client_zh, tmp_dir):
    page = preview(admin_client_zh, GOOD)
    confirm = page.context["confirm_form"]
    (kept,) = files(tmp_dir)
    assert kept.read_bytes() == GOOD
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert confirm["import_file_name"].value() == kept.name
    assert "取消" in page.content.decode()  # the cancel button, in the admin's language
    done = admin_client_zh.post(CONFIRM, {name: confirm[name].value() for name in confirm.fields})
    assert done.status_code == 302
    assert Participation.objects.filter(person__name_en="Visitor Alpha").count() == 1
    assert files(tmp_dir) == []
    # Confirmed twice (a double click, the back button): the file is gone, staff are told so.
    again = admin_client_zh.post(CONFIRM, {name: confirm[name].value() for name in confirm.fields},
                                 follow=True)
    assert again.status_code == 200
    assert "預覽的檔案已不存在" in again.content.decode()
    assert Participation.objects.filter(person__name_en="Visitor Alpha").count() == 1


@pytest.mark.django_db
def test_a_preview_with_errors_keeps_no_file(admin_client_zh, tmp_dir):
    page = preview(admin_client_zh, BAD)
    assert page.context["result"].has_validation_errors()
    assert files(tmp_dir) == []


@pytest.mark.django_db
def test_cancel_deletes_the_file_and_imports_nothing(admin_client_zh, tmp_dir):
    confirm = preview(admin_client_zh, GOOD).context["confirm_form"]
    assert len(files(tmp_dir)) == 1
    done = admin_client_zh.post(CONFIRM, {**{name: confirm[name].value() for name in confirm.fields},
                                          "cancel": "取消"}, follow=True)
    assert done.status_code == 200
    assert "已取消匯入" in done.content.decode()
    assert files(tmp_dir) == []
    assert not Participation.objects.filter(person__name_en="Visitor Alpha").exists()


@pytest.mark.django_db
def test_a_confirm_naming_another_file_is_refused_and_deletes_nothing(admin_client_zh, tmp_dir, tmp_path):
    victim = tmp_path / "victim.csv"
    victim.write_bytes(GOOD)
    confirm = preview(admin_client_zh, GOOD).context["confirm_form"]
    values = {name: confirm[name].value() for name in confirm.fields}
    for name in ("../victim.csv", str(victim), ""):
        done = admin_client_zh.post(CONFIRM, {**values, "import_file_name": name}, follow=True)
        assert done.status_code == 200
        assert "無法辨識預覽的檔案" in done.content.decode()
    assert victim.read_bytes() == GOOD
    assert not Engagement.objects.filter(slug="victim").exists()


@pytest.mark.django_db
def test_files_older_than_the_setting_are_purged_by_purge_personal_data_and_before_an_upload(
        admin_client_zh, tmp_dir, settings):
    settings.IMPORT_TMP_MAX_AGE_HOURS = 24
    preview(admin_client_zh, GOOD)
    preview(admin_client_zh, GOOD)
    old, recent = files(tmp_dir)
    other = tmp_dir / "notes.txt"  # not an import file: left alone
    other.write_text("x")
    day_ago = time.time() - 24 * 3600 - 60
    os.utime(old, (day_ago, day_ago))
    out = StringIO()
    call_command("purge_personal_data", "--dry-run", stdout=out)
    assert "Would purge 1 uploaded import files older than 24 hours." in out.getvalue()
    assert old.exists()
    out = StringIO()
    call_command("purge_personal_data", stdout=out)
    assert "Purged 1 uploaded import files older than 24 hours." in out.getvalue()
    assert files(tmp_dir) == sorted([recent, other])
    # A new upload purges too: the recent file, once over the age, goes with the next preview.
    day_ago = time.time() - 24 * 3600 - 60
    os.utime(recent, (day_ago, day_ago))
    preview(admin_client_zh, GOOD)
    assert recent not in files(tmp_dir) and len(files(tmp_dir)) == 2


def test_purge_import_files_compares_the_age_with_the_setting(tmp_dir):
    from core.import_storage import StaffTempStorage, purge_import_files

    storage = StaffTempStorage()
    storage.save(GOOD)
    now = datetime.datetime.fromtimestamp(storage.path().stat().st_mtime, tz=datetime.UTC)
    assert purge_import_files(now=now + datetime.timedelta(hours=23, minutes=59)) == []
    assert purge_import_files(now=now + datetime.timedelta(hours=24, seconds=1)) == [storage.path()]
    assert not storage.path().exists()
