"""Import files built to hurt (issue 13, "Crashes and exhaustion"): empty, garbage, misspelt or
odd headers, damaged or lying workbooks, files that claim or unpack to millions of cells. Each is
a message saying what to do, in the clerk's language, in the admin and from import_file, read in
bounded time and memory; nothing is written."""

import contextlib
import io
import tracemalloc
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from core import spreadsheets
from core.imports import import_file
from core.spreadsheets import TableError, read_table
from tests.visits.test_imports import xlsx_bytes as xlsx
from visits.models import Engagement
from visits.resources import EngagementResource

pytestmark = pytest.mark.django_db

SAN_ANTONIO_VIDEO = "2022-12-20-san-antonio-40th-anniversary-video-conference"


def rewrite_sheet(data: bytes, change) -> bytes:
    """``data`` (a workbook) with its first sheet's XML passed through ``change``."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = change(body)
            target.writestr(info.filename, body)
    return out.getvalue()


def base_workbook(rows=1) -> bytes:
    return xlsx(["slug", "place_zh_hant"], [[SAN_ANTONIO_VIDEO, f"地點{n}"] for n in range(rows)])


def messages_of(data, file_format="csv") -> list[str]:
    with translation.override("zh-hant"):
        try:
            return import_file(EngagementResource(), data, file_format, dry_run=True).messages()
        except ValueError as error:
            return [str(error)]


def admin_errors(client, data, name, file_format_index) -> str:
    response = client.post("/admin/visits/engagement/import/", {
        "format": file_format_index, "resource": "0", "import_file": SimpleUploadedFile(name, data)})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Traceback" not in html and "encountered while trying to read" not in html
    return html


EMPTY = "檔案是空的：第 1 列須為欄位名稱（可於匯入頁面下載範本）。"


@pytest.mark.parametrize(("label", "data", "message"), [
    ("empty", b"", EMPTY),
    ("blank lines only", b"\n\n\n\n", EMPTY),
    ("spaces only", b"   \n  \n", EMPTY),
    ("data below a blank row 1", b"\nslug\nx\n", "第 1 列是空的：須為欄位名稱，資料自第 2 列起（可於匯入頁面下載範本）。"),
    ("semicolons", b"slug;place_zh_hant\nx;y\n", "欄位似乎以「;」分隔：請另存為「CSV UTF-8（逗號分隔）」後再匯入。"),
    ("a cell too long", b"slug,place_zh_hant\nx," + b"a" * 200_000 + b"\n",
     "第 2 列無法讀取：有儲存格超過 131,072 個字元，或引號未結束。"),
    ("not UTF-8", "slug,place_zh_hant\nx,高雄\n".encode("big5"), "此CSV檔案不是UTF-8編碼"),
])
def test_unreadable_csv_files_say_what_to_do(admin_client_zh, label, data, message):
    assert any(message in line for line in messages_of(data)), messages_of(data)
    # An upload of 0 bytes is refused by Django's file field before it is read.
    expected = "送出的檔案是空的。" if data == b"" else message
    assert expected in admin_errors(admin_client_zh, data, "f.csv", "0")


@pytest.mark.parametrize("header", ["Slug", "ｓｌｕｇ", "slug\u200b", "\ufeff\ufeffslug", " SLUG "])
def test_a_header_written_another_way_is_its_column(header):
    data = f"{header},place_zh_hant\n{SAN_ANTONIO_VIDEO},視訊\n".encode()
    assert messages_of(data) == []


def test_a_misspelt_required_header_is_a_header_error_not_a_500(admin_client_zh):
    # Was a KeyError: the rows were read for the column the header check had found missing.
    data = b"slgu,kind,title_zh_hant,start_date\nnew-x,reception,t,2022-01-01\n"
    assert messages_of(data)[0].startswith("檔案沒有「slug」欄")
    assert "（是否指「slug」？）" in messages_of(data)[1]
    assert "檔案沒有「slug」欄" in admin_errors(admin_client_zh, data, "f.csv", "0")


def test_two_headers_that_are_one_column_are_refused():
    data = f"slug,Slug\n{SAN_ANTONIO_VIDEO},{SAN_ANTONIO_VIDEO}\n".encode()
    assert messages_of(data) == ["A、B 欄的欄名都是「slug」：請只保留一欄。"]


def test_garbage_is_a_header_error():
    data = "亂碼@@@\x1b[31m\n%%%\n".encode()
    assert messages_of(data)[0] == "檔案沒有「slug」欄；應有的欄位：slug、kind、title_zh_hant、title_en、start_date、end_date、date_precision、place_zh_hant、place_en、summary_zh_hant、summary_en、headcount、countries、cities、bureaus、topics。"


@pytest.mark.parametrize(("label", "make"), [
    ("an empty workbook", lambda: (lambda out: (openpyxl.Workbook().save(out), out.getvalue())[1])(io.BytesIO())),
    ("a zip that is no workbook", lambda: _zip({"word/document.xml": b"<x/>"})),
    ("not a zip at all", lambda: b"PK\x03\x04 garbage"),
    ("numeric headers", lambda: xlsx([1, 2], [["x", "y"]])),
])
def test_damaged_or_strange_workbooks_say_what_to_do(admin_client_zh, label, make):
    lines = messages_of(make(), "xlsx")
    assert lines and all("Traceback" not in line for line in lines)
    expected = {"an empty workbook": EMPTY, "numeric headers": "檔案沒有「slug」欄"}.get(
        label, "此檔案不是有效的XLSX活頁簿")
    assert any(expected in line for line in lines), lines
    assert expected in admin_errors(admin_client_zh, make(), "f.xlsx", "1")


def _zip(members) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, body in members.items():
            archive.writestr(name, body)
    return out.getvalue()


@contextlib.contextmanager
def bounded_allocation(limit_mib: int = 50):
    """Fail when the block allocates more than ``limit_mib`` MiB at its peak (tracemalloc): how a
    hostile sheet that once took 31 s and 3 GB is told apart from a well-read one, by a figure
    that, unlike a duration, the machine's load cannot change."""
    tracemalloc.start()
    try:
        yield
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < limit_mib * 2**20, f"{peak / 2**20:.0f} MiB allocated"


