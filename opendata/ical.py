"""The iCalendar feed (RFC 5545) of exhibitions and upcoming public events, written with the
``icalendar`` library.

What is in it:

- every published exhibition, past ones included (the feed is also the record of what was
  shown);
- every published public event (:data:`visits.models.PUBLIC_EVENT_KINDS`: ceremonies and events
  the public can attend) that is not over yet
  (:meth:`core.models.DatedQuerySet.current_or_upcoming`);
- only records known to the day: an exhibition "from May 2022" has no day to put in a
  calendar, so records of a coarser ``date_precision`` are left out (the activities open data
  lists them).

Each record is an all-day ``VEVENT``: ``DTSTART`` its first day, ``DTEND`` the day after its
last (exclusive, RFC 5545 §3.6.1), so 2022-09-05..2022-09-30 is ``DTSTART;VALUE=DATE:20220905``,
``DTEND;VALUE=DATE:20221001``. ``UID`` is ``<exhibition|engagement>-<primary key>@<host>`` and
does not change when the record is edited; ``DTSTAMP`` and ``LAST-MODIFIED`` are the record's
last change. ``SUMMARY``, ``DESCRIPTION`` (the narrative), ``LOCATION`` and ``URL`` are in one
language (zh-hant by default, en with ``?lang=en``), falling back to the other where a field is
not translated.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import Model
from django.utils import translation
from icalendar import Calendar, Event

from core.dates import DatePrecision, is_chinese
from exhibitions.models import Exhibition
from visits.models import Engagement

PRODUCT_ID = "-//intl-affairs//open data calendar//EN"


def calendar_records() -> list[Exhibition | Engagement]:
    """The exhibitions and public events of the feed (rules in the module docstring), by start
    date; two queries whatever the number of records."""
    # An exhibition still running with no end date known has no calendar extent: left out.
    exhibitions = (Exhibition.objects.public().filter(date_precision=DatePrecision.DAY,
                                                      end_date__isnull=False)
                   .with_public("venue"))
    events = (Engagement.objects.public().public_events().current_or_upcoming()
              .filter(date_precision=DatePrecision.DAY))
    return sorted([*exhibitions, *events], key=lambda record: (record.start_date,
                                                                record._meta.model_name, record.pk))


def calendar_name(language: str) -> str:
    """The calendar's display name: the home city and its office, from settings."""
    city, office = settings.HOME_CITY[language], settings.OFFICE[language]
    return f"{city}{office}" if is_chinese(language) else f"{office}, {city}"


def _location(record: Model) -> str:
    if isinstance(record, Exhibition):
        venue = record.venue
        return ", ".join(part for part in (venue.name, venue.address) if part) if venue else ""
    return record.place


def build_calendar(language: str, base_url: str, host: str) -> bytes:
    """Return the feed as iCalendar bytes (UTF-8, CRLF lines).

    ``language`` is a code of ``settings.LANGUAGES`` (the text and page links are in it);
    ``base_url`` the scheme and host of the links (``https://example.org``, no trailing slash);
    ``host`` the domain part of the ``UID`` values (``example.org``).
    """
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    with translation.override(language):
        name = calendar_name(language)
        calendar.add("name", name)
        calendar.add("x-wr-calname", name)
        for record in calendar_records():
            event = Event()
            event.add("uid", f"{record._meta.model_name}-{record.pk}@{host}")
            event.add("dtstamp", record.updated_at)
            event.add("last-modified", record.updated_at)
            event.add("dtstart", record.start_date)
            event.add("dtend", record.last_date + datetime.timedelta(days=1))
            event.add("summary", record.title)
            if record.summary:
                event.add("description", record.summary)
            location = _location(record)
            if location:
                event.add("location", location)
            event.add("url", base_url + record.get_absolute_url())
            calendar.add_component(event)
    return calendar.to_ical()
