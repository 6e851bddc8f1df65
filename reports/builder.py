"""Build the half-year report chapter from the records, as a format-neutral document.

:func:`build_chapter` reads the records of one half-year (an :class:`core.dates.HalfYear`)
and returns a :class:`Chapter`: outline-numbered headings and paragraphs in the order of the
source chapter, the half-year's totals, the list of main foreign guests and the statistics tables.
:mod:`reports.writers` turns it into ODT, DOCX, ODS or XLSX.

What goes where (the structure of the source chapter, ``tests/data/source_chapter_2022H2.txt``,
whose parts are numbered 1、 2、 3、 because it is a section of its bureau's part of the city's
report; ``outline_level`` chooses where the numbering starts):

1、 Exchanges with sister and partner cities
    - first, each city that became a partner or was upgraded in the period, in date order (the
      office's biggest news): the new partnership with its place in the city's sequence, then
      the city's other events of the period as items;
    - each exhibition series with an exhibition in the period, told in one paragraph: the
      series' description, then its exhibitions of the reporting year (the source recalls the
      series from its start in the same year);
    - per partner city (a partnership in force during the period), in the order of their first
      event: its exhibitions in the period and its video conferences, ceremonies, donations and
      other exchanges. A city with one event is headed by that event; with several, by the
      partnership's anniversary when it is a round one (a multiple of 5, as cities celebrate
      them) or else by the city's name;
    - exhibitions without a partner city under their own heading.
2、 Important foreign visitors received and outbound visits: receptions (and any other engagement
   with a narrative not placed above), chronologically, then outbound visits, chronologically.
3、 Totals: the period's opening text, then cases and person-times of reception, video
   conferences and outbound visits included; the officially reported figures where the period
   has them (:class:`visits.models.ReportingPeriod`), else the computed ones; then the main
   foreign guests joined with 、: the period's :class:`visits.models.MainGuest` list, or where it
   has none, the heads of delegation and guests of its reception cases in date order.
4、 Gifts, only where the office asks for them (``with_gifts``): the gifts received, then the
   gifts given in the period, one numbered item each (:func:`_gift_part`).

A record's paragraph is its ``summary`` (:class:`core.models.NarratedModel`), written as the
chapter prints it; the chapter puts the record's date in front only when the summary does not
give it (:func:`core.dates.mentions_date`), and an exhibition's lead (office, venue, title) only
when the summary tells none of the date, office, venue or title. Headings are the records'
``report_heading`` where given, else their titles. Each part may open with a text of the period
(``ReportingPeriod.part1_opening`` ...); part 3's opens the totals paragraph, as the source does.

Only records with a narrative (``summary``) become paragraphs; records without one still count
in the totals and the statistics. Only published records are used unless ``include_drafts``:
the chapter is an internal document staff edit, but a draft may be unfinished. Embargoes
(``publish_from``) are ignored for the same reason: they hold back public pages only. Paragraphs
from drafts are marked 【草稿】 / [DRAFT] so they are checked before the chapter goes out.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.db.models.functions import Coalesce
from django.utils import translation
from modeltranslation.utils import build_localized_fieldname

from cities.models import City, Partnership, PartnershipKind
from core.dates import HalfYear, format_date, is_chinese, mentions_date
from core.i18n import join_list, shown_language, untranslated_fields
from core.models import PublicationStatus
from exhibitions.models import Exhibition, ExhibitionSeries
from gifts.models import Disposition, Gift, GiftDirection
from visits.models import (
    RECEPTION_KINDS,
    Engagement,
    EngagementKind,
    MainGuest,
    ParticipantRole,
    Participation,
    ReportingPeriod,
)

from .document import Chapter, Heading, Paragraph, Totals, Untranslated
from .numbering import MAX_DEPTH, outline_number
from .statistics import statistics_tables

LANGUAGES = ("zh-hant", "en")

# A chapter has three outline depths (part, section, item), so its parts can start at outline
# level 1 (壹、) to 4 (1、). Chinese defaults to the source's 1、 / （1） / 1.: the chapter is
# pasted into its bureau's section of the city's report. An English chapter is a translation
# that stands alone, so it starts at I.
CHAPTER_DEPTH = 3
OUTLINE_LEVELS = tuple(range(1, MAX_DEPTH - CHAPTER_DEPTH + 2))
DEFAULT_OUTLINE_LEVEL = {"zh-hant": 4, "en": 1}

# The chapter's wording in each language it is written in. The chapter's language is chosen per
# export (--language), independently of the interface language, and its wording follows the
# official reports word for word (案, 人次, 外賓接待（含線上視訊會議及出訪）), so it lives here
# rather than in the interface's message catalogues. Kinds of partnership are named by their
# public labels (:class:`cities.models.PartnershipKind`), as the public pages name them.
PHRASES = {
    "zh-hant": {
        "title": "{office}國際交流施政報告（{period}）",
        "part1": "姊妹市及友好夥伴城市國際交流近況",
        "part2": "重要國際訪賓接待及出訪交流",
        "part3": "推展與國際訪賓之友誼互動",
        "none1": "本期無姊妹市及友好夥伴城市交流紀錄。",
        "none2": "本期無重要國際訪賓接待及出訪紀錄。",
        "none2_unnarrated": "本期外賓接待及出訪案件尚未撰寫敘述。",
        "totals": "本年度本府{office}{months}辦理外賓接待（含線上視訊會議及出訪）業務，"
                  "計{cases}案、{person_times}人次。",
        "months": "{first}月至{last}月",
        "guests": "主要外賓代表為：{guests}等。",
        "no_guests": "本期無主要外賓紀錄。",
        "guest_joiner": "、",
        "sentence_joiner": "",
        "dated": "{date}，{text}",
        "exhibition": "{date}，本府{office}{venue}舉辦「{title}」{summary}",
        "venue": "於{venue}",
        "series_exhibition": "{date}，主題展「{title}」{summary}",
        "anniversary": "{home}與{country}{city}{kind}締盟{ordinal}周年",
        "city_exchange": "{home}與{country}{city}之交流",
        "partnership_heading": "{home}與{country}{city}{verb}",
        "upgrade_heading": "{home}與{country}{city}{old}升格為{new}",
        "established": "{date}，{home}與{country}{city}{verb}{ordinal}。",
        "upgraded": "{date}，{home}與{country}{city}由{old}升格為{new}{ordinal}。",
        "ordinal_clause": "，為本市第{ordinal}個姊妹市及友好夥伴城市",
        "draft": "【草稿】",
        "gifts": "禮品受贈及致贈",
        "gifts_received": "受贈禮品",
        "gifts_given": "致贈禮品",
        "no_gifts": "本期無受贈及致贈禮品紀錄。",
        "gift": "{date}，{giver}{at}贈予{recipient}{items}。",
        "gift_at": "於「{engagement}」",
        "gift_items": "：{items}",
        "unknown_giver": "贈送者（未記載）",
        "unknown_recipient": "受贈者（未記載）",
        "disposition": "處置：{disposition}。",
        "no_disposition": "處置：尚未決定。",
        "value": "估計價值：{value}。",
        "no_value": "估計價值：未估價。",
        "value_in_home_currency": "{value}，折合{home}",
        "country_city": "{country}{city}",
        "party_joiner": "",
        "full_stop": "。",
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
        "sentence_joiner": " ",
        "dated": "{date}: {text}",
        "exhibition": "{date}: the {office} held the exhibition “{title}”{venue}.{summary}",
        "venue": " at the {venue}",
        "series_exhibition": "{date}: themed exhibition “{title}”.{summary}",
        "anniversary": "{ordinal} anniversary of the {kind} partnership between {home} and {city}, "
                       "{country}",
        "city_exchange": "Exchanges with {city}, {country}",
        "partnership_heading": "{home} and {city}, {country}, {verb}",
        "upgrade_heading": "{home} and {city}, {country}: {old} upgraded to {new}",
        "established": "{date}: {home} and {city}, {country}, {verb}{ordinal}.",
        "upgraded": "{date}: {home} and {city}, {country}, upgraded their {old} to a {new} "
                    "partnership{ordinal}.",
        "ordinal_clause": "; {city} is {home}'s {ordinal} partner city",
        "draft": "[DRAFT] ",
        "gifts": "Gifts received and given",
        "gifts_received": "Gifts received",
        "gifts_given": "Gifts given",
        "no_gifts": "No gifts received or given were recorded for this period.",
        "gift": "{date}: from {giver} to {recipient}{at}{items}.",
        "gift_at": ", at “{engagement}”",
        "gift_items": ": {items}",
        "unknown_giver": "a giver not recorded",
        "unknown_recipient": "a recipient not recorded",
        "disposition": "Disposition: {disposition}.",
        "no_disposition": "Disposition: not yet decided.",
        "value": "Estimated value: {value}.",
        "no_value": "Estimated value: not assessed.",
        "value_in_home_currency": "{value} ({home})",
        "country_city": "{city}, {country}",
        "party_joiner": ", ",
        "full_stop": ".",
    },
}

# How the chapter says that a partnership of each kind was concluded: in Chinese the verb of the
# heading and of the sentence, before the kind's name (締結姊妹市 / 締結為姊妹市, 簽署交流協定);
# in English the whole phrase of the heading and of the sentence. Every PartnershipKind needs
# one (a test checks it).
PARTNERSHIP_VERBS = {
    PartnershipKind.SISTER_CITY: {"zh-hant": ("締結", "締結為"),
                                  "en": ("become sister cities", "became sister cities")},
    PartnershipKind.FRIENDSHIP_CITY: {"zh-hant": ("締結", "締結為"),
                                      "en": ("become friendship cities", "became friendship cities")},
    PartnershipKind.AGREEMENT: {"zh-hant": ("簽署", "簽署"),
                                "en": ("sign an exchange agreement", "signed an exchange agreement")},
    PartnershipKind.FRIENDSHIP_DECLARATION: {
        "zh-hant": ("簽署", "簽署"),
        "en": ("sign a friendship declaration", "signed a friendship declaration")},
}

# Engagements that belong under their partner city in part 1; receptions and outbound visits
# are always told in part 2, as the source does (its Tokyo mission concerns Hachioji too).
PARTNER_CITY_KINDS = (EngagementKind.VIDEO_CONFERENCE, EngagementKind.CEREMONY,
                      EngagementKind.DONATION, EngagementKind.OTHER)


def select_records(queryset: QuerySet, include_drafts: bool) -> QuerySet:
    """The records of ``queryset`` the chapter counts: the published ones (by status: the
    chapter of a half-year is written for its records whatever their embargo), every one with
    ``include_drafts``."""
    return queryset if include_drafts else queryset.filter(status=PublicationStatus.PUBLISHED)


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def default_outline_level(language: str) -> int:
    """The outline level the chapter's parts start at when none is chosen: 4 (1、 / （1） / 1.,
    the source's) in Chinese, 1 (I. / 1. / (a)) in English."""
    return DEFAULT_OUTLINE_LEVEL["zh-hant" if is_chinese(language) else "en"]


