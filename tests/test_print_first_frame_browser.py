"""The one-page edition (print/) shows its first frame before any script runs (issue 25: Lighthouse
performance of print/).

The page holds the whole report. On screen its chapters are laid out and painted only near the window
(`content-visibility: auto`, screen media only: the PDF is printed from this page and lays out
everything), and its scripts (Material's bundle, reportgen.js) are fetched and run after the first frame
is drawn (templates/theme/main.html): run before it, they delayed it. Both must hold, the page must still
work as before once they ran (Material's search and header, the acronyms' tooltips), nothing may move
when they run, and the other pages keep their scripts as they were.
"""

from __future__ import annotations

import re

import pytest
from conftest import serve_folder
from test_layout_shift_browser import CLS  # a page load's shifts, read a moment after it

pytestmark = pytest.mark.browser

PAGES = ("print/", "en/print/")


@pytest.fixture(scope="module")
def public_url(public_built_site):
    server = serve_folder(public_built_site)
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def script_tags(html: str) -> list[str]:
    return re.findall(r"<script\b[^>]*\bsrc=[^>]*>", html)


@pytest.mark.parametrize("path", PAGES)
def test_the_one_page_edition_holds_its_scripts_back(public_built_site, path):
    tags = script_tags((public_built_site / path / "index.html").read_text(encoding="utf-8"))
    assert any("javascripts/bundle." in tag for tag in tags) and any("reportgen.js" in tag for tag in tags), tags
    # a script element of another type is neither fetched nor run by the browser: the loader runs them
    assert all('type="rg/after-first-frame"' in tag for tag in tags), tags


@pytest.mark.parametrize("path", PAGES)
def test_the_first_frame_waits_for_the_whole_cover(public_built_site, path):
    # Without the wait, a cold browser drew the cover's table half-parsed and its columns moved when
    # its last rows came (CLS 0.04-0.10 on one load in eight).
    html = (public_built_site / path / "index.html").read_text(encoding="utf-8")
    head, body = html.split("</head>", 1)
    assert '<link rel="expect" href="#print-contents" blocking="render">' in head
    cover_end = body.index('id="print-contents"')
    assert body.index("rg-print-cover") < body.rindex("</table>", 0, cover_end) < cover_end


def test_the_other_pages_keep_their_scripts(public_built_site):
    for path in ("", "en/glossary/", "recommendations/", "en/explorer/"):
        tags = script_tags((public_built_site / path / "index.html").read_text(encoding="utf-8"))
        assert tags and all(tag.startswith("<script defer src=") for tag in tags), (path, tags)


# When the first frame was painted, when each script was requested, and what the scripts set up.
TIMES = """() => new Promise(resolve => {
  const ready = () => document.documentElement.classList.contains("js") && document.querySelector("abbr[tabindex]");
  const done = () => {
    const paint = performance.getEntriesByName("first-paint")[0];
    const fetched = name => performance.getEntriesByType("resource").filter(r => r.name.includes(name)).map(r => r.startTime);
    resolve({paint: paint ? paint.startTime : null, bundle: fetched("/javascripts/bundle."),
             ours: fetched("/reportgen.js"), tooltips: document.querySelectorAll("abbr[tabindex][data-expansion]").length});
  };
  (function wait() { ready() ? done() : setTimeout(wait, 50); })();
})"""


@pytest.mark.parametrize("width", (1280, 390))
@pytest.mark.parametrize("path", PAGES)
def test_the_scripts_are_fetched_after_the_first_frame_and_still_work(browser, public_url, path, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(public_url + path, wait_until="load")
        times = page.evaluate(TIMES)
        assert times["paint"] is not None and times["bundle"] and times["ours"], times
        assert min(times["bundle"] + times["ours"]) > times["paint"], times
        assert times["tooltips"] > 100, times   # reportgen.js ran: the acronyms take the keyboard's focus
        # Material started (it listens for DOMContentLoaded, long past when its bundle runs): its search works
        page.keyboard.press("s")
        page.fill("input.md-search__input", "trafficking" if path.startswith("en/") else "trata")
        page.wait_for_selector(".md-search-result__item", timeout=10000)
        assert not errors, errors
    finally:
        context.close()


@pytest.mark.parametrize("width", (1280, 390))
def test_nothing_moves_when_the_scripts_run(browser, public_url, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    shifts = {}
    try:
        for path in PAGES:
            page = context.new_page()
            # a slow device (the CPU six times slower): the first frame well before the scripts
            context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": 6})
            page.goto(public_url + path, wait_until="load")
            page.wait_for_function("document.documentElement.classList.contains('js')", timeout=30000)
            shifts[path] = page.evaluate(CLS)
            page.close()
    finally:
        context.close()
    assert all(result["cls"] <= 0.02 for result in shifts.values()), shifts


CONTAINMENT = """() => [...document.querySelectorAll(".rg-chapter, .rg-chapter ~ .footnote")]
  .map(block => getComputedStyle(block).contentVisibility)"""


@pytest.mark.parametrize("path", PAGES)
def test_the_chapters_are_contained_on_screen_and_printed_whole(browser, public_url, path):
    page = browser.new_page()
    try:
        page.goto(public_url + path, wait_until="load")
        on_screen = page.evaluate(CONTAINMENT)
        assert len(on_screen) > 30 and set(on_screen) == {"auto"}, on_screen
        page.emulate_media(media="print")
        assert set(page.evaluate(CONTAINMENT)) == {"visible"}
    finally:
        page.close()
