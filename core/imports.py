"""Spreadsheet imports shared by the apps (django-import-export): CSV and XLSX files staff fill
in, checked row by row and written only when the whole file is valid.

- Dates accept ISO and ROC forms (:func:`core.dates.parse_date`), also real date cells.
- Text is tidied (:func:`core.names.tidy_text`); choices accept the stored value or
  the label in any language (``reception`` or ``外賓接待``...).
- A reference by slug that matches nothing, a bad date or a bad choice, a number that is not
  whole (:class:`WholeNumberWidget`), or a key (``slug``) already on an earlier row of the file
  (:meth:`StaffImportResource.repeated_key_error`) is a validation error of that row and that
  column, in the clerk's language.
- Rows are numbered as the clerk sees them in Excel or LibreOffice: the header is row 1, the
  first data row is row 2 (django-import-export counts data rows from 1; :class:`StaffImportResult`
  shifts them), and a blank line of a CSV file still counts as a row (:class:`StaffCSV`).
  Columns are named by their header text and their letter: ``column C “start_date”``.
- The header is checked before any row (:meth:`StaffImportResource.check_headers`): a missing
  required column, an unknown or a duplicated header, or a column with values but no header is an
  error of the file, and no row is read.
- The file is read as a stream (:class:`TableDataset` over :func:`core.spreadsheets.open_table`:
  limits checked in a first pass that keeps no row) and imported a batch of ``Meta.batch_size``
  rows at a time (:class:`BatchedRows`, :meth:`StaffImportResource.start_batch`): the records a
  batch names are read in one query each when it starts, its new records written before the next
  one starts, all in the import's one transaction; across batches the file keeps only keys (the
  rows of ids and names, to report repeats), a few dozen bytes each (:class:`core.filekeys.
  FileKeys`). A confirmed import's memory does not grow with the file (benchmarks/README.md,
  "Imports").
- Nothing is written unless every row is valid: :class:`StaffImportAdminMixin` runs the final
  import with ``rollback_on_validation_errors`` (the dry run already refuses to offer the
  confirm button when a row is invalid), and :func:`import_file` does the same for code.
- Every exported cell goes through :func:`core.spreadsheets.safe_cell` (formula
  injection).
- Personal-data columns (:mod:`core.personal`) are read, shown in the preview and exported only
  for staff who may see them: for others a file with such a column is refused
  (:meth:`StaffImportResource.check_headers`) and the preview leaves them out.
"""

from __future__ import annotations

import copy
import datetime
import difflib
import re
import unicodedata
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.contrib import messages as admin_messages
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import models
from django.db.models import F
from django.urls import path
from django.utils import translation
from django.utils.translation import gettext, ngettext, pgettext
from import_export import resources, widgets
from import_export.admin import ExportMixin, ImportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ImportForm, SelectableFieldsExportForm
from import_export.instance_loaders import ModelInstanceLoader
from import_export.results import Error, InvalidRow, Result, RowResult
from import_export.utils import atomic_if_using_transaction
from modeltranslation.fields import TranslationField
from modeltranslation.settings import AVAILABLE_LANGUAGES, DEFAULT_LANGUAGE
from modeltranslation.utils import build_localized_fieldname
from simple_history.models import HistoricalRecords

from . import bulk, review
from .bulk import insert, insert_history, insert_values
from .cache import invalidate_public_pages
from .concurrency import VERSION_FIELD, is_versioned, refused_stale
from .dates import DatePrecision, format_date_input, parse_date
from .filekeys import FileKeys
from .history import ChangeHistoricalRecords
from .i18n import join_list
from .import_storage import StaffTempStorage, purge_import_files
from .models import RevisionSource, SearchKeyModel, SluggedModel
from .names import normalise_name, tidy_text
from .personal import hidden_paths
from .spreadsheets import Table, TableError, not_xlsx_message, open_table, safe_cell, too_large_message


def column_letter(index: int) -> str:
    """The spreadsheet letter of the column at 0-based ``index``: 0 gives ``"A"``, 25 ``"Z"``,
    26 ``"AA"`` (the bijective base-26 of Excel and LibreOffice column names)."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def column_label(header: str, headers: list | None = None) -> str:
    """How an error names a column: ``column C “start_date”`` when ``header`` is among the file's
    ``headers`` (its letter from its position), ``column “start_date”`` when it is not."""
    if headers and header in headers:
        return gettext("column %(letter)s “%(header)s”") % {
            "letter": column_letter(headers.index(header)), "header": header}
    return gettext("column “%(header)s”") % {"header": header}


def row_message(row: int, message: str, column: str | None = None) -> str:
    """One error as staff read it: ``row 4, column E “start_date”: …`` (``column`` from
    :func:`column_label`), or ``row 4: …`` for an error of the whole row. ``row`` is the
    spreadsheet's row number (header = row 1)."""
    if column:
        return gettext("row %(row)s, %(column)s: %(message)s") % {
            "row": row, "column": column, "message": message}
    return gettext("row %(row)s: %(message)s") % {"row": row, "message": message}


class TableDataset:
    """What django-import-export reads of a ``tablib.Dataset`` (``headers``, ``len()``, iterating
    the rows as tuples, a column by index or header), over a :class:`core.spreadsheets.Table`:
    the rows are read from the file as they are iterated, never held together, so an import's
    memory does not grow with the file. ``headers`` may be replaced (the canonical names)."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.headers: list[str] = list(table.headers)

    def __len__(self) -> int:
        return len(self.table)

    def __iter__(self):
        return (tuple(row) for row in self.table.rows())

    def get_col(self, index: int) -> list:
        """The cells of column ``index`` (0-based), one a data row."""
        return [row[index] for row in self.table.rows()]

    def __getitem__(self, header: str) -> list:
        return self.get_col(self.headers.index(header))


def _dataset(data, file_format: str) -> TableDataset:
    return TableDataset(open_table(data, file_format))


class StaffCSV(CSV):
    """CSV read by :func:`core.spreadsheets.open_table`: limits checked in a first pass before
    any row is imported, rows then read as a stream, blank lines kept as empty rows, so that the
    row numbers of errors are those Excel and LibreOffice show (tablib drops blank lines;
    :meth:`StaffImportResource.import_row` skips them)."""

    def create_dataset(self, in_stream, **kwargs) -> TableDataset:
        return _dataset(in_stream, "csv")


class StaffXLSX(XLSX):
    """XLSX read by :func:`core.spreadsheets.open_table` (openpyxl, read-only): unpacked size,
    rows and columns capped before and while the sheet is streamed, and the sheet's declared
    dimension not trusted (tablib's reader trusts it: a 4 kB file claiming a million rows took
    30 s and 3 GB)."""

    def create_dataset(self, in_stream, **kwargs) -> TableDataset:
        return _dataset(in_stream, "xlsx")


FORMATS = {"csv": StaffCSV, "xlsx": StaffXLSX}


class FileError(Error):
    """An error of the file as a whole (its header), listed before the rows; its message is
    all staff need, so it has no traceback (the admin page shows ``error.traceback``)."""

    traceback = ""

    def __init__(self, message: str) -> None:
        super().__init__(ValueError(message))


class StaffInvalidRow(InvalidRow):
    """A row that failed validation; ``number`` is the spreadsheet's row. Its
    ``field_specific_errors`` (what the admin page lists) are keyed by :func:`column_label`;
    ``error_dict`` stays keyed by field."""

    def __init__(self, number, validation_error, values, result: StaffImportResult) -> None:
        super().__init__(number, validation_error, values)
        self.result = result

    @property
    def field_specific_errors(self) -> dict[str, list[str]]:
        return {self.result.column_label(key): messages for key, messages in self.error_dict.items()
                if key != NON_FIELD_ERRORS}


class StaffImportResult(Result):
    """A django-import-export ``Result`` whose row numbers are the spreadsheet's (header = row
    1: the library's data-row number + 1) and which knows the file's ``headers`` and which
    column each error key stands for (``columns``: error key -> header), to name columns as the
    file does. :meth:`messages` lists every error as text for the command line."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.headers: list[str] = []
        self.columns: dict[str, str] = {}

    def append_invalid_row(self, number, row, validation_error) -> None:
        # An empty cell is shown empty, as in the spreadsheet (not "None"); "---" is the
        # library's mark of a column the file lacks.
        values = tuple("" if value is None else value
                       for value in (row.get(col, "---") for col in self.diff_headers))
        self.invalid_rows.append(StaffInvalidRow(number + 1, validation_error, values, self))

    def append_error_row(self, number, row, errors) -> None:
        super().append_error_row(number + 1, row, errors)

    def row_errors(self) -> list[tuple[int, list]]:
        """``(spreadsheet row, errors)`` of rows that failed with an exception."""
        return [(row.number, row.errors) for row in self.error_rows]

    def column_of(self, key: str) -> str | None:
        """The header an error key (a resource field, a model field, or a translated model field
        such as ``title``) stands for; ``None`` for an error of the whole row."""
        if key == NON_FIELD_ERRORS:
            return None
        if key in self.columns:
            return self.columns[key]
        for language in (DEFAULT_LANGUAGE, *AVAILABLE_LANGUAGES):
            localized = build_localized_fieldname(key, language)
            if localized in self.columns:
                return self.columns[localized]
        return key

    def column_label(self, key: str) -> str:
        """:func:`column_label` of the column of error key ``key``."""
        column = self.column_of(key)
        return column_label(column, self.headers) if column else ""

    def messages(self) -> list[str]:
        """Every error as one line of text: the file's errors first, then by row and, within a
        row, in the order of the file's columns (:func:`row_message`)."""
        lines = [str(error.error) for error in self.base_errors]
        rows = [(row.number, 0, "", str(error.error)) for row in self.error_rows for error in row.errors]
        for row in self.invalid_rows:
            for key, messages in row.error_dict.items():
                column = self.column_of(key)
                position = (self.headers.index(column) + 1 if column in self.headers
                            else len(self.headers) + 1)
                label = self.column_label(key) if column else ""
                rows += [(row.number, position, label, message) for message in messages
                         if (row.number, position, label, message) not in rows]
        rows.sort(key=lambda item: item[:2])
        lines += [row_message(number, message, label) for number, _position, label, message in rows]
        return lines


