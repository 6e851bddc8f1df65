"""Crawl the whole public site in both languages: every page answers, is structured for
assistive technology, and never shows an unpublished record."""

import datetime

import pytest
from django.utils import timezone

from cities.models import City
from core.models import PublicationStatus
from exhibitions.models import Exhibition
from visits.models import Engagement, EngagementCity

from .public_helpers import assert_accessible_structure, crawl

pytestmark = pytest.mark.django_db


def test_crawl_every_public_page(client):
    san_antonio = City.objects.get(slug="san-antonio")
    hidden = Engagement.objects.create(
        kind="reception",
        title_zh_hant="未公開接待",
        title_en="Unpublished reception",
        slug="unpublished-reception",
        start_date=datetime.date(2022, 12, 18),
        status=PublicationStatus.DRAFT,
    )
    embargoed = Engagement.objects.create(
        kind="reception",
        title_zh_hant="保密訪問",
        title_en="Embargoed visit",
        slug="embargoed-visit",
        start_date=datetime.date(2022, 12, 19),
        status=PublicationStatus.PUBLISHED,
        publish_from=timezone.now() + datetime.timedelta(days=30),
    )
    for engagement in (hidden, embargoed):
        EngagementCity.objects.create(engagement=engagement, city=san_antonio)
    Exhibition.objects.create(
        title_zh_hant="未公開展",
        title_en="Unpublished exhibition",
        slug="unpublished-show",
        start_date=datetime.date(2022, 12, 1),
        status=PublicationStatus.DRAFT,
    )
    City.objects.create(
        name_zh_hant="未公開市", name_en="Hiddenburg", slug="hiddenburg", country=san_antonio.country
    )

    pages = crawl(client, ["/zh-hant/", "/en/"])

    # Both languages of every detail page of the sample data were reached by following links.
    assert "/zh-hant/cities/san-antonio/" in pages and "/en/cities/erzgebirgskreis/" in pages
    assert "/en/engagements/2022-11-belize-city-hurricane-relief/" in pages
    assert "/zh-hant/exhibitions/city-mascots/" in pages
    assert "/en/activities/2021/01/" in pages and "/zh-hant/activities/?page=2" in pages
    assert len(pages) > 150
    for url, html in pages.items():
        assert_accessible_structure(html, url)
        for secret in (
            "未公開",
            "Unpublished",
            "保密訪問",
            "Embargoed",
            "Hiddenburg",
            "unpublished-",
            "embargoed-",
            "hiddenburg",
        ):
            assert secret not in html, (url, secret)
