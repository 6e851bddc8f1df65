"""Every registered admin and inline is built on the shared bases of ``core.admin`` (those of
the record apps on the record bases, Django's and the libraries' on ``StaffAdmin``), so every form
of the back office applies the same input rules (issue: the control-character cleaning was
missing from 11 forms when each admin stacked its mixins by hand)."""

import pytest
from django import forms
from django.contrib import admin
from django.contrib.admin.options import InlineModelAdmin
from django.test import RequestFactory

from core.admin import (
    PublishableRecordAdmin,
    ReadOnlyAdmin,
    ReadOnlyAdminMixin,
    RecordAdmin,
    StackedRecordInline,
    StaffAdmin,
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


def test_every_registered_admin_and_inline_is_on_a_shared_base():
    """All of ``admin.site._registry``, Django's and the libraries' admins included, and every
    inline of each (those the record apps above add too: ``get_inlines``)."""
    seen, inlines = set(), set()
    for model, model_admin in admin.site._registry.items():
        on_record_base = isinstance(model_admin, RecordAdmin)
        assert on_record_base == (model._meta.app_label in record_app_labels()), model
        assert on_record_base or isinstance(model_admin, StaffAdmin), model
        seen.add(model._meta.label)
        for inline in model_admin.get_inlines(None, None):
            assert issubclass(inline, TabularRecordInline | StackedRecordInline), inline
            inlines.add(inline.__name__)
    # Hand-counted: 15 record admins, the review queue, the report page, users, groups and the
    # three login logs of django-axes; the inlines of the city, person, engagement, reporting
    # period, exhibition, item and gift pages, the two the gift register adds among them.
    assert len(seen) == 22
    assert {"auth.User", "auth.Group", "axes.AccessLog", "core.Revision", "reports.HalfYearReport"} <= seen
    assert inlines == {
        "PartnershipInline", "PersonParticipationInline", "EngagementCityInline", "ParticipationInline",
        "DonatedItemInline", "EngagementPhotoInline", "EngagementGiftInline", "MainGuestInline",
        "ExhibitionCityInline", "ExhibitedItemInline", "ExhibitionPhotoInline", "ItemGiftInline",
        "GiftDonatedItemInline", "GiftLoanInline", "GiftPhotoInline"}
    assert isinstance(admin.site._registry[next(m for m in admin.site._registry
                                                if m._meta.label == "core.Revision")], ReadOnlyAdmin)


def test_admins_that_write_nothing_are_on_the_read_only_base(admin_user):
    """Every admin and inline that refuses a superuser every write (add, change, delete) is a
    ``ReadOnlyAdminMixin``, and every one of those refuses them all: one rule, not the same three
    overrides in each app."""
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    read_only = set()
    for model, model_admin in admin.site._registry.items():
        inlines = model_admin.get_inlines(None, None)
        for candidate in [model_admin, *(inline(model, admin.site) for inline in inlines)]:
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
            and not isinstance(field.widget, forms.HiddenInput | forms.PasswordInput)}


def test_every_text_field_of_every_admin_form_and_inline_drops_control_characters(admin_user):
    """The add form and the change form (of the first record, where there is one) of every
    registered admin, and every inline's form."""
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    checked = set()
    for model, model_admin in admin.site._registry.items():
        first = model._default_manager.order_by("pk").first()
        form_classes = [model_admin.get_form(request), *([model_admin.get_form(request, first)] if first else [])]
        form_classes += [inline.get_formset(request).form
                         for inline in model_admin.get_inline_instances(request)]
        for form_class in form_classes:
            for name, field in plain_text_fields(form_class).items():
                assert isinstance(field, CleanTextField), (model, form_class, name)
                assert field.clean("a\x0cb\x00") == "ab"
                checked.add(f"{form_class._meta.model._meta.label}.{name}")
    # Names, titles, summaries... in both languages, the participant rows' typed names included;
    # staff accounts' names and group names too (Django's own admins, on StaffAdmin).
    assert len(checked) >= 80
    assert {"auth.User.first_name", "auth.User.last_name", "auth.Group.name",
            "visits.Person.name_en", "visits.Participation.title_zh_hant"} <= checked


def test_the_typed_name_of_a_new_participant_is_cleaned_too():
    from visits.forms import ParticipationForm

    assert isinstance(ParticipationForm.base_fields["new_name_en"], CleanTextField)
