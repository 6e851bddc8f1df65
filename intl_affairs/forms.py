"""Form fields shared by the apps: dates typed in ISO or ROC form."""

from __future__ import annotations

import datetime

from django import forms
from django.contrib.admin.widgets import AdminDateWidget
from django.utils.translation import gettext_lazy as _

from .dates import parse_date


class RocDateField(forms.DateField):
    """A date field that accepts what a clerk in Taiwan types: ``2022-08-16``, ``2022/8/16``,
    ``111/08/16``, ``111.8.16``, ``111年8月16日``, ``民國111年8月16日``, ``民國元年1月1日``...

    Cleans to a ``datetime.date``; parsing is :func:`intl_affairs.dates.parse_date`, so an
    impossible day (``112/02/29``) is a form error naming the problem, never a guess.
    """

    default_error_messages = {
        "invalid": _("Enter a date like 2022-08-16, 111/08/16 or 111年8月16日."),
    }

    def to_python(self, value) -> datetime.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        try:
            return parse_date(str(value))
        except ValueError as error:
            raise forms.ValidationError(str(error), code="invalid") from None


class RocAdminDateWidget(AdminDateWidget):
    """The admin's date input with its calendar, showing stored dates in ISO form (which
    :class:`RocDateField` reads back) and a hint that ROC forms are accepted."""

    def __init__(self, attrs: dict | None = None, format: str | None = None) -> None:
        attrs = {"placeholder": "111/08/16", **(attrs or {})}
        super().__init__(attrs=attrs, format=format or "%Y-%m-%d")
