"""Spreadsheet imports shared by the apps (django-import-export): CSV and XLSX files staff fill
in, checked row by row and written only when the whole file is valid.

- Dates accept ISO and ROC forms (:func:`intl_affairs.dates.parse_date`), also real date cells.
- Text is tidied (:func:`intl_affairs.names.tidy_text`); choices accept the stored value or
  the label in any language (``reception`` or ``外賓接待``...).
- A reference by slug that matches nothing, a bad date or a bad choice is a validation error
  of that row and that column, in the clerk's language; django-import-export numbers data rows
  from 1 (the header is not a row).
- Nothing is written unless every row is valid: :class:`StaffImportAdminMixin` runs the final
  import with ``rollback_on_validation_errors`` (the dry run already refuses to offer the
  confirm button when a row is invalid), and :func:`import_file` does the same for code.
- Every exported cell goes through :func:`intl_affairs.spreadsheets.safe_cell` (formula
  injection).
"""

from __future__ import annotations

import datetime
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext
from import_export import resources, widgets
from import_export.admin import ExportMixin, ImportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.results import Result

from .dates import parse_date
from .names import tidy_text
from .spreadsheets import safe_cell

FORMATS = {"csv": CSV, "xlsx": XLSX}


class RocDateWidget(widgets.Widget):
    """A date cell: a real spreadsheet date, or text in any form :func:`parse_date` accepts
    (2022-08-16, 111/08/16, 民國111年8月16日). Cleans to ``datetime.date`` or ``None`` for an empty
    cell; raises ``ValueError`` with parse_date's message otherwise. Renders ISO."""

    def clean(self, value, row=None, **kwargs) -> datetime.date | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        return parse_date(str(value))

    def render(self, value, obj=None, **kwargs) -> str:
        return value.isoformat() if value else ""


class TidyTextWidget(widgets.CharWidget):
    """A text cell, tidied by :func:`intl_affairs.names.tidy_text` (NFC, spaces collapsed)."""

    def clean(self, value, row=None, **kwargs) -> str:
        if value is None:
            return ""
        return tidy_text(str(value))


class ChoiceWidget(widgets.Widget):
    """A cell for a field with ``choices``: the stored value (``reception``) or its label in
    any of ``settings.LANGUAGES``. Raises ``ValueError`` listing the accepted values."""

    def __init__(self, choices) -> None:
        super().__init__()
        self.choices = list(choices)

    def clean(self, value, row=None, **kwargs):
        text = tidy_text(value).casefold()
        if not text:
            return None
        for key, label in self.choices:
            if text == str(key).casefold():
                return key
            for code, _name in settings.LANGUAGES:
                with translation.override(code):
                    if text == str(label).casefold():
                        return key
        raise ValueError(gettext("“%(value)s” is not one of: %(choices)s.") % {
            "value": value, "choices": ", ".join(f"{key} ({label})" for key, label in self.choices),
        })

    def render(self, value, obj=None, **kwargs) -> str:
        return "" if value is None else str(value)


class SlugForeignKeyWidget(widgets.ForeignKeyWidget):
    """A reference to another record by its slug (or another unique field). An unknown value is
    a ``ValueError`` naming it, not a server error."""

    def __init__(self, model: type[models.Model], field: str = "slug", **kwargs) -> None:
        super().__init__(model, field=field, **kwargs)

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(tidy_text(value) if isinstance(value, str) else value, row, **kwargs)
        except self.model.DoesNotExist:
            raise ValueError(gettext("No %(model)s has the %(field)s “%(value)s”.") % {
                "model": self.model._meta.verbose_name, "field": self.field, "value": value,
            }) from None


class SlugManyToManyWidget(widgets.ManyToManyWidget):
    """Several references by slug in one cell, separated by commas (、 and ， too). Every one
    must exist: an unknown slug is a ``ValueError`` naming it."""

    def __init__(self, model: type[models.Model], field: str = "slug") -> None:
        super().__init__(model, separator=",", field=field)

    def clean(self, value, row=None, **kwargs):
        if not value:
            return self.model.objects.none()
        text = str(value).replace("、", ",").replace("，", ",")
        wanted = [part.strip() for part in text.split(",") if part.strip()]
        found = self.model.objects.filter(**{f"{self.field}__in": wanted})
        missing = sorted(set(wanted) - {getattr(obj, self.field) for obj in found})
        if missing:
            raise ValueError(gettext("No %(model)s has the %(field)s %(values)s.") % {
                "model": self.model._meta.verbose_name, "field": self.field,
                "values": "、".join(f"“{slug}”" for slug in missing),
            })
        return found


