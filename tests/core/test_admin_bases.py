"""Every admin and inline of the record apps is built on the shared bases of ``core.admin``, so
every form of the back office applies the same input rules (issue: the control-character
cleaning was missing from 11 forms when each admin stacked its mixins by hand)."""

import pytest
from django import forms
from django.contrib import admin
from django.contrib.admin.options import InlineModelAdmin
from django.test import RequestFactory

from core.admin import (
    PublishableRecordAdmin,
    ReadOnlyAdminMixin,
    RecordAdmin,
    StackedRecordInline,
    TabularRecordInline,
)
from core.forms import CleanTextField
from core.models import PublishableModel
from core.registry import record_app_labels

pytestmark = pytest.mark.django_db


def record_admins():
    return [(model, model_admin) for model, model_admin in admin.site._registry.items()
            if model._meta.app_label in record_app_labels()]


def test_every_record_model_has_an_admin_on_a_shared_base():
    admins = record_admins()
    assert len(admins) == 15
    for model, model_admin in admins:
        assert isinstance(model_admin, RecordAdmin), model
        # A publishable record gets the publication controls; no other model does.
        assert isinstance(model_admin, PublishableRecordAdmin) == issubclass(model, PublishableModel), model
        for inline in model_admin.get_inlines(None, None):
            assert issubclass(inline, TabularRecordInline | StackedRecordInline), inline


def test_admins_that_write_nothing_are_on_the_read_only_base(admin_user):
    """Every admin and inline that refuses a superuser every write (add, change, delete) is a
    ``ReadOnlyAdminMixin``, and every one of those refuses them all: one rule, not the same three
    overrides in each app."""
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    read_only = set()
    for model, model_admin in admin.site._registry.items():
        for candidate in [model_admin, *(inline(model, admin.site) for inline in model_admin.get_inlines(None, None))]:
            add = (candidate.has_add_permission(request, None) if isinstance(candidate, InlineModelAdmin)
                   else candidate.has_add_permission(request))
            writes = add or candidate.has_change_permission(request) or candidate.has_delete_permission(request)
            assert (not writes) == isinstance(candidate, ReadOnlyAdminMixin), type(candidate)
            if not writes:
                read_only.add(type(candidate).__name__)
    # Hand-checked: the review queue, the report page and the gifts on an engagement's page.
    assert {"RevisionAdmin", "HalfYearReportAdmin", "EngagementGiftInline"} <= read_only


def plain_text_fields(form_class: type[forms.BaseForm]) -> dict[str, forms.Field]:
    """The fields of a form where staff type free text (not choices, slugs, e-mail or URLs)."""
    return {name: field for name, field in form_class.base_fields.items()
            if type(field) in (forms.CharField, CleanTextField)
            and not isinstance(field.widget, forms.HiddenInput)}


def test_every_text_field_of_every_admin_form_and_inline_drops_control_characters(admin_user):
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    checked = 0
    for model, model_admin in record_admins():
        form_classes = [model_admin.get_form(request)]
        form_classes += [inline.get_formset(request).form
                         for inline in model_admin.get_inline_instances(request)]
        for form_class in form_classes:
            for name, field in plain_text_fields(form_class).items():
                assert isinstance(field, CleanTextField), (model, form_class, name)
                assert field.clean("a\x0cb\x00") == "ab"
                checked += 1
    # Names, titles, summaries... in both languages, the participant rows' typed names included.
    assert checked >= 80


def test_the_typed_name_of_a_new_participant_is_cleaned_too():
    from visits.forms import ParticipationForm

    assert isinstance(ParticipationForm.base_fields["new_name_en"], CleanTextField)
