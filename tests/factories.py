"""Records that are not facts of the source chapter, for tests that need one more draft, an
embargoed record or a test partner city beside the sample data.

Each function saves one record with the fields a test usually does not care about filled in,
and returns it; keyword arguments override any field. Names are given in both languages so a
test can look for either on a page. Facts of the chapter come from the sample data
(``datasets.sample_data``), never from here.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import Group, User
from django.utils import timezone

from cities.models import City, Country, Partnership
from core.models import PublicationStatus
from exhibitions.models import Exhibition, ExhibitionCity
from visits.models import Engagement, EngagementCity, EngagementKind

DRAFT, PUBLISHED = PublicationStatus.DRAFT, PublicationStatus.PUBLISHED


def later(**delta: float) -> datetime.datetime:
    """An aware moment after now, ``days=30`` or ``hours=1``...: an embargo still running."""
    return timezone.now() + datetime.timedelta(**delta)


def city(slug: str, name_zh_hant: str, name_en: str, *, country: Country | str = "japan",
         partnership: str | None = None, **fields) -> City:
    """A city (a draft unless ``status`` is given) in ``country`` (a Country or its slug), with
    a partnership of kind ``partnership`` (a :class:`cities.models.PartnershipKind` value) if given."""
    if isinstance(country, str):
        country = Country.objects.get(slug=country)
    record = City.objects.create(slug=slug, name_zh_hant=name_zh_hant, name_en=name_en,
                                 country=country, **fields)
    if partnership:
        Partnership.objects.create(city=record, kind=partnership)
    return record


def engagement(slug: str, title_zh_hant: str, title_en: str = "", *,
               start_date: datetime.date = datetime.date(2022, 12, 18),
               kind: str = EngagementKind.RECEPTION, cities: tuple[City, ...] = (),
               **fields) -> Engagement:
    """An engagement (a draft unless ``status`` is given) naming ``cities``."""
    record = Engagement.objects.create(slug=slug, title_zh_hant=title_zh_hant, title_en=title_en,
                                       start_date=start_date, kind=kind, **fields)
    for partner in cities:
        EngagementCity.objects.create(engagement=record, city=partner)
    return record


def exhibition(slug: str, title_zh_hant: str, title_en: str = "", *,
               start_date: datetime.date = datetime.date(2022, 12, 1),
               cities: tuple[City, ...] = (), **fields) -> Exhibition:
    """An exhibition (a draft unless ``status`` is given) featuring ``cities``."""
    record = Exhibition.objects.create(slug=slug, title_zh_hant=title_zh_hant, title_en=title_en,
                                       start_date=start_date, **fields)
    for partner in cities:
        ExhibitionCity.objects.create(exhibition=record, city=partner)
    return record



def country(slug: str, name_zh_hant: str, name_en: str, iso_code: str = "") -> Country:
    """A country beside the sample data's."""
    return Country.objects.create(slug=slug, name_zh_hant=name_zh_hant, name_en=name_en, iso_code=iso_code)


def partnership(city: City, kind: str, established_on: datetime.date | None, **fields) -> Partnership:
    """A partnership of ``city`` of ``kind`` (a :class:`cities.models.PartnershipKind` value) established on
    ``established_on`` (known to the day unless ``established_precision`` is given)."""
    return Partnership.objects.create(city=city, kind=kind, established_on=established_on, **fields)


def staff_member(name: str, role: str, password: str | None = None) -> User:
    """A staff user ``name`` (e-mail ``name@example.org``) whose only group is ``role`` (a role of
    ``backoffice.roles``: its group exists once migrated), with ``password`` or none usable."""
    user = User.objects.create_user(name, f"{name}@example.org", password, is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


def two_pending_titles(engagement: Engagement, editor: User):
    """Two pending revisions by ``editor`` of ``engagement``, both made from its current version:
    English title "First title", then "Second title" (a str each). Returns the two
    :class:`core.models.Revision` in that order; ``engagement`` is left as stored."""
    from core import review
    from core.models import RevisionSource

    def set_title(title):
        def perform():
            engagement.title_en = title
            engagement.save()
        return perform

    _held, first = review.hold(engagement, set_title("First title"), author=editor, source=RevisionSource.FORM)
    engagement.refresh_from_db()
    _held, second = review.hold(engagement, set_title("Second title"), author=editor, source=RevisionSource.FORM)
    return first, second
