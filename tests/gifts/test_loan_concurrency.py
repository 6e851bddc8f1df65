"""Two clerks lend the same gift at the same moment (tests.core.sqlite_scenario.lend_at_once):
the gift's row lock (gifts.services.gift_lend) lets exactly one loan through; the other clerk is
told, in zh-hant, that the gift is already on loan; neither gets a server error. On PostgreSQL
here, each clerk on a connection of their own; on a SQLite file in
tests/core/test_sqlite_concurrency.py."""

import pytest
from django.db import connection

from datasets.sample_data import load_sample_data
from tests.core.sqlite_scenario import lend_at_once

LENT = "已將1件禮品出借予「城市市鑰」。"
REFUSED = "沒有禮品可出借予「城市市鑰」：{gift}（此禮品無法出借：已出借中，請先登錄歸還）。"


def assert_one_loan(found: dict) -> None:
    """The outcome of :func:`lend_at_once`: one clerk lent, the other was refused; one loan."""
    outcomes = found["outcomes"]
    assert found["loans"] == [["keys-to-the-city", "2022-12-01", None]], found
    assert sorted(outcomes) == ["林美華", "王大明"]
    assert [outcome.get("status", outcome.get("error")) for outcome in outcomes.values()] == [200, 200], outcomes
    assert sorted(message for outcome in outcomes.values() for message in outcome["messages"]) == sorted(
        [LENT, REFUSED.format(gift=found["gift"])]), outcomes
    assert found["met"] == 2  # both clerks were lending at once


@pytest.mark.django_db(transaction=True)
def test_two_clerks_lending_one_gift_at_once_make_one_loan():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locks: the SQLite test database is in memory, shared "
                    "between threads by table locks; tests/core/test_sqlite_concurrency.py runs this on a SQLite file")
    load_sample_data()
    assert_one_loan(lend_at_once())
