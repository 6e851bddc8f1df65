"""Accessibility checks in a real browser, shared by the browser tests: axe-core run inside
Chromium against WCAG 2.1 A and AA, and the lists of pages every check covers.

axe-core is an npm package (``package.json`` at the repository root; ``make test`` runs
``npm ci``), read from ``node_modules/axe-core/axe.min.js`` and injected by Playwright before
any script of the page runs, so the site's Content-Security-Policy does not block it. A missing
axe-core skips the check, and fails it under ``REQUIRE_BROWSER=1`` (CI), as a missing browser does.

A new public page template gets a path in :data:`PUBLIC_PAGES` (a new admin page in
:data:`ADMIN_PAGES`); nothing else is needed for it to be checked in both languages at both widths.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

AXE_SCRIPT = Path(__file__).resolve().parents[1] / "node_modules" / "axe-core" / "axe.min.js"

#: The axe-core rule tags of WCAG 2.0 and 2.1, levels A and AA (what 網站無障礙規範 2.1 builds on).
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")

#: The site's languages, as URL prefixes, and the widths (CSS px) of a phone and a desktop.
LANGUAGES = ("zh-hant", "en")
WIDTHS = (375, 1280)

#: Every public page template with the sample data's content, as a path after the language
#: prefix (``/zh-hant`` or ``/en`` is put in front). Add the pages of a new template here.
PUBLIC_PAGES: list[str] = [
    "/",
    "/cities/",                   # the map of partner cities, then the list
    "/cities/?group=kind&country=japan",
    "/cities/daejeon/",           # Korean native name, gifts with Korean names
    "/cities/hachioji/",          # Japanese native name
    "/cities/edinburgh/",         # a nation within a state, no partnership
    "/cities/san-antonio/",       # the gallery of gifts, linked to engagements and exhibitions
    "/activities/",               # two pages: the pager
    "/activities/?page=2",
    "/activities/2022/",
    "/activities/2022/09/",
    "/activities/2022/11/?kind=reception&country=japan",  # a month with two filters
    "/activities/2022/?kind=exhibition&country=south-korea",
    "/activities/?kind=reception&city=daejeon",  # no activity matches
    "/engagements/2022-08-09-lithuanian-vice-minister/",
    "/engagements/2022-11-28-wakayama-city-assembly-league/",
    "/exhibitions/daejeon-5th-anniversary-exhibition/",
    "/figures/",                  # charts with their tables
    "/search/",
    "/search/?q=%E5%A4%A7%E7%94%B0",      # 大田: cities, people, engagements, exhibitions
    "/search/?q=no-such-name-anywhere",  # no result
    "/no-such-page/",                     # 404
]

#: The admin pages this product adds to Django's admin (history, deleted records, imports, the
#: report, the gift register, the review queue and page), as paths from the site's root;
#: ``{engagement}``, ``{walk}`` and ``{revision}`` are the primary keys of an engagement, an
#: inventory and a pending revision.
ADMIN_PAGES: list[str] = [
    "/admin/visits/engagement/",
    "/admin/visits/engagement/deleted/",
    "/admin/visits/engagement/{engagement}/history/",
    "/admin/visits/engagement/import/",
    "/admin/visits/participation/import/",
    "/admin/reports/halfyearreport/",
    "/admin/reports/halfyearreport/?period=2022H2",
    "/admin/core/revision/",
    "/admin/core/revision/?state=all",
    "/admin/core/revision/{revision}/change/",  # the review page: the difference and the decision
    "/admin/gifts/gift/",
    "/admin/reports/halfyearreport/gift-register/",
    "/admin/gifts/inventorywalk/{walk}/walk/",
    "/admin/gifts/inventorywalk/{walk}/report/",
]


def axe_source() -> Path:
    """The path of axe-core's script, or a skip (a failure under ``REQUIRE_BROWSER=1``) when
    ``npm ci`` has not installed it."""
    if not AXE_SCRIPT.exists():
        message = f"{AXE_SCRIPT} is missing: run `npm ci` (make test does)"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but {message}")
        pytest.skip(message)
    return AXE_SCRIPT


def new_checked_context(browser, **options):
    """A Playwright browser context (``options`` as ``Browser.new_context`` takes them) whose
    every page has axe-core loaded before the page's own scripts run."""
    context = browser.new_context(**options)
    context.add_init_script(path=str(axe_source()))
    return context


def axe_violations(page) -> list[str]:
    """Run axe-core with :data:`WCAG_TAGS` on the Playwright ``page`` as it is now. Returns one
    line per violation: the rule, its impact and help text, then each offending element's CSS
    selector and axe's summary of what fails. Empty when the page passes."""
    violations = page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                                    resultTypes: ['violations']});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary.replace(/\\s+/g, ' ')),
            }));
        }""",
        list(WCAG_TAGS),
    )
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines.extend(f"    {node}" for node in violation["nodes"])
    return lines


def watch_problems(page) -> list[str]:
    """Collect the script errors and CSP violations (console errors) of ``page`` into the
    returned list, which grows as the page is used. Failed loads are judged by their response
    status, not by their console line."""
    problems: list[str] = []
    page.on("console", lambda message: message.type == "error"
            and not message.text.startswith("Failed to load resource")
            and problems.append(f"{page.url} {message.text}"))
    page.on("pageerror", lambda error: problems.append(f"{page.url} {error}"))
    return problems
