"""Form fields and widgets shared by the apps: dates typed in ISO or ROC form, half-years, images
checked by decoding, a ``<select>`` that renders fast."""

from __future__ import annotations

import datetime
import html
from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib.admin.widgets import AdminDateWidget, AdminSplitDateTime
from django.db import models
from django.db.models import Q, QuerySet
from django.forms.models import BaseInlineFormSet
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext_lazy as _
from PIL import Image

from .cache import kept_between_changes
from .concurrency import VersionCheckedFormMixin
from .dates import (
    DatePrecision,
    HalfYear,
    PrecisionError,
    format_date_input,
    is_chinese,
    parse_date,
    parse_dated,
    reconcile_precision,
)
from .i18n import as_sentences
from .images import open_checked
from .text import clean_text, one_line


class CleanTextField(forms.CharField):
    """A text field that cleans what a paste from a PDF or a word processor brings along, as
    every input path does (:func:`core.text.clean_text`): NUL and other control characters and
    invisible format characters removed, vertical tabs as line breaks. Tabs stay. Line breaks
    stay only where the widget is a textarea (a multi-line field); in any other input (a name, a
    title, a slug) a line break is one space (:func:`core.text.one_line`, as the imports' text
    cells). The cleaning happens before Django's validators, so a NUL is dropped rather than
    refused."""

    def to_python(self, value):
        if isinstance(value, str):
            value = clean_text(value) if isinstance(self.widget, forms.Textarea) else one_line(value)
        return super().to_python(value)


class RocDateField(forms.DateField):
    """A date field that accepts what a clerk in Taiwan types: ``2022-08-16``, ``111/08/16``,
    ``111年8月16日``, ``1110816``, ``111/8/16（二）``... (:func:`core.dates.parse_dated`).

    Cleans to a ``datetime.date``. With ``to_precision`` (a date whose precision the record
    keeps, :class:`core.models.DatePrecisionField`) a month, half-year or year is accepted too
    (``111年8月`` cleans to 2022-08-01; :class:`RecordForm` keeps the precision typed);
    without it a day is needed. An impossible day (``112/02/29``) is a form error naming the
    problem, never a guess.
    """

    default_error_messages = {
        "invalid": _("Enter a date like 2022-08-16, 111/08/16 or 111年8月16日."),
    }

    def __init__(self, *, to_precision: bool = False, **kwargs) -> None:
        self.to_precision = to_precision
        super().__init__(**kwargs)

    def to_python(self, value) -> datetime.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        try:
            return parse_dated(str(value)).date if self.to_precision else parse_date(str(value))
        except ValueError as error:
            raise forms.ValidationError(str(error), code="invalid") from None

    def has_changed(self, initial, data) -> bool:
        """Compare dates, not texts: the form shows a stored date as ``114/07`` or ``2025-07``."""
        try:
            return self.to_python(initial) != self.to_python(data)
        except forms.ValidationError:
            return True


class RocAdminDateWidget(AdminDateWidget):
    """The admin's date input with its calendar, speaking the admin's language: a stored date
    is shown as staff type it (:func:`core.dates.format_date_input`: ``114/09/14`` in Chinese,
    ``2025-09-14`` in English), and in Chinese the input is marked ``data-calendar="roc"`` so that
    ``core/js/roc-calendar.js`` makes the calendar and its "today" write ROC dates."""

    class Media:
        js = ["core/js/roc-calendar.js"]

    def __init__(self, attrs: dict | None = None, format: str | None = None) -> None:
        super().__init__(attrs=attrs, format=format)

    def format_value(self, value):
        if isinstance(value, datetime.date):
            return format_date_input(value, DatePrecision.DAY)
        return super().format_value(value)

    def get_context(self, name: str, value, attrs: dict | None) -> dict:
        attrs = dict(attrs or {})
        chinese = is_chinese(get_language())
        attrs.setdefault("placeholder", "114/09/14" if chinese else "2025-09-14")
        if chinese:
            attrs["data-calendar"] = "roc"
        return super().get_context(name, value, attrs)


