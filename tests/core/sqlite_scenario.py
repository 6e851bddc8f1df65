"""Simultaneous work on a SQLite file database, run by ``tests/core/test_sqlite_concurrency.py``
in a child ``manage.py shell`` whose ``DATABASE_URL`` names a freshly migrated file: the settings
open it as the site does. Each scenario loads the sample data, starts two threads at the same
moment, and prints its outcome as one JSON line on stdout."""

from __future__ import annotations

import contextlib
import html
import json
import re
import sqlite3
import threading
import time

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import setup_test_environment
from django.urls import reverse

from backoffice.backup import snapshot
from backoffice.roles import EDITOR, PUBLISHER
from core import review
from core.models import Revision
from datasets.sample_data import load_sample_data
from tests.admin_forms import admin_form_data
from tests.factories import staff_member, two_pending_titles
from visits.models import Engagement

WAKAYAMA = "2022-11-28-wakayama-city-assembly-league"
#: Seconds the first thread inside a transaction waits for the other to get there too.
MEETING_SECONDS = 3


class Meeting:
    """A point ``parties`` threads reach: each waits there until all have come, or at most
    ``seconds`` (float), and goes on either way. ``arrived`` counts the threads that came.
    Unlike a barrier it never breaks: a thread that cannot get there (held at BEGIN by the
    other's transaction) only delays the first by ``seconds``."""

    def __init__(self, parties: int, seconds: float) -> None:
        self.parties, self.seconds, self.arrived = parties, seconds, 0
        self._condition = threading.Condition()

    def wait(self) -> None:
        with self._condition:
            self.arrived += 1
            self._condition.notify_all()
            self._condition.wait_for(lambda: self.arrived >= self.parties, timeout=self.seconds)


def _error(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"


def _run_together(work: dict[str, object]) -> None:
    """Run each callable of ``work`` in its own thread, all released at the same moment; each
    closes its database connection at the end."""
    start = threading.Barrier(len(work), timeout=30)

    def run(task) -> None:
        try:
            start.wait()
            task()
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(task,)) for task in work.values()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)


def _staff(username: str, full_name: str) -> Client:
    user = get_user_model().objects.create_superuser(username, f"{username}@example.org", None,
                                                     first_name=full_name)
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hant")
    client.force_login(user)
    return client


def simultaneous_saves() -> None:
    """Two clerks post the Wakayama visit's form, opened at one version, at the same moment;
    inside the save each waits for the other (:class:`Meeting`). Prints ``outcomes`` (per
    clerk: the HTTP status and the form's errors, or the exception), ``opened`` (the version
    both forms carry), ``version`` and ``title`` (as stored after both) and ``met`` (how many
    reached the save)."""
    setup_test_environment()
    load_sample_data()
    visit = Engagement.objects.get(slug=WAKAYAMA)
    url = reverse("admin:visits_engagement_change", args=[visit.pk])
    clients = {"林美華": _staff("lin", "林美華"), "王大明": _staff("wang", "王大明")}
    forms = {name: admin_form_data(client.get(url)) for name, client in clients.items()}
    model_admin = admin.site.get_model_admin(Engagement)
    meeting = Meeting(2, MEETING_SECONDS)
    original = type(model_admin).save_model

    def save_model(self, request, obj, form, change):
        meeting.wait()  # both forms were checked against the opened version: now both save
        original(self, request, obj, form, change)

    type(model_admin).save_model = save_model
    outcomes: dict[str, dict] = {}

    def post(name: str):
        def task() -> None:
            try:
                response = clients[name].post(url, {**forms[name], "title_zh_hant": f"{name}的標題"})
            except Exception as error:  # the outcome under test: reported, not raised
                outcomes[name] = {"error": _error(error)}
                return
            errors = (list(response.context["adminform"].form.non_field_errors())
                      if response.status_code == 200 else [])
            outcomes[name] = {"status": response.status_code, "errors": errors}
        return task

    _run_together({name: post(name) for name in clients})
    stored = Engagement.objects.get(pk=visit.pk)
    print(json.dumps({"outcomes": outcomes, "opened": visit.version, "version": stored.version,
                      "title": stored.title_zh_hant, "met": meeting.arrived}, ensure_ascii=False))


