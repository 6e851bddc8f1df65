"""Review of edits to records without a publication state that are public because public
records name them (rule 2 of core.visibility: a person, a country, a venue...): an editor's
change to such a record while it is public waits for a publisher; one that is not public, or
a change of personal data only, is saved at once."""

import pytest
from django.contrib import admin
from django.db import models
from django.urls import reverse
from django.utils import translation

from backoffice.roles import EDITOR, ORGANISER, PUBLISHER
from core import review
from core.models import Revision, RevisionStatus
from core.personal import personal_fields
from core.registry import record_models
from core.visibility import public
from tests.admin_forms import admin_form_data
from tests.core.test_review import PUBLIC_EN, PUBLIC_ZH, staff
from visits.models import Person

pytestmark = pytest.mark.django_db


def person_url(person: Person) -> str:
    return reverse("admin:visits_person_change", args=[person.pk])


def post_change(client, person: Person, **changes):
    """Post ``person``'s change form through ``client`` as opened, with ``changes``; the response."""
    data = admin_form_data(client.get(person_url(person)))
    data.update(changes)
    return client.post(person_url(person), data)


@pytest.fixture
def inoue() -> Person:
    """井上直樹 (Naoki Inoue), a participant of the published Wakayama visit."""
    return Person.objects.get(name_en="Naoki Inoue")


def test_an_editor_s_rename_of_a_public_person_is_held_until_a_publisher_approves(inoue, client):
    editor, editor_client = staff(EDITOR)
    response = post_change(editor_client, inoue, name_zh_hant="井上直紀", name_en="Naoki Inoué")

    revision = Revision.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:core_revision_change", args=[revision.pk])
    inoue.refresh_from_db()
    assert (inoue.name_zh_hant, inoue.name_en) == ("井上直樹", "Naoki Inoue")
    zh, en = client.get(PUBLIC_ZH).content.decode(), client.get(PUBLIC_EN).content.decode()
    assert "井上直樹" in zh and "井上直紀" not in zh
    assert "Naoki Inoue" in en and "Naoki Inoué" not in en
    assert (revision.status, revision.author, revision.live_record()) == (
        RevisionStatus.PENDING, editor, inoue)
    with translation.override("en"):
        diff = review.revision_diff(revision)
    assert [(c.label, c.before, c.after) for c in diff.fields] == [
        ("full name [zh-hant]", "井上直樹", "井上直紀"), ("full name [en]", "Naoki Inoue", "Naoki Inoué")]

    _publisher, publisher_client = staff(PUBLISHER)
    url = reverse("admin:core_revision_change", args=[revision.pk])
    page = publisher_client.get(url)
    assert page.status_code == 200 and page.context["may_review"] and "井上直紀" in page.content.decode()
    assert publisher_client.post(url, {"_approve": "1", "comment": "OK"}).status_code == 302

    zh, en = client.get(PUBLIC_ZH).content.decode(), client.get(PUBLIC_EN).content.decode()
    assert "井上直紀" in zh and "Naoki Inoué" in en
    inoue.refresh_from_db()
    assert (inoue.name_zh_hant, inoue.name_en) == ("井上直紀", "Naoki Inoué")


def test_a_publisher_renames_a_public_person_live(inoue):
    _publisher, publisher_client = staff(PUBLISHER)
    assert post_change(publisher_client, inoue, name_en="Naoki Inoué").status_code == 302

    inoue.refresh_from_db()
    assert inoue.name_en == "Naoki Inoué"
    assert not Revision.objects.exists()


def test_personal_data_of_a_public_person_is_saved_at_once_and_never_in_a_revision(inoue):
    _organiser, organiser_client = staff(ORGANISER)
    assert post_change(organiser_client, inoue, passport_number="TR1234567").status_code == 302

    inoue.refresh_from_db()
    assert inoue.passport_number == "TR1234567"
    assert not Revision.objects.exists()

    # With a rename in the same save: the name waits for review, the passport is saved now and
    # is not part of the revision (a reviewer without the permission would otherwise read it).
    post_change(organiser_client, inoue, name_en="Naoki Inoué", passport_number="TR7654321")

    revision = Revision.objects.get()
    inoue.refresh_from_db()
    assert (inoue.name_en, inoue.passport_number) == ("Naoki Inoue", "TR7654321")
    assert "TR7654321" not in str(revision.snapshot) and "TR1234567" not in str(revision.snapshot)
    with translation.override("en"):
        diff = review.revision_diff(revision)
    assert [(c.label, c.before, c.after) for c in diff.fields] == [
        ("full name [en]", "Naoki Inoue", "Naoki Inoué")]
    # An organiser enters another passport number meanwhile: the revision is not stale, and
    # approving it leaves the passport as stored.
    inoue.passport_number = "TR0000001"
    inoue.save()
    publisher, _client = staff(PUBLISHER)
    review.approve(revision, reviewer=publisher)
    inoue.refresh_from_db()
    assert (inoue.name_en, inoue.passport_number) == ("Naoki Inoué", "TR0000001")


def test_a_person_in_no_public_engagement_is_renamed_live():
    person = Person.objects.create(name_zh_hant="山本太郎", name_en="Taro Yamamoto")
    assert not public(Person).filter(pk=person.pk).exists()
    _editor, editor_client = staff(EDITOR)
    assert post_change(editor_client, person, name_en="Tarō Yamamoto").status_code == 302

    person.refresh_from_db()
    assert person.name_en == "Tarō Yamamoto"
    assert not Revision.objects.exists()


def _text_field(model: type[models.Model], data: dict) -> str:
    """The first text field of ``model``'s form data that is not personal data: its
    zh-hant column where it is translated."""
    for f in model._meta.concrete_fields:
        if (isinstance(f, models.CharField) and not isinstance(f, models.SlugField) and not f.choices
                and f.name not in personal_fields(model)):
            for name in (f"{f.name}_zh_hant", f.name):
                if data.get(name):
                    return name
    raise AssertionError(f"no text field in the form of {model._meta.label}")


# Every model public when public records name it (an empty declaration: never public), with an admin.
NAMED_MODELS = [model for model in record_models() if review.named_record(model)
                and model.public_when_named_by and model in admin.site._registry]


def test_the_walk_covers_people_countries_and_venues():
    assert {model._meta.label for model in NAMED_MODELS} >= {
        "visits.Person", "cities.Country", "exhibitions.Venue"}


@pytest.mark.parametrize("model", NAMED_MODELS, ids=lambda model: model._meta.label)
def test_an_editor_s_change_to_every_kind_of_public_named_record_is_held(model):
    row = public(model).order_by("pk").first()
    assert row is not None, "the seed has a public one"
    editor, editor_client = staff(EDITOR)
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[row.pk])
    data = admin_form_data(editor_client.get(url))
    name = _text_field(model, data)
    stored = data[name]
    data[name] = f"{stored}（改）"

    response = editor_client.post(url, data)

    assert response.status_code == 302, model
    revision = Revision.objects.get()
    assert (revision.live_record(), revision.author) == (row, editor)
    assert model._base_manager.filter(pk=row.pk).values_list(name, flat=True).get() == stored
