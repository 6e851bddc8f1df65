"""Backup, verify and restore (backoffice/backup.py, backoffice/verify.py).

Backups are taken by ``backup_data`` in a child process from a scratch database (see
``tests/backoffice/scratch.py``), as an office takes them: a backup reads one snapshot, which
it can only start outside any transaction, and the test's own database is inside one. Restores
that must be interrupted or that must commit run in child processes too; refusals and the
encrypted round trip restore into the test database, emptied inside the test's transaction.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
import shutil
import subprocess
import threading
import time
import zipfile
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.core.management.color import no_style
from django.db import connection
from django.utils import translation

from backoffice.backup import MANIFEST_NAME, BackupError, Manifest, backed_up_models, file_columns
from backoffice.verify import compare_restored
from tests.backoffice.scratch import (
    child_env,
    manage,
    manage_args,
    media_digests,
    query,
    read_rows,
    tables,
)
from visits.models import Participation

# Transaction per loop the writer must have committed before the backup starts.
WARM_UP = 20


@pytest.fixture(autouse=True)
def english():
    """The refusals below are asserted in English (a command speaks its caller's language,
    core.commands); tests/core/test_commands.py asserts them in zh-hant."""
    with translation.override("en"):
        yield


def restored_file_names(database_url: str) -> set[str]:
    """Every file name any row or history row of ``database_url`` refers to."""
    names = set()
    for model, attname in file_columns():
        column = model._meta.get_field(attname).column
        names |= {name for (name,) in query(
            database_url, f'SELECT "{column}" FROM "{model._meta.db_table}"') if name}  # noqa: S608
    return names


def assert_same_files(names: set[str], restored: Path, source: Path) -> None:
    """Each of ``names`` is under ``restored`` with the bytes it has under ``source``."""
    for name in sorted(names):
        assert (restored / name).read_bytes() == (source / name).read_bytes(), name


def busan_images(database_url: str) -> set[str]:
    """The images and thumbnails Busan's record has had, from its history."""
    rows = query(database_url, "SELECT image, thumbnail FROM cities_historicalcity WHERE slug = 'busan'")
    return {name for row in rows for name in row if name}


