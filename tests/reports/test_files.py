"""The chapter and workbook files read back with odfpy, python-docx and openpyxl, and converted to
PDF by LibreOffice."""

import io
import os
import re
import shutil
import subprocess
import zipfile

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn
from odf import opendocument, teletype
from odf.namespaces import TEXTNS
from odf.table import Table, TableCell, TableRow
from odf.text import H, P

from core.dates import DatePrecision, HalfYear
from core.models import PublicationStatus
from reports.builder import build_chapter
from reports.document import Heading
from reports.writers import CJK_FONT, render
from tests.reports.test_chapter import EXPECTED_DATED, EXPECTED_HEADINGS, SOURCE_GUESTS
from visits.models import Engagement, EngagementKind

pytestmark = pytest.mark.django_db

H2_2022 = HalfYear(2022, 2)
TOTALS = "計22案、142人次"


@pytest.fixture(scope="module")
def chapter(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        return build_chapter(H2_2022, "zh-hant")


def _odt_lines(data: bytes) -> tuple[list[str], list[str]]:
    document = opendocument.load(io.BytesIO(data))
    headings, lines = [], []
    for element in document.text.childNodes:
        text = teletype.extractText(element)
        lines.append(text)
        if element.qname == (TEXTNS, "h"):
            headings.append(text)
    return headings, lines


def _check_chapter_text(headings: list[str], lines: list[str]) -> None:
    assert headings == EXPECTED_HEADINGS
    text = "\n".join(lines)
    for date, opening in EXPECTED_DATED:
        assert opening in text and date in text
    assert TOTALS in text
    assert "、".join(SOURCE_GUESTS) in text


def test_odt_reads_back_with_headings_styles_and_a_cjk_asian_font(chapter):
    data = render(chapter, "odt")
    _check_chapter_text(*_odt_lines(data))
    document = opendocument.load(io.BytesIO(data))
    levels = [int(h.getAttribute("outlinelevel")) for h in document.text.getElementsByType(H)]
    assert levels == [b.level for b in chapter.blocks if isinstance(b, Heading)]
    styles = zipfile.ZipFile(io.BytesIO(data)).read("styles.xml").decode()
    assert f'style:font-name-asian="{CJK_FONT}"' in styles
    assert 'fo:page-width="21cm"' in styles and 'fo:page-height="29.7cm"' in styles
    assert 'style:display-name="Heading 1"' in styles and 'style:display-name="Text body"' in styles
    bodies = [p.getAttribute("stylename") for p in document.text.getElementsByType(P)]
    # A section of the city's report (numbered from 1、): no title paragraph.
    assert set(bodies) == {"Text_20_body"}
    assert levels[:4] == [4, 5, 5, 6]


def test_docx_reads_back_with_the_east_asian_font_on_every_run(chapter):
    document = docx.Document(io.BytesIO(render(chapter, "docx")))
    paragraphs = document.paragraphs
    headings = [p.text for p in paragraphs if p.style.name.startswith("Heading")]
    _check_chapter_text(headings, [p.text for p in paragraphs])
    assert [p.style.name for p in paragraphs if p.text == EXPECTED_HEADINGS[3]] == ["Heading 6"]
    assert paragraphs[0].text == EXPECTED_HEADINGS[0] and paragraphs[0].style.name == "Heading 4"
    runs = [run for p in paragraphs for run in p.runs]
    assert runs and all(run._element.rPr.rFonts.get(qn("w:eastAsia")) == CJK_FONT for run in runs)
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)


def test_english_odt(chapter):
    headings, lines = _odt_lines(render(build_chapter(H2_2022, "en"), "odt"))
    assert headings[0] == "I. Exchanges with sister and partner cities"
    assert "22 cases, 142 person-times" in "\n".join(lines)


def _ods_sheets(data: bytes) -> dict[str, list[list[str]]]:
    document = opendocument.load(io.BytesIO(data))
    sheets = {}
    for table in document.spreadsheet.getElementsByType(Table):
        sheets[table.getAttribute("name")] = [
            [teletype.extractText(cell) for cell in row.getElementsByType(TableCell)]
            for row in table.getElementsByType(TableRow)
        ]
    return sheets


SHEETS = ["總計", "依類型", "依國家", "依月份", "依姊妹市及友好城市", "締盟異動", "交流紀錄"]


def test_ods_and_xlsx_hold_the_same_statistics(chapter):
    ods = _ods_sheets(render(chapter, "ods"))
    workbook = openpyxl.load_workbook(io.BytesIO(render(chapter, "xlsx")))
    assert list(ods) == SHEETS == workbook.sheetnames
    # Computed 25 cases and 26 person-times (counted by hand in tests/reports/test_chapter.py)
    # beside the reported 22 and 142.
    totals = [[cell.value for cell in row] for row in workbook["總計"].iter_rows()]
    assert totals[1] == ["案數", 25, 22, 3]
    assert totals[2] == ["人次", 26, 142, -116]
    assert ods["總計"][1] == ["案數", "25", "22", "3"]
    # One row per engagement of the half-year (27: the 25 cases, a ceremony, a donation), and
    # the partner cities the chapter speaks of.
    assert workbook["交流紀錄"].max_row == 27 + 1 == len(ods["交流紀錄"])
    cities = {row[0]: row[2] for row in ods["依姊妹市及友好城市"][1:]}
    assert {"聖安東尼市", "布里斯本市", "大田市", "貝里斯市"} <= set(cities)
    assert (cities["大田市"], cities["聖安東尼市"]) == ("友好城市", "姊妹市")
    assert ods["締盟異動"] == [["日期", "城市", "國家", "異動", "締盟類別", "原締盟類別", "締盟序號"]]
    months = [row[0] for row in ods["依月份"][1:]]
    assert months[:2] == ["111年7月", "111年8月"] and months[-1] == "月份不詳"
    by_kind = {row[0].value: row[1].value for row in workbook["依類型"].iter_rows(min_row=2)}
    assert by_kind["合計"] == 27


