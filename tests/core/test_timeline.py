"""The rows of a timeline (core.timeline.rows): counted and sliced in the database, newest first
across the models, each model's keys limited to the end of the slice before they are merged."""

import datetime

import pytest

from core import timeline
from core.models import PublicationStatus
from tests import factories

pytestmark = pytest.mark.django_db

PUBLISHED = PublicationStatus.PUBLISHED


def test_slices_of_the_rows_interleave_the_models_newest_first():
    """Three engagements and two exhibitions of 1901 (and a draft, left out), paged two by two:
    every slice is the matching part of the whole list, across the models."""
    e1 = factories.engagement("t-e1", "一", start_date=datetime.date(1901, 3, 1), status=PUBLISHED)
    e2 = factories.engagement("t-e2", "二", start_date=datetime.date(1901, 5, 1), status=PUBLISHED)
    e3 = factories.engagement("t-e3", "三", start_date=datetime.date(1901, 9, 1), status=PUBLISHED)
    factories.engagement("t-draft", "稿", start_date=datetime.date(1901, 10, 1))
    x1 = factories.exhibition("t-x1", "展一", start_date=datetime.date(1901, 4, 1), status=PUBLISHED)
    x2 = factories.exhibition("t-x2", "展二", start_date=datetime.date(1901, 7, 1), status=PUBLISHED)
    rows = timeline.rows(queryset.in_year(1901) for queryset in timeline.published().values())
    engagement, exhibition = "visits.engagement", "exhibitions.exhibition"
    everything = [
        (datetime.date(1901, 9, 1), e3.pk, engagement),
        (datetime.date(1901, 7, 1), x2.pk, exhibition),
        (datetime.date(1901, 5, 1), e2.pk, engagement),
        (datetime.date(1901, 4, 1), x1.pk, exhibition),
        (datetime.date(1901, 3, 1), e1.pk, engagement),
    ]
    assert rows.count() == 5
    assert rows[0:2] == everything[0:2]
    assert rows[2:4] == everything[2:4]
    assert rows[4:6] == everything[4:5]
    assert rows[6:8] == []
    assert rows[0:10] == everything


def test_a_model_with_nothing_to_show_is_left_out_of_the_count_and_the_slices():
    """Filtered to the receptions, the exhibitions' part is empty (``none()``): the rows are the
    receptions alone."""
    reception = factories.engagement("t-r", "接待", start_date=datetime.date(1901, 6, 2), status=PUBLISHED)
    factories.exhibition("t-x", "展", start_date=datetime.date(1901, 6, 3), status=PUBLISHED)
    rows = timeline.rows(queryset.in_year(1901).of_kind("reception")
                         for queryset in timeline.published().values())
    assert rows.count() == 1
    assert rows[0:20] == [(datetime.date(1901, 6, 2), reception.pk, "visits.engagement")]


def test_an_index_that_is_not_a_slice_is_refused():
    rows = timeline.rows(queryset.in_year(1901) for queryset in timeline.published().values())
    with pytest.raises(TypeError):
        rows[3]
    with pytest.raises(TypeError):
        rows[0:10:2]
