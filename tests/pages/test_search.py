"""Search over cities, people, engagements and exhibitions: every common spelling matches, on
SQLite and PostgreSQL alike (run the suite with both DATABASE_URLs)."""

import datetime

import pytest

from exhibitions.models import Exhibition
from visits.models import Engagement

pytestmark = pytest.mark.django_db

NIRENBERG_VC = "/zh-hant/engagements/2022-12-20-san-antonio-40th-anniversary-video-conference/"


@pytest.mark.parametrize(
    "query",
    [
        "朗·尼倫伯格",
        "朗．尼倫伯格",
        "朗‧尼倫伯格",
        "朗・尼倫伯格",
        "Ron Nirenberg",
        "ron nirenberg",
        "ＲＯＮ　ＮＩＲＥＮＢＥＲＧ",
        "尼倫伯格",
    ],
)
def test_every_spelling_of_nirenberg_finds_him_and_his_engagement(client, query):
    html = client.get("/zh-hant/search/", {"q": query}).content.decode()
    people = html.split('id="people-heading"')[1].split("</section>")[0]
    assert "朗．尼倫伯格" in people and "市長" in people and "美國聖安東尼市" in people
    assert NIRENBERG_VC in html.split('id="engagements-heading"')[1]


@pytest.mark.parametrize("query", ["Vaiciukeviciute", "Vaičiukevičiūtė", "VAIČIUKEVIČIŪTĖ", "愛格涅"])
def test_diacritics_do_not_matter(client, query):
    html = client.get("/en/search/", {"q": query}).content.decode()
    assert "Agnė Vaičiukevičiūtė" in html and "Vice Minister" in html
    assert "/en/engagements/2022-08-09-lithuanian-vice-minister/" in html


def test_cities_and_exhibitions_by_name_in_any_script(client):
    for query in ("大田", "Daejeon", "대전"):
        html = client.get("/en/search/", {"q": query}).content.decode()
        assert "/en/cities/daejeon/" in html, query
        assert "/en/exhibitions/daejeon-5th-anniversary-exhibition/" in html, query
    html = client.get("/zh-hant/search/", {"q": "市鑰"}).content.decode()
    assert "/zh-hant/exhibitions/keys-to-the-city/" in html


def test_results_are_exactly_these(client):
    """The same sets on every database: compared with what the folded keys say in Python."""
    from core.names import normalise_name

    response = client.get("/en/search/", {"q": "Brisbane"})
    context = response.context
    expected = sorted(
        e.slug
        for e in Engagement.objects.published()
        if normalise_name("Brisbane") in e.search_key or any(c.slug == "brisbane" for c in e.cities.all())
    )
    assert sorted(e.slug for e in context["engagements"]) == expected
    assert [c.slug for c in context["cities"]] == ["brisbane"]
    assert {e.slug for e in context["exhibitions"]} == {
        "brisbane-25th-anniversary-exhibition",
        "partner-city-of-the-month-2021-2022",
    }


def test_empty_and_unmatched_queries(client):
    assert client.get("/en/search/").status_code == 200
    html = client.get("/en/search/", {"q": "·．"}).content.decode()
    assert "0 results" in html
    html = client.get("/zh-hant/search/", {"q": "不存在的城市"}).content.decode()
    assert "共0筆結果" in html


# first_matching: the search's engagements are looked for among the newest records first. The
# sample's public engagements, newest first (start date, pk descending): san-antonio video
# conference (2022-12-20, participants Nirenberg and 陳其邁, partner city San Antonio), the Tokyo
# mission (2022-12-11, 陳其邁), Saint Lucia's prime minister (2022-12-01, 陳其邁), the Brisbane
# video conference (2022-11-30, 陳其邁, Brisbane), Wakayama (2022-11-28)... 27 in all.
SAN_ANTONIO_VC = "2022-12-20-san-antonio-40th-anniversary-video-conference"
TOKYO = "2022-12-11-mayor-tokyo-mission"
SAINT_LUCIA = "2022-12-01-saint-lucia-prime-minister"
BRISBANE_VC = "2022-11-30-brisbane-video-conference"
BRISBANE_LIGHTING = "2022-09-08-brisbane-colours-lighting"


def first_matching(query, limit, window=None, model=Engagement):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        found = model.objects.public().for_titles().first_matching(query, limit, window=window)
    return [record.slug for record in found], len(queries)


@pytest.mark.parametrize(("query", "limit", "window", "expected", "queries"), [
    # every one of the first four has 陳其邁 among its participants: the window answers
    ("陳其邁", 3, 4, [SAN_ANTONIO_VC, TOKYO, SAINT_LUCIA], 2),
    # Nirenberg is named by no title, only as a participant of the newest
    ("Nirenberg", 1, 1, [SAN_ANTONIO_VC], 2),
    # the newest's Chinese title does not name 聖安東尼; its partner city does
    ("聖安東尼", 1, 2, [SAN_ANTONIO_VC], 2),
    # none of the three newest is Brisbane's: the whole match is read
    ("Brisbane", 2, 3, [BRISBANE_VC, BRISBANE_LIGHTING], 3),
    # one of two in the window of four: the whole match is read, and finds the other
    ("Brisbane", 2, 4, [BRISBANE_VC, BRISBANE_LIGHTING], 3),
    # no more than 300 records: the whole match is read
    ("Brisbane", 30, None, [BRISBANE_VC, BRISBANE_LIGHTING], 2),
    ("·．", 30, None, [], 0),
])
def test_first_matching_looks_among_the_newest_first(query, limit, window, expected, queries):
    assert first_matching(query, limit, window) == (expected, queries)


def test_first_matching_orders_by_primary_key_within_a_day():
    """A published engagement of the Brisbane video conference's day (2022-11-30) made now has a
    greater pk, so it comes first among that day's (start date, then pk, descending)."""
    from tests import factories

    later = factories.engagement("2022-11-30-later", "同日", "Brisbane, the same day",
                                 start_date=datetime.date(2022, 11, 30), status="published")
    assert later.pk > Engagement.objects.get(slug=BRISBANE_VC).pk
    # the window of five ends with the video conference: both are in it
    assert first_matching("Brisbane", 2, 5) == (["2022-11-30-later", BRISBANE_VC], 2)
    # the window of four ends with the new one: the video conference is found by the whole match
    assert first_matching("Brisbane", 2, 4) == (["2022-11-30-later", BRISBANE_VC], 3)


def test_first_matching_orders_exhibitions_by_primary_key_ascending():
    """Exhibitions are ordered by start date descending, then pk ascending; Brisbane's own
    exhibition (2022-09-05) is the third newest and the series featuring Brisbane the oldest."""
    assert first_matching("Brisbane", 1, 3, Exhibition) == (["brisbane-25th-anniversary-exhibition"], 2)
    assert first_matching("Brisbane", 2, 3, Exhibition) == (
        ["brisbane-25th-anniversary-exhibition", "partner-city-of-the-month-2021-2022"], 3)


@pytest.mark.parametrize("model", [Engagement, Exhibition])
def test_first_matching_is_the_first_of_the_whole_match(model):
    """For every window and limit, the same records in the same order as the whole match."""
    for query in ("陳其邁", "Brisbane", "市", "visit", "video", "a", "聖安東尼", "大田", "不存在"):
        whole = [record.slug for record in model.objects.public().matching(query)]
        for limit in range(1, 5):
            for window in range(1, 8):
                assert first_matching(query, limit, window, model)[0] == whole[:limit], (query, limit, window)