class RocAdminSplitDateTime(AdminSplitDateTime):
    """The admin's date and time inputs, the date one a :class:`RocAdminDateWidget`."""

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs)
        self.widgets = [RocAdminDateWidget(attrs=attrs), self.widgets[1]]


class RocSplitDateTimeField(forms.SplitDateTimeField):
    """A date and a time typed in two boxes (the admin's date-time input), the date in any form
    :class:`RocDateField` accepts: ``111/08/17`` and ``10:00``. Cleans to an aware
    ``datetime.datetime`` in the current time zone (``Asia/Taipei``)."""

    widget = RocAdminSplitDateTime

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        date_field = RocDateField(required=self.required, localize=self.localize)
        date_field.error_messages.setdefault("required", self.error_messages.get("required"))
        self.fields = (date_field, self.fields[1])


def precision_pairs(model: type[models.Model]) -> list[tuple[str, tuple[str, ...]]]:
    """``(precision field, its date fields)`` for every :class:`core.models.DatePrecisionField`
    of ``model``, e.g. ``[("date_precision", ("start_date", "end_date"))]``."""
    from .models import DatePrecisionField

    return [(field.name, field.date_fields) for field in model._meta.concrete_fields
            if isinstance(field, DatePrecisionField)]


class RecordForm(VersionCheckedFormMixin, forms.ModelForm):
    """The base form of every admin form and inline row (:mod:`core.admin`): dates with a
    precision are shown to their precision and keep the precision typed.

    - Shown: a stored date known to the month is ``114/07`` (``2025-07`` in English), to the
      half-year ``114年下半年``... (:func:`core.dates.format_date_input`).
    - Saved: the precision is the one typed when staff left the precision field as it was
      (``114年7月`` is a month), the one chosen otherwise; a choice finer than typed, or a start and
      an end typed to different precisions, is an error on that date
      (:func:`core.dates.reconcile_precision`).
    - Versioned: a form opened on an older version of the record than the stored one is not
      saved (:class:`core.concurrency.VersionCheckedFormMixin`).
    """

    def __init__(self, *args, **kwargs) -> None:
        given = set(kwargs.get("initial") or ())
        super().__init__(*args, **kwargs)
        for precision_name, date_names in precision_pairs(self._meta.model):
            precision = getattr(self.instance, precision_name, DatePrecision.DAY)
            for name in date_names:
                value = getattr(self.instance, name, None)
                if name in self.fields and name not in given and isinstance(value, datetime.date):
                    self.initial[name] = format_date_input(value, precision)

    def clean(self) -> dict:
        cleaned = super().clean()
        for precision_name, date_names in precision_pairs(self._meta.model):
            typed = []
            for name in date_names:
                raw = self[name].data if name in self.fields and name not in self.errors else None
                typed.append(parse_dated(str(raw)) if isinstance(raw, str) and raw.strip() else None)
            chosen = None
            if precision_name in self.fields and precision_name in self.changed_data:
                chosen = cleaned.get(precision_name)
            try:
                precision = reconcile_precision(typed, chosen)
            except PrecisionError as error:
                self.add_error(date_names[error.index], str(error))
                continue
            if precision is None:
                continue
            if precision_name in self.fields:
                cleaned[precision_name] = precision
            else:
                setattr(self.instance, precision_name, precision)
        return cleaned


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
        # html.escape, which Django's escape() calls, without its lazy-string wrapper and
        # SafeString a value: 380 options a view.
        options = "".join(
            f'<option value="{html.escape(str(key))}"{" selected" if str(key) in selected else ""}>'
            f"{html.escape(str(label))}</option>"
            for key, label in self.choices
        )
        return format_html('<select name="{}"{}>{}</select>', name,
                           flatatt(self.build_attrs(self.attrs, attrs)), mark_safe(options))