class _Outline:
    """Hands out outline numbers depth by depth from the chapter's first level; a heading resets
    the depths below it."""

    def __init__(self, language: str, first_level: int) -> None:
        self.language = language
        self.first_level = first_level
        self.counters = [0] * (CHAPTER_DEPTH + 1)
        self.blocks: list[Heading | Paragraph] = []

    def heading(self, depth: int, text: str) -> None:
        self.counters[depth] += 1
        for deeper in range(depth + 1, len(self.counters)):
            self.counters[deeper] = 0
        level = self.first_level + depth - 1
        self.blocks.append(Heading(level, outline_number(level, self.counters[depth], self.language), text,
                                   depth))

    def paragraph(self, text: str) -> None:
        if text:
            self.blocks.append(Paragraph(text))


@dataclass
class _Event:
    """One exhibition or engagement told in the chapter."""

    start: datetime.date
    pk: tuple[int, int]
    heading: str
    text: str
    record: Engagement | Exhibition | None = None


@dataclass
class _Group:
    """A section of part 1: a city's new partnership, an exhibition series, a partner city, or
    one exhibition. ``announced`` is the date of the first partnership it announces."""

    title: str
    events: list[_Event]
    intro: list[str] = field(default_factory=list)
    is_series: bool = False
    series: ExhibitionSeries | None = None
    city: City | None = None
    engagements: set[int] = field(default_factory=set)  # told here, so not again in part 2
    announced: datetime.date | None = None

    def order(self) -> tuple:
        """New partnerships first, by date; then the others by their first event."""
        if self.announced is not None:
            return (0, self.announced, self.city.slug if self.city else "")
        return (1, self.events[0].start, self.events[0].pk)


