"""The Traditional Chinese catalogue: complete, compiled, and what staff actually see in zh-hant."""

import re
from pathlib import Path

import polib
import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import override

from cities.models import Partnership, PartnershipKind
from core import registry
from core.dates import DatePrecision
from exhibitions.models import ItemKind
from reports.forms import DownloadForm
from visits.models import Engagement, EngagementKind, ParticipantRole

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "zh_Hant" / "LC_MESSAGES"
# Every app of this repository (a package at the project root), so a new app is checked too.
OUR_APPS = sorted(config.label for config in registry.project_apps())
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


@pytest.fixture(scope="module")
def po():
    return polib.pofile(str(CATALOGUE / "django.po"))


def test_the_label_check_covers_every_app_of_ours():
    assert {"core", "cities", "visits", "exhibitions", "pages", "opendata", "reports", "backoffice", "datasets"} <= set(OUR_APPS)


def test_catalogue_header_is_traditional_chinese_with_one_plural_form(po):
    assert po.metadata["Language"] == "zh_Hant"
    assert po.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    assert not po.metadata_is_fuzzy


def test_every_entry_is_translated_and_none_is_fuzzy_or_obsolete(po):
    assert len(po) > 200  # the whole UI, not a stub
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []
    assert [e.msgid for e in po.obsolete_entries()] == []
    for entry in po:
        if entry.msgid_plural:
            assert list(entry.msgstr_plural) == [0], f"{entry.msgid!r}: zh has one plural form"


def test_translations_keep_every_placeholder(po):
    for entry in po:
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for msgstr in translations:
            assert sorted(PLACEHOLDER.findall(msgstr)) == sorted(PLACEHOLDER.findall(entry.msgid)), entry.msgid


def test_compiled_catalogue_matches_the_po_file(po):
    """The .mo is committed (a fresh machine may lack msgfmt): it must not lag behind the .po."""
    mo = polib.mofile(str(CATALOGUE / "django.mo"))
    compiled = {(e.msgid, e.msgstr or e.msgstr_plural.get(0, "")) for e in mo if e.msgid}
    source = {(e.msgid, e.msgstr or e.msgstr_plural.get(0, "")) for e in po.translated_entries()}
    assert compiled == source, "run: manage.py compilemessages --ignore=.venv"


def _lazy_labels():
    """Every translatable label our models and admin declare: (where, lazy string)."""
    for label in OUR_APPS:
        config = apps.get_app_config(label)
        yield f"app {label}", config.verbose_name
        for model in config.get_models():
            name = model._meta.label
            yield f"{name} verbose_name", model._meta.verbose_name
            yield f"{name} verbose_name_plural", model._meta.verbose_name_plural
            for codename, permission in model._meta.permissions:
                yield f"{name} permission {codename}", permission
            for field in [*model._meta.fields, *model._meta.many_to_many]:
                yield f"{name}.{field.name}", field.verbose_name
                yield f"{name}.{field.name} help_text", field.help_text
                for _value, choice in field.choices or []:
                    yield f"{name}.{field.name} choice", choice
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in OUR_APPS:
            continue
        for title, _options in model_admin.fieldsets or []:
            yield f"{model.__name__}Admin fieldset", title
        for inline in model_admin.get_inlines(None, None):
            yield f"{inline.__name__}", inline.verbose_name_plural
        for item in [*model_admin.list_display, *model_admin.actions]:
            function = getattr(model_admin, item, None) if isinstance(item, str) else item
            yield f"{model.__name__}Admin.{item}", getattr(function, "short_description", None)
    for field_name, field in DownloadForm.base_fields.items():  # the half-year report page's choices
        yield f"reports DownloadForm.{field_name}", field.label
        yield f"reports DownloadForm.{field_name} help_text", field.help_text
        for _value, choice in getattr(field, "choices", []):
            yield f"reports DownloadForm.{field_name} choice", choice


def test_every_label_of_our_models_and_admin_has_a_chinese_translation():
    """A label added without a translation shows English to Chinese staff; this names it.
    Fix: manage.py makemessages -l zh_Hant -l en --ignore=.venv --ignore=var --no-location,
    translate in locale/zh_Hant, then compilemessages."""
    untranslated = []
    for where, label in _lazy_labels():
        if not isinstance(label, Promise) or not str(label):
            continue  # not a translatable string (e.g. Django's own "ID" or an empty help text)
        with override("en"):
            english = str(label)
        with override("zh-hant"):
            chinese = str(label)
        if chinese == english:
            untranslated.append(f"{where}: {english}")
    assert untranslated == []


