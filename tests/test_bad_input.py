"""Hostile or accidental input found by trying the product as a new user: control characters
pasted from a PDF, a NUL in a search, a CSV saved in Big5, the login address of `make run`."""

import io

import docx
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from core.names import normalise_name, tidy_text
from reports.builder import build_chapter
from reports.writers import write_docx
from tests.admin_forms import admin_form_data
from visits.models import Engagement

pytestmark = pytest.mark.django_db

PASTED = "從PDF貼上的摘要\x0c第二頁\x01"


def test_control_characters_are_not_part_of_a_name_or_an_imported_text():
    assert normalise_name("\x00") == ""
    assert normalise_name("朗\x00．尼倫伯格") == "朗尼倫伯格"
    assert tidy_text("標題\x00 \x0c 第二頁\x01") == "標題 第二頁"


def test_a_nul_in_the_search_is_ignored_not_an_error(client):
    response = client.get("/zh-hant/search/", {"q": "\x00"})
    assert response.status_code == 200
    assert response.context.get("result_count", 0) == 0
    with_nul = client.get("/zh-hant/search/", {"q": "尼倫\x00伯格"})
    assert with_nul.status_code == 200
    assert with_nul.context["result_count"] == client.get("/zh-hant/search/", {"q": "尼倫伯格"}).context["result_count"] > 0


def test_the_docx_chapter_survives_a_summary_with_control_characters():
    from core.dates import HalfYear

    Engagement.objects.filter(slug="2022-12-01-saint-lucia-prime-minister").update(summary_zh_hant=PASTED)
    chapter = build_chapter(HalfYear(2022, 2), "zh-hant")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(write_docx(chapter))).paragraphs)
    assert "從PDF貼上的摘要第二頁" in text


def test_the_admin_drops_pasted_control_characters(admin_client):
    engagement = Engagement.objects.get(slug="2022-12-01-saint-lucia-prime-minister")
    url = reverse("admin:visits_engagement_change", args=[engagement.pk])
    data = admin_form_data(admin_client.get(url))
    data["summary_zh_hant"] = PASTED
    assert admin_client.post(url, data).status_code == 302
    engagement.refresh_from_db()
    assert engagement.summary_zh_hant == "從PDF貼上的摘要第二頁"


def test_a_csv_not_in_utf8_is_one_clear_error(tmp_path):
    path = tmp_path / "visits.csv"
    path.write_bytes("title_zh_hant,start_date\n接待,2023-01-05\n".encode("big5"))
    with pytest.raises(CommandError, match="UTF-8"):
        call_command("import_records", "engagements", str(path))
    broken = tmp_path / "visits.xlsx"
    broken.write_text("not a workbook")
    with pytest.raises(CommandError, match="XLSX"):
        call_command("import_records", "engagements", str(broken))


def test_the_local_login_line_names_the_address_served(settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("ensure_local_admin", "--address", "127.0.0.1:8030", stdout=out)
    assert "http://127.0.0.1:8030/admin/" in out.getvalue()
