"""Form fields and widgets shared by the apps: dates typed in ISO or ROC form, half-years, images
checked by decoding, a ``<select>`` that renders fast."""

from __future__ import annotations

import datetime

from django import forms
from django.contrib.admin.widgets import AdminDateWidget
from django.db.models import QuerySet
from django.forms.utils import flatatt
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from PIL import Image

from .dates import HalfYear, parse_date
from .images import open_checked
from .spreadsheets import remove_illegal_characters


class CleanTextField(forms.CharField):
    """A text field that drops the control characters a paste from a PDF or a word processor
    brings along (form feed, NUL...): invisible, meaningless, and no ODF/OOXML file can hold
    them. Line breaks and tabs stay."""

    def to_python(self, value):
        text = super().to_python(value)
        return remove_illegal_characters(text) if isinstance(text, str) else text


class RocDateField(forms.DateField):
    """A date field that accepts what a clerk in Taiwan types: ``2022-08-16``, ``2022/8/16``,
    ``111/08/16``, ``111.8.16``, ``111年8月16日``, ``民國111年8月16日``, ``民國元年1月1日``...

    Cleans to a ``datetime.date``; parsing is :func:`core.dates.parse_date`, so an
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


class RocSplitDateTimeField(forms.SplitDateTimeField):
    """A date and a time typed in two boxes (the admin's date-time input), the date in any form
    :class:`RocDateField` accepts: ``111/08/17`` and ``10:00``. Cleans to an aware
    ``datetime.datetime`` in the current time zone (``Asia/Taipei``)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        date_field = RocDateField(required=self.required, localize=self.localize)
        date_field.error_messages.setdefault("required", self.error_messages.get("required"))
        self.fields = (date_field, self.fields[1])


class RocAdminDateWidget(AdminDateWidget):
    """The admin's date input with its calendar, showing stored dates in ISO form (which
    :class:`RocDateField` reads back) and a hint that ROC forms are accepted."""

    def __init__(self, attrs: dict | None = None, format: str | None = None) -> None:
        attrs = {"placeholder": "111/08/16", **(attrs or {})}
        super().__init__(attrs=attrs, format=format or "%Y-%m-%d")


class HalfYearField(forms.Field):
    """A half-year chosen from a list or typed in an address: ``2022H2``, ``2022h2``. Cleans to a
    :class:`core.dates.HalfYear`; any valid half-year is accepted, listed or not (parsing is
    :meth:`HalfYear.parse`, the one the command line uses), and the list gains the one chosen.
    ``choices`` is a list of ``HalfYear``; each is offered as ``111年7月至12月 (2022H2)``."""

    widget = forms.Select

    def __init__(self, *, choices: list[HalfYear] = (), **kwargs) -> None:
        super().__init__(**kwargs)
        self.half_years = list(choices)

    @property
    def half_years(self) -> list[HalfYear]:
        """The half-years offered."""
        return self._half_years

    @half_years.setter
    def half_years(self, values: list[HalfYear]) -> None:
        self._half_years = list(values)
        self.widget.choices = [(str(p), self.label_of(p)) for p in self._half_years]

    @staticmethod
    def label_of(period: HalfYear) -> str:
        """``111年7月至12月 (2022H2)`` / ``July–December 2022 (2022H2)`` in the active language."""
        return f"{period.label(get_language())} ({period})"

    def to_python(self, value) -> HalfYear | None:
        if isinstance(value, HalfYear):
            return value
        if value in self.empty_values:
            return None
        try:
            return HalfYear.parse(str(value))
        except ValueError as error:
            raise forms.ValidationError(str(error), code="invalid") from None

    def prepare_value(self, value):
        """The option to show selected: ``2022h2`` in the address selects 2022H2."""
        try:
            return str(self.to_python(value)) if value not in self.empty_values else value
        except forms.ValidationError:
            return value

    def offer(self, value) -> None:
        """Add ``value`` (a half-year or its text, as typed) to the list when it is a valid
        half-year not listed, newest first, so the page shows what it was asked for."""
        try:
            period = self.to_python(value)
        except forms.ValidationError:
            return
        if period is not None and period not in self.half_years:
            self.half_years = sorted([*self.half_years, period], reverse=True)


class CheckedImageField(forms.ImageField):
    """An image upload checked by decoding it (:func:`core.images.open_checked`), not
    by its name: a text file named ``.jpg``, an SVG, a truncated file, a decompression bomb or
    a file over the size limit is a form error saying which, never a server error.

    Cleans to the uploaded file, with ``image`` (the decoded ``PIL.Image.Image``) and
    ``content_type`` set as Django's ``ImageField`` does. Metadata is removed when the record is
    saved (:class:`core.models.ThumbnailedImageModel`).
    """

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        image = open_checked(upload)
        upload.image = image
        upload.content_type = Image.MIME.get(image.format)
        return upload

    def widget_attrs(self, widget) -> dict:
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput) and "accept" not in widget.attrs:
            attrs["accept"] = "image/jpeg,image/png,image/webp,image/gif"
        return attrs


class PlainSelect(forms.Select):
    """A ``<select>`` of flat ``(value, label)`` choices written in Python, not through a template
    per ``<option>``: Django's ``Select`` renders ``option.html`` once per choice, which costs
    about 0.15 ms each, 60 ms for the archive's 380 cities and countries on every page view.

    Same markup as ``Select`` (attributes, ``selected``), no option groups. Renders to a
    ``SafeString``; labels and values are escaped."""

    def render(self, name: str, value, attrs: dict | None = None, renderer=None) -> SafeString:
        selected = {str(v) for v in self.format_value(value)}
        options = "".join(
            f'<option value="{escape(key)}"{" selected" if str(key) in selected else ""}>'
            f"{escape(label)}</option>"
            for key, label in self.choices
        )
        return format_html('<select name="{}"{}>{}</select>', name,
                           flatatt(self.build_attrs(self.attrs, attrs)), mark_safe(options))


def slug_choices(queryset: QuerySet) -> list[tuple[str, str]]:
    """``(slug, name)`` of the records of ``queryset`` (a model with ``slug`` and translated
    ``name``), sorted by name in the active language: the choices of a filter that puts the slug
    in the address (``?city=busan``). One query, no model instances."""
    return list(queryset.order_by("name", "slug").values_list("slug", "name"))
