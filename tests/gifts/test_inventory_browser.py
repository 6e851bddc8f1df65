"""The inventory walk on a phone-sized Chromium (Playwright, Debian's browser, as the other
browser tests launch it): every gift in custody is a card that fits the screen; a clerk
confirms one, flags one as found elsewhere with where, one as missing, and finishes; the report
says found 1, moved 1, missing 1 and the moved gift is recorded where it was found."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from datasets.sample_data import load_sample_data
from gifts.models import Gift, InventoryWalk
from tests.browser import PASSWORD, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}  # an iPhone 12 to 15 in CSS pixels


def test_the_inventory_walk_on_a_phone(live_server, browser):
    load_sample_data()
    get_user_model().objects.create_superuser("keeper", "keeper@example.org", PASSWORD)
    walk = InventoryWalk.objects.create(year=2023)
    key = Gift.objects.get(slug="key-to-belize-city")
    key.building, key.room, key.case = "四維行政中心", "中庭", "櫥窗1"
    key.save()
    painting = Gift.objects.get(slug="san-antonio-world-heritage-painting")
    busan = Gift.objects.get(slug="key-to-the-city-of-busan")

    context = browser.new_context(viewport=PHONE, locale="zh-TW", is_mobile=True, has_touch=True)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("response", lambda response: response.status >= 400 and not response.url.endswith("/favicon.ico")
            and problems.append(f"{response.status} {response.url}"))
    log_in(page, live_server.url, "keeper")
    page.goto(f"{live_server.url}/admin/gifts/inventorywalk/{walk.pk}/walk/")

    cards = page.locator("ul.walk > li")
    assert cards.count() == 6  # the received gifts the city holds
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    for button in page.locator("ul.walk button:visible").all():
        assert button.bounding_box()["height"] >= 44  # a finger's target

    page.locator(f"#gift-{key.pk}").get_by_role("button", name="在此").tap()
    expect(page.locator(f"#gift-{key.pk} .state")).to_have_text("原地尋獲")
    card = page.locator(f"#gift-{painting.pk}")
    card.locator("summary").tap()
    card.get_by_label("建築物").fill("四維行政中心")
    card.get_by_label("房間").fill("市長室")
    card.get_by_role("button", name="登錄尋獲位置").tap()
    expect(page.locator(f"#gift-{painting.pk} .state")).to_have_text("他處尋獲 — 四維行政中心 / 市長室")
    page.locator(f"#gift-{busan.pk}").get_by_role("button", name="遺失").tap()
    expect(page.locator(f"#gift-{busan.pk} .state")).to_have_text("遺失")
    expect(page.locator("#progress")).to_contain_text("已盤點 3 件，共 6 件。")

    page.get_by_role("link", name="盤點報告").click()
    assert page.locator("#found").inner_text() == "原地尋獲 (1)"
    assert page.locator("#moved").inner_text() == "他處尋獲 (1)"
    assert page.locator("#missing").inner_text() == "遺失 (1)"
    assert page.locator("#unchecked").inner_text() == "未盤點 (3)"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.get_by_role("button", name="結束盤點").tap()
    expect(page.locator(".messagelist")).to_contain_text("盤點已結束")
    painting.refresh_from_db()
    assert painting.location == "四維行政中心 / 市長室"
    assert problems == []
    context.close()