class StaffImportTotals(StaffImportResult):
    """A :class:`StaffImportResult` that keeps no row result of a row written or skipped, only
    the totals and the rows in error: what code needs of a confirmed import (the admin's
    preview and its log of changes need every row). Its memory does not grow with the file."""

    def append_row_result(self, row_result) -> None:
        if row_result.errors or row_result.validation_error:
            super().append_row_result(row_result)


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
    """A text cell, tidied by :func:`core.names.tidy_text` (NFC, spaces collapsed)."""

    def clean(self, value, row=None, **kwargs) -> str:
        if value is None:
            return ""
        return tidy_text(str(value))


class WholeNumberWidget(widgets.IntegerWidget):
    """A cell of an integer field: a whole number, written with digits and an optional sign
    (``12``, ``-4``), or a number cell whose value is whole (``12.0`` from a spreadsheet). Cleans
    to ``int`` or ``None`` for an empty cell. Anything else (``3.5``, ``3,5``, ``three``) raises
    ``ValueError`` naming the value: django-import-export's ``IntegerWidget`` would silently
    truncate 3.5 to 3. The range (e.g. not negative) is the model field's to check."""

    def clean(self, value, row=None, **kwargs) -> int | None:
        if self.is_empty(value):
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        text = tidy_text(str(value))
        if re.fullmatch(r"[+-]?[0-9]{1,18}", text):
            return int(text)
        raise ValueError(gettext("“%(value)s” is not a whole number.") % {"value": value})


class ChoiceWidget(widgets.Widget):
    """A cell for a field with ``choices``: the stored value (``reception``) or its label in
    any of ``settings.LANGUAGES``. Raises ``ValueError`` listing the accepted values."""

    def __init__(self, choices) -> None:
        super().__init__()
        self.choices = list(choices)
        self._keys: dict[str, object] | None = None

    def keys(self) -> dict[str, object]:
        """Every accepted text, case folded, with the value it stands for: the values, then
        the labels in each of ``settings.LANGUAGES`` (made once: a label is the same on every
        row, and switching language costs more than the lookup)."""
        if self._keys is None:
            labels = {}
            for code, _name in settings.LANGUAGES:
                with translation.override(code):
                    labels[code] = [str(label).casefold() for _key, label in self.choices]
            keys: dict[str, object] = {}
            for index, (key, _label) in enumerate(self.choices):  # the first choice wins
                keys.setdefault(str(key).casefold(), key)
                for code, _name in settings.LANGUAGES:
                    keys.setdefault(labels[code][index], key)
            self._keys = keys
        return self._keys

    def clean(self, value, row=None, **kwargs):
        text = tidy_text(value).casefold()
        if not text:
            return None
        if text in self.keys():
            return self.keys()[text]
        raise ValueError(gettext("“%(value)s” is not one of: %(choices)s.") % {
            "value": value, "choices": join_list(f"{key} ({label})" for key, label in self.choices),
        })

    def render(self, value, obj=None, **kwargs) -> str:
        return "" if value is None else str(value)


class References:
    """The records of ``model`` a file may name, found by any of their natural keys, read once
    per file: ``keys`` are field names whose values identify a record (``slug``, ``iso_code``,
    ``name_zh_hant``...), compared folded (:func:`core.names.normalise_name`: case, width,
    diacritics, separators), so ``JP``, ``jp``, ``日本`` and ``Japan`` are all Japan.

    ``prefetch`` (set by :meth:`StaffImportResource.before_import`) limits the one query to the
    values the file holds, for a model with many records (engagements); otherwise the whole
    table is read once (countries, cities, bureaus, topics: hundreds of rows at most).
    ``keys_label`` says in words what may be written (``code, ISO code or name``)."""

    def __init__(self, model: type[models.Model], keys: tuple[str, ...], keys_label, *,
                 prefetch: bool = False) -> None:
        self.model, self.keys, self.keys_label, self.prefetch = model, keys, keys_label, prefetch
        self._by_key: dict[str, set[int]] | None = None
        self._records: dict[int, models.Model] = {}
        self._wanted: set[str] | None = None

    def reset(self, wanted: set[str] | None = None) -> None:
        """Forget what was read; read only ``wanted`` values (by the first key) next time."""
        self._by_key, self._records, self._wanted = None, {}, wanted

    def records(self) -> list[models.Model]:
        """Every record read (for a :attr:`prefetch` model, those the file's values name)."""
        self._load()
        return list(self._records.values())

    def _load(self) -> dict[str, set[int]]:
        if self._by_key is None:
            queryset = self.model._default_manager.all()
            if self._wanted is not None:
                queryset = queryset.filter(**{f"{self.keys[0]}__in": sorted(self._wanted)})
            self._by_key = {}
            for record in queryset:
                self._records[record.pk] = record
                for key in self.keys:
                    folded = normalise_name(str(getattr(record, key) or ""))
                    if folded:
                        self._by_key.setdefault(folded, set()).add(record.pk)
        return self._by_key

    def describe(self, record: models.Model) -> str:
        """A record as a suggestion names it: ``日本（japan, JP）``."""
        codes = [str(getattr(record, key)) for key in self.keys[:2] if getattr(record, key, "")]
        return pgettext("a record and its codes", "%(record)s (%(codes)s)") % {
            "record": record, "codes": ", ".join(dict.fromkeys(codes))}

    def get(self, value) -> models.Model:
        """The one record ``value`` names. Raises ``ValueError`` naming the value, with the
        closest key as a suggestion when nothing matches, or the records when several do."""
        text = tidy_text(str(value))
        found = self._load().get(normalise_name(text), set())
        if len(found) == 1:
            return self._records[next(iter(found))]
        verbose = self.model._meta.verbose_name
        if found:
            return_records = "、".join(self.describe(self._records[pk]) for pk in sorted(found))
            raise ValueError(gettext("“%(value)s” names several %(model)s: %(records)s; write the code "
                                     "of the one meant.") % {
                "value": text, "model": verbose, "records": return_records})
        close = difflib.get_close_matches(normalise_name(text), list(self._by_key), n=1, cutoff=0.75)
        values = {"model": verbose, "value": text, "keys": self.keys_label}
        if not close:
            raise ValueError(gettext("No %(model)s is “%(value)s” (write its %(keys)s).") % values)
        values["suggestion"] = self.describe(self._records[min(self._by_key[close[0]])])
        message = gettext("No %(model)s is “%(value)s” (write its %(keys)s). Did you mean "
                          "“%(suggestion)s”?") % values
        raise ValueError(message)