def slug_choices(records: Callable[[], QuerySet], *, kept_as: str = "") -> list[tuple[str, str]]:
    """``(slug, name)`` of the records of the QuerySet ``records()`` returns (a model with
    ``slug`` and translated ``name``), sorted by name in the active language: the choices of a
    filter that puts the slug in the address (``?city=busan``). One query, no model instances;
    while the list is kept between changes under the name ``kept_as``
    (:func:`core.cache.kept_between_changes`; give one for a public filter), no query, and
    ``records`` is not called: building a QuerySet under the visibility rules
    (:mod:`core.visibility`) costs milliseconds of Python by itself."""
    def compute() -> list[tuple[str, str]]:
        return list(records().order_by("name", "slug").values_list("slug", "name"))
    return kept_between_changes(f"choices:{kept_as}", compute) if kept_as else compute()


@dataclass(frozen=True)
class UniqueRule:
    """One rule of a model that no two rows may break together: a ``UniqueConstraint`` over
    plain fields (``condition`` is its condition or ``None``), a ``unique_together`` or a
    ``unique=True`` field. ``fields`` are model field names; ``message`` says it to staff."""

    fields: tuple[str, ...]
    condition: Q | None
    message: str

    @classmethod
    def of_model(cls, model: type[models.Model]) -> list[UniqueRule]:
        """Every such rule of ``model`` (the primary key left out)."""
        rules = []
        probe = model()
        for constraint in model._meta.constraints:
            if isinstance(constraint, models.UniqueConstraint) and constraint.fields:
                rules.append(cls(tuple(constraint.fields), constraint.condition,
                                 str(constraint.get_violation_error_message())))
        for fields in model._meta.unique_together:
            rules.append(cls(tuple(fields), None,
                             str(probe.unique_error_message(model, tuple(fields)).message
                                 % probe.unique_error_message(model, tuple(fields)).params)))
        for field in model._meta.concrete_fields:
            if field.unique and not field.primary_key:
                error = probe.unique_error_message(model, (field.name,))
                rules.append(cls((field.name,), None, str(error.message % error.params)))
        return rules

    def key(self, instance: models.Model, parent_field: str | None) -> tuple | None:
        """The values ``instance`` gives the rule's fields (the inline's own foreign key, which
        every row shares, as one marker), or ``None`` when the rule does not bind it: a field is
        empty (NULLs never clash) or the condition does not hold. The condition is evaluated by
        the database (``Q.check``, as Django's own constraint validation does)."""
        values = []
        for name in self.fields:
            if name == parent_field:
                values.append("<parent>")
                continue
            value = getattr(instance, instance._meta.get_field(name).attname)
            if value is None:
                return None
            values.append(value)
        if self.condition is not None:
            against = instance._get_field_expression_map(meta=instance._meta)
            if not self.condition.check(against):
                return None
        return tuple(values)