class _Writer:
    """Phrases of one language, filled in from records."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.chinese = is_chinese(language)
        self.key = "zh-hant" if self.chinese else "en"
        self.phrases = PHRASES[self.key]
        self.office = settings.OFFICE[self.key]
        self.home = settings.HOME_CITY[self.key]

    def __call__(self, name: str, **values: object) -> str:
        return self.phrases[name].format(**values)

    def date(self, record) -> str:
        text = record.date_display(self.language)
        return text if self.chinese else _capitalise(text)

    def draft(self, record) -> str:
        return self("draft") if record.status == PublicationStatus.DRAFT else ""

    def summary(self, text: str) -> str:
        """The summary after a sentence that introduces it (exhibition paragraphs)."""
        if self.chinese:
            return f"，{text}" if text else "。"
        return f" {text}" if text else ""

    def dated(self, record, text: str) -> str:
        """``text`` with ``record``'s date in front, unless it gives that date itself."""
        if mentions_date(text, record.start_date, record.date_precision, self.language):
            return text
        return self("dated", date=self.date(record), text=text)

    def engagement(self, engagement: Engagement) -> str:
        return self.draft(engagement) + self.dated(engagement, engagement.summary.strip())

    @staticmethod
    def _mentions(text: str, *names: str) -> bool:
        """True when ``text`` names one of ``names`` as written (case counts: an English summary
        that "shows the keys to the city" does not name the exhibition "Keys to the City")."""
        return any(name and name in text for name in names)

    def exhibition(self, exhibition: Exhibition) -> str:
        """The summary, dated where it is not; with the lead 「{date}，本府{office}於{venue}
        舉辦「{title}」，」 only when the summary tells none of date, office, venue and title."""
        summary = exhibition.summary.strip()
        venue = exhibition.venue.name if exhibition.venue else ""
        if summary and (self._mentions(summary, self.office, venue, exhibition.title)
                        or mentions_date(summary, exhibition.start_date, exhibition.date_precision,
                                         self.language)):
            return self.draft(exhibition) + self.dated(exhibition, summary)
        return self.draft(exhibition) + self(
            "exhibition", date=self.date(exhibition), office=self.office,
            venue=self("venue", venue=venue) if venue else "", title=exhibition.title,
            summary=self.summary(summary))

    def series_exhibition(self, exhibition: Exhibition) -> str:
        """Like :meth:`exhibition`, the lead being 「{date}，主題展「{title}」」."""
        summary = exhibition.summary.strip()
        if summary and (self._mentions(summary, exhibition.title)
                        or mentions_date(summary, exhibition.start_date, exhibition.date_precision,
                                         self.language)):
            return self.draft(exhibition) + self.dated(exhibition, summary)
        return self.draft(exhibition) + self(
            "series_exhibition", date=self.date(exhibition), title=exhibition.title,
            summary=self.summary(summary).lstrip("，"))

    def ordinal(self, number: int) -> str:
        if self.chinese:
            return str(number)
        suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
        return f"{number}{suffix}"

    def kind(self, kind: str) -> str:
        """The kind of partnership by its public label, in the chapter's language."""
        return PartnershipKind.public_label_of(kind)

    def _places(self, partnership: Partnership) -> dict[str, str]:
        city = partnership.city
        return {"home": self.home, "city": city.name, "country": city.country.name}

    def _verbs(self, kind: str) -> tuple[str, str]:
        heading, sentence = PARTNERSHIP_VERBS[kind][self.key]
        if self.chinese:
            return heading + self.kind(kind), sentence + self.kind(kind)
        return heading, sentence

    def partnership_heading(self, partnership: Partnership) -> str:
        """「高雄市與波蘭格丁尼亞市締結姊妹市」, or for an upgrade
        「高雄市與日本熊本縣交流協定升格為友好城市」."""
        replaced = getattr(partnership, "replaces", None)
        if replaced is not None:
            return self("upgrade_heading", old=self.kind(replaced.kind), new=self.kind(partnership.kind),
                        **self._places(partnership))
        return self("partnership_heading", verb=self._verbs(partnership.kind)[0], **self._places(partnership))

    def partnership(self, partnership: Partnership) -> str:
        """「114年9月14日，高雄市與波蘭格丁尼亞市締結為姊妹市，為本市第43個姊妹市及友好夥伴城市。」
        (the ordinal clause only where the ordinal is recorded), or for an upgrade
        「106年1月11日，高雄市與日本熊本市由交流協定升格為友好城市。」."""
        date = format_date(partnership.established_on, partnership.established_precision, self.language)
        places = self._places(partnership)
        ordinal = ""
        if partnership.ordinal:
            ordinal = self("ordinal_clause", ordinal=self.ordinal(partnership.ordinal), **places)
        date = date if self.chinese else _capitalise(date)
        replaced = getattr(partnership, "replaces", None)
        draft = self.draft(partnership.city)
        if replaced is not None:
            return draft + self("upgraded", date=date, old=self.kind(replaced.kind),
                                new=self.kind(partnership.kind), ordinal=ordinal, **places)
        return draft + self("established", date=date, verb=self._verbs(partnership.kind)[1], ordinal=ordinal,
                            **places)

    def place(self, city: City | None, country) -> str:
        """A city with its country as the chapter writes them (美國聖安東尼市, San Antonio, United
        States); the country alone without a city; ``""`` without either."""
        if city is not None:
            return self("country_city", country=city.country.name, city=city.name)
        return country.name if country is not None else ""

    def counterpart(self, gift: Gift) -> str:
        """The foreign side of ``gift``: its city (or country), organisation and person, those
        recorded; ``""`` when none is."""
        parts = [self.place(gift.counterpart_city, gift.counterpart_country), gift.counterpart_organisation,
                 str(gift.counterpart_person or "")]
        if not self.chinese:
            parts.reverse()  # Ron Nirenberg, City of San Antonio, San Antonio, United States
        return self("party_joiner").join(part for part in parts if part)

    def gift(self, gift: Gift, with_values: bool) -> str:
        """「111年12月20日，美國聖安東尼市於「姊妹市締盟40周年視訊拜會」贈予高雄市。」 (date, giver,
        the engagement, recipient, a donation's items), its description, for a received gift its
        disposition, and with ``with_values`` its estimated value."""
        received = gift.direction == GiftDirection.RECEIVED
        day = gift if gift.given_on else gift.engagement
        date = day.date_display(self.language) if day is not None else ""
        counterpart = self.counterpart(gift)
        giver = (counterpart or self("unknown_giver")) if received else gift.city_side()
        recipient = gift.city_side() if received else (counterpart or self("unknown_recipient"))
        if not self.chinese and ", " in giver:
            giver += ","  # from San Antonio, United States, to Kaohsiung City
        items = join_list([str(line.donated_item) for line in gift.donation_lines.all()], self.language)
        at = self("gift_at", engagement=gift.engagement.chapter_heading()) if gift.engagement_id else ""
        text = self("gift", date=date if self.chinese else _capitalise(date), giver=giver,
                    recipient=recipient, at=at, items=self("gift_items", items=items) if items else "")
        sentences = [text]
        description = (gift.description or (gift.item.description if gift.item_id else "")).strip()
        if description:
            ends = ("。", "！", "？") if self.chinese else (".", "!", "?")
            sentences.append(description if description.endswith(ends) else description + self("full_stop"))
        if received:
            sentences.append(self("disposition", disposition=Disposition(gift.disposition).label)
                             if gift.disposition else self("no_disposition"))
        if with_values:
            sentences.append(self._value(gift))
        return self.draft(gift) + self("sentence_joiner").join(sentences)

    def _value(self, gift: Gift) -> str:
        """「估計價值：USD 500，折合TWD 15,000。」; the home currency alone where the value was
        given in it; 「估計價值：未估價。」 without a value."""
        if gift.estimated_value is None and gift.value_in_home_currency is None:
            return self("no_value")
        home = (_amount(settings.GIFT_HOME_CURRENCY, gift.value_in_home_currency)
                if gift.value_in_home_currency is not None else "")
        if gift.estimated_value is None or gift.currency == settings.GIFT_HOME_CURRENCY:
            return self("value", value=home or _amount(gift.currency, gift.estimated_value))
        value = _amount(gift.currency, gift.estimated_value)
        return self("value", value=self("value_in_home_currency", value=value, home=home) if home else value)


