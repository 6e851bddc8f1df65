"""Open data: CSV and JSON of partnerships and activities, the calendar feed and sitemap.xml,
checked against the source chapter's records (the sample data)."""

from __future__ import annotations

import csv
import datetime
import io
import json
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override
from icalendar import Calendar

from cities.models import City, Country, Partnership, PartnershipKind
from core.dates import DatePrecision
from core.models import PublicationStatus
from exhibitions.models import Exhibition, ExhibitionCity
from visits.models import Engagement, EngagementCity, EngagementKind, Topic

PUBLISHED, DRAFT = PublicationStatus.PUBLISHED, PublicationStatus.DRAFT
OPEN_DATA_URLS = ["/open-data/partnerships.csv", "/open-data/partnerships.json",
                  "/open-data/activities.csv", "/open-data/activities.json", "/calendar.ics",
                  "/calendar.ics?lang=en", "/sitemap.xml"]


def body(response) -> str:
    """The response body as text, streamed or not."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8")


def csv_rows(client, url: str) -> list[dict[str, str]]:
    response = client.get(url)
    assert response.status_code == 200
    text = body(response)
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:], newline="")))


def by_key(rows, key: str, value: str) -> dict:
    matches = [row for row in rows if row[key] == value]
    assert len(matches) == 1, f"{len(matches)} rows with {key}={value!r}"
    return matches[0]


def calendar_events(client, url: str = "/calendar.ics") -> dict[str, object]:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    return {str(event["summary"]): event for event in calendar.walk("VEVENT")}


# -- routes ---------------------------------------------------------------------------------

def test_routes_are_named_and_outside_the_language_prefixes():
    assert reverse("opendata:partnerships-csv") == "/open-data/partnerships.csv"
    assert reverse("opendata:partnerships-json") == "/open-data/partnerships.json"
    assert reverse("opendata:activities-csv") == "/open-data/activities.csv"
    assert reverse("opendata:activities-json") == "/open-data/activities.json"
    assert reverse("opendata:calendar") == "/calendar.ics"
    assert reverse("opendata:sitemap") == "/sitemap.xml"


# -- partnerships ---------------------------------------------------------------------------

@pytest.mark.django_db
def test_partnerships_csv_has_the_source_chapters_partners(client):
    response = client.get("/open-data/partnerships.csv")
    assert response.streaming  # row by row, memory does not grow with the data
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="partnerships.csv"'
    rows = csv_rows(client, "/open-data/partnerships.csv")
    assert len(rows) == Partnership.objects.count() == 16
    san_antonio = by_key(rows, "id", "san-antonio:sister_city")
    assert san_antonio["city_name_zh_hant"] == "聖安東尼市"
    assert san_antonio["city_name_en"] == "San Antonio"
    assert san_antonio["city_region_en"] == "Texas"
    assert san_antonio["country_name_en"] == "United States"
    assert san_antonio["country_iso_code"] == "US"
    assert san_antonio["kind"] == "sister_city"
    assert san_antonio["established_on"] == "1982-01-01"
    assert san_antonio["established_precision"] == "year"
    assert san_antonio["ended_on"] == "" and san_antonio["is_active"] == "True"
    assert san_antonio["url_zh_hant"] == "http://testserver/zh-hant/cities/san-antonio/"
    assert san_antonio["url_en"] == "http://testserver/en/cities/san-antonio/"
    honolulu = by_key(rows, "id", "honolulu:sister_city")
    assert (honolulu["ordinal"], honolulu["established_on"], honolulu["established_precision"]) == (
        "1", "1962-09-01", "month")
    # The three-party MOU, upgraded to a friendship agreement in 2017.
    mou = by_key(rows, "id", "kumamoto-city:agreement")
    assert (mou["ended_on"], mou["replaced_by"], mou["is_active"]) == (
        "2017-01-11", "kumamoto-city:friendship_city", "False")
    assert by_key(rows, "id", "erzgebirgskreis:sister_city")["city_kind"] == "district"
    # Oldest first: Honolulu (1962) opens the list, Suwon (2019) closes it.
    assert [rows[0]["id"], rows[-1]["id"]] == ["honolulu:sister_city", "suwon:friendship_city"]


@pytest.mark.django_db
def test_partnerships_json_document_shape(client, settings):
    response = client.get("/open-data/partnerships.json")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    document = json.loads(response.content)
    assert document["dataset"] == "partnerships" and document["version"] == 1
    assert document["source"] == "http://testserver/open-data/partnerships.json"
    assert document["licence"] == settings.OPEN_DATA_LICENCE
    assert document["publisher"]["office_zh_hant"] == settings.OFFICE["zh-hant"]
    generated = datetime.datetime.fromisoformat(document["generated"])
    assert abs(timezone.now() - generated) < datetime.timedelta(minutes=5)
    assert document["count"] == len(document["records"]) == 16
    brisbane = next(r for r in document["records"] if r["id"] == "brisbane:sister_city")
    assert brisbane["established_on"] == "1997-09-09" and brisbane["ordinal"] is None
    assert brisbane["city_latitude"] == pytest.approx(-27.469771)
    assert brisbane["country_iso_code"] == "AU" and brisbane["is_active"] is True


# -- activities -----------------------------------------------------------------------------

@pytest.mark.django_db
def test_activities_json_has_the_san_antonio_exhibition(client):
    document = json.loads(client.get("/open-data/activities.json").content)
    assert document["dataset"] == "activities"
    records = document["records"]
    assert len(records) == 27 + 6  # the sample data's engagements and exhibitions, all published
    exhibition = next(r for r in records if r["slug"] == "san-antonio-40th-anniversary-exhibition")
    assert exhibition["type"] == exhibition["kind"] == "exhibition"
    assert (exhibition["start_date"], exhibition["end_date"], exhibition["date_precision"]) == (
        "2022-08-16", "2022-08-28", "day")
    assert exhibition["last_date"] == "2022-08-28"
    assert exhibition["place_en"] == "Kaohsiung Main Public Library"
    assert exhibition["cities"] == [{"slug": "san-antonio", "name_zh_hant": "聖安東尼市",
                                     "name_en": "San Antonio"}]
    assert exhibition["countries"] == [{"slug": "united-states", "name_zh_hant": "美國",
                                        "name_en": "United States", "iso_code": "US"}]
    with override("en"):
        page = Exhibition.objects.get(slug=exhibition["slug"]).get_absolute_url()
    assert exhibition["url_en"] == "http://testserver" + page
    # No people: activities-level fields only.
    assert not any("particip" in key or "person" in key for record in records for key in record)
    # By start date: the 2021–2022 series first.
    starts = [r["start_date"] for r in records]
    assert starts == sorted(starts) and starts[0] == "2021-01-01"


@pytest.mark.django_db
def test_activities_csv_flattens_cities_countries_and_topics(client):
    rows = csv_rows(client, "/open-data/activities.csv")
    mission = by_key(rows, "slug", "2022-07-24-tokyo-mission-agriculture-marine-tourism")
    assert (mission["type"], mission["kind"]) == ("engagement", "outbound_visit")
    assert (mission["start_date"], mission["end_date"], mission["last_date"]) == (
        "2022-07-24", "2022-07-28", "2022-07-28")
    assert mission["place_en"] == "Tokyo, Japan"
    assert sorted(mission["cities_en"].split("; ")) == ["Hachioji", "Tokyo"]
    assert (mission["countries_en"], mission["country_iso_codes"]) == ("Japan", "JP")
    assert sorted(mission["topics_en"].split("; ")) == [
        "agriculture and fisheries", "marine industry", "tourism", "trade and investment"]
    # Known only to the month: the relief for Belize City, November 2022.
    relief = by_key(rows, "slug", "2022-11-belize-city-hurricane-relief")
    assert (relief["kind"], relief["date_precision"], relief["last_date"]) == (
        "donation", "month", "2022-11-30")
    # Edinburgh is in Scotland, which has no ISO 3166-1 code: the name is there, no code.
    edinburgh = next(r for r in rows if "Edinburgh" in r["cities_en"])
    assert edinburgh["countries_en"] == "Scotland" and edinburgh["country_iso_codes"] == ""


@pytest.mark.django_db
def test_csv_cells_are_neutralised_but_json_keeps_the_text(client):
    Engagement.objects.create(kind=EngagementKind.OTHER, slug="formula", status=PUBLISHED,
                              title_zh_hant='=HYPERLINK("http://evil.example","點我")',
                              title_en="@SUM(1)\x07", start_date=datetime.date(2022, 10, 3))
    row = by_key(csv_rows(client, "/open-data/activities.csv"), "slug", "formula")
    assert row["title_zh_hant"] == '\'=HYPERLINK("http://evil.example","點我")'
    assert row["title_en"] == "'@SUM(1)"
    record = next(r for r in json.loads(client.get("/open-data/activities.json").content)["records"]
                  if r["slug"] == "formula")
    assert record["title_zh_hant"] == '=HYPERLINK("http://evil.example","點我")'


# -- calendar -------------------------------------------------------------------------------

@pytest.mark.django_db
def test_calendar_has_the_brisbane_exhibition_as_an_all_day_event(client):
    events = calendar_events(client)
    brisbane = events["布里斯本姊妹市25周年交流紀念展"]
    assert brisbane.decoded("dtstart") == datetime.date(2022, 9, 5)
    assert brisbane.decoded("dtend") == datetime.date(2022, 10, 1)  # exclusive: last day 30 Sept
    assert not isinstance(brisbane.decoded("dtstart"), datetime.datetime)
    exhibition = Exhibition.objects.get(slug="brisbane-25th-anniversary-exhibition")
    assert str(brisbane["uid"]) == f"exhibition-{exhibition.pk}@testserver"
    assert "布里斯本市政廳掛畫" in str(brisbane["description"])
    with override("zh-hant"):
        assert str(brisbane["url"]) == "http://testserver" + exhibition.get_absolute_url()
    library = events["高雄市與美國德克薩斯州聖安東尼市姊妹市締盟40周年紀念展"]
    assert str(library["location"]) == "高雄市立圖書館總館, 高雄市前鎮區新光路61號"
    # Known only to the month: no day to put in a calendar.
    assert "城市市鑰" not in events and "城市吉祥物" not in events
    # Engagements are not exhibitions; the lighting ceremony of 2022 is over.
    assert not any(str(e["uid"]).startswith("engagement-") for e in events.values())


@pytest.mark.django_db
def test_calendar_in_english_and_stable_uids(client):
    english = calendar_events(client, "/calendar.ics?lang=en")
    brisbane = english["Brisbane Sister City 25th Anniversary Exhibition"]
    assert brisbane.decoded("dtend") == datetime.date(2022, 10, 1)
    exhibition = Exhibition.objects.get(slug="brisbane-25th-anniversary-exhibition")
    with override("en"):
        assert str(brisbane["url"]) == "http://testserver" + exhibition.get_absolute_url()
    uid = str(brisbane["uid"])
    exhibition.title_en = "Brisbane 25 (renamed)"
    exhibition.save()
    renamed = calendar_events(client, "/calendar.ics?lang=en")["Brisbane 25 (renamed)"]
    assert str(renamed["uid"]) == uid
    assert calendar_events(client)["布里斯本姊妹市25周年交流紀念展"]["uid"] == uid


@pytest.mark.django_db
def test_calendar_rejects_an_unknown_language(client):
    response = client.get("/calendar.ics?lang=fr")
    assert response.status_code == 400
    assert "lang=zh-hant / en" in response.content.decode()  # a page, tests/pages/test_bad_requests.py


@pytest.mark.django_db
def test_calendar_lists_upcoming_public_events_only(client):
    today = timezone.localdate()
    upcoming = Engagement.objects.create(
        kind=EngagementKind.CEREMONY, slug="upcoming-lighting", status=PUBLISHED,
        title_zh_hant="點燈儀式", title_en="Lighting", place_zh_hant="高雄市立圖書館總館",
        start_date=today + datetime.timedelta(days=10))
    Engagement.objects.create(
        kind=EngagementKind.RECEPTION, slug="upcoming-reception", status=PUBLISHED,
        title_zh_hant="接待訪團", start_date=today + datetime.timedelta(days=10))
    events = calendar_events(client)
    lighting = events["點燈儀式"]
    assert lighting.decoded("dtstart") == today + datetime.timedelta(days=10)
    assert lighting.decoded("dtend") == today + datetime.timedelta(days=11)
    assert str(lighting["location"]) == "高雄市立圖書館總館"
    assert "接待訪團" not in events  # a reception is not a public event
    # The only event: the ceremony of 8 September 2022 (Brisbane's colours) is over.
    assert [str(e["uid"]) for e in events.values() if str(e["uid"]).startswith("engagement-")] == [
        f"engagement-{upcoming.pk}@testserver"]


# -- sitemap --------------------------------------------------------------------------------

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def sitemap_entries(client) -> dict[str, dict[str, str]]:
    """``{location: {hreflang: alternate location}}`` from /sitemap.xml."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return {
        url.findtext("s:loc", namespaces=SITEMAP_NS): {
            link.get("hreflang"): link.get("href") for link in url.findall("x:link", SITEMAP_NS)
        }
        for url in root.findall("s:url", SITEMAP_NS)
    }