class ReferenceWidget(widgets.ForeignKeyWidget):
    """A cell naming one record by a natural key (:class:`References`): a slug, an ISO code or
    a name. An empty cell is ``None``; an unknown value a ``ValueError`` with a suggestion."""

    def __init__(self, references: References, **kwargs) -> None:
        super().__init__(references.model, field="pk", **kwargs)
        self.references = references

    def clean(self, value, row=None, **kwargs):
        if value is None or not str(value).strip():
            return None
        return self.references.get(value)

    def render(self, value, obj=None, **kwargs) -> str:
        return "" if value is None else str(getattr(value, self.references.keys[0]))


class ReferencesWidget(widgets.ManyToManyWidget):
    """Several records in one cell, by natural key (:class:`References`), separated by commas
    (、 and ， too). Every one must exist: an unknown one is a ``ValueError`` naming it, with a
    suggestion. Cleans to a list of records."""

    def __init__(self, references: References) -> None:
        super().__init__(references.model, separator=",", field=references.keys[0])
        self.references = references

    def clean(self, value, row=None, **kwargs) -> list[models.Model]:
        if value is None or not str(value).strip():
            return []
        text = str(value).replace("、", ",").replace("，", ",")
        records, problems = [], []
        for part in (part.strip() for part in text.split(",")):
            if not part:
                continue
            try:
                record = self.references.get(part)
            except ValueError as error:
                problems.append(str(error))
                continue
            if record not in records:
                records.append(record)
        if problems:
            raise ValueError(" ".join(problems))
        return records


# Characters a header may carry unseen: a byte-order mark (twice, after a copy between files)
# and zero-width spaces and joiners.
_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u2060"))


def header_key(header) -> str:
    """The form in which a header is compared with the accepted ones: Unicode NFKC (full-width
    ``ｓｌｕｇ`` is ``slug``), invisible characters removed, case folded, spaces and hyphens as
    ``_``; so ``Slug``, ``ｓｌｕｇ`` and ``start date`` are the columns ``slug`` and ``start_date``."""
    text = unicodedata.normalize("NFKC", str(header)).translate(_INVISIBLE).strip().casefold()
    return re.sub(r"[\s\-]+", "_", text)



@dataclass(frozen=True)
class ColumnSpec:
    """One column of an import as its help shows it (all texts in the admin's language):
    ``required`` is empty, "required", "one of ..." or "for a new record"."""

    header: str
    label: str
    required: str
    accepted: str
    example: str


def accepted_values(widget) -> str:
    """What a cell read by ``widget`` may hold, in words."""
    if isinstance(widget, ChoiceWidget):
        return join_list(f"{key}（{label}）" for key, label in widget.choices)
    if isinstance(widget, RocDateWidget):
        return gettext("a date: 114/09/14, 114年9月14日, 1140914, 2025-09-14, or a month: 114年7月")
    if isinstance(widget, ReferencesWidget):
        return gettext("%(keys)s of a %(model)s; several separated by , or 、") % {
            "keys": widget.references.keys_label, "model": widget.references.model._meta.verbose_name}
    if isinstance(widget, ReferenceWidget):
        return gettext("%(keys)s of a %(model)s") % {
            "keys": widget.references.keys_label, "model": widget.references.model._meta.verbose_name}
    if isinstance(widget, WholeNumberWidget):
        return gettext("a whole number")
    return gettext("text")


class StaffDiff(resources.Diff):
    """The dry run's preview of a row: a choice shows its label in the admin's language
    (市府團員), not its stored code (``city_delegate``); a reference shows the record's name; a
    date shows as staff type it in the admin's language, to the record's precision (``111/08/09``,
    ``111/11``; ``2022-08-09`` in English: :func:`core.dates.format_date_input`), as the forms
    show it. (The exported file keeps ISO dates.)"""

    # django-import-export calls Diff._read_field_values by name, so both callers are replaced.
    def __init__(self, resource, instance, new) -> None:
        self.left, self.right, self.new = self.labelled_values(resource, instance), [], new

    def compare_with(self, resource, instance) -> None:
        self.right = self.labelled_values(resource, instance)

    @staticmethod
    def labelled_values(resource, instance) -> list:
        """The row's values as the preview shows them."""
        values = []
        for field in resource.get_import_fields():
            value = field.export(instance)
            if isinstance(field.widget, ChoiceWidget):
                value = str(dict(field.widget.choices).get(value, value))
            elif isinstance(field.widget, RocDateWidget) and instance is not None:
                date = getattr(instance, field.attribute or "", None)
                if isinstance(date, datetime.date):
                    value = format_date_input(date, _precision_of(instance, field.attribute))
            values.append(value)
        return values


def _precision_of(instance, name: str) -> str:
    """How much of the date field ``name`` of ``instance`` is known: the value of the
    :class:`core.models.DatePrecisionField` that governs it, else the day."""
    from .forms import precision_pairs

    for precision_name, date_names in precision_pairs(type(instance)):
        if name in date_names:
            return getattr(instance, precision_name, None) or DatePrecision.DAY
    return DatePrecision.DAY


class BatchedRows:
    """The rows of ``dataset`` (a :class:`TableDataset` or a ``tablib.Dataset``) as
    django-import-export's import loop reads them, ``size`` at a time: ``start(batch)`` is called
    with each batch (a list of row tuples) before its first row is handed on. Only one batch is
    held. ``headers`` and ``len()`` are the dataset's; iterate ``dataset`` itself to read the
    rows without starting batches (a pass over a column in ``before_import``)."""

    def __init__(self, dataset, size: int, start) -> None:
        self.dataset, self.size, self.start = dataset, size, start

    @property
    def headers(self) -> list[str]:
        return self.dataset.headers

    def __len__(self) -> int:
        return len(self.dataset)

    def __iter__(self):
        batch: list = []
        for row in self.dataset:
            batch.append(row)
            if len(batch) == self.size:
                self.start(batch)
                yield from batch
                batch = []
        if batch:
            self.start(batch)
            yield from batch


class BatchInstanceLoader(ModelInstanceLoader):
    """django-import-export's ``CachedInstanceLoader`` a batch at a time: the stored records
    named by the id column (the resource's first ``import_id_fields``) of a batch of rows, read
    in one query when the batch starts (:meth:`load`, called by
    :meth:`StaffImportResource.load_batch`), so that only one batch's records are held."""

    def __init__(self, resource, dataset=None) -> None:
        super().__init__(resource, dataset)
        self.pk_field = resource.fields[resource.get_import_id_fields()[0]]
        self.instances: dict = {}
        resource._batch_loader = self

    def load(self, rows: list[dict]) -> None:
        """Read the records the ``rows`` (column -> cell) name; forget the batch before."""
        column = self.pk_field.column_name
        ids = {self.pk_field.clean(row) for row in rows if column in row}
        ids.discard(None)
        ids.discard("")
        found = self.get_queryset().filter(**{f"{self.pk_field.attribute}__in": ids}) if ids else ()
        self.instances = {self.pk_field.get_value(instance): instance for instance in found}

    def get_instance(self, row):
        return self.instances.get(self.pk_field.clean(row)) if self.instances else None


