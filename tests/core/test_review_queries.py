"""What an editor's held save of a published record costs in queries (core.admin.ReviewAdminMixin):
the records the changed inline rows belong to are read once per model, not once a row, and the
change view reuses the row and the inline formsets the review built to see what the save touches."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from backoffice.roles import EDITOR
from core.models import PublicationStatus, Revision
from tests import factories
from tests.admin_forms import admin_form_data
from visits.models import Participation, Person

pytestmark = pytest.mark.django_db


def visitor_list(size: int):
    """A published engagement with ``size`` participants, and an editor's client on its page."""
    engagement = factories.engagement("thirty-guests", "三十位來賓", "Thirty guests",
                                      status=PublicationStatus.PUBLISHED)
    for index in range(size):
        person = Person.objects.create(name_zh_hant=f"來賓{index}", name_en=f"Guest {index}")
        Participation.objects.create(engagement=engagement, person=person, title_en="Councillor")
    editor = Client(HTTP_ACCEPT_LANGUAGE="en")
    editor.force_login(factories.staff_member("list-editor", EDITOR))
    return engagement, editor


def held_save(size: int) -> list[str]:
    """The SQL of an editor's save of every participant's English title of a published
    engagement with ``size`` participants (held for review: one pending revision)."""
    engagement, editor = visitor_list(size)
    url = reverse("admin:visits_engagement_change", args=[engagement.pk])
    data = admin_form_data(editor.get(url))
    for index in range(size):
        data[f"participations-{index}-title_en"] = f"Councillor {index}"
    with CaptureQueriesContext(connection) as queries:
        response = editor.post(url, data)
    revision = Revision.objects.get()
    assert response["Location"] == reverse("admin:core_revision_change", args=[revision.pk])
    assert Participation.objects.filter(title_en="Councillor").count() == size  # nothing live
    return [query["sql"] for query in queries]


def engagement_reads(sql: list[str]) -> int:
    """How many of ``sql`` read whole engagements."""
    return sum(1 for statement in sql if statement.startswith('SELECT "visits_engagement"."id", '))


def participant_list_reads(sql: list[str]) -> int:
    """How many of ``sql`` read an engagement's participants (a list, not one row by key)."""
    return sum(1 for statement in sql if statement.startswith('SELECT "visits_participation"."id", ')
               and re.search(r'WHERE "visits_participation"."engagement_id" = \d+', statement)
               and '"visits_participation"."id" =' not in statement)


@pytest.mark.parametrize("size", [1, 30])
def test_the_engagement_and_its_visitor_list_are_read_as_often_for_thirty_changed_rows_as_for_one(size):
    """The save of every participant's title (1 or 30) reads the engagement 6 times: once for
    the page (get_object: the review's row, handed on to the change view), once for the records
    the changed rows belong to (each participant as stored and as posted: one query for all),
    twice for the revision's snapshot before and after (core.review.family), once as the save's
    row before it is written (core.review._note_before) and once for the rows the save created
    (core.review.hold). Before: the page twice (the review and the view) and 4 a row (each
    participant as stored and as posted, looked up by needs_review and record_under_review):
    10 and 126. The visitor list is read 3 times: the formset (built once, by the review, and
    used by the view; before: twice) and the two snapshots."""
    sql = held_save(size)
    assert engagement_reads(sql) == 6
    assert participant_list_reads(sql) == 3
