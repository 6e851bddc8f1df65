"""The login-security logs of django-axes in the admin, their times written as staff type them
(:class:`core.admin.DateDisplayMixin`: ``114/09/14 14:30`` in Chinese) and their date hierarchy
in ROC years, like every other list of the admin. django-axes registers its admin classes when
``AXES_ENABLE_ADMIN`` is on (the default); each is replaced by a subclass. Django's user admin
likewise (:class:`UserAdmin`)."""

from __future__ import annotations

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth import admin as auth_admin
from django.contrib.auth.models import User

from core.admin import DateDisplayMixin

for _model in (AccessAttempt, AccessLog, AccessFailureLog):
    if admin.site.is_registered(_model):
        _base = type(admin.site.get_model_admin(_model))
        admin.site.unregister(_model)
        admin.site.register(_model, type(_base.__name__, (DateDisplayMixin, _base), {
            "__module__": __name__, "__doc__": _base.__doc__,
            "change_list_template": "admin/dated_change_list.html"}))


class UserAdmin(DateDisplayMixin, auth_admin.UserAdmin):
    """Django's user admin with its dates as staff type them, as everywhere in the admin: the
    last login and the date joined (read-only: the system records them, and an audit must be
    able to trust them), and the last login as a column, to find accounts nobody uses."""

    list_display = (*auth_admin.UserAdmin.list_display, "last_login")
    readonly_fields = ("last_login", "date_joined")
    change_list_template = "admin/dated_change_list.html"


if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, UserAdmin)