class StaffImportResource(resources.ModelResource):
    """Base of every import: the header checked first (:meth:`check_headers`), dates in ROC
    forms, tidied text, choices by value or label, many-to-many cells checked before anything is
    saved, errors numbered and named as in the spreadsheet (:class:`StaffImportResult`), and safe
    cells on export.

    Subclasses say which columns a file must have: :attr:`required_columns` (groups of
    alternatives, one of each group needed) always, :attr:`columns_to_add` when
    :meth:`rows_adding` finds a row that would add a record.
    """

    required_columns: tuple[tuple[str, ...], ...] = ()
    columns_to_add: tuple[str, ...] = ()

    def __init__(self, user=None, **kwargs) -> None:
        """``user``: the ``User`` importing or exporting, whose permissions decide which
        personal-data columns (:mod:`core.personal`) this resource reads, shows and writes;
        ``None`` (an operator at the command line) for all of them."""
        super().__init__(**kwargs)
        attributes = {field.attribute: name for name, field in self.fields.items() if field.attribute}
        hidden = hidden_paths(user, self._meta.model, attributes)
        #: Column names of the personal data ``user`` may not see.
        self.hidden_columns = [self.fields[attributes[path]].column_name for path in sorted(hidden)]
    class Meta:
        # Rows are checked one by one; new records are written in batches (write_new()), and a
        # dry run writes nothing. See benchmarks/README.md, "Imports".
        use_bulk = True
        batch_size = 1000
        # The records a batch of rows names by its id (slug), read in one query a batch.
        instance_loader_class = BatchInstanceLoader

    def get_result_class(self):
        """A maker of :class:`StaffImportResult`, or of :class:`StaffImportTotals` for an import
        run with ``keep_row_results=False`` (:func:`import_file`); the result it makes is kept
        (``_result``) for the writes of each batch (:meth:`start_batch`)."""
        kind = StaffImportResult if getattr(self, "_keep_row_results", True) else StaffImportTotals

        def make() -> StaffImportResult:
            self._result = kind()
            return self._result
        return make

    def get_import_fields(self):
        """The fields read and shown in the preview (django-import-export's ``Diff``), without
        the personal data the user may not see."""
        return [field for field in super().get_import_fields()
                if field.column_name not in self.hidden_columns]

    def get_export_fields(self, selected_fields=None):
        return [field for field in super().get_export_fields(selected_fields)
                if field.column_name not in self.hidden_columns]
    @classmethod
    def get_diff_class(cls):
        return StaffDiff

    def accepted_columns(self) -> list[str]:
        """The headers this import reads, in the order of the resource's fields."""
        names = [name for name in self._meta.fields or () if name in self.fields]
        names += [name for name in self.fields if name not in names]
        return [self.fields[name].column_name for name in names]

    # A row that shows what to write, in the downloadable template (column -> value). A row of a
    # file equal to it is refused: the clerk forgot to delete it.
    example_row: dict[str, str] = {}

    def column_spec(self) -> list[ColumnSpec]:
        """What each column of this import takes, for the import page and the template files
        (:mod:`core.import_templates`): header, label, whether it is required, accepted values
        and the example, in the admin's language; without the personal-data columns the user may
        not import (:attr:`hidden_columns`)."""
        required = {column: gettext("required") for group in self.required_columns if len(group) == 1
                    for column in group}
        for group in self.required_columns:
            if len(group) > 1:
                required.update(dict.fromkeys(group, gettext("one of %(columns)s") % {
                    "columns": join_list(group)}))
        for column in self.columns_to_add:
            required.setdefault(column, gettext("for a new record"))
        spec = []
        for name in (column for column in self.accepted_columns() if column not in self.hidden_columns):
            field = next(f for f in self.fields.values() if f.column_name == name)
            spec.append(ColumnSpec(name, self._label(field), required.get(name, ""),
                                   accepted_values(field.widget), self.example_row.get(name, "")))
        return spec

    def _label(self, field) -> str:
        """The verbose name of the model field a column fills, in the admin's language; for a
        column that names a related record by its key (``person__country__slug``), the relation's
        name (「國家或地區」), not the key's (「網址代稱」)."""
        model, relation = self._meta.model, None
        *path, last = field.attribute.split("__")
        for step in path:
            relation = model._meta.get_field(step)
            model = relation.related_model
        try:
            target = model._meta.get_field(last)
        except FieldDoesNotExist:  # a column of the resource only
            return field.column_name
        for suffix, language in (("_zh_hant", gettext("Chinese")), ("_en", gettext("English"))):
            if last.endswith(suffix):
                # The untranslated field's name: modeltranslation's own adds "[zh-hant]".
                base = model._meta.get_field(last.removesuffix(suffix))
                return f"{base.verbose_name}（{language}）"
        return str((relation if relation is not None and target.unique else target).verbose_name)

    def example_row_error(self, row) -> dict[str, list[str]]:
        """The error of a row equal to the template's example row."""
        if self.example_row and all(tidy_text(str(row.get(column) or "")) == value
                                    for column, value in self.example_row.items() if column in row):
            return {NON_FIELD_ERRORS: [gettext(
                "This is the template's example row: delete it or write your own data over it.")]}
        return {}

    def rows_adding(self, dataset):
        """Spreadsheet row numbers of the rows that would add a record rather than change one,
        in order (an iterable, read only as far as its caller needs); none by default
        (subclasses with :attr:`columns_to_add` override this)."""
        return iter(())

    def check_headers(self, dataset) -> list[str]:
        """The errors of the file's header (``dataset.headers``), as messages naming columns by
        header and letter; empty when the header is fine. Checked before any row is read:

        - a required column (:attr:`required_columns`; :attr:`columns_to_add` when a row adds a
          record) that is missing: its rows would otherwise fail one by one with “cannot be
          null”, which does not say what to fix;
        - a header this import does not know. This is an error, not a warning: a misspelt header
          (“titel”) means the column's data would be dropped without anyone noticing, and a
          warning in a preview is easy to click through; the clerk renames or deletes the
          column and imports again;
        - the same header twice (only one of the columns would be read);
        - a column with values but no header (its data would be dropped too);
        - a personal-data column the user may not see (:attr:`hidden_columns`).
        """
        headers = list(dataset.headers or [])
        accepted = self.accepted_columns()
        expected = join_list(accepted)
        problems = []
        personal = [column_label(header, headers) for header in headers if header in self.hidden_columns]
        if personal:
            problems.append(gettext("The file has personal-data columns (%(columns)s), which only staff "
                                    "with the personal data permission may import: delete them, or ask "
                                    "an organiser of the visit to import the file.") % {
                "columns": join_list(personal)})
        for group in self.required_columns:
            if not any(column in headers for column in group):
                if len(group) == 1:
                    problems.append(gettext("The file has no “%(column)s” column; expected "
                                            "columns: %(expected)s.") % {
                        "column": group[0], "expected": expected})
                else:
                    problems.append(gettext("The file has none of the columns %(columns)s (one "
                                            "is needed); expected columns: %(expected)s.") % {
                        "columns": join_list(f"“{column}”" for column in group), "expected": expected})
        missing_to_add = [column for column in self.columns_to_add if column not in headers]
        if missing_to_add and not problems:  # rows_adding() reads the required columns
            adding = next(iter(self.rows_adding(dataset)), None)
            if adding is not None:
                for column in missing_to_add:
                    problems.append(gettext(
                        "The file has no “%(column)s” column, which a new record needs (row "
                        "%(row)s adds one); expected columns: %(expected)s.") % {
                        "column": column, "row": adding, "expected": expected})
        unknown = [self._unknown_header(header, headers, accepted) for header in headers
                   if header and header not in accepted]
        if unknown:
            problems.append(gettext("The file has columns this import does not know, whose "
                                    "values would be lost: %(columns)s. Rename or delete them; "
                                    "expected columns: %(expected)s.") % {
                "columns": join_list(unknown), "expected": expected})
        for header in dict.fromkeys(header for header in headers if header):
            letters = [column_letter(index) for index, name in enumerate(headers) if name == header]
            if len(letters) > 1:
                problems.append(gettext("Columns %(letters)s are all named “%(header)s”: keep "
                                        "one.") % {"letters": join_list(letters), "header": header})
        filled = getattr(getattr(dataset, "table", None), "filled_columns", None)
        for index, header in enumerate(headers):
            if not header and (index in filled if filled is not None
                               else any(_filled(value) for value in dataset.get_col(index))):
                problems.append(gettext("Column %(letter)s has values but no header: give it "
                                        "one of the expected headers or delete it; expected "
                                        "columns: %(expected)s.") % {
                    "letter": column_letter(index), "expected": expected})
        return problems

    @staticmethod
    def _unknown_header(header: str, headers: list[str], accepted: list[str]) -> str:
        """An unknown header as an error names it, with the accepted header it most resembles
        (``column F “Place_zh_hnat” (did you mean “place_zh_hant”?)``)."""
        close = difflib.get_close_matches(header_key(header), accepted, n=1, cutoff=0.6)
        label = column_label(header, headers)
        if not close:
            return label
        return gettext("%(column)s (did you mean “%(suggestion)s”?)") % {
            "column": label, "suggestion": close[0]}

    def import_data_inner(self, dataset, dry_run, raise_errors, using_transactions,
                          collect_failed_rows, **kwargs) -> StaffImportResult:
        """Check the header (:meth:`check_headers`) and, only if it is fine, import the rows, a
        batch of ``Meta.batch_size`` at a time (:class:`BatchedRows`, :meth:`start_batch`), all
        in the import's one transaction. Header errors are the result's ``base_errors``
        (:class:`FileError`), so nothing is written."""
        self._keep_row_results = kwargs.pop("keep_row_results", True)  # read by get_result_class()
        self._rows_by_key = FileKeys()  # read by repeated_key_error()
        canonical = {header_key(column): column for column in self.accepted_columns()}
        dataset.headers = [canonical.get(header_key(header), tidy_text(header)) if header is not None else ""
                           for header in dataset.headers or []]
        problems = self.check_headers(dataset)
        if problems:
            result = self.get_result_class()()
            result.diff_headers = self.get_diff_headers()
            result.total_rows = len(dataset)
            for problem in problems:
                result.append_base_error(FileError(problem))
        else:
            if not dry_run:
                # Nobody sees the confirmed run's preview: no before/after copy of every row.
                self._meta = copy.copy(self._meta)
                self._meta.skip_diff = True
            self._writing = (using_transactions, dry_run, raise_errors)  # read by start_batch()
            rows = BatchedRows(dataset, self._meta.batch_size, self.start_batch)
            result = super().import_data_inner(rows, dry_run, raise_errors, using_transactions,
                                               collect_failed_rows, **kwargs)
        result.headers = list(dataset.headers)
        for name, field in self.fields.items():
            result.columns.setdefault(name, field.column_name)
            result.columns.setdefault(field.attribute, field.column_name)
            result.columns.setdefault(field.column_name, field.column_name)
        return result

    def reference_widgets(self) -> list[tuple[str, ReferenceWidget | ReferencesWidget]]:
        """``(column, widget)`` of every column naming records by natural key."""
        return [(field.column_name, field.widget) for field in self.fields.values()
                if isinstance(field.widget, ReferenceWidget | ReferencesWidget)]

    def before_import(self, dataset, **kwargs) -> None:
        """Read the records the file's reference columns may name: for a model read by the
        values of the file (:attr:`References.prefetch`), one query for all of them."""
        super().before_import(dataset, **kwargs)
        self._links: dict[int, dict] = {}
        self._written = False
        self.held_revisions: list = []  # by apply_batch()
        user = kwargs.get("user")
        self._import_user = user if getattr(user, "pk", None) else None
        self._import_reason = gettext("import %(file)s") % {
            "file": kwargs.get("file_name") or "-"}
        headers = list(dataset.headers or [])
        self._headers = headers
        self._not_in_file = self.fields_not_in_file(headers)
        for _column, widget in self.reference_widgets():
            # A model read by the file's values: by each batch's (start_batch()).
            widget.references.reset(set() if widget.references.prefetch else None)

    def start_batch(self, rows: list[tuple]) -> None:
        """Called before the first of each batch of ``rows`` (cells in the order of the file's
        headers) is imported: first write what the rows before left pending (their records, in
        the import's transaction; nothing in a dry run), then read what these rows name
        (:meth:`load_batch`). So a batch's records are written before the next batch is read,
        and a later batch finds them in the database."""
        using_transactions, dry_run, raise_errors = self._writing
        if self.create_instances or self.update_instances:
            with atomic_if_using_transaction(using_transactions, using=self.get_db_connection_name()):
                self.bulk_create(using_transactions, dry_run, raise_errors, result=self._result)
                self.bulk_update(using_transactions, dry_run, raise_errors, result=self._result)
        self.load_batch([dict(zip(self._headers, row, strict=False)) for row in rows])

    def load_batch(self, rows: list[dict]) -> None:
        """Read, in one query each, the records ``rows`` (column -> cell) name: those of a
        reference column whose model is read by the file's values (:attr:`References.prefetch`)
        and the stored records their ids name (:class:`BatchInstanceLoader`). Subclasses read
        more (visitor lists: the people)."""
        for column, widget in self.reference_widgets():
            if widget.references.prefetch:
                widget.references.reset({tidy_text(str(row[column])) for row in rows
                                         if _filled(row.get(column))})
        loader = getattr(self, "_batch_loader", None)
        if loader is not None:
            loader.load(rows)

    def init_instance(self, row=None) -> models.Model:
        """A new record of the resource's model for a row that adds one, with the defaults of its
        translated fields made once per import (``modeltranslation`` makes each under a switch of
        the active language, a tenth of an import's time) instead of once a row."""
        if getattr(self, "_translated_defaults", None) is None:
            fields = self._meta.model._meta.concrete_fields
            self._translated_defaults = {
                field.name: field.get_default() for field in fields if isinstance(field, TranslationField)
                and not (field.has_default() and callable(field.default))}
        return self._meta.model(**self._translated_defaults)

    def fields_not_in_file(self, headers: list[str]) -> list[str]:
        """Names of the model's fields that no column of the file (``headers``) sets: a row
        leaves them at their defaults (a new record) or stored values (a changed one), so
        :meth:`validate_instance` does not check them again on every row. A field a new record
        must fill is a required column (:attr:`required_columns`, :attr:`columns_to_add`)."""
        set_by_file = {field.attribute.split("__")[0] for field in self.fields.values()
                       if field.attribute and field.column_name in headers}
        return [field.name for field in self._meta.model._meta.concrete_fields
                if field.name not in set_by_file and field.attname not in set_by_file]

    def import_row(self, row, instance_loader, **kwargs) -> RowResult:
        """Skip a row whose cells are all empty (a blank line, a formatted but empty row at the
        end of a sheet) instead of reporting its required cells as missing."""
        if not any(_filled(value) for value in row.values()):
            row_result = self.get_row_result_class()()
            row_result.import_type = RowResult.IMPORT_TYPE_SKIP
            return row_result
        return super().import_row(row, instance_loader, **kwargs)

    @classmethod
    def widget_from_django_field(cls, f, default=widgets.Widget):
        if isinstance(f, models.DateField) and not isinstance(f, models.DateTimeField):
            return RocDateWidget
        if isinstance(f, models.CharField) and f.choices:
            return lambda **kwargs: ChoiceWidget(f.choices)
        if isinstance(f, models.CharField):
            return TidyTextWidget
        if isinstance(f, models.IntegerField):
            return WholeNumberWidget
        return super().widget_from_django_field(f, default)

    def repeated_key_error(self, row, row_number: int | None) -> dict[str, list[str]]:
        """The error of a row whose ``import_id_fields`` values (e.g. its ``slug``) an earlier
        row of the same file already has, keyed by the first id field: without it the later
        row would silently update the record the earlier row adds or changes. ``row_number`` is
        django-import-export's data-row number (the spreadsheet's row - 1); rows with an empty
        key, or resources without id fields, are never repeats. Records the row's key."""
        names = list(self._meta.import_id_fields or ())
        if not names or row_number is None or not hasattr(self, "_rows_by_key"):
            return {}
        columns = [self.fields[name].column_name for name in names if name in self.fields]
        key = tuple(tidy_text(str(row.get(column) or "")) for column in columns)
        if not all(key):
            return {}
        # One text a key (its values joined by a character tidy_text() never leaves), kept
        # compactly across the file's batches (core.filekeys).
        earlier = self._rows_by_key.setdefault("\x1f".join(key), row_number + 1)
        if earlier == row_number + 1:
            return {}
        return {names[0]: [gettext("“%(value)s” is already on row %(row)s of this file.") % {
            "value": ", ".join(key), "row": earlier}]}

    def import_instance(self, instance, row, **kwargs) -> None:
        """Set the row's values on ``instance``; collect every cell's error, including those
        of many-to-many cells (which django-import-export only reads after saving) and a key
        already on an earlier row (:meth:`repeated_key_error`), as one ``ValidationError``
        keyed by column."""
        errors: dict = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for key, messages in (*self.repeated_key_error(row, kwargs.get("row_number")).items(),
                              *self.example_row_error(row).items()):
            errors.setdefault(key, []).extend(messages)
        self._many_to_many = {}
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row:
                try:
                    self._many_to_many[field.attribute] = field.clean(row, **kwargs)
                except ValueError as error:
                    errors[field.attribute] = [str(error)]
        if errors:
            raise ValidationError(errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True) -> None:
        """Check the row's record as ``full_clean()`` does, with its fields' validators and
        the model's ``clean()``, but without the database queries of its unique and constraint
        checks and of its references (two to four queries a row, half the time of a dry run): an
        import's unique values are its id fields (a value already stored updates that record, one repeated in
        the file is :meth:`repeated_key_error`), and the models' check constraints are mirrored
        by ``clean()`` and the field validators (tests/core/test_admin_constraints.py shows each).
        Fields no column of the file sets are not checked again (:meth:`fields_not_in_file`).
        Whatever still reaches the database is an error of the file, and nothing is written."""
        errors = dict(import_validation_errors or {})
        # A reference found by References was read from the database: no query to check it.
        read = [field.attribute for field in self.fields.values()
                if isinstance(field.widget, ReferenceWidget)]
        try:
            instance.full_clean(exclude=[*errors, *read, *self._not_in_file], validate_unique=False,
                                validate_constraints=False)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def save_m2m(self, instance, row, **kwargs) -> None:
        """Keep the many-to-many values :meth:`import_instance` cleaned (each cell is read once)
        for :meth:`write_new` or, for a changed record, :meth:`bulk_update`."""
        self._links[id(instance)] = getattr(self, "_many_to_many", {})

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None) -> None:
        """Write the batch of new records (:meth:`apply_batch`); nothing in a dry run, whose rows
        were checked one by one already. An error of the database is an error of the file."""
        self._apply(self.create_instances, [], dry_run, raise_errors, result)

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None) -> None:
        """Write the batch of changed records (:meth:`apply_batch`); nothing in a dry run."""
        self._apply([], self.update_instances, dry_run, raise_errors, result)

    def _apply(self, new: list, changed: list, dry_run: bool, raise_errors: bool, result) -> None:
        try:
            if (new or changed) and not dry_run:
                self.apply_batch(new, changed)
        except Exception as error:
            self.handle_import_error(result, error, raise_errors)
        finally:
            for instance in (*new, *changed):
                self._links.pop(id(instance), None)
            new.clear()
            changed.clear()

    def apply_batch(self, new: list[models.Model], changed: list[models.Model]) -> None:
        """The one point where a confirmed import writes: a batch (up to ``Meta.batch_size``) of
        checked records of the resource's model, ``new`` ones to insert (:meth:`write_new`) and
        ``changed`` ones, already stored, to update (:meth:`write_changed`). Their many-to-many
        values are in ``self._links[id(record)]`` (attribute -> records). Runs inside the
        import's transaction: an exception rolls back the whole file. Never called in a dry
        run. Records that a user who may not publish them changes or adds to while they are
        published (or rows of such a record: new participants of a published engagement) are
        written as pending revisions instead, one per record and import (:meth:`hold_for_review`),
        and stay live as they were."""
        new, held = self._held(new, {}, 0)
        changed, held = self._held(changed, held, 1)
        if new:
            self.write_new(new)
        if changed:
            self.write_changed(changed)
        for record, (rows_new, rows_changed) in held.items():
            self.hold_for_review(record, rows_new, rows_changed)

    def _held(self, rows: list[models.Model], held: dict, side: int) -> tuple[list, dict]:
        """Split ``rows`` into those written at once and those ``held`` (record -> [new rows,
        changed rows]; ``side`` 0 or 1), one query per record they belong to."""
        now, verdicts = [], getattr(self, "_review_verdicts", None)
        if verdicts is None:
            verdicts = self._review_verdicts = {}
        for row in rows:
            key = review.parent_reference(row) or ((type(row), row.pk) if row.pk is not None else None)
            if key is None:
                now.append(row)
                continue
            if key not in verdicts:
                verdicts[key] = (review.record_under_review(row)
                                 if review.needs_review(self._import_user, row) else None)
            if verdicts[key] is None:
                now.append(row)
            else:
                held.setdefault(verdicts[key], ([], []))[side].append(row)
        return now, held

    def hold_for_review(self, record: models.Model, new: list[models.Model],
                        changed: list[models.Model]) -> None:
        """Write ``new`` and ``changed`` rows (of the resource's model) that touch ``record``, a
        published record, as a pending revision of it (:func:`core.review.hold`), extending the
        one an earlier batch of the same import made; ``held_revisions`` lists them. Rows the
        rolled-back write gave keys (and new people they name) are made new again."""
        def perform() -> None:
            if new:
                self.write_new(new)
            if changed:
                self.write_changed(changed)

        earlier = next((revision for revision in self.held_revisions
                        if (revision.content_type.model_class(), revision.object_id)
                        == (type(record), record.pk)), None)
        _result, revision = review.hold(record, perform, author=self._import_user,
                                        source=RevisionSource.IMPORT, extend=earlier)
        if revision is not None and revision is not earlier:
            self.held_revisions.append(revision)
        for row in new:
            for related in [row, *(f.get_cached_value(row) for f in row._meta.concrete_fields
                                   if f.many_to_one and f.is_cached(row))]:
                if related is not None and related.pk is not None and not type(
                        related)._base_manager.filter(pk=related.pk).exists():
                    related.pk, related._state.adding = None, True

    def write_changed(self, instances: list[models.Model]) -> None:
        """Update ``instances`` (stored records of the resource's model, checked, changed in
        memory by their rows) a few queries per batch: the many-to-many links each row gives
        (links no longer named removed, new ones added), then the records' fields and versions
        (:meth:`update_records`)."""
        self.update_records(self._meta.model, instances, relinked=self._write_changed_links(instances))

    def update_records(self, model: type[models.Model], instances: list[models.Model], *,
                       relinked: set = frozenset()) -> list[models.Model]:
        """Write the fields of ``instances`` (stored records of ``model``) whose stored values
        they change, and one "changed" version (``~``) of each record that changed or whose
        primary key is in ``relinked`` (its links changed), with the importing user, the file
        as the reason and its links as they now are. A record left as it was gets no version,
        as a save that changes nothing gets none (:class:`core.history.ChangeHistoricalRecords`).
        Search keys are refreshed. No signal is sent: the public pages are emptied once the
        import ends (:meth:`after_import`). Returns the records that got a version."""
        for instance in instances:
            if isinstance(instance, SearchKeyModel):
                instance.refresh_search_key()
        fields = [field for field in model._meta.concrete_fields
                  if not field.primary_key and field.name != VERSION_FIELD]
        compared = [field for field in fields if not getattr(field, "auto_now", False)
                    and field.name not in ChangeHistoricalRecords.ignored_fields]
        # Locked until the import commits (PostgreSQL; SQLite writes one at a time): no save
        # slips in between this read and the update.
        rows = model._base_manager.select_for_update().filter(pk__in=[i.pk for i in instances])
        if is_versioned(model):
            stale = refused_stale(instances, dict(rows.values_list("pk", VERSION_FIELD)))
            if stale is not None:
                raise stale
        stored = {row[0]: row[1:] for row in rows.values_list("pk", *(field.attname for field in compared))}
        changed = [instance for instance in instances if any(
            field.to_python(getattr(instance, field.attname)) != field.to_python(value)
            for field, value in zip(compared, stored[instance.pk], strict=True))]
        bulk.update(model, changed, [field.name for field in fields])
        versioned_pks = set(relinked) | {instance.pk for instance in changed}
        if is_versioned(model) and versioned_pks:  # forms opened before the import are stale
            model._base_manager.filter(pk__in=versioned_pks).update(**{VERSION_FIELD: F(VERSION_FIELD) + 1})
        versioned = [instance for instance in instances if instance.pk in versioned_pks]
        if versioned:
            self._written = True
            versions = insert_history(model, versioned, user=self._import_user,
                                      reason=self._import_reason, history_type="~")
            self._copy_links_to_history(model, versions)
        return versioned

    def _write_changed_links(self, instances: list[models.Model]) -> set:
        """Give each of ``instances`` the many-to-many links its row names (for the columns the
        file has); return the primary keys of the records whose links changed."""
        relinked = set()
        for field in self._meta.model._meta.many_to_many:
            wanted = {instance.pk: [record.pk for record in self._links[id(instance)][field.name]]
                      for instance in instances if field.name in self._links.get(id(instance), {})}
            if not wanted:
                continue
            through = field.remote_field.through
            source, target = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
            current: dict = {}
            stored = through._base_manager.filter(**{f"{source}__in": list(wanted)})
            for link, one, other in stored.values_list("pk", source, target):
                current.setdefault(one, {})[other] = link
            removed = [link for one, targets in wanted.items()
                       for other, link in current.get(one, {}).items() if other not in targets]
            added = [(one, other) for one, targets in wanted.items() for other in targets
                     if other not in current.get(one, {})]
            relinked |= {one for one, targets in wanted.items() if set(targets) != set(current.get(one, {}))}
            if through._meta.auto_created:
                bulk.delete(through, removed)
                insert_values(through, [source, target], added)
                continue
            # A model of the app with a history of its own: each link removed or added is recorded.
            gone = list(through._base_manager.filter(pk__in=removed))
            if gone:
                insert_history(through, gone, user=self._import_user, reason=self._import_reason,
                               history_type="-")
                bulk.delete(through, removed)
            links = [through(**{source: one, target: other}) for one, other in added]
            insert(through, links)
            self._history(through, links)
        return relinked

    @staticmethod
    def _copy_links_to_history(model: type[models.Model], versions: list[models.Model]) -> None:
        """Record with each of ``versions`` the links its record has now, for every many-to-many
        field django-simple-history follows (``m2m_fields``), as the library does on a save."""
        by_record = {getattr(version, model._meta.pk.attname): version for version in versions}
        for field in model._meta.many_to_many:
            if field not in HistoricalRecords.m2m_models:
                continue
            through = field.remote_field.through
            source, target = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
            links = through._base_manager.filter(**{f"{source}__in": list(by_record)}).values_list(
                "pk", source, target)
            insert_values(HistoricalRecords.m2m_models[field], ["history_id", "id", source, target],
                          [(by_record[one].history_id, link, one, other) for link, one, other in links])

    def write_new(self, instances: list[models.Model]) -> None:
        """Insert ``instances`` (new records of the resource's model, checked) with their
        many-to-many links and one history version each (with the importing user and the
        file's name as the reason), a few queries per batch rather than dozens per record
        (:func:`core.bulk.insert`): that bypasses ``save()`` and its signals, so slugs and
        search keys are made here and the public pages emptied once the import ends
        (:meth:`after_import`)."""
        model = self._meta.model
        taken: set[str] = set()
        for instance in instances:
            if isinstance(instance, SluggedModel):
                instance.fill_slug(taken)  # a row leaving the slug empty gets one made
            if isinstance(instance, SearchKeyModel):
                instance.refresh_search_key()
        insert(model, instances)
        self._written = True
        history = self._history(model, instances)
        version_of = {getattr(version, model._meta.pk.attname): version for version in history}
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
            pairs = [(instance.pk, record.pk) for instance in instances
                     for record in self._links.get(id(instance), {}).get(field.name, ())]
            if not pairs:
                continue
            if not through._meta.auto_created:  # a model of the app, with a history of its own
                links = [through(**{f"{source}_id": one, f"{target}_id": other}) for one, other in pairs]
                insert(through, links)
                self._history(through, links)
                continue
            ids = insert_values(through, [f"{source}_id", f"{target}_id"], pairs)
            if field in HistoricalRecords.m2m_models and version_of:
                # The version's copy of its links, as django-simple-history records it.
                link_history = HistoricalRecords.m2m_models[field]
                insert_values(link_history, ["history_id", "id", f"{source}_id", f"{target}_id"],
                              [(version_of[one].history_id, link, one, other)
                               for link, (one, other) in zip(ids, pairs, strict=True)])

    def _history(self, model: type[models.Model], instances: list[models.Model]) -> list:
        """One "created" version of each of ``instances`` (saved records of ``model``); ``[]``
        for a model without history."""
        if not hasattr(model, "history"):
            return []
        return insert_history(model, instances, user=self._import_user, reason=self._import_reason)

    def after_import(self, dataset, result, **kwargs) -> None:
        """Empty the cached public pages once, when records were written in batches (which
        sends no signal)."""
        super().after_import(dataset, result, **kwargs)
        result.held_revisions = list(getattr(self, "held_revisions", []))
        if getattr(self, "_written", False) and not kwargs.get("dry_run"):
            invalidate_public_pages()

    def export_field(self, field, instance, **kwargs):
        return safe_cell(super().export_field(field, instance, **kwargs))


