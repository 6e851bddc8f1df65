"""Build the half-year report chapter from the records, as a format-neutral document.

:func:`build_chapter` reads the records of one half-year (an :class:`core.dates.HalfYear`)
and returns a :class:`Chapter`: outline-numbered headings and paragraphs in the order of the
source chapter, the half-year's totals, the list of main foreign guests and the statistics tables.
:mod:`reports.writers` turns it into ODT, DOCX, ODS or XLSX.

What goes where (the structure of the source chapter, ``tests/data/source_chapter_2022H2.txt``):

壹 Exchanges with sister and partner cities
    - each exhibition series with an exhibition in the period, narrating its exhibitions of the
      reporting year (the source recalls the series from its start in the same year);
    - per partner city, in the order of their first event: its exhibitions in the period and its
      video conferences, ceremonies, donations and other exchanges. A city with one event is
      headed by that event; with several, by the partnership's anniversary when it is a round one
      (a multiple of 5, as cities celebrate them) or else by the city's name;
    - exhibitions without a partner city under their own title.
貳 Important foreign visitors received and outbound visits: receptions (and any other engagement
   with a narrative not placed above), chronologically, then outbound visits, chronologically.
參 Totals: cases and person-times of reception, video conferences and outbound visits included;
   the officially reported figures where the period has them (:class:`visits.models.
   ReportingPeriod`), else the computed ones; then the main foreign guests joined with 、: the
   period's :class:`visits.models.MainGuest` list, or where it has none, the heads of delegation
   and guests of its reception cases in date order.

Only records with a narrative (``summary``) become paragraphs; records without one still count
in the totals and the statistics. Only published records are used unless ``include_drafts``:
the chapter is an internal document staff edit, but a draft may be unfinished. Embargoes
(``publish_from``) are ignored for the same reason: they hold back public pages only. Paragraphs
from drafts are marked 【草稿】 / [DRAFT] so they are checked before the chapter goes out.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.utils import translation

from cities.models import City, Partnership
from core.dates import HalfYear, is_chinese
from core.models import PublicationStatus
from exhibitions.models import Exhibition, ExhibitionSeries
from visits.models import (
    RECEPTION_KINDS,
    Engagement,
    EngagementKind,
    MainGuest,
    ParticipantRole,
    Participation,
    ReportingPeriod,
)

from .document import Chapter, Heading, Paragraph, Totals
from .numbering import outline_number
from .statistics import statistics_tables

LANGUAGES = ("zh-hant", "en")

# The chapter's wording in each language it is written in. The chapter's language is chosen per
# export (--language), independently of the interface language, and its wording follows the
# official reports word for word (案, 人次, 外賓接待（含線上視訊會議及出訪）), so it lives here
# rather than in the interface's message catalogues.
PHRASES = {
    "zh-hant": {
        "title": "{office}國際交流施政報告（{period}）",
        "part1": "姊妹市及友好夥伴城市國際交流近況",
        "part2": "重要國際訪賓接待及出訪交流",
        "part3": "推展與國際訪賓之友誼互動",
        "none1": "本期無姊妹市及友好夥伴城市交流紀錄。",
        "none2": "本期無重要國際訪賓接待及出訪紀錄。",
        "none2_unnarrated": "本期外賓接待及出訪案件尚未撰寫敘述。",
        "totals": "本府{office}{period}辦理外賓接待（含線上視訊會議及出訪）業務，"
                  "計{cases}案、{person_times}人次。",
        "guests": "主要外賓代表為：{guests}等。",
        "no_guests": "本期無主要外賓紀錄。",
        "guest_joiner": "、",
        "dated": "{date}，{text}",
        "exhibition": "{date}，本府{office}{venue}舉辦「{title}」{summary}",
        "venue": "於{venue}",
        "series_exhibition": "{date}，主題展「{title}」{summary}",
        "anniversary": "{home}與{country}{city}{kind}締盟{ordinal}周年",
        "city_exchange": "{home}與{country}{city}之交流",
        "draft": "【草稿】",
        "sister_city": "姊妹市", "friendship_city": "友好城市", "agreement": "交流協定",
    },
    "en": {
        "title": "International exchange, {period}: {office}",
        "part1": "Exchanges with sister and partner cities",
        "part2": "Important foreign visitors received and outbound visits",
        "part3": "Friendly relations with foreign visitors",
        "none1": "No exchanges with sister and partner cities were recorded for this period.",
        "none2": "No receptions of important foreign visitors or outbound visits were recorded for "
                 "this period.",
        "none2_unnarrated": "The receptions and outbound visits of this period have no narrative yet.",
        "totals": "In {period} the {office} handled the reception of foreign guests (video conferences "
                  "and outbound visits included): {cases} cases, {person_times} person-times.",
        "guests": "The main foreign guests were: {guests}.",
        "no_guests": "No main foreign guests were recorded for this period.",
        "guest_joiner": "; ",
        "dated": "{date}: {text}",
        "exhibition": "{date}: the {office} held the exhibition “{title}”{venue}.{summary}",
        "venue": " at the {venue}",
        "series_exhibition": "{date}: themed exhibition “{title}”.{summary}",
        "anniversary": "{ordinal} anniversary of the {kind} partnership between {home} and {city}, "
                       "{country}",
        "city_exchange": "Exchanges with {city}, {country}",
        "draft": "[DRAFT] ",
        "sister_city": "sister city", "friendship_city": "friendship city",
        "agreement": "partnership agreement",
    },
}

# Engagements that belong under their partner city in part 1; receptions and outbound visits
# are always told in part 2, as the source does (its Tokyo mission concerns Hachioji too).
PARTNER_CITY_KINDS = (EngagementKind.VIDEO_CONFERENCE, EngagementKind.CEREMONY,
                      EngagementKind.DONATION, EngagementKind.OTHER)


def _records(queryset: QuerySet, include_drafts: bool) -> QuerySet:
    return queryset if include_drafts else queryset.filter(status=PublicationStatus.PUBLISHED)


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


class _Outline:
    """Hands out outline numbers level by level; a heading resets the levels below it."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.counters = [0] * 6
        self.blocks: list[Heading | Paragraph] = []

    def heading(self, level: int, text: str) -> None:
        self.counters[level] += 1
        for deeper in range(level + 1, len(self.counters)):
            self.counters[deeper] = 0
        self.blocks.append(Heading(level, outline_number(level, self.counters[level], self.language), text))

    def paragraph(self, text: str) -> None:
        if text:
            self.blocks.append(Paragraph(text))