def test_cells_are_safe_against_formula_injection():
    Engagement.objects.create(
        kind=EngagementKind.RECEPTION, title='=HYPERLINK("http://evil.example","x")\x07',
        slug="formula-title", start_date=H2_2022.start, date_precision=DatePrecision.DAY,
        status=PublicationStatus.PUBLISHED)
    chapter = build_chapter(H2_2022)
    workbook = openpyxl.load_workbook(io.BytesIO(render(chapter, "xlsx")))
    titles = [row[2].value for row in workbook["交流紀錄"].iter_rows(min_row=2)]
    assert '\'=HYPERLINK("http://evil.example","x")' in titles
    assert all(cell.data_type != "f" for row in workbook["交流紀錄"].iter_rows() for cell in row)
    ods_titles = [row[2] for row in _ods_sheets(render(chapter, "ods"))["交流紀錄"]]
    assert '\'=HYPERLINK("http://evil.example","x")' in ods_titles


def test_an_empty_period_writes_every_format():
    chapter = build_chapter(HalfYear(2031, 1))
    headings, lines = _odt_lines(render(chapter, "odt"))
    assert headings == [EXPECTED_HEADINGS[0], EXPECTED_HEADINGS[11], EXPECTED_HEADINGS[-1]]
    assert "計0案、0人次" in "\n".join(lines)
    workbook = openpyxl.load_workbook(io.BytesIO(render(chapter, "xlsx")))
    assert workbook["交流紀錄"].max_row == 1
    assert docx.Document(io.BytesIO(render(chapter, "docx"))).paragraphs
    assert "總計" in _ods_sheets(render(chapter, "ods"))


def _require_tools() -> None:
    missing = [tool for tool in ("soffice", "pdftotext") if shutil.which(tool) is None]
    if missing:
        message = f"{' and '.join(missing)} not installed (Debian: libreoffice-writer-nogui, poppler-utils)"
        if os.environ.get("REQUIRE_LIBREOFFICE") == "1":
            pytest.fail(f"REQUIRE_LIBREOFFICE=1 but {message}")
        pytest.skip(message)


@pytest.mark.parametrize("format_name", ["odt", "docx"])
def test_libreoffice_converts_the_chapter_to_pdf_with_the_chinese_intact(chapter, format_name, tmp_path):
    _require_tools()
    source = tmp_path / f"chapter.{format_name}"
    source.write_bytes(render(chapter, format_name))
    profile = tmp_path / "libreoffice-profile"
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=180,
    )
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(tmp_path / "chapter.pdf"), "-"],
                          check=True, capture_output=True, timeout=60).stdout.decode()
    # pdftotext breaks lines and puts spaces between Chinese and digits: compare without white space.
    flat = re.sub(r"\s+", "", text)
    for heading in EXPECTED_HEADINGS:
        assert re.sub(r"\s+", "", heading) in flat
    # Western text is marked English, so Latin names are never broken inside a word
    # (they were: 「（A」 / 「drian Schrinner）」, 「Go」 / 「nsalves）」 when marked zh-TW).
    words = set(re.findall(r"[A-Za-z]{3,}", chapter.text()))
    assert {"Adrian", "Schrinner", "Gonsalves", "Arredondo", "Vaiciukeviciute"} <= words
    assert sorted(word for word in words if not re.search(rf"(?<![A-Za-z]){word}(?![A-Za-z])", text)) == []
    for date, _opening in EXPECTED_DATED:
        assert date in flat
    assert TOTALS in flat
    assert re.sub(r"\s+", "", "、".join(SOURCE_GUESTS)) in flat


def test_western_text_is_english_and_asian_text_traditional_chinese_in_both_languages():
    for language in ("zh-hant", "en"):
        chapter = build_chapter(H2_2022, language)
        styles = zipfile.ZipFile(io.BytesIO(render(chapter, "odt"))).read("styles.xml").decode()
        default = re.search(r"<style:default-style style:family=\"paragraph\">.*?</style:default-style>", styles).group(0)
        assert 'fo:language="en"' in default and 'fo:country="GB"' in default
        assert 'style:language-asian="zh"' in default and 'style:country-asian="TW"' in default
        document = docx.Document(io.BytesIO(render(chapter, "docx")))
        defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
        for r_pr in (defaults, document.styles["Normal"].element.rPr):
            language_element = r_pr.find(qn("w:lang"))
            assert (language_element.get(qn("w:val")), language_element.get(qn("w:eastAsia"))) == ("en-GB", "zh-TW")
        # The chapter's own language is the document's.
        assert document.core_properties.language == ("zh-TW" if language == "zh-hant" else "en-GB")


def test_a_chapter_starting_at_level_one_prints_its_title():
    chapter = build_chapter(H2_2022, outline_level=1)
    document = opendocument.load(io.BytesIO(render(chapter, "odt")))
    first = document.text.childNodes[0]
    assert first.getAttribute("stylename") == "Title"
    assert teletype.extractText(first) == "行政暨國際處國際交流施政報告（111年7月至12月）"
    assert [int(h.getAttribute("outlinelevel")) for h in document.text.getElementsByType(H)][:4] == [1, 2, 2, 3]
    paragraphs = docx.Document(io.BytesIO(render(chapter, "docx"))).paragraphs
    assert (paragraphs[0].style.name, paragraphs[1].style.name) == ("Title", "Heading 1")
