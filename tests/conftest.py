"""Shared fixtures: the source chapter's records, loaded once per test database.

Tests that use ``transactional_db`` or ``live_server`` (the database is emptied after each of
them) call :func:`datasets.sample_data.load_sample_data` themselves.
"""

import contextlib
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import translation

from datasets.sample_data import load_sample_data

CHROMIUM = Path("/usr/bin/chromium")


def pytest_collection_modifyitems(config, items):
    """Skip the ``sqlite_suite_only`` tests when the suite runs on another vendor than SQLite,
    saying why each is not needed twice (CI's SQLite run runs them)."""
    if connection.vendor == "sqlite":
        return
    for item in items:
        marker = item.get_closest_marker("sqlite_suite_only")
        if marker is not None:
            reason = marker.args[0] if marker.args else marker.kwargs["reason"]
            item.add_marker(pytest.mark.skip(reason=f"runs in the SQLite suite only: {reason}"))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Create the test database as usual, then load the sample data into it once. At the end,
    end the sessions that live-server threads left open, so PostgreSQL can drop the database."""
    with django_db_blocker.unblock():
        load_sample_data()
    yield
    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                               "WHERE datname = current_database() AND pid <> pg_backend_pid()")


@contextlib.contextmanager
def chromium():
    """A headless Debian Chromium driven by Playwright (no browser download), or a skip with
    the reason when there is none; under ``REQUIRE_BROWSER=1`` (CI) a missing browser fails.
    Yields a Playwright ``Browser``."""
    required = os.environ.get("REQUIRE_BROWSER") == "1"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - depends on the environment
        if required:
            pytest.fail("REQUIRE_BROWSER=1 but the playwright package is not installed")
        pytest.skip("the playwright package is not installed")
    if not CHROMIUM.exists():
        if required:
            pytest.fail(f"REQUIRE_BROWSER=1 but {CHROMIUM} is missing")
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium to run browser tests")
    # Playwright's sync API runs an event loop; Django must allow the ORM next to it.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield instance
        instance.close()


@pytest.fixture
def browser():
    """Chromium for one test (:func:`chromium`)."""
    with chromium() as instance:
        yield instance


@pytest.fixture(scope="module")
def module_browser():
    """Chromium shared by the tests of one module (:func:`chromium`): launching it costs a
    second or two, so modules with many browser tests use this one."""
    with chromium() as instance:
        yield instance


@pytest.fixture
def admin_client_zh(admin_client):
    """The Django test client logged in as a superuser, with the admin in Traditional Chinese."""
    admin_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hant"
    return admin_client


@pytest.fixture
def today_2022_12_15(monkeypatch):
    """Pretend today is 15 December 2022, in the sample data's half-year, so "recent",
    "upcoming" and anniversaries are stable (the 2022-12-20 video conference is upcoming)."""
    import datetime

    from django.utils import timezone

    today = datetime.date(2022, 12, 15)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: today)
    return today


@pytest.fixture(autouse=True)
def default_language():
    """Start every test in the default language (zh-hant). A request through ``LocaleMiddleware``
    leaves its page's language active in the thread, so without this a test after one that read
    ``/en/`` pages saves records in English (modeltranslation then fills the untranslated base
    column in English) and results depend on the order tests run in."""
    with translation.override(settings.LANGUAGE_CODE):
        yield
