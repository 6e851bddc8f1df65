"""What nobody types is cleaned alike on every path text comes in by (core.text.clean_text):
every admin form and inline, every import column, the public search and filters, every query
parameter. A NUL was dropped by some paths, refused by others ("Null characters are not
allowed"), stored by the imports' long-text columns and refused by PostgreSQL there (a server
error)."""

import re

import pytest
from django import forms
from django.apps import apps
from django.contrib import admin
from django.db import models
from django.urls import reverse

from core.imports import import_file
from core.registry import record_app_labels
from core.text import clean_text, one_line
from tests.admin_forms import admin_form_data
from visits.models import Engagement, Participation, Person
from visits.resources import EngagementResource, VisitorListResource

pytestmark = pytest.mark.django_db

SAN_ANTONIO_VIDEO = "2022-12-20-san-antonio-40th-anniversary-video-conference"


@pytest.mark.parametrize("pasted, stored", [
    ("a\x00b", "ab"),                                     # NUL: from a tool, never typed
    ("摘要\x01\x1f\x7f\x85", "摘要\n"),                    # other C0, DEL, C1 (NEL: a line break)
    ("從PDF貼上的摘要\x0c第二頁", "從PDF貼上的摘要第二頁"),   # a PDF's page end, inside a sentence
    ("第一行\x0b第二行", "第一行\n第二行"),                 # Word's line break (Shift+Enter)
    ("Gdy\u00adnia\u200b市\u2060\ufeff", "Gdynia市"),        # soft hyphen, zero-width characters
    ("a\tb\nc\r\nd", "a\tb\nc\r\nd"),                      # tab and line breaks stay
    ("می\u200cخواهم 👩\u200d💻", "می\u200cخواهم 👩\u200d💻"),  # joiners write Persian and emoji
])
def test_clean_text(pasted, stored):
    assert clean_text(pasted) == stored


def text_values() -> dict:
    """Every text value of every record model's rows, by model, row and field (an empty
    translation is ``""`` whether stored as NULL or as ``""``: a form writes ``""``)."""
    values = {}
    for label in sorted(record_app_labels()):
        for model in apps.get_app_config(label).get_models():
            names = [f.attname for f in model._meta.concrete_fields
                     if isinstance(f, (models.CharField, models.TextField))]
            for row in model._base_manager.order_by("pk").values("pk", *names):
                values[(model._meta.label, row.pop("pk"))] = {k: v or "" for k, v in row.items()}
    return values


def record_change_pages():
    """``(model, url)`` of the change page of the first record of every registered admin of the
    record apps that has a record."""
    for model in list(admin.site._registry):
        if model._meta.app_label not in record_app_labels():
            continue
        record = model._default_manager.order_by("pk").first()
        if record is not None:
            yield model, reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change",
                                 args=[record.pk])


def with_nul(value: str) -> str:
    return value[:1] + "\x00" + value[1:] if value else value


def test_every_admin_form_and_inline_takes_a_nul_in_every_field_as_if_it_were_not_there(admin_client):
    """The change page of a record of every registered admin of the record apps, posted back with
    a NUL in every value (text, slugs, dates, choices, numbers, inline rows and their counts):
    saved, and every text in the database as it was, on SQLite and PostgreSQL alike."""
    before = text_values()
    posted = []
    for model, url in record_change_pages():
        data = admin_form_data(admin_client.get(url))
        data = {key: [with_nul(v) for v in value] if isinstance(value, list) else with_nul(value)
                for key, value in data.items()}
        response = admin_client.post(url, data)
        assert response.status_code == 302, (model, response.context and [
            form.errors for form in [response.context["adminform"].form]])
        posted.append(model._meta.label)
    # Every admin of the record apps but the inventory's (no inventory in the sample data).
    assert len(posted) == 14, posted
    after = text_values()
    changed = {key: (before[key], after.get(key)) for key in before if before[key] != after.get(key)}
    assert changed == {}
    assert not any("\x00" in str(value) for row in after.values() for value in row.values())


def test_every_import_column_takes_a_nul_as_if_it_were_not_there():
    engagements = ("slug,kind,title_zh_hant,title_en,start_date,place_zh_hant,summary_zh_hant,summary_en,"
                   "headcount,countries\n"
                   "nul-test,reception,接待測試,A test reception,111/08/16,四維行政中心,"
                   "\"第一段，\n第二段。\",First paragraph.,12,united-states\n")
    visitors = ("engagement,name_zh_hant,name_en,country,role,title_zh_hant,organisation_zh_hant,email,notes\n"
                f"{SAN_ANTONIO_VIDEO},艾瑞克・華許,Erik Walsh,united-states,member,市政經理,美國聖安東尼市,"
                "erik@example.org,\"素食，\n不喝酒\"\n")

    def nul_in_every_cell(text: str) -> bytes:
        header, *rows = text.split("\n", 1)
        return (header + "\n" + re.sub(r"([^,\"\n])", lambda m: m.group(1) + "\x00", rows[0], count=0)
                ).encode()

    for resource, text in ((EngagementResource(), engagements), (VisitorListResource(), visitors)):
        data = nul_in_every_cell(text)
        assert data.count(b"\x00") > 50
        result = import_file(resource, data, "csv")
        assert result.messages() == [], result.messages()
    engagement = Engagement.objects.get(slug="nul-test")
    assert (engagement.kind, engagement.title_zh_hant, engagement.title_en, str(engagement.start_date),
            engagement.place_zh_hant, engagement.summary_zh_hant, engagement.summary_en,
            engagement.headcount, [c.slug for c in engagement.countries.all()]) == (
        "reception", "接待測試", "A test reception", "2022-08-16", "四維行政中心", "第一段，\n第二段。",
        "First paragraph.", 12, ["united-states"])
    walsh = Person.objects.get(name_en="Erik Walsh")
    assert (walsh.name_zh_hant, walsh.country.slug, walsh.email, walsh.notes) == (
        "艾瑞克・華許", "united-states", "erik@example.org", "素食，\n不喝酒")
    participation = Participation.objects.get(person=walsh)
    assert (participation.engagement.slug, participation.role, participation.title_zh_hant,
            participation.organisation_zh_hant) == (SAN_ANTONIO_VIDEO, "member", "市政經理", "美國聖安東尼市")


