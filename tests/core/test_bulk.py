"""core.bulk: the imports' insert writes what Django's bulk_create and django-simple-history's
bulk_history_create write, column for column, on SQLite and PostgreSQL."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.bulk import insert, insert_history
from visits.models import Engagement, Participation, Person

pytestmark = pytest.mark.django_db

SAN_ANTONIO_VIDEO = "2022-12-20-san-antonio-40th-anniversary-video-conference"


def copy_of_source_record(slug: str) -> Engagement:
    """The source chapter's San Antonio video conference as a new, unsaved engagement."""
    engagement = Engagement.objects.get(slug=SAN_ANTONIO_VIDEO)
    engagement.pk, engagement.slug = None, slug
    engagement._state.adding = True
    return engagement


def stored(model, **lookup) -> dict:
    names = [field.attname for field in model._meta.concrete_fields]
    return dict(zip(names, model.objects.filter(**lookup).values_list(*names).get(), strict=True))


def test_insert_writes_every_column_as_bulk_create_does():
    by_django, by_insert = copy_of_source_record("bulk-by-django"), copy_of_source_record("bulk-by-insert")
    Engagement.objects.bulk_create([by_django])
    insert(Engagement, [by_insert])
    assert by_insert.pk is not None and by_insert.pk != by_django.pk
    assert not by_insert._state.adding
    django_row, insert_row = stored(Engagement, slug="bulk-by-django"), stored(Engagement, slug="bulk-by-insert")
    for varying in ("id", "slug", "created_at", "updated_at"):
        django_row.pop(varying), insert_row.pop(varying)
    assert insert_row == django_row
    assert insert_row["title_zh_hant"] == "姊妹市締盟40周年視訊拜會"
    assert insert_row["start_date"] == datetime.date(2022, 12, 20)
    assert (insert_row["kind"], insert_row["status"], insert_row["end_date"]) == ("video_conference", "published", None)
    # auto_now / auto_now_add were filled in, as save() and bulk_create do.
    written = Engagement.objects.get(slug="bulk-by-insert")
    assert written.created_at is not None and written.updated_at is not None


def test_insert_gives_each_record_its_own_id_across_batches():
    engagements = [copy_of_source_record(f"bulk-{n}") for n in range(130)]
    with CaptureQueriesContext(connection) as queries:
        insert(Engagement, engagements, batch_size=50)
    # 50 + 50 + 30 rows; on SQLite 43 + 43 + 43 + 1 (999 parameters, 23 columns besides the id).
    assert len(queries) == (4 if connection.vendor == "sqlite" else 3)
    ids = dict(Engagement.objects.filter(slug__startswith="bulk-").values_list("slug", "pk"))
    assert {engagement.slug: engagement.pk for engagement in engagements} == ids
    assert len(set(ids.values())) == 130


def test_insert_of_a_row_the_database_refuses_raises():
    from django.db import IntegrityError, transaction

    duplicate = copy_of_source_record(SAN_ANTONIO_VIDEO)  # the slug is unique
    with pytest.raises(IntegrityError), transaction.atomic():
        insert(Engagement, [duplicate])


def test_insert_history_writes_the_version_bulk_history_create_writes(admin_user):
    engagement = Engagement.objects.get(slug=SAN_ANTONIO_VIDEO)
    library = Engagement.history.bulk_history_create([engagement], default_user=admin_user,
                                                     default_change_reason="import 111H2.csv")[0]
    [ours] = insert_history(Engagement, [engagement], user=admin_user, reason="import 111H2.csv")
    assert ours.history_id is not None and ours.history_id != library.history_id
    model = Engagement.history.model
    library_row, our_row = stored(model, history_id=library.history_id), stored(model, history_id=ours.history_id)
    for varying in ("history_id", "history_date"):
        library_row.pop(varying), our_row.pop(varying)
    assert our_row == library_row
    assert (our_row["history_type"], our_row["history_user_id"], our_row["history_change_reason"]) == (
        "+", admin_user.pk, "import 111H2.csv")
    assert our_row["title_zh_hant"] == "姊妹市締盟40周年視訊拜會" and our_row["id"] == engagement.pk


def test_insert_history_of_a_person_and_a_participation_without_a_user():
    person = Person.objects.get(name_zh_hant="朗．尼倫伯格")
    participation = Participation.objects.filter(person=person).first()
    [person_version] = insert_history(Person, [person])
    [participation_version] = insert_history(Participation, [participation], history_type="~")
    assert (person_version.history_user_id, person_version.history_change_reason) == (None, "")
    assert person.history.first().name_en == "Ron Nirenberg"
    assert participation.history.first().history_type == "~"
