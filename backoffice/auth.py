"""Logins: the local development account, refused outside the development settings.

``make run`` creates the superuser :data:`USERNAME` / :data:`PASSWORD` so that anyone can try
the product on their machine (``ensure_local_admin``). Only the development settings set
``LOCAL_ADMIN_ALLOWED``; under any other settings :class:`ModelBackend` refuses that user name
with that password whatever the database holds (a database copied from a development machine,
or one where ``make run`` was once used), and the deployment check ``backoffice.W001``
(:mod:`backoffice.checks`) warns that the account exists.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import backends

USERNAME = "admin"
PASSWORD = "admin"  # noqa: S105 - the published development login, refused outside development.

log = logging.getLogger(__name__)


def is_local_admin_login(username: str | None, password: str | None) -> bool:
    """True when ``username`` and ``password`` are the development account's."""
    return username == USERNAME and password == PASSWORD


class ModelBackend(backends.ModelBackend):
    """Django's ``ModelBackend``, refusing the development account's login (returns ``None``,
    as for a wrong password, and logs a warning) unless ``settings.LOCAL_ADMIN_ALLOWED``. It
    compares the submitted pair, so it costs no password hash; no real account can hold that
    password, since the password validators refuse "admin" (only ``ensure_local_admin``, which
    runs only under the development settings, sets it)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not settings.LOCAL_ADMIN_ALLOWED and is_local_admin_login(username, password):
            log.warning("Refused a login as the development account %r: these are not the "
                        "development settings.", USERNAME)
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
