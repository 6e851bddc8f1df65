"""The back office in a real Chromium (Playwright, Debian's browser), under the site's CSP
(issue 13): the date widget speaks ROC, the participant rows fit a 1280 px screen and are
ordered by moving them, and the export page's "select all" works."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from datasets.sample_data import load_sample_data
from tests.browser import PASSWORD, log_in
from visits.models import Engagement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WAKAYAMA = "2022-11-28-wakayama-city-assembly-league"


def test_dates_rows_and_export_in_chromium(live_server, browser):
    load_sample_data()
    get_user_model().objects.create_superuser("roc-clerk", "clerk@example.org", PASSWORD)
    visit = Engagement.objects.get(slug=WAKAYAMA)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-TW")
    page = context.new_page()
    problems: list[str] = []
    # Failed loads are judged by their response (a favicon is not a problem).
    page.on("console", lambda message: message.type == "error"
            and not message.text.startswith("Failed to load resource")
            and problems.append(f"{page.url} {message.text}"))
    page.on("response", lambda response: response.status >= 400 and not response.url.endswith("/favicon.ico")
            and problems.append(f"{response.status} {response.url}"))
    page.on("pageerror", lambda error: problems.append(str(error)))
    # 14 September 2025, 10:00 in Taipei.
    page.clock.set_fixed_time(datetime.datetime(2025, 9, 14, 2, 0, tzinfo=datetime.UTC))
    log_in(page, live_server.url, "roc-clerk")
    page.goto(f"{live_server.url}/admin/visits/engagement/{visit.pk}/change/")
    page.wait_for_load_state("networkidle")

    # The participant rows fit: no horizontal scrolling, no language tabs, no blank rows.
    layout = page.evaluate("""() => {
        const group = document.querySelector('#participations-group');
        return {width: document.documentElement.scrollWidth, tabs: group.querySelectorAll('.ui-tabs-nav').length,
                rows: group.querySelectorAll('tbody tr.form-row:not(.empty-form)').length};
    }""")
    assert layout == {"width": 1280, "tabs": 0, "rows": 3}, layout

    # "Today" writes an ROC date (it wrote 2025/09/14, a Gregorian date in an ROC form).
    start = page.locator("#id_start_date")
    assert start.input_value() == "111/11/28"
    start.locator("xpath=..").locator(".datetimeshortcuts a", has_text="今天").click()
    assert start.input_value() == "114/09/14"
    # The calendar opens on the month of the ROC date typed, and a picked day is written in ROC.
    start.fill("114/02/03")
    start.locator("xpath=..").locator(".datetimeshortcuts a[id^=calendarlink]").click()
    caption = page.locator(".calendarbox:visible caption").inner_text()
    assert "2025" in caption and ("二月" in caption or "2月" in caption), caption
    page.locator(".calendarbox:visible td a", has_text="20").first.click()
    assert start.input_value() == "114/02/20"
    start.fill("111/11/28")

    # Move the host (row 3) to the top and save: positions follow the rows as shown.
    host_row = page.locator("#participations-group tbody tr.form-row").nth(2)
    host_row.locator(".row-order-up").click()
    page.locator("#participations-group tbody tr.form-row").nth(1).locator(".row-order-up").click()
    page.click("input[name=_continue]")
    page.wait_for_load_state("networkidle")
    assert page.locator(".errornote").count() == 0
    order = [str(p.person.name) for p in visit.participations.order_by("position", "pk")]
    assert order == ["陳其邁", "遠藤富士雄", "井上直樹"]

    # The export page's "select all" unticks and ticks every field (an inline handler the CSP
    # blocked before).
    page.goto(f"{live_server.url}/admin/visits/engagement/export/")
    page.wait_for_load_state("networkidle")
    boxes = page.locator('.selectable-field-export-row input[type="checkbox"]')
    total = boxes.count()
    assert total > 5 and page.locator('.selectable-field-export-row input:checked').count() == total
    page.locator("input.select-toggle").click()
    assert page.locator('.selectable-field-export-row input:checked').count() == 0
    page.locator("input.select-toggle").click()
    assert page.locator('.selectable-field-export-row input:checked').count() == total
    assert problems == [], "\n".join(problems)
    context.close()


def _logged_in(browser, live_server, username: str, full_name: str):
    """A page of a new browser context logged in to the admin as a superuser ``full_name``."""
    get_user_model().objects.create_superuser(username, f"{username}@example.org",
                                              PASSWORD, first_name=full_name)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-TW")
    page = context.new_page()
    log_in(page, live_server.url, username)
    return page


def test_a_save_from_a_stale_form_is_refused_in_chromium(live_server, browser):
    """Two clerks in two browsers open the Wakayama visit; 林美華 saves a new title; 王大明 then
    saves the page he opened before with a new summary: the page says his save was refused
    because 林美華 changed it, his summary is still in the box, and her title is stored."""
    load_sample_data()
    visit = Engagement.objects.get(slug=WAKAYAMA)
    url = f"{live_server.url}/admin/visits/engagement/{visit.pk}/change/"
    wang = _logged_in(browser, live_server, "wang", "王大明")
    wang.goto(url)
    lin = _logged_in(browser, live_server, "lin", "林美華")
    lin.goto(url)
    lin.fill("#id_title_zh_hant", "和歌山市議會日台友好議員連盟訪問高雄")
    lin.click("input[name=_continue]")
    lin.wait_for_load_state("networkidle")
    assert lin.locator(".errornote").count() == 0

    wang.fill("#id_summary_zh_hant", "王大明寫的新摘要。")
    wang.click("input[name=_continue]")
    wang.wait_for_load_state("networkidle")
    note = wang.locator(".errorlist.nonfield").inner_text()
    assert "在您開啟此頁之後已由林美華於" in note and "名稱 [zh-hant]" in note, note
    assert wang.locator("#id_summary_zh_hant").input_value() == "王大明寫的新摘要。"
    visit.refresh_from_db()
    assert visit.title_zh_hant == "和歌山市議會日台友好議員連盟訪問高雄"
    assert visit.summary_zh_hant != "王大明寫的新摘要。"
    # Saving once more from the same page is refused again: only a reopened page may save.
    wang.click("input[name=_continue]")
    wang.wait_for_load_state("networkidle")
    assert "在您開啟此頁之後" in wang.locator(".errorlist.nonfield").inner_text()
    wang.context.close()
    lin.context.close()


def test_the_language_switch_works_from_the_keyboard_under_the_csp(live_server, browser):
    """A clerk whose browser asks for Chinese switches the admin to English and back with the
    keyboard only (no script needed, none inline under the CSP); the page with the switch passes
    axe-core's WCAG checks in both languages."""
    from tests.accessibility import axe_violations, new_checked_context, watch_problems

    load_sample_data()
    get_user_model().objects.create_superuser("language-clerk", "lang@example.org", PASSWORD)
    context = new_checked_context(browser, viewport={"width": 1280, "height": 900}, locale="zh-TW")
    page = context.new_page()
    problems = watch_problems(page)
    log_in(page, live_server.url, "language-clerk")
    page.goto(f"{live_server.url}/admin/cities/city/?q=Busan")
    assert page.locator("html").get_attribute("lang") == "zh-hant"
    assert axe_violations(page) == []

    page.get_by_label("語言").focus()
    page.keyboard.press("ArrowDown")  # 繁體中文 → English
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "切換語言"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == f"{live_server.url}/admin/cities/city/?q=Busan"  # the same page
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_label("Language").input_value() == "en"
    assert axe_violations(page) == []
    page.goto(f"{live_server.url}/admin/")  # kept on the next page
    assert page.locator("html").get_attribute("lang") == "en"

    page.get_by_label("Language").select_option("zh-hant")
    with page.expect_navigation():
        page.get_by_role("button", name="Switch language").click()
    assert page.locator("html").get_attribute("lang") == "zh-hant"
    assert problems == []
    context.close()
