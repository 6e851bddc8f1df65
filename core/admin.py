"""The admin's shared bases: every admin of a record app derives from :class:`RecordAdmin` or
:class:`PublishableRecordAdmin`, every other admin (the review queue, the report page, staff
accounts, the login logs) from :class:`StaffAdmin` or :class:`ReadOnlyAdmin`, every inline from
:class:`TabularRecordInline` or :class:`StackedRecordInline` (a test checks every registered
admin and inline), so that every form of the back office gets the same input rules
(:class:`StaffInputMixin`); the record admins also search (:class:`NormalisedSearchMixin`),
history (:class:`RecordHistoryAdmin`), personal data by permission
(:class:`PersonalDataAdminMixin`) and language tabs (django-modeltranslation). An admin or
inline that only shows what is kept elsewhere takes :class:`ReadOnlyAdminMixin`."""

from __future__ import annotations

import copy
import dataclasses
import datetime
import logging

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.contrib.admin.views.main import ChangeList
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.constants import LOOKUP_SEP
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.html import format_html, format_html_join
from django.utils.module_loading import import_string
from django.utils.text import capfirst, smart_split, unescape_string_literal
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TabbedTranslationAdmin, TranslationStackedInline, TranslationTabularInline
from modeltranslation.settings import AVAILABLE_LANGUAGES
from modeltranslation.utils import build_localized_fieldname
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper
from simple_history.utils import bulk_update_with_history

from . import review
from .cache import invalidate_public_pages
from .concurrency import VERSION_FIELD, VersionedAdminMixin, VersionFieldsetMixin, bump
from .dates import DatePrecision, format_date_input, format_date_range_input, format_datetime_input
from .forms import (
    CheckedImageField,
    CleanTextField,
    ConstraintFormSet,
    RecordForm,
    RocAdminDateWidget,
    RocAdminSplitDateTime,
    RocDateField,
    RocSplitDateTimeField,
    precision_pairs,
)
from .history import restore_deleted_with
from .i18n import join_list, list_separator
from .models import (
    PublicationStatus,
    PublicPageModel,
    PublishableModel,
    Revision,
    RevisionSource,
    value_bounds,
)
from .names import normalise_name
from .personal import hidden_paths, masked, may_see, personal_fields
from .registry import added_to

logger = logging.getLogger(__name__)

EMPTY_VALUE = _("(empty)")  # an empty value in the history's "Changes" column


def related_count(model: type[models.Model], field: str) -> Coalesce:
    """An annotation: how many rows of ``model`` have their foreign key ``field`` pointing at the
    annotated row (0 if none), as a correlated subquery.

    Unlike ``Count()`` across a join it needs no ``GROUP BY``, so a changelist's row counts and
    date-hierarchy queries do not aggregate the whole related table: at 150,000 participations
    the engagement changelist took seconds with ``Count()`` (benchmarks/README.md).
    """
    counts = (model.objects.filter(**{field: OuterRef("pk")}).order_by().values(field)
              .annotate(total=Count("pk")).values("total"))
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


class ReadOnlyAdminMixin:
    """For a ``ModelAdmin`` or an inline that shows rows and never writes them (the review
    queue, the report page, the gifts on an engagement's page): nobody, superusers included,
    may add, change or delete through it, so its pages are Django's view-only pages, with no
    save buttons, delete links or delete action. Viewing stays as the class decides
    (``has_view_permission``). Put it first among the bases, before the admin base class."""

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class StaffInputMixin:
    """The form fields clerks type and upload into, for an admin class or inline:

    - every date accepts ISO and ROC forms (111/08/16, 111年8月16日...):
      :class:`core.forms.RocDateField`, also the date of a date-time (the embargo
      ``publish_from``): :class:`core.forms.RocSplitDateTimeField`;
    - every image is checked by decoding it: :class:`core.forms.CheckedImageField`;
    - text loses pasted control characters: :class:`core.forms.CleanTextField`;
    - a number input shows the model field's range as its ``min`` and ``max``
      (:func:`core.models.value_bounds`).

    Every admin and inline gets it through the bases at the end of this module. (A method, not
    ``formfield_overrides``, so an admin's own overrides do not undo it.)
    """

    def formfield_for_dbfield(self, db_field: models.Field, request: HttpRequest | None, **kwargs):
        if type(db_field) is models.DateField:
            kwargs.setdefault("form_class", RocDateField)
            kwargs.setdefault("widget", RocAdminDateWidget)
            kwargs.setdefault("to_precision", any(db_field.name in dates for _precision, dates
                                                  in precision_pairs(db_field.model)))
        elif type(db_field) is models.DateTimeField:
            kwargs.setdefault("form_class", RocSplitDateTimeField)
            kwargs.setdefault("widget", RocAdminSplitDateTime)
        elif db_field.name == "position" and isinstance(db_field, models.PositiveSmallIntegerField):
            # Rows are ordered by moving them (core/js/inline-order.js), not by typing a number.
            kwargs["widget"] = forms.HiddenInput(attrs={
                "data-row-order": "1", "data-move-up": _("Move up"), "data-move-down": _("Move down")})
        elif isinstance(db_field, models.ImageField):
            kwargs.setdefault("form_class", CheckedImageField)
        elif (isinstance(db_field, (models.CharField, models.TextField)) and not db_field.choices
              and not isinstance(db_field, (models.SlugField, models.EmailField, models.URLField))):
            # Plain text only (translated fields too), not slugs, e-mail addresses or URLs.
            kwargs.setdefault("form_class", CleanTextField)
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if (isinstance(db_field, (models.IntegerField, models.DecimalField)) and field is not None
                and isinstance(field.widget, forms.NumberInput)):
            # The input shows the model's realistic range (core.models.value_bounds), not the
            # database type's (9223372036854775807); the model's validators say what is wrong,
            # with the message they share with a check constraint where there is one.
            low, high = value_bounds(db_field)
            for name, limit in (("min", low), ("max", high)):
                if limit is not None:
                    # Set, not setdefault: a PositiveSmallIntegerField's form field already says min="0".
                    field.widget.attrs[name] = limit
        return field



def shown_dates(model: type[models.Model]) -> dict[str, str | None]:
    """The date and date-time fields of ``model`` that the admin writes itself, by name, each
    with the name of the :class:`core.models.DatePrecisionField` that says how much of it is
    known (``None``: a day, or a moment)."""
    precisions = {date: precision for precision, dates in precision_pairs(model) for date in dates}
    return {field.name: precisions.get(field.name) for field in model._meta.concrete_fields
            if isinstance(field, models.DateField)}


