"""The report as a format-neutral document: numbered headings, paragraphs, totals and tables.

:func:`reports.builder.build_chapter` fills a :class:`Chapter`; :mod:`reports.writers` renders it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from core.dates import HalfYear


@dataclass(frozen=True)
class Heading:
    """A numbered heading: ``level`` 1–5, ``number`` such as ``壹、`` or ``（一）``."""

    level: int
    number: str
    text: str

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
class Chapter:
    """The chapter of one half-year in one language, ready for a writer."""

    period: HalfYear
    language: str
    include_drafts: bool
    title: str
    blocks: list[Heading | Paragraph]
    totals: Totals
    guests: list[str]
    tables: list[Table] = field(default_factory=list)
    drafts_included: int = 0
    # Records counted but not told, for want of a narrative (``summary``).
    without_narrative: list = field(default_factory=list)

    def text(self) -> str:
        """The chapter as plain text, one heading or paragraph a line (for previews and tests)."""
        lines = [self.title]
        for block in self.blocks:
            lines.append(block.label if isinstance(block, Heading) else block.text)
        return "\n".join(lines)