def simultaneous_approvals() -> None:
    """An editor's two pending revisions of the Wakayama visit (English titles "First title" and
    "Second title"); two publishers approve one each at the same moment, each waiting for the
    other once it has checked its revision (:class:`Meeting`). Prints ``outcomes`` (per
    revision: ``approved``, ``stale`` or the exception), ``first`` and ``second`` (the
    revisions' keys), ``title`` (the stored English title), ``statuses`` and ``met``."""
    load_sample_data()
    visit = Engagement.objects.get(slug=WAKAYAMA)
    first, second = two_pending_titles(visit, staff_member("clerk", EDITOR))
    publishers = [staff_member("chief-a", PUBLISHER), staff_member("chief-b", PUBLISHER)]
    meeting = Meeting(2, MEETING_SECONDS)
    checked = review._check_decision
    review._check_decision = lambda *args: (checked(*args), meeting.wait())
    outcomes: dict[int, str] = {}

    def approve(revision, publisher):
        def task() -> None:
            try:
                review.approve(revision, reviewer=publisher)
                outcomes[revision.pk] = "approved"
            except review.StaleRevision:
                outcomes[revision.pk] = "stale"
            except Exception as error:  # the outcome under test: reported, not raised
                outcomes[revision.pk] = _error(error)
        return task

    _run_together({"a": approve(first, publishers[0]), "b": approve(second, publishers[1])})
    print(json.dumps({"outcomes": outcomes, "first": first.pk, "second": second.pk,
                      "title": Engagement.objects.get(pk=visit.pk).title_en, "met": meeting.arrived,
                      "statuses": dict(Revision.objects.values_list("pk", "status"))}))


def save_during_a_backup_snapshot() -> None:
    """A clerk saves the Wakayama visit's form while a backup's snapshot is open
    (:func:`backoffice.backup.snapshot`). Prints ``finished`` (whether the save answered
    within 5 s), ``save`` (its HTTP status or the exception), ``seconds`` (how long it took),
    ``in_snapshot`` (the title the snapshot read before and after the save), ``after`` (the
    title stored once the snapshot ended) and ``opened`` (the title before)."""
    setup_test_environment()
    load_sample_data()
    visit = Engagement.objects.get(slug=WAKAYAMA)
    url = reverse("admin:visits_engagement_change", args=[visit.pk])
    clerk = _staff("lin", "林美華")
    form = admin_form_data(clerk.get(url))
    connection.close()  # the snapshot begins on a connection of its own, as backup_data's does
    outcome: dict = {}
    done = threading.Event()

    def save() -> None:
        started = time.monotonic()
        try:
            outcome["save"] = clerk.post(url, {**form, "title_zh_hant": "備份時存檔的標題"}).status_code
        except Exception as error:  # the outcome under test: reported, not raised
            outcome["save"] = _error(error)
        finally:
            outcome["seconds"] = round(time.monotonic() - started, 1)
            connection.close()
            done.set()

    with snapshot():
        read = [Engagement.objects.get(pk=visit.pk).title_zh_hant]  # the snapshot begins here
        writer = threading.Thread(target=save)
        writer.start()
        finished = done.wait(5)
        read.append(Engagement.objects.get(pk=visit.pk).title_zh_hant)
    writer.join(60)
    print(json.dumps({"finished": finished, **outcome, "in_snapshot": read, "opened": visit.title_zh_hant,
                      "after": Engagement.objects.get(pk=visit.pk).title_zh_hant}, ensure_ascii=False))


@contextlib.contextmanager
def write_lock_held_elsewhere(timeout: float = 0.5):
    """While the block runs, another connection holds SQLite's write lock (``BEGIN IMMEDIATE``)
    and this one waits at most ``timeout`` seconds for it (its busy timeout), so that a write
    waits the timeout out; yields the other connection (to read what is stored meanwhile),
    which rolls back and closes after the block."""
    connection.close()
    connection.settings_dict["OPTIONS"]["timeout"] = timeout
    holder = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        yield holder
    finally:
        if holder.in_transaction:
            holder.rollback()
        holder.close()


def save_while_the_database_is_locked() -> None:
    """A clerk saves the Wakayama visit's form while another connection holds the write lock
    (``BEGIN IMMEDIATE``) longer than the busy timeout (here 0.5 s, the site's 20 s shortened),
    then saves the same form again once the lock is released. Prints ``locked`` (status,
    ``Retry-After``, the page's language and text), ``title_while_locked`` (as stored then),
    ``again`` (the status of the second save) and ``title`` (as stored at the end)."""
    from django.test import override_settings

    setup_test_environment()
    load_sample_data()
    visit = Engagement.objects.get(slug=WAKAYAMA)
    url = reverse("admin:visits_engagement_change", args=[visit.pk])
    clerk = _staff("lin", "林美華")
    clerk.raise_request_exception = False  # answered as the site answers it, not raised
    form = {**admin_form_data(clerk.get(url)), "title_zh_hant": "鎖定時存檔的標題"}
    with write_lock_held_elsewhere() as holder, override_settings(DEBUG=False):
        locked = clerk.post(url, form)
        title_while_locked = holder.execute("SELECT title_zh_hant FROM visits_engagement WHERE id = ?",
                                            [visit.pk]).fetchone()[0]
    again = clerk.post(url, form)
    print(json.dumps({
        "locked": {"status": locked.status_code, "retry_after": locked.get("Retry-After"),
                   "language": locked.content.decode().split('lang="', 1)[-1].split('"', 1)[0],
                   "text": locked.content.decode()},
        "title_while_locked": title_while_locked, "again": again.status_code,
        "title": Engagement.objects.get(pk=visit.pk).title_zh_hant}, ensure_ascii=False))