def _amount(currency: str, value: Decimal) -> str:
    """``USD 1,234.50``; whole amounts without decimals (``TWD 15,000``)."""
    return f"{currency} {value:,.0f}" if value == value.to_integral_value() else f"{currency} {value:,.2f}"


def build_chapter(period: HalfYear, language: str = "zh-hant", *, include_drafts: bool = False,
                  outline_level: int | None = None, with_gifts: bool = False,
                  with_gift_values: bool = False) -> Chapter:
    """Build the chapter of ``period`` (a :class:`HalfYear`) in ``language`` (``zh-hant`` or
    ``en``) from the records; drafts are left out unless ``include_drafts``. ``outline_level``
    (an int in :data:`OUTLINE_LEVELS`, or ``None`` for :func:`default_outline_level`) is the
    outline level of the chapter's parts: 1 壹、/一、/（一）, 2 一、/（一）/1、, 3 （一）/1、/（1）,
    4 1、/（1）/1.; the title is printed above the chapter only at level 1.

    With ``with_gifts`` a fourth part lists the gifts received and given in the period
    (:meth:`gifts.models.GiftQuerySet.in_half_year`), one numbered item each: date, giver and
    recipient, engagement, a donation's items, description and, for a gift received, the
    disposition; ``with_gift_values`` adds each one's estimated value (values are the office's
    own: they go out only where it chooses). It comes after the three parts of the source, so
    theirs keep their numbers, and without ``with_gifts`` the chapter is the source's.

    Returns a :class:`Chapter`. A period without records gives a short chapter saying so.
    Raises ``ValueError`` for a language other than ``zh-hant`` or ``en``, another level, or
    ``with_gift_values`` without ``with_gifts``.
    """
    if with_gift_values and not with_gifts:
        raise ValueError("gift values are printed in the gift section: ask for it too")
    if language not in LANGUAGES:
        raise ValueError(f"the report is written in zh-hant or en, not {language!r}")
    if outline_level is None:
        outline_level = default_outline_level(language)
    if outline_level not in OUTLINE_LEVELS:
        raise ValueError(f"the chapter starts at outline level 1 to {OUTLINE_LEVELS[-1]}, "
                         f"not {outline_level!r}")
    with translation.override(language):
        chapter = _build(period, language, include_drafts, outline_level)
        if with_gifts:
            _gift_part(chapter, include_drafts, with_gift_values)
        return chapter


