"""Security headers on every response, and the public site and the admin working under the
Content-Security-Policy in a real Chromium (Playwright): no violation on public pages;
modeltranslation's tabs and the autocomplete widgets in the admin."""


import pytest
from django.contrib.auth import get_user_model

from datasets.sample_data import load_sample_data
from tests.browser import PASSWORD, log_in
from visits.models import Engagement


def script_sources(policy: str) -> str:
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    return directives["script-src"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/admin/login/", "/admin/visits/engagement/", "/zh-hant/", "/en/"])
def test_every_response_carries_the_security_headers(admin_client, url):
    response = admin_client.get(url, follow=True)
    policy = response.headers["Content-Security-Policy"]
    assert script_sources(policy) == "'self'"
    assert "unsafe-inline" not in script_sources(policy) and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_production_settings_add_hsts_and_secure_cookies(monkeypatch):
    import importlib

    monkeypatch.setenv("SECRET_KEY", "x" * 60)
    monkeypatch.setenv("ALLOWED_HOSTS", "international.example.gov.tw")
    production = importlib.import_module("intl_affairs.settings.production")
    production = importlib.reload(production)
    assert production.SECURE_HSTS_SECONDS >= 31536000
    assert production.SESSION_COOKIE_SECURE and production.CSRF_COOKIE_SECURE
    assert production.CONTENT_SECURITY_POLICY["DIRECTIVES"]["script-src"] == ["'self'"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_public_pages_and_admin_change_page_work_under_the_csp_in_chromium(live_server, browser):
    load_sample_data()
    get_user_model().objects.create_superuser("csp-clerk", "clerk@example.org", PASSWORD)
    engagement = Engagement.objects.get(slug="2022-12-20-san-antonio-40th-anniversary-video-conference")
    problems: list[str] = []
    page = browser.new_page(locale="zh-TW")
    # CSP violations are reported as console errors; scripts that break raise page errors;
    # a missing script or style answers 404. (Requests aborted by navigating away are not
    # problems, so console "Failed to load resource" lines are judged by their response.)
    page.on("console", lambda message: message.type == "error"
            and not message.text.startswith("Failed to load resource")
            and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("response", lambda response: response.status >= 400
            and not response.url.endswith("/favicon.ico")
            and problems.append(f"{response.status} {response.url}"))
    # The public site under the same policy (its pages must need no inline script).
    for path in ("/zh-hant/", "/en/cities/", "/zh-hant/cities/san-antonio/", "/en/search/?q=Brisbane"):
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
    log_in(page, live_server.url, "csp-clerk")
    page.goto(f"{live_server.url}/admin/visits/engagement/{engagement.pk}/change/")
    page.wait_for_load_state("networkidle")
    # modeltranslation turned the title's language fields into tabs (jQuery UI).
    page.wait_for_selector(".ui-tabs-nav", timeout=15000)
    english_tab = page.locator(".ui-tabs-nav a", has_text="en").first
    english_tab.click()
    assert page.locator("#id_title_en").is_visible()
    # The autocomplete of countries (select2 over the admin's JSON view) answers.
    page.locator(".field-countries .select2-selection").first.click()
    page.keyboard.type("日")
    page.wait_for_selector(".select2-results__option:has-text('日本')", timeout=15000)
    assert page.locator(".select2-results__option", has_text="日本").count() >= 1
    # The import page with its scripts.
    page.goto(f"{live_server.url}/admin/visits/engagement/import/")
    page.wait_for_load_state("networkidle")
    assert problems == []
