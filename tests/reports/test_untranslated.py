"""Records an English chapter would print in Chinese (django-modeltranslation falls back to
zh-hant where a field has no English text) are named to staff: on the report page, with a link
to each record's admin page, and as one warning line per record from ``export_report``."""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from modeltranslation.translator import translator

from cities.models import City
from core.dates import HalfYear
from reports.builder import build_chapter
from visits.models import Engagement

pytestmark = pytest.mark.django_db

H2_2022 = HalfYear(2022, 2)
PAGE = reverse("admin:reports_halfyearreport_changelist")
POMPEO = "2022-09-27-former-us-secretary-of-state-pompeo"
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")


@pytest.fixture
def two_untranslated():
    """Brisbane (heading its section of three events) without its English name, Pompeo's visit
    without its English summary."""
    City.objects.filter(slug="brisbane").update(name_en="")
    Engagement.objects.filter(slug=POMPEO).update(summary_en="")


def test_the_sample_english_chapter_prints_english_only():
    # Every text the 2022H2 chapter prints has an English version in the sample data.
    assert build_chapter(H2_2022, "en").untranslated == []


def test_records_without_english_text_are_listed_with_their_fields(two_untranslated):
    chapter = build_chapter(H2_2022, "en")
    found = [(type(entry.record).__name__, str(entry.record.pk), entry.fields) for entry in chapter.untranslated]
    brisbane = City.objects.get(slug="brisbane")
    pompeo = Engagement.objects.get(slug=POMPEO)
    assert found == [("City", str(brisbane.pk), ("name",)), ("Engagement", str(pompeo.pk), ("summary",))]
    # The chapter prints the Chinese text (the fallback) that staff are warned of.
    assert "布里斯本市, Australia" in chapter.text()
    assert "美國前國務卿龐培歐（Michael Pompeo）訪高" in chapter.text()
    # The Chinese chapter of the same half-year has all its texts.
    assert build_chapter(H2_2022, "zh-hant").untranslated == []


def test_every_chinese_text_of_an_english_chapter_is_warned_of():
    """The class: with no English text at all, every run of Chinese characters the English
    chapter prints comes from a field it lists (nothing is printed in Chinese unannounced)."""
    for model in translator.get_registered_models():
        fields = translator.get_options_for_model(model).fields
        if fields and not model._meta.abstract and not model._meta.proxy:
            model._base_manager.update(**{f"{name}_en": "" for name in fields})
    chapter = build_chapter(H2_2022, "en")
    listed = " ".join(str(getattr(entry.record, f"{name}_zh_hant") or "")
                      for entry in chapter.untranslated for name in entry.fields)
    printed = set(HAN.findall(chapter.text()))
    assert len(printed) > 40  # summaries, headings, venue names, main guests
    assert [run for run in sorted(printed) if run not in listed] == []
    # 1 series, 2 cities and their 2 countries (San Antonio's and Brisbane's sections), 6
    # exhibitions, 3 venues, 11 engagements, 25 main guests (counted in the chapter by hand).
    assert len(chapter.untranslated) == 50


def test_report_page_lists_them_with_links(admin_client, two_untranslated):
    admin_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hant"
    response = admin_client.get(PAGE, {"period": "2022H2", "language": "en"})
    html = response.content.decode()
    brisbane = City.objects.get(slug="brisbane")
    pompeo = Engagement.objects.get(slug=POMPEO)
    assert "2 筆本半年的紀錄沒有本章節語言（英文）的文字" in html
    assert f'<a href="/admin/cities/city/{brisbane.pk}/change/">布里斯本市</a> (城市或地方政府) · 名稱' in html
    assert f'<a href="/admin/visits/engagement/{pompeo.pk}/change/">美國前國務卿龐培歐訪高</a> (交流活動) · 摘要' in html
    # Nothing to warn of in the Chinese chapter.
    assert 'id="untranslated"' not in admin_client.get(PAGE, {"period": "2022H2", "language": "zh-hant"}
                                                       ).content.decode()


def test_export_command_warns_one_line_per_record(two_untranslated, tmp_path):
    out, err = io.StringIO(), io.StringIO()
    call_command("export_report", "2022H2", "--language", "en", "--output", str(tmp_path / "en.odt"),
                 stdout=out, stderr=err)
    assert (tmp_path / "en.odt").exists()
    brisbane = City.objects.get(slug="brisbane")
    pompeo = Engagement.objects.get(slug=POMPEO)
    assert err.getvalue().splitlines() == [
        f"警告：布里斯本市（城市或地方政府）沒有英文的名稱；章節印出另一種語言。請至 /admin/cities/city/{brisbane.pk}/change/ 編輯",
        f"警告：美國前國務卿龐培歐訪高（交流活動）沒有英文的摘要；章節印出另一種語言。"
        f"請至 /admin/visits/engagement/{pompeo.pk}/change/ 編輯",
    ]
