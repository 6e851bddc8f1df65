"""The import page explains every column and offers a template to download (issue 13: the page
listed column keys only); the template's example row is refused if left in."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from core.imports import import_file
from visits.resources import EngagementResource, VisitorListResource

pytestmark = pytest.mark.django_db

PAGES = {"/admin/visits/engagement/": EngagementResource, "/admin/visits/participation/": VisitorListResource}


@pytest.mark.parametrize("base", PAGES)
def test_the_templates_have_the_import_s_columns_and_an_example_row(admin_client_zh, base):
    resource = PAGES[base]()
    csv_file = admin_client_zh.get(f"{base}import/template.csv")
    assert csv_file.status_code == 200 and csv_file["Content-Type"].startswith("text/csv")
    text = csv_file.content.decode("utf-8")
    assert text.startswith("\ufeff")
    header = text.lstrip("\ufeff").splitlines()[0].split(",")
    assert header == resource.accepted_columns()
    workbook = admin_client_zh.get(f"{base}import/template.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(workbook.content))
    assert book.sheetnames == ["資料", "可選值", "說明"]
    data = book["資料"]
    assert [cell.value for cell in data[1]] == resource.accepted_columns()
    assert [row[0].value for row in book["說明"].iter_rows(min_row=2)] == resource.accepted_columns()


def test_the_workbook_marks_required_columns_and_lists_the_choices(admin_client_zh):
    book = openpyxl.load_workbook(io.BytesIO(admin_client_zh.get(
        "/admin/visits/engagement/import/template.xlsx").content))
    data = book["資料"]
    bold = [cell.value for cell in data[1] if cell.font.bold]
    assert bold == ["slug", "kind", "title_zh_hant", "start_date"]  # slug always, the rest for a new one
    kind = next(cell for cell in data[1] if cell.value == "kind")
    assert "reception（外賓接待）" in kind.comment.text
    lists = {str(v.sqref).split(":")[0]: v for v in data.data_validations.dataValidation}
    assert set(lists) == {f"{kind.column_letter}2", "G2"}  # kind and date_precision, the choice columns
    assert lists[f"{kind.column_letter}2"].type == "list"


def test_the_import_page_explains_each_column(admin_client_zh):
    html = admin_client_zh.get("/admin/visits/engagement/import/").content.decode()
    assert 'href="/admin/visits/engagement/import/template.xlsx"' in html
    assert "<th scope=\"row\"><code>countries</code></th><td>國家</td>" in html
    assert "代碼、ISO 代碼或名稱" in html and "新增資料時必填" in html


def test_the_example_row_left_in_is_refused():
    template = EngagementResource().column_spec()
    row = {column.header: column.example for column in template}
    data = ("\ufeff" + ",".join(row) + "\n" + ",".join(row.values()) + "\n").encode()
    from django.utils import translation

    with translation.override("zh-hant"):
        assert import_file(EngagementResource(), data, "csv").messages() == [
            "第 2 列：這是範本的範例列：請刪除，或以您的資料覆寫。"]


def test_the_template_needs_the_import_permission(client):
    from django.contrib.auth import get_user_model

    viewer = get_user_model().objects.create_user("viewer-template", password="a-long-pass-phrase-42",
                                                  is_staff=True)
    client.force_login(viewer)
    assert client.get("/admin/visits/engagement/import/template.csv").status_code == 403


def test_an_unknown_template_format_is_not_found(admin_client):
    assert admin_client.get("/admin/visits/engagement/import/template.ods").status_code == 404


def test_the_filled_template_imports(admin_client_zh):
    data = ("slug,kind,title_zh_hant,start_date,countries\n"
            "2025-10-01-gdynia-delegation,reception,格丁尼亞市訪團,114/10/1,PL\n").encode()
    response = admin_client_zh.post("/admin/visits/engagement/import/", {
        "format": "0", "resource": "0", "import_file": SimpleUploadedFile("t.csv", data)})
    assert "找不到「PL」這個國家或地區" in response.content.decode()  # Poland is not in the sample data


def test_the_export_page_has_no_inline_handler_for_the_csp_to_block(admin_client_zh):
    html = admin_client_zh.get("/admin/visits/engagement/export/").content.decode()
    assert 'class="select-toggle"' in html and "onchange=" not in html
    assert "core/js/admin-export.js" in html


@pytest.mark.django_db
def test_a_column_naming_a_related_record_by_its_key_is_labelled_by_the_relation():
    # A trial's clerk read 「網址代稱」 (slug) beside the visitor list's country column.
    with translation.override("zh-hant"):
        labels = {column.header: column.label for column in VisitorListResource().column_spec()}
    assert labels["country"] == "國家"
    assert labels["engagement"] == "交流活動"
    assert labels["name_zh_hant"] == "姓名（中文）"  # was 「姓名 [zh-hant]（Chinese）」