def _opening(reporting: ReportingPeriod | None, part: int, language: str) -> str:
    """The period's opening text of ``part`` in ``language`` itself: an opening not written in
    the chapter's language is left out rather than printed in another one."""
    if reporting is None:
        return ""
    return (getattr(reporting, build_localized_fieldname(f"part{part}_opening", language)) or "").strip()


def _build(period: HalfYear, language: str, include_drafts: bool, outline_level: int) -> Chapter:
    say = _Writer(language)
    outline = _Outline(language, outline_level)
    engagements = list(
        select_records(Engagement.objects.in_period(period), include_drafts)
        .with_person_times()
        .prefetch_related(Prefetch("cities", queryset=City.objects.select_related("country")), "countries")
        .order_by("start_date", "pk")
    )
    exhibitions = list(
        select_records(Exhibition.objects.overlapping(period.start, period.end), include_drafts)
        .select_related("venue", "series")
        .prefetch_related(Prefetch("cities", queryset=City.objects.select_related("country")))
        .order_by("start_date", "pk")
    )
    partner_ids = set(Partnership.objects.in_force_during(period).values_list("city_id", flat=True))
    cities = City.objects.all() if include_drafts else City.objects.filter(status=PublicationStatus.PUBLISHED)
    changes = list(Partnership.objects.established_during(period).filter(city__in=cities)
                   .select_related("city__country", "replaces")
                   .order_by("established_on", "city__slug", "pk"))
    reporting = ReportingPeriod.objects.for_half_year(period)

    # Part 1: sister and partner cities.
    outline.heading(1, say("part1"))
    outline.paragraph(_opening(reporting, 1, language))
    groups = _partner_city_groups(period, engagements, exhibitions, partner_ids, changes, include_drafts,
                                  say)
    told = {engagement for group in groups for engagement in group.engagements}
    for group in sorted(groups, key=_Group.order):
        if group.is_series:
            outline.heading(2, group.title)
            outline.paragraph(say("sentence_joiner").join([*group.intro, *(e.text for e in group.events)]))
        elif group.intro or len(group.events) > 1:
            outline.heading(2, group.title)
            for text in group.intro:
                outline.paragraph(text)
            for event in group.events:
                outline.heading(3, event.heading)
                outline.paragraph(event.text)
        else:
            outline.heading(2, group.events[0].heading)
            outline.paragraph(group.events[0].text)
    if not groups:
        outline.paragraph(say("none1"))

    # Part 2: receptions (and any other narrated engagement), then outbound visits.
    outline.heading(1, say("part2"))
    outline.paragraph(_opening(reporting, 2, language))
    rest = [e for e in engagements if e.pk not in told and e.summary.strip()]
    rest.sort(key=lambda e: (e.kind == EngagementKind.OUTBOUND_VISIT, e.start_date, e.pk))
    for engagement in rest:
        outline.heading(2, engagement.chapter_heading())
        outline.paragraph(say.engagement(engagement))
    if not rest:
        cases = [e for e in engagements if e.kind in RECEPTION_KINDS and e.pk not in told]
        outline.paragraph(say("none2_unnarrated" if cases else "none2"))

    # Part 3: the period's opening, totals and main foreign guests.
    totals = _totals(period, reporting, include_drafts)
    guest_rows = _main_guest_rows(period, include_drafts)
    guests = [guest.label(language) for guest in guest_rows]
    outline.heading(1, say("part3"))
    opening = _opening(reporting, 3, language)
    # 本年度…7月至12月 in Chinese, as the source writes it; "In July–December 2022" in English.
    months = say("months", first=period.start.month, last=period.end.month) if say.chinese else ""
    figures = say("totals", office=say.office, period=period.label(language), months=months,
                  cases=totals.cases, person_times=totals.person_times)
    outline.paragraph(say("sentence_joiner").join(text for text in (opening, figures) if text))
    outline.paragraph(say("guests", guests=say("guest_joiner").join(guests)) if guests else say("no_guests"))

    records = [*engagements, *exhibitions]
    told_events = [event for group in groups for event in group.events] + [
        _Event(e.start_date, (1, e.pk), "", "", e) for e in rest]
    chapter = Chapter(
        period=period, language=language, include_drafts=include_drafts,
        title=say("title", office=say.office, period=period.label(language)),
        blocks=outline.blocks, totals=totals, guests=guests, outline_level=outline_level,
        drafts_included=sum(1 for record in records if record.status == PublicationStatus.DRAFT),
        without_narrative=[record for record in records if not record.summary.strip()],
        unplaced_partnerships=list(Partnership.objects.established_in_year_only(period.year)
                                   .filter(city__in=cities).select_related("city")),
        untranslated=_untranslated(language, told_events, groups, guest_rows),
        records=len(records),
        drafts_left_out=0 if include_drafts else (
            Engagement.objects.in_period(period).filter(status=PublicationStatus.DRAFT).count()
            + Exhibition.objects.overlapping(period.start, period.end)
            .filter(status=PublicationStatus.DRAFT).count()),
    )
    chapter.tables = statistics_tables(period, language, engagements, exhibitions, partner_ids, totals,
                                       include_drafts)
    return chapter