NONCE = re.compile(r' nonce="[^"]*"')


@pytest.mark.parametrize("path, params", [
    ("/zh-hant/search/", {"q": "尼倫伯格"}),
    ("/en/search/", {"q": "Nirenberg"}),
    ("/zh-hant/activities/", {"kind": "video_conference", "city": "san-antonio", "country": "united-states"}),
    ("/en/activities/2022/", {"kind": "reception", "page": "1"}),
    ("/zh-hant/cities/", {"kind": "sister_city", "country": "japan", "group": "country"}),
    ("/en/cities/", {"country": "australia"}),
])
def test_the_public_search_and_filters_take_a_nul_as_if_it_were_not_there(client, path, params):
    clean = client.get(path, params)
    assert clean.status_code == 200
    nul = client.get(path, {key: with_nul(value) for key, value in params.items()})
    assert nul.status_code == 200
    assert NONCE.sub("", nul.content.decode()) == NONCE.sub("", clean.content.decode())


def test_one_line_keeps_no_line_break():
    assert [one_line(text) for text in ("a\x0bb", "a\nb", "a \r\n b", "a\u2028b", " a\n", "a  b\tc")] == [
        "a b", "a b", "a b", "a b", "a", "a  b\tc"]


def test_every_admin_form_and_inline_stores_a_line_break_in_a_one_line_field_as_a_space(admin_client):
    """The change page of a record of every registered admin of the record apps, its one-line
    text fields (every CleanTextField whose widget is not a textarea, inline rows too) posted
    as ``"aN\\x0bb"`` or ``"aN\\nb"`` and its multi-line ones as ``"aN\\nb"``: the one-line fields
    store ``"aN b"``, the multi-line ones keep ``"aN\\nb"``."""
    from django.core import validators

    from core.forms import CleanTextField

    plain_validators = {validators.MaxLengthValidator, validators.MinLengthValidator,
                        validators.ProhibitNullCharactersValidator}
    checked = {"one": 0, "multi": 0}
    for model, url in record_change_pages():
        response = admin_client.get(url)
        data = admin_form_data(response)
        forms_ = [response.context["adminform"].form] + [
            form for inline in response.context.get("inline_admin_formsets") or []
            for form in inline.formset.forms if form.instance.pk]
        expected = []
        for form in forms_:
            for name, field in form.fields.items():
                if (not isinstance(field, CleanTextField) or isinstance(field.widget, forms.HiddenInput)
                        or name not in {f.name for f in type(form.instance)._meta.concrete_fields}
                        or (field.max_length or 99) < 8 or any(
                            type(v) not in plain_validators for v in field.validators)):
                    continue  # a code (iso_code) or a pattern (a phone number): no "a b" there
                n = len(expected)
                multi = isinstance(field.widget, forms.Textarea)
                data[form.add_prefix(name)] = f"a{n}\nb" if multi or n % 2 else f"a{n}\x0bb"
                expected.append((form.instance, name, f"a{n}\nb" if multi else f"a{n} b"))
                checked["multi" if multi else "one"] += 1
        response = admin_client.post(url, data)
        assert response.status_code == 302, (model, response.context and [
            form.errors for form in [response.context["adminform"].form]], response.context and [
            (inline.formset.errors, inline.formset.non_form_errors())
            for inline in response.context["inline_admin_formsets"]], response.context.get("errors"))
        stored = [(instance, name, getattr(type(instance)._base_manager.get(pk=instance.pk), name))
                  for instance, name, _value in expected]
        assert stored == expected
    assert checked["one"] > 20 and checked["multi"] > 5, checked


def test_a_visitor_list_import_stores_a_line_break_in_a_one_line_column_as_a_space():
    visitors = ("engagement,name_zh_hant,name_en,country,role,title_zh_hant,organisation_zh_hant,notes\n"
                f"{SAN_ANTONIO_VIDEO},\"艾瑞克\x0b華許\",\"Erik\nWalsh\",united-states,member,\"市政\x0b經理\","
                "\"美國\n聖安東尼市\",\"素食，\n不喝酒\"\n").encode()
    result = import_file(VisitorListResource(), visitors, "csv")
    assert result.messages() == [], result.messages()
    walsh = Person.objects.get(name_en="Erik Walsh")
    participation = Participation.objects.get(person=walsh)
    assert (walsh.name_zh_hant, walsh.notes, participation.title_zh_hant, participation.organisation_zh_hant) == (
        "艾瑞克 華許", "素食，\n不喝酒", "市政 經理", "美國 聖安東尼市")
