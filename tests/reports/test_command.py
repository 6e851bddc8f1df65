"""``manage.py export_report``: files written, bad input refused with one line."""

import io
import os
import subprocess
import sys
from pathlib import Path

import docx
import openpyxl
import pytest
from django.core.management import CommandError, call_command
from odf import opendocument, teletype
from odf.table import Table

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("format_name", ["odt", "docx", "ods", "xlsx"])
def test_writes_each_format(format_name, tmp_path):
    output = tmp_path / f"report.{format_name}"
    out = io.StringIO()
    call_command("export_report", "2022H2", "--format", format_name, "--output", str(output), stdout=out)
    assert f"Wrote {output}" in out.getvalue()
    if format_name == "odt":
        assert "計22案、142人次" in teletype.extractText(opendocument.load(str(output)).text)
    elif format_name == "docx":
        assert any("計22案、142人次" in p.text for p in docx.Document(str(output)).paragraphs)
    elif format_name == "xlsx":
        assert openpyxl.load_workbook(output)["總計"]["C2"].value == 22
    else:
        sheets = opendocument.load(str(output)).spreadsheet.getElementsByType(Table)
        assert sheets[0].getAttribute("name") == "總計"


def test_english_and_another_half_year(tmp_path):
    output = tmp_path / "en.docx"
    call_command("export_report", "2023H1", "--language", "en", "--format", "docx", "--output", str(output),
                 stdout=io.StringIO())
    text = "\n".join(p.text for p in docx.Document(str(output)).paragraphs)
    assert "January–June 2023" in text
    assert "0 cases, 0 person-times" in text


@pytest.mark.parametrize("arguments, message", [
    # The half-year's parser is the admin page's: its message is in the site's language.
    (["2022H3"], "「2022H3」不是半年期：請寫成 2022H2 或 2023H1。"),
    # The command's own messages too (core.commands).
    (["2022H2", "--outline-level", "5"], "不明的標題層級「5」；請使用下列之一：1, 2, 3, 4"),
    (["2022H2", "--format", "pdf"], "不明的格式「pdf」；請使用下列之一：odt, docx, ods, xlsx"),
    (["2022H2", "--language", "ja"], "不明的語言「ja」；請使用下列之一：zh-hant, en"),
])
def test_bad_input_is_a_command_error(arguments, message, tmp_path):
    with pytest.raises(CommandError) as error:
        call_command("export_report", *arguments, "--output", str(tmp_path / "x"))
    assert str(error.value) == message
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize("name, arguments, message", [
    ("chapter.pdf", [], "無法從「chapter.pdf」判斷格式：檔名請以 .odt / .docx / .ods / .xlsx 結尾，或指定 --format"),
    ("chapter.docx", ["--format", "odt"], "--format odt 與檔名「chapter.docx」不符；請命名為 chapter.odt"),
])
def test_output_name_must_match_the_format(name, arguments, message, tmp_path):
    with pytest.raises(CommandError) as error:
        call_command("export_report", "2022H2", *arguments, "--output", str(tmp_path / name))
    assert str(error.value) == message
    assert not (tmp_path / name).exists()


def test_outline_level_is_chosen_on_export(tmp_path):
    output = tmp_path / "chapter.docx"
    call_command("export_report", "2022H2", "--outline-level", "1", "--output", str(output), stdout=io.StringIO())
    paragraphs = [p.text for p in docx.Document(str(output)).paragraphs]
    assert paragraphs[:2] == ["行政暨國際處國際交流施政報告（111年7月至12月）", "壹、姊妹市及友好夥伴城市國際交流近況"]
    call_command("export_report", "2022H2", "--output", str(output), stdout=io.StringIO())
    assert docx.Document(str(output)).paragraphs[0].text == "1、姊妹市及友好夥伴城市國際交流近況"


def test_format_comes_from_the_file_name(tmp_path):
    """``--output chapter.docx`` without ``--format`` writes a Word file, not ODT."""
    output = tmp_path / "chapter.DOCX"
    call_command("export_report", "2022H2", "--output", str(output), stdout=io.StringIO())
    text = "\n".join(p.text for p in docx.Document(str(output)).paragraphs)
    assert "計22案、142人次" in text


def test_unwritable_output_is_a_command_error(tmp_path):
    with pytest.raises(CommandError, match="^無法寫入 .*x.odt："):
        call_command("export_report", "2022H2", "--output", str(tmp_path / "missing" / "x.odt"))


def test_exits_non_zero_with_one_line():
    result = subprocess.run(
        [sys.executable, "manage.py", "export_report", "2022X", "--output", os.devnull],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "intl_affairs.settings.test"},
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "CommandError: 「2022X」不是半年期：請寫成 2022H2 或 2023H1。"]
