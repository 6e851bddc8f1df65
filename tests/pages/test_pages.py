"""The public pages through Django's test client, in both languages, with the sample data."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import translation

from cities.models import City, Country
from core.models import PublicationStatus
from tests import factories
from tests.public_helpers import assert_accessible_structure, structure
from visits.models import Engagement, EngagementCity

pytestmark = pytest.mark.django_db

SAN_ANTONIO_VC = "/{lang}/engagements/2022-12-20-san-antonio-40th-anniversary-video-conference/"


def get(client, url, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("zh-TW,zh;q=0.9", "/zh-hant/"),
        ("zh-Hant", "/zh-hant/"),
        ("en-US,en;q=0.8", "/en/"),
        ("fr-FR", "/zh-hant/"),
        ("", "/zh-hant/"),
    ],
)
def test_root_redirects_to_the_visitors_language(client, accept, expected):
    response = client.get("/", headers={"accept-language": accept})
    assert response.status_code == 302
    assert response["Location"] == expected


def test_url_names_are_the_contract():
    with translation.override("zh-hant"):
        assert reverse("pages:home") == "/zh-hant/"
        assert reverse("cities:index") == "/zh-hant/cities/"
        assert reverse("cities:detail", kwargs={"slug": "busan"}) == "/zh-hant/cities/busan/"
        assert reverse("pages:activities") == "/zh-hant/activities/"
        assert reverse("pages:activities-year", kwargs={"year": 2022}) == "/zh-hant/activities/2022/"
        assert (
            reverse("pages:activities-month", kwargs={"year": 2022, "month": 8}) == "/zh-hant/activities/2022/08/"
        )
        assert reverse("pages:search") == "/zh-hant/search/"
    with translation.override("en"):
        assert reverse("visits:detail", kwargs={"slug": "x"}) == "/en/engagements/x/"
        assert reverse("exhibitions:detail", kwargs={"slug": "x"}) == "/en/exhibitions/x/"


def test_home_in_chinese(client, today_2022_12_15):
    html = get(client, "/zh-hant/")
    page = assert_accessible_structure(html, "/zh-hant/")
    assert page.html_lang == "zh-Hant"
    upcoming, recent = html.split('id="upcoming-heading"')[1].split('id="recent-heading"')
    assert "姊妹市締盟40周年視訊拜會" in upcoming and "111年12月20日" in upcoming
    assert "陳其邁市長率團訪問日本東京促進城市及經濟安全交流" in recent
    assert "111年12月11日至12月13日" in recent
    assert "民國111年締盟周年" in html
    assert "111年締盟40周年" in html and "111年締盟25周年" in html and "111年締盟5周年" in html
    # Only round anniversaries: Busan's 56th (1966) and Daegu's 4th (2018) are not listed.
    assert "111年締盟56周年" not in html and "111年締盟4周年" not in html
    # Counts: 14 partner cities in 6 countries; 27 engagements and 6 exhibitions.
    assert "<strong>14</strong>" in html and "<strong>6</strong>" in html and "<strong>33</strong>" in html


def test_home_in_english(client, today_2022_12_15):
    html = get(client, "/en/")
    assert structure(html).html_lang == "en"
    assert "20 December 2022" in html and "11–13 December 2022" in html
    assert "Partnership anniversaries in 2022" in html
    assert "40th anniversary in 2022" in html and "25th anniversary in 2022" in html


def test_city_index_groups_by_country_and_by_kind(client, today_2022_12_15):
    html = get(client, "/zh-hant/cities/")
    assert_accessible_structure(html, "/zh-hant/cities/")
    assert "共14個城市" in html
    assert '<h2 id="group-1">' in html and "美國" in html and "聖安東尼市" in html
    # Known only to the year: 71年, not a day; age at 2022-12-15.
    # The list's row (the map before it links to the city too).
    row = html.split('id="city-list"')[1].split('href="/zh-hant/cities/san-antonio/"')[1].split("</tr>")[0]
    assert '<time datetime="1982">71年</time>' in row and "40年" in row
    assert "東京都" not in html  # a city the office deals with, not a partner
    by_kind = get(client, "/en/cities/?group=kind")
    sister, friendship = by_kind.split(">sister city</h2>")[1].split(">friendship city</h2>")
    assert "San Antonio" in sister and "Daejeon" in friendship and "Daejeon" not in sister
    assert "1982" in by_kind and "20 June 2017" in by_kind


def test_city_index_filters(client):
    html = get(client, "/en/cities/?kind=friendship_city")
    assert "Daejeon" in html and "Hachioji" in html and "San Antonio" not in html
    assert "6 cities" in html  # Daejeon, Daegu, Suwon, Hachioji and both Kumamotos
    japan = get(client, "/en/cities/?country=japan")
    assert "Hachioji" in japan and "Kumamoto City" in japan and "Busan" not in japan


def test_san_antonio_page_in_chinese(client, today_2022_12_15):
    html = get(client, "/zh-hant/cities/san-antonio/")
    assert_accessible_structure(html, "/zh-hant/cities/san-antonio/")
    assert "<h1>聖安東尼市</h1>" in html
    assert "111年締盟40周年" in html and "116年締盟45周年" in html
    assert '<time datetime="2022-12-20">111年12月20日</time>' in html
    assert SAN_ANTONIO_VC.format(lang="zh-hant") in html
    assert "111年8月16日至8月28日" in html  # the anniversary exhibition
    assert "聖安東尼市世界文化遺產紀念畫作" in html  # the gift it gave
    assert "110年1月至111年4月" in html  # the partner-city-of-the-month series


def test_san_antonio_page_in_english(client, today_2022_12_15):
    html = get(client, "/en/cities/san-antonio/")
    assert "40th anniversary in 2022" in html and "45th anniversary in 2027" in html
    assert "20 December 2022" in html and "16–28 August 2022" in html
    assert "Painting of San Antonio&#x27;s World Heritage missions" in html
    assert "Richard Arredondo" in html


def test_kumamoto_shows_its_upgraded_partnership(client):
    html = get(client, "/en/cities/kumamoto-city/")
    assert "upgraded to friendship city" in html and "11 January 2017" in html


def test_engagement_page_shows_titles_at_the_time(client):
    html = get(client, SAN_ANTONIO_VC.format(lang="zh-hant"))
    assert_accessible_structure(html, "engagement")
    assert "朗．尼倫伯格" in html and "市長" in html and "美國聖安東尼市" in html
    assert "城市治理" in html and "111年12月20日" in html and "陳其邁" in html
    english = get(client, SAN_ANTONIO_VC.format(lang="en"))
    assert "Ron Nirenberg" in english and "City of San Antonio" in english
    pompeo = get(client, "/en/engagements/2022-09-27-former-us-secretary-of-state-pompeo/")
    assert "former Secretary of State" in pompeo and "27 September 2022" in pompeo


def test_donation_known_to_the_month(client):
    html = get(client, "/zh-hant/engagements/2022-11-belize-city-hurricane-relief/")
    assert '<time datetime="2022-11">111年11月</time>' in html
    assert "牙刷" in html and "毛巾" in html


def test_untranslated_field_is_marked_with_its_language(client):
    html = get(client, "/en/engagements/2022h2-ahmed-nigeria/")
    assert '<span class="person__name" lang="zh-Hant">阿邁德</span>' in html
    # A translated one carries no lang of its own.
    assert '<span class="person__name">Ron Nirenberg</span>' in get(client, SAN_ANTONIO_VC.format(lang="en"))


def test_exhibition_page(client):
    html = get(client, "/zh-hant/exhibitions/daejeon-5th-anniversary-exhibition/")
    assert_accessible_structure(html, "exhibition")
    assert "111年9月16日至10月14日" in html and "四維行政中心" in html
    assert "夢精靈" in html and "꿈돌이" in html
    english = get(client, "/en/exhibitions/keys-to-the-city/")
    assert "from May 2022" in english and "Key to the City of Busan" in english
    assert "Part of the series" in english


def test_archive_index_is_paginated_newest_first(client):
    html = get(client, "/zh-hant/activities/")
    assert_accessible_structure(html, "archive")
    assert "共33項交流活動" in html
    assert "第1頁，共2頁" in html
    assert html.index("111年12月20日") < html.index("111年12月11日至12月13日")
    second = get(client, "/zh-hant/activities/?page=2")
    assert "110年1月至111年4月" in second  # the oldest, on the last page


def test_year_archive(client):
    html = get(client, "/zh-hant/activities/2022/")
    assert "<h1>民國111年交流活動</h1>" in html
    assert "民國110年" in html  # the other year with records, linked
    english = get(client, "/en/activities/2022/")
    assert "<h1>Activities in 2022</h1>" in english
    assert 'href="/en/activities/2022/08/"' in english and "August 2022" in english
    assert 'rel="prev" href="/en/activities/2021/"' in english
    assert client.get("/en/activities/2019/").status_code == 404


def test_month_archive_with_neighbours(client):
    html = get(client, "/zh-hant/activities/2022/08/")
    assert "<h1>民國111年8月交流活動</h1>" in html
    assert "立陶宛交通及通訊部政務次長愛格涅女士訪高" in html
    assert "高雄市與美國德克薩斯州聖安東尼市姊妹市締盟40周年紀念展" in html
    assert "共3項交流活動" in html  # not the guests known only to the half-year
    assert 'rel="prev" href="/zh-hant/activities/2022/07/"' in html
    assert 'rel="next" href="/zh-hant/activities/2022/09/"' in html
    # June 2022 has no records: no page, and July links back to May.
    assert client.get("/zh-hant/activities/2022/06/").status_code == 404
    july = get(client, "/en/activities/2022/07/")
    assert 'rel="prev" href="/en/activities/2022/05/"' in july


def test_a_month_typed_without_its_zero_is_sent_to_the_archive_address(client):
    response = client.get("/en/activities/2022/8/?kind=reception")
    assert response.status_code == 301
    assert response["Location"] == "/en/activities/2022/08/?kind=reception"
    assert client.get("/zh-hant/activities/2022/0/").status_code == 404


def test_archive_filters(client):
    exhibitions = get(client, "/en/activities/?kind=exhibition")
    assert "6 activities" in exhibitions and "Partner city of the month" in exhibitions
    assert "Pompeo" not in exhibitions
    japan = get(client, "/en/activities/?country=japan")
    assert "Mission to Tokyo" in japan and "Wakayama" in japan and "Partner city of the month" in japan
    assert "Brisbane Sister City 25th Anniversary Exhibition" not in japan
    assert "Video meeting with sister city Brisbane" not in japan
    brisbane = get(client, "/en/activities/2022/?city=brisbane&kind=video_conference")
    assert "1 activity" in brisbane and "30 November 2022" in brisbane
    bad = client.get("/en/activities/?kind=nonsense")
    assert bad.status_code == 200 and "Select a valid choice" in bad.content.decode()


def test_language_switcher_and_hreflang_keep_the_page(client):
    html = get(client, "/zh-hant/cities/san-antonio/")
    page = structure(html)
    assert page.hreflangs == {
        "zh-Hant": "http://testserver/zh-hant/cities/san-antonio/",
        "en": "http://testserver/en/cities/san-antonio/",
        "x-default": "http://testserver/cities/san-antonio/",
    }
    assert '<a href="/en/cities/san-antonio/" hreflang="en" lang="en">English</a>' in html
    filtered = get(client, "/zh-hant/activities/2022/?kind=exhibition")
    assert 'href="/en/activities/2022/?kind=exhibition"' in filtered
    assert 'hreflang="x-default" href="http://testserver/activities/2022/?kind=exhibition"' in filtered
    # The neutral address sends each reader to their language, as the sitemap's x-default does.
    assert client.get("/cities/san-antonio/", HTTP_ACCEPT_LANGUAGE="en")["Location"] == "/en/cities/san-antonio/"


def test_unpublished_records_stay_off_every_page(client):
    san_antonio = City.objects.get(slug="san-antonio")
    factories.engagement("draft-reception", "草稿接待案", "Draft reception", cities=(san_antonio,))
    draft_city = factories.city("draftville", "草稿市", "Draftville", country=san_antonio.country)
    EngagementCity.objects.create(
        engagement=Engagement.objects.get(slug="2022-12-20-san-antonio-40th-anniversary-video-conference"),
        city=draft_city,
    )
    factories.exhibition("draft-exhibition", "草稿展", "Draft exhibition")
    for url in (
        "/en/engagements/draft-reception/",
        "/en/cities/draftville/",
        "/en/exhibitions/draft-exhibition/",
    ):
        assert client.get(url).status_code == 404
    for url in (
        "/zh-hant/",
        "/en/",
        "/zh-hant/cities/san-antonio/",
        "/en/cities/",
        "/en/activities/",
        "/en/activities/2022/12/",
        SAN_ANTONIO_VC.format(lang="en"),
        "/en/search/?q=draft",
        "/zh-hant/search/?q=草稿",
        "/en/activities/?country=united-states",
    ):
        html = get(client, url)
        for title in ("Draft reception", "草稿接待案", "Draftville", "草稿市", "Draft exhibition", "草稿展"):
            assert title not in html, (url, title)


def test_photos_show_with_their_alternative_text(client):
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from visits.models import EngagementPhoto

    buffer = BytesIO()
    Image.new("RGB", (4, 3), "navy").save(buffer, "PNG")
    engagement = Engagement.objects.get(slug="2022-12-20-san-antonio-40th-anniversary-video-conference")
    EngagementPhoto.objects.create(
        engagement=engagement,
        image=SimpleUploadedFile("vc.png", buffer.getvalue()),
        alt_text_zh_hant="兩市市長在螢幕上對話",
        alt_text_en="The two mayors talking on screen",
        caption_zh_hant="視訊會議",
        credit="高雄市政府",
    )
    html = get(client, SAN_ANTONIO_VC.format(lang="en"))
    assert 'alt="The two mayors talking on screen"' in html and "Photo: 高雄市政府" in html
    assert '<span lang="zh-Hant">視訊會議</span>' in html  # the caption, not translated
    city = get(client, "/zh-hant/cities/san-antonio/")
    assert 'alt="兩市市長在螢幕上對話"' in city
    assert_accessible_structure(html, "engagement with a photo")


def test_pages_name_an_icon_that_exists(client):
    """Every page links the site icon (else browsers ask for /favicon.ico, a 404 per visit)."""
    from django.contrib.staticfiles import finders

    html = get(client, "/en/")
    href = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', html).group(1)
    assert href.startswith(settings.STATIC_URL)
    icon = finders.find(href.removeprefix(settings.STATIC_URL))
    assert icon and Path(icon).read_text(encoding="utf-8").startswith("<svg")


def test_a_country_filter_includes_the_nations_within_it(client):
    """Edinburgh is filed under Scotland; the United Kingdom's filter finds it too."""
    scotland = get(client, "/en/activities/?country=scotland")
    united_kingdom = get(client, "/en/activities/?country=united-kingdom")
    assert "1 activity" in scotland and "1 activity" in united_kingdom
    assert "/en/engagements/2022h2-day/" in united_kingdom