def test_a_sheet_claiming_every_cell_reads_only_what_it_holds():
    data = rewrite_sheet(base_workbook(3), lambda body: body.replace(b'<dimension ref="A1:B4"/>',
                                                                       b'<dimension ref="A1:XFD1048576"/>'))
    with bounded_allocation():  # 20,000 × 16,384 empty cells took 31 s and 3 GB
        headers, rows = read_table(data, "xlsx")
    assert headers == ["slug", "place_zh_hant"] and len(rows) == 3 and all(len(row) == 2 for row in rows)


def test_a_sheet_claiming_fewer_rows_than_it_holds_loses_none():
    data = rewrite_sheet(base_workbook(9), lambda body: body.replace(b'<dimension ref="A1:B10"/>',
                                                                       b'<dimension ref="A1:B2"/>'))
    headers, rows = read_table(data, "xlsx")
    assert [row[1] for row in rows] == [f"地點{n}" for n in range(9)]  # openpyxl alone read 1 of 9


def test_one_cell_at_the_last_row_stops_early(settings):
    far = b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    data = rewrite_sheet(base_workbook(), lambda body: body.replace(b"</sheetData>", far))
    assert len(data) < 10_000
    # bounded: stopped at the row limit, not after a million empty rows
    with translation.override("zh-hant"), pytest.raises(TableError) as error, bounded_allocation():
        read_table(data, "xlsx")
    assert str(error.value).startswith("檔案超過 20,000 列")


def test_too_many_rows_are_refused_while_reading(settings):
    settings.IMPORT_MAX_ROWS = 50
    with translation.override("zh-hant"), pytest.raises(TableError, match="檔案超過 50 列"):
        read_table(base_workbook(51), "xlsx")
    assert len(read_table(base_workbook(50), "xlsx")[1]) == 50


def test_a_value_beyond_the_last_allowed_column_is_refused(settings):
    settings.IMPORT_MAX_COLUMNS = 60
    wide = b'<row r="3"><c r="BI3" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'  # column 61
    data = rewrite_sheet(base_workbook(), lambda body: body.replace(b"</sheetData>", wide))
    with translation.override("zh-hant"), pytest.raises(TableError) as error:
        read_table(data, "xlsx")
    assert str(error.value) == "第 3 列在第 60 欄之後仍有資料：匯入檔案最多 60 欄。"


def test_a_workbook_that_unpacks_too_large_is_refused_before_unzipping(settings):
    settings.IMPORT_MAX_UNZIPPED_BYTES = 1_000_000
    rows = b"".join(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>x</t></is></c></row>' % (i, i)
                    for i in range(3, 30_000))
    data = rewrite_sheet(base_workbook(), lambda body: body.replace(b"</sheetData>", rows + b"</sheetData>"))
    assert len(data) < 200_000
    with translation.override("zh-hant"), pytest.raises(TableError) as error:
        read_table(data, "xlsx")
    assert str(error.value).startswith("活頁簿解壓縮後")


def test_a_member_lying_about_its_size_is_not_read_past_it():
    data = base_workbook()
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo("xl/worksheets/sheet1.xml")
    # The sheet's declared (unpacked) size, in its local header and the central directory, made
    # 10 bytes: zipfile stops there and fails the CRC check, so declared sizes bound the unpacking.
    lying = data.replace(info.file_size.to_bytes(4, "little"), (10).to_bytes(4, "little"))
    assert lying != data
    with pytest.raises(TableError):
        read_table(lying, "xlsx")


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(admin_client_zh, settings, monkeypatch):
    settings.IMPORT_MAX_BYTES = 5 * 1024 * 1024
    read = []
    monkeypatch.setattr(spreadsheets, "_csv_rows", lambda data: read.append(1) or iter(()))
    data = b"slug\n" + b"x" * (5 * 1024 * 1024 - 4)
    assert len(data) == 5 * 1024 * 1024 + 1
    html = admin_errors(admin_client_zh, data, "big.csv", "0")
    assert "此檔案為 5.2 MB，匯入檔案最大為 5.2 MB：請分成數個檔案。" in html
    assert read == []
    assert not Engagement.objects.filter(slug="x").exists()
