"""The accessibility check cannot pass by not running: axe-core is the locked npm package, and
a missing one fails the check under ``REQUIRE_BROWSER=1`` (CI) rather than skipping it."""

import json
from pathlib import Path

import pytest

from tests import accessibility

ROOT = Path(__file__).resolve().parents[2]


def test_a_missing_axe_core_fails_under_require_browser_and_skips_otherwise(monkeypatch, tmp_path):
    monkeypatch.setattr(accessibility, "AXE_SCRIPT", tmp_path / "axe.min.js")
    monkeypatch.setenv("REQUIRE_BROWSER", "1")
    with pytest.raises(pytest.fail.Exception, match="npm ci"):
        accessibility.axe_source()
    monkeypatch.delenv("REQUIRE_BROWSER")
    with pytest.raises(pytest.skip.Exception, match="npm ci"):
        accessibility.axe_source()


def test_the_installed_axe_core_is_the_locked_one():
    """``npm ci`` installed exactly what package-lock.json names (a sha512 integrity from the
    registry), and the check reads that copy."""
    script = accessibility.axe_source()
    locked = json.loads((ROOT / "package-lock.json").read_text())["packages"]["node_modules/axe-core"]
    assert locked["integrity"].startswith("sha512-")
    installed = json.loads((script.parent / "package.json").read_text())
    assert installed["version"] == locked["version"]
    assert script.read_text().startswith(f"/*! axe v{locked['version']}")


@pytest.mark.django_db
def test_the_checked_pages_render_every_public_template(client):
    """Every template of the public site (``templates/`` outside the admin's; the 400, 500 and
    503 pages have their own check, ``test_error_pages_have_no_wcag_violation``) is rendered by some page of :data:`tests.accessibility.PUBLIC_PAGES`, in both
    languages, with the sample data: a new template or include that no listed page shows fails
    here, not silently unchecked by axe-core."""
    root = ROOT / "templates"
    public = {str(path.relative_to(root)) for path in root.rglob("*.html")
              if path.relative_to(root).parts[0] != "admin"} - {"400.html", "500.html", "503.html"}
    assert {"home.html", "404.html", "reports/figures.html", "includes/city_map.html"} <= public
    for language in accessibility.LANGUAGES:
        rendered: set[str] = set()
        for path in accessibility.PUBLIC_PAGES:
            response = client.get(f"/{language}{path}")
            assert response.status_code == (404 if path == "/no-such-page/" else 200), path
            rendered |= {template.name for template in response.templates}
        assert sorted(public - rendered) == [], language
