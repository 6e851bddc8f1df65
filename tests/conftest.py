"""Shared fixtures: the source chapter's records, loaded once per test database.

Tests that use ``transactional_db`` or ``live_server`` (the database is emptied after each of
them) call :func:`intl_affairs.sample_data.load_sample_data` themselves.
"""

import pytest

from intl_affairs.sample_data import load_sample_data


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Create the test database as usual, then load the sample data into it once."""
    with django_db_blocker.unblock():
        load_sample_data()


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
