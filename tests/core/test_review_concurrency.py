"""Two publishers approving two revisions of one engagement at the same moment: one is
published, the other refused, never both (the second would undo the first). On PostgreSQL here;
on a SQLite file in tests/core/test_sqlite_concurrency.py."""

import threading

import pytest
from django.db import connection

from backoffice.roles import EDITOR, PUBLISHER
from core import review
from core.models import Revision, RevisionStatus
from datasets.sample_data import load_sample_data
from tests.factories import staff_member, two_pending_titles
from visits.models import Engagement

pytestmark = pytest.mark.django_db(transaction=True)

WAKAYAMA = "2022-11-28-wakayama-city-assembly-league"


def test_concurrent_approvals_of_two_revisions_publish_one(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locks: the SQLite test database is in memory, shared between "
                    "threads by table locks; tests/core/test_sqlite_concurrency.py runs this on a SQLite file")
    load_sample_data()
    visit = Engagement.objects.get(slug=WAKAYAMA)
    first, second = two_pending_titles(visit, staff_member("clerk", EDITOR))
    publishers = [staff_member("chief-a", PUBLISHER), staff_member("chief-b", PUBLISHER)]

    # Both approvals have locked their revision and checked it is pending before either goes on.
    both_checked = threading.Barrier(2, timeout=20)
    checked = review._check_decision
    monkeypatch.setattr(review, "_check_decision", lambda *args: (checked(*args), both_checked.wait()))
    outcomes: dict[int, str] = {}

    def approve(revision, publisher):
        try:
            review.approve(revision, reviewer=publisher)
            outcomes[revision.pk] = "approved"
        except review.StaleRevision:
            outcomes[revision.pk] = "stale"
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=pair) for pair in zip([first, second], publishers, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert sorted(outcomes.values()) == ["approved", "stale"], outcomes
    winner = next(pk for pk, outcome in outcomes.items() if outcome == "approved")
    visit.refresh_from_db()
    assert visit.title_en == {first.pk: "First title", second.pk: "Second title"}[winner]
    statuses = dict(Revision.objects.values_list("pk", "status"))
    assert sorted(statuses.values()) == [RevisionStatus.APPROVED, RevisionStatus.PENDING]
