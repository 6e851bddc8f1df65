"""The staff roles as Django groups, and the permissions each is granted (issue 5, "Roles").

- ``viewer``: sees every record in the admin, changes nothing.
- ``editor``: adds and changes records; cannot delete, publish or unpublish.
- ``publisher``: an editor who may also delete, publish and unpublish, and export the report.
- ``administrator``: every permission, users and groups included.

A user needs ``is_staff`` to enter the admin at all, and one of these groups to do anything there.
"""

from __future__ import annotations

from django.db.models import Q

VIEWER, EDITOR, PUBLISHER, ADMINISTRATOR = "viewer", "editor", "publisher", "administrator"

# The apps whose records staff keep; roles cover their models but not their historical models
# (history is shown and restored through the record's own view and change permissions).
RECORD_APPS = ("cities", "visits", "exhibitions")

# Verbs of permission codenames (``<verb>_<model>``) each role gets on the record apps.
ROLE_VERBS = {
    VIEWER: ("view",),
    EDITOR: ("view", "add", "change"),
    PUBLISHER: ("view", "add", "change", "delete", "publish"),
}

# Permissions outside the record apps, as ``app_label.codename``, granted to the publisher when
# they exist: the half-year report page and export (reports/admin.py). Missing ones are skipped.
PUBLISHER_EXTRA_PERMISSIONS = ("reports.export_report",)


def apply_roles(apps, schema_editor=None) -> None:
    """Create the four groups if missing and grant them their permissions (never revoking any).

    ``apps`` is a migration's app registry (or ``django.apps.apps``). It first creates the
    permissions of every installed model, which Django otherwise does only after all migrations.
    Safe to run again: an app added later calls it from one of its migrations so that the roles
    cover its models too.
    """
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    records = Permission.objects.filter(content_type__app_label__in=RECORD_APPS).exclude(
        content_type__model__startswith="historical"
    )
    extra = Q(pk__in=[])
    for name in PUBLISHER_EXTRA_PERMISSIONS:
        app_label, codename = name.split(".")
        extra |= Q(content_type__app_label=app_label, codename=codename)

    for role, verbs in ROLE_VERBS.items():
        allowed = Q()
        for verb in verbs:
            allowed |= Q(codename__startswith=f"{verb}_")
        group, _created = Group.objects.get_or_create(name=role)
        group.permissions.add(*records.filter(allowed))
        if role == PUBLISHER:
            group.permissions.add(*Permission.objects.filter(extra))
    administrator, _created = Group.objects.get_or_create(name=ADMINISTRATOR)
    administrator.permissions.add(*Permission.objects.all())