def not_utf8_message() -> str:
    """What to do with a CSV file that is not UTF-8 (Excel's plain "CSV" is Big5 on a
    Traditional Chinese Windows), in the clerk's language."""
    return gettext("The CSV file is not in UTF-8: save it again as \"CSV UTF-8\" (Excel) or "
                   "with UTF-8 encoding.")


def read_error_message(error: Exception) -> str:
    """What to tell staff about ``error``, raised while reading an import file: the
    :class:`core.spreadsheets.TableError`'s own message, the not-UTF-8 advice, or (anything
    else a reader raises on a damaged file) the not-a-workbook advice."""
    if isinstance(error, TableError):
        return str(error)
    if isinstance(error, UnicodeDecodeError):
        return not_utf8_message()
    return not_xlsx_message()


class StaffImportForm(ImportForm):
    """django-import-export's import form, refusing a file over ``settings.IMPORT_MAX_BYTES``
    from its size, before it is read."""

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(too_large_message(upload.size), code="too_large")
        return upload


class StaffImportAdminMixin(ImportMixin):
    """Import in the admin from CSV or XLSX, with the dry-run preview; the confirmed import is
    rolled back as a whole if any row turns out invalid."""

    import_formats = [StaffCSV, StaffXLSX]
    import_form_class = StaffImportForm
    tmp_storage_class = StaffTempStorage
    export_formats = [CSV, XLSX]
    # The library's page, saying that rows are numbered as in the spreadsheet.
    import_template_name = "admin/import_export/staff_import.html"
    # Permissions on other models the import writes ("visits.add_person"...).
    import_also_requires: tuple[str, ...] = ()

    def get_urls(self):
        opts = self.model._meta
        return [
            path("import/template.<str:file_format>", self.admin_site.admin_view(self.import_template_view),
                 name=f"{opts.app_label}_{opts.model_name}_import_template"),
            *super().get_urls(),
        ]

    def import_resource(self, request) -> StaffImportResource:
        """The import's resource (these admins have one), for the user of ``request``: only the
        personal-data columns they may see (:mod:`core.personal`)."""
        return self.resource_classes[0](**self.get_import_resource_kwargs(request))

    def import_template_view(self, request, file_format: str):
        """The import's template, ``csv`` or ``xlsx``: the header, the example row, and (XLSX)
        the accepted values of each column (:mod:`core.import_templates`). Needs the import
        permission; another format is a 404."""
        from django.http import Http404, HttpResponse

        from .import_templates import TEMPLATE_FORMATS, template_file

        if not self.has_import_permission(request):
            raise PermissionDenied
        if file_format not in TEMPLATE_FORMATS:
            raise Http404("no such template format")
        resource = self.import_resource(request)
        response = HttpResponse(template_file(resource, file_format),
                                content_type=TEMPLATE_FORMATS[file_format])
        name = f"{self.model._meta.model_name}-import-template.{file_format}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    def write_to_tmp_storage(self, import_file, input_format) -> StaffTempStorage:
        """Keep the upload until its confirm (:class:`core.import_storage.StaffTempStorage`),
        first deleting the files of previews older than ``settings.IMPORT_TMP_MAX_AGE_HOURS``."""
        purge_import_files()
        return super().write_to_tmp_storage(import_file, input_format)

    def import_action(self, request, **kwargs):
        """The library's import page, with every column explained (:meth:`StaffImportResource.
        column_spec`, the user's columns) and the template links. An upload whose preview offers
        no confirm (errors, an unreadable file) is deleted at once: nothing will read it again."""
        response = super().import_action(request, **kwargs)
        context = getattr(response, "context_data", None)
        if context is not None:
            opts = self.model._meta
            context.update(
                import_columns=self.import_resource(request).column_spec(),
                import_template_url=f"admin:{opts.app_label}_{opts.model_name}_import_template",
                import_tmp_max_age_hours=settings.IMPORT_TMP_MAX_AGE_HOURS)
            form = context.get("form")
            upload = (getattr(form, "cleaned_data", None) or {}).get("import_file")
            name = getattr(upload, "tmp_storage_name", None)
            if name and not context.get("confirm_form"):
                StaffTempStorage(name=name).remove()
        return response

    def process_import(self, request, **kwargs):
        """Confirm (django-import-export's) or, with the "cancel" button, drop the previewed
        upload; its temporary file is deleted either way, also when the import fails. A file
        name not made by :class:`core.import_storage.StaffTempStorage`, or a file already gone
        (confirmed twice, or older than ``IMPORT_TMP_MAX_AGE_HOURS``), sends staff back to the
        import page with what to do, instead of a 500."""
        from django.shortcuts import redirect

        if request.method != "POST" or not self.has_import_permission(request):
            return super().process_import(request, **kwargs)  # 405, 403
        opts = self.model._meta
        back = redirect(f"admin:{opts.app_label}_{opts.model_name}_import")
        try:
            storage = StaffTempStorage(name=request.POST.get("import_file_name", ""))
        except ValueError:
            admin_messages.error(request, gettext("The previewed file is not known: upload it again."))
            return back
        if "cancel" in request.POST:
            storage.remove()
            admin_messages.info(request, gettext("Import cancelled: nothing was imported and the "
                                                 "uploaded file was deleted."))
            return back
        if not storage.path().exists():
            admin_messages.error(request, gettext(
                "The previewed file is gone (already imported, or not confirmed within %(hours)s "
                "hours): upload it again.") % {"hours": settings.IMPORT_TMP_MAX_AGE_HOURS})
            return back
        try:
            return super().process_import(request, **kwargs)
        finally:
            storage.remove()

    def has_import_permission(self, request) -> bool:
        """An import adds and changes records: only for users who may do both (not a viewer),
        and who hold :attr:`import_also_requires`."""
        return (self.has_add_permission(request) and self.has_change_permission(request)
                and request.user.has_perms(self.import_also_requires))

    def has_export_permission(self, request) -> bool:
        """Export shows what the user may already view."""
        return self.has_view_permission(request)

    def add_data_read_fail_error_to_form(self, form, e) -> None:
        """Say what to do when the uploaded file cannot be read, as :func:`import_file` does on
        the command line (:func:`read_error_message`), instead of django-import-export's
        "'KeyError' encountered while trying to read file"."""
        form.add_error("import_file", read_error_message(e))

    def add_success_message(self, result, request) -> None:
        """Say what the import did, in the admin's language (django-import-export's message
        has no Traditional Chinese)."""
        totals = result.totals
        admin_messages.success(request, gettext(
            "Import finished: %(new)d new, %(update)d updated and %(skip)d skipped %(name)s."
        ) % {"new": totals[RowResult.IMPORT_TYPE_NEW], "update": totals[RowResult.IMPORT_TYPE_UPDATE],
             "skip": totals[RowResult.IMPORT_TYPE_SKIP], "name": self.model._meta.verbose_name_plural})
        held = getattr(result, "held_revisions", [])
        if held:
            admin_messages.warning(request, ngettext(
                "%(count)d published record is changed by the file: the change waits for review by "
                "a publisher (under Revisions for review); the public still sees it as it was.",
                "%(count)d published records are changed by the file: the changes wait for review "
                "by a publisher (under Revisions for review); the public still sees them as they were.",
                len(held)) % {"count": len(held)})

    def get_import_data_kwargs(self, **kwargs) -> dict:
        data_kwargs = super().get_import_data_kwargs(**kwargs)
        data_kwargs["rollback_on_validation_errors"] = True
        return data_kwargs

    def get_import_resource_kwargs(self, request, **kwargs) -> dict:
        """The importing user goes to the resource: it decides which personal data the
        import reads and shows (:class:`StaffImportResource`)."""
        return {**super().get_import_resource_kwargs(request, **kwargs), "user": request.user}


