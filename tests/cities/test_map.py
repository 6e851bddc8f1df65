"""The map of partner cities on the city list (cities.views, includes/city_map.html): a marker a
published partner city with coordinates, linking to its page, placed by core.maps, after a link
that skips to the list of the same cities."""

import re

import pytest

from cities.models import City, Country
from core import maps
from tests import factories

pytestmark = pytest.mark.django_db


def _markers(html: str) -> dict[str, tuple[str, str, str]]:
    """``{href: (aria-label, cx, cy)}`` of the map's markers."""
    found = re.findall(r'<a class="city-map__marker" href="([^"]+)" aria-label="([^"]+)">\s*<title>[^<]*</title>\s*'
                       r'<circle class="city-map__dot" cx="([^"]+)" cy="([^"]+)"', html)
    return {href: (label, cx, cy) for href, label, cx, cy in found}


def test_every_published_partner_city_has_a_marker_linking_to_its_page(client):
    html = client.get("/zh-hant/cities/").content.decode()
    markers = _markers(html)
    # The 14 partner cities of the sample data, all with coordinates; Tokyo (not a partner) is not on it.
    assert len(markers) == 14 and "/zh-hant/cities/tokyo/" not in markers
    label, cx, cy = markers["/zh-hant/cities/busan/"]
    assert label == "釜山市 · 韓國"
    # Busan, 35.179554 N 129.075642 E (the sample data's city hall).
    assert (float(cx), float(cy)) == maps.project(129.075642, 35.179554)
    assert 'href="/static/core/world-110m.svg"' in html
    assert '<a class="city-map__skip" href="#city-list">' in html and 'id="city-list"' in html
    assert "14 cities on the map." not in html and "地圖上有14個城市。" in html
    english = _markers(client.get("/en/cities/").content.decode())
    assert english["/en/cities/brisbane/"][0] == "Brisbane · Australia"


def test_the_map_follows_the_filters_and_leaves_out_drafts_and_cities_without_coordinates(client):
    factories.city("draft-town", "草稿市", "Draft Town", partnership="sister_city",
                   latitude=10, longitude=10)
    factories.city("unplaced-town", "未定位市", "Unplaced Town", partnership="sister_city",
                   status=factories.PUBLISHED)
    html = client.get("/en/cities/").content.decode()
    markers = _markers(html)
    assert len(markers) == 14 and "/en/cities/draft-town/" not in markers
    assert "1 city has no coordinates yet and is only in the list." in html
    japan = _markers(client.get("/en/cities/", {"country": "japan"}).content.decode())
    assert sorted(japan) == ["/en/cities/hachioji/", "/en/cities/kumamoto-city/", "/en/cities/kumamoto-prefecture/"]


def test_no_map_when_no_city_has_coordinates(client):
    City.objects.update(latitude=None, longitude=None)
    html = client.get("/en/cities/").content.decode()
    assert "city-map" not in html and "map.css" not in html


def test_the_map_shows_every_chosen_city_when_the_list_has_several_pages(client):
    japan = Country.objects.get(slug="japan")
    for number in range(50):
        factories.city(f"town-{number}", f"第{number}町", f"Town {number}", country=japan,
                       partnership="friendship_city", status=factories.PUBLISHED,
                       latitude=35, longitude=100 + number / 10)
    html = client.get("/en/cities/").content.decode()
    # 64 partner cities, 60 a page: the map on page 1 has all of them.
    assert "?page=2" in html
    assert len(_markers(html)) == 64


@pytest.mark.django_db(transaction=True)
def test_the_map_is_kept_per_filter_until_a_change_commits():
    """With data kept between changes (the product's default), each filter keeps its own map,
    and a committed unpublish takes the city off every kept map at once."""
    import uuid

    from django.test import Client, override_settings

    from core.models import PublicationStatus

    land = factories.country("kept-land", "保留國", "Keptland")
    for slug, name in (("north-kept", "North Kept"), ("south-kept", "South Kept")):
        factories.city(slug, f"{name}市", name, country=land, partnership="sister_city",
                       status=PublicationStatus.PUBLISHED, latitude=10, longitude=20)
    cache = {"BACKEND": "core.dbcache.DatabaseCache", "LOCATION": "core_page_cache",
             "KEY_PREFIX": f"test-{uuid.uuid4().hex}"}
    with override_settings(PUBLIC_DATA_CACHE_SECONDS=60, PUBLIC_PAGE_CACHE_SECONDS=0, CACHES={"default": cache}):
        def markers(query: str = "") -> list[str]:
            return sorted(_markers(Client().get(f"/en/cities/{query}").content.decode()))

        everywhere = markers()
        assert {"/en/cities/north-kept/", "/en/cities/south-kept/"} <= set(everywhere)
        assert markers("?country=kept-land") == ["/en/cities/north-kept/", "/en/cities/south-kept/"]
        assert markers("?country=kept-land") == ["/en/cities/north-kept/", "/en/cities/south-kept/"]
        south = City.objects.get(slug="south-kept")
        south.status = PublicationStatus.DRAFT
        south.save()
        assert markers("?country=kept-land") == ["/en/cities/north-kept/"]
        assert "/en/cities/south-kept/" not in markers() and len(markers()) == len(everywhere) - 1
