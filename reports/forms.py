"""The choices of the admin "Half-year report" page."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.dates import HalfYear
from visits.models import Engagement, ReportingPeriod

from .writers import FORMATS


def periods_on_record() -> set[HalfYear]:
    """Half-years with engagements or a reporting period on record."""
    periods = {HalfYear.containing(day) for day in Engagement.objects.dates("start_date", "month")}
    periods.update(p.half_year for p in ReportingPeriod.objects.all())
    return periods


def available_periods() -> list[HalfYear]:
    """Half-years staff may report on, newest first: :func:`periods_on_record` and the current."""
    return sorted(periods_on_record() | {HalfYear.containing(timezone.localdate())}, reverse=True)


def default_period() -> HalfYear:
    """The half-year the page opens on: the newest one up to now with records (the chapter staff
    are writing), else the current one."""
    current = HalfYear.containing(timezone.localdate())
    return max((p for p in periods_on_record() if p <= current), default=current)


class ReportForm(forms.Form):
    """Which chapter to build: half-year, language, whether drafts are included.

    ``cleaned_data["period"]`` is a :class:`HalfYear`.
    """

    period = forms.TypedChoiceField(label=_("Half-year"), coerce=HalfYear.parse)
    language = forms.ChoiceField(label=_("Language of the chapter"),
                                 choices=[("zh-hant", _("Traditional Chinese")), ("en", _("English"))])
    include_drafts = forms.BooleanField(
        label=_("Include drafts"), required=False,
        help_text=_("Drafts may be unfinished; their paragraphs are marked 【草稿】 / [DRAFT]."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        language = get_language()
        self.fields["period"].choices = [(str(p), f"{p.label(language)} ({p})") for p in available_periods()]


class DownloadForm(ReportForm):
    """A chapter and the file format to download it in."""

    format = forms.ChoiceField(label=_("Format"), choices=[(name, name.upper()) for name in FORMATS])
