"""Django's database cache, with a many-key write in one statement.

Django's :class:`~django.core.cache.backends.db.DatabaseCache` writes ``set_many`` key by key:
a count of the table, then a read and a write of the key, each in its own savepoint, so that
keeping the 30 rendered rows of a timeline page (:func:`core.cache.kept_markup`) costs some
90 queries. :class:`DatabaseCache` writes them with one count and one ``INSERT ... ON CONFLICT
DO UPDATE`` (SQLite and PostgreSQL, the product's databases); everything else is Django's.
"""

from __future__ import annotations

import base64
import contextlib
import pickle
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.db import DatabaseError, connections, router, transaction
from django.utils.timezone import now as tz_now


class DatabaseCache(DjangoDatabaseCache):
    """Django's database cache (same table, ``MAX_ENTRIES``, ``CULL_FREQUENCY``, expiry and
    pickling), whose ``set_many`` writes every key in one statement on SQLite and PostgreSQL
    (Django's key-by-key write on any other database).

    Culling as Django's ``set``: when the table holds more than ``MAX_ENTRIES`` rows before the
    write, the expired rows, then a ``CULL_FREQUENCY``-th of the rest, are deleted first (the
    table is counted once per ``set_many``, not once per key)."""

    def set_many(self, data: dict, timeout=DEFAULT_TIMEOUT, version=None) -> list:
        """Store every ``key: value`` of ``data`` (any picklable values) for ``timeout``
        seconds (``None``: forever; the cache's default when not given) under ``version``.

        Returns the keys that could not be stored (all of a statement's when the database
        refuses it, e.g. a concurrent cull; an error is not raised, as with Django's cache).
        Raises ``InvalidCacheKey`` for a key the cache refuses, before writing anything."""
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        if not data or connection.vendor not in ("sqlite", "postgresql"):
            return super().set_many(data, timeout=timeout, version=version)
        keys = {self.make_and_validate_key(key, version=version): key for key in data}
        timeout = self.get_backend_timeout(timeout)
        if timeout is None:
            expires = datetime.max
        else:
            expires = datetime.fromtimestamp(timeout, tz=UTC if settings.USE_TZ else None)
        expires = connection.ops.adapt_datetimefield_value(expires.replace(microsecond=0))
        rows = [(key, base64.b64encode(pickle.dumps(data[original], self.pickle_protocol)).decode("latin1"),
                 expires) for key, original in keys.items()]
        quote_name = connection.ops.quote_name
        table = quote_name(self._table)
        key_column, value_column, expires_column = map(quote_name, ("cache_key", "value", "expires"))
        # SQLite binds at most max_query_params values to a statement (999 in older builds).
        batch = max(1, (connection.features.max_query_params or 3 * len(rows)) // 3)
        failed = []
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {table}")
            count = cursor.fetchone()[0]
            if count > self._max_entries:
                self._cull(db, cursor, tz_now().replace(microsecond=0), count)
            for start in range(0, len(rows), batch):
                chunk = rows[start:start + batch]
                # A savepoint only inside a transaction, so that a refused statement does not
                # abort it; in autocommit the one statement is its own transaction.
                atomic = (transaction.atomic(using=db) if connection.in_atomic_block
                          else contextlib.nullcontext())
                try:
                    with atomic:
                        cursor.execute(
                            f"INSERT INTO {table} ({key_column}, {value_column}, {expires_column}) "
                            f"VALUES {', '.join(['(%s, %s, %s)'] * len(chunk))} "
                            f"ON CONFLICT ({key_column}) DO UPDATE SET "
                            f"{value_column} = EXCLUDED.{value_column}, "
                            f"{expires_column} = EXCLUDED.{expires_column}",
                            [value for row in chunk for value in row])
                except DatabaseError:
                    failed.extend(keys[key] for key, _value, _expires in chunk)
        return failed
