"""The portal published in a sub-folder (issue 25, item 3): every link and anchor of every page resolves.

The session's portal (tests/conftest.py: three evaluations, the portal in es, en and fr) is served under
/some/sub/ by tests/test_hosting.py's server, which, like most static hosts, answers every miss with the
root 404.html (status 404). Every link of every page (the portal's and the evaluations' sites inside it)
must reach a file there, and its anchor an element of that page. The 404 pages, served at any depth, must
load their styles, link into the portal, speak the language of the address (or of the browser) and send
an address inside an evaluation's site to that site's own 404 page.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from portal_support.links import page_links
from test_hosting import MOUNT, _target, serve_mounted


@pytest.fixture(scope="module")
def portal_site(built_portal) -> Path:
    return built_portal / "site"


@pytest.fixture(scope="module")
def mounted(portal_site):
    server, host = serve_mounted(portal_site)
    yield host
    server.shutdown()


def _unresolved(site: Path, page_url: str, links: list[str], host: str, cache: dict) -> list[str]:
    """The links of a page at `page_url` that reach no file under MOUNT, or no element with their anchor."""
    broken = []
    for link in links:
        parts = urlsplit(urljoin(page_url, link))
        if parts.scheme not in ("http", "https") or parts.netloc != host:
            continue  # another site (or mailto:, data:)
        target = _target(site, parts.path)
        if target is None:
            broken.append(link)
            continue
        target = target / "index.html" if target.is_dir() else target
        if parts.fragment and target.suffix == ".html" and \
                unquote(parts.fragment) not in page_links(target, cache).ids:
            broken.append(f"{link} (no id {parts.fragment!r})")
    return broken


def test_every_link_and_anchor_of_every_page_resolves_under_a_sub_path(portal_site):
    host = "portal.example"
    pages = sorted(portal_site.rglob("*.html"))
    assert len(pages) > 300 and (portal_site / "404.html").is_file()
    cache: dict = {}
    broken, checked = [], 0
    for page in pages:
        rel = page.relative_to(portal_site).as_posix()
        if page.name == "404.html":
            continue  # served at any address: their links are relative to the root they find (below)
        url = f"http://{host}{MOUNT}" + (rel[:-len("index.html")] if rel.endswith("index.html") else rel)
        links = page_links(page, cache).links
        checked += len(links)
        broken += [f"{rel}: {b}" for b in _unresolved(portal_site, url, links, host, cache)]
    assert checked > 20000
    assert broken == [], "\n".join(broken[:30])


ELEMENTS = """() => [...document.querySelectorAll('a[href], link[href]:not([rel=canonical]):not([rel=alternate]),'
  + ' script[src], img[src], form[action]')].map(e => e.href || e.src || e.action)"""


def _check_links_in_browser(page, site: Path, mounted: str) -> None:
    """Every link, stylesheet, script and form of the open page reaches a file (and its anchor) under MOUNT."""
    host = urlsplit(mounted).netloc
    urls = page.evaluate(ELEMENTS)
    assert urls
    here = urlsplit(page.url).path  # a 404 page's own anchors (the skip link) are on the missing address
    broken = _unresolved(site, page.url, [u for u in urls if urlsplit(u).path != here], host, {})
    # An anchor of the page itself (the skip link) stays on it, whatever the page's <base>.
    broken += page.evaluate("""() => [...document.querySelectorAll('a[href^="#"]')]
        .filter(a => a.pathname !== location.pathname).map(a => a.getAttribute('href') + ' -> ' + a.href)""")
    assert broken == [], (page.url, broken)


@pytest.mark.browser
@pytest.mark.parametrize("miss, locale, lang", [
    ("no-such-page", "es-PE", "es"),
    ("no-such-page/", "en-GB", "en"),
    ("nothing", "fr-FR", "fr"),
    ("en/no/such/page/", "es-PE", "en"),
    ("fr/recommendations/priority/nope/", "en-GB", "fr"),
    ("es/404.html", "en-GB", "es"),
    ("404.html", "fr-FR", "es"),
])
def test_the_portal_404_page_works_at_any_depth(browser, portal_site, mounted, miss, locale, lang):
    context = browser.new_context(locale=locale)
    page = context.new_page()
    try:
        response = page.goto(mounted + MOUNT + miss)
        assert response.status == 404 or miss.endswith("404.html")
        # The root 404.html is the first language's (es); another language's 404 page is its own.
        page.wait_for_url(mounted + MOUNT + (miss if miss.endswith("404.html") or lang == "es"
                                             else f"{lang}/404.html"))
        page.wait_for_load_state("load")
        assert page.evaluate("document.documentElement.lang") == lang
        # Styled: the portal's stylesheet loaded (its header is a coloured bar).
        assert page.evaluate("getComputedStyle(document.querySelector('header.top')).backgroundColor") \
            not in ("rgba(0, 0, 0, 0)", "transparent")
        _check_links_in_browser(page, portal_site, mounted)
        home = page.locator("main a.button").evaluate("a => a.href")
        assert home == f"{mounted}{MOUNT}{lang}/index.html"
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("miss, lang", [
    ("e/per-17-51-usa/no/such/page/", "es"),
    ("e/per-17-51-usa/en/criteria/nope/", "en"),
    ("e/test-mte-01/fr/nope", "fr"),
    ("e/test-mte-01/nope/", "en"),  # the mid-term evaluation's first language
])
def test_a_miss_inside_an_evaluation_gets_that_evaluation_s_404_page(browser, portal_site, mounted, miss, lang):
    context = browser.new_context(locale="es-PE")
    page = context.new_page()
    try:
        slug = miss.split("/")[1]
        response = page.goto(mounted + MOUNT + miss)
        assert response.status == 404
        page.wait_for_url(f"**{MOUNT}e/{slug}/**404.html")
        page.wait_for_load_state("load")
        assert page.evaluate("document.documentElement.lang") == lang
        assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
        _check_links_in_browser(page, portal_site, mounted)
        home = page.locator("a.md-button--primary").evaluate("a => a.href")
        evaluation = portal_site / "e" / slug
        first = not (evaluation / lang / "index.html").is_file()
        assert home == f"{mounted}{MOUNT}e/{slug}/" + ("" if first else f"{lang}/")
    finally:
        context.close()
