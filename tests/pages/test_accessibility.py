"""WCAG 2.1 A and AA in a real Chromium (issue 15): axe-core finds no violation on any public
page (``tests.accessibility.PUBLIC_PAGES``) in zh-hant and en at 375 px and 1280 px, nor on the
admin pages this product adds; keyboard use reaches every link, filter and pager with a visible
focus. The sample data is the content.

One browser and one page serve the whole module; the sample data is loaded once per test (the
live server's database is emptied after each).
"""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from PIL import Image

from cities.models import City
from datasets.sample_data import load_sample_data
from exhibitions.models import Exhibition, ExhibitionPhoto, Item
from gifts.models import InventoryWalk
from tests.accessibility import (
    ADMIN_PAGES,
    LANGUAGES,
    PUBLIC_PAGES,
    WIDTHS,
    axe_violations,
    new_checked_context,
    watch_problems,
)
from tests.browser import PASSWORD, log_in, submit_log_in
from tests.factories import two_pending_titles
from visits.models import Engagement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server):
    """The live server's base URL with the sample data loaded."""
    load_sample_data()
    return live_server.url


def png(colour: str) -> ContentFile:
    """A 40 × 30 px PNG file."""
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(buffer, "PNG")
    return ContentFile(buffer.getvalue(), name=f"{colour}.png")


def add_images() -> None:
    """Give the sample data the images it lacks, so image rules are checked: Daejeon's picture
    (alternative text in Chinese only), a photo of the Daejeon exhibition (on its page and in
    Daejeon's activities) and a picture of an item it shows."""
    daejeon = City.objects.get(slug="daejeon")
    daejeon.image, daejeon.image_alt_text_zh_hant = png("navy"), "大田市的甲川河畔夜景"
    daejeon.save()
    exhibition = Exhibition.objects.get(slug="daejeon-5th-anniversary-exhibition")
    ExhibitionPhoto.objects.create(exhibition=exhibition, image=png("teal"), alt_text_zh_hant="展場入口的大田市吉祥物看板",
                                   alt_text_en="The Daejeon mascot's panel at the entrance", caption_zh_hant="展場入口")
    mascot = Item.objects.get(native_name="꿈돌이")
    mascot.image, mascot.image_alt_text = png("orange"), "黃色外星人造型的吉祥物玩偶"
    mascot.save()


def expected_status(path: str) -> int:
    """The HTTP status a page of :data:`PUBLIC_PAGES` answers: 404 for the missing page."""
    return 404 if path.startswith("/no-such-page/") else 200


def test_public_pages_have_no_wcag_violation(module_browser, site):
    add_images()
    context = new_checked_context(module_browser, locale="zh-TW")
    page = context.new_page()
    problems = watch_problems(page)
    found: list[str] = []
    images: dict[str, int] = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for language in LANGUAGES:
            for path in PUBLIC_PAGES:
                url = f"/{language}{path}"
                response = page.goto(site + url)
                assert response.status == expected_status(path), f"{url}: {response.status}"
                found.extend(f"{url} at {width}px: {line}" for line in axe_violations(page))
                images[url] = page.locator("main img").count()
    context.close()
    # The images added were on the pages checked: the city's picture and the exhibition's photo
    # on the city page, the photo and the item's picture on the exhibition page.
    assert images["/en/cities/daejeon/"] == 2 and images["/zh-hant/cities/daejeon/"] == 2
    assert images["/en/exhibitions/daejeon-5th-anniversary-exhibition/"] == 2
    assert found == [], "\n".join(found)
    assert problems == [], "\n".join(problems)


@pytest.mark.urls("tests.error_urls")
def test_error_pages_have_no_wcag_violation(module_browser, live_server):
    """The 500 page (a view that raises), the 503 page (a save that met a locked database) and
    the 400 page (the calendar asked for a language it does not offer)."""
    context = new_checked_context(module_browser)
    page = context.new_page()
    found: list[str] = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for language in LANGUAGES:
            for path, status in (("fail/", 500), ("busy/", 503)):
                response = page.goto(f"{live_server.url}/{language}/{path}")
                assert response.status == status
                assert page.locator("main h1").count() == 1 and page.locator("footer").count() == 1
                found.extend(f"/{language}/{path} at {width}px: {line}" for line in axe_violations(page))
    context.close()
    # The bad request page (400.html) of an address without a language prefix: the browser's.
    for locale in ("zh-TW", "en-GB"):
        context = new_checked_context(module_browser, locale=locale)
        page = context.new_page()
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            response = page.goto(f"{live_server.url}/calendar.ics?lang=fr")
            assert response.status == 400 and "lang=zh-hant / en" in page.locator("main").inner_text()
            found.extend(f"/calendar.ics?lang=fr ({locale}) at {width}px: {line}" for line in axe_violations(page))
    context.close()
    assert found == [], "\n".join(found)


#: The admin's two colour themes (Django follows the browser's preference) and the widths each
#: is checked at: contrast does not depend on the width, so the dark theme is checked at one.
ADMIN_THEMES = (("light", WIDTHS), ("dark", (1280,)))