class StaffImportResource(resources.ModelResource):
    """Base of every import: dates in ROC forms, tidied text, choices by value or label,
    many-to-many cells checked before anything is saved, and safe cells on export."""

    @classmethod
    def widget_from_django_field(cls, f, default=widgets.Widget):
        if isinstance(f, models.DateField) and not isinstance(f, models.DateTimeField):
            return RocDateWidget
        if isinstance(f, models.CharField) and f.choices:
            return lambda **kwargs: ChoiceWidget(f.choices)
        if isinstance(f, models.CharField):
            return TidyTextWidget
        return super().widget_from_django_field(f, default)

    def import_instance(self, instance, row, **kwargs) -> None:
        """Set the row's values on ``instance``; collect every cell's error, including those
        of many-to-many cells (which django-import-export only reads after saving), as one
        ``ValidationError`` keyed by column."""
        errors: dict = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row:
                try:
                    field.clean(row, **kwargs)
                except ValueError as error:
                    errors[field.attribute] = [str(error)]
        if errors:
            raise ValidationError(errors)

    def export_field(self, field, instance, **kwargs):
        return safe_cell(super().export_field(field, instance, **kwargs))


class StaffImportAdminMixin(ImportMixin):
    """Import in the admin from CSV or XLSX, with the dry-run preview; the confirmed import is
    rolled back as a whole if any row turns out invalid."""

    import_formats = [CSV, XLSX]
    export_formats = [CSV, XLSX]
    # Permissions on other models the import writes ("visits.add_person"...).
    import_also_requires: tuple[str, ...] = ()

    def has_import_permission(self, request) -> bool:
        """An import adds and changes records: only for users who may do both (not a viewer),
        and who hold :attr:`import_also_requires`."""
        return (self.has_add_permission(request) and self.has_change_permission(request)
                and request.user.has_perms(self.import_also_requires))

    def has_export_permission(self, request) -> bool:
        """Export shows what the user may already view."""
        return self.has_view_permission(request)

    def get_import_data_kwargs(self, **kwargs) -> dict:
        data_kwargs = super().get_import_data_kwargs(**kwargs)
        data_kwargs["rollback_on_validation_errors"] = True
        return data_kwargs


class StaffImportExportAdminMixin(StaffImportAdminMixin, ExportMixin):
    """:class:`StaffImportAdminMixin` plus export in the same columns (every cell through
    :func:`intl_affairs.spreadsheets.safe_cell`), so a clerk can start from the current data."""


def import_file(resource: resources.Resource, data: bytes, file_format: str, *,
                dry_run: bool = False) -> Result:
    """Import ``data`` (the bytes of a ``"csv"`` or ``"xlsx"`` file) with ``resource``.

    Returns the django-import-export ``Result``: ``result.invalid_rows`` (row number from 1,
    ``error_dict`` keyed by column) and ``result.row_errors()``. Nothing is written when
    ``dry_run`` or when any row is invalid or fails. Raises ``KeyError`` for an unknown format and
    ``ValueError`` (with what to do) for a CSV that is not UTF-8 or an XLSX that is not one.
    """
    input_format = FORMATS[file_format]()
    if not input_format.is_binary():
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValueError(gettext("The CSV file is not in UTF-8: save it again as \"CSV UTF-8\" "
                               "(Excel) or with UTF-8 encoding.")) from None
    try:
        dataset = input_format.create_dataset(data)
    except (zipfile.BadZipFile, KeyError, OSError):
        raise ValueError(gettext("The file is not a valid XLSX workbook: open it in Excel or "
                           "LibreOffice and save it as .xlsx again.")) from None
    return resource.import_data(dataset, dry_run=dry_run, use_transactions=True,
                                rollback_on_validation_errors=True)
