"""The choices of the admin "Half-year report" page, and the half-years it lists."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cities.models import Partnership
from core.dates import DatePrecision, HalfYear
from core.forms import HalfYearField
from exhibitions.models import Exhibition
from gifts.models import Gift
from visits.models import Engagement, ReportingPeriod

from .builder import OUTLINE_LEVELS
from .numbering import outline_example
from .writers import FORMATS


def _spanned(start: datetime.date, end: datetime.date | None) -> set[HalfYear]:
    """The half-years from the one containing ``start`` to the one containing ``end`` (dates;
    ``None``: ``start``'s alone, as :meth:`core.models.DatedQuerySet.overlapping` counts an open
    end)."""
    first, last = HalfYear.containing(start), HalfYear.containing(end or start)
    periods = {first}
    while first < last:
        first = first.next()
        periods.add(first)
    return periods


def periods_on_record() -> set[HalfYear]:
    """Half-years with any record: an engagement starting in it, an exhibition running in it, a
    partnership established (to a date that places it in a half-year) or ended in it, or a
    reporting period entered for it. Drafts count: staff write the chapter of a half-year before
    its records are published."""
    periods = {HalfYear.containing(day) for day in Engagement.objects.dates("start_date", "month")}
    for start, end in Exhibition.objects.order_by().values_list("start_date", "end_date").distinct():
        periods |= _spanned(start, end)
    established = (Partnership.objects.exclude(established_on=None)
                   .exclude(established_precision=DatePrecision.YEAR).dates("established_on", "month"))
    ended = Partnership.objects.exclude(ended_on=None).dates("ended_on", "month")
    periods.update(HalfYear.containing(day) for day in [*established, *ended])
    periods.update(p.half_year for p in ReportingPeriod.objects.all())
    return periods


def available_periods() -> list[HalfYear]:
    """Half-years offered on the page, newest first: :func:`periods_on_record` and the current."""
    return sorted(periods_on_record() | {HalfYear.containing(timezone.localdate())}, reverse=True)


def default_period() -> HalfYear:
    """The half-year the page opens on: the newest one up to now with records (the chapter staff
    are writing), else the current one."""
    current = HalfYear.containing(timezone.localdate())
    return max((p for p in periods_on_record() if p <= current), default=current)


def _outline_choices() -> list[tuple[str, str]]:
    return [("", _("as the source: 1、 （1） 1. in Chinese, I. 1. (a) in English"))] + [
        (str(level), f"{outline_example(level, 3, 'zh-hant')} · {outline_example(level, 3, 'en')}")
        for level in OUTLINE_LEVELS
    ]


class ReportForm(forms.Form):
    """Which chapter to build: half-year (any valid one, listed or typed in the address, as the
    ``export_report`` command accepts it), language, outline level, whether drafts are included,
    whether the gift part is added and with the values (``export_report --with-gifts
    --with-gift-values``).

    ``cleaned_data["period"]`` is a :class:`HalfYear`, ``cleaned_data["outline_level"]`` an int
    of :data:`reports.builder.OUTLINE_LEVELS` or ``None`` (the language's default).
    """

    period = HalfYearField(label=_("Half-year"))
    language = forms.ChoiceField(label=_("Language of the chapter"),
                                 choices=[("zh-hant", _("Traditional Chinese")), ("en", _("English"))])
    outline_level = forms.TypedChoiceField(
        label=_("Numbering starts at"), required=False, coerce=int, empty_value=None,
        choices=_outline_choices,
        help_text=_("The source numbers the chapter 1、 / （1） / 1. because it sits inside the bureau's "
                    "section of the city's report. Choose 壹、 for a chapter that stands alone: only then "
                    "is its title printed above it."),
    )
    include_drafts = forms.BooleanField(
        label=_("Include drafts"), required=False,
        help_text=_("Drafts may be unfinished; their paragraphs are marked 【草稿】 / [DRAFT]."),
    )
    with_gifts = forms.BooleanField(
        label=_("Add the gifts"), required=False,
        help_text=_("A fourth part listing the gifts received and given in the half-year, from the gift "
                    "register."),
    )
    with_gift_values = forms.BooleanField(
        label=_("With the gifts' values"), required=False,
        help_text=_("Each gift's estimated value, in the gift part. Values are the office's own: add them "
                    "only to a chapter that may carry them."),
    )

    def __init__(self, *args, may_read_gifts: bool = True, **kwargs) -> None:
        """``may_read_gifts``: whether the user may read the gift register (``gifts.view_gift``);
        without it the gift choices are not offered and never applied."""
        super().__init__(*args, **kwargs)
        if not may_read_gifts:
            del self.fields["with_gifts"], self.fields["with_gift_values"]
        field = self.fields["period"]
        field.half_years = available_periods()
        if self.is_bound:
            field.offer(self.data.get(self.add_prefix("period")))

    def clean(self) -> dict:
        """The values go in the gift part: asking for them without it is an error on the field."""
        data = super().clean()
        if data.get("with_gift_values") and not data.get("with_gifts"):
            self.add_error("with_gift_values", _("The values are printed in the gift part: tick “Add the "
                                                 "gifts” too."))
        return data


class DownloadForm(ReportForm):
    """A chapter and the file format to download it in."""

    format = forms.ChoiceField(label=_("Format"), choices=[(name, name.upper()) for name in FORMATS])


def gift_register_years() -> list[int]:
    """The Gregorian years with a gift on the register (by its date, else its engagement's),
    newest first."""
    years = {day.year for day in Gift.objects.dates("given_on", "year")}
    years |= {day.year for day in Gift.objects.filter(given_on__isnull=True).exclude(engagement=None)
              .dates("engagement__start_date", "year")}
    return sorted(years, reverse=True)


class GiftRegisterForm(forms.Form):
    """Which register to export: ``cleaned_data["year"]`` is an int of
    :func:`gift_register_years` or ``None`` for the whole register; language; format (``ods``,
    ``xlsx``)."""

    year = forms.TypedChoiceField(label=_("Year"), empty_value=None,
                                  coerce=lambda value: int(value) if value != "all" else None)
    language = forms.ChoiceField(label=_("Language"),
                                 choices=[("zh-hant", _("Traditional Chinese")), ("en", _("English"))])
    format = forms.ChoiceField(label=_("Format"), choices=[("xlsx", "XLSX"), ("ods", "ODS")])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("all", _("the whole register"))] + [
            (str(year), str(year)) for year in gift_register_years()]
