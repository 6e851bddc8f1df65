"""A nearly empty chapter (fewer than three engagements and exhibitions: the wrong half-year,
records not yet entered or still in draft) is warned of on the admin's report page and by
``export_report`` (a stderr line; the file is written all the same, exit 0), as an untranslated
record is."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import translation

from core.models import PublicationStatus
from visits.models import Engagement

pytestmark = pytest.mark.django_db

PAGE = "/admin/reports/halfyearreport/"
# 2099H1 is ROC 188, January to June; the sample data has nothing then.
EMPTY = "警告：188年1月至6月的章節僅計入 0 筆交流活動及展覽：請確認半年期，或先輸入該期紀錄再送出章節。"


def export(period: str, tmp_path, *options: str) -> tuple[str, str]:
    output = tmp_path / "chapter.odt"
    out, err = io.StringIO(), io.StringIO()
    call_command("export_report", period, "--output", str(output), *options, stdout=out, stderr=err)
    assert output.stat().st_size > 0  # written all the same
    return out.getvalue(), err.getvalue()


def test_an_empty_half_year_is_warned_of_by_the_command(tmp_path):
    _, err = export("2099H1", tmp_path)
    assert err.splitlines() == [EMPTY]


def test_the_source_half_year_is_not(tmp_path):
    assert "章節僅計入" not in export("2022H2", tmp_path)[1]


def test_drafts_left_out_are_counted_in_the_warning(tmp_path):
    """One sample engagement moved to 2099 as a draft: left out (0 counted, 1 draft), then
    counted with --include-drafts (1, still nearly empty)."""
    moved = Engagement.objects.filter(slug="2022-12-01-saint-lucia-prime-minister")
    assert moved.update(start_date=datetime.date(2099, 3, 1), end_date=datetime.date(2099, 3, 1),
                        status=PublicationStatus.DRAFT) == 1
    assert export("2099H1", tmp_path)[1].splitlines() == [
        EMPTY + "該半年期有 1 筆草稿紀錄未計入（納入草稿即可計入）。"]
    assert export("2099H1", tmp_path, "--include-drafts")[1].splitlines() == [
        "警告：188年1月至6月的章節僅計入 1 筆交流活動及展覽：請確認半年期，或先輸入該期紀錄再送出章節。"]
    with translation.override("en"):
        assert export("2099H1", tmp_path, "--language", "en")[1].splitlines() == [
            "Warning: The chapter of January–June 2099 counts only 0 engagements and exhibitions: check "
            "the half-year, or enter its records before sending the chapter out. 1 draft record of the "
            "half-year is left out (include drafts to count it)."]


def test_the_admin_page_warns_too(admin_client_zh):
    html = admin_client_zh.get(PAGE, {"period": "2099H1", "language": "zh-hant"}).content.decode()
    assert f'<p class="errornote" id="few-records">{EMPTY.removeprefix("警告：")}</p>' in html
    html = admin_client_zh.get(PAGE, {"period": "2022H2", "language": "zh-hant"}).content.decode()
    assert 'id="few-records"' not in html
