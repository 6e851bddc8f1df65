"""Build admin form submissions from the admin's own rendered forms, as a browser would."""

from django.forms import BaseForm


def _form_initial(form: BaseForm) -> dict[str, object]:
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if callable(value):
            value = value()
        if value is None:
            continue
        key = form.add_prefix(name)
        if isinstance(value, (list, tuple)):
            data[key] = [getattr(v, "pk", v) for v in value]
        elif isinstance(value, bool):
            if value:
                data[key] = "on"
        else:
            data[key] = getattr(value, "pk", value)
    return data


def admin_form_data(response) -> dict[str, object]:
    """The data an unchanged submit of an admin add/change page would post: the main form's
    initial values and every inline formset's management form and forms."""
    data = _form_initial(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"):
            data[management.add_prefix(name)] = management[name].value()
        for form in formset.forms:
            data.update(_form_initial(form))
    return data
