"""Reviewers' tools in Chromium: the comments log's filters, the explorer's filters in the
address, one value per explorer cell, and search results that open with the words highlighted."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest

pytestmark = pytest.mark.browser

VISIBLE_ROWS = "sel => Array.from(document.querySelectorAll(sel + ' tbody tr')).filter(r => !r.hidden).map(r => r.id)"


def test_comments_log_filters_by_organisation_status_and_item(page, site_url):
    page.goto(site_url + "comments/", wait_until="load")
    form = page.locator("form.rg-filters")
    assert form.is_visible()
    everything = page.evaluate(VISIBLE_ROWS, "#rg-comments")
    assert everything
    row = page.locator("#rg-comments tbody tr").first
    organisation, status, item = (row.get_attribute(f"data-{name}") for name in ("organisation", "status", "item"))
    # The item filter and the table name targets for people ("Anexos"), never a raw key.
    labels = page.eval_on_selector_all('select[data-facet="item"] option', "os => os.map(o => o.textContent)")
    assert "annexes" not in labels and "page:annexes" not in labels
    assert row.locator("td").nth(2).locator("a").count() == 1  # each target is a link
    for facet, value in (("organisation", organisation), ("status", status), ("item", item)):
        page.select_option(f'select[data-facet="{facet}"]', value)
        assert page.evaluate(VISIBLE_ROWS, "#rg-comments") == everything
    other_status = next(v for v in page.eval_on_selector_all('select[data-facet="status"] option', "os => os.map(o => o.value)")
                        if v and v != status)
    page.select_option('select[data-facet="status"]', other_status)
    assert page.evaluate(VISIBLE_ROWS, "#rg-comments") == []
    # An empty result says so (issue 25).
    assert page.locator(".rg-filter-count").text_content() == page.locator(".rg-filter-count").get_attribute("data-empty")
    query = parse_qs(urlparse(page.url).query)
    assert query == {"organisation": [organisation], "status": [other_status], "item": [item]}


def test_explorer_filters_live_in_the_address(page, site_url):
    page.goto(site_url + "en/explorer/", wait_until="load")
    total = len(page.evaluate(VISIBLE_ROWS, "table[data-rg-explorer]"))
    page.select_option('select[data-facet="priority"]', "high")
    shown = page.evaluate(VISIBLE_ROWS, "table[data-rg-explorer]")
    assert 0 < len(shown) < total
    assert parse_qs(urlparse(page.url).query) == {"priority": ["high"]}
    # Someone opening the sent address sees the same view.
    page.goto(page.url, wait_until="load")
    assert page.locator('select[data-facet="priority"]').input_value() == "high"
    assert page.evaluate(VISIBLE_ROWS, "table[data-rg-explorer]") == shown


def test_explorer_cells_hold_one_value(page, site_url):
    """The original wording is shown under a normalised value only when it says more."""
    for prefix in ("", "en/"):
        page.goto(site_url + prefix + "explorer/", wait_until="load")
        pairs = page.eval_on_selector_all(
            "table[data-rg-explorer] td:has(small)",
            "cells => cells.map(c => [Array.from(c.querySelectorAll('a')).map(a => a.textContent).join(' '),"
            " c.querySelector('small').textContent])")
        def words(text):
            return set(re.findall(r"\w+", text.lower()))
        repeated = [(value, wording) for value, wording in pairs if words(wording) <= words(value)]
        assert not repeated, repeated


def test_search_results_open_with_the_words_highlighted(page, site_url):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(site_url, wait_until="networkidle")
    # The search index (the heaviest download) waits until the reader turns to the search.
    assert not [url for url in requested if "search_index" in url]
    page.fill("input.md-search__input", "rotacion")
    page.wait_for_function("() => document.querySelectorAll('.md-search-result__item a').length > 0", timeout=15000)
    page.wait_for_timeout(200)
    links = page.eval_on_selector_all(".md-search-result__item a", "els => els.map(e => e.href)")
    assert links and all(parse_qs(urlparse(link).query).get("h") == ["rotacion"] for link in links), links[:3]
    page.goto(links[0], wait_until="networkidle")
    page.wait_for_function("() => document.querySelectorAll('article mark').length > 0", timeout=15000)
