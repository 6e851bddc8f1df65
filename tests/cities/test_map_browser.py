"""The map of partner cities in a real Chromium (Playwright, Debian's browser), with no network
beyond the test server: the base map is the site's own static file, every marker sits on the
map and leads to its city's page, the skip link reaches the list; screenshots in both languages
at 375 px and 1280 px go to :data:`tests.browser.ARTIFACTS`."""

import pytest

from datasets.sample_data import load_sample_data
from tests.browser import screenshot
from tests.reports.test_figures_browser import watch

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_city_map_in_both_languages_at_both_widths(browser, live_server):
    load_sample_data()
    for language, busan in (("zh-hant", "釜山市 · 韓國"), ("en", "Busan · South Korea")):
        for width in (375, 1280):
            context = browser.new_context(viewport={"width": width, "height": 900})
            # Nothing but the test server: the map must not need the internet.
            context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
                live_server.url) else route.abort())
            page = context.new_page()
            problems = watch(page)
            loaded: list[tuple[str, int]] = []
            page.on("response", lambda response, loaded=loaded: response.url.endswith(".svg") and loaded.append(
                (response.url.rsplit("/", 1)[-1], response.status)))
            page.goto(f"{live_server.url}/{language}/cities/")
            page.wait_for_load_state("networkidle")
            assert ("world-110m.svg", 200) in loaded
            svg = page.locator(".city-map__svg")
            box = svg.bounding_box()
            assert box["width"] <= width and box["height"] > 0.4 * box["width"]
            markers = page.locator("a.city-map__marker")
            assert markers.count() == 14
            for index in range(14):
                dot = markers.nth(index).locator(".city-map__dot").bounding_box()
                assert box["x"] <= dot["x"] and dot["x"] + dot["width"] <= box["x"] + box["width"]
                assert box["y"] <= dot["y"] and dot["y"] + dot["height"] <= box["y"] + box["height"]
            assert page.evaluate("document.documentElement.scrollWidth") == width
            assert screenshot(page, f"map-{language}-{width}").stat().st_size > 10_000
            if width == 1280:
                # Korea's four partner cities overlap at this scale: reach Busan by the keyboard.
                page.get_by_role("link", name=busan).focus()
                page.keyboard.press("Enter")
                page.wait_for_url(f"**/{language}/cities/busan/")
                page.go_back()
                page.get_by_role("link", name=page.locator(".city-map__skip").inner_text()).click()
                assert page.evaluate("document.activeElement.id") == "city-list"
            assert problems == []
            context.close()
