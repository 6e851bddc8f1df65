"""Every public page runs a bounded number of queries that does not grow with the data: measured
on the sample data, then again after adding many more published records."""

import datetime
import re

import pytest

from cities.models import City, Partnership, PartnershipKind
from core.models import PublicationStatus
from exhibitions.models import Exhibition, ExhibitionCity
from visits.models import Engagement, EngagementCity, ParticipantRole, Participation, Person

pytestmark = pytest.mark.django_db

# The most queries each page may run (sessions and auth add none: the public pages use neither).
PAGES = {
    "/zh-hant/": 12,
    "/en/cities/": 4,
    "/en/cities/?group=kind&kind=sister_city": 4,
    # 14: the gallery of gifts (issue 16) reads the gifts, their photos, their items' exhibitions
    # and their loans (with their exhibitions), one query each, instead of the items the city gave.
    "/zh-hant/cities/san-antonio/": 14,
    "/en/activities/": 10,
    "/en/activities/2022/?country=united-states": 12,
    "/zh-hant/activities/2022/12/": 8,
    "/en/engagements/2022-12-20-san-antonio-40th-anniversary-video-conference/": 9,
    # The series and the items' givers are read through their public records (core.visibility).
    "/en/exhibitions/partner-city-of-the-month-2021-2022/": 5,
    "/zh-hant/search/?q=san": 7,
    "/en/figures/": 8,
}


def add_records(count: int) -> None:
    """Add ``count`` published cities (each a sister city), engagements and exhibitions, all
    naming San Antonio and one of the new cities, with a participant each, dated December 2022."""
    san_antonio = City.objects.get(slug="san-antonio")
    cities = City.objects.bulk_create(
        City(
            name_zh_hant=f"測試市{i}",
            name_en=f"Testville {i}",
            slug=f"testville-{i}",
            country=san_antonio.country,
            status=PublicationStatus.PUBLISHED,
            search_key=f"testville{i}",
        )
        for i in range(count)
    )
    Partnership.objects.bulk_create(
        Partnership(
            city=city, kind=PartnershipKind.SISTER_CITY, established_on=datetime.date(1990 + i % 30, 1, 1)
        )
        for i, city in enumerate(cities)
    )
    day = datetime.date(2022, 12, 2)
    engagements = Engagement.objects.bulk_create(
        Engagement(
            kind="reception",
            title_zh_hant=f"測試接待{i}",
            title_en=f"San test reception {i}",
            slug=f"test-reception-{i}",
            start_date=day,
            status=PublicationStatus.PUBLISHED,
            search_key=f"santestreception{i}",
        )
        for i in range(count)
    )
    exhibitions = Exhibition.objects.bulk_create(
        Exhibition(
            title_zh_hant=f"測試展{i}",
            title_en=f"San test exhibition {i}",
            slug=f"test-exhibition-{i}",
            start_date=day,
            status=PublicationStatus.PUBLISHED,
            search_key=f"santestexhibition{i}",
        )
        for i in range(count)
    )
    EngagementCity.objects.bulk_create(
        [EngagementCity(engagement=e, city=san_antonio) for e in engagements]
        + [EngagementCity(engagement=e, city=c) for e, c in zip(engagements, cities, strict=True)]
    )
    ExhibitionCity.objects.bulk_create(
        [ExhibitionCity(exhibition=e, city=san_antonio) for e in exhibitions]
        + [ExhibitionCity(exhibition=e, city=c) for e, c in zip(exhibitions, cities, strict=True)]
    )
    people = Person.objects.bulk_create(
        Person(name_zh_hant=f"測試人{i}", name_en=f"Sam Tester {i}", search_key=f"samtester{i}")
        for i in range(count)
    )
    Participation.objects.bulk_create(
        Participation(engagement=e, person=p, role=ParticipantRole.GUEST, title_en="Mayor")
        for e, p in zip(engagements, people, strict=True)
    )


def test_query_counts_are_bounded_and_do_not_grow(client, django_assert_max_num_queries, today_2022_12_15):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for size in ("sample", "more"):
        if size == "more":
            add_records(40)
        for url, limit in PAGES.items():
            with CaptureQueriesContext(connection) as queries, django_assert_max_num_queries(limit):
                assert client.get(url).status_code == 200, url
            counts.setdefault(url, []).append(len(queries))
    for url, (before, after) in counts.items():
        # A page can need fewer (a page of only engagements skips the exhibitions' queries).
        assert after <= before, f"{url}: {before} queries on the sample data, {after} with more"


def test_a_busy_city_shows_its_activities_page_by_page(client):
    from cities.views import TIMELINE_PAGE_SIZE

    add_records(40)
    city = City.objects.get(slug="san-antonio")
    total = Engagement.objects.published().involving(city).count() + Exhibition.objects.published().involving(city).count()
    assert total == 83  # the sample data's 3 and 80 added
    first = client.get("/en/cities/san-antonio/")
    assert len(first.context["timeline"]) == TIMELINE_PAGE_SIZE
    assert first.context["page_obj"].paginator.num_pages == 3
    assert 'href="?page=2"' in first.content.decode()
    last = client.get("/en/cities/san-antonio/?page=3")
    titles = [re.search(r'class="activity__title"><a [^>]*>([^<]*)</a>', row).group(1)
              for row in last.context["timeline"]]
    assert len(titles) == total - 2 * TIMELINE_PAGE_SIZE
    # Newest first: the sample data's 2021–2022 series and exhibition close the last page.
    assert titles[-1] == "Partner city of the month"
