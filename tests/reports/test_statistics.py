"""The statistics workbook shows the partnerships in force in its half-year, never a later status,
and what the half-year changed in them."""

import datetime

import pytest

from cities.models import City, Partnership
from core.dates import HalfYear
from reports.builder import build_chapter
from tests import factories
from visits.models import EngagementKind

pytestmark = pytest.mark.django_db

D = datetime.date


def _table(chapter, key: str) -> list[list[object]]:
    return next(table for table in chapter.tables if table.key == key).rows


def test_a_partnership_is_not_in_force_before_it_was_signed():
    # Sample data: Kumamoto Prefecture's MOU of 2013-09-09, upgraded to a friendship city on
    # 2017-01-11.
    kinds = Partnership.objects.filter(city__slug="kumamoto-prefecture")
    assert list(kinds.active(D(2015, 12, 31)).values_list("kind", flat=True)) == ["agreement"]
    assert list(kinds.active(D(2017, 1, 11)).values_list("kind", flat=True)) == ["friendship_city"]
    assert list(kinds.active(D(2013, 9, 8))) == []
    assert list(kinds.in_force_during(HalfYear(2017, 1)).order_by("kind").values_list("kind", flat=True)) == [
        "agreement", "friendship_city"]


def test_the_workbook_shows_the_status_in_force_in_its_half_year():
    kumamoto = City.objects.get(slug="kumamoto-prefecture")
    factories.engagement("2015-10-kumamoto-video", "與熊本縣視訊會議", start_date=D(2015, 10, 1),
                         kind=EngagementKind.VIDEO_CONFERENCE, cities=(kumamoto,), status=factories.PUBLISHED)
    rows = _table(build_chapter(HalfYear(2015, 2)), "by_city")
    # The friendship of 2017 is not shown in 2015.
    assert rows == [["熊本縣", "日本", "交流協定", 1, 0]]
    rows = _table(build_chapter(HalfYear(2015, 2), "en"), "by_city")
    assert rows == [["Kumamoto Prefecture", "Japan", "exchange agreement", 1, 0]]


def test_a_partnership_that_ended_in_the_half_year_shows_the_kind_it_had():
    honolulu = City.objects.get(slug="honolulu")
    Partnership.objects.filter(city=honolulu).update(ended_on=D(2030, 3, 1))
    factories.engagement("2030-02-honolulu-video", "與檀香山市視訊會議", start_date=D(2030, 2, 1),
                         kind=EngagementKind.VIDEO_CONFERENCE, cities=(honolulu,), status=factories.PUBLISHED)
    chapter = build_chapter(HalfYear(2030, 1))
    assert _table(chapter, "by_city") == [["檀香山市", "美國", "姊妹市", 1, 0]]
    assert _table(chapter, "changes") == [["119年3月1日", "檀香山市", "美國", "終止", "姊妹市", "", 1]]


def test_the_changes_of_2017H1():
    assert _table(build_chapter(HalfYear(2017, 1)), "changes") == [
        ["106年1月11日", "熊本市", "日本", "升格", "友好城市", "交流協定", None],
        ["106年1月11日", "熊本縣", "日本", "升格", "友好城市", "交流協定", None],
        ["106年6月20日", "大田市", "韓國", "締結", "友好城市", "", None],
    ]
    assert _table(build_chapter(HalfYear(2013, 2), "en"), "changes") == [
        ["9 September 2013", "Kumamoto City", "Japan", "established", "exchange agreement", "", None],
        ["9 September 2013", "Kumamoto Prefecture", "Japan", "established", "exchange agreement", "", None],
    ]