@pytest.mark.django_db
def test_sitemap_lists_every_public_page_in_both_languages(client):
    entries = sitemap_entries(client)
    city = entries["http://testserver/zh-hant/cities/san-antonio/"]
    assert city == {"zh-hant": "http://testserver/zh-hant/cities/san-antonio/",
                    "en": "http://testserver/en/cities/san-antonio/",
                    "x-default": "http://testserver/cities/san-antonio/"}
    assert "http://testserver/en/cities/san-antonio/" in entries
    assert "http://testserver/en/" in entries and "http://testserver/zh-hant/" in entries
    exhibition = Exhibition.objects.get(slug="brisbane-25th-anniversary-exhibition")
    engagement = Engagement.objects.get(slug="2022-12-20-san-antonio-40th-anniversary-video-conference")
    for language in ("zh-hant", "en"):
        with override(language):
            assert "http://testserver" + exhibition.get_absolute_url() in entries
            assert "http://testserver" + engagement.get_absolute_url() in entries
    # 4 static pages (home, cities, activities, figures), the 14 partner cities (of the 18
    # cities, Tokyo, Wakayama, Sado and Edinburgh have no partnership), the 27 engagements and 6
    # exhibitions; each in two languages.
    assert len(entries) == 2 * (4 + 14 + 27 + 6)
    assert not any("/tokyo/" in location for location in entries)


