"""The database cache of the default install (core.dbcache.DatabaseCache): a many-key write is
one statement, and the cache keeps Django's DatabaseCache semantics (values, expiry, culling)."""

import uuid

import pytest
from django.conf import settings
from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.safestring import mark_safe

from core.dbcache import DatabaseCache

# What core.cache.kept_markup stores for a 30-row timeline page: (version, epoch, row markup).
ROWS = {f"public-data:zh-hant:row:visits.engagement:{pk}":
        ("v" * 32, "e" * 32, mark_safe(f'<li><a href="/zh-hant/engagements/e{pk}/">接待第{pk}團</a></li>'))
        for pk in range(30)}


def database_cache(backend: type = DatabaseCache, **options) -> DjangoDatabaseCache:
    """A cache on the product's cache table under a key prefix of this test alone."""
    return backend(settings.PAGE_CACHE_TABLE, {"KEY_PREFIX": f"test-{uuid.uuid4().hex}", "OPTIONS": options})


def test_the_default_install_caches_in_the_database_through_this_class():
    if not settings.CACHE_URL:
        assert settings.CACHES["default"]["BACKEND"] == "core.dbcache.DatabaseCache"


@pytest.mark.django_db
def test_thirty_keys_are_written_in_one_statement_inside_a_transaction():
    """Inside a transaction (a test's): the count of the table, then the INSERT in a savepoint
    (SAVEPOINT, INSERT, RELEASE): 4 queries. Django's own class: per key a count, a savepoint,
    a read, a write and a release, 150."""
    cache = database_cache()
    with CaptureQueriesContext(connection) as queries:
        assert cache.set_many(ROWS, 60) == []
    assert len(queries) == 4, [query["sql"][:60] for query in queries]
    assert cache.get_many(list(ROWS)) == ROWS


@pytest.mark.django_db(transaction=True)
def test_thirty_keys_are_written_in_one_statement_in_autocommit():
    """As a public page does (autocommit): the count and the INSERT, 2 queries (Django's own
    class: a count, a read and a write per key, 90); the values read back exactly."""
    cache = database_cache()
    with CaptureQueriesContext(connection) as queries:
        assert cache.set_many(ROWS, 60) == []
    assert [query["sql"].split()[0] for query in queries] == ["SELECT", "INSERT"]
    found = cache.get_many(list(ROWS))
    assert found == ROWS and all(type(found[key][2]) is type(ROWS[key][2]) for key in ROWS)
    cache.delete_many(list(ROWS))


@pytest.mark.django_db
@pytest.mark.parametrize("backend", [DjangoDatabaseCache, DatabaseCache])
def test_set_many_replaces_and_expires_as_django_does(backend):
    """The same results on Django's class and this one: a key written again holds the new
    value; a timeout of 0 stores nothing readable; None keeps the key forever (9999-12-31)."""
    cache = database_cache(backend)
    cache.set("kept", "old", 60)
    assert cache.set_many({"kept": "new", "other": [1, "二"]}, 60) == []
    assert cache.get_many(["kept", "other"]) == {"kept": "new", "other": [1, "二"]}
    cache.set_many({"gone": 1}, 0)
    assert cache.get("gone") is None
    cache.set_many({"forever": 2}, None)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT expires FROM {settings.PAGE_CACHE_TABLE} WHERE cache_key = %s",
                       [cache.make_key("forever")])
        expires = cursor.fetchone()[0]
    assert str(expires).startswith("9999-12-31") and cache.get("forever") == 2


@pytest.mark.django_db
@pytest.mark.parametrize("backend", [DjangoDatabaseCache, DatabaseCache])
def test_culling_keeps_the_same_keys_as_django(backend):
    """MAX_ENTRIES 5, CULL_FREQUENCY 2: six keys k0..k5 (the table is counted before each write,
    5 is not above 5), then a set_many of n0, n1: the table holds 6, above 5, so 6 // 2 = 3 keys
    are culled, the first by key (k0, k1, k2), and k3, k4, k5, n0, n1 remain. Django's class culls
    before n0 (3 left, then 4 with n0: not culled before n1): the same five."""
    cache = database_cache(backend, MAX_ENTRIES=5, CULL_FREQUENCY=2)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {settings.PAGE_CACHE_TABLE}")  # rolled back with the test
    for index in range(6):
        cache.set(f"k{index}", index, 60)
    cache.set_many({"n0": "a", "n1": "b"}, 60)
    names = ["k0", "k1", "k2", "k3", "k4", "k5", "n0", "n1"]
    assert cache.get_many(names) == {"k3": 3, "k4": 4, "k5": 5, "n0": "a", "n1": "b"}
