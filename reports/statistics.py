"""The statistics tables of the half-year workbook (ODS, XLSX): totals, by kind, by country, by
month, by partner city, the partnerships established, upgraded or ended, and one row per
engagement.

A partner city is one with a partnership in force during the period; its kind of partnership is
the one in force at the period's end (for one that ended in the period, the one it had), never
a later one.

Every table counts the same engagements as the chapter (those starting in the period; drafts only
when the chapter includes them). ``person_times`` is :meth:`visits.models.EngagementQuerySet.
with_person_times`: the recorded headcount, else the number of foreign participants.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict

from cities.models import City, Partnership, PartnershipKind
from core.dates import DatePrecision, HalfYear, format_date, is_chinese
from core.i18n import join_list
from core.models import PublicationStatus
from exhibitions.models import Exhibition
from visits.models import RECEPTION_KINDS, Engagement, EngagementKind

from .document import Table, Totals

HEADERS = {
    "zh-hant": {
        "totals": "總計", "by_kind": "依類型", "by_country": "依國家", "by_month": "依月份",
        "by_city": "依姊妹市及友好城市", "changes": "締盟異動", "engagements": "交流紀錄",
        "figure": "項目", "computed": "依紀錄計算", "reported": "正式填報", "difference": "差異",
        "cases": "案數", "person_times": "人次", "kind": "類型", "counted": "列入外賓接待統計",
        "country": "國家", "month": "月份", "city": "城市", "partnership": "締盟類別",
        "engagement_count": "交流案數", "exhibition_count": "展覽數", "date": "日期", "title": "名稱",
        "cities": "姊妹市及友好城市", "countries": "國家", "status": "發布狀態",
        "yes": "是", "no": "否", "unknown_month": "月份不詳", "no_country": "未記錄",
        "all": "合計", "change": "異動", "previous": "原締盟類別", "ordinal": "締盟序號",
        "established": "締結", "upgraded": "升格", "ended": "終止",
    },
    "en": {
        "totals": "Totals", "by_kind": "By kind", "by_country": "By country", "by_month": "By month",
        "by_city": "By partner city", "changes": "Partnership changes", "engagements": "Engagements",
        "figure": "Figure", "computed": "Computed from the records", "reported": "Officially reported",
        "difference": "Difference", "cases": "Cases", "person_times": "Person-times", "kind": "Kind",
        "counted": "Counted as reception", "country": "Country", "month": "Month", "city": "City",
        "partnership": "Partnership", "engagement_count": "Engagements", "exhibition_count": "Exhibitions",
        "date": "Date", "title": "Title", "cities": "Partner cities", "countries": "Countries",
        "status": "Publication status", "yes": "yes", "no": "no", "unknown_month": "month not known",
        "no_country": "not recorded", "all": "Total", "change": "Change", "previous": "Previous kind",
        "ordinal": "Ordinal", "established": "established", "upgraded": "upgraded", "ended": "ended",
    },
}


def statistics_tables(period: HalfYear, language: str, engagements: list[Engagement],
                      exhibitions: list[Exhibition], partner_ids: set[int], totals: Totals,
                      include_drafts: bool = False) -> list[Table]:
    """Return the workbook's tables for ``period``. ``engagements`` carry ``person_times``
    (:meth:`~visits.models.EngagementQuerySet.with_person_times`) with ``cities`` and ``countries``
    prefetched; ``exhibitions`` have ``cities`` prefetched; ``partner_ids`` are the cities with a
    partnership in force during the period. Partnerships of draft cities are listed only with
    ``include_drafts``. Must run with ``language`` active.
    """
    h = HEADERS["zh-hant" if is_chinese(language) else "en"]
    yes_no = {True: h["yes"], False: h["no"]}

    def difference(computed: int, reported: int | None) -> int | None:
        return None if reported is None else computed - reported

    tables = [Table("totals", h["totals"], [h["figure"], h["computed"], h["reported"], h["difference"]], [
        [h["cases"], totals.computed_cases, totals.reported_cases,
         difference(totals.computed_cases, totals.reported_cases)],
        [h["person_times"], totals.computed_person_times, totals.reported_person_times,
         difference(totals.computed_person_times, totals.reported_person_times)],
    ])]

    kinds = Counter(e.kind for e in engagements)
    kind_people = Counter()
    for e in engagements:
        kind_people[e.kind] += e.person_times
    tables.append(Table("by_kind", h["by_kind"], [h["kind"], h["cases"], h["person_times"], h["counted"]], [
        [str(kind.label), kinds[kind], kind_people[kind], yes_no[kind in RECEPTION_KINDS]]
        for kind in EngagementKind if kinds[kind]
    ] + [[h["all"], len(engagements), sum(kind_people.values()), ""]]))

    by_country: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for e in engagements:
        for name in [c.name for c in e.countries.all()] or [h["no_country"]]:
            by_country[name][0] += 1
            by_country[name][1] += e.person_times
    countries = sorted(by_country.items(), key=lambda item: (-item[1][0], item[0]))
    tables.append(Table("by_country", h["by_country"], [h["country"], h["cases"], h["person_times"]],
                        [[name, cases, people] for name, (cases, people) in countries]))

    by_month: dict[datetime.date | None, list[int]] = defaultdict(lambda: [0, 0])
    for e in engagements:
        precise = e.date_precision in (DatePrecision.DAY, DatePrecision.MONTH)
        key = e.start_date.replace(day=1) if precise else None
        by_month[key][0] += 1
        by_month[key][1] += e.person_times
    months = sorted(k for k in by_month if k is not None)
    rows = [[format_date(m, DatePrecision.MONTH, language), *by_month[m]] for m in months]
    if None in by_month:
        rows.append([h["unknown_month"], *by_month[None]])
    tables.append(Table("by_month", h["by_month"], [h["month"], h["cases"], h["person_times"]], rows))

    engagement_count: Counter = Counter()
    exhibition_count: Counter = Counter()
    for e in engagements:
        engagement_count.update(c.pk for c in e.cities.all() if c.pk in partner_ids)
    for x in exhibitions:
        exhibition_count.update(c.pk for c in x.cities.all() if c.pk in partner_ids)
    city_ids = set(engagement_count) | set(exhibition_count)
    kinds_by_city: dict[int, list[str]] = defaultdict(list)
    ended_by_city: dict[int, list[str]] = defaultdict(list)
    active = set(Partnership.objects.active(period.end).values_list("pk", flat=True))
    in_force = Partnership.objects.in_force_during(period).filter(city_id__in=city_ids)
    for partnership in in_force.order_by("kind"):
        shown = kinds_by_city if partnership.pk in active else ended_by_city
        shown[partnership.city_id].append(PartnershipKind.public_label_of(partnership.kind))
    for city_id, kinds in ended_by_city.items():
        kinds_by_city.setdefault(city_id, kinds)
    tables.append(Table("by_city", h["by_city"], [h["city"], h["country"], h["partnership"],
                                                  h["engagement_count"], h["exhibition_count"]], [
        [city.name, city.country.name, join_list(kinds_by_city[city.pk]), engagement_count[city.pk],
         exhibition_count[city.pk]]
        for city in City.objects.filter(pk__in=city_ids).select_related("country")
    ]))

    tables.append(_changes_table(period, language, h, include_drafts))

    tables.append(Table("engagements", h["engagements"], [
        h["date"], h["kind"], h["title"], h["cities"], h["countries"], h["person_times"], h["counted"],
        h["status"]], [
        [e.date_display(language), e.get_kind_display(), e.title,
         join_list(c.name for c in e.cities.all()), join_list(c.name for c in e.countries.all()),
         e.person_times, yes_no[e.kind in RECEPTION_KINDS], e.get_status_display()]
        for e in engagements
    ]))
    return tables


def _changes_table(period: HalfYear, language: str, h: dict[str, str], include_drafts: bool) -> Table:
    """Partnerships established (new or upgraded) or ended without replacement in ``period``,
    by date: what the period changed in the city's partnerships."""
    cities = City.objects.all() if include_drafts else City.objects.filter(status=PublicationStatus.PUBLISHED)
    rows = []
    for partnership in (Partnership.objects.established_during(period).filter(city__in=cities)
                        .select_related("city__country", "replaces")):
        replaced = getattr(partnership, "replaces", None)
        rows.append((partnership.established_on, partnership, h["upgraded" if replaced else "established"],
                     format_date(partnership.established_on, partnership.established_precision, language),
                     PartnershipKind.public_label_of(replaced.kind) if replaced else ""))
    for partnership in (Partnership.objects.ended_during(period).filter(city__in=cities)
                        .select_related("city__country")):
        rows.append((partnership.ended_on, partnership, h["ended"], format_date(partnership.ended_on,
                                                                                 language=language), ""))
    rows.sort(key=lambda row: (row[0], row[1].city.slug, row[1].pk))
    return Table("changes", h["changes"], [h["date"], h["city"], h["country"], h["change"], h["partnership"],
                                           h["previous"], h["ordinal"]], [
        [date, partnership.city.name, partnership.city.country.name, change,
         PartnershipKind.public_label_of(partnership.kind), previous, partnership.ordinal]
        for _day, partnership, change, date, previous in rows
    ])