# -- only what is published -----------------------------------------------------------------

@pytest.fixture
def unpublished(db):
    """A draft city with a partnership, a draft engagement, an embargoed exhibition, and a
    published engagement and exhibition that name the draft city; returns the markers that must
    never appear in open data."""
    future = timezone.now() + datetime.timedelta(days=30)
    japan = Country.objects.get(slug="japan")
    secret_city = City.objects.create(name_zh_hant="秘密市", name_en="Secretville", slug="secretville",
                                      country=japan, status=DRAFT)
    Partnership.objects.create(city=secret_city, kind=PartnershipKind.SISTER_CITY,
                               established_on=datetime.date(2020, 1, 1))
    embargoed_city = City.objects.create(name_zh_hant="禁運市", name_en="Embargotown",
                                         slug="embargotown", country=japan, status=PUBLISHED,
                                         publish_from=future)
    Partnership.objects.create(city=embargoed_city, kind=PartnershipKind.FRIENDSHIP_CITY)
    Engagement.objects.create(kind=EngagementKind.CEREMONY, slug="draft-ceremony", status=DRAFT,
                              title_zh_hant="草稿典禮", title_en="Draft ceremony",
                              start_date=timezone.localdate() + datetime.timedelta(days=5))
    Engagement.objects.create(kind=EngagementKind.CEREMONY, slug="embargoed-ceremony",
                              status=PUBLISHED, publish_from=future, title_zh_hant="保密典禮",
                              title_en="Embargoed ceremony",
                              start_date=timezone.localdate() + datetime.timedelta(days=5))
    Exhibition.objects.create(slug="embargoed-exhibition", status=PUBLISHED, publish_from=future,
                              title_zh_hant="保密展", title_en="Embargoed exhibition",
                              start_date=datetime.date(2022, 11, 1), end_date=datetime.date(2022, 11, 9))
    public = Engagement.objects.create(kind=EngagementKind.RECEPTION, slug="public-visit",
                                       status=PUBLISHED, title_zh_hant="公開訪問",
                                       start_date=datetime.date(2022, 11, 2))
    EngagementCity.objects.create(engagement=public, city=secret_city)
    shown = Exhibition.objects.create(slug="public-show", status=PUBLISHED, title_zh_hant="公開展",
                                      start_date=datetime.date(2022, 11, 3),
                                      end_date=datetime.date(2022, 11, 3))
    ExhibitionCity.objects.create(exhibition=shown, city=embargoed_city)
    return ["秘密市", "Secretville", "secretville", "禁運市", "Embargotown", "embargotown",
            "草稿典禮", "Draft ceremony", "draft-ceremony", "保密典禮", "embargoed-ceremony",
            "保密展", "Embargoed exhibition", "embargoed-exhibition"]


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "published_marker"), [
    ("/open-data/partnerships.csv", "san-antonio:sister_city"),
    ("/open-data/partnerships.json", "san-antonio:sister_city"),
    ("/open-data/activities.csv", "public-visit"),
    ("/open-data/activities.json", "public-visit"),
    ("/calendar.ics", "公開展"),
    ("/calendar.ics?lang=en", "公開展"),
    ("/sitemap.xml", "public-visit"),
])
def test_drafts_and_embargoed_records_appear_nowhere(client, unpublished, url, published_marker):
    response = client.get(url)
    assert response.status_code == 200
    text = body(response).replace("\r\n ", "")  # unfold iCalendar's folded lines
    assert published_marker in text
    assert [marker for marker in unpublished if marker in text] == []


