"""The files staff download to fill in an import: a CSV or XLSX template holding the header and
an example row; the XLSX marks required columns in bold, notes each column's accepted values on
its header, offers the choices of a choice column as a list, and explains every column on a
second sheet. Built from :meth:`core.imports.StaffImportResource.column_spec`, in the admin's
language; the import reads the files back (the example row must be deleted first)."""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext

from .imports import ChoiceWidget, StaffImportResource
from .spreadsheets import safe_cell

TEMPLATE_FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def template_file(resource: StaffImportResource, file_format: str) -> bytes:
    """The template of ``resource``'s import as bytes: ``"csv"`` (UTF-8 with a byte-order mark,
    so Excel shows the Chinese) or ``"xlsx"``. Raises ``KeyError`` for another format."""
    return {"csv": _csv, "xlsx": _xlsx}[file_format](resource)


def _csv(resource: StaffImportResource) -> bytes:
    spec = resource.column_spec()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([column.header for column in spec])
    writer.writerow([safe_cell(column.example) for column in spec])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _xlsx(resource: StaffImportResource) -> bytes:
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    spec = resource.column_spec()
    book = Workbook()
    data = book.active
    data.title = gettext("data")
    data.append([column.header for column in spec])
    data.append([safe_cell(column.example) for column in spec])
    values = book.create_sheet(gettext("values"))
    values.sheet_state = "hidden"
    choices = {field.column_name: field.widget.choices for field in resource.fields.values()
               if isinstance(field.widget, ChoiceWidget)}
    for index, column in enumerate(spec, 1):
        cell = data.cell(row=1, column=index)
        if column.required:
            cell.font = Font(bold=True)
        cell.comment = Comment(f"{column.label}\n{column.required}\n{column.accepted}".strip(), "")
        data.column_dimensions[get_column_letter(index)].width = max(12, len(column.header) + 2)
        if column.header in choices:
            keys = [str(key) for key, _label in choices[column.header]]
            letter = get_column_letter(index)
            for row, key in enumerate(keys, 1):
                values.cell(row=row, column=index, value=key)
            source = f"'{values.title}'!${letter}$1:${letter}${len(keys)}"
            validation = DataValidation(type="list", formula1=source, allow_blank=True)
            validation.add(f"{letter}2:{letter}{2 + 20000}")
            data.add_data_validation(validation)
    help_sheet = book.create_sheet(gettext("help"))
    help_sheet.append([gettext("column"), gettext("meaning"), gettext("required"), gettext("accepted values"),
                       gettext("example")])
    for cell in help_sheet[1]:
        cell.font = Font(bold=True)
    for column in spec:
        help_sheet.append([column.header, column.label, column.required, column.accepted,
                           safe_cell(column.example)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