def import_while_the_database_is_locked() -> None:
    """A clerk confirms a previewed import of one engagement while another connection holds
    the write lock past the busy timeout (0.5 s), then, the lock released, uploads and confirms
    the file again. Prints ``locked`` (status, ``Retry-After``, text), ``stored_while_locked``
    (whether the engagement was stored), ``again`` (the second confirm's status) and
    ``stored`` (whether it is stored at the end)."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import override_settings

    from tests.visits.test_imports import csv_bytes, engagement_row

    setup_test_environment()
    load_sample_data()
    clerk = _staff("lin", "林美華")
    clerk.raise_request_exception = False
    data = csv_bytes([engagement_row("import-while-locked", "111/08/16")])

    def preview() -> dict:
        page = clerk.post("/admin/visits/engagement/import/", {
            "format": "0", "import_file": SimpleUploadedFile("visits.csv", data, content_type="text/csv")})
        confirm = page.context["confirm_form"]
        return {name: confirm[name].value() for name in confirm.fields}

    confirm = preview()
    with write_lock_held_elsewhere() as holder, override_settings(DEBUG=False):
        locked = clerk.post("/admin/visits/engagement/process_import/", confirm)
        stored_while_locked = holder.execute("SELECT count(*) FROM visits_engagement WHERE slug = ?",
                                             ["import-while-locked"]).fetchone()[0]
    again = clerk.post("/admin/visits/engagement/process_import/", preview())
    print(json.dumps({
        "locked": {"status": locked.status_code, "retry_after": locked.get("Retry-After"),
                   "text": locked.content.decode()},
        "stored_while_locked": stored_while_locked, "again": again.status_code,
        "stored": Engagement.objects.filter(slug="import-while-locked").exists()}, ensure_ascii=False))


def lend_at_once() -> dict:
    """Two clerks lend the key to the city of Busan (in the city's custody, no open loan) to the
    "keys to the city" exhibition with the gift list's action at the same moment: both pass the
    action's own check of the gift, wait for each other (:class:`Meeting`), then lend
    (:func:`gifts.services.gift_lend`, which locks the gift's row). Returns ``outcomes`` (per
    clerk: the HTTP status after the redirect and the messages shown, or the exception),
    ``loans`` (the gift's loans: exhibition slug, lent on, returned on), ``gift`` (its name)
    and ``met`` (how many reached the lending). Needs the sample data loaded and the test
    environment (the responses' context)."""
    from exhibitions.models import Exhibition
    from gifts import admin as gifts_admin
    from gifts.models import Gift

    gift = Gift.objects.get(slug="key-to-the-city-of-busan")
    exhibition = Exhibition.objects.get(slug="keys-to-the-city")
    url = reverse("admin:gifts_gift_changelist")
    clients = {"林美華": _staff("lin-loan", "林美華"), "王大明": _staff("wang-loan", "王大明")}
    meeting = Meeting(2, MEETING_SECONDS)
    lend = gifts_admin.gift_lend

    def gift_lend(**kwargs):
        meeting.wait()  # both passed the action's check of the gift: now both lend
        return lend(**kwargs)

    gifts_admin.gift_lend = gift_lend
    outcomes: dict[str, dict] = {}

    def post(name: str):
        def task() -> None:
            try:
                response = clients[name].post(url, {
                    "action": "lend_to_exhibition", "_selected_action": [gift.pk], "apply": "1",
                    "exhibition": exhibition.pk, "lent_on": "111/12/01"}, follow=True)
            except Exception as error:  # the outcome under test: reported, not raised
                outcomes[name] = {"error": _error(error)}
                return
            # From the page, not response.context: the test client collects the templates of
            # every thread's request through one signal.
            page = response.content.decode()
            listed = re.search(r'<ul class="messagelist">(.*?)</ul>', page, re.S)
            outcomes[name] = {"status": response.status_code, "messages": [
                html.unescape(re.sub(r"<[^>]+>", "", item)).strip()
                for item in re.findall(r"<li[^>]*>(.*?)</li>", listed.group(1) if listed else "", re.S)]}
        return task

    try:
        _run_together({name: post(name) for name in clients})
    finally:
        gifts_admin.gift_lend = lend
    loans = [[loan.exhibition.slug, loan.lent_on.isoformat(), loan.returned_on and loan.returned_on.isoformat()]
             for loan in gift.loans.select_related("exhibition").order_by("pk")]
    return {"outcomes": outcomes, "loans": loans, "gift": str(gift), "met": meeting.arrived}


def simultaneous_loans() -> None:
    """:func:`lend_at_once` on the sample data; prints its outcome as one JSON line."""
    setup_test_environment()
    load_sample_data()
    print(json.dumps(lend_at_once(), ensure_ascii=False))