def shown_value(value, precision: str | None = None):
    """``value`` as staff type it in the active language when it is a date (to ``precision``, a
    :class:`core.dates.DatePrecision` value, default the day: :func:`core.dates.format_date_input`,
    ``114/09/14``, ``114/07``) or a date-time (:func:`core.dates.format_datetime_input`,
    ``114/09/14 14:30``); anything else as it is."""
    if isinstance(value, datetime.datetime):
        return format_datetime_input(value)
    if isinstance(value, datetime.date):
        return format_date_input(value, precision or DatePrecision.DAY)
    return value


def shown_date(obj, name: str) -> str | None:
    """The value of the date or date-time field ``name`` of ``obj`` (a record) as staff type it
    in the active language, to the precision the record keeps (:func:`shown_value`); ``None``
    when it is empty."""
    precision_name = shown_dates(type(obj)).get(name)
    return shown_value(getattr(obj, name, None),
                       getattr(obj, precision_name, None) if precision_name else None)


class DateDisplayMixin:
    """Every date the admin writes (list columns, read-only fields, a view-only user's form) in
    the form staff type it in the admin's language, the one the forms use
    (:func:`shown_date`): ``114/09/14`` in Chinese, ``2025-09-14`` in English, a date known to
    the month ``114/07``. Django would write them by the locale's ``DATE_FORMAT``
    (``2025年9月14日``), which knows no ROC year and no precision.

    A date field named in ``list_display`` or shown read-only is replaced by a column (or
    read-only field) of the same name, title and sort that writes it so (:meth:`date_column`),
    and a date field made read-only is kept out of the form. For an admin class or inline."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._date_columns = {name: self._make_date_column(name) for name in shown_dates(self.model)}

    def _make_date_column(self, name: str):
        field = self.model._meta.get_field(name)

        @admin.display(description=field.verbose_name, ordering=name)
        def column(obj) -> str:
            # Empty: the admin's mark, as Django writes an empty field (a read-only form would
            # write a callable's None as "None").
            return shown_date(obj, name) or self.get_empty_value_display()

        column.__name__ = name  # the column's and the field's CSS class: field-<name>
        column.shown_date_field = name
        return column

    def date_column(self, entry):
        """``entry`` (a name of ``list_display``, ``fields`` or ``readonly_fields``) or, when it
        names a date field of the model, the column that writes it as staff type it."""
        return self._date_columns.get(entry, entry) if isinstance(entry, str) else entry

    def with_date_columns(self, entries) -> list:
        """``entries`` with every date field replaced by its column (:meth:`date_column`)."""
        return [self.date_column(entry) for entry in entries]

    def get_list_display(self, request: HttpRequest):
        return self.with_date_columns(super().get_list_display(request))

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        return tuple(self.with_date_columns(super().get_readonly_fields(request, obj)))

    def get_exclude(self, request: HttpRequest, obj=None):
        """The model's exclusions, the date fields shown read-only by a column of their own
        (Django excludes the read-only names, which are now the columns) and the columns
        themselves, never form fields (a view-only user's fieldsets name them; modeltranslation
        replaces Django's exclusion of every field for such a user by this one)."""
        excluded = list(super().get_exclude(request, obj) or ())
        shown = [entry.shown_date_field for entry in self.get_readonly_fields(request, obj)
                 if hasattr(entry, "shown_date_field")]
        return [*excluded, *(name for name in shown if name not in excluded),
                *self._date_columns.values()] or None

    def get_fieldsets(self, request: HttpRequest, obj=None):
        """The fieldsets with each read-only date field (all of them for a user who may only
        view the record) written by its column. For such a user, the fields of the form alone
        (a new participant's name, typed instead of choosing a person) are left out: they hold
        no value, and Django would write their emptiness as ``None``."""
        fieldsets = super().get_fieldsets(request, obj)
        view_only = obj is not None and not self.has_change_permission(request, obj)
        readonly = {getattr(entry, "shown_date_field", entry)
                    for entry in self.get_readonly_fields(request, obj)}
        model_names = {f.name for f in self.model._meta.get_fields()}

        def form_only(entry) -> bool:
            return (view_only and isinstance(entry, str) and entry not in model_names
                    and not hasattr(self, entry) and not hasattr(self.model, entry))

        def swap(entry):
            if isinstance(entry, (list, tuple)):
                return tuple(swap(item) for item in entry if not form_only(item))
            if isinstance(entry, str) and (view_only or entry in readonly):
                return self.date_column(entry)
            return entry

        return [(name, {**options, "fields": [swap(entry) for entry in options.get("fields", ())
                                              if not form_only(entry)]})
                for name, options in fieldsets]


class NormalisedSearchMixin:
    """The admin search (and so the autocomplete), one table at a time, plus matches on
    normalised name keys.

    ``normalised_search_fields`` names ``search_key`` fields (possibly across relations); the
    whole term is folded by :func:`core.names.normalise_name`, so 朗·尼倫伯格 finds
    朗．尼倫伯格 and Vaiciukeviciute finds Vaičiukevičiūtė.

    ``search_fields`` keep Django's meaning (each word of the term, quoted phrases kept whole,
    must be contained, case-insensitively, in one of the fields), with one difference: a field
    across a relation (``participations__title_en``) is searched in a subquery of its own,
    ``pk IN (...)``, and so is each normalised field. Django joins every related table into one
    query and filters the joined rows, which neither SQLite nor PostgreSQL can answer from an
    index: at 20,000 engagements, 150,000 participations and 60,000 people a search by a guest's
    name took 2–3 s on PostgreSQL (benchmarks/README.md). One table per subquery lets PostgreSQL
    use the pg_trgm indexes (:mod:`core.trigram`) and needs no ``DISTINCT``. As in
    Django before 4.1, two words may then match two different related rows (two participants'
    titles). Fields with a ``^``, ``=`` or ``@`` prefix are left to Django's own search.
    """

    normalised_search_fields: tuple[str, ...] = ()

    def get_search_results(self, request: HttpRequest, queryset: QuerySet, search_term: str):
        """Return ``(queryset, may_have_duplicates)`` for ``search_term`` (a str), as
        :meth:`django.contrib.admin.ModelAdmin.get_search_results` does."""
        search_fields = tuple(self.get_search_fields(request))
        if any(str(field)[:1] in "^=@" for field in search_fields):
            results, may_have_duplicates = super().get_search_results(request, queryset,
                                                                      search_term)
        else:
            results, may_have_duplicates = queryset, False
            if search_fields and search_term:
                results = queryset.filter(self._words_condition(queryset.model, search_fields,
                                                                search_term))
        key = normalise_name(search_term)
        if key and self.normalised_search_fields:
            condition = Q()
            for field in self.normalised_search_fields:
                condition |= _one_table(queryset.model, field, "contains", key)
            results = results | queryset.filter(condition)
        return results, may_have_duplicates

    @staticmethod
    def _words_condition(model: type[models.Model], search_fields: tuple[str, ...],
                         search_term: str) -> Q:
        """Each word (or quoted phrase) of ``search_term`` in one of ``search_fields``, as
        Django's admin splits it (``smart_split``)."""
        condition = Q()
        for bit in smart_split(search_term):
            if bit.startswith(('"', "'")) and bit[0] == bit[-1]:
                bit = unescape_string_literal(bit)
            any_field = Q()
            for field in search_fields:
                any_field |= _one_table(model, str(field), "icontains", bit)
            condition &= any_field
        return condition


def _one_table(model: type[models.Model], path: str, lookup: str, value: str) -> Q:
    """``Q(<path>__<lookup>=value)`` on ``model``; when ``path`` follows a relation, as
    ``pk IN (subquery)`` so the related table is filtered by itself (and its index) rather than
    joined into the outer query."""
    if LOOKUP_SEP not in path:
        return Q(**{f"{path}__{lookup}": value})
    return Q(pk__in=model._base_manager.filter(**{f"{path}__{lookup}": value}).values("pk"))


class RecordHistoryContextHelper(HistoricalRecordContextHelper):
    """The "Changes" column of a record's history (django-simple-history's documented hook),
    each value written as the review queue writes it (:func:`core.review.shown_field_value`):
    a choice by its label (``日`` / ``day``, not ``day``), a list of names joined by the
    language's separator, an empty value as ``（空白）`` / ``(empty)`` (not ``None``, ``[]``),
    each date as staff type it in the admin's language (``51/09/10``, ``51/09``; a date-time in
    local time), the old value to the precision the old version keeps and the new to the new
    version's (a day dropped to the month reads ``51/09/10 → 51/09``)."""

    def context_for_delta_changes(self, delta):
        self._versions = (delta.old_record, delta.new_record)
        return super().context_for_delta_changes(delta)

    def format_delta_change(self, change):
        old_version, new_version = getattr(self, "_versions", (self.record, self.record))
        old = self.shown_change_value(change, change.old, old_version)
        new = self.shown_change_value(change, change.new, new_version)
        old, new = self.stringify_delta_change_values(change, old, new)
        field = capfirst(self.model._meta.get_field(change.field).verbose_name)
        return dataclasses.replace(change, field=field, old=old, new=new)

    def shown_change_value(self, change, value, version) -> str:
        """``value`` (``change.old`` or ``change.new``) of ``version`` (the historical record
        it comes from) as staff read it; a date to ``version``'s own precision."""
        value = self.prepare_delta_change_value(change, value)
        if value in (None, "") or (isinstance(value, list) and not value):
            return str(EMPTY_VALUE)
        precision_name = shown_dates(self.model).get(change.field)
        precision = getattr(version, precision_name, None) if precision_name else None
        return review.shown_field_value(self.model._meta.get_field(change.field), value, precision)


class PersonalDataHistoryHelper(RecordHistoryContextHelper):
    """The "Changes" column of a record's history with the personal-data fields ``hidden``
    (names) shown as :func:`core.personal.masked` (django-simple-history's documented hook)."""

    def __init__(self, model, historical_record, *, hidden: tuple[str, ...]) -> None:
        super().__init__(model, historical_record)
        self.hidden = hidden

    def prepare_delta_change_value(self, change, value):
        if change.field in self.hidden:
            return masked(value)
        return super().prepare_delta_change_value(change, value)


class PersonalDataAdminMixin:
    """Personal data (:mod:`core.personal`) only for staff who hold the model's
    ``view_personal_data_<model>`` permission, for an admin class or inline.

    For everyone else each personal-data field of the form (the change form, the history's
    version form, an inline's row) is replaced by a read-only ``masked_<field>`` showing
    :data:`core.personal.MASK` where a value is stored, so it is neither shown nor changed (a
    save or a revert keeps the stored values); list columns, filters and search fields that
    reach personal data, here or across a relation, are left out (a search by passport number
    would tell whether it is stored); the history's "Changes" column masks them
    (:class:`PersonalDataHistoryHelper`). A model without ``PERSONAL_DATA_FIELDS`` is not
    affected.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in personal_fields(self.model):
            setattr(self, f"masked_{name}", self._mask_display(name))

    def _mask_display(self, name: str):
        def display(obj) -> str:
            return masked(getattr(obj, name, None))

        display.short_description = self.model._meta.get_field(name).verbose_name
        return display

    def hidden_personal_fields(self, request: HttpRequest) -> tuple[str, ...]:
        """The model's personal-data fields the user of ``request`` may not see (all or none)."""
        return () if may_see(request.user, self.model) else personal_fields(self.model)

    def get_fieldsets(self, request: HttpRequest, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        hidden = self.hidden_personal_fields(request)
        if not hidden:
            return fieldsets

        def swap(entry):
            if isinstance(entry, (list, tuple)):
                return tuple(swap(item) for item in entry)
            return f"masked_{entry}" if entry in hidden else entry

        seen, masked_fieldsets = set(), []
        for name, options in fieldsets:
            fields = []
            for entry in map(swap, options.get("fields", ())):
                if entry not in seen:  # get_fields() lists the masks once more, as read-only
                    seen.add(entry)
                    fields.append(entry)
            masked_fieldsets.append((name, {**options, "fields": fields}))
        return masked_fieldsets

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        readonly = tuple(super().get_readonly_fields(request, obj))
        return readonly + tuple(f"masked_{name}" for name in self.hidden_personal_fields(request))

    def get_list_display(self, request: HttpRequest):
        display = super().get_list_display(request)
        hidden = hidden_paths(request.user, self.model, display)
        return [entry for entry in display if entry not in hidden]

    def get_list_filter(self, request: HttpRequest):
        filters = super().get_list_filter(request)
        named = [entry[0] if isinstance(entry, (list, tuple)) else entry for entry in filters]
        hidden = hidden_paths(request.user, self.model, named)
        return [entry for entry, name in zip(filters, named, strict=True) if name not in hidden]

    def get_search_fields(self, request: HttpRequest):
        fields = super().get_search_fields(request)
        hidden = hidden_paths(request.user, self.model, fields)
        return [field for field in fields if field not in hidden]

    def lookup_allowed(self, lookup: str, value, request: HttpRequest | None = None) -> bool:
        """No filter of the list by a URL parameter that reaches personal data the user may not
        see (``?passport_number__startswith=X`` would tell it a letter at a time): Django's
        admin allows any lookup on the model's own fields; this one answers 400 instead."""
        if request is not None and hidden_paths(request.user, self.model, [lookup]):
            return False
        return super().lookup_allowed(lookup, value, request)

    def save_model(self, request: HttpRequest, obj, form, change: bool) -> None:
        hidden = self.hidden_personal_fields(request)
        if hidden and obj.pk is not None:
            stored = self.model._base_manager.filter(pk=obj.pk).values(*hidden).first()
            for name, value in (stored or {}).items():
                setattr(obj, name, value)  # a revert to an old version keeps what is stored
        super().save_model(request, obj, form, change)

    def get_historical_record_context_helper(self, request: HttpRequest, historical_record):
        hidden = self.hidden_personal_fields(request)
        if not hidden:
            return super().get_historical_record_context_helper(request, historical_record)
        return PersonalDataHistoryHelper(self.model, historical_record, hidden=hidden)


class PublishableAdminMixin:
    """Publication state in the list, a filter on it, and publish / unpublish actions.

    Only users with the model's ``publish_<model>`` permission (the publisher role) may change
    the publication state: the actions require it, and for everyone else ``status`` and
    ``publish_from`` are read-only in the form and kept as stored on save (which also covers
    restoring a published version from the history).
    """

    actions = ["publish", "unpublish"]
    publication_fields = ("status", "publish_from")

    def has_publish_permission(self, request: HttpRequest) -> bool:
        """True when the user holds ``<app>.publish_<model>`` (see each model's Meta.permissions;
        :func:`core.review.may_publish`)."""
        return review.may_publish(request.user, self.model)

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        readonly = tuple(super().get_readonly_fields(request, obj))
        if self.has_publish_permission(request):
            return readonly
        # Added here, outside DateDisplayMixin: the embargo date is written by its column too.
        return tuple(self.with_date_columns(
            readonly + tuple(f for f in self.publication_fields if f not in readonly)))

    def save_model(self, request: HttpRequest, obj, form, change: bool) -> None:
        if not self.has_publish_permission(request):
            stored = self.model._default_manager.filter(pk=obj.pk).values(*self.publication_fields)
            current = stored.first() if obj.pk else None
            if current is None:
                obj.status, obj.publish_from = PublicationStatus.DRAFT, None
            else:
                obj.status, obj.publish_from = current["status"], current["publish_from"]
        super().save_model(request, obj, form, change)

    def _set_status(self, request: HttpRequest, queryset: QuerySet, status: str) -> int:
        """Set ``status`` on the records of ``queryset`` that differ, one history row each.

        Returns the number of records changed."""
        records = list(queryset.exclude(status=status))
        now = timezone.now()
        for record in records:
            record.status, record.updated_at = status, now
            bump(record)  # forms opened before the action are stale (core.concurrency)
        bulk_update_with_history(records, self.model, ["status", "updated_at", VERSION_FIELD],
                                 default_user=request.user)
        # A bulk update sends no signal; an unpublish takes records off the public site.
        invalidate_public_pages(withdrawn=status != PublicationStatus.PUBLISHED)
        return len(records)

    @admin.action(description=_("Publish the selected records"), permissions=["publish"])
    def publish(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = self._set_status(request, queryset, PublicationStatus.PUBLISHED)
        self.message_user(request, ngettext(
            "%(count)d record published.", "%(count)d records published.", count
        ) % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Unpublish the selected records (back to draft)"),
                  permissions=["publish"])
    def unpublish(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = self._set_status(request, queryset, PublicationStatus.DRAFT)
        self.message_user(request, ngettext(
            "%(count)d record returned to draft.", "%(count)d records returned to draft.", count
        ) % {"count": count}, messages.SUCCESS)


class RecordHistoryAdmin(SimpleHistoryAdmin):
    """The history of each record, restoring an earlier version, and the list of deleted records.

    django-simple-history supplies the per-record history and the "revert" form (which needs
    the change permission); this adds ``<model>/deleted/``: the records deleted and not restored
    since, newest first, each linking to its history, from which its last version is restored.
    Restoring a deleted record also restores what its deletion took with it (see
    :func:`core.history.restore_deleted_with`).
    """

    change_list_template = "admin/history/change_list.html"
    object_history_list_template = "admin/history/object_history_list.html"
    deleted_list_template = "admin/history/deleted_list.html"

    def get_urls(self):
        opts = self.model._meta
        return [
            path("deleted/", self.admin_site.admin_view(self.deleted_view),
                 name=f"{opts.app_label}_{opts.model_name}_deleted"),
            *super().get_urls(),
        ]

    def history_view(self, request: HttpRequest, object_id: str, extra_context: dict | None = None):
        checked_pk(self.model._meta.pk, unquote(object_id))
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request: HttpRequest, object_id: str, version_id: str,
                          extra_context: dict | None = None):
        checked_pk(self.model._meta.pk, unquote(object_id))
        checked_pk(self.model.history.model._meta.pk, version_id)
        # django-simple-history checks only the view permission, even when the form is posted:
        # saving a version (a revert, or the restore of a deleted record) is a change.
        if request.method == "POST" and not self.has_change_history_permission(request):
            raise PermissionDenied
        manager = self.model._default_manager
        was_deleted = not manager.filter(pk=unquote(object_id)).exists()
        version = self.model.history.filter(pk=version_id).first()
        if version is not None and not self.has_change_history_permission(request, version.instance):
            # Every field read-only, as Django's change form makes it for a user who may only
            # view (django-simple-history passes only get_readonly_fields() to the form).
            request._view_only_fields = flatten_fieldsets(self.get_fieldsets(request, version.instance))
        response = super().history_form_view(request, object_id, version_id, extra_context)
        if request.method == "POST" and was_deleted and response.status_code == 302:
            outcome = restore_deleted_with(manager.get(pk=unquote(object_id)), user=request.user)
            if outcome.restored:
                self.message_user(request, ngettext(
                    "%(count)d related record deleted with it was restored too.",
                    "%(count)d related records deleted with it were restored too.", outcome.restored,
                ) % {"count": outcome.restored}, messages.SUCCESS)
            if outcome.skipped:
                self.message_user(request, ngettext(
                    "%(count)d related record could not be restored: another record now has its "
                    "unique values.",
                    "%(count)d related records could not be restored: other records now have "
                    "their unique values.", outcome.skipped,
                ) % {"count": outcome.skipped}, messages.WARNING)
        return response

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        readonly = tuple(super().get_readonly_fields(request, obj))
        extra = getattr(request, "_view_only_fields", ())
        return readonly + tuple(entry for entry in extra if entry not in readonly)

    def get_historical_record_context_helper(self, request: HttpRequest, historical_record):
        return RecordHistoryContextHelper(self.model, historical_record)

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None):
        opts = self.model._meta
        extra_context = {
            "deleted_records_url": reverse(
                f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_deleted"
            ),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)

    def deleted_view(self, request: HttpRequest) -> HttpResponse:
        """List the deleted records of the model (needs the view or change permission)."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        opts = self.model._meta
        records = (
            self.model.history.latest_of_each().filter(history_type="-")
            .select_related("history_user").order_by("-history_date")
        )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Deleted %(name)s") % {"name": opts.verbose_name_plural},
            "opts": opts,
            "records": records,
        }
        return TemplateResponse(request, self.deleted_list_template, context)


def constraint_message(error: IntegrityError, candidates: list[type[models.Model]]) -> str:
    """What to tell staff about ``error``, a database refusal: the ``violation_error_message``
    of the constraint of ``candidates`` (models) it names (PostgreSQL names the constraint;
    SQLite names the constraint of a check, the columns of a unique index), else a general
    message. Always a message in the active language, never the database's text."""
    text = str(error)
    for model in candidates:
        table = model._meta.db_table
        for constraint in model._meta.constraints:
            columns = ", ".join(f"{table}.{model._meta.get_field(name).column}"
                                for name in getattr(constraint, "fields", ()) or ())
            if constraint.name in text or (columns and text.endswith(columns)):
                return str(constraint.get_violation_error_message())
    return str(_("The database refused this save: it conflicts with another record. Nothing was "
                 "saved; check the values for a duplicate and save again."))


def checked_pk(field: models.Field, raw: str):
    """The primary-key value ``raw`` (a URL part) stands for, converted by the key ``field``
    (``to_python``); ``Http404`` when it cannot be one (``abc``, ``1\x00``), so an address
    naming no possible record is "not found", never a server error of the query."""
    try:
        return field.to_python(raw)
    except (ValidationError, ValueError, TypeError):
        raise Http404(f"{raw!r} is not a {field.model._meta.verbose_name} id") from None


class RecordChangeList(ChangeList):
    """The admin's list with its filters' parameters checked: a date-hierarchy year, month or
    day Django cannot turn into a date range (``?start_date__year=9999`` needs 10000-01-01)
    raises ``ValueError`` or ``OverflowError`` inside Django; here it is
    ``IncorrectLookupParameters``, which the admin answers with its own ``?e=1`` page."""

    def get_filters(self, request: HttpRequest, *args, **kwargs):
        try:
            return super().get_filters(request, *args, **kwargs)
        except (ValueError, OverflowError) as error:
            raise IncorrectLookupParameters(error) from error


def _posted_key(field: models.ForeignKey, raw) -> object | None:
    """The key a form posts for the foreign key ``field`` (``raw``: a str or None), as the key
    field reads it; None when it is empty or cannot be a key."""
    if not raw:
        return None
    try:
        return field.target_field.to_python(raw)
    except ValidationError:
        return None


class ReviewAdminMixin:
    """Review of edits (:mod:`core.review`): a change to a published record by a user who may
    not publish it, through the change form and its inlines or a revert from the history, is
    kept as a pending revision and the live record stays as it was; the user is taken to the
    revision. The same for a row that belongs to a published record, changed or added on its
    own page (a participant of a published engagement, a partnership of a published city:
    :func:`core.review.record_under_review`), in an inline of another record's page (a
    participant on a person's page), or restored from the history after its deletion. The
    change form tells such a user that their save goes to review, and anyone that revisions of
    the record are pending."""

    def _held_record(self, request: HttpRequest, object_id: str | None, version_id: str | None = None):
        """The record a POST to ``object_id`` (None: the add form; with ``version_id``, the
        history's form of that version) would change, when the change must be reviewed.

        The records looked at are the page's row (as stored; for a deleted row restored from
        the history, the version restored) and each inline row the POST adds or changes, as
        stored and as posted (a participant on a person's page belongs to an engagement,
        not to the person). When the rows belong to more than one published record that needs
        review, the form is refused (``request._refused_by_constraint``) naming them: each
        record's change is reviewed on its own page."""
        if request.method != "POST":
            return None
        page_row = self._posted_row(request, object_id, version_id)
        # A record public because public records name it (a person) has no child rows: it is
        # held only when the POST changes its own fields, other than its personal data.
        rows = [page_row if not review.named_record(self.model)
                or self._changes_public_fields(request, page_row) else None]
        if version_id is None:
            rows += self._posted_inline_rows(request, page_row)
        held = review.held_records(request.user, rows)
        if page_row is not None and held.get((type(page_row), page_row.pk)) is page_row:
            # The change view edits page_row itself (get_object): the record held is kept apart.
            held[type(page_row), page_row.pk] = copy.copy(page_row)
        if len(held) > 1:
            request._refused_by_constraint = _(
                "This save changes rows of several published records (%(records)s): a change to a "
                "published record waits for a publisher on its own. Change the rows on each "
                "record's page, one record at a time. Nothing was saved.") % {
                "records": join_list(str(record) for record in held.values())}
            return None
        return next(iter(held.values()), None)

    def _posted_row(self, request: HttpRequest, object_id: str | None, version_id: str | None):
        """The page's row: as stored (read as the change view reads it, ``get_object``, which
        then gets this row instead of reading it again), the row being added, or, for a deleted
        row restored from the history's ``version_id``, that version; None when there is none."""
        if object_id is None:
            return self._row_being_added(request)
        pk = checked_pk(self.model._meta.pk, unquote(object_id))
        row = super().get_object(request, unquote(object_id))
        if version_id is None and row is not None:
            request._review_page_row = (unquote(object_id), row)  # for the change view's get_object
        if row is None and version_id is not None:
            version = self.model.history.filter(
                pk=checked_pk(self.model.history.model._meta.pk, version_id), **{
                    self.model._meta.pk.attname: pk}).first()
            # A record with its own publication state comes back as a draft for a user who may
            # not publish (PublishableAdminMixin.save_model): only a part is held on its record.
            if version is not None and not isinstance(version.instance, PublishableModel):
                row = version.instance
        return row

    def _changes_public_fields(self, request: HttpRequest, row) -> bool:
        """True when the POST (the change form, or the history's form of a version) changes a
        field of the stored ``row`` other than its personal data (never public: an organiser
        entering a passport number saves it at once, :func:`core.personal.personal_fields`)."""
        if row is None or row.pk is None:
            return False
        form = self.get_form(request, row, change=True)(request.POST, request.FILES, instance=row)
        return bool(set(form.changed_data) - {VERSION_FIELD, *personal_fields(self.model)})

    def _posted_inline_rows(self, request: HttpRequest, obj) -> list[models.Model]:
        """The inline rows the POST adds or changes, each as stored and as a row with the
        references posted for it (unsaved), for :meth:`_held_record`."""
        if obj is None:
            return []
        change = obj.pk is not None
        formsets, instances = self._create_formsets(request, obj if change else self.model(), change=change)
        if change and getattr(request, "_review_page_row", (None, None))[1] is obj:
            request._review_formsets = (obj, (formsets, instances))  # for the change view
        rows = []
        for formset in formsets:
            for form in formset.initial_forms + formset.extra_forms:
                if not form.has_changed():
                    continue
                stored = form.instance if form.instance.pk is not None else None
                posted = type(form.instance)(**{
                    f.attname: value for f in form.instance._meta.concrete_fields if f.many_to_one
                    and (value := _posted_key(f, form.data.get(form.add_prefix(f.name)))) is not None})
                rows += [row for row in (stored, posted) if row is not None]
        return rows

    def get_object(self, request: HttpRequest, object_id: str, from_field: str | None = None):
        """Django's, except that the change view of a POST gets the row :meth:`_held_record`
        read (once), with the inline formsets built for it (:meth:`_create_formsets`), instead
        of reading and building them again."""
        prepared = request.__dict__.pop("_review_page_row", None)
        if prepared is not None and from_field is None and prepared[0] == object_id:
            return prepared[1]
        return super().get_object(request, object_id, from_field)

    def _create_formsets(self, request: HttpRequest, obj, change: bool):
        prepared = request.__dict__.pop("_review_formsets", None)
        if prepared is not None and change and prepared[0] is obj:
            return prepared[1]
        return super()._create_formsets(request, obj, change)

    def _row_being_added(self, request: HttpRequest):
        """An unsaved row with the references the add form posts (a new participant's
        engagement, a new partnership's city), to find the record it would belong to."""
        return self.model(**{f.attname: value for f in self.model._meta.concrete_fields
                             if f.many_to_one and (value := _posted_key(f, request.POST.get(f.name)))
                             is not None})

    def _hold(self, request: HttpRequest, record, source: str, view):
        request._review_held = True
        try:
            response, revision = review.hold(record, view, author=request.user, source=source)
        finally:
            request._review_held = False
        if revision is None:
            if response.status_code == 302:
                self.message_user(request, _("Nothing was changed."), messages.INFO)
                return HttpResponseRedirect(request.path)
            return response
        self.message_user(request, _(
            "Your change to “%(record)s” waits for review by a publisher (revision %(number)s). "
            "The public sees the published version until it is approved.") % {
            "record": record, "number": revision.pk}, messages.WARNING)
        return HttpResponseRedirect(reverse(f"{self.admin_site.name}:core_revision_change",
                                            args=[revision.pk]))

    def response_change(self, request: HttpRequest, obj):
        if getattr(request, "_review_held", False):
            return HttpResponseRedirect(request.path)  # replaced by _hold()'s answer
        return super().response_change(request, obj)

    def response_add(self, request: HttpRequest, obj, post_url_continue=None):
        if getattr(request, "_review_held", False):
            return HttpResponseRedirect(request.path)  # replaced by _hold()'s answer
        return super().response_add(request, obj, post_url_continue)

    def changeform_view(self, request: HttpRequest, object_id: str | None = None, form_url: str = "",
                        extra_context: dict | None = None):
        record = self._held_record(request, object_id)
        if record is not None:
            return self._hold(request, record, RevisionSource.FORM, lambda: super(
                ReviewAdminMixin, self).changeform_view(request, object_id, form_url, extra_context))
        if request.method == "GET" and object_id is not None:
            self._review_notice(request, object_id)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def history_form_view(self, request: HttpRequest, object_id: str, version_id: str,
                          extra_context: dict | None = None):
        record = self._held_record(request, object_id, version_id)
        if record is not None:
            return self._hold(request, record, RevisionSource.REVERT, lambda: super(
                ReviewAdminMixin, self).history_form_view(request, object_id, version_id, extra_context))
        return super().history_form_view(request, object_id, version_id, extra_context)

    def _review_notice(self, request: HttpRequest, object_id: str) -> None:
        row = self.model._default_manager.filter(
            pk=checked_pk(self.model._meta.pk, unquote(object_id))).first()
        record = review.record_under_review(row)
        if record is None:
            return
        if review.needs_review(request.user, row) and self.has_change_permission(request, row):
            self.message_user(request, _(
                "This record is published: what you save here goes to a publisher for review, and "
                "the public keeps seeing the published version until it is approved."), messages.INFO)
        pending = Revision.objects.of_record(record).pending().count()
        if pending:
            url = reverse(f"{self.admin_site.name}:core_revision_changelist")
            ct = ContentType.objects.get_for_model(record).pk
            self.message_user(request, format_html(
                '<a href="{}">{}</a>', f"{url}?content_type__id__exact={ct}&object_id={record.pk}",
                ngettext("%(count)d revision of this record waits for review; this form shows the "
                         "published version.",
                         "%(count)d revisions of this record wait for review; this form shows the "
                         "published version.", pending) % {"count": pending}), messages.WARNING)


class LikelyDuplicateFormMixin:
    """The admin form of a record that may be entered twice (a model whose ``duplicate_scope``
    is set, :class:`core.models.SearchKeyModel`: cities, people): when the record as typed is
    likely one already stored (:meth:`core.models.SearchKeyModel.likely_duplicates`: the same
    country and a name equal once folded, in either language), the save is held with an error
    naming those records, each linked to its page, until the clerk ticks ``save_anyway`` (the
    box :class:`RecordAdmin` adds to such a form) and saves again."""

    @staticmethod
    def checks(model: type[models.Model]) -> bool:
        """True for a model whose records are checked for likely duplicates."""
        return bool(getattr(model, "duplicate_scope", ()))

    def _post_clean(self) -> None:
        super()._post_clean()
        if self.cleaned_data.get("save_anyway") or (self.instance.pk and not self._compared_changed()):
            return
        duplicates = self.instance.likely_duplicates()
        if duplicates:
            links = format_html_join(list_separator(), '<a href="{}">{}</a>',
                                     ((change_url(record), _duplicate_label(record))
                                      for record in duplicates))
            self.add_error(None, ValidationError(format_html(
                _("Likely already recorded: {records}. Open it to add what is missing, or tick "
                  "“Save anyway” below if this is another one."), records=links), code="likely_duplicate"))

    def _compared_changed(self) -> bool:
        """True when this save changes a field the duplicate rule compares (a name in any
        language, ``search_key_fields``; the ``duplicate_scope``: country, kind): a stored record
        saved unchanged there was confirmed (or was not a duplicate) when it was added."""
        model = self.instance
        compared = set(model.duplicate_scope)
        for name in model.search_key_fields:
            compared |= {name, *(build_localized_fieldname(name, language)
                                 for language in AVAILABLE_LANGUAGES)}
        return bool(compared & set(self.changed_data))


def _duplicate_label(record: models.Model) -> str:
    """A record named in every language it has a name in, with its country: 格丁尼亞市 / Gdynia
    (波蘭)."""
    names = [getattr(record, f"name_{code.replace('-', '_')}", "") for code, _name in settings.LANGUAGES]
    label = " / ".join(dict.fromkeys(name for name in names if name)) or str(record)
    country = getattr(record, "country", None)
    return f"{label} ({country})" if country else label


class RecordAdmin(ReviewAdminMixin, VersionedAdminMixin, DateDisplayMixin, PersonalDataAdminMixin,
                  StaffInputMixin, NormalisedSearchMixin, RecordHistoryAdmin, TabbedTranslationAdmin):
    """The base of the admin of every record model: changes to published records reviewed
    (:class:`ReviewAdminMixin`), stale forms refused (:class:`VersionedAdminMixin`), personal
    data only for staff who may see it, staff input rules, search by normalised names (where
    ``normalised_search_fields`` names some), the history with restore and the list of deleted
    records, and a tab per language for translated fields.

    Addresses and parameters are checked before they reach a query: object and version ids
    (:func:`checked_pk`), the records chosen for an action (:meth:`response_action`) and the
    date hierarchy (:class:`RecordChangeList`). The form is a :class:`core.forms.RecordForm`
    (dates shown and kept to their precision)."""

    form = RecordForm

    def get_changelist(self, request: HttpRequest, **kwargs):
        return RecordChangeList

    def changeform_view(self, request: HttpRequest, object_id: str | None = None, form_url: str = "",
                        extra_context: dict | None = None):
        """Django's add and change page (a form opened on an older version of the record is
        refused: :mod:`core.concurrency`), with a last defence for a rule the forms did not
        foresee: when saving breaks a database constraint (``IntegrityError``), the save is
        rolled back as a whole, the constraint is logged, and the page is shown again with
        everything the clerk typed and the constraint's message (:func:`constraint_message`)
        as an error of the form, instead of a server error."""
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except IntegrityError as error:
            if request.method != "POST":
                raise
            logger.warning("constraint refused an admin save of %s: %s", self.model._meta.label, error)
            request._refused_by_constraint = constraint_message(
                error, [self.model, *(inline.model for inline in self.get_inlines(request, None))])
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_fieldsets(self, request: HttpRequest, obj=None):
        """The model's fieldsets; on a posted form of a model checked for duplicates
        (:class:`LikelyDuplicateFormMixin`), the "save anyway" box at the end of the first."""
        fieldsets = super().get_fieldsets(request, obj)
        if request.method == "POST" and LikelyDuplicateFormMixin.checks(self.model) and fieldsets:
            (name, options), *rest = fieldsets
            fields = [*options.get("fields", ()), "save_anyway"]
            fieldsets = [(name, {**options, "fields": fields}), *rest]
        return fieldsets

    def get_inlines(self, request: HttpRequest | None, obj=None) -> list:
        """The admin's ``inlines``, then those the record apps above this model's app add
        (:func:`core.registry.added_to` ``"admin_inlines"``: the gifts on an engagement's page)."""
        return [*super().get_inlines(request, obj),
                *map(import_string, added_to(self.model, "admin_inlines"))]

    def get_list_display(self, request: HttpRequest):
        """The list's columns, then those the record apps above add (``"admin_list_display"``:
        an item's giver)."""
        return [*super().get_list_display(request),
                *map(import_string, added_to(self.model, "admin_list_display"))]

    def get_list_select_related(self, request: HttpRequest):
        """What the list reads with each row, with the relations the record apps above add for
        their columns (``"admin_list_select_related"``)."""
        selected = super().get_list_select_related(request)
        added = added_to(self.model, "admin_list_select_related")
        if selected is True or not added:
            return selected
        return [*(selected or ()), *added]

    def get_form(self, request: HttpRequest, obj=None, **kwargs):
        if LikelyDuplicateFormMixin.checks(self.model):
            base = kwargs.get("form", self.form)
            kwargs["form"] = type(base.__name__, (LikelyDuplicateFormMixin, base), {
                "save_anyway": forms.BooleanField(
                    label=_("Save anyway"), required=False,
                    help_text=_("Tick it only when the page warns of a likely duplicate that is "
                                "another record."))})
        form_class = super().get_form(request, obj, **kwargs)
        message = getattr(request, "_refused_by_constraint", None)
        if message is None:
            return form_class

        class RefusedForm(form_class):
            def clean(self):
                super().clean()
                raise ValidationError(message, code="constraint")

        return RefusedForm

    def response_action(self, request: HttpRequest, queryset: QuerySet):
        """Run the chosen action, unless a chosen record id is not a possible id (a tampered
        form): then nothing is changed and the list says, in Django's own words, that items
        must be selected (Django would filter by the bad id and fail)."""
        for raw in request.POST.getlist(ACTION_CHECKBOX_NAME):
            try:
                checked_pk(self.model._meta.pk, raw)
            except Http404:
                self.message_user(request, _("Items must be selected in order to perform actions "
                                             "on them. No items have been changed."), messages.WARNING)
                return None
        return super().response_action(request, queryset)

    @admin.display(description=_("dates"), ordering="start_date")
    def dates(self, obj) -> str:
        """A dated record's dates (:class:`core.models.DatedModel`) to their precision as staff
        type them, for ``list_display``: ``111/08/16至111/08/28``, ``2022-08-16 – 2022-08-28``
        (:func:`core.dates.format_date_range_input`)."""
        return format_date_range_input(obj.start_date, obj.end_date, obj.date_precision,
                                       ongoing=obj.open_end_means_ongoing)


class PreviewAdminMixin:
    """Links from the change form to the record's public page as it would be published (a
    draft, an embargoed record), in each language (:func:`core.review.preview`), for staff
    with the view permission."""

    def get_urls(self):
        opts = self.model._meta
        return [
            path("<path:object_id>/preview/<str:language>/", self.admin_site.admin_view(self.preview_view),
                 name=f"{opts.app_label}_{opts.model_name}_preview"),
            *super().get_urls(),
        ]

    def preview_view(self, request: HttpRequest, object_id: str, language: str) -> HttpResponse:
        """The record's public page as it would be published (a draft, an embargoed record), in
        ``language``, for staff with the view permission (:func:`core.review.preview`)."""
        record = self.model._default_manager.filter(
            pk=checked_pk(self.model._meta.pk, unquote(object_id))).first()
        if record is None or language not in dict(settings.LANGUAGES):
            raise Http404
        if not self.has_view_or_change_permission(request, record):
            raise PermissionDenied
        with translation.override(language):  # the banner in the page's language
            banner = _("Preview of the record as it would be published, not public: %(record)s") % {
                "record": record}
        return review.preview(request, record, language=language, banner=banner)

    def preview_urls(self, record) -> list[tuple[str, str]]:
        """``(language name, URL)`` of the record's preview in each language, or ``[]`` for a
        model without a public page."""
        if not isinstance(record, PublicPageModel):
            return []
        opts = self.model._meta
        return [(str(name), reverse(f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_preview",
                                    args=[record.pk, code])) for code, name in settings.LANGUAGES]

    def render_change_form(self, request: HttpRequest, context: dict, add=False, change=False,
                           form_url="", obj=None):
        if obj is not None and obj.pk is not None:
            context["preview_urls"] = self.preview_urls(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)


class PublishableRecordAdmin(PreviewAdminMixin, PublishableAdminMixin, RecordAdmin):
    """:class:`RecordAdmin` for a model with a publication state
    (:class:`core.models.PublishableModel`): the state in lists and filters, the publish and
    unpublish actions, the state read-only for users who may not publish (whose changes to a
    published record are kept for review, :class:`ReviewAdminMixin`), and the preview
    (:class:`PreviewAdminMixin`)."""


class RecordInlineMixin:
    """What every inline of the back office shares: the record form and formset, no blank rows
    until staff ask for one, and rows ordered by moving them where the model has a
    ``position`` (``core/js/inline-order.js``)."""

    extra = 0
    form = RecordForm
    formset = ConstraintFormSet

    @property
    def media(self) -> forms.Media:
        media = super().media
        if any(field.name == "position" for field in self.model._meta.fields):
            media += forms.Media(js=["core/js/inline-order.js"])
        return media + forms.Media(css={"all": ["core/css/admin-inlines.css"]})


class TabularRecordInline(RecordInlineMixin, VersionFieldsetMixin, DateDisplayMixin,
                          PersonalDataAdminMixin, StaffInputMixin, TranslationTabularInline):
    """The base of every inline shown as a table: personal data by permission, staff input
    rules, translated fields, the model's uniqueness rules checked across the rows
    (:class:`core.forms.ConstraintFormSet`).

    With ``language_tabs = False`` the translated fields it lists (``title_zh_hant``,
    ``title_en``) are plain columns: modeltranslation otherwise puts a tab bar in every cell of a
    table, which made the participant rows 2,088 px wide."""

    language_tabs = True

    def formfield_for_dbfield(self, db_field: models.Field, request: HttpRequest | None, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and not self.language_tabs:
            classes = field.widget.attrs.get("class", "").split()
            field.widget.attrs["class"] = " ".join(name for name in classes
                                                   if name != "mt" and not name.startswith("mt-"))
        return field


class StackedRecordInline(RecordInlineMixin, VersionFieldsetMixin, DateDisplayMixin,
                          PersonalDataAdminMixin, StaffInputMixin, TranslationStackedInline):
    """The base of every inline shown as stacked forms (photos, partnerships), with personal
    data by permission and the same rules as :class:`TabularRecordInline`."""


class StaffAdmin(DateDisplayMixin, StaffInputMixin, admin.ModelAdmin):
    """The base of every admin of a model that is not a record of a record app (the review
    queue, the report page, staff accounts and groups, the login logs): the staff input rules
    (:class:`StaffInputMixin`) and dates written as staff type them (:class:`DateDisplayMixin`),
    as on :class:`RecordAdmin`. Put it before a library's admin class to keep that class's pages
    (``class UserAdmin(StaffAdmin, django.contrib.auth.admin.UserAdmin)``)."""


class ReadOnlyAdmin(ReadOnlyAdminMixin, StaffAdmin):
    """:class:`StaffAdmin` of a page that shows rows and never writes them
    (:class:`ReadOnlyAdminMixin`: the review queue, the report page)."""


def change_url(record: models.Model, site: admin.AdminSite = admin.site) -> str:
    """The path of the admin page where staff edit ``record`` (a saved model instance): its own
    change page, else, for a row kept in an inline (a main guest of a reporting period), its
    parent's, found by the record's first foreign key to a model with an admin; ``""`` when
    there is none."""
    for candidate in (record, *(getattr(record, field.name) for field in record._meta.concrete_fields
                                if field.many_to_one)):
        if candidate is not None and candidate.pk is not None and site.is_registered(type(candidate)):
            opts = candidate._meta
            return reverse(f"{site.name}:{opts.app_label}_{opts.model_name}_change", args=[candidate.pk])
    return ""