def test_admin_pages_added_by_the_product_have_no_wcag_violation(module_browser, site):
    clerk = get_user_model().objects.create_superuser("a11y-clerk", "clerk@example.org", PASSWORD)
    engagement = Engagement.objects.get(slug="2022-11-28-wakayama-city-assembly-league")
    revision, _second = two_pending_titles(engagement, clerk)  # the queue holds two, to review
    keys = {"engagement": engagement.pk, "walk": InventoryWalk.objects.get_or_create(year=2022)[0].pk,
            "revision": revision.pk}
    found: list[str] = []
    for language, locale in (("zh-hant", "zh-TW"), ("en", "en-GB")):
        for scheme, widths in ADMIN_THEMES:
            context = new_checked_context(module_browser, locale=locale, color_scheme=scheme)
            page = context.new_page()
            problems = watch_problems(page)
            log_in(page, site, "a11y-clerk")
            for width in widths:
                page.set_viewport_size({"width": width, "height": 900})
                for path in ADMIN_PAGES:
                    url = path.format(**keys)
                    response = page.goto(site + url)
                    assert response.status == 200, f"{url}: {response.status}"
                    found.extend(f"{url} ({language}, {scheme}) at {width}px: {line}"
                                 for line in axe_violations(page))
            context.close()
            assert problems == [], "\n".join(problems)
    assert found == [], "\n".join(found)


def test_login_and_lockout_pages_have_no_wcag_violation(module_browser, site, settings):
    """The admin's login page and the product's page of a locked login (HTTP 429), both languages."""
    settings.AXES_ENABLED = True
    found: list[str] = []
    for locale in ("zh-TW", "en-GB"):
        context = new_checked_context(module_browser, locale=locale)
        page = context.new_page()
        page.goto(f"{site}/admin/login/")
        found.extend(f"/admin/login/ ({locale}): {line}" for line in axe_violations(page))
        for _attempt in range(settings.AXES_FAILURE_LIMIT):
            answer = submit_log_in(page, "locked-out-clerk", "not-the-password")
            if answer.status == 429:
                break
        assert answer.status == 429
        found.extend(f"locked login ({locale}): {line}" for line in axe_violations(page))
        context.close()
    assert found == [], "\n".join(found)


#: Pages whose every link, filter control and pager a keyboard must reach: the archive with its
#: filters and pager, the city list with its filters, the home page, a city, search results
#: and the figures page.
KEYBOARD_PAGES = [
    "/en/activities/",
    "/zh-hant/activities/2022/?kind=exhibition",
    "/zh-hant/cities/",
    "/en/",
    "/zh-hant/cities/daejeon/",
    "/en/search/?q=Daejeon",
    "/zh-hant/figures/",
]

#: Numbers every element a keyboard can reach (links, buttons, form controls, tabindex >= 0)
#: that is rendered, in document order, as ``data-kbd``; returns how many there are.
NUMBER_FOCUSABLE = """() => {
    const selector = 'a[href], button, input:not([type=hidden]), select, textarea, [tabindex]';
    const elements = Array.from(document.querySelectorAll(selector)).filter(e =>
        !e.disabled && e.tabIndex >= 0 && e.getClientRects().length > 0
        && getComputedStyle(e).visibility !== 'hidden');
    elements.forEach((e, i) => { e.dataset.kbd = String(i); });
    return elements.length;
}"""

#: What is focused now: its ``data-kbd`` number (null for the body), whether its focus is
#: drawn (an outline of 2 px or more, or a box shadow), whether it lies in the viewport, and a
#: short description for messages.
FOCUSED = """() => {
    const e = document.activeElement;
    if (!e || e === document.body) return null;
    const style = getComputedStyle(e);
    const box = e.getBoundingClientRect();
    return {
        number: e.dataset.kbd === undefined ? null : Number(e.dataset.kbd),
        drawn: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== 'none',
        visible: box.bottom > 0 && box.top < innerHeight && box.right > 0 && box.left < innerWidth,
        what: e.tagName.toLowerCase() + ' "' + (e.innerText || e.name || e.id || '').trim().slice(0, 40) + '"',
    };
}"""


def tab_through(page) -> tuple[int, list[dict]]:
    """Press Tab from the top of ``page`` until the focus leaves the page or comes back round.
    Returns the number of focusable elements and what each Tab press focused, in order."""
    total = page.evaluate(NUMBER_FOCUSABLE)
    focused: list[dict] = []
    for _ in range(total + 5):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUSED)
        if state is None or (focused and state["number"] == focused[0]["number"]):
            break
        focused.append(state)
    return total, focused


