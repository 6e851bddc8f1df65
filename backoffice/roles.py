"""The staff roles as Django groups, and the permissions each is granted.

- ``viewer``: sees every record in the admin, changes nothing.
- ``editor``: adds and changes records; cannot delete, publish or unpublish. A change to a
  published record is kept as a pending revision until a publisher approves it (:mod:`core.review`).
- ``publisher``: an editor who may also delete, publish and unpublish, and export the report; their
  changes to published records go live at once, and they approve or reject other staff's
  revisions (the ``publish_<model>`` permission decides both).
- ``administrator``: every permission, users and groups included.
- ``organiser``: the staff who organise visits: an editor who also sees and enters visitors'
  personal data (contact, passport, dietary needs, notes; every ``view_personal_data_<model>``
  permission of the record apps, :mod:`core.personal`). No other role but the administrator
  sees it. A publisher who also organises visits is given both groups.

A user needs ``is_staff`` to enter the admin at all, and one of these groups to do anything there.
The groups cover the models of every record app (:func:`core.registry.record_apps`); they are
brought up to date after every ``migrate`` (:func:`grant_roles_after_migrate`), as Django itself
creates permissions, so a new record app needs nothing more.
"""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS
from django.db.models import Q

from core.personal import PERMISSION_PREFIX
from core.registry import record_app_labels

VIEWER, EDITOR, PUBLISHER, ADMINISTRATOR = "viewer", "editor", "publisher", "administrator"
ORGANISER = "organiser"

# Verbs of permission codenames (``<verb>_<model>``) each role gets on the record apps' models
# (not on their historical models: history is shown and restored through the record's own view
# and change permissions).
ROLE_VERBS = {
    VIEWER: ("view",),
    EDITOR: ("view", "add", "change"),
    PUBLISHER: ("view", "add", "change", "delete", "publish"),
    ORGANISER: ("view", "add", "change", PERMISSION_PREFIX.removesuffix("_")),
}

# Permissions outside the record apps, as ``app_label.codename``, granted to a role when they
# exist: the half-year report page and export (reports/admin.py). Missing ones are skipped.
ROLE_EXTRA_PERMISSIONS = {PUBLISHER: ("reports.export_report",)}


def apply_roles(*, using: str = DEFAULT_DB_ALIAS) -> None:
    """Create the groups if missing and grant them the permissions that exist in the
    database ``using`` (an alias), never revoking any. Safe to run again."""
    from django.contrib.auth.models import Group, Permission

    permissions = Permission.objects.using(using)
    records = permissions.filter(content_type__app_label__in=record_app_labels()).exclude(
        content_type__model__startswith="historical"
    )
    for role, verbs in ROLE_VERBS.items():
        allowed = Q()
        for verb in verbs:
            allowed |= Q(codename__startswith=f"{verb}_")
        if PERMISSION_PREFIX.removesuffix("_") not in verbs:  # "view_" would match it too
            allowed &= ~Q(codename__startswith=PERMISSION_PREFIX)
        extra = Q(pk__in=[])
        for name in ROLE_EXTRA_PERMISSIONS.get(role, ()):
            app_label, codename = name.split(".")
            extra |= Q(content_type__app_label=app_label, codename=codename)
        group, _created = Group.objects.using(using).get_or_create(name=role)
        group.permissions.add(*records.filter(allowed), *permissions.filter(extra))
    administrator, _created = Group.objects.using(using).get_or_create(name=ADMINISTRATOR)
    administrator.permissions.add(*permissions.all())


def grant_roles_after_migrate(sender, *, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """``post_migrate`` receiver (connected in ``BackofficeConfig``): :func:`apply_roles`.

    Django sends ``post_migrate`` once per app after ``migrate`` (and ``flush``), and creates
    that app's permissions in an earlier receiver of the same signal, so by the last app every
    permission exists and has been granted."""
    apply_roles(using=using)
