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