def _gift_part(chapter: Chapter, include_drafts: bool, with_values: bool) -> None:
    """Append the gift part to ``chapter``: its heading at the parts' depth, then the gifts
    received and the gifts given, each under its own section heading, one item per gift in
    date order (its date, else its engagement's). Records what no half-year can list."""
    say = _Writer(chapter.language)
    outline = _Outline(chapter.language, chapter.outline_level)
    outline.counters[1] = sum(1 for block in chapter.blocks
                              if isinstance(block, Heading) and block.depth == 1)
    gifts = list(select_records(Gift.objects.in_half_year(chapter.period), include_drafts)
                 .select_related("counterpart_person", "counterpart_city__country", "counterpart_country",
                                 "own_person", "own_bureau", "engagement", "item")
                 .prefetch_related("donation_lines__donated_item")
                 .order_by(Coalesce("given_on", "engagement__start_date"), "pk"))
    outline.heading(1, say("gifts"))
    sections = ((GiftDirection.RECEIVED, "gifts_received"), (GiftDirection.GIVEN, "gifts_given"))
    for direction, title in sections:
        listed = [gift for gift in gifts if gift.direction == direction]
        if listed:
            outline.heading(2, say(title))
        for gift in listed:
            outline.heading(3, gift.name)
            outline.paragraph(say.gift(gift, with_values))
    if not gifts:
        outline.paragraph(say("no_gifts"))
    chapter.blocks.extend(outline.blocks)
    chapter.with_gifts, chapter.with_gift_values = True, with_values
    # A gift's own texts printed in the other language are named for staff, as the records are.
    for gift in gifts:
        missing = untranslated_fields(gift, ("name", "description", "counterpart_organisation"),
                                      chapter.language)
        if missing:
            chapter.untranslated.append(Untranslated(gift, tuple(missing)))
    chapter.drafts_included += sum(1 for gift in gifts if gift.status == PublicationStatus.DRAFT)
    chapter.unplaced_gifts = list(select_records(Gift.objects.unplaced_in_year(chapter.period.year),
                                                 include_drafts).order_by("name", "pk"))


