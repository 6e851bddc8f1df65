"""Benchmark settings: production, plus a minimal baseline view (``benchmarks.urls``).

The harness (:mod:`benchmarks.run`) provides ``SECRET_KEY``, ``ALLOWED_HOSTS``,
``DATABASE_URL``, ``STATIC_ROOT`` and, for the cached runs, ``CACHE_URL``; it serves plain HTTP
on loopback, so it sets ``SECURE_SSL_REDIRECT=0``.
"""

from intl_affairs.settings.production import *  # noqa: F403

ROOT_URLCONF = "benchmarks.urls"
