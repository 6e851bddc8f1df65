"""Test settings: the development layer with a fast password hasher and in-memory media."""

from .dev import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["default"] = {"BACKEND": "django.core.files.storage.InMemoryStorage"}  # noqa: F405
# Login throttling would lock out tests that log in repeatedly; its own test switches it on.
AXES_ENABLED = False
# Close connections after each request: the live server's threads must not keep one open, or
# PostgreSQL refuses to drop the test database at the end.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# Most tests change records inside a transaction that never commits, so the page cache, which is
# refreshed on commit, would keep serving what they changed; its own tests switch it on.
PUBLIC_PAGE_CACHE_SECONDS = 0
PUBLIC_DATA_CACHE_SECONDS = 0