def _partner_city_groups(period: HalfYear, engagements: list[Engagement], exhibitions: list[Exhibition],
                         partner_ids: set[int], changes: list[Partnership], include_drafts: bool,
                         say: _Writer) -> list[_Group]:
    """Part 1's groups: one per city with a partnership established in the period, per exhibition
    series, per partner city, and per exhibition without a partner city."""
    groups: list[_Group] = []
    # Exhibition series with an exhibition in the period, telling their exhibitions of the year.
    year_start = datetime.date(period.year, 1, 1)
    series_ids = {e.series_id for e in exhibitions if e.series_id}
    told_series = set()
    for series in select_records(ExhibitionSeries.objects.filter(pk__in=series_ids), include_drafts):
        shown = select_records(series.exhibitions.overlapping(year_start, period.end), include_drafts)
        events = [_Event(e.start_date, (0, e.pk), e.chapter_heading(), say.series_exhibition(e), e)
                  for e in shown.select_related("venue").order_by("start_date", "pk")]
        if events:
            intro = [series.description.strip()] if series.description.strip() else []
            groups.append(_Group(series.title, events, intro=intro, is_series=True, series=series))
            told_series.add(series.pk)

    by_city: dict[int, _Group] = {}
    for partnership in changes:
        group = by_city.setdefault(partnership.city_id, _Group("", [], city=partnership.city,
                                                               announced=partnership.established_on))
        group.title = say.partnership_heading(partnership)  # the latest change heads the section
        group.intro.append(say.partnership(partnership))
    for exhibition in exhibitions:
        if exhibition.series_id in told_series:
            continue
        event = _Event(exhibition.start_date, (0, exhibition.pk), exhibition.chapter_heading(),
                       say.exhibition(exhibition), exhibition)
        city = _partner_city(exhibition, partner_ids)
        if city is None:
            groups.append(_Group(exhibition.title, [event]))
        else:
            by_city.setdefault(city.pk, _Group("", [], city=city)).events.append(event)
    for engagement in engagements:
        city = _partner_city(engagement, partner_ids)
        if engagement.kind in PARTNER_CITY_KINDS and city is not None and engagement.summary.strip():
            group = by_city.setdefault(city.pk, _Group("", [], city=city))
            group.events.append(_Event(engagement.start_date, (1, engagement.pk),
                                       engagement.chapter_heading(), say.engagement(engagement), engagement))
            group.engagements.add(engagement.pk)
    anniversaries = _round_anniversaries(period, list(by_city))
    for group in by_city.values():
        group.events.sort(key=lambda e: (e.start, e.pk))
        if group.announced is None:
            group.title = _city_heading(group.city, anniversaries.get(group.city.pk), say)
        groups.append(group)
    return groups


