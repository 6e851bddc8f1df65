"""The figures page and the report page's charts in a real Chromium (Playwright, Debian's
browser), under the site's CSP: the charts are drawn with no script and no CSP complaint, their
tables carry the source chapter's reported totals, and screenshots of both pages in both
languages at 375 px and 1280 px are written to :data:`tests.browser.ARTIFACTS`."""

import pytest
from django.contrib.auth import get_user_model

from datasets.sample_data import load_sample_data
from tests.browser import PASSWORD, log_in, screenshot

WIDTHS = (375, 1280)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def watch(page) -> list[str]:
    """Collect console errors (a CSP refusal is one), failed responses and page errors."""
    problems: list[str] = []
    # Failed loads are judged by their response (the admin's favicon is not a problem).
    page.on("console", lambda message: message.type == "error"
            and not message.text.startswith("Failed to load resource") and problems.append(message.text))
    page.on("response", lambda response: response.status >= 400 and not response.url.endswith("/favicon.ico")
            and problems.append(f"{response.status} {response.url}"))
    page.on("pageerror", lambda error: problems.append(str(error)))
    return problems


def test_figures_page_in_both_languages_at_both_widths(browser, live_server):
    load_sample_data()
    expected = {
        # The source chapter: 「計22案、142人次」 in 111年7月至12月; 25 and 26 counted from the records.
        "zh-hant": ("各半年度外賓接待人次", "111年7月至12月", "民國69年至78年"),
        "en": ("Person-times of reception per half-year", "July–December 2022", "1980s"),
    }
    for language, (title, period, decade) in expected.items():
        for width in WIDTHS:
            context = browser.new_context(viewport={"width": width, "height": 900})
            page = context.new_page()
            problems = watch(page)
            page.goto(f"{live_server.url}/{language}/figures/")
            page.wait_for_load_state("networkidle")
            chart = page.locator("#chart-person-times")
            assert chart.locator("h2").inner_text() == title
            row = chart.locator("tbody tr", has_text=period)
            assert row.locator("td").all_inner_texts() == ["26", "142"]
            assert page.locator("#chart-cases tbody tr", has_text=period).locator("td").all_inner_texts() == [
                "25", "22"]
            assert page.locator("#chart-decades tbody th", has_text=decade).count() == 1
            # Each chart is drawn, fits the column and has its accessible name.
            svgs = page.locator(".chart svg[role=img]")
            assert svgs.count() == 5
            for index in range(5):
                box = svgs.nth(index).bounding_box()
                assert box and box["height"] > 100 and box["x"] + box["width"] <= width
            assert page.evaluate("document.documentElement.scrollWidth") == width
            assert page.locator("svg script").count() == 0
            assert problems == []
            assert screenshot(page, f"figures-{language}-{width}").stat().st_size > 10_000
            context.close()


def test_report_page_charts(browser, live_server):
    load_sample_data()
    get_user_model().objects.create_superuser("chart-clerk", "clerk@example.org", PASSWORD)
    for language, accept in (("zh-hant", "zh-TW"), ("en", "en")):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale=accept)
        page = context.new_page()
        problems = watch(page)
        log_in(page, live_server.url, "chart-clerk")
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(f"{live_server.url}/admin/reports/halfyearreport/?period=2022H2&language={language}")
            page.wait_for_load_state("networkidle")
            cells = page.locator("#chart-cases tbody td").all_inner_texts()
            assert cells == ["25", "22"]
            svgs = page.locator(".charts svg[role=img]")
            assert svgs.count() == 5
            for index in range(5):
                box = svgs.nth(index).bounding_box()
                assert box and box["height"] > 100 and box["x"] + box["width"] <= width
            assert problems == []
            assert screenshot(page, f"report-charts-{language}-{width}").stat().st_size > 10_000
        context.close()
