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