class StaffExportForm(SelectableFieldsExportForm):
    """django-import-export's export form with its "Select all" box working under the site's
    Content-Security-Policy: ``core/js/admin-export.js`` binds it (the library's template uses an
    inline ``onchange`` handler, which ``script-src 'self'`` refuses)."""

    @property
    def media(self) -> forms.Media:
        return super().media + forms.Media(js=["core/js/admin-export.js"])


class StaffImportExportAdminMixin(StaffImportAdminMixin, ExportMixin):
    """:class:`StaffImportAdminMixin` plus export in the same columns (every cell through
    :func:`core.spreadsheets.safe_cell`), so a clerk can start from the current data.
    A CSV export is UTF-8 with a byte-order mark (``to_encoding``, django-import-export's
    ``ExportMixin`` option), as the open-data CSV is: without it Excel reads the file as Big5
    and shows Chinese as garbage. The import accepts it back (``utf-8-sig``)."""

    to_encoding = "utf-8-sig"
    export_form_class = StaffExportForm
    # django-import-export 4.4's export page binds "select all" with this inline handler, which
    # the site's Content-Security-Policy refuses (Chromium reports it as soon as the page is
    # parsed); core/js/admin-export.js binds the same function instead.
    BLOCKED_HANDLER = b' onchange="onSelectToggleChange(event)"'

    def export_action(self, request, **kwargs):
        """The library's export page, without its inline event handler (:attr:`BLOCKED_HANDLER`)."""
        response = super().export_action(request, **kwargs)
        if hasattr(response, "add_post_render_callback"):
            def strip(rendered):
                rendered.content = rendered.content.replace(self.BLOCKED_HANDLER, b"")
            response.add_post_render_callback(strip)
        return response

    def get_export_resource_kwargs(self, request, **kwargs) -> dict:
        """The exporting user goes to the resource, which leaves out the personal data they
        may not see."""
        return {**super().get_export_resource_kwargs(request, **kwargs), "user": request.user}