def test_the_archive_offers_the_countries_its_public_activities_name(client):
    """The country filter's options: the counterparts' countries of published engagements and
    the countries of their and the exhibitions' public cities, with the states they lie within
    (Scotland's United Kingdom), each once, sorted by English name. The source chapter names
    all 21 countries of the sample data; a country named only by a draft engagement, a draft
    city or a published exhibition's draft city is not offered."""
    for slug, zh, en in (("draftland", "草稿國", "Draftland"), ("cityland", "城市國", "Cityland"),
                         ("showland", "展覽國", "Showland")):
        factories.country(slug, zh, en)
    factories.engagement("draft-reception", "草稿接待案", "Draft reception").countries.add(
        Country.objects.get(slug="draftland"))
    draft_city = factories.city("draftville", "草稿市", "Draftville", country="cityland")
    EngagementCity.objects.create(engagement=Engagement.objects.published().first(), city=draft_city)
    factories.exhibition("shown", "展", "Shown", status=PublicationStatus.PUBLISHED, cities=(
        factories.city("showville", "展市", "Showville", country="showland"),))
    html = get(client, "/en/activities/")
    select = html[html.index('<select name="country"'):]
    options = re.findall(r'<option value="([^"]*)"', select[:select.index("</select>")])
    assert options == [
        "", "australia", "austria", "belize", "eswatini", "germany", "haiti", "japan", "lithuania",
        "new-zealand", "nigeria", "palau", "saint-kitts-and-nevis", "saint-lucia",
        "saint-vincent-and-the-grenadines", "scotland", "somaliland", "south-africa", "south-korea",
        "tuvalu", "united-kingdom", "united-states"]


def test_the_country_options_skip_the_public_condition_only_while_the_rule_makes_them_public():
    """Countries named by public cities (and the states those lie within) are public by the
    rule's own declaration (``Country.public_when_named_by``), so they are read without the
    public condition, a subquery through every public city; should the rule stop declaring
    a way (here "parts"), the condition is applied again."""
    from unittest import mock

    from cities.models import countries_and_parents

    picked = Q(slug="japan")
    assert "cities_city" not in str(countries_and_parents(picked, named_by_public=("cities",)).query)
    assert "cities_city" in str(countries_and_parents(picked).query)
    with mock.patch.object(Country, "public_when_named_by", ("cities", "engagements", "people")):
        assert "cities_city" in str(countries_and_parents(picked, named_by_public=("cities",)).query)
