"""The gift register's workbook: its sheets and columns from the source chapter's gifts, with
a value, a disposition and a place entered by the test (the chapter gives none), the command and
the admin page."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.contrib.auth.models import Permission, User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation
from odf import opendocument
from odf.table import Table as OdfTable

from gifts.models import Gift
from reports.gift_register import register_tables, write_register

pytestmark = pytest.mark.django_db


@pytest.fixture
def painting():
    """The San Antonio painting, as the office would complete its record."""
    gift = Gift.objects.get(slug="san-antonio-world-heritage-painting")
    gift.given_on = datetime.date(2022, 8, 12)
    gift.estimated_value, gift.currency, gift.value_in_home_currency = Decimal("1500"), "USD", Decimal("45000")
    gift.reported_on, gift.report_reference = datetime.date(2022, 8, 16), "高市政風字第1110001號"
    gift.disposition, gift.disposition_on = "displayed", datetime.date(2022, 8, 16)
    gift.building, gift.room, gift.case, gift.custodian = "四維行政中心", "3樓", "櫥窗2", "行國處"
    gift.save()
    return gift


def sheet(tables, key):
    return next(table for table in tables if table.key == key)


def test_the_sheets_of_2022(painting):
    tables = register_tables(2022, "zh-hant")
    assert [table.title for table in tables] == ["禮賓登記簿", "政風登記", "致贈禮品", "流向"]
    protocol = sheet(tables, "protocol")
    assert protocol.columns[:3] == ["受贈人（姓名及職稱）", "禮品", "受贈日期"]
    assert protocol.rows == [
        ["高雄市", "聖安東尼市世界文化遺產紀念畫作：聖安東尼市政府為慶祝兩市長年情誼，特別邀請當地藝術家以該市世界文化遺產為主題創作並贈予高雄之紀念畫作。",
         "111年8月12日", Decimal("1500.00"), "USD", Decimal("45000.00"), "展示；四維行政中心 / 3樓 / 櫥窗2", "聖安東尼市", ""],
        ["高雄市", "聖安東尼市締盟40周年紀念禮品", "", None, "", None, "未決定", "聖安東尼市",
         "111年12月20日 姊妹市締盟40周年視訊拜會"],
    ]
    ethics = sheet(tables, "ethics")
    assert ethics.rows[0][5:12] == [Decimal("45000.00"), "是", datetime.date(2022, 8, 17),
                                    datetime.date(2022, 8, 16), "高市政風字第1110001號", "展示",
                                    datetime.date(2022, 8, 16)]
    assert ethics.rows[1][6] == "價值未估定"
    given = sheet(tables, "given")
    assert [row[3] for row in given.rows] == ["捐贈貝里斯市賑災物資：牙刷、牙膏、毛巾", "致聖安東尼市締盟40周年紀念禮品"]
    trail = {row[0]: row for row in sheet(tables, "trail").rows}
    assert trail["san-antonio-world-heritage-painting"][6] == (
        "111年8月16日至8月28日 高雄市與美國德克薩斯州聖安東尼市姊妹市締盟40周年紀念展")
    assert trail["san-antonio-world-heritage-painting"][7:] == ["四維行政中心 / 3樓 / 櫥窗2", "", "行國處"]


def test_the_whole_register_has_the_undated_gifts_too():
    tables = register_tables(None, "en")
    assert {row[0] for row in sheet(tables, "trail").rows} == set(Gift.objects.values_list("slug", flat=True))
    assert sheet(tables, "protocol").columns[0] == "Recipient (name and title)"
    keys = [row for row in sheet(tables, "protocol").rows if row[1] == "Key to the City of Busan"]
    assert keys == [["Kaohsiung City", "Key to the City of Busan", "", None, "", None, "not decided", "Busan", ""]]
    assert register_tables(2021, "en")[0].rows == []


def test_the_files_hold_safe_cells(painting):
    painting.name_zh_hant = "=HYPERLINK(\"http://example.com\")"
    painting.save()
    workbook = openpyxl.load_workbook(io.BytesIO(write_register(2022, "zh-hant", "xlsx")))
    assert workbook.sheetnames == ["禮賓登記簿", "政風登記", "致贈禮品", "流向"]
    cell = workbook["流向"]["B2"]
    assert cell.value == "'=HYPERLINK(\"http://example.com\")" and cell.data_type == "s"
    assert workbook["禮賓登記簿"]["D2"].value == 1500
    document = opendocument.load(io.BytesIO(write_register(2022, "en", "ods")))
    assert [t.getAttribute("name") for t in document.spreadsheet.getElementsByType(OdfTable)] == [
        "Protocol register", "Ethics unit", "Gifts given", "Trail"]
    with pytest.raises(ValueError, match="unknown format 'csv'"):
        write_register(2022, "en", "csv")


def test_the_command(tmp_path):
    output = tmp_path / "register.xlsx"
    call_command("export_gift_register", "2022", "--output", str(output))
    assert openpyxl.load_workbook(output)["致贈禮品"].max_row == 3
    for year, name, message in (("111", "r.xlsx", "“111” is not a year"), ("1800", "r.xlsx", "outside 1900"),
                                ("2022", "r.docx", "cannot tell the format from “r.docx”")):
        with translation.override("en"), pytest.raises(CommandError, match=message):
            call_command("export_gift_register", year, "--output", str(tmp_path / name))


def test_the_admin_page(admin_client_zh):
    url = reverse("admin:reports_halfyearreport_gift_register")
    page = admin_client_zh.get(url).content.decode()
    assert '<option value="2022">2022</option>' in page and "整份登記簿" in page
    response = admin_client_zh.get(url, {"year": "2022", "language": "en", "format": "xlsx"})
    assert response["Content-Disposition"] == 'attachment; filename="gift-register-2022-en.xlsx"'
    assert openpyxl.load_workbook(io.BytesIO(response.content)).sheetnames[0] == "Protocol register"
    bad = admin_client_zh.get(url, {"year": "9999", "language": "en", "format": "xlsx"})
    assert bad.status_code == 200 and "errorlist" in bad.content.decode()
    changelist = admin_client_zh.get(reverse("admin:gifts_gift_changelist")).content.decode()
    assert url in changelist


def test_the_admin_page_needs_the_view_permission(client):
    clerk = User.objects.create_user("clerk", password="x", is_staff=True)
    client.force_login(clerk)
    url = reverse("admin:reports_halfyearreport_gift_register")
    assert client.get(url).status_code == 403
    clerk.user_permissions.add(Permission.objects.get(codename="view_gift"))
    assert client.get(url).status_code == 200