@pytest.mark.django_db
def test_a_published_activity_lists_only_its_published_cities(client, unpublished):
    records = json.loads(client.get("/open-data/activities.json").content)["records"]
    visit = next(r for r in records if r["slug"] == "public-visit")
    show = next(r for r in records if r["slug"] == "public-show")
    assert visit["cities"] == [] and visit["countries"] == []
    assert show["cities"] == []


# -- efficiency -----------------------------------------------------------------------------

def add_records(count: int) -> None:
    """Add ``count`` published engagements and exhibitions, each with a city, a topic and a
    country, and ``count`` partner cities."""
    japan = Country.objects.get(slug="japan")
    topic = Topic.objects.get(slug="tourism")
    day = timezone.localdate() + datetime.timedelta(days=3)
    for number in range(count):
        city = City.objects.create(name_zh_hant=f"測試市{number}", name_en=f"Testville {number}",
                                   slug=f"testville-{number}", country=japan, status=PUBLISHED)
        Partnership.objects.create(city=city, kind=PartnershipKind.FRIENDSHIP_CITY,
                                   established_on=datetime.date(2000 + number, 1, 1),
                                   established_precision=DatePrecision.YEAR)
        engagement = Engagement.objects.create(
            kind=EngagementKind.CEREMONY, slug=f"test-ceremony-{number}", status=PUBLISHED,
            title_zh_hant=f"典禮{number}", start_date=day)
        EngagementCity.objects.create(engagement=engagement, city=city)
        engagement.topics.add(topic)
        engagement.countries.add(japan)
        exhibition = Exhibition.objects.create(slug=f"test-show-{number}", status=PUBLISHED,
                                               title_zh_hant=f"展{number}", start_date=day)
        ExhibitionCity.objects.create(exhibition=exhibition, city=city)


def queries_per_url(client) -> dict[str, int]:
    counts = {}
    for url in OPEN_DATA_URLS:
        with CaptureQueriesContext(connection) as context:
            response = client.get(url)
            body(response)  # a streamed body runs its queries while it is read
        assert response.status_code == 200
        counts[url] = len(context.captured_queries)
    return counts


@pytest.mark.django_db
def test_query_count_does_not_grow_with_the_data(client):
    before = queries_per_url(client)
    add_records(12)
    after = queries_per_url(client)
    assert after == before
    assert max(after.values()) <= 10


def test_robots_txt_names_the_sitemap_and_keeps_crawlers_out_of_search(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    assert response.content.decode().splitlines() == [
        "User-agent: *", "Disallow: /admin/", "Disallow: /zh-hant/search/", "Disallow: /en/search/",
        "", "Sitemap: http://testserver/sitemap.xml"]
