"""Simultaneous saves on the embedded default, a SQLite file opened by the settings (WAL, every
transaction begun IMMEDIATE): the loser of two saves or approvals of one record gets the refusal
PostgreSQL gives (tests/core/test_concurrency.py, test_review_concurrency.py), never "database
is locked" (a 500); and a backup's snapshot does not hold up a clerk's save.

Whatever database the suite runs on, each scenario (``tests/core/sqlite_scenario.py``) runs in
a child process on a copy of one migrated SQLite file, as the site opens it: the test database
of a SQLite run is in memory, shared between threads by table locks, not a file. As nothing here
uses the vendor under test, the scenarios run in the SQLite suite only (the PostgreSQL suite
proves the same refusals in its own concurrency tests)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from core.models import RevisionStatus
from tests.backoffice.scratch import manage

pytestmark = pytest.mark.sqlite_suite_only(
    "the scenarios run on SQLite files of their own in child processes, whatever the suite's database")

STALE = "您開啟此頁之後"  # the start of the zh-hant refusal: "…after you opened this page"


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> Path:
    """A migrated, empty SQLite file."""
    root = tmp_path_factory.mktemp("sqlite-concurrency")
    path = root / "migrated.sqlite3"
    result = manage("migrate", "--no-input", "-v", "0", database_url=f"sqlite:///{path}", media_root=root)
    assert result.returncode == 0, result.stderr[-3000:]
    return path


def run(scenario: str, migrated: Path, tmp_path: Path) -> dict:
    """Run ``scenario`` (a function of ``tests.core.sqlite_scenario``) on a copy of
    ``migrated``; return the JSON it printed."""
    path = tmp_path / "site.sqlite3"
    shutil.copyfile(migrated, path)
    result = manage("shell", "--no-imports", "-c",
                    f"from tests.core.sqlite_scenario import {scenario}; {scenario}()",
                    database_url=f"sqlite:///{path}", media_root=tmp_path / "media")
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_two_simultaneous_saves_one_wins_the_other_is_refused(migrated, tmp_path):
    """Two clerks save the form of one version at the same moment: one save is stored, the
    other is refused naming the winner, and the record holds the winner's title, one version on."""
    found = run("simultaneous_saves", migrated, tmp_path)
    outcomes = found["outcomes"]
    assert sorted(outcomes) == ["林美華", "王大明"]
    assert sorted(outcome.get("status", outcome.get("error")) for outcome in outcomes.values()) == [200, 302], outcomes
    [winner] = [name for name, outcome in outcomes.items() if outcome["status"] == 302]
    [loser] = [name for name, outcome in outcomes.items() if outcome["status"] == 200]
    [message] = outcomes[loser]["errors"]
    assert STALE in message and f"已由{winner}於" in message, message
    assert found["title"] == f"{winner}的標題"
    assert found["version"] == found["opened"] + 1


def test_two_simultaneous_approvals_publish_one_and_refuse_the_other(migrated, tmp_path):
    """Two publishers approve two revisions of one engagement at the same moment: one is
    published, the other refused as stale (it would undo the first), none fails."""
    found = run("simultaneous_approvals", migrated, tmp_path)
    outcomes = {int(pk): outcome for pk, outcome in found["outcomes"].items()}
    assert sorted(outcomes.values()) == ["approved", "stale"], outcomes
    winner = next(pk for pk, outcome in outcomes.items() if outcome == "approved")
    assert found["title"] == {found["first"]: "First title", found["second"]: "Second title"}[winner]
    assert sorted(found["statuses"].values()) == [RevisionStatus.APPROVED, RevisionStatus.PENDING]


def test_a_save_during_a_backup_snapshot_goes_through(migrated, tmp_path):
    """A clerk saves while a backup's snapshot is open: the save is stored at once (it does not
    wait for the backup), and the snapshot goes on reading the record as it was."""
    found = run("save_during_a_backup_snapshot", migrated, tmp_path)
    assert found["finished"] and found["save"] == 302, found
    opened = "日台友好和歌山市議會議員連盟訪高暢談台日友好及兩市市政交流"
    assert found["opened"] == opened
    assert found["in_snapshot"] == [opened, opened]
    assert found["after"] == "備份時存檔的標題"


def test_a_save_that_waits_out_the_busy_timeout_is_a_503_page_and_loses_nothing(migrated, tmp_path):
    """A save while another connection holds the write lock past the busy timeout: SQLite's
    "database is locked" is answered with the 503 page in the clerk's language (zh-hant), saying
    nothing was saved and to save again, with ``Retry-After``; nothing was stored, and the same
    form saved again once the lock is gone is stored."""
    found = run("save_while_the_database_is_locked", migrated, tmp_path)
    locked = found["locked"]
    assert (locked["status"], locked["retry_after"], locked["language"]) == (503, "5", "zh-Hant"), locked
    assert "資料庫忙碌中" in locked["text"] and "未儲存" in locked["text"], locked["text"][-2000:]
    assert "database is locked" not in locked["text"]
    assert found["title_while_locked"] == "日台友好和歌山市議會議員連盟訪高暢談台日友好及兩市市政交流"
    assert (found["again"], found["title"]) == (302, "鎖定時存檔的標題")


def test_an_import_confirmed_while_the_database_is_locked_is_a_503_page(migrated, tmp_path):
    """The confirm of a previewed import while the write lock is held past the busy timeout:
    the 503 page (upload the file again), nothing imported; uploaded and confirmed again once
    the lock is gone, the engagement is stored."""
    found = run("import_while_the_database_is_locked", migrated, tmp_path)
    locked = found["locked"]
    assert (locked["status"], locked["retry_after"]) == (503, "5"), locked["text"][-2000:]
    assert "匯入中的檔案須重新上傳" in locked["text"]
    assert found["stored_while_locked"] == 0
    assert (found["again"], found["stored"]) == (302, True)


def test_two_clerks_lending_one_gift_at_once_make_one_loan(migrated, tmp_path):
    """tests/gifts/test_loan_concurrency.py's scenario on a SQLite file: one loan, the other
    clerk told the gift is on loan, no "database is locked"."""
    from tests.gifts.test_loan_concurrency import assert_one_loan

    assert_one_loan(run("simultaneous_loans", migrated, tmp_path))
