"""Retention of visitors' personal data: purge it once it is no longer needed.

Personal data (``Person.PERSONAL_DATA_FIELDS``: email, phone, passport number, dietary needs,
notes) is kept to organise visits. It is purged, from the person's row and from every version
of it in the history, for:

- people with no activity for ``years`` years: neither an engagement (its end date, or its
  start date) nor a change to their record since;
- people deleted more than ``grace_days`` days ago (the grace period lets an accidental
  deletion be restored from the history with its data).

Names, country, titles and participations stay: they are the office's record of who visited,
which the half-year report counts. The purge writes no new version (a version would be a copy).
Sources: Taiwan's Personal Data Protection Act (個人資料保護法) art. 11 (delete personal data
once the purpose is fulfilled or the retention period ends) and the GDPR's storage-limitation
principle (art. 5(1)(e)).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.personal import personal_fields
from visits.models import Person


@dataclass(frozen=True)
class Purged:
    """One person whose personal data is (or would be) purged: ``pk``, ``name``, ``reason``
    (``"last activity 2022-12-20"`` or ``"deleted 2023-01-10"``), the ``fields`` (names) that
    held data, and the number of history ``versions`` that held some."""

    pk: int
    name: str
    reason: str
    fields: list[str]
    versions: int

    def line(self, dry_run: bool) -> str:
        """One line of the command's report."""
        verb = "Would purge" if dry_run else "Purged"
        where = "" if self.reason.startswith("deleted") else "the person and "
        return (f"{verb} #{self.pk} {self.name} ({self.reason}): {', '.join(self.fields)}, in "
                f"{where}{self.versions} history versions")


def years_before(day: datetime.date, years: int) -> datetime.date:
    """The same day ``years`` years before ``day`` (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _holds_data(prefix: str = "") -> Q:
    """Rows with a value in any personal-data field (``prefix`` for a related path)."""
    condition = Q()
    for name in personal_fields(Person):
        condition |= ~Q(**{f"{prefix}{name}": ""})
    return condition


def due_people(today: datetime.date, years: int) -> QuerySet[Person]:
    """People whose last activity (see the module's docstring) is more than ``years`` years
    before ``today``, with personal data in their row or in any version of it; annotated with
    ``last_engagement`` (a date) and ``last_change`` (a datetime), either ``None``."""
    cutoff = years_before(today, years)
    cutoff_time = timezone.make_aware(datetime.datetime.combine(cutoff, datetime.time.min))
    versions = Person.history.all()
    last_change = versions.filter(id=OuterRef("pk")).order_by("-history_date").values("history_date")[:1]
    return Person.objects.annotate(
        last_engagement=Max(Coalesce("participations__engagement__end_date",
                                     "participations__engagement__start_date")),
        last_change=Subquery(last_change),
    ).filter(
        _holds_data() | Q(pk__in=versions.filter(_holds_data()).values("id")),
        Q(last_engagement__isnull=True) | Q(last_engagement__lt=cutoff),
        Q(last_change__isnull=True) | Q(last_change__lt=cutoff_time),
    ).order_by("pk")


def due_deleted(today: datetime.date, grace_days: int) -> list:
    """The last versions (deletions) of people deleted more than ``grace_days`` days before
    ``today`` whose history still holds personal data, oldest deletion first."""
    cutoff = timezone.make_aware(datetime.datetime.combine(
        today - datetime.timedelta(days=grace_days), datetime.time.min))
    holding = Person.history.filter(_holds_data()).values("id")
    return list(Person.history.latest_of_each().filter(history_type="-", history_date__lt=cutoff,
                                                id__in=Subquery(holding)).order_by("history_date"))


def _describe(pk: int, name: str, reason: str) -> Purged:
    """What the purge of person ``pk`` takes: the fields with data in the row or history."""
    names = personal_fields(Person)
    rows = list(Person.objects.filter(pk=pk).values(*names))
    versions = list(Person.history.filter(id=pk).filter(_holds_data()).values(*names))
    fields = [name for name in names if any(row[name] for row in rows + versions)]
    return Purged(pk=pk, name=name, reason=reason, fields=fields, versions=len(versions))


def purge(today: datetime.date, years: int, grace_days: int, *, dry_run: bool = False) -> list[Purged]:
    """Purge the personal data of :func:`due_people` and :func:`due_deleted` (one transaction),
    or with ``dry_run`` only say what would go. Returns one :class:`Purged` per person, those
    with no activity first, by id. Running it again purges nothing more."""
    with transaction.atomic():
        purged = [_describe(person.pk, person.name, _activity(person)) for person in due_people(today, years)]
        purged += [_describe(version.id, version.name, f"deleted {_day(version.history_date)}")
                   for version in due_deleted(today, grace_days)]
        if not dry_run and purged:
            blank = dict.fromkeys(personal_fields(Person), "")
            pks = [person.pk for person in purged]
            # A bump of the version: a form opened before the purge may not write the data back.
            Person.objects.filter(pk__in=pks).update(**blank, version=F("version") + 1)
            Person.history.filter(id__in=pks).update(**blank)
    return purged


def _activity(person: Person) -> str:
    """The reason a person of :func:`due_people` is due: their last activity, the later of
    their last engagement and the last change to their record."""
    days = [day for day in (person.last_engagement, _day(person.last_change)) if day]
    return f"last activity {max(days):%Y-%m-%d}" if days else "no activity recorded"


def _day(moment: datetime.datetime | None) -> datetime.date | None:
    """The local date of ``moment`` (in ``TIME_ZONE``)."""
    return timezone.localtime(moment).date() if moment else None
