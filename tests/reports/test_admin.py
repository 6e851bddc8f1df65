"""The admin "Half-year report" page and its downloads, and who may reach them."""

import io

import docx
import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

pytestmark = pytest.mark.django_db

PAGE = reverse("admin:reports_halfyearreport_changelist")
DOWNLOAD = reverse("admin:reports_halfyearreport_download")


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_user("staff", password="x", is_staff=True)
    client.force_login(user)
    client.user = user
    return client


def test_page_shows_totals_side_by_side_with_the_difference_flagged(admin_client_zh):
    response = admin_client_zh.get(PAGE, {"period": "2022H2", "language": "zh-hant"})
    assert response.status_code == 200
    chapter = response.context["chapter"]
    totals = chapter.totals
    assert (totals.reported_cases, totals.reported_person_times) == (22, 142)
    html = response.content.decode()
    # Computed 25 cases, 26 person-times (counted by hand in tests/reports/test_chapter.py).
    assert "<td>25</td>" in html and "<td>22</td>" in html
    assert "⚠ +3" in html and "⚠ -116" in html
    # The preview: headings and paragraphs of the chapter.
    assert "<h4>壹、姊妹市及友好夥伴城市國際交流近況</h4>" in html
    assert "計22案、142人次" in html
    for format_name in ("odt", "docx", "ods", "xlsx"):
        assert f"format={format_name}" in html
    # Records counted but not told are listed, so staff can write their narrative.
    assert len(chapter.without_narrative) > 0
    for record in chapter.without_narrative:
        assert str(record) in html


def test_page_without_a_choice_shows_the_newest_half_year_with_records(admin_client_zh):
    response = admin_client_zh.get(PAGE)
    assert response.status_code == 200
    assert response.context["form"].is_valid()
    # Today has no records; the sample data's 2022H2 is the chapter staff are writing.
    assert str(response.context["chapter"].period) == "2022H2"


def test_bad_choice_is_shown_on_the_form(admin_client_zh):
    response = admin_client_zh.get(PAGE, {"period": "2022H9", "language": "zh-hant"})
    assert response.status_code == 200
    assert response.context["chapter"] is None
    assert "period" in response.context["form"].errors


def test_downloads(admin_client):
    response = admin_client.get(DOWNLOAD, {"period": "2022H2", "language": "zh-hant", "format": "docx"})
    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    assert response["Content-Disposition"] == (
        'attachment; filename="2022H2-international-affairs-zh-hant.docx"')
    assert any("計22案、142人次" in p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
    response = admin_client.get(DOWNLOAD, {"period": "2022H2", "language": "en", "format": "xlsx"})
    assert openpyxl.load_workbook(io.BytesIO(response.content)).sheetnames[0] == "Totals"


def test_bad_download_is_refused_with_the_reason(admin_client):
    response = admin_client.get(DOWNLOAD, {"period": "2022H2", "language": "zh-hant", "format": "pdf"})
    assert response.status_code == 400
    assert "format" in response.content.decode()


def test_staff_without_the_permission_get_403(staff_client):
    assert staff_client.get(PAGE).status_code == 403
    response = staff_client.get(DOWNLOAD, {"period": "2022H2", "language": "zh-hant", "format": "odt"})
    assert response.status_code == 403
    assert b"halfyearreport" not in staff_client.get(reverse("admin:index")).content


def test_staff_with_the_permission_reach_the_page(staff_client):
    staff_client.user.user_permissions.add(Permission.objects.get(codename="export_report"))
    response = staff_client.get(PAGE, {"period": "2022H2", "language": "en"})
    assert response.status_code == 200
    assert "22 cases, 142 person-times" in response.content.decode()
    download = staff_client.get(DOWNLOAD, {"period": "2022H2", "language": "en", "format": "odt"})
    assert download.status_code == 200
    assert PAGE.encode() in staff_client.get(reverse("admin:index")).content


def test_anonymous_users_are_sent_to_the_login(client):
    response = client.get(PAGE)
    assert response.status_code == 302 and "/login/" in response["Location"]

