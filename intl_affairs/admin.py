"""Admin building blocks shared by the apps."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db import models
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .forms import CheckedImageField, RocAdminDateWidget, RocDateField, RocSplitDateTimeField
from .models import PublicationStatus
from .names import normalise_name


class StaffInputMixin:
    """The form fields clerks type and upload into, for an admin class or inline:

    - every date accepts ISO and ROC forms (111/08/16, 111年8月16日...):
      :class:`intl_affairs.forms.RocDateField`, also the date of a date-time (the embargo
      ``publish_from``): :class:`intl_affairs.forms.RocSplitDateTimeField`;
    - every image is checked by decoding it: :class:`intl_affairs.forms.CheckedImageField`.

    Put it on every admin class and inline whose model has a ``DateField``, an editable
    ``DateTimeField`` or an ``ImageField``; a test checks none is missed. (A method, not
    ``formfield_overrides``, so an admin's own overrides do not undo it.)
    """

    def formfield_for_dbfield(self, db_field: models.Field, request: HttpRequest | None, **kwargs):
        if type(db_field) is models.DateField:
            kwargs.setdefault("form_class", RocDateField)
            kwargs.setdefault("widget", RocAdminDateWidget)
        elif type(db_field) is models.DateTimeField:
            kwargs.setdefault("form_class", RocSplitDateTimeField)
        elif isinstance(db_field, models.ImageField):
            kwargs.setdefault("form_class", CheckedImageField)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class NormalisedSearchMixin:
    """Adds matches on normalised name keys to the admin search (and so to autocomplete).

    ``normalised_search_fields`` names ``search_key`` fields (possibly across relations); the
    term is folded by :func:`intl_affairs.names.normalise_name`, so 朗·尼倫伯格 finds 朗．尼倫伯格
    and Vaiciukeviciute finds Vaičiukevičiūtė.
    """

    normalised_search_fields: tuple[str, ...] = ()

    def get_search_results(self, request: HttpRequest, queryset: QuerySet, search_term: str):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        key = normalise_name(search_term)
        if key and self.normalised_search_fields:
            condition = Q()
            for field in self.normalised_search_fields:
                condition |= Q(**{f"{field}__contains": key})
            results = results | queryset.filter(condition)
            may_have_duplicates = True
        return results, may_have_duplicates


class PublishableAdminMixin:
    """Publication state in the list, a filter on it, and publish / unpublish actions."""

    actions = ["publish", "unpublish"]

    @admin.action(description=_("Publish the selected records"), permissions=["change"])
    def publish(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = queryset.update(status=PublicationStatus.PUBLISHED)
        self.message_user(request, ngettext(
            "%(count)d record published.", "%(count)d records published.", count
        ) % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Unpublish the selected records (back to draft)"),
                  permissions=["change"])
    def unpublish(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = queryset.update(status=PublicationStatus.DRAFT)
        self.message_user(request, ngettext(
            "%(count)d record returned to draft.", "%(count)d records returned to draft.", count
        ) % {"count": count}, messages.SUCCESS)
