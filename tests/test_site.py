"""The built bundled evaluation: both languages, anchors, links, offline, search, switch.

Uses a real `reportgen build` (session fixture) and Debian's Chromium.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlparse

import pytest

ITEM_ANCHORS = {
    "recommendations/index.html": [f"R{i}" for i in range(1, 10)],
    "conclusions/index.html": [f"C{i}" for i in range(1, 22)],
    "lessons/index.html": ["LA1", "LA2"],
    "good-practices/index.html": ["BP1", "BP2", "BP3", "BP4"],
    "findings/S12/index.html": ["H38", "H39", "H40"],
    "criteria/efficiency/index.html": ["PE7", "PE8"],
    "criteria/effectiveness/index.html": ["PE13", "SPE13.1", "SPE13.2", "SPE13.3", "PE14", "PE15"],
}


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.sources: list[str] = []
        self.lang: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        for name in ("src",):
            if attrs.get(name):
                self.sources.append(attrs[name])
        if tag == "link" and attrs.get("href"):
            self.sources.append(attrs["href"])


def parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_both_languages_have_the_same_pages(built_site):
    es = {p.relative_to(built_site).as_posix() for p in html_pages(built_site) if not p.is_relative_to(built_site / "en")}
    en = {p.relative_to(built_site / "en").as_posix() for p in html_pages(built_site / "en")}
    assert es == en
    assert len(es) >= 38  # home, 9 criteria, 22 sections, 6 chapter pages, 404
    assert "404.html" in es


@pytest.mark.parametrize("lang,prefix", [("es", ""), ("en", "en/")])
def test_html_lang_and_item_anchors(built_site, lang, prefix):
    for page in html_pages(built_site / prefix if prefix else built_site):
        if not prefix and page.is_relative_to(built_site / "en"):
            continue
        assert parse(page).lang == lang, page
    for page, anchors in ITEM_ANCHORS.items():
        ids = parse(built_site / prefix / page).ids
        missing = [a for a in anchors if a not in ids]
        assert not missing, f"{prefix}{page} lacks anchors {missing}"


def test_every_internal_link_and_anchor_resolves(built_site):
    parsed = {page: parse(page) for page in html_pages(built_site)}
    broken = []
    for page, info in parsed.items():
        for href in info.links:
            url = urlparse(href)
            if url.scheme or href.startswith("//") or href.startswith("mailto:"):
                continue
            path, fragment = urldefrag(href)
            if page.name == "404.html":  # the 404 pages link from the site root (their <base>, site.relative_404)
                target = (built_site / unquote(path)).resolve() if path else page
            else:
                target = (page.parent / unquote(path)).resolve() if path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.relative_to(built_site)} -> {href}")
                continue
            if fragment and target.suffix == ".html" and unquote(fragment) not in parsed[target].ids:
                broken.append(f"{page.relative_to(built_site)} -> {href} (no such anchor)")
    assert not broken, "\n".join(broken[:30])


def test_no_page_loads_anything_from_outside(built_site):
    for page in html_pages(built_site):
        for source in parse(page).sources:
            assert not re.match(r"^(https?:)?//", source), f"{page}: external resource {source}"


def test_search_index_per_language(built_site):
    es = json.loads((built_site / "search/search_index.json").read_text(encoding="utf-8"))
    en = json.loads((built_site / "en/search/search_index.json").read_text(encoding="utf-8"))
    assert es["config"]["lang"] == ["es"] and en["config"]["lang"] == ["en"]
    es_text = " ".join(d["title"] + " " + d["text"] for d in es["docs"])
    en_text = " ".join(d["title"] + " " + d["text"] for d in en["docs"])
    # A sentence of a Spanish-only narrative is searchable in Spanish, not in English.
    spanish = "presupuesto detallado a nivel de actividades"
    assert spanish in es_text and spanish not in en_text
    assert "Key findings" in en_text and "Key findings" not in es_text
    assert "Hallazgos clave" in es_text and "Hallazgos clave" not in en_text


def _search(page, url: str, query: str) -> list[str]:
    page.goto(url)
    page.fill("input.md-search__input", query)
    page.wait_for_function(
        "() => document.querySelector('.md-search-result__meta') && "
        "!/Initializing|Inicializando|Escriba|Type to/.test(document.querySelector('.md-search-result__meta').textContent)",
        timeout=15000)
    page.wait_for_timeout(200)
    return page.eval_on_selector_all(".md-search-result__item a", "els => els.map(e => e.getAttribute('href'))")


@pytest.mark.browser
@pytest.mark.parametrize("query,expected", [
    ("R3", "recommendations/?h=r3#R3"), ("C12", "conclusions/?h=c12#C12"), ("H40", "findings/S12/?h=h40#H40"),
    ("PE7", "criteria/efficiency/?h=pe7#PE7"), ("SPE13.1", "criteria/effectiveness/?h=spe13.1#SPE13.1")])
def test_search_finds_items_by_id(page, site_url, query, expected):
    for prefix in ("", "en/"):
        results = _search(page, site_url + prefix, query)
        assert any(r.endswith(expected) for r in results[:3]), (prefix, query, results[:5])


@pytest.mark.browser
def test_spanish_search_ignores_accents(page, site_url):
    def pages(results):  # the result links carry the words as typed (?h=, highlighted on arrival)
        return [re.sub(r"\?h=[^#]*", "", url) for url in results]
    with_accent = _search(page, site_url, "rotación")
    without = _search(page, site_url, "rotacion")
    assert with_accent and pages(with_accent) == pages(without)
    assert set(pages(_search(page, site_url, "evaluacion"))) == set(pages(_search(page, site_url, "evaluación")))


@pytest.mark.browser
def test_spanish_query_returns_spanish_pages_only(page, site_url):
    results = _search(page, site_url, "recomendaciones")
    assert results
    absolute = page.eval_on_selector_all(".md-search-result__item a", "els => els.map(e => e.href)")
    assert all(not url.startswith(site_url + "en/") for url in absolute)
    # A phrase of the Spanish narrative of S7 (content/findings/S07.es.md; the English file says it in
    # English): the Spanish site finds its page, the English site finds nothing.
    phrase = "presupuesto detallado"
    assert any("/findings/S7/" in url for url in _search(page, site_url, phrase))
    assert _search(page, site_url + "en/", phrase) == []
    english = _search(page, site_url + "en/", "recommendations")
    assert english
    absolute = page.eval_on_selector_all(".md-search-result__item a", "els => els.map(e => e.href)")
    assert all(url.startswith(site_url + "en/") for url in absolute)


def _switch(page, lang: str) -> None:
    """Open the language menu and pick a language, as a reader does."""
    page.hover(".md-header__option .md-select")
    with page.expect_navigation():
        page.click(f'a.md-select__link[hreflang="{lang}"]')


@pytest.mark.browser
@pytest.mark.parametrize("path", ["", "recommendations/", "findings/S7/", "criteria/efficiency/", "glossary/"])
def test_language_switch_lands_on_same_page(page, site_url, path):
    page.goto(site_url + path)
    english = page.get_attribute('a.md-select__link[hreflang="en"]', "href")
    _switch(page, "en")
    assert page.url == site_url + "en/" + path, english
    assert page.evaluate("document.documentElement.lang") == "en"
    _switch(page, "es")
    assert page.url == site_url + path


@pytest.mark.browser
def test_language_switch_keeps_the_anchor(page, site_url):
    page.goto(site_url + "recommendations/#R4")
    _switch(page, "en")
    assert page.url == site_url + "en/recommendations/#R4"


@pytest.mark.browser
def test_site_makes_no_request_outside_the_site(browser, site_url):
    context = browser.new_context()
    outside = []
    context.on("request", lambda r: None if r.url.startswith(site_url) else outside.append(r.url))
    page = context.new_page()
    for path in ("", "en/", "recommendations/", "en/findings/S7/", "annexes/"):
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
    context.close()
    assert outside == []


@pytest.mark.browser
def test_404_page_in_each_language(page, site_url):
    response = page.goto(site_url + "no-such-page/")
    assert response.status == 404
    page.goto(site_url + "404.html")
    assert page.evaluate("document.documentElement.lang") == "es"
    page.goto(site_url + "en/404.html")
    assert page.evaluate("document.documentElement.lang") == "en"
