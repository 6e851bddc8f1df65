"""The office's figures as charts (:mod:`core.charts`), for the public figures page and the admin
report page: one list of charts serves both.

- Reception cases and their person-times per half-year, computed from the records
  (:meth:`visits.models.EngagementQuerySet.totals_by_half_year`, the same count as the chapter's
  totals) beside the officially reported totals (:class:`visits.models.ReportingPeriod`), over
  the last ``MAX_HALF_YEARS`` half-years up to the newest with either;
- activities (engagements by kind, and exhibitions) by kind;
- activities by country or region of the counterparts (engagements) and of the featured
  cities that count (exhibitions), the ``MAX_COUNTRIES`` with the most (equal totals by slug,
  so both languages show the same countries);
- partnerships established per decade, by kind.

Which records count is the caller's ``select``: the public page passes the public records
(``queryset.public()``, :mod:`core.visibility`), the report page the chapter's rule
(:func:`reports.builder.select_records`). Partnerships count where their city is selected.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from cities.models import City, Partnership, PartnershipKind
from core import timeline
from core.charts import Chart, Series
from core.dates import HalfYear, format_decade
from exhibitions.models import Exhibition
from visits.models import Engagement, ReportingPeriod

MAX_HALF_YEARS = 10
MAX_COUNTRIES = 12

Select = Callable[[QuerySet], QuerySet]


def figure_charts(language: str, select: Select, *, period: HalfYear | None = None) -> list[Chart]:
    """The charts of the office's figures, labelled in ``language`` (run with it active: names
    of countries and kinds come from the active language).

    ``select`` takes a QuerySet of a record model and returns the records that count.
    ``period`` (a :class:`HalfYear`, the report page's choice) ends the half-year charts and
    limits the charts by kind and by country to that half-year; without it (the public page)
    they cover every record.
    """
    engagements = select(Engagement.objects.all())
    exhibitions = select(Exhibition.objects.all())
    if period is not None:
        engagements = engagements.in_period(period)
        exhibitions = exhibitions.overlapping(period.start, period.end)
    return [
        *_half_year_charts(language, select(Engagement.objects.all()), period),
        _kind_chart(engagements, exhibitions, period, language),
        _country_chart(engagements, exhibitions, select(City.objects.all()), period, language),
        _decade_chart(Partnership.objects.filter(city__in=select(City.objects.all())), language),
    ]


def _half_years(computed: dict, reported: dict, last: HalfYear | None) -> list[HalfYear]:
    """Every half-year from the first with a figure to ``last`` (default: the newest with one),
    at most ``MAX_HALF_YEARS``, oldest first; none when nothing has a figure."""
    known = [p for p in [*computed, *reported] if last is None or p <= last]
    if not known and last is None:
        return []
    end = last or max(known)
    first = min(known, default=end)
    periods = [end]
    while len(periods) < MAX_HALF_YEARS and periods[-1] > first:
        periods.append(periods[-1].previous())
    return periods[::-1]


def _half_year_charts(language: str, engagements: QuerySet, last: HalfYear | None) -> list[Chart]:
    computed = engagements.totals_by_half_year()
    reported = ReportingPeriod.objects.reported_totals()
    periods = _half_years(computed, reported, last)
    charts = []
    for figure, title, note in (
        ("cases", _("Reception cases per half-year"),
         _("Receptions of foreign visitors, video conferences and outbound visits, counted from the "
           "records, beside the figure the office reported for the half-year.")),
        ("person_times", _("Person-times of reception per half-year"),
         _("Foreign guests received: the number of persons recorded for each case, else its foreign "
           "participants, beside the figure the office reported for the half-year.")),
    ):
        charts.append(Chart(
            slug=figure.replace("_", "-"), title=title, note=note, category_header=_("Half-year"),
            categories=tuple(p.short_label(language) for p in periods),
            category_labels=tuple(p.label(language) for p in periods),
            series=(
                Series(_("Computed from the records"),
                       tuple(computed.get(p, {}).get(figure, 0) for p in periods)),
                Series(_("Officially reported"),
                       tuple(reported.get(p, {}).get(figure) for p in periods)),
            ),
        ))
    return charts


def _scope(title: str, period: HalfYear | None, language: str) -> str:
    """``title``, followed by the half-year it is limited to, if any."""
    if period is None:
        return title
    return _("%(title)s (%(period)s)") % {"title": title, "period": period.label(language)}


def _kind_chart(engagements: QuerySet, exhibitions: QuerySet, period: HalfYear | None,
                language: str) -> Chart:
    counts = {**engagements.counts_by_kind(), Exhibition.timeline_kind: exhibitions.count()}
    kinds = [(label, counts[code]) for code, label in timeline.kind_choices() if counts.get(code)]
    return Chart(
        slug="kinds", title=_scope(_("Activities by kind"), period, language), kind="horizontal",
        note=_("Every engagement counts once, under its kind; exhibitions are a kind of their own."),
        category_header=_("Kind"), categories=tuple(str(label) for label, _count in kinds),
        series=(Series(_("Activities"), tuple(count for _label, count in kinds)),),
    )


def _country_chart(engagements: QuerySet, exhibitions: QuerySet, cities: QuerySet,
                   period: HalfYear | None, language: str) -> Chart:
    by_engagement = engagements.counts_by_country()
    by_exhibition = exhibitions.counts_by_country(cities)
    def total(country) -> int:
        return by_engagement.get(country, 0) + by_exhibition.get(country, 0)

    # Which countries are shown is decided by their slug among equal totals, the same in every
    # language; only their order on the chart follows the language's names.
    countries = sorted(set(by_engagement) | set(by_exhibition), key=lambda c: (-total(c), c.slug))
    shown = sorted(countries[:MAX_COUNTRIES], key=lambda c: (-total(c), c.name))
    note = _("Engagements by the countries of their counterparts, exhibitions by the countries of the "
             "cities they feature; an activity with two countries counts in each.")
    if len(countries) > len(shown):
        note += " " + _("The %(shown)d of %(total)d countries and regions with the most activities.") % {
            "shown": len(shown), "total": len(countries)}
    return Chart(
        slug="countries", title=_scope(_("Activities by country or region"), period, language),
        kind="horizontal-stacked", note=note, category_header=_("Country or region"),
        categories=tuple(c.name for c in shown),
        series=(Series(_("Engagements"), tuple(by_engagement.get(c, 0) for c in shown)),
                Series(_("Exhibitions"), tuple(by_exhibition.get(c, 0) for c in shown))),
    )


def _decade_chart(partnerships: QuerySet, language: str) -> Chart:
    counts = partnerships.counts_by_decade()
    decades: list[int] = []
    if counts:
        first, last = min(d for d, _k in counts), max(d for d, _k in counts)
        decades = list(range(first, last + 10, 10))
    kinds = [kind for kind in PartnershipKind if any(k == kind for _d, k in counts)]
    return Chart(
        slug="decades", title=_("Partnerships established per decade"), kind="stacked",
        note=_("Every agreement signed, by the decade of its signing and its kind; an upgrade (a "
               "memorandum becoming a friendship city) is an agreement of its own."),
        category_header=_("Decade"), categories=tuple(format_decade(d, language) for d in decades),
        series=tuple(Series(PartnershipKind.public_label_of(kind),
                            tuple(counts.get((d, kind), 0) for d in decades)) for kind in kinds),
    )
