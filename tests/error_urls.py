"""A URL configuration for the error-page tests: the site's, plus ``/<lang>/fail/``, a page that
raises, to reach the server error page, and ``/<lang>/busy/``, a page whose database is locked,
to reach the busy page (503)."""

import sqlite3

from django.conf.urls.i18n import i18n_patterns
from django.urls import path

from intl_affairs.urls import handler400, handler500
from intl_affairs.urls import urlpatterns as site_urlpatterns


def fail(request):
    """Raise, as a bug in a view would."""
    raise RuntimeError("a fault the error-page tests cause on purpose")


def busy(request):
    """Raise SQLite's refusal to wait longer for another save's lock, as a save would."""
    raise sqlite3.OperationalError("database is locked")


urlpatterns = site_urlpatterns + i18n_patterns(path("fail/", fail), path("busy/", busy))

__all__ = ["handler400", "handler500", "urlpatterns"]


def failing_context_processor(request):
    """A context processor that fails, as one reading a database that is down would."""
    raise RuntimeError("a context processor the error-page tests break on purpose")