def _city_heading(city: City, partnership: Partnership | None, say: _Writer) -> str:
    """A partner city's section: its round anniversary where it has one, else its exchanges."""
    if partnership is not None:
        return say("anniversary", home=say.home, country=city.country.name, city=city.name,
                   kind=say.kind(partnership.kind), ordinal=say.ordinal(partnership.anniversary))
    return say("city_exchange", home=say.home, country=city.country.name, city=city.name)


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


def _totals(period: HalfYear, reported: ReportingPeriod | None, include_drafts: bool) -> Totals:
    computed = select_records(Engagement.objects.in_period(period), include_drafts).totals()
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
    return [guest.label(language) for guest in _main_guest_rows(period, include_drafts)]


def _main_guest_rows(period: HalfYear, include_drafts: bool) -> list[MainGuest]:
    """The :class:`MainGuest` rows :func:`main_guests` labels: the period's own, else unsaved
    ones for the heads of delegation and guests of its reception cases."""
    listed = list(MainGuest.objects.filter(period__year=period.year, period__half=period.half)
                  .select_related("period", "participation__engagement", "participation__person"))
    if listed:
        return listed
    cases = select_records(Engagement.objects.in_period(period).reception_cases(), include_drafts)
    participations = (Participation.objects
                      .filter(engagement__in=cases, role__in=(ParticipantRole.HEAD, ParticipantRole.GUEST))
                      .select_related("engagement", "person")
                      .order_by("engagement__start_date", "engagement__pk", "position", "pk"))
    # An unsaved MainGuest gives the same wording as a listed one.
    return [MainGuest(participation=p) for p in participations]


def _untranslated(language: str, events: list[_Event], groups: list[_Group],
                  guests: list[MainGuest]) -> list[Untranslated]:
    """Every record whose text the chapter prints in another language than ``language``
    because it has none in ``language`` (django-modeltranslation's fallback), with those
    fields (:func:`core.i18n.untranslated_fields`), once each: the sections' series and cities
    first, then the events, then the main guests. What is printed of each: an event's heading
    (``report_heading`` where written, else ``title``) and summary, its venue's name; an
    exhibition series' title and description; the name of a city and its country heading a
    section; a main guest's ``listed_as``, else the
    guest's name, title and organisation."""
    printed: list[tuple[object, tuple[str, ...]]] = []

    def heading(record) -> str:
        return "report_heading" if shown_language(record, "report_heading", language) else "title"

    for group in groups:
        if group.series is not None:
            printed.append((group.series, ("title", "description")))
        if group.city is not None and (group.intro or len(group.events) > 1):
            printed += [(group.city, ("name",)), (group.city.country, ("name",))]
    for event in events:
        printed.append((event.record, (heading(event.record), "summary")))
        venue = getattr(event.record, "venue", None)
        if venue is not None:
            printed.append((venue, ("name",)))
    for guest in guests:
        if shown_language(guest, "listed_as", language):
            printed.append((guest, ("listed_as",)))
        else:
            printed += [(guest.participation.person, ("name",)),
                        (guest.participation, ("title", "organisation"))]
    found: dict[tuple, Untranslated] = {}
    for record, fields in printed:
        missing = untranslated_fields(record, fields, language)
        key = (type(record), record.pk)
        if missing and key in found:
            found[key].fields += tuple(name for name in missing if name not in found[key].fields)
        elif missing:
            found[key] = Untranslated(record, tuple(missing))
    return list(found.values())

