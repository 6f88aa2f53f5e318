"""axe on every page of the assembled portal (issue 25): 0 violations of any rule and any impact.

Every page of the session's portal (tests/conftest.py) outside the evaluations' own sites (those are the
sites' pages, checked by tests/test_reviewers.py) is opened in Chromium at a desktop and a phone width,
and axe-core runs with all its rules (not only the WCAG tags). axe-core is the one Lighthouse installs in
benchmarks/node_modules (`npm ci` there), else the one axe-playwright-python bundles.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import serve_folder
from test_reviewers import _axe_report

AXE_SOURCES = [Path(__file__).resolve().parents[1] / "benchmarks" / "node_modules" / "axe-core" / "axe.min.js"]


def axe_source() -> str:
    axe_module = pytest.importorskip("axe_playwright_python")
    bundled = Path(axe_module.__file__).parent / "axe.min.js"
    return next(path for path in [*AXE_SOURCES, bundled] if path.is_file()).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def portal_base(built_portal):
    server = serve_folder(built_portal / "site")
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def _axe_violations(page, source: str, attempts: int = 3) -> list:
    """axe's violations on the page, once it stays put: the root page and some 404 pages send the
    reader on by script (to a language, to an evaluation), which may happen after "load"; axe then
    runs on the page they land on."""
    from playwright.sync_api import Error
    for attempt in range(attempts):
        page.wait_for_load_state("load")
        try:
            page.add_script_tag(content=source)
            return page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
        except Error as error:
            if "context was destroyed" not in str(error) or attempt == attempts - 1:
                raise
    return []


def axe_reports(browser, base: str, pages: list[str], width: int, label: str = "") -> list[str]:
    """axe's report on each page (path under base) with violations, at the width given."""
    source = axe_source()
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    reports = []
    try:
        for path in pages:
            page.goto(base + path)
            violations = _axe_violations(page, source)
            if violations:
                reports.append(_axe_report(f"{label}{path} at {width} px", violations))
    finally:
        context.close()
    return reports


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 390])
def test_every_portal_page_passes_axe(browser, built_portal, portal_base, width):
    site = built_portal / "site"
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    pages = [p for p in pages if not p.startswith(("e/", "pagefind/"))]
    assert len(pages) > 200 and "404.html" in pages and "en/follow-up/index.html" in pages
    reports = axe_reports(browser, portal_base, pages, width)
    assert not reports, "\n".join(reports[:20])