def test_models_speak_the_offices_terms_in_zh_hant():
    with override("zh-hant"):
        assert str(Engagement._meta.verbose_name) == "交流活動"
        assert EngagementKind.RECEPTION.label == "外賓接待"
        assert EngagementKind.OUTBOUND_VISIT.label == "出訪"
        assert EngagementKind.VIDEO_CONFERENCE.label == "視訊會議"
        assert ParticipantRole.HEAD.label == "團長"
        assert ParticipantRole.HOST.label == "本府接待或率團首長"
        assert PartnershipKind.SISTER_CITY.label == "姊妹市"
        assert PartnershipKind.FRIENDSHIP_CITY.label == "友好城市"
        assert str(Partnership._meta.get_field("established_on").verbose_name) == "締盟日期"
        assert ItemKind.KEY_TO_THE_CITY.label == "市鑰"
        assert DatePrecision.HALF_YEAR.label == "半年"
        assert str(apps.get_app_config("cities").verbose_name) == "姊妹市及友好夥伴城市"
    with override("en"):
        assert EngagementKind.OUTBOUND_VISIT.label == "outbound visit"


@pytest.mark.django_db
def test_admin_add_page_for_engagements_is_in_chinese(admin_client_zh):
    html = admin_client_zh.get(reverse("admin:visits_engagement_add")).content.decode()

    for chinese in ["新增 交流活動", "對象及內容", "發布設定", "日期精確度", "接待人數", "參與局處",
                    "外賓接待", "出訪", "團長", "本府接待或率團首長", "捐贈物資"]:
        assert chinese in html, chinese
    for english in ["Who and what", "dates known to", "outbound visit", "head of delegation"]:
        assert english not in html, english


@pytest.mark.django_db
def test_publish_action_reports_in_chinese_with_the_one_plural_form(admin_client_zh):
    drafts = list(Engagement.objects.values_list("pk", flat=True)[:2])
    Engagement.objects.filter(pk__in=drafts).update(status="draft")

    response = admin_client_zh.post(reverse("admin:visits_engagement_changelist"),
                                    {"action": "publish", "_selected_action": drafts}, follow=True)

    assert "已發布 2 筆紀錄。" in response.content.decode()
    assert set(Engagement.objects.filter(pk__in=drafts).values_list("status", flat=True)) == {"published"}


@pytest.mark.django_db
def test_admin_index_names_the_report_and_the_login_records_in_chinese(admin_client_zh):
    html = admin_client_zh.get(reverse("admin:index")).content.decode()

    for chinese in ["施政報告", "半年施政報告", "存取嘗試", "存取失敗", "存取紀錄"]:
        assert chinese in html, chinese
    for english in ["Half-year report", "Reports", "Access attempts", "Access failures", "Access logs"]:
        assert english not in html, english


@pytest.mark.django_db
def test_half_year_report_page_is_in_chinese_and_names_the_period_the_roc_way(admin_client):
    url = reverse("admin:reports_halfyearreport_changelist")
    choice = {"period": "2022H2", "language": "zh-hant"}

    chinese = admin_client.get(url, choice, HTTP_ACCEPT_LANGUAGE="zh-hant").content.decode()
    english = admin_client.get(url, choice, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    for text in ["半年施政報告", "選擇報告章節", "半年期間", "報告章節語言", "納入草稿", "111年7月至12月統計",
                 "依紀錄計算", "施政報告所載", "案數", "人次", "下載", "統計試算表", "預覽",
                 "每一外賓接待、視訊會議或出訪計為一案"]:
        assert text in chinese, text
    for text in ["Half-year report", "Choose the chapter", "Totals of", "Computed from the records",
                 "Officially reported", "Person-times", "the statistics workbook", "2022H2統計",
                 "How the records are counted"]:
        assert text not in chinese, text
    assert "Totals of July–December 2022" in english


@pytest.mark.django_db
def test_the_admin_is_named_after_the_configured_city_and_office(admin_client):
    page = admin_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="zh-hant").content.decode()
    assert "高雄市 行政暨國際處" in page and "Django 管理" not in page
    page = admin_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Kaohsiung City · Bureau of Administration and International Affairs" in page
