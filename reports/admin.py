"""The admin "Half-year report" page: choose a half-year (any, listed or typed), the language and
where the numbering starts, compare the computed totals with the reported ones, preview the
chapter and download it (ODT, DOCX) or its statistics (ODS, XLSX); a link edits the period's
reported figures and opening texts.

Only users with the permission ``reports.export_report`` reach it (superusers have every
permission); others get 403.
"""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyAdmin, change_url
from core.forms import errors_line
from visits.models import ReportingPeriod

from .builder import build_chapter, select_records
from .figures import figure_charts
from .forms import DownloadForm, GiftRegisterForm, ReportForm, default_period
from .gift_register import CONTENT_TYPES, register_file_name, write_register
from .models import HalfYearReport
from .writers import FORMATS, file_name, render

PERMISSION = "reports.export_report"
# The gift register is exported by whoever may read the gifts.
GIFT_REGISTER_PERMISSION = "gifts.view_gift"


@admin.register(HalfYearReport)
class HalfYearReportAdmin(ReadOnlyAdmin):
    """Not a list of records: the model's admin entry opens the report page."""

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return request.user.has_perm(PERMISSION)

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("", self.admin_site.admin_view(self.report_view), name=f"{prefix}_changelist"),
            path("download/", self.admin_site.admin_view(self.download_view), name=f"{prefix}_download"),
            path("gift-register/", self.admin_site.admin_view(self.gift_register_view),
                 name=f"{prefix}_gift_register"),
        ]

    def _check_permission(self, request: HttpRequest) -> None:
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied

    def report_view(self, request: HttpRequest) -> TemplateResponse:
        """The page: the form, and for a valid choice the totals, downloads and text preview."""
        self._check_permission(request)
        data = request.GET if "period" in request.GET else None
        if data is None:
            language = "en" if (get_language() or "").startswith("en") else "zh-hant"
            data = {"period": str(default_period()), "language": language}
        form = ReportForm(data, may_read_gifts=_may_read_gifts(request))
        chapter = None
        if form.is_valid():
            chapter = _build(form)
        downloads = []
        if chapter is not None:
            choice = {"period": str(chapter.period), "language": chapter.language}
            if form.cleaned_data["outline_level"] is not None:
                choice["outline_level"] = str(chapter.outline_level)
            for name in ("include_drafts", "with_gifts", "with_gift_values"):
                if getattr(chapter, name):
                    choice[name] = "on"
            downloads = [{"format": name.upper(), "is_text": spec.is_text,
                          "file_name": file_name(chapter, name),
                          "query": urlencode({**choice, "format": name})} for name, spec in FORMATS.items()]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Half-year report"),
            "opts": self.opts,
            "form": form,
            "chapter": chapter,
            "period_label": chapter.period.label(get_language()) if chapter else "",
            "downloads": downloads,
            "period_admin_url": _period_admin_url(request, chapter.period) if chapter else "",
            "charts": _charts(chapter) if chapter else [],
            "chapter_language": dict(form.fields["language"].choices).get(chapter.language)
            if chapter else "",
            "untranslated": [(entry, change_url(entry.record, self.admin_site))
                             for entry in chapter.untranslated] if chapter else [],
        }
        return TemplateResponse(request, "admin/reports/half_year_report.html", context)

    def download_view(self, request: HttpRequest) -> HttpResponse:
        """The chosen chapter as a file; for a missing or bad choice, ``BadRequest`` with each
        field's label and error (the 400 page, in the user's language)."""
        self._check_permission(request)
        form = DownloadForm(request.GET, may_read_gifts=_may_read_gifts(request))
        if not form.is_valid():
            raise BadRequest(errors_line(form))
        chapter = _build(form)
        name = form.cleaned_data["format"]
        response = HttpResponse(render(chapter, name), content_type=FORMATS[name].content_type)
        response["Content-Disposition"] = f'attachment; filename="{file_name(chapter, name)}"'
        return response


    def gift_register_view(self, request: HttpRequest) -> HttpResponse:
        """The gift register's export page: choose a year (or the whole register), the language
        and ODS or XLSX; a valid choice downloads the workbook (:mod:`reports.gift_register`),
        an invalid one shows the form with its errors. Needs ``gifts.view_gift``."""
        if not request.user.has_perm(GIFT_REGISTER_PERMISSION):
            raise PermissionDenied
        submitted = "year" in request.GET
        form = GiftRegisterForm(request.GET if submitted else None)
        if submitted and form.is_valid():
            year, language, name = (form.cleaned_data[key] for key in ("year", "language", "format"))
            response = HttpResponse(write_register(year, language, name), content_type=CONTENT_TYPES[name])
            response["Content-Disposition"] = (
                f'attachment; filename="{register_file_name(year, language, name)}"')
            return response
        context = {
            **self.admin_site.each_context(request),
            "title": _("Gift register"),
            "opts": self.opts,
            "form": form,
        }
        return TemplateResponse(request, "admin/reports/gift_register.html", context)


def _may_read_gifts(request: HttpRequest) -> bool:
    return request.user.has_perm(GIFT_REGISTER_PERMISSION)


def _build(form: ReportForm):
    data = form.cleaned_data
    return build_chapter(data["period"], data["language"], include_drafts=data["include_drafts"],
                         outline_level=data["outline_level"], with_gifts=data.get("with_gifts", False),
                         with_gift_values=data.get("with_gift_values", False))


def _charts(chapter) -> list:
    """The charts of :mod:`reports.figures` for the chapter's half-year, counting its records
    (drafts too where the chapter includes them), labelled in the admin's language."""
    return figure_charts(get_language(), lambda queryset: select_records(queryset, chapter.include_drafts),
                         period=chapter.period)


def _period_admin_url(request: HttpRequest, period) -> str:
    """Where staff enter ``period``'s reported figures and opening texts: the change page of its
    :class:`visits.models.ReportingPeriod`, or the add page with year and half filled in; ``""``
    for a user who may do neither."""
    record = ReportingPeriod.objects.for_half_year(period)
    if record is not None:
        if request.user.has_perm("visits.change_reportingperiod"):
            return reverse("admin:visits_reportingperiod_change", args=[record.pk])
        return ""
    if request.user.has_perm("visits.add_reportingperiod"):
        query = urlencode({"year": period.year, "half": period.half})
        return f"{reverse('admin:visits_reportingperiod_add')}?{query}"
    return ""
