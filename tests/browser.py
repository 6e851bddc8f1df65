"""Logging in to the admin in a real browser, shared by the browser tests (Playwright, Chromium
launched by the ``browser`` and ``module_browser`` fixtures of ``tests/conftest.py``; axe-core
checks in :mod:`tests.accessibility`).

Users the browser tests create get :data:`PASSWORD`, long enough for the password validators.
Screenshots go to one directory, :data:`ARTIFACTS` (``test-artifacts/``, or ``TEST_ARTIFACTS_DIR``),
which CI keeps as its artifacts.
"""

from __future__ import annotations

import os
from pathlib import Path

#: The password of the staff users the browser tests create.
PASSWORD = "a-long-pass-phrase-42"

#: Where the browser tests write their screenshots: ``TEST_ARTIFACTS_DIR`` if set, else
#: ``test-artifacts/`` at the repository's root (ignored by git).
ARTIFACTS = Path(os.environ.get("TEST_ARTIFACTS_DIR") or Path(__file__).resolve().parents[1] / "test-artifacts")


def screenshot(page, name: str) -> Path:
    """Save a full-page PNG of the Playwright ``page`` as ``<ARTIFACTS>/<name>.png`` (the
    directory is created) and return its path."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def submit_log_in(page, username: str, password: str):
    """Fill in the admin's log-in form shown on the Playwright ``page`` with ``username`` and
    ``password`` (str) and send it. Returns the Playwright ``Response`` the navigation ends on:
    the page after the redirect when the log-in succeeds, the form again (HTTP 200) when it is
    refused, the locked-out page (HTTP 429) when too many attempts failed."""
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation() as navigation:
        page.click("input[type=submit]")
    return navigation.value


def log_in(page, base_url: str, username: str, password: str = PASSWORD) -> None:
    """Log the Playwright ``page`` in to the admin of the site at ``base_url`` (str, scheme and
    host, no trailing slash, e.g. ``live_server.url``) as ``username`` with ``password``; the
    page is left on the admin's index. Raises ``AssertionError`` with the form's error when the
    log-in is refused, so a test fails there rather than on the first page it cannot open."""
    page.goto(f"{base_url}/admin/login/")
    response = submit_log_in(page, username, password)
    if "/admin/login/" in page.url:
        error = page.locator(".errornote").all_inner_texts()
        raise AssertionError(f"log-in as {username!r} refused ({response.status}): {' '.join(error)}")
