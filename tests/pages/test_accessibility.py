"""WCAG 2.1 A and AA in a real Chromium (issue 15): axe-core finds no violation on any public
page (``tests.accessibility.PUBLIC_PAGES``) in zh-hant and en at 375 px and 1280 px, nor on the
admin pages this product adds; keyboard use reaches every link, filter and pager with a visible
focus. The sample data is the content.

One browser and one page serve the whole module; the sample data is loaded once per test (the
live server's database is emptied after each).
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from datasets.sample_data import load_sample_data
from tests.accessibility import (
    ADMIN_PAGES,
    LANGUAGES,
    PUBLIC_PAGES,
    WIDTHS,
    axe_violations,
    new_checked_context,
    watch_problems,
)
from visits.models import Engagement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server):
    """The live server's base URL with the sample data loaded."""
    load_sample_data()
    return live_server.url


def expected_status(path: str) -> int:
    """The HTTP status a page of :data:`PUBLIC_PAGES` answers: 404 for the missing page."""
    return 404 if path.startswith("/no-such-page/") else 200


def test_public_pages_have_no_wcag_violation(module_browser, site):
    context = new_checked_context(module_browser, locale="zh-TW")
    page = context.new_page()
    problems = watch_problems(page)
    found: list[str] = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for language in LANGUAGES:
            for path in PUBLIC_PAGES:
                url = f"/{language}{path}"
                response = page.goto(site + url)
                assert response.status == expected_status(path), f"{url}: {response.status}"
                found.extend(f"{url} at {width}px: {line}" for line in axe_violations(page))
    context.close()
    assert found == [], "\n".join(found)
    assert problems == [], "\n".join(problems)


#: The admin's two colour themes (Django follows the browser's preference) and the widths each
#: is checked at: contrast does not depend on the width, so the dark theme is checked at one.
ADMIN_THEMES = (("light", WIDTHS), ("dark", (1280,)))


def test_admin_pages_added_by_the_product_have_no_wcag_violation(module_browser, site):
    get_user_model().objects.create_superuser("a11y-clerk", "clerk@example.org", "a-long-pass-phrase-42")
    engagement = Engagement.objects.get(slug="2022-11-28-wakayama-city-assembly-league")
    found: list[str] = []
    for language, locale in (("zh-hant", "zh-TW"), ("en", "en-GB")):
        for scheme, widths in ADMIN_THEMES:
            context = new_checked_context(module_browser, locale=locale, color_scheme=scheme)
            page = context.new_page()
            problems = watch_problems(page)
            page.goto(f"{site}/admin/login/")
            page.fill("#id_username", "a11y-clerk")
            page.fill("#id_password", "a-long-pass-phrase-42")
            page.click("input[type=submit]")
            for width in widths:
                page.set_viewport_size({"width": width, "height": 900})
                for path in ADMIN_PAGES:
                    url = path.format(engagement=engagement.pk)
                    response = page.goto(site + url)
                    assert response.status == 200, f"{url}: {response.status}"
                    found.extend(f"{url} ({language}, {scheme}) at {width}px: {line}"
                                 for line in axe_violations(page))
            context.close()
            assert problems == [], "\n".join(problems)
    assert found == [], "\n".join(found)
