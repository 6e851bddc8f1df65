"""The review queue in the admin (*Revisions for review*): publishers see the pending revisions
of the models they may publish, each with its field-by-field difference, and approve or reject
it with a comment; authors see their own revisions and their outcome, and may withdraw one
while it is pending. The operations are :mod:`core.review`; this module only shows them.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_permission_codename
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from . import review
from .admin import ReadOnlyAdmin, checked_pk
from .models import Revision, RevisionStatus


def visible_revisions(user, queryset: QuerySet) -> QuerySet:
    """The revisions of ``queryset`` that ``user`` may see: their own, and every revision of
    a model they may publish (:func:`core.review.may_publish`)."""
    if user.is_superuser:
        return queryset
    publishable = [content_type.pk for content_type in ContentType.objects.filter(
        pk__in=Revision.objects.values("content_type"))
        if content_type.model_class() is not None
        and review.may_publish(user, content_type.model_class())]
    return queryset.filter(Q(author=user) | Q(content_type__in=publishable))


class StateFilter(admin.SimpleListFilter):
    """Pending revisions unless another state (or all) is chosen."""

    title = _("review status")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [*RevisionStatus.choices, ("all", _("All"))]

    def queryset(self, request, queryset):
        value = self.value() or RevisionStatus.PENDING
        return queryset if value == "all" else queryset.filter(status=value)

    def choices(self, changelist):
        current = self.value() or RevisionStatus.PENDING
        for value, label in self.lookup_choices:
            yield {"selected": current == value, "display": label,
                   "query_string": changelist.get_query_string({self.parameter_name: value})}


class AuthorFilter(admin.SimpleListFilter):
    """My revisions, or other people's."""

    title = _("author")
    parameter_name = "by"

    def lookups(self, request, model_admin):
        return [("me", _("Mine")), ("others", _("Other people's"))]

    def queryset(self, request, queryset):
        if self.value() == "me":
            return queryset.filter(author=request.user)
        if self.value() == "others":
            return queryset.exclude(author=request.user)
        return queryset


@admin.register(Revision)
class RevisionAdmin(ReadOnlyAdmin):
    """The queue of revisions and each revision's review page (``<id>/change/``), with the
    staff input rules of every admin (:class:`core.admin.StaffInputMixin`: ROC dates) and its
    dates written as staff type them (:class:`core.admin.DateDisplayMixin`)."""

    list_display = ["record_label", "content_type", "author", "created_at", "status", "reviewer",
                    "decided_at"]
    list_filter = [StateFilter, AuthorFilter, ("content_type", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["content_type", "author", "reviewer"]
    search_fields = ["record_label"]
    review_template = "admin/core/revision/review.html"

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        if not self.has_module_permission(request):
            return False
        return obj is None or visible_revisions(request.user, Revision.objects.filter(pk=obj.pk)).exists()

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return visible_revisions(request.user, super().get_queryset(request))

    def get_urls(self):
        return [
            path("<path:object_id>/preview/<str:language>/", self.admin_site.admin_view(self.preview_view),
                 name="core_revision_preview"),
            *super().get_urls(),
        ]

    def preview_view(self, request: HttpRequest, object_id: str, language: str):
        """The record's public page with the pending revision applied
        (:func:`core.review.preview`), for staff who may view the record's model."""
        revision = Revision.objects.filter(pk=checked_pk(Revision._meta.pk, unquote(object_id))).first()
        if revision is None or language not in dict(settings.LANGUAGES):
            raise Http404
        record = revision.live_record()
        opts = revision.record_model._meta
        if not request.user.has_perm(f"{opts.app_label}.{get_permission_codename('view', opts)}"):
            raise PermissionDenied
        if record is None or revision.status != RevisionStatus.PENDING:
            raise Http404
        with translation.override(language):  # the banner in the page's language
            banner = _("Preview of revision %(number)s of “%(record)s”, not approved: not public.") % {
                "number": revision.pk, "record": revision.record_label}
        return review.preview(request, record, language=language, revision=revision, banner=banner)

    def change_view(self, request: HttpRequest, object_id: str, form_url: str = "",
                    extra_context: dict | None = None):
        """The review page: the difference, and the decision (approve or reject with a
        comment; withdraw for the author). A POST names the step by its button."""
        pk = checked_pk(Revision._meta.pk, unquote(object_id))
        revision = self.get_queryset(request).filter(pk=pk).select_related(
            "content_type", "author", "reviewer").first()
        if revision is None:
            raise Http404
        if request.method == "POST":
            return self._decide(request, revision)
        if revision.author_id == request.user.pk and not revision.outcome_seen and revision.decided_at:
            Revision.objects.filter(pk=revision.pk).update(outcome_seen=True)
        pending = revision.status == RevisionStatus.PENDING
        live = revision.live_record()
        opts = revision.record_model._meta
        context = {
            **self.admin_site.each_context(request),
            "title": str(revision),
            "opts": self.model._meta,
            "revision": revision,
            "diff": review.revision_diff(revision, request.user),
            "changed_since": review.changed_since(revision) if pending else [],
            "may_review": pending and review.may_review(request.user, revision),
            "may_withdraw": pending and revision.author_id == request.user.pk,
            "live": live,
            "live_url": reverse(f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_change",
                                args=[live.pk]) if live is not None else "",
            "preview_urls": [
                (str(name), reverse(f"{self.admin_site.name}:core_revision_preview",
                                    args=[revision.pk, code]))
                for code, name in settings.LANGUAGES] if pending and live is not None else [],
            "history": revision.history.select_related("history_user").order_by("history_date"),
        }
        return TemplateResponse(request, self.review_template, {**context, **(extra_context or {})})

    def _decide(self, request: HttpRequest, revision: Revision):
        comment = request.POST.get("comment", "")
        try:
            if "_approve" in request.POST:
                review.approve(revision, reviewer=request.user, comment=comment)
                message = _("Revision %(number)s approved: “%(record)s” is published as reviewed.")
            elif "_reject" in request.POST:
                review.reject(revision, reviewer=request.user, comment=comment)
                message = _("Revision %(number)s rejected; its author will see your comment.")
            elif "_withdraw" in request.POST:
                review.withdraw(revision, user=request.user)
                message = _("Revision %(number)s withdrawn.")
            else:
                raise PermissionDenied
        except review.ReviewError as error:
            self.message_user(request, str(error), messages.ERROR)
            return HttpResponseRedirect(request.path)
        self.message_user(request, message % {"number": revision.pk, "record": revision.record_label},
                          messages.SUCCESS)
        return HttpResponseRedirect(reverse(f"{self.admin_site.name}:core_revision_changelist"))
