"""System checks of the back office (``manage.py check --deploy``)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
from django.core.checks import Tags, Warning, register
from django.db import DatabaseError

from .auth import PASSWORD, USERNAME


@register(Tags.security, deploy=True)
def check_local_admin(app_configs=None, **kwargs) -> list[Warning]:
    """``backoffice.W001`` when the database holds the development account (user
    :data:`backoffice.auth.USERNAME` with its published password). Logins with it are refused
    outside the development settings (:class:`backoffice.auth.ModelBackend`), but the account
    should not be there. No warning when the database cannot be read (not migrated yet)."""
    try:
        user = get_user_model()._default_manager.filter(username=USERNAME).first()
    except DatabaseError:
        return []
    if user is None or not check_password(PASSWORD, user.password):
        return []
    return [Warning(
        f"The local development account '{USERNAME}' exists with its published password.",
        hint=f"Delete it, or set it a strong password (manage.py changepassword {USERNAME}).",
        id="backoffice.W001",
    )]
