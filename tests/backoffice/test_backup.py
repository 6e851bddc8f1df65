"""Backup and restore: dump the test database, restore it into a new one, compare every row.

The restore runs in a subprocess against a scratch database of the test database's engine (a
SQLite file, or a PostgreSQL database created next to the test database).
"""

from __future__ import annotations

import base64
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection

from backoffice.backup import backed_up_models
from backoffice.roles import EDITOR
from cities.models import City, Country
from visits.models import Engagement, EngagementPhoto

# Transient or rebuilt rows a backup leaves out on purpose (see backoffice.backup).
NOT_COMPARED = {"django_session", "axes_accessattempt", "axes_accesslog", "axes_accessfailurelog",
                "axes_accessattemptexpiration"}
# A 1×1 PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


@pytest.fixture
def scratch_database_url(tmp_path) -> Iterator[str]:
    """An empty database of the test database's engine, as a ``DATABASE_URL`` value."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    assert connection.vendor == "postgresql"
    db = settings.DATABASES["default"]
    name = f"{db['NAME']}_restored"
    server = (f"postgresql://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or 'localhost'}:"
              f"{db['PORT'] or 5432}")
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield f"{server}/{name}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(*args: str, database_url: str, media_root: Path) -> subprocess.CompletedProcess:
    """Run a management command with the development settings against ``database_url``."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "intl_affairs.settings.dev",
           "DATABASE_URL": database_url, "MEDIA_ROOT": str(media_root)}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=settings.BASE_DIR, env=env,
                          capture_output=True, text=True, timeout=600)


def compared_tables() -> dict[str, str]:
    """Table name → the columns to compare: all, but not the surrogate ``id`` of the join tables
    Django creates for many-to-many fields (loaddata numbers those rows anew)."""
    tables = {}
    for model in apps.get_models(include_auto_created=True):
        if not model._meta.managed:
            continue
        fields = model._meta.concrete_fields
        if model._meta.auto_created:
            fields = [field for field in fields if not field.primary_key]
        tables[model._meta.db_table] = ", ".join(f'"{field.column}"' for field in fields)
    return {table: columns for table, columns in tables.items() if table not in NOT_COMPARED}


def read_rows(cursor, tables: dict[str, str]) -> dict[str, list[tuple]]:
    """Every row of each table (the given columns), in a stable order."""
    rows = {}
    for table, columns in tables.items():
        cursor.execute(f'SELECT {columns} FROM "{table}"')
        rows[table] = sorted(cursor.fetchall(), key=repr)
    return rows


def read_restored_rows(database_url: str, tables: dict[str, str]) -> dict[str, list[tuple]]:
    """As :func:`read_rows`, from another database, with the value types Django's driver gives."""
    if database_url.startswith("sqlite"):
        db = sqlite3.connect(database_url.removeprefix("sqlite:///"),
                             detect_types=sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES)
    else:
        db = psycopg.connect(database_url)
    try:
        return read_rows(db.cursor(), tables)
    finally:
        db.close()


def make_history() -> EngagementPhoto:
    """An edit by a clerk, a deletion and an uploaded photo on top of the sample data."""
    clerk = User.objects.create_user("clerk", password="long enough password", is_staff=True)
    clerk.groups.add(Group.objects.get(name=EDITOR))
    city = City.objects.get(slug="busan")
    city.name_en, city.region_zh_hant = "Busan Metropolitan City", "慶尚南道"
    city._history_user = clerk
    city.save()
    engagement = Engagement.objects.order_by("pk").first()
    engagement.participations.order_by("pk").last().delete()
    photo = EngagementPhoto(engagement=engagement, alt_text_zh_hant="市長致詞",
                            alt_text_en="The mayor speaks")
    photo.image.save("speech.png", ContentFile(PNG))
    return photo


@pytest.mark.django_db
def test_backup_restores_every_row_and_file_into_an_empty_database(scratch_database_url, tmp_path):
    photo = make_history()
    archive = tmp_path / "backup.zip"
    call_command("backup_data", output=archive)
    media = tmp_path / "media"
    for step in (["migrate", "--no-input"], ["restore_data", str(archive)]):
        result = manage(*step, database_url=scratch_database_url, media_root=media)
        assert result.returncode == 0, result.stderr

    tables = compared_tables()
    with connection.cursor() as cursor:
        source = read_rows(cursor, tables)
    restored = read_restored_rows(scratch_database_url, tables)
    for table in tables:
        assert restored[table] == source[table], table
    # Not vacuous: records, translations, history, its users and join tables all came across.
    for label in ("cities.City", "visits.Participation", "visits.HistoricalParticipation",
                  "cities.HistoricalCity", "visits.HistoricalEngagement_topics", "auth.User"):
        assert source[apps.get_model(label)._meta.db_table], label
    assert source["auth_user_groups"] and source["visits_engagement_topics"]
    assert any("Busan Metropolitan City" in row for row in restored["cities_city"])
    assert (media / photo.image.name).read_bytes() == PNG


@pytest.mark.django_db
def test_restore_refuses_a_database_with_records(tmp_path):
    archive = tmp_path / "backup.zip"
    call_command("backup_data", output=archive)
    countries = Country.objects.count()
    with pytest.raises(CommandError) as refusal:
        call_command("restore_data", archive)
    assert str(refusal.value) == (
        f"restore_data: the database is not empty (cities.Country has {countries} rows); "
        "restore only into a new, migrated database"
    )
    assert Country.objects.count() == countries


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    not_a_backup = tmp_path / "notes.zip"
    not_a_backup.write_text("minutes of the meeting")
    with pytest.raises(CommandError, match="is not a backup archive"):
        call_command("restore_data", not_a_backup)


def test_every_model_with_data_is_backed_up():
    backed_up = {model._meta.label for model in backed_up_models()}
    assert {"cities.City", "visits.HistoricalEngagement", "visits.HistoricalEngagement_topics",
            "exhibitions.ExhibitedItem", "auth.User", "auth.Group", "admin.LogEntry"} <= backed_up
    assert not {"sessions.Session", "contenttypes.ContentType", "auth.Permission"} & backed_up
