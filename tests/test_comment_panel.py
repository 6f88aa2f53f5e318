"""The review site's comment panel, in Chromium: select words, comment, edit, download, import.

The panel keeps comments in the browser only; its file is read by `reportgen.review.browser`.
The public edition carries no trace of it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, run_cli
from reportgen.review.browser import read_browser_comments
from test_reviewers import run_axe, _axe_report

CODE = "PER/17/51/USA"
PAYLOAD = '<img src=x onerror="window.__pwned=1">'


def _select_in_item(page, item_id: str, paragraph: int, length: int) -> str:
    """Select the first `length` characters of the item's `paragraph`-th plain paragraph."""
    return page.evaluate("""([id, n, length]) => {
        let el = document.getElementById(id), count = 0;
        while (el && count < n) { el = el.nextElementSibling; if (el.tagName === 'P' && !el.className) count++; }
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        const text = walker.nextNode();
        const range = document.createRange();
        range.setStart(text, 0); range.setEnd(text, Math.min(length, text.length));
        const s = getSelection(); s.removeAllRanges(); s.addRange(range);
        return s.toString();
    }""", [item_id, paragraph, length])


def _comment_on_selection(page, text: str) -> None:
    page.locator(".rg-cp-float").click()
    page.fill("#rg-cp-text", text)
    page.locator(".rg-cp-form button[type=submit]").click()


def _download(page, tmp_path: Path) -> Path:
    with page.expect_download() as download:
        page.locator(".rg-cp-download").click()
    target = tmp_path / download.value.suggested_filename
    download.value.save_as(target)
    return target


@pytest.fixture
def context_at(browser):
    contexts = []

    def make(width: int):
        context = browser.new_context(viewport={"width": width, "height": 900}, accept_downloads=True)
        contexts.append(context)
        return context.new_page()
    yield make
    for context in contexts:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 390])
def test_select_comment_edit_download_and_import(context_at, site_url, tmp_path, width):
    page = context_at(width)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(site_url + "recommendations/")
    quote = _select_in_item(page, "R1", 2, 60)
    _comment_on_selection(page, "Say which version of the MML was reviewed.")
    page.fill("#rg-cp-name", "Ana Pérez")
    page.fill("#rg-cp-org", "MIMP")
    page.locator("#rg-cp-org").dispatch_event("change")
    assert page.locator(".rg-cp-item").count() == 1
    assert page.locator(".rg-cp-item a").inner_text() == "Sobre R1 ¶2"
    # Edit it, then reload: the comment is kept by the browser.
    page.locator(".rg-cp-item button", has_text="Editar").click()
    page.fill("#rg-cp-text", "Say which version of the MML was reviewed. " + PAYLOAD)
    page.locator(".rg-cp-form button[type=submit]").click()
    page.reload()
    page.locator(".rg-cp-toggle").click()
    assert page.locator(".rg-cp-toggle").inner_text() == "Comentarios (1)"
    assert page.locator(".rg-cp-item img").count() == 0 and not page.evaluate("window.__pwned")
    if width < 600:  # a phone: the panel is as wide as the screen, nothing scrolls sideways
        assert page.evaluate("document.scrollingElement.scrollWidth") <= width
        box = page.locator("#rg-cp").bounding_box()
        assert box["width"] <= width and box["x"] >= 0
    shots = Path(os.environ.get("REVIEW_SHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=shots / f"comment-panel-{width}.png")
    [found] = read_browser_comments(_download(page, tmp_path), CODE)
    assert (found.target, found.paragraph, found.organisation, found.author) == ("R1", 2, "MIMP", "Ana Pérez")
    assert found.quote == " ".join(quote.split()) and found.text.endswith(PAYLOAD)
    assert errors == []


@pytest.mark.browser
def test_a_keyboard_user_comments_on_the_item_they_are_on(context_at, site_url, tmp_path):
    page = context_at(1280)
    page.goto(site_url + "en/conclusions/")
    item = page.locator(".rg-item[id]").nth(2)
    item_id = item.get_attribute("id")
    item.locator(".headerlink").focus()
    page.locator(".rg-cp-toggle").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "rg-cp-title"
    page.locator(".rg-cp-start").focus()
    page.keyboard.press("Enter")
    page.keyboard.type("The conclusion needs its evidence.")
    page.keyboard.press("Tab")  # to Save
    page.keyboard.press("Enter")
    assert page.locator(".rg-cp-item a").inner_text() == f"On {item_id}"
    page.keyboard.press("Escape")
    assert page.locator("#rg-cp").is_hidden()
    assert page.evaluate("document.activeElement.classList.contains('rg-cp-toggle')")
    page.locator(".rg-cp-toggle").click()
    page.fill("#rg-cp-org", "ILO EVAL")
    page.locator("#rg-cp-org").dispatch_event("change")
    [found] = read_browser_comments(_download(page, tmp_path), CODE)
    assert (found.target, found.quote, found.language) == (item_id, None, "en")


@pytest.mark.browser
@pytest.mark.parametrize("prefix", ["", "en/"])
def test_the_open_panel_passes_axe(context_at, site_url, prefix):
    page = context_at(1280)
    page.goto(site_url + prefix + "recommendations/")
    _select_in_item(page, "R2", 1, 40)
    _comment_on_selection(page, "A comment.")
    page.locator(".rg-cp-start").click()  # the form open beside the list
    violations = run_axe(page)
    assert not violations, _axe_report(page.url, violations)


def test_the_public_edition_carries_no_comment_panel(tmp_path):
    out = tmp_path / "site"
    result = run_cli("build", "--project", ROOT, "--content", FIXTURES / "sample", "--edition", "public",
                     "--no-downloads", "--out", out)
    assert result.returncode == 0, result.stderr
    assert not list(out.rglob("reportgen-comments*"))
    leaks = [str(p.relative_to(out)) for p in out.rglob("*") if p.is_file() and p.suffix in (".html", ".js", ".css")
             and any(s in p.read_text(encoding="utf-8", errors="replace") for s in ("rg-comment-config", "rg-cp-"))]
    assert leaks == []


def test_the_review_edition_names_its_evaluation_and_round_for_the_panel(built_site):
    html = (built_site / "en" / "recommendations" / "index.html").read_text(encoding="utf-8")
    start = html.index('id="rg-comment-config">') + len('id="rg-comment-config">')
    config = json.loads(html[start:html.index("</script>", start)])
    assert (config["evaluation"], config["round"], config["language"]) == (CODE, "final-draft", "en")
    assert config["texts"]["download"] == "Download my comments"
    assert (built_site / "en" / "assets" / "reportgen-comments.js").is_file()
