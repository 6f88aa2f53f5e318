"""axe on every page of the bundled site, review and public editions (issue 25): 0 violations of any
rule and any impact, at a desktop and a phone width.

test_reviewers.test_axe_wcag21_aa checks seven page types against the WCAG 2.1 A/AA rules; this test
runs axe-core with all its rules (best practices included: landmarks, heading order, regions) on every
HTML page the build writes, as tests/test_portal_axe.py does for the portal.
"""

from __future__ import annotations

import pytest
from conftest import serve_folder
from test_portal_axe import axe_reports

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def public_url(public_built_site):
    server = serve_folder(public_built_site)
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("edition", ["review", "public"])
def test_every_site_page_passes_axe(request, browser, edition, width):
    folder = request.getfixturevalue("built_site" if edition == "review" else "public_built_site")
    base = request.getfixturevalue("site_url" if edition == "review" else "public_url")
    pages = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.html"))
    # every page type in both languages, the one-page edition and the 404 pages among them
    assert {"index.html", "en/index.html", "print/index.html", "en/print/index.html", "404.html",
            "explorer/index.html", "annexes/index.html"} <= set(pages)
    assert ("comments/index.html" in pages) == (edition == "review")
    reports = axe_reports(browser, base, pages, width, label=f"{edition} ")
    assert not reports, "\n".join(reports[:20])
