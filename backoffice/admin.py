"""The admins that Django and the libraries register (staff accounts and groups, the
login-security logs of django-axes), each replaced by a subclass on :class:`core.admin.StaffAdmin`,
so that their forms get the staff input rules of every other admin (text loses pasted control
characters) and their dates are written as staff type them (``114/09/14 14:30`` in Chinese).
A list with a date hierarchy (the login logs, the users) shows it in ROC years, like every other
list of the admin. Django's user admin has a subclass of its own (:class:`UserAdmin`). This
module is imported after the admin modules of every app listed before it in ``INSTALLED_APPS``
(the admin's autodiscovery goes in that order)."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import admin as auth_admin
from django.contrib.auth.models import User

from core.admin import RecordAdmin, StaffAdmin


class UserAdmin(StaffAdmin, auth_admin.UserAdmin):
    """Django's user admin with its dates as staff type them, as everywhere in the admin: the
    last login and the date joined (read-only: the system records them, and an audit must be
    able to trust them), and the last login as a column, to find accounts nobody uses."""

    list_display = (*auth_admin.UserAdmin.list_display, "last_login")
    readonly_fields = ("last_login", "date_joined")
    change_list_template = "admin/dated_change_list.html"


if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, UserAdmin)

for _model, _model_admin in list(admin.site._registry.items()):
    if isinstance(_model_admin, RecordAdmin | StaffAdmin):
        continue
    _base = type(_model_admin)
    _extra = {"change_list_template": "admin/dated_change_list.html"} if _base.date_hierarchy else {}
    admin.site.unregister(_model)
    admin.site.register(_model, type(_base.__name__, (StaffAdmin, _base), {
        "__module__": __name__, "__doc__": _base.__doc__, **_extra}))
