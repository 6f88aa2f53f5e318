"""A link checker for built portals: every relative link and anchor of every page resolves."""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

LINK_ATTRIBUTES = {("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("source", "src"),
                   ("iframe", "src"), ("form", "action")}


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("id", "name") and value is not None and (name == "id" or tag == "a"):
                self.ids.add(value)
            if (tag, name) in LINK_ATTRIBUTES and value is not None:
                self.links.append(value)


def page_links(path: Path, cache: dict) -> _Page:
    """The links (.links) and the ids (.ids) of an HTML page, parsed once per `cache`."""
    if path not in cache:
        page = _Page()
        page.feed(path.read_text(encoding="utf-8", errors="replace"))
        cache[path] = page
    return cache[path]


def _target_file(site: Path, page: Path, url: str) -> Path | None:
    """The file a relative URL of `page` names (a folder's index.html), or None when outside the site."""
    base = posixpath.dirname(page.relative_to(site).as_posix())
    joined = posixpath.normpath(posixpath.join(base, unquote(url))) if url else page.relative_to(site).as_posix()
    if joined.startswith(".."):
        return None
    target = site / joined
    if url.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target


def broken_links(site: Path, pages: list[Path] | None = None) -> list[str]:
    """Every relative link (and its anchor) of the HTML pages of `site` that does not resolve, as
    "page: link (why)". Absolute and root-absolute URLs are not this checker's (the page is hosted
    under any folder); 404 pages are left out (hosts serve them at any depth)."""
    cache: dict[Path, _Page] = {}
    broken = []
    for page in pages if pages is not None else sorted(site.rglob("*.html")):
        if page.name == "404.html":
            continue
        for link in page_links(page, cache).links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith("/") or link.startswith("data:"):
                continue
            target = _target_file(site, page, parts.path)
            where = f"{page.relative_to(site)}: {link}"
            if target is None:
                broken.append(f"{where} (outside the site)")
            elif not target.is_file():
                broken.append(f"{where} (no {target.relative_to(site)})")
            elif parts.fragment and target.suffix == ".html" and \
                    unquote(parts.fragment) not in page_links(target, cache).ids:
                broken.append(f"{where} (no id {parts.fragment!r} on {target.relative_to(site)})")
    return broken
