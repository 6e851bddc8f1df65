"""The public site in a real Chromium (Playwright, Debian's /usr/bin/chromium): a visitor's path
from the home page to a city, one of its activities and the other language; the archive's
filters; the search; screenshots at 375 px and 1280 px (:data:`tests.browser.ARTIFACTS`).

Skipped when Chromium is missing, unless ``REQUIRE_BROWSER=1`` (CI), which makes that a failure.
"""

import re

import pytest

from datasets.sample_data import load_sample_data
from tests.browser import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server):
    """The live server's base URL, with the sample data loaded (the database is emptied after
    each transactional test)."""
    load_sample_data()
    return live_server.url


def test_home_to_city_to_activity_then_english(browser, site):
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-TW")
    page.goto(site + "/")
    assert page.url == site + "/zh-hant/"
    assert page.locator("h1").inner_text() == "高雄市的姊妹市及友好夥伴城市"
    screenshot(page, "home-zh-hant-1280")

    page.get_by_role("navigation", name="主選單").get_by_role("link", name="姊妹市及友好城市").click()
    page.get_by_role("link", name="聖安東尼市", exact=True).first.click()
    assert page.url == site + "/zh-hant/cities/san-antonio/"
    assert "111年締盟40周年" in page.locator("main").inner_text()
    screenshot(page, "city-zh-hant-1280")

    # The timeline's link (the gallery of gifts links to the same engagement further down).
    page.get_by_role("link", name="姊妹市締盟40周年視訊拜會").first.click()
    assert page.url.endswith("/zh-hant/engagements/2022-12-20-san-antonio-40th-anniversary-video-conference/")
    assert "111年12月20日" in page.locator("main").inner_text()

    page.get_by_role("navigation", name="語言").get_by_role("link", name="English").click()
    assert page.url.endswith("/en/engagements/2022-12-20-san-antonio-40th-anniversary-video-conference/")
    assert "San Antonio" in page.locator("h1").inner_text()
    assert "20 December 2022" in page.locator("main").inner_text()
    assert page.locator("html").get_attribute("lang") == "en"
    screenshot(page, "engagement-en-1280")


def test_skip_link_and_visible_focus(browser, site):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site + "/en/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("element => element === document.activeElement")
    assert skip.bounding_box()["y"] >= 0  # moved on screen when focused
    outline = skip.evaluate("element => getComputedStyle(element).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")


def test_archive_filters(browser, site):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site + "/en/activities/")
    assert "33 activities" in page.locator("#results-heading").inner_text()
    page.get_by_label("Kind").select_option("exhibition")
    page.get_by_role("button", name="Show").click()
    assert "kind=exhibition" in page.url
    assert "6 activities" in page.locator("#results-heading").inner_text()
    page.get_by_label("Country").select_option(label="South Korea")
    page.get_by_role("button", name="Show").click()
    text = page.locator("main").inner_text()
    assert "Daejeon Friendship City 5th Anniversary Exhibition" in text
    assert "Brisbane Sister City" not in text
    page.get_by_role("navigation", name="Years").get_by_role("link", name="2022").click()
    assert re.search(r"/en/activities/2022/\?.*kind=exhibition", page.url)
    page.get_by_role("link", name="September 2022").click()
    assert page.locator("h1").inner_text() == "Activities in September 2022"
    screenshot(page, "archive-en-1280")


def test_search_any_spelling(browser, site):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site + "/zh-hant/")
    page.get_by_role("searchbox").first.fill("朗·尼倫伯格")
    page.get_by_role("searchbox").first.press("Enter")
    assert "/zh-hant/search/?q=" in page.url
    people = page.locator("section", has=page.locator("#people-heading"))
    assert "朗．尼倫伯格" in people.inner_text()
    page.get_by_role("link", name="姊妹市締盟40周年視訊拜會").first.click()
    assert "朗．尼倫伯格" in page.locator("main").inner_text()


@pytest.mark.parametrize("width", [375, 1280])
def test_screenshots_and_no_horizontal_scroll(browser, site, width):
    page = browser.new_page(viewport={"width": width, "height": 800})
    for name, path in [
        ("home", "/zh-hant/"),
        ("cities", "/zh-hant/cities/"),
        ("city", "/zh-hant/cities/daejeon/"),
        ("archive", "/zh-hant/activities/2022/"),
        ("engagement", "/en/engagements/2022-08-09-lithuanian-vice-minister/"),
        ("exhibition", "/zh-hant/exhibitions/daejeon-5th-anniversary-exhibition/"),
    ]:
        page.goto(site + path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}px"
        assert screenshot(page, f"{name}-{width}").stat().st_size > 10_000