@pytest.mark.parametrize("width", WIDTHS)
def test_keyboard_reaches_every_link_filter_and_pager_with_visible_focus(module_browser, site, width):
    context = module_browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    for path in KEYBOARD_PAGES:
        page.goto(site + path)
        total, focused = tab_through(page)
        reached = [state["number"] for state in focused]
        assert total > 10, path
        # Every element, once each, in document order (no positive tabindex reorders them).
        assert reached == list(range(total)), f"{path}: Tab order {reached}, expected 0..{total - 1}"
        hidden = [state["what"] for state in focused if not (state["drawn"] and state["visible"])]
        assert hidden == [], f"{path} at {width}px: focus not visible on {hidden}"
    # The filters and the pager are among them, and work from the keyboard.
    page.goto(site + "/en/activities/")
    page.get_by_label("Kind").focus()
    page.keyboard.press("ArrowDown")  # from "All kinds" to the first kind, receptions
    page.get_by_role("button", name="Show").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "kind=reception" in page.url
    page.goto(site + "/en/activities/")
    page.get_by_role("navigation", name="Pages").get_by_role("link", name="Next page").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/en/activities/?page=2")
    context.close()


#: Files for the engagement import: one with a row the import refuses (no country PL in the
#: sample data), one it accepts (its preview, before the clerk confirms).
IMPORT_FILES = {
    "errors": "slug,kind,title_zh_hant,start_date,countries\n"
              "2025-10-01-gdynia-delegation,reception,格丁尼亞市訪團,114/10/1,PL\n",
    "preview": "slug,kind,title_zh_hant,start_date,countries\n"
               "2025-10-02-kumamoto-delegation,reception,熊本市訪團,114/10/2,JP\n",
}


def posted_admin_pages(page, site: str):
    """Walk the product's admin pages that only a posted form shows, on the logged-in Playwright
    ``page``: the gift loan action's page, then the same page with its form's errors, the
    engagement import's page of a refused file, then its preview of an accepted one, and the
    admin's bad request page (a report download in a format not offered). Yields a name for
    each, with the page showing it."""
    page.goto(f"{site}/admin/gifts/gift/")
    page.locator("input.action-select").nth(0).check()
    page.locator("input.action-select").nth(1).check()
    page.select_option("select[name=action]", "lend_to_exhibition")
    with page.expect_navigation():
        page.locator("button[name=index]").click()
    assert page.locator("#chosen-heading").count() == 1
    yield "loan action"
    # Sent empty, past the browser's own check of required fields: the server's errors.
    page.evaluate("document.querySelector('#content-main form').noValidate = true")
    with page.expect_navigation():
        page.locator("#content-main input[type=submit]").click()
    assert page.locator(".errorlist").count() > 0
    yield "loan action, errors"
    for name, text in IMPORT_FILES.items():
        page.goto(f"{site}/admin/visits/engagement/import/")
        page.set_input_files("input[type=file]", files=[
            {"name": f"{name}.csv", "mimeType": "text/csv", "buffer": text.encode()}])
        if page.locator("select#id_format").count():
            page.select_option("select#id_format", label="csv")
        with page.expect_navigation():
            page.locator("form[enctype='multipart/form-data'] input[type=submit]").click()
        if name == "errors":
            assert "PL" in page.locator(".errorlist, .validation-error-container, .import-error-display-message"
                                        ).first.inner_text()
        else:
            assert page.locator("input[name=confirm]").count() == 1  # the preview, to confirm
        yield f"import, {name}"
    response = page.goto(f"{site}/admin/reports/halfyearreport/download/?period=2022H2&language=en&format=pdf")
    assert response.status == 400 and page.locator("#content").count() == 1  # the admin's 400 page
    yield "report download, bad request"


def test_admin_pages_shown_after_a_post_have_no_wcag_violation(module_browser, site):
    get_user_model().objects.create_superuser("a11y-poster", "poster@example.org", PASSWORD)
    found: list[str] = []
    seen: list[str] = []
    for language, locale in (("zh-hant", "zh-TW"), ("en", "en-GB")):
        for scheme, widths in ADMIN_THEMES:
            for width in widths:
                context = new_checked_context(module_browser, locale=locale, color_scheme=scheme,
                                              viewport={"width": width, "height": 900})
                page = context.new_page()
                problems = watch_problems(page)
                log_in(page, site, "a11y-poster")
                for name in posted_admin_pages(page, site):
                    seen.append(name)
                    found.extend(f"{name} ({language}, {scheme}) at {width}px: {line}"
                                 for line in axe_violations(page))
                context.close()
                assert problems == [], "\n".join(problems)
    assert seen[:4] == ["loan action", "loan action, errors", "import, errors", "import, preview"]
    assert len(seen) == 5 * 2 * 3
    assert found == [], "\n".join(found)


def test_the_check_reports_a_violation_planted_in_a_real_page(module_browser, site):
    """The check can fail: on the archive, the kind filter's label removed and the page's
    language emptied are reported (axe-core's ``select-name`` and ``html-has-lang``, WCAG 4.1.2
    and 3.1.1), naming the element."""
    context = new_checked_context(module_browser)
    page = context.new_page()
    page.goto(f"{site}/en/activities/2022/")
    assert axe_violations(page) == []
    page.evaluate("""() => {
        document.querySelector('label[for=id_kind]').remove();
        document.documentElement.removeAttribute('lang');
    }""")
    found = axe_violations(page)
    context.close()
    assert any(line.startswith("select-name (critical)") for line in found), found
    assert "    #id_kind: " in "\n".join(found)
    assert any(line.startswith("html-has-lang (serious)") for line in found), found
