"""Every page of the bundled site fits a phone (390 px) and a desktop (1280 px).

A page may not be wider than the window, and a table may not spill out of the
text column: a table wider than its column must scroll inside its own box, and at
a desktop width that box says so (a visible bar with a hint, an "expand" button).
"""

from __future__ import annotations

import pytest

WIDTHS = (390, 1280)

# Returns the problems of the loaded page, as sentences. A table's "box" is the nearest
# ancestor that scrolls sideways (reportgen's .rg-scroll, Material's scroll wrapper), else the
# table itself; the box must stay inside the content column (.md-content, whose padding
# Material's own wrapper uses on purpose).
LAYOUT_PROBLEMS = """() => {
  const problems = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > doc.clientWidth + 1)
    problems.push(`the page is ${doc.scrollWidth}px wide in a ${doc.clientWidth}px window`);
  const column = document.querySelector(".md-content");
  if (!column) return problems;
  const limit = column.getBoundingClientRect();
  const scrolls = el => ["auto", "scroll"].includes(getComputedStyle(el).overflowX);
  document.querySelectorAll(".md-content table").forEach((table, index) => {
    let box = table;
    for (let el = table.parentElement; el && el !== column; el = el.parentElement)
      if (scrolls(el)) { box = el; break; }
    const r = box.getBoundingClientRect();
    if (r.width === 0) return;  // inside a closed <details>
    if (r.left < limit.left - 1 || r.right > limit.right + 1) {
      const where = table.closest("[id]");
      problems.push(`table ${index + 1} (${table.className || "Markdown table"}${where ? " in #" + where.id : ""}) `
        + `spans ${Math.round(r.left)}-${Math.round(r.right)}px, the column ${Math.round(limit.left)}-${Math.round(limit.right)}px`);
    }
  });
  return problems;
}"""


# At a desktop width, a box that scrolls sideways must say so (issue 25): it is one of reportgen's regions
# (keyboard-reachable, named), preceded by its bar made visible with the hint, and its header cells name
# something.
WIDE_WITHOUT_CUE = """() => {
  const problems = [];
  const visible = el => el && getComputedStyle(el).visibility === "visible" && el.offsetHeight > 0;
  document.querySelectorAll(".md-content *").forEach(el => {
    if (!["auto", "scroll"].includes(getComputedStyle(el).overflowX) || el.scrollWidth <= el.clientWidth + 1) return;
    if (el.closest("details:not([open])") || el.classList.contains("rg-scroll-top")) return;
    const name = el.id || el.className || el.tagName;
    const bar = el.previousElementSibling;
    if (!el.classList.contains("rg-scroll")) problems.push(`${name}: scrolls sideways outside a reportgen region`);
    else if (!bar || !bar.classList.contains("rg-scroll-bar") || !visible(bar) || !visible(bar.querySelector(".rg-scroll-hint")))
      problems.push(`${name}: ${el.scrollWidth}px in a ${el.clientWidth}px box without a visible cue`);
    else if (el.getAttribute("tabindex") !== "0" || el.getAttribute("role") !== "region" || !el.getAttribute("aria-label"))
      problems.push(`${name}: not a named, keyboard-reachable region`);
  });
  document.querySelectorAll(".md-content thead th").forEach(th => {
    if (!th.textContent.trim()) problems.push("an empty header cell");
  });
  return problems;
}"""


# The one-page edition lays a chapter out only near the window (content-visibility, reportgen.css), and
# its wide tables say so when they are laid out: a reader's scroll through the page lays out every one.
SCROLL_THROUGH = """async () => {
  const frames = () => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
  for (const block of document.querySelectorAll(".rg-chapter, .rg-chapter ~ .footnote")) {
    block.scrollIntoView();
    await frames();
  }
  window.scrollTo(0, 0);
  await frames();
}"""