def _filled(value) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def import_file(resource: resources.Resource, data: bytes, file_format: str, *,
                dry_run: bool = False) -> Result:
    """Import ``data`` (the bytes of a ``"csv"`` or ``"xlsx"`` file) with ``resource``.

    Returns a :class:`StaffImportResult`: ``result.base_errors`` (the header's errors, when no
    row was read), ``result.invalid_rows`` (``number``: the spreadsheet's row, header = row 1;
    ``error_dict`` keyed by field), ``result.row_errors()``, ``result.totals`` and
    ``result.messages()`` (every error as text naming row and column); ``result.rows`` (a row
    result a row) only for a dry run, which previews them: a confirmed import keeps the totals
    (:class:`StaffImportTotals`). Nothing is written when ``dry_run`` or when the header
    or any row is invalid or fails. Raises ``KeyError`` for an unknown format and
    ``ValueError`` (with what to do) for a file :func:`core.spreadsheets.open_table` cannot
    read: over a limit, empty, a CSV that is not UTF-8, an XLSX that is not one.
    """
    try:
        dataset = FORMATS[file_format]().create_dataset(data)
    except (TableError, UnicodeDecodeError) as error:
        raise ValueError(read_error_message(error)) from None
    return resource.import_data(dataset, dry_run=dry_run, use_transactions=True,
                                rollback_on_validation_errors=True, keep_row_results=dry_run)
