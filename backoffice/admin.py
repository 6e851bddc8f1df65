"""The login-security logs of django-axes in the admin, their times written as staff type them
(:class:`core.admin.DateDisplayMixin`: ``114/09/14 14:30`` in Chinese) and their date hierarchy
in ROC years, like every other list of the admin. django-axes registers its admin classes when
``AXES_ENABLE_ADMIN`` is on (the default); each is replaced by a subclass."""

from __future__ import annotations

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin

from core.admin import DateDisplayMixin

for _model in (AccessAttempt, AccessLog, AccessFailureLog):
    if admin.site.is_registered(_model):
        _base = type(admin.site.get_model_admin(_model))
        admin.site.unregister(_model)
        admin.site.register(_model, type(_base.__name__, (DateDisplayMixin, _base), {
            "__module__": __name__, "__doc__": _base.__doc__,
            "change_list_template": "admin/dated_change_list.html"}))
