"""No layout shift (issue 25, item 6): what the theme's script adds or reveals (the filter forms, the sort
buttons, the wide-table bars) is in the page from the start, so nothing moves when it runs.

The cumulative layout shift of a page load (PerformanceObserver 'layout-shift', shifts without recent
input) must stay within 0.02 on the explorer, the recommendations and the comments log, on a desktop and a
phone; an empty filter result says so.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

# Shifts are reported after they happen: the page is given a moment after its load to report them.
CLS = """() => new Promise(resolve => {
  let cls = 0; const sources = [];
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) {
      cls += entry.value;
      sources.push(entry.sources.map(s => s.node ? (s.node.className || s.node.nodeName) : "?").join("|"));
    }
  }).observe({type: "layout-shift", buffered: true});
  setTimeout(() => resolve({cls, sources}), 800);
})"""


@pytest.mark.parametrize("width", (1280, 390))
def test_the_filter_pages_do_not_move_while_loading(browser, site_url, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    shifts = {}
    try:
        for path in ("explorer/", "en/explorer/", "recommendations/", "en/recommendations/", "comments/"):
            page = context.new_page()
            # A slow device (the CPU six times slower): the scripts run after the first paint, as under load.
            context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": 6})
            page.goto(site_url + path, wait_until="networkidle")
            result = page.evaluate(CLS)
            if result["cls"] > 0.02:
                shifts[path] = result
            page.close()
    finally:
        context.close()
    assert shifts == {}



def test_a_footer_that_grows_moves_nothing(browser, site_url):
    """The main area's height does not depend on the footer's: a footer still being parsed (its citation
    arrives last on a slow device) moves nothing as it grows. Material grew the main area to fill a
    short page, and the footer's top moved up as its text came in (a shift of 0.034 on the comments log
    under load). On a desk the main area keeps the window's height (the sidebars' room); on a phone it
    ends with its content, and the footer fills the window below it."""
    for width, height in ((1280, 1400), (390, 2400)):
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        try:
            page.goto(site_url + "comments/", wait_until="load")
            top = page.locator(".md-footer").bounding_box()["y"]
            page.evaluate("""() => { const more = document.createElement('div'); more.style.height = '300px';
                                     document.querySelector('.md-footer-meta').append(more); }""")
            assert page.locator(".md-footer").bounding_box()["y"] == pytest.approx(top, abs=1)
            main = page.locator(".md-main").bounding_box()
            if width >= 960:
                assert main["height"] >= height - 48 - 1
            else:
                content = page.locator(".md-main__inner").bounding_box()
                assert main["y"] + main["height"] == pytest.approx(content["y"] + content["height"], abs=30)
                footer = page.locator(".md-footer").bounding_box()
                assert footer["y"] + footer["height"] >= height - 1   # (the footer fills the window's rest)
        finally:
            context.close()


def test_without_script_the_filters_are_in_place_and_inert(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(site_url + "explorer/")
        form = page.locator("form.rg-filters")
        assert form.is_visible()
        assert page.locator("form.rg-filters select").first.is_disabled()
        assert page.locator("th button.rg-sort").first.is_disabled()
    finally:
        context.close()


def test_an_empty_filter_result_says_so(page, site_url):
    page.goto(site_url + "en/explorer/", wait_until="load")
    assert page.locator("form.rg-filters select").first.is_enabled()
    facets = page.eval_on_selector_all("select[data-facet]", "ss => ss.map(s => s.getAttribute('data-facet'))")
    rows = page.locator("table[data-rg-explorer] tbody tr")
    # Pick values in two facets until nothing is left.
    for first in page.eval_on_selector_all(f'select[data-facet="{facets[0]}"] option', "os => os.map(o => o.value)")[1:]:
        page.select_option(f'select[data-facet="{facets[0]}"]', first)
        for second in page.eval_on_selector_all(f'select[data-facet="{facets[1]}"] option', "os => os.map(o => o.value)")[1:]:
            page.select_option(f'select[data-facet="{facets[1]}"]', second)
            if not any(rows.nth(i).is_visible() for i in range(rows.count())):
                output = page.locator(".rg-filter-count")
                assert output.text_content() == output.get_attribute("data-empty") != ""
                assert output.is_visible()
                return
    pytest.skip("every combination of two filters matches a recommendation")