class ConstraintFormSet(BaseInlineFormSet):
    """The rows of an inline as one change: the uniqueness rules of the model
    (:class:`UniqueRule`: its ``UniqueConstraint``\\ s, conditional ones included, and unique
    fields) are checked among the rows as they will be after the save, and the rows are saved
    in an order the database accepts. What this closes (Django 5.2 does neither):

    - Django compares rows only for unconditional constraints, and checks a row against the
      stored rows with the inline's foreign key excluded, which skips every constraint that
      names it; a clash was then the database's ``IntegrityError``, a server error;
    - Django saves rows in the order shown, so a valid result could pass through an invalid
      state: row 1 taking the person row 2 gives up, row 2 deleted while row 1 takes its
      person. Here deleted rows go first, then each row after the rows whose stored values it
      takes. Two rows exchanging values (a cycle) cannot be saved in any order: that is a form
      error asking for two saves.

    Each clash is an error of the later row, on the field when the rule has one field besides
    the foreign key, with the rule's own message (``violation_error_message``)."""

    def validate_unique(self) -> None:
        self._save_order: list[forms.BaseForm] | None = None
        rows = [form for form in self.forms if form.is_valid() and form not in self.deleted_forms
                and (form.instance.pk is not None or form.has_changed())]
        for form in rows:
            setattr(form.instance, self.fk.name, self.instance)
        rules = UniqueRule.of_model(self.model)
        clashes = False
        for rule in rules:
            seen: dict[tuple, forms.BaseForm] = {}
            for form in rows:
                key = rule.key(form.instance, self.fk.name)
                if key is None:
                    continue
                if key in seen:
                    form.add_error(self._error_field(rule, form), rule.message)
                    clashes = True
                else:
                    seen[key] = form
        if not clashes:
            self._save_order = self._order_of_saves(rows, rules)

    def _error_field(self, rule: UniqueRule, form: forms.BaseForm) -> str | None:
        own = [name for name in rule.fields if name != self.fk.name]
        return own[0] if len(own) == 1 and own[0] in form.fields else None

    def _order_of_saves(self, rows: list[forms.BaseForm], rules: list[UniqueRule]) -> list[forms.BaseForm]:
        """The changed stored rows in an order where a row giving up a value is saved before
        the row taking it (deleted rows are deleted before any save). Adds a formset error and
        returns ``[]`` when rows exchange values."""
        changed = [form for form in rows if form.instance.pk is not None and form.has_changed()]
        if len(changed) < 2:
            return changed
        stored = self.model._default_manager.in_bulk([form.instance.pk for form in changed])
        holders: dict[tuple, forms.BaseForm] = {}
        for form in changed:
            before = stored.get(form.instance.pk)
            if before is None:
                continue
            setattr(before, self.fk.name, self.instance)
            for index, rule in enumerate(rules):
                if (key := rule.key(before, self.fk.name)) is not None:
                    holders[(index, key)] = form
        waits_for: dict[forms.BaseForm, set[forms.BaseForm]] = {form: set() for form in changed}
        for form in changed:
            for index, rule in enumerate(rules):
                key = rule.key(form.instance, self.fk.name)
                holder = holders.get((index, key)) if key is not None else None
                if holder is not None and holder is not form:
                    waits_for[form].add(holder)
        order: list[forms.BaseForm] = []
        while waits_for:
            ready = [form for form, before in waits_for.items() if not before - set(order)]
            if not ready:
                numbers = sorted(self.forms.index(form) + 1 for form in waits_for)
                raise forms.ValidationError(_(
                    "Rows %(rows)s exchange values that must be unique (for example two rows "
                    "swapping their people): the database cannot take both changes at once. "
                    "Save one change, then the other."
                ) % {"rows": "、".join(str(number) for number in numbers)}, code="exchange")
            for form in ready:
                order.append(form)
                del waits_for[form]
        return order

    def save_existing_objects(self, commit: bool = True) -> list[models.Model]:
        """Delete the rows marked for deletion, then save the changed rows in the order
        :meth:`validate_unique` found (Django's own order when it found none)."""
        order = getattr(self, "_save_order", None)
        if order is None:
            return super().save_existing_objects(commit)
        self.changed_objects, self.deleted_objects = [], []
        for form in self.initial_forms:
            if form in self.deleted_forms and form.instance.pk is not None:
                self.deleted_objects.append(form.instance)
                self.delete_existing(form.instance, commit=commit)
        saved = []
        for form in order:
            self.changed_objects.append((form.instance, form.changed_data))
            saved.append(self.save_existing(form, form.instance, commit=commit))
            if not commit:
                self.saved_forms.append(form)
        return saved


def errors_line(form: forms.Form) -> str:
    """The errors of a bound, invalid ``form`` as one text of sentences in the active language
    (:func:`core.i18n.as_sentences`), each field's label with its messages
    (``半年期間：這個欄位是必須的。``), for a page that refuses a request whose parameters the
    form checked. Errors of no field are unlabelled."""
    parts = []
    for name, messages in form.errors.items():
        text = as_sentences(messages)
        field = form.fields.get(name)
        parts.append(text if field is None else
                     pgettext("a field and its errors", "%(label)s: %(errors)s") % {
                         "label": field.label or name, "errors": text})
    return as_sentences(parts)
