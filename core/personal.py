"""Personal data on a need-to-know basis: the one rule that forms, lists, search, history, import
previews and the retention purge all follow.

A model declares its personal-data fields in ``PERSONAL_DATA_FIELDS`` (e.g. a visitor's email,
phone, passport number, dietary needs and notes) and a permission
``view_personal_data_<model>`` in its ``Meta.permissions``. Staff without that permission see
:data:`MASK` where a value is stored, cannot search or filter by those fields, and cannot
change or import them. Sources: Taiwan's Personal Data Protection Act (個人資料保護法, art. 5
and 27: use limited to the purpose, security measures) and the GDPR's data-minimisation
principle (art. 5(1)(c)): access only for the staff whose work needs it.
"""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models.constants import LOOKUP_SEP
from django.utils.translation import gettext_lazy as _

PERMISSION_PREFIX = "view_personal_data_"
# What staff without the permission see where a value is stored; an empty field shows EMPTY.
MASK = _("hidden (needs the personal data permission)")
EMPTY = "—"


def personal_fields(model: type[models.Model]) -> tuple[str, ...]:
    """The names of ``model``'s personal-data fields (its ``PERSONAL_DATA_FIELDS``), also for a
    historical model of it (django-simple-history's ``instance_type``); ``()`` for others."""
    recorded = getattr(model, "instance_type", None)
    source = recorded if isinstance(recorded, type) else model
    return tuple(getattr(source, "PERSONAL_DATA_FIELDS", ()))


def permission(model: type[models.Model]) -> str:
    """The permission that shows ``model``'s personal data, as ``app_label.codename``, e.g.
    ``"visits.view_personal_data_person"``."""
    meta = model._meta
    return f"{meta.app_label}.{PERMISSION_PREFIX}{meta.model_name}"


def may_see(user, model: type[models.Model]) -> bool:
    """True when ``user`` (a ``User``; ``None`` stands for an operator at the command line) may
    see ``model``'s personal data: the model has none, or the user holds :func:`permission`."""
    return user is None or not personal_fields(model) or user.has_perm(permission(model))


def masked(value) -> str:
    """What a user without the permission sees for the stored ``value``."""
    return str(MASK) if value not in (None, "") else EMPTY


def reaches_personal_data(model: type[models.Model], path: str) -> type[models.Model] | None:
    """The model whose personal-data field the lookup ``path`` from ``model`` reaches
    (``"email"`` on ``Person``, ``"person__passport_number"`` on ``Participation``, also with
    a lookup or transform after it: ``"passport_number__startswith"``,
    ``"person__phone__isnull"``), or ``None`` when it reaches another field or is not a field
    path (an admin method's name)."""
    for name in path.lstrip("^=@").split(LOOKUP_SEP):
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            return None  # a lookup or transform after a field that is not personal data
        if name in personal_fields(model):
            return model
        if field.related_model is None:
            return None
        model = field.related_model
    return None


def hidden_paths(user, model: type[models.Model], paths) -> set[str]:
    """Those of the lookup ``paths`` (strings; other entries are ignored) from ``model`` that
    end in personal data ``user`` may not see (:func:`reaches_personal_data`, :func:`may_see`)."""
    hidden = set()
    for path in paths:
        if isinstance(path, str):
            owner = reaches_personal_data(model, path)
            if owner is not None and not may_see(user, owner):
                hidden.add(path)
    return hidden