@dataclass
class _Event:
    """One exhibition or engagement told in the chapter."""

    start: datetime.date
    pk: tuple[int, int]
    title: str
    text: str


@dataclass
class _Group:
    """A section of part 1: an exhibition series, a partner city, or one exhibition."""

    title: str
    events: list[_Event]
    intro: str = ""
    is_series: bool = False
    city: City | None = None
    engagements: set[int] = field(default_factory=set)  # told here, so not again in part 2


class _Writer:
    """Phrases of one language, filled in from records."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.chinese = is_chinese(language)
        self.phrases = PHRASES["zh-hant" if self.chinese else "en"]
        key = "zh-hant" if self.chinese else "en"
        self.office = settings.OFFICE[key]
        self.home = settings.HOME_CITY[key]

    def __call__(self, name: str, **values: object) -> str:
        return self.phrases[name].format(**values)

    def date(self, record) -> str:
        text = record.date_display(self.language)
        return text if self.chinese else _capitalise(text)

    def draft(self, record) -> str:
        return self("draft") if record.status == PublicationStatus.DRAFT else ""

    def summary(self, text: str) -> str:
        """The summary after a sentence that introduces it (exhibition paragraphs)."""
        text = text.strip()
        if self.chinese:
            return f"，{text}" if text else "。"
        return f" {text}" if text else ""

    def engagement(self, engagement: Engagement) -> str:
        return self.draft(engagement) + self("dated", date=self.date(engagement),
                                             text=engagement.summary.strip())

    def exhibition(self, exhibition: Exhibition) -> str:
        venue = self("venue", venue=exhibition.venue.name) if exhibition.venue else ""
        return self.draft(exhibition) + self(
            "exhibition", date=self.date(exhibition), office=self.office, venue=venue,
            title=exhibition.title, summary=self.summary(exhibition.summary))

    def series_exhibition(self, exhibition: Exhibition) -> str:
        return self.draft(exhibition) + self(
            "series_exhibition", date=self.date(exhibition), title=exhibition.title,
            summary=self.summary(exhibition.summary).lstrip("，"))

    def ordinal(self, number: int) -> str:
        if self.chinese:
            return str(number)
        suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
        return f"{number}{suffix}"


def build_chapter(period: HalfYear, language: str = "zh-hant", *, include_drafts: bool = False) -> Chapter:
    """Build the chapter of ``period`` (a :class:`HalfYear`) in ``language`` (``zh-hant`` or
    ``en``) from the records; drafts are left out unless ``include_drafts``.

    Returns a :class:`Chapter`. A period without records gives a short chapter saying so.
    Raises ``ValueError`` for a language other than ``zh-hant`` or ``en``.
    """
    if language not in LANGUAGES:
        raise ValueError(f"the report is written in zh-hant or en, not {language!r}")
    with translation.override(language):
        return _build(period, language, include_drafts)


def _build(period: HalfYear, language: str, include_drafts: bool) -> Chapter:
    say = _Writer(language)
    outline = _Outline(language)
    engagements = list(
        _records(Engagement.objects.in_period(period), include_drafts)
        .with_person_times()
        .prefetch_related(Prefetch("cities", queryset=City.objects.select_related("country")), "countries")
        .order_by("start_date", "pk")
    )
    exhibitions = list(
        _records(Exhibition.objects.overlapping(period.start, period.end), include_drafts)
        .select_related("venue", "series")
        .prefetch_related(Prefetch("cities", queryset=City.objects.select_related("country")))
        .order_by("start_date", "pk")
    )
    partner_ids = set(City.objects.partners().values_list("pk", flat=True))

    # Part 1: sister and partner cities.
    outline.heading(1, say("part1"))
    groups = _partner_city_groups(period, engagements, exhibitions, partner_ids, include_drafts, say)
    told = {engagement for group in groups for engagement in group.engagements}
    for group in sorted(groups, key=lambda g: (g.events[0].start, g.events[0].pk)):
        if group.is_series or len(group.events) > 1:
            outline.heading(2, group.title)
            outline.paragraph(group.intro)
            for event in group.events:
                if not group.is_series:
                    outline.heading(3, event.title)
                outline.paragraph(event.text)
        else:
            outline.heading(2, group.events[0].title)
            outline.paragraph(group.events[0].text)
    if not groups:
        outline.paragraph(say("none1"))

    # Part 2: receptions (and any other narrated engagement), then outbound visits.
    outline.heading(1, say("part2"))
    rest = [e for e in engagements if e.pk not in told and e.summary.strip()]
    rest.sort(key=lambda e: (e.kind == EngagementKind.OUTBOUND_VISIT, e.start_date, e.pk))
    for engagement in rest:
        outline.heading(2, engagement.title)
        outline.paragraph(say.engagement(engagement))
    if not rest:
        cases = [e for e in engagements if e.kind in RECEPTION_KINDS and e.pk not in told]
        outline.paragraph(say("none2_unnarrated" if cases else "none2"))

    # Part 3: totals and main foreign guests.
    totals = _totals(period, include_drafts)
    guests = main_guests(period, language, include_drafts=include_drafts)
    outline.heading(1, say("part3"))
    outline.paragraph(say("totals", office=say.office, period=period.label(language), cases=totals.cases,
                          person_times=totals.person_times))
    outline.paragraph(say("guests", guests=say("guest_joiner").join(guests)) if guests else say("no_guests"))

    records = [*engagements, *exhibitions]
    chapter = Chapter(
        period=period, language=language, include_drafts=include_drafts,
        title=say("title", office=say.office, period=period.label(language)),
        blocks=outline.blocks, totals=totals, guests=guests,
        drafts_included=sum(1 for record in records if record.status == PublicationStatus.DRAFT),
        without_narrative=[record for record in records if not record.summary.strip()],
    )
    chapter.tables = statistics_tables(period, language, engagements, exhibitions, partner_ids, totals)
    return chapter


def _partner_city_groups(period: HalfYear, engagements: list[Engagement], exhibitions: list[Exhibition],
                         partner_ids: set[int], include_drafts: bool, say: _Writer) -> list[_Group]:
    """Part 1's groups: one per exhibition series, per partner city, and per exhibition without a
    partner city."""
    groups: list[_Group] = []
    # Exhibition series with an exhibition in the period, telling their exhibitions of the year.
    year_start = datetime.date(period.year, 1, 1)
    series_ids = {e.series_id for e in exhibitions if e.series_id}
    told_series = set()
    for series in _records(ExhibitionSeries.objects.filter(pk__in=series_ids), include_drafts):
        shown = _records(series.exhibitions.overlapping(year_start, period.end), include_drafts)
        events = [_Event(e.start_date, (0, e.pk), e.title, say.series_exhibition(e))
                  for e in shown.select_related("venue").order_by("start_date", "pk")]
        if events:
            groups.append(_Group(series.title, events, intro=series.description.strip(), is_series=True))
            told_series.add(series.pk)

    by_city: dict[int, _Group] = {}
    for exhibition in exhibitions:
        if exhibition.series_id in told_series:
            continue
        event = _Event(exhibition.start_date, (0, exhibition.pk), exhibition.title,
                       say.exhibition(exhibition))
        city = _partner_city(exhibition, partner_ids)
        if city is None:
            groups.append(_Group(exhibition.title, [event]))
        else:
            by_city.setdefault(city.pk, _Group("", [], city=city)).events.append(event)
    for engagement in engagements:
        city = _partner_city(engagement, partner_ids)
        if engagement.kind in PARTNER_CITY_KINDS and city is not None and engagement.summary.strip():
            group = by_city.setdefault(city.pk, _Group("", [], city=city))
            group.events.append(_Event(engagement.start_date, (1, engagement.pk), engagement.title,
                                       say.engagement(engagement)))
            group.engagements.add(engagement.pk)
    anniversaries = _round_anniversaries(period, list(by_city))
    for group in by_city.values():
        group.events.sort(key=lambda e: (e.start, e.pk))
        city = group.city
        partnership = anniversaries.get(city.pk)
        if partnership is not None:
            group.title = say("anniversary", home=say.home, country=city.country.name, city=city.name,
                              kind=say(partnership.kind), ordinal=say.ordinal(partnership.anniversary))
        else:
            group.title = say("city_exchange", home=say.home, country=city.country.name, city=city.name)
        groups.append(group)
    return groups


def _partner_city(record, partner_ids: set[int]) -> City | None:
    """The first (by slug) partner city a record names, or ``None``."""
    partners = sorted((c for c in record.cities.all() if c.pk in partner_ids), key=lambda c: c.slug)
    return partners[0] if partners else None


def _round_anniversaries(period: HalfYear, city_ids: list[int]) -> dict[int, Partnership]:
    """Per city, its partnership in force at the end of ``period`` whose anniversary that year is
    a multiple of 5 (sister cities before friendship cities), annotated with ``anniversary``."""
    result: dict[int, Partnership] = {}
    partnerships = (Partnership.objects.active(period.end).with_anniversary_in(period.year)
                    .filter(city_id__in=city_ids).order_by("kind", "pk"))
    for partnership in partnerships:
        if partnership.anniversary % 5 == 0 and partnership.city_id not in result:
            result[partnership.city_id] = partnership
    return result


def _totals(period: HalfYear, include_drafts: bool) -> Totals:
    computed = _records(Engagement.objects.in_period(period), include_drafts).totals()
    reported = ReportingPeriod.objects.for_half_year(period)
    return Totals(
        computed_cases=computed["cases"], computed_person_times=computed["person_times"],
        reported_cases=reported.reported_cases if reported else None,
        reported_person_times=reported.reported_person_times if reported else None,
    )


def main_guests(period: HalfYear, language: str, *, include_drafts: bool = False) -> list[str]:
    """The main foreign guests of ``period`` as the report lists them (title and name,
    （視訊）for a video conference), in order.

    The period's :class:`visits.models.MainGuest` rows where it has any (the official list);
    otherwise the heads of delegation and guests of the period's reception cases (receptions,
    video conferences, outbound visits) in date order, drafts only with ``include_drafts``.
    """
    listed = (MainGuest.objects.filter(period__year=period.year, period__half=period.half)
              .select_related("participation__engagement", "participation__person"))
    if listed:
        return [guest.label(language) for guest in listed]
    cases = _records(Engagement.objects.in_period(period).reception_cases(), include_drafts)
    participations = (Participation.objects
                      .filter(engagement__in=cases, role__in=(ParticipantRole.HEAD, ParticipantRole.GUEST))
                      .select_related("engagement", "person")
                      .order_by("engagement__start_date", "engagement__pk", "position", "pk"))
    # An unsaved MainGuest gives the same wording as a listed one.
    return [MainGuest(participation=p).label(language) for p in participations]

