"""Fixtures of the back-office tests: scratch databases and an office's backed-up database."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.backoffice.scratch import Scratch, manage, shell


@pytest.fixture(scope="session")
def scratch(tmp_path_factory) -> Scratch:
    """Scratch databases of the test database's vendor (see :class:`Scratch`), dropped at the
    end of the session."""
    made = Scratch(tmp_path_factory.mktemp("scratch"))
    yield made
    made.close()


@dataclass(frozen=True)
class Office:
    """A scratch database as an office leaves it (``url``, files under ``media``), and the
    archive ``backup_data`` wrote of it (into the new directory ``archive.parent``)."""

    url: str
    media: Path
    archive: Path


@pytest.fixture(scope="module")
def office(scratch, tmp_path_factory) -> Office:
    """The sample data with a week of work on it and 40 photos
    (:func:`tests.backoffice.scenario.office_history`), backed up under the usual umask 022."""
    root = tmp_path_factory.mktemp("office")
    url, media = scratch.migrated("office"), root / "media"
    shell("from tests.backoffice.scenario import office_history; office_history(photos=40)",
          database_url=url, media_root=media)
    archive = root / "backups" / "office.zip"
    umask = os.umask(0o022)
    try:
        result = manage("backup_data", "--output", archive, database_url=url, media_root=media)
    finally:
        os.umask(umask)
    assert result.returncode == 0, result.stderr
    return Office(url=url, media=media, archive=archive)
