"""Every way an editor's change can reach a published record is held for review (issue 11):
each inline row of every admin page, wherever the row is shown (a participant on a person's
page belongs to a published engagement), a deleted row restored from the history, and the
actions of a list (lending a published gift). The change form itself, the revert and the
imports are in ``test_review.py``. Records from the sample data."""

import datetime

import pytest
from django import forms
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from backoffice.roles import EDITOR, PUBLISHER
from core import review
from core.admin import ReadOnlyAdminMixin
from core.models import PublicationStatus, Revision, RevisionSource
from core.registry import record_app_labels, record_models
from core.review import serialise
from exhibitions.models import ExhibitedItem, Exhibition
from gifts.models import Gift, GiftLoan
from tests.admin_forms import admin_form_data
from tests.factories import staff_member
from visits.models import Engagement, MainGuest, Participation, Person

pytestmark = pytest.mark.django_db


def logged_in(role: str, name: str) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(staff_member(name, role))
    return client


def stored() -> dict[str, list]:
    """Every row of every record model, serialised: what "nothing went live" compares."""
    return {model._meta.label: serialise(list(model._base_manager.order_by("pk"))) for model in record_models()}


def change_url(record) -> str:
    opts = record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])


def text_input(form) -> str | None:
    """The name of the first plain text input of an inline row's form, or None."""
    for name, field in form.fields.items():
        if (isinstance(field.widget, (forms.TextInput, forms.Textarea)) and isinstance(field, forms.CharField)
                and name != "slug" and not name.startswith("new_")):
            return form.add_prefix(name)
    return None


def test_every_inline_row_of_a_published_record_changed_by_an_editor_is_held():
    """Over every editable inline of every admin: the first row (of the sample data) that
    belongs to a published record, one text changed by an editor. The save is a pending
    revision of the record the row belongs to (the engagement, for a participant on a
    person's page), holding the new text; no row of any record model changes."""
    user = staff_member("inline-editor", EDITOR)
    editor = Client(HTTP_ACCEPT_LANGUAGE="en")
    editor.force_login(user)
    checked = []
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in record_app_labels():
            continue
        for inline_class in model_admin.inlines:
            if issubclass(inline_class, ReadOnlyAdminMixin):
                continue
            inline = inline_class(model, admin.site)
            fk = next(f for f in inline.model._meta.fields if f.is_relation and f.related_model is model)
            row = next((row for row in inline.model._default_manager.filter(**{f"{fk.name}__isnull": False})
                        .order_by("pk") if review.needs_review(user, row)), None)
            if row is None:
                continue
            url = change_url(getattr(row, fk.name))
            page = editor.get(url)
            formset = next(f.formset for f in page.context["inline_admin_formsets"]
                           if f.formset.model is inline.model)
            name = text_input(next(form for form in formset.forms if form.instance.pk == row.pk))
            if name is None:  # rows of references only (partner cities, items shown)
                continue
            data = admin_form_data(page)
            data[name] = f"{data.get(name, '')}HELD-{inline_class.__name__}"
            before, revisions = stored(), Revision.objects.count()

            response = editor.post(url, data)

            revision = Revision.objects.order_by("pk").last()
            assert Revision.objects.count() == revisions + 1, (inline_class, response.status_code)
            assert response["Location"] == reverse("admin:core_revision_change", args=[revision.pk])
            assert revision.live_record() == review.record_under_review(row), inline_class
            assert data[name] in str(revision.snapshot["after"]), inline_class
            assert stored() == before, inline_class
            checked.append(f"{model.__name__}.{inline_class.__name__}")
    assert sorted(checked) == ["City.PartnershipInline", "Engagement.DonatedItemInline",
                               "Engagement.ParticipationInline", "Person.PersonParticipationInline"]



WAKAYAMA = "2022-11-28-wakayama-city-assembly-league"


