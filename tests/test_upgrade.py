"""A database made by the code before the base app was split from the project package (its
migrations then belonged to an app ``intl_affairs``) migrates with this code, keeps its records
and its roles. Runs the old code from git against a fresh database of the vendor under test."""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)
# The last commit of the old layout (apps' shared code and migrations in intl_affairs/).
OLD_LAYOUT = "23ba88923886e316f7ddffd3de273a7b85ae996d"
COUNTS = ("from django.contrib.auth.models import Group; from visits.models import Engagement; "
          "print(Engagement.objects.count(), sorted((g.name, g.permissions.count()) "
          "for g in Group.objects.all()))")


def manage(tree: Path, database_url: str, *args: str) -> str:
    """Run ``manage.py`` of the source tree ``tree`` against ``database_url``; its stdout."""
    env = {**os.environ, "DATABASE_URL": database_url,
           "DJANGO_SETTINGS_MODULE": "intl_affairs.settings.dev", "PYTHONPATH": str(tree)}
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=tree, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"{tree.name}: manage.py {' '.join(args)}\n{done.stderr[-3000:]}"
    return done.stdout


@pytest.fixture
def scratch_database(tmp_path):
    """The URL of a new, empty database of the vendor the suite runs on; dropped afterwards."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'upgrade.sqlite3'}"
        return
    import psycopg

    params = connection.get_connection_params()
    name = f"upgrade_{uuid.uuid4().hex[:12]}"
    admin = psycopg.connect(**{**params, "dbname": "postgres"}, autocommit=True)
    admin.execute(f'CREATE DATABASE "{name}"')
    user, host, port = params.get("user", ""), params.get("host", ""), params.get("port", 5432)
    try:
        yield f"postgres://{user}@{host}:{port}/{name}"
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def old_tree(tmp_path: Path) -> Path:
    """The old layout's files, extracted from this repository's history."""
    archive = tmp_path / "old.tar"
    done = subprocess.run(["git", "archive", "--format=tar", f"--output={archive}", OLD_LAYOUT],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, f"the old layout's commit is not in this clone: {done.stderr}"
    tree = tmp_path / "old"
    with tarfile.open(archive) as tar:
        tar.extractall(tree, filter="data")
    return tree


def test_a_database_of_the_old_layout_migrates_and_keeps_records_and_roles(tmp_path, scratch_database):
    old = old_tree(tmp_path)
    manage(old, scratch_database, "migrate", "--no-input")
    manage(old, scratch_database, "load_sample_data")
    before = manage(old, scratch_database, "shell", "--no-imports", "-c", COUNTS)

    manage(ROOT, scratch_database, "migrate", "--no-input")
    manage(ROOT, scratch_database, "migrate", "--check")  # nothing left unapplied
    after = manage(ROOT, scratch_database, "shell", "--no-imports", "-c", COUNTS)
    # The sample data's 27 engagements; every permission for the administrator, view/add/change
    # of the 20 record models for the editor, plus delete and the 4 publish permissions and the
    # report's for the publisher.
    assert before == ("27 [('administrator', 217), ('editor', 60), ('publisher', 85), ('viewer', 20)]\n")
    # The same after the upgrade, plus the permission to see personal data (the administrator's
    # 218th) and the organiser role, which holds it beside the editor's 60, and the 8 of the
    # revisions for review and their history (core.Revision, issue 11), the administrator's only:
    # who sees and decides a revision follows the record's own permissions (core/review.py); plus
    # the gift register's 6 record models (issue 16): view/add/change for the editor and the
    # organiser (18), delete and publish_gift for the publisher, their history models' too for
    # the administrator (49).
    assert after == ("27 [('administrator', 275), ('editor', 78), ('organiser', 79), ('publisher', 110), "
                     "('viewer', 26)]\n")
    # The moved migrations count as applied through the ones they replace.
    shown = manage(ROOT, scratch_database, "showmigrations", "core")
    assert "[X] 0001_trigram_extension" in shown
