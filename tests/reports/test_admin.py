"""The admin "Half-year report" page and its downloads, and who may reach them."""

import datetime
import io

import docx
import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from cities.models import City
from reports.forms import periods_on_record
from tests import factories
from visits.models import ReportingPeriod

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
    # The preview: headings and paragraphs of the chapter, numbered as the source.
    assert "<h4>1、姊妹市及友好夥伴城市國際交流近況</h4>" in html and "<h6>1. 姊妹市締盟40周年紀念展</h6>" in html
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



def test_every_half_year_with_a_record_is_offered():
    # Worked out from the sample data: engagements start in 2022H2 only; the series and its
    # exhibitions run from 2021-01 (2021H1, 2021H2, 2022H1, and 2022H2 for the keys and mascots);
    # partnerships placed by day or month: Honolulu 1962-09, Busan 1966-06-30, Portland 1988-10,
    # Brisbane 1997-09, Belize City 2005-02, Hachioji 2006-11, the Kumamoto MOUs 2013-09, their
    # upgrade and end 2017-01 and Daejeon 2017-06, Daegu 2018-09, Suwon 2019-02; the reporting
    # period 2022H2. Tulsa (1980), San Antonio (1982) and the Erzgebirgskreis (1993) are known
    # only to the year.
    assert sorted(str(p) for p in periods_on_record()) == [
        "1962H2", "1966H1", "1988H2", "1997H2", "2005H1", "2006H2", "2013H2", "2017H1", "2018H2", "2019H1",
        "2021H1", "2021H2", "2022H1", "2022H2"]


@pytest.mark.parametrize("period, expected", [("2017H1", "2017H1"), ("2022h2", "2022H2"), (" 2030 H1 ", "2030H1")])
def test_any_half_year_is_exported_listed_or_not(admin_client_zh, period, expected):
    """2017H1 has partnerships only, 2030H1 one exhibition only (a factory), 2022h2 is typed."""
    factories.exhibition("2030-only-exhibition", "一一九年特展", start_date=datetime.date(2030, 3, 1),
                         status=factories.PUBLISHED)
    response = admin_client_zh.get(DOWNLOAD, {"period": period, "language": "zh-hant", "format": "odt"})
    assert response.status_code == 200
    assert f'filename="{expected}-international-affairs-zh-hant.odt"' in response["Content-Disposition"]
    page = admin_client_zh.get(PAGE, {"period": period, "language": "zh-hant"})
    assert str(page.context["chapter"].period) == expected
    assert f'<option value="{expected}" selected>' in page.content.decode()


# A NUL in an address is dropped before any view reads it (core.middleware), as everywhere on the
# site: tests/core/test_hostile_urls.py checks the report page with one.
@pytest.mark.parametrize("period", ["2022H3", "111H2", "0000H1", ""])
def test_a_bad_half_year_is_refused_alike_by_the_page_and_the_command(admin_client, period, tmp_path):
    message = f"“{period}” is not a half-year: write it like 2022H2 or 2023H1."
    response = admin_client.get(DOWNLOAD, {"period": period, "language": "zh-hant", "format": "odt"},
                                headers={"accept-language": "en"})
    assert response.status_code == 400
    page = admin_client.get(PAGE, {"period": period, "language": "zh-hant"}, headers={"accept-language": "en"})
    assert page.status_code == 200 and page.context["chapter"] is None
    if period:
        assert page.context["form"].errors["period"] == [message]
        assert message in response.content.decode()
        with translation.override("en"), pytest.raises(CommandError) as error:
            call_command("export_report", period, "--output", str(tmp_path / "x.odt"))
        assert str(error.value) == message
    else:
        assert "period" in page.context["form"].errors


def test_the_page_offers_the_outline_level_and_carries_it_to_the_downloads(admin_client_zh):
    response = admin_client_zh.get(PAGE, {"period": "2022H2", "language": "zh-hant", "outline_level": "1"})
    html = response.content.decode()
    assert "<h4>壹、姊妹市及友好夥伴城市國際交流近況</h4>" in html
    assert "outline_level=1" in html
    assert '<option value="4">1、 （1） 1. · i. (1) (i)</option>' in html
    download = admin_client_zh.get(DOWNLOAD, {"period": "2022H2", "language": "zh-hant", "format": "docx",
                                              "outline_level": "1"})
    assert docx.Document(io.BytesIO(download.content)).paragraphs[1].text == "壹、姊妹市及友好夥伴城市國際交流近況"


def test_the_page_links_to_the_periods_figures_and_opening_texts(admin_client_zh):
    html = admin_client_zh.get(PAGE, {"period": "2022H2", "language": "zh-hant"}).content.decode()
    period = ReportingPeriod.objects.get(year=2022, half=2)
    assert reverse("admin:visits_reportingperiod_change", args=[period.pk]) in html
    html = admin_client_zh.get(PAGE, {"period": "2030H1", "language": "zh-hant"}).content.decode()
    assert f"{reverse('admin:visits_reportingperiod_add')}?year=2030&amp;half=1" in html


def test_partnerships_known_only_to_the_year_are_listed_on_the_page(admin_client_zh):
    html = admin_client_zh.get(PAGE, {"period": "1980H2", "language": "zh-hant"}).content.decode()
    tulsa = City.objects.get(slug="tulsa")
    assert reverse("admin:cities_city_change", args=[tulsa.pk]) in html
