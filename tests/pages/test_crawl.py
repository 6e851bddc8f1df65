"""Crawl the whole public site in both languages: every page answers, is structured for
assistive technology, and never shows an unpublished record."""

import datetime

import pytest

from cities.models import City
from tests import factories
from tests.public_helpers import assert_accessible_structure, crawl

pytestmark = pytest.mark.django_db


def test_crawl_every_public_page(client):
    san_antonio = City.objects.get(slug="san-antonio")
    factories.engagement("unpublished-reception", "未公開接待", "Unpublished reception",
                         cities=(san_antonio,))
    factories.engagement("embargoed-visit", "保密訪問", "Embargoed visit",
                         start_date=datetime.date(2022, 12, 19), status=factories.PUBLISHED,
                         publish_from=factories.later(days=30), cities=(san_antonio,))
    factories.exhibition("unpublished-show", "未公開展", "Unpublished exhibition")
    factories.city("hiddenburg", "未公開市", "Hiddenburg", country=san_antonio.country)

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