def test_a_person_s_page_changing_a_participant_of_a_published_engagement_is_held_and_approved():
    """羅達生 (Lo Ta-sheng) takes part in two published engagements: their title in one of them
    changed on their own page by an editor waits as a revision of that engagement; approved,
    it is live. Changing both rows in one save is refused, nothing saved, the text kept."""
    person = Person.objects.get(pk=2)
    assert person.name_en == "Lo Ta-sheng"
    first, second = person.participations.filter(engagement__status=PublicationStatus.PUBLISHED).order_by("pk")[:2]
    editor = logged_in(EDITOR, "person-editor")
    url = change_url(person)
    data = admin_form_data(editor.get(url))
    rows = {int(data[f"participations-{i}-id"]): i for i in range(int(data["participations-TOTAL_FORMS"]))}
    title = f"participations-{rows[first.pk]}-title_en"
    assert (first.title_en, second.title_en) == ("Deputy Mayor", "Deputy Mayor")
    before = stored()

    both = editor.post(url, {**data, title: "Deputy Mayor (both)",
                             f"participations-{rows[second.pk]}-title_en": "Deputy Mayor (both)"})

    assert both.status_code == 200
    assert "several published records" in str(both.context["adminform"].form.non_field_errors())
    assert str(first.engagement) in str(both.context["adminform"].form.non_field_errors())
    assert "Deputy Mayor (both)" in both.content.decode()  # what was typed is still there
    assert stored() == before and not Revision.objects.exists()

    one = editor.post(url, {**data, title: "Deputy Mayor of Kaohsiung"})

    revision = Revision.objects.get()
    assert one["Location"] == reverse("admin:core_revision_change", args=[revision.pk])
    assert (revision.live_record(), revision.source) == (first.engagement, RevisionSource.FORM)
    assert stored() == before
    review.approve(revision, reviewer=staff_member("person-publisher", PUBLISHER))
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.title_en, second.title_en) == ("Deputy Mayor of Kaohsiung", "Deputy Mayor")


def test_a_deleted_row_of_a_published_record_restored_by_an_editor_is_held():
    """A participant of the published Wakayama visit, deleted by a publisher, restored from
    its history by an editor: a revision of the engagement (source: restore), the participant
    still gone until it is approved. A deleted published engagement restored by an editor comes
    back as a draft (not public)."""
    engagement = Engagement.objects.get(slug=WAKAYAMA)
    participant = engagement.participations.exclude(
        pk__in=MainGuest.objects.values("participation")).order_by("pk").first()
    pk = participant.pk
    participant.delete()
    version = Participation.history.filter(id=pk, history_type="~").order_by("-history_date").first() \
        or Participation.history.filter(id=pk, history_type="+").first()
    editor = logged_in(EDITOR, "restore-editor")
    url = reverse("admin:visits_participation_simple_history", args=[pk, version.history_id])
    before = stored()

    response = editor.post(url, admin_form_data(editor.get(url)))

    revision = Revision.objects.get()
    assert response["Location"] == reverse("admin:core_revision_change", args=[revision.pk])
    assert (revision.live_record(), revision.source) == (engagement, RevisionSource.REVERT)
    assert stored() == before and not Participation.objects.filter(pk=pk).exists()
    diff = review.revision_diff(revision)
    assert [(row.kind, row.label) for section in diff.sections for row in section.rows] == [
        ("added", str(participant))]

    other = Engagement.objects.filter(status=PublicationStatus.PUBLISHED, gifts__isnull=True).exclude(
        pk=engagement.pk).exclude(participations__in=MainGuest.objects.values("participation")).first()
    other_pk = other.pk
    other.delete()
    last = Engagement.history.filter(id=other_pk).exclude(history_type="-").order_by("-history_date").first()
    url = reverse("admin:visits_engagement_simple_history", args=[other_pk, last.history_id])
    response = editor.post(url, admin_form_data(editor.get(url)))
    assert response.status_code == 302
    assert Engagement.objects.get(pk=other_pk).status == PublicationStatus.DRAFT
    assert Revision.objects.count() == 1


def test_lending_a_published_gift_by_an_editor_is_held():
    """The list's "lend to an exhibition" run by an editor on the published key to the city of
    Busan: a revision of the gift (source: action) holding the loan and the item shown at the
    exhibition; no loan, no item shown, the gift where it was, until a publisher approves."""
    busan = Gift.objects.get(slug="key-to-the-city-of-busan")
    exhibition = Exhibition.objects.get(slug="keys-to-the-city")
    editor = logged_in(EDITOR, "loan-editor")
    before = stored()

    response = editor.post(reverse("admin:gifts_gift_changelist"), {
        "action": "lend_to_exhibition", "_selected_action": [busan.pk], "apply": "1",
        "exhibition": exhibition.pk, "lent_on": "2022-05-01"}, follow=True)

    revision = Revision.objects.get()
    assert (revision.live_record(), revision.source) == (busan, RevisionSource.ACTION)
    assert [str(m) for m in response.context["messages"]] == [
        f"1 published gift is changed as a revision that waits for review by a publisher (revision "
        f"{revision.pk}); the public sees it as it was until it is approved."]
    assert stored() == before
    review.approve(revision, reviewer=staff_member("loan-publisher", PUBLISHER))
    assert [(loan.exhibition, loan.lent_on) for loan in GiftLoan.objects.filter(gift=busan)] == [
        (exhibition, datetime.date(2022, 5, 1))]
    busan.refresh_from_db()
    assert busan.location == "四維行政中心中庭櫥窗"  # the exhibition's venue
    assert ExhibitedItem.objects.filter(exhibition=exhibition, item=busan.item).exists() == bool(busan.item_id)
