"""Every number staff type has a realistic range, enforced by its model and shown by its form
(issue 13: the headcount's maximum was shown as 9223372036854775807, SQLite's integer limit
that Django gives an integer field without a tighter validator)."""

from decimal import Decimal

import pytest
from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.test import RequestFactory
from django.utils import translation

from core.models import value_bounds
from core.registry import project_apps
from visits.models import DonatedItem, Engagement, ReportingPeriod

pytestmark = pytest.mark.django_db

# Nothing the office counts, numbers or values comes near a billion.
CEILING = 1_000_000_000
# Numbers that are not typed by staff: the id of the record a revision is of (any record's key).
NOT_TYPED = {("core", "revision", "object_id")}


def project_number_fields():
    """Every integer and decimal field (not keys) of the models of this repository's apps
    (:func:`core.registry.project_apps`: a virtualenv inside the checkout, as CI makes, holds
    Django's own apps below it too); their histories copy the fields with their validators."""
    for config in project_apps():
        for model in config.get_models():
            if hasattr(model, "instance_type"):  # a django-simple-history table
                continue
            for field in model._meta.concrete_fields:
                if (isinstance(field, (models.IntegerField, models.DecimalField)) and not field.primary_key
                        and not field.is_relation and (model._meta.app_label, model._meta.model_name,
                                                       field.name) not in NOT_TYPED):
                    yield model, field


def test_every_number_field_of_every_model_has_a_realistic_range():
    fields = list(project_number_fields())
    # Positions of rows (7 models), counts, years, half, ordinal, values, coordinates.
    assert len(fields) == 19
    for model, field in fields:
        low, high = value_bounds(field)
        assert low is not None and high is not None, (model, field.name)
        assert high <= CEILING, (model, field.name, high)


def test_the_headcount_is_refused_above_ten_thousand_in_chinese():
    engagement = Engagement.objects.get(slug="2022-09-27-former-us-secretary-of-state-pompeo")
    engagement.headcount = 10_001
    with translation.override("zh-hant"), pytest.raises(ValidationError) as error:
        engagement.full_clean()
    assert error.value.message_dict["headcount"] == ["請確認此數值是否小於或等於 10000。"]
    engagement.headcount = 10_000
    engagement.full_clean()


@pytest.mark.parametrize("model, field, high", [
    (Engagement, "headcount", 10_000), (DonatedItem, "quantity", 10_000_000),
    (ReportingPeriod, "reported_person_times", 1_000_000), (ReportingPeriod, "year", 2999),
])
def test_ranges_worked_out_for_the_office(model, field, high):
    assert value_bounds(model._meta.get_field(field))[1] == high


def test_no_admin_form_or_inline_shows_a_maximum_above_a_realistic_bound(admin_user):
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    shown = {}
    for model_admin in admin.site._registry.values():
        if not hasattr(model_admin, "get_inline_instances"):
            continue
        form_classes = [model_admin.get_form(request)]
        form_classes += [inline.get_formset(request).form for inline in model_admin.get_inline_instances(request)]
        for form_class in form_classes:
            for name, field in form_class.base_fields.items():
                if not isinstance(field, (forms.IntegerField, forms.DecimalField)):
                    continue
                opts = form_class._meta.model._meta
                if isinstance(field.widget, forms.HiddenInput) or (opts.app_label, opts.model_name,
                                                                   name) in NOT_TYPED:
                    continue  # row order (moved, not typed); a revision's record id
                attrs = field.widget.attrs
                label = f"{opts.label}.{name}"
                assert attrs.get("max") is not None, label
                assert Decimal(str(attrs["max"])) <= CEILING, label
                shown[label] = attrs["max"]
    assert shown["visits.Engagement.headcount"] == 10_000
    assert shown["visits.ReportingPeriod.reported_cases"] == 10_000
    assert shown["gifts.Gift.estimated_value"] == 1_000_000_000
    assert shown["cities.City.latitude"] == 90
    assert len(shown) >= 10


def test_the_engagement_page_shows_the_headcount_range(admin_client):
    engagement = Engagement.objects.get(slug="2022-09-27-former-us-secretary-of-state-pompeo")
    html = admin_client.get(f"/admin/visits/engagement/{engagement.pk}/change/").content.decode()
    assert 'name="headcount"' in html
    assert 'max="10000"' in html and "9223372036854775807" not in html


def test_an_import_refuses_a_headcount_out_of_range_on_its_cell():
    from core.imports import import_file
    from visits.resources import EngagementResource

    slug = "2022-09-27-former-us-secretary-of-state-pompeo"
    before = Engagement.objects.get(slug=slug).headcount
    with translation.override("zh-hant"):
        messages = import_file(EngagementResource(), f"slug,headcount\n{slug},142000\n".encode(), "csv").messages()
    assert messages == ["第 2 列，B 欄「headcount」：請確認此數值是否小於或等於 10000。"]
    assert Engagement.objects.get(slug=slug).headcount == before


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/admin/visits/reportingperiod/add/", "/admin/gifts/inventorywalk/add/"])
def test_every_year_input_says_the_years_the_server_takes(admin_client, url):
    """A year is 1900-2999 (the model's validators); a PositiveSmallIntegerField's form field
    said min="0" first, and the admin kept it."""
    import re

    inputs = re.findall(r'<input[^>]*name="year"[^>]*>', admin_client.get(url).content.decode())
    assert len(inputs) == 1 and 'min="1900"' in inputs[0] and 'max="2999"' in inputs[0], inputs
