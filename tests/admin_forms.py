"""Turn a rendered admin change form back into the POST data a browser would send unchanged."""

from __future__ import annotations

from django import forms
from django.http import HttpResponse


def form_data(form: forms.BaseForm) -> dict:
    """The values ``form`` shows, keyed by their HTML names, as a browser would submit them.

    Split widgets (date and time) become ``name_0`` / ``name_1``; unchecked boxes, file inputs
    and empty values are left out, as a browser leaves them out or sends them empty.
    """
    data: dict = {}
    for bound in form:
        value = bound.value()
        widget = bound.field.widget
        if isinstance(widget, forms.ClearableFileInput):
            continue
        if isinstance(widget, forms.MultiWidget):
            parts = value if isinstance(value, list | tuple) else widget.decompress(value)
            for index, part in enumerate(parts):
                data[f"{bound.html_name}_{index}"] = "" if part is None else str(part)
        elif isinstance(value, bool):
            if value:
                data[bound.html_name] = "on"
        elif isinstance(value, list | tuple):
            data[bound.html_name] = [str(item) for item in value]
        elif value is not None:
            data[bound.html_name] = str(value)
    return data


def admin_form_data(response: HttpResponse) -> dict:
    """POST data for the admin change (or add, or revert) form rendered in ``response``,
    inline formsets and their management forms included."""
    data = form_data(response.context["adminform"].form)
    for inline in response.context.get("inline_admin_formsets") or []:
        data.update(form_data(inline.formset.management_form))
        for form in inline.formset.forms:
            data.update(form_data(form))
    return data
