"""Search over cities, people, engagements and exhibitions: every common spelling matches, on
SQLite and PostgreSQL alike (run the suite with both DATABASE_URLs)."""

import pytest

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
