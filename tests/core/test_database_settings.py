"""The database connection's settings (intl_affairs.settings.base)."""

import pytest
from django.db import connection


@pytest.mark.django_db
def test_postgresql_connections_run_without_jit():
    """JIT compiling cost the archive's country filter 400 of its 570 ms after each change at
    N=1 (benchmarks/README.md): the site's connections turn it off, whatever the server's
    default (on in PostgreSQL 15)."""
    if connection.vendor != "postgresql":
        pytest.skip("JIT is PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
