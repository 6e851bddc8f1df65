"""No staff page shows Python's ``None`` for an empty value: the import preview's cells are empty
as in the spreadsheet, and the admin's lists, forms, history, review and report pages write an
empty value as the product does elsewhere (「（空白）」 in a change, "—" or nothing in a cell)."""

import contextlib
import io
import re
from html.parser import HTMLParser

import openpyxl
import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import NoReverseMatch, reverse

from core.models import Revision

pytestmark = pytest.mark.django_db

NONE = re.compile(r"\bNone\b")


class TextNodes(HTMLParser):
    """The text a reader sees (not scripts, styles or attribute values)."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("script", "style", "template")

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style", "template") and self._skip > 0

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.texts.append(data.strip())


def none_texts(html: str) -> list[str]:
    parser = TextNodes()
    parser.feed(html)
    return [text for text in parser.texts if NONE.search(text)]


def test_the_import_preview_shows_empty_cells_empty(admin_client_zh):
    """A visitor list (XLSX: an empty cell is read as None) whose only row fails (no such
    engagement) and leaves the English name, the role and the passport empty: the row's cells
    are the file's, the empty ones empty."""
    workbook = openpyxl.Workbook()
    workbook.active.append(["engagement", "name_zh_hant", "name_en", "role", "passport_number"])
    workbook.active.append(["no-such-engagement", "測試訪賓甲", None, None, None])
    data = io.BytesIO()
    workbook.save(data)
    page = admin_client_zh.post("/admin/visits/participation/import/", {
        "format": "1", "import_file": SimpleUploadedFile("list.xlsx", data.getvalue())})
    html = page.content.decode()
    assert page.status_code == 200 and "no-such-engagement" in html
    assert none_texts(html) == []
    row = re.search(r'<td class="errors">.*?</td>(.*?)</tr>', html, re.S).group(1)
    cells = re.findall(r"<td>(.*?)</td>", row, re.S)
    assert "no-such-engagement" in cells and "測試訪賓甲" in cells
    assert cells.count("") >= 3  # name_en, role, passport_number


def admin_pages(lists: bool = True):
    """The list (unless not ``lists``), the first record's change page and its history, of
    every registered admin; the report page; the first revisions' review pages."""
    for model in admin.site._registry:
        opts = model._meta
        prefix = f"admin:{opts.app_label}_{opts.model_name}"
        if lists:
            yield reverse(f"{prefix}_changelist")
        record = model._default_manager.order_by("pk").first()
        if record is None:
            continue
        for name in ("change", "history"):
            with contextlib.suppress(NoReverseMatch):  # an admin without a history page
                yield reverse(f"{prefix}_{name}", args=[record.pk])
    for revision in Revision.objects.order_by("pk")[:5]:
        yield reverse("admin:core_revision_change", args=[revision.pk])
    for period in ("2022H2", "2099H1"):
        yield reverse("admin:reports_halfyearreport_changelist") + f"?period={period}&language=zh-hant"


def shown_none(client, urls) -> dict[str, list[str]]:
    """The pages of ``urls`` that ``client`` reads and that show "None", with the texts."""
    shown = {}
    for url in urls:
        response = client.get(url)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            texts = none_texts(response.content.decode())
            if texts:
                shown[url] = texts[:3]
    return shown


def test_no_admin_page_shows_none(admin_client_zh):
    assert shown_none(admin_client_zh, admin_pages()) == {}


def test_no_read_only_form_shows_none(client, django_user_model):
    """A staff member who may only view: every field is read-only, so every empty date, choice
    or reference is written by the admin rather than by a form widget."""
    user = django_user_model.objects.create_user("viewer", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__startswith="view_"))
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hant"
    assert shown_none(client, admin_pages(lists=False)) == {}