def site_pages(site) -> list[str]:
    """Every HTML page of the built site, as a URL path."""
    return sorted(p.relative_to(site).as_posix().removesuffix("index.html") for p in site.rglob("*.html"))


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_is_wider_than_the_window(browser, built_site, site_url, width):
    pages = site_pages(built_site)
    assert len(pages) > 100, pages  # both languages, every kind of page
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    failures = {}
    try:
        for path in pages:
            page.goto(site_url + path, wait_until="load")
            page.evaluate(SCROLL_THROUGH)
            problems = page.evaluate(LAYOUT_PROBLEMS) + (page.evaluate(WIDE_WITHOUT_CUE) if width == 1280 else [])
            if problems:
                failures[path] = problems
    finally:
        context.close()
    assert not failures, f"{len(failures)} of {len(pages)} pages overflow at {width}px: {failures}"


@pytest.mark.browser
def test_matrix_keeps_its_first_column_on_a_phone(browser, site_url):
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    try:
        page.goto(site_url + "matrix/", wait_until="load")
        box = page.locator(".rg-scroll:has(table.rg-matrix)")
        assert box.evaluate("el => el.scrollWidth > el.clientWidth"), "the matrix should scroll on a phone"
        first = page.locator("table.rg-matrix tbody th[scope=rowgroup]").first
        before = first.bounding_box()["x"]
        box.evaluate("el => { el.scrollLeft = 200; }")
        assert abs(first.bounding_box()["x"] - before) < 1, "the criterion column scrolled away"
        assert box.get_attribute("role") == "region" and box.get_attribute("aria-label")
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("path", ["recommendations/#R4", "good-practices/#BP2", "en/conclusions/#C5",
                                  "findings/S3/#H8"])
def test_an_anchor_lands_under_the_header_and_the_contents_follow(browser, site_url, path):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        page.goto(site_url + path, wait_until="networkidle")
        page.wait_for_timeout(300)  # Material marks the current heading after a scroll frame
        where = page.evaluate("""() => {
          const target = document.getElementById(location.hash.slice(1));
          const active = document.querySelector('.md-nav--secondary .md-nav__link--active');
          return {top: target.getBoundingClientRect().top,
                  header: document.querySelector('.md-header').getBoundingClientRect().bottom,
                  active: active && active.getAttribute('href')};
        }""")
    finally:
        context.close()
    anchor = "#" + path.split("#")[1]
    assert where["header"] <= where["top"] <= where["header"] + 40, where
    assert where["active"] == anchor, where


# Anchors of the one-page edition, from its first chapter to the notes at its end: chapters' first
# headings (the page's own contents) and items deep inside. Each must land under the header although the
# chapters above it were not laid out before the jump (content-visibility, reportgen.css).
PRINT_ANCHORS = ["glossary", "section-S4", "criterion-management", "R4", "recommendations", "annexes", "fn:102"]


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
def test_the_one_page_edition_lands_on_its_anchors(browser, site_url, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    where = """id => ({top: document.getElementById(id).getBoundingClientRect().top,
                       header: document.querySelector('.md-header').getBoundingClientRect().bottom,
                       skipped: [...document.querySelectorAll('.rg-chapter')]
                         .filter(c => !c.lastElementChild.checkVisibility({contentVisibilityAuto: true})).length})"""
    missed = {}
    try:
        for anchor in PRINT_ANCHORS:
            # a fresh page each time: no chapter laid out yet but those near the window
            page = context.new_page()
            page.goto(site_url + "print/", wait_until="load")
            assert page.evaluate(where, "print-title")["skipped"] > 10, "the chapters away from the window are laid out"
            page.click(f".md-typeset a[href='#{anchor}']")   # a link in the page (the contents, a note's number)
            page.wait_for_timeout(500)
            clicked = page.evaluate(where, anchor)
            page.close()
            page = context.new_page()
            page.goto(site_url + "print/#" + anchor, wait_until="load")   # from another page or the address bar
            page.wait_for_timeout(500)
            opened = page.evaluate(where, anchor)
            page.close()
            for how, at in (("opened", opened), ("clicked", clicked)):
                if not at["header"] <= at["top"] <= at["header"] + 40:
                    missed[f"{anchor} ({how})"] = at
    finally:
        context.close()
    assert not missed, missed