def test_backup_while_a_writer_saves_restores_exactly(scratch, office, tmp_path, django_db_blocker):
    """A clerk keeps saving visits while the backup runs; the archive is one snapshot: it
    restores (through ``verify_backup``) into an empty database equal, table by table and row
    by row, to the source as it was after some transaction K, with every file byte for byte.
    What ``verify_backup`` compares after its restore is checked too: a row count or a file that
    differs from the manifest is named."""
    source, media = scratch.migrated("writer", copy_of=office.url), tmp_path / "media"
    shutil.copytree(office.media, media)
    stop = tmp_path / "stop"
    writer = subprocess.Popen(
        manage_args("shell", "--no-imports", "-c",
                    f"from tests.backoffice.scenario import writer; writer({str(stop)!r})"),
        env=child_env(source, media), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    commits: list[dict] = []
    warmed_up = threading.Event()

    def read_commits() -> None:
        for line in writer.stdout:
            commits.append(json.loads(line))
            if len(commits) >= WARM_UP:
                warmed_up.set()
        warmed_up.set()

    reader = threading.Thread(target=read_commits)
    reader.start()
    try:
        assert warmed_up.wait(120) and len(commits) >= WARM_UP, writer.stderr.read()
        archive = tmp_path / "during.zip"
        started = time.monotonic()
        backup = manage("backup_data", "--output", archive, database_url=source, media_root=media)
        finished = time.monotonic()
        time.sleep(1)
    finally:
        stop.touch()
        writer.wait(60)
        reader.join()
    assert backup.returncode == 0, backup.stderr
    assert writer.returncode == 0, writer.stderr.read()  # never "database is locked" on SQLite
    assert [commit["t"] for commit in commits if started < commit["t"] < finished], "no save during the backup"

    target, restored_media = scratch.migrated("writer_restored"), tmp_path / "restored"
    before = media_digests(media)
    verified = manage("verify_backup", archive, "--database-url", target, "--media-root", restored_media,
                      database_url=source, media_root=media)
    assert verified.returncode == 0, verified.stderr
    with zipfile.ZipFile(archive) as opened:
        manifest = Manifest.from_json(opened.read(MANIFEST_NAME).decode())
    assert verified.stdout.startswith(
        f"Verified {archive}: {manifest.total_rows} rows in {len(manifest.rows)} tables and "
        f"{len(manifest.files)} files restore into an empty")
    assert media_digests(media) == before  # verifying wrote nothing into the site's storage

    guests = {name for (name,) in query(target, "SELECT name_en FROM visits_person WHERE name_en LIKE 'Guest %'")}
    last = len(guests) - 1
    assert guests == {f"Guest {n}" for n in range(last + 1)}
    assert WARM_UP - 1 <= last < commits[-1]["n"]  # the writer went on after the snapshot
    restored = read_rows(target)
    as_it_was = read_rows(source, below=commits[last]["max"])
    for table in tables():
        assert restored[table] == as_it_was[table], table
    # Not vacuous: records, history, its users and links, and the writer's rows came across.
    for table in ("visits_participation", "visits_historicalengagement_countries", "auth_user_groups",
                  "visits_engagement_topics", "cities_historicalcity", "visits_engagementphoto"):
        assert restored[table], table
    names = restored_file_names(target)
    assert busan_images(source) <= names and len(busan_images(source)) == 6  # 3 images, 3 thumbnails
    assert_same_files(names, restored_media, media)

    with django_db_blocker.unblock():
        vendor = compare_restored(manifest, target, restored_media)
        assert vendor == {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[connection.vendor]
        assert f"restore into an empty {vendor} database; every count and checksum matches." in verified.stdout
        more = {**manifest.rows, "visits.Person": manifest.rows["visits.Person"] + 1}
        with pytest.raises(BackupError) as error:
            compare_restored(Manifest(**{**manifest.__dict__, "rows": more}), target, restored_media)
        persons = manifest.rows["visits.Person"]
        assert str(error.value) == f"visits.Person: {persons} rows restored, the manifest says {persons + 1}"
        name = sorted(manifest.files)[0]
        (restored_media / name).write_bytes(b"not the photo")
        with pytest.raises(BackupError, match=f"^media/{name}: checksum differs$"):
            compare_restored(manifest, target, restored_media)


def run_until(args: list, env: dict, line_starts: str) -> list[str]:
    """Start ``args``, read its output until a line starts with ``line_starts``, kill it
    (SIGKILL, nothing runs after) and return the lines read."""
    process = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines = []
    for line in process.stdout:
        lines.append(line)
        if line.startswith(line_starts):
            process.kill()
            break
    process.wait(60)
    assert lines and lines[-1].startswith(line_starts), "".join(lines) + process.stderr.read()
    return lines


def row_counts(database_url: str) -> dict[str, int]:
    return {table: len(rows) for table, rows in read_rows(database_url).items() if rows}


def test_restore_killed_midway_runs_again_to_completion(scratch, office, tmp_path):
    """A restore killed while writing files, then one killed while loading rows, leave the
    database as they found it; a run after them completes, equal to the source."""
    target, media = scratch.migrated("killed"), tmp_path / "media"
    as_migrated = row_counts(target)
    assert set(as_migrated) <= {"auth_group", "auth_group_permissions"}  # the roles
    env = child_env(target, media)
    args = manage_args("restore_data", office.archive, "-v", "2")

    run_until(args, env, "Files: 10 of 86 in storage")  # 40 photos, Busan's 3 images: with thumbnails
    assert row_counts(target) == as_migrated
    written = sorted(path for path in media.rglob("*") if path.is_file())
    assert 10 <= len(written) < 86
    # As if killed in the middle of writing a file (file-system storage writes in place).
    written[0].write_bytes(written[0].read_bytes()[: written[0].stat().st_size // 2])

    run_until(args, env, "Loading ")
    assert row_counts(target) == as_migrated

    result = manage("restore_data", office.archive, database_url=target, media_root=media)
    assert result.returncode == 0, result.stderr
    restored, source = read_rows(target), read_rows(office.url)
    for table in tables():
        assert restored[table] == source[table], table
    assert media_digests(media) == media_digests(office.media)


def test_archive_is_owner_only_complete_and_never_partial(office):
    assert office.archive.stat().st_mode & 0o777 == 0o600
    assert office.archive.parent.stat().st_mode & 0o777 == 0o700
    assert [path.name for path in office.archive.parent.iterdir()] == [office.archive.name]
    with zipfile.ZipFile(office.archive) as opened:
        members = set(opened.namelist())
        manifest = Manifest.from_json(opened.read(MANIFEST_NAME).decode())
    assert members == {"data.xml", MANIFEST_NAME, *(f"media/{name}" for name in media_digests(office.media))}
    # Busan's two replaced images and their thumbnails are referred to only by its history.
    assert len(busan_images(office.url) & set(manifest.files)) == 6
    assert manifest.rows["visits.Participation"] == 36  # the sample data's 37, less the deleted one
    assert manifest.rows["visits.EngagementPhoto"] == 40 and not manifest.missing


def test_backup_refuses_to_overwrite_a_file(tmp_path):
    existing = tmp_path / "backup.zip"
    existing.write_bytes(b"last night's backup")
    with pytest.raises(CommandError) as refusal:
        call_command("backup_data", output=existing)
    assert str(refusal.value) == f"backup_data: {existing} already exists; choose another file name"
    assert existing.read_bytes() == b"last night's backup"


def empty_backed_up_tables() -> None:
    """Delete every row of every table a backup holds from the test database (inside the
    test's transaction, so the sample data is back after the test)."""
    names = [model._meta.db_table for model in apps.get_models(include_auto_created=True)
             if model in backed_up_models() or model._meta.auto_created]
    connection.ops.execute_sql_flush(
        connection.ops.sql_flush(no_style(), names, reset_sequences=False, allow_cascade=True))


@pytest.fixture
def emptied(db):
    """The test database with no row in any table a backup holds (see
    :func:`empty_backed_up_tables`)."""
    empty_backed_up_tables()
    assert not Participation.objects.exists()


def test_restore_refuses_a_database_with_records(office, db):
    countries = apps.get_model("cities", "Country").objects.count()
    with pytest.raises(CommandError) as refusal:
        call_command("restore_data", office.archive)
    assert str(refusal.value) == (
        f"restore_data: the database is not empty (cities.Country has {countries} rows); "
        "restore only into a new, migrated database"
    )


def rewrite(archive: Path, target: Path, change) -> None:
    """Copy the zip ``archive`` to ``target``, passing each member's name and bytes through
    ``change`` (which returns the bytes to write)."""
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(target, "w") as copy:
        for info in source.infolist():
            copy.writestr(info, change(info.filename, source.read(info)))


def test_restore_refuses_another_schema(office, emptied, tmp_path):
    edited = tmp_path / "older.zip"

    def older_schema(name: str, content: bytes) -> bytes:
        if name != MANIFEST_NAME:
            return content
        manifest = json.loads(content)
        manifest["schema"]["visits"] = "0001_initial"
        return json.dumps(manifest).encode()

    rewrite(office.archive, edited, older_schema)
    with pytest.raises(CommandError) as refusal:
        call_command("restore_data", edited)
    assert str(refusal.value).startswith("restore_data: the archive is at visits.0001_initial, this database "
                                         "at visits.0")
    assert str(refusal.value).endswith("; restore with the version of the code that wrote it")


def test_restore_refuses_a_damaged_archive(office, emptied, tmp_path):
    with zipfile.ZipFile(office.archive) as opened:
        photo = next(name for name in opened.namelist() if name.startswith("media/photos/"))
    damaged = tmp_path / "damaged.zip"
    rewrite(office.archive, damaged,
            lambda name, content: content[:-1] + bytes([content[-1] ^ 1]) if name == photo else content)
    with pytest.raises(CommandError) as refusal:
        call_command("restore_data", damaged)
    assert str(refusal.value) == (f"restore_data: {photo} does not match the archive's manifest "
                                  "(missing or checksum differs)")
    assert not default_storage.exists(photo.removeprefix("media/"))


def flip_byte_inside(archive: Path, target: Path, member: str) -> None:
    """Copy ``archive`` to ``target`` with one byte in the middle of ``member``'s stored
    (compressed) bytes flipped, as a bad disk or an interrupted copy leaves it: the zip's
    directory is intact, the member's CRC or deflate stream is not."""
    content = bytearray(archive.read_bytes())
    with zipfile.ZipFile(archive) as opened:
        info = opened.getinfo(member)
    # The local header: 30 bytes, then the name and the extra field, then the data.
    name_length = int.from_bytes(content[info.header_offset + 26:info.header_offset + 28], "little")
    extra_length = int.from_bytes(content[info.header_offset + 28:info.header_offset + 30], "little")
    start = info.header_offset + 30 + name_length + extra_length
    content[start + info.compress_size // 2] ^= 0xFF
    target.write_bytes(bytes(content))


@pytest.mark.parametrize("member", ["data.xml", MANIFEST_NAME, "photo"])
def test_restore_refuses_an_archive_damaged_on_disk(office, emptied, tmp_path, member):
    """The class of damage the zip itself detects (a CRC, a deflate stream) gives one line
    naming the member, not a traceback, and writes nothing."""
    with zipfile.ZipFile(office.archive) as opened:
        names = opened.namelist()
    member = next(name for name in names if name.startswith("media/photos/")) if member == "photo" else member
    damaged = tmp_path / "damaged.zip"
    flip_byte_inside(office.archive, damaged, member)
    with pytest.raises(CommandError) as refusal:
        call_command("restore_data", damaged)
    assert str(refusal.value).startswith(f"restore_data: {damaged} is damaged: {member} cannot be read (")
    assert "\n" not in str(refusal.value)
    assert not Participation.objects.exists()
    assert not [name for name in names if name.startswith("media/")
                and default_storage.exists(name.removeprefix("media/"))]


def test_restore_and_verify_of_a_cut_archive_say_so_in_one_line(office, emptied, tmp_path):
    """An archive cut short (a copy that stopped), plain or encrypted, and a directory given for
    the file: one line and a non-zero exit from the commands, as an administrator runs them."""
    cut = tmp_path / "cut.zip"
    cut.write_bytes(office.archive.read_bytes()[: office.archive.stat().st_size // 2])
    with pytest.raises(CommandError) as refusal:
        call_command("restore_data", cut)
    assert str(refusal.value) == f"restore_data: {cut} is not a backup archive (a zip file written by backup_data)"
    with pytest.raises(CommandError) as refusal:
        call_command("verify_backup", tmp_path)
    assert str(refusal.value) == f"verify_backup: {tmp_path} is not a file"
    result = manage("restore_data", cut, database_url=office.url, media_root=tmp_path / "media",
                    COMMAND_LANGUAGE_CODE="en")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"CommandError: restore_data: {cut} is not a backup archive (a zip file written by backup_data)"]


def without_participation(archive: Path, target: Path, referenced: bool) -> None:
    """Copy ``archive`` to ``target`` with one participation taken out of data.xml (one that a
    main guest refers to, or one none does) and the manifest's checksum of data.xml made to
    match, as a damaged or hand-edited archive might be."""
    digest = {}

    def drop_one(name: str, content: bytes) -> bytes:
        if name == "data.xml":
            guests = set(re.findall(rb'<field name="participation" rel="ManyToOneRel" '
                                    rb'to="visits.participation">(\d+)</field>', content))
            pks = re.findall(rb'<object model="visits.participation" pk="(\d+)">', content)
            pk = next(pk for pk in pks if (pk in guests) == referenced)
            content = re.sub(rb'<object model="visits.participation" pk="' + pk + rb'">.*?</object>',
                             b"", content, count=1, flags=re.DOTALL)
            digest.update(size=len(content), sha256=hashlib.sha256(content).hexdigest())
        elif name == MANIFEST_NAME:
            manifest = json.loads(content)
            manifest["data"] = digest
            content = json.dumps(manifest).encode()
        return content

    rewrite(archive, target, drop_one)


def test_restore_of_an_archive_missing_a_row_writes_nothing(office, emptied, tmp_path):
    """The load is checked by the database (a main guest whose participation is missing) and
    against the manifest's counts before it commits; either way no row and no file stays."""
    broken, short = tmp_path / "broken.zip", tmp_path / "short.zip"
    without_participation(office.archive, broken, referenced=True)
    without_participation(office.archive, short, referenced=False)
    with pytest.raises(CommandError) as refusal:
        call_command("restore_data", broken)
    assert str(refusal.value).startswith("restore_data: the archive's rows cannot be loaded (")
    assert "visits_mainguest" in str(refusal.value)
    with pytest.raises(CommandError) as refusal:
        call_command("restore_data", short)
    assert str(refusal.value) == ("restore_data: visits.Participation: 35 rows loaded, the manifest "
                                  "says 36; nothing was restored")
    assert not Participation.objects.exists()
    with zipfile.ZipFile(office.archive) as opened:
        names = Manifest.from_json(opened.read(MANIFEST_NAME).decode()).files
    assert not [name for name in names if default_storage.exists(name)]


def test_restore_refuses_a_foreign_file_in_storage(office, emptied):
    with zipfile.ZipFile(office.archive) as opened:
        names = sorted(Manifest.from_json(opened.read(MANIFEST_NAME).decode()).files)
    foreign = names[len(names) // 2]
    default_storage.save(foreign, ContentFile(b"another office's file"))
    try:
        with pytest.raises(CommandError) as refusal:
            call_command("restore_data", office.archive)
        assert str(refusal.value) == f"restore_data: {foreign} is already in storage with other content"
        assert not Participation.objects.exists()
        assert [name for name in names if default_storage.exists(name)] == [foreign]
    finally:
        default_storage.delete(foreign)


def test_encrypted_archive_round_trip(scratch, office, emptied, settings, tmp_path):
    from pyrage import x25519

    key, other = x25519.Identity.generate(), x25519.Identity.generate()
    result = manage("backup_data", "--output", tmp_path / "office.zip.age", database_url=office.url,
                    media_root=office.media, BACKUP_ENCRYPTION_RECIPIENTS=str(key.to_public()))
    assert result.returncode == 0, result.stderr
    sealed = tmp_path / "office.zip.age"
    assert sealed.read_bytes().startswith(b"age-encryption.org/v1\n") and not zipfile.is_zipfile(sealed)
    assert sealed.stat().st_mode & 0o777 == 0o600

    with pytest.raises(CommandError, match="^restore_data: the archive is encrypted; set "
                                           "BACKUP_DECRYPTION_IDENTITY_FILE"):
        call_command("restore_data", sealed)
    wrong = tmp_path / "wrong.txt"
    wrong.write_text(f"# another office's key\n{other}\n")
    settings.BACKUP_DECRYPTION_IDENTITY_FILE = str(wrong)
    with pytest.raises(CommandError, match="^restore_data: cannot decrypt the archive"):
        call_command("restore_data", sealed)

    right = tmp_path / "key.txt"
    right.write_text(f"# created: today\n# public key: {key.to_public()}\n{key}\n")
    settings.BACKUP_DECRYPTION_IDENTITY_FILE = str(right)
    cut = tmp_path / "cut.zip.age"
    cut.write_bytes(sealed.read_bytes()[: sealed.stat().st_size // 2])
    with pytest.raises(CommandError) as refusal:
        call_command("restore_data", cut)
    assert str(refusal.value) == (f"restore_data: {cut} is damaged: it is cut short or altered, and "
                                  "cannot be decrypted (decryption error)")
    try:
        call_command("restore_data", sealed, verbosity=0)
        restored, source = read_test_rows(), read_rows(office.url)
        for table in tables():
            assert restored[table] == source[table], table
    finally:
        for name in media_digests(office.media):
            default_storage.delete(name)


def to_milliseconds(rows: list[tuple]) -> list[tuple]:
    """``rows`` with every datetime cut to the millisecond, as Django's JSON serializer writes it."""
    return sorted((tuple(value.replace(microsecond=value.microsecond // 1000 * 1000)
                         if isinstance(value, datetime.datetime) else value for value in row)
                   for row in rows), key=repr)


def read_test_rows() -> dict[str, list[tuple]]:
    """Every row of every table a backup holds, from the test database (see ``tables()``)."""
    rows = {}
    with connection.cursor() as cursor:
        for table, (_pk, columns) in tables().items():
            selected = ", ".join(f'"{column}"' for column in columns)
            cursor.execute(f'SELECT {selected} FROM "{table}"')  # noqa: S608
            rows[table] = sorted(cursor.fetchall(), key=repr)
    return rows


@pytest.mark.django_db
def test_plain_dumpdata_and_loaddata(tmp_path):
    """Django's own tools work beside the backup, given nothing but the file: every table comes
    back row by row, history included (datetimes to the millisecond, as Django's JSON keeps
    them). As from ``manage.py``, in the default language (no English override: Django's own
    commands read and write a translated field's column through the active language)."""
    dump = tmp_path / "all.json"
    with translation.override(None):
        call_command("dumpdata", output=str(dump), verbosity=0)
        before = read_test_rows()
        empty_backed_up_tables()
        call_command("loaddata", str(dump), verbosity=0)
    after = read_test_rows()
    assert after["visits_participation"] and after["visits_historicalengagement_topics"]
    for table in tables():
        assert to_milliseconds(after[table]) == to_milliseconds(before[table]), table


def test_every_model_with_data_is_backed_up():
    backed_up = {model._meta.label for model in backed_up_models()}
    assert {"cities.City", "visits.HistoricalEngagement", "visits.HistoricalEngagement_topics",
            "exhibitions.ExhibitedItem", "auth.User", "auth.Group", "admin.LogEntry",
            "reports.HalfYearReport"} <= backed_up
    assert not {"sessions.Session", "contenttypes.ContentType", "auth.Permission"} & backed_up
    columns = {(model._meta.label, attname) for model, attname in file_columns()}
    assert {("cities.City", "image"), ("cities.HistoricalCity", "image"),
            ("cities.HistoricalCity", "thumbnail"), ("visits.HistoricalEngagementPhoto", "image"),
            ("exhibitions.HistoricalItem", "image")} <= columns
