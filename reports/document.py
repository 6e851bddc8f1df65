"""The report as a format-neutral document: numbered headings, paragraphs, totals and tables.

:func:`reports.builder.build_chapter` fills a :class:`Chapter`; :mod:`reports.writers` renders it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import get_language, ngettext

from core.dates import HalfYear
from core.i18n import as_sentences, join_list


@dataclass(frozen=True)
class Heading:
    """A numbered heading: ``level`` is its outline level in the document the chapter goes into
    (1–6: 壹、 一、 （一） 1、 （1） 1.), ``depth`` its level inside the chapter (1 a part, 2 a
    section, 3 an item), ``number`` such as ``1、`` or ``（1）``."""

    level: int
    number: str
    text: str
    depth: int = 1

    @property
    def label(self) -> str:
        """Number and text as printed: ``壹、姊妹市…``, ``1. 姊妹市…``, ``I. Exchanges…``."""
        joiner = "" if self.number.endswith(("、", "）")) else " "
        return f"{self.number}{joiner}{self.text}"


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of body text."""

    text: str


@dataclass
class Table:
    """A statistics table: ``key`` names it in code, ``title`` is the sheet name (≤ 31 chars)."""

    key: str
    title: str
    columns: list[str]
    rows: list[list[object]]


@dataclass(frozen=True)
class Totals:
    """Cases and person-times of the half-year: computed from the records, and as officially
    reported (``None`` where the period has no reported figure)."""

    computed_cases: int
    computed_person_times: int
    reported_cases: int | None = None
    reported_person_times: int | None = None

    @property
    def cases(self) -> int:
        """The figure the chapter states: the reported one where there is one."""
        return self.computed_cases if self.reported_cases is None else self.reported_cases

    @property
    def person_times(self) -> int:
        """The figure the chapter states: the reported one where there is one."""
        if self.reported_person_times is None:
            return self.computed_person_times
        return self.reported_person_times

    @property
    def cases_difference(self) -> int | None:
        """Computed minus reported cases; ``None`` when nothing was reported."""
        return None if self.reported_cases is None else self.computed_cases - self.reported_cases

    @property
    def person_times_difference(self) -> int | None:
        """Computed minus reported person-times; ``None`` when nothing was reported."""
        if self.reported_person_times is None:
            return None
        return self.computed_person_times - self.reported_person_times

    @property
    def differs(self) -> bool:
        """True when a reported figure differs from the computed one."""
        return bool(self.cases_difference or self.person_times_difference)


@dataclass
class Untranslated:
    """A record the chapter prints in another language than its own, for want of text in it:
    ``record`` (a model instance) and ``fields`` (names of its translated fields, e.g.
    ``("summary",)``). Staff translate them before sending the chapter out."""

    record: object
    fields: tuple[str, ...]

    @property
    def kind(self) -> str:
        """What the record is, as the admin names its model (``接待/活動``), in the active
        language."""
        return str(self.record._meta.verbose_name)

    @property
    def field_labels(self) -> str:
        """The fields as the admin labels them, joined as the active language joins a list
        (``標題、摘要``, ``title, summary``)."""
        return join_list(self.record._meta.get_field(name).verbose_name for name in self.fields)


#: A half-year of the office tells dozens of engagements and exhibitions (the source chapter,
#: 2022H2: 22 cases); a chapter with fewer than this many is nearly empty
#: (:attr:`Chapter.few_records`).
FEW_RECORDS = 3


@dataclass
class Chapter:
    """The chapter of one half-year in one language, ready for a writer.

    ``outline_level`` is the outline level of its parts (1 壹、 to 4 1、). A chapter starting at
    level 1 stands alone and is printed under its ``title``; one starting lower is a section of
    the larger report, whose heading the office already has, so the title is only the file's
    metadata (:attr:`prints_title`)."""

    period: HalfYear
    language: str
    include_drafts: bool
    title: str
    blocks: list[Heading | Paragraph]
    totals: Totals
    guests: list[str]
    outline_level: int = 1
    tables: list[Table] = field(default_factory=list)
    drafts_included: int = 0
    # Records counted but not told, for want of a narrative (``summary``).
    without_narrative: list = field(default_factory=list)
    # Partnerships established in the period's year on a date known only to the year: no
    # half-year's chapter can announce them until staff give the month.
    unplaced_partnerships: list = field(default_factory=list)
    # Records whose text is printed in another language, having none in the chapter's
    # (:class:`Untranslated`): an English chapter would otherwise show Chinese without a warning.
    untranslated: list[Untranslated] = field(default_factory=list)
    # Whether the gift part was asked for (reports.builder.build_chapter), with values; and the
    # gifts no half-year's chapter can list (dated to the year only, or with neither date nor
    # engagement), for staff to date.
    with_gifts: bool = False
    with_gift_values: bool = False
    unplaced_gifts: list = field(default_factory=list)
    # The engagements and exhibitions the chapter counts, and the period's drafts it leaves out
    # (none when drafts are included): for :attr:`few_records`.
    records: int = 0
    drafts_left_out: int = 0

    @property
    def few_records(self) -> bool:
        """True when the chapter counts fewer than :data:`FEW_RECORDS` engagements and
        exhibitions: a nearly empty chapter, worth a warning (the wrong half-year, records not
        yet entered or still in draft) before it is sent out."""
        return self.records < FEW_RECORDS

    def few_records_warning(self) -> str:
        """The warning for a chapter with :attr:`few_records`, in the active language (``""``
        otherwise): how many records it counts, and how many drafts it leaves out."""
        if not self.few_records:
            return ""
        warning = ngettext(
            "The chapter of %(period)s counts only %(count)s engagement or exhibition: check the "
            "half-year, or enter its records before sending the chapter out.",
            "The chapter of %(period)s counts only %(count)s engagements and exhibitions: check the "
            "half-year, or enter its records before sending the chapter out.",
            self.records) % {"period": self.period.label(get_language()), "count": self.records}
        sentences = [warning]
        if self.drafts_left_out:
            sentences.append(ngettext(
                "%(count)s draft record of the half-year is left out (include drafts to count it).",
                "%(count)s draft records of the half-year are left out (include drafts to count them).",
                self.drafts_left_out) % {"count": self.drafts_left_out})
        return as_sentences(sentences)

    @property
    def prints_title(self) -> bool:
        """True when the title is printed above the chapter (it starts at outline level 1)."""
        return self.outline_level == 1

    def text(self) -> str:
        """The chapter as plain text, one heading or paragraph a line, as printed (for previews
        and tests)."""
        lines = [self.title] if self.prints_title else []
        for block in self.blocks:
            lines.append(block.label if isinstance(block, Heading) else block.text)
        return "\n".join(lines)
