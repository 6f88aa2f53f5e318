"""Hosting anywhere (issue 25, item 3): the site works when published in a sub-folder.

The built site is served under /some/sub/ by a small server that, like most static hosts, answers
every miss with the site's root 404.html (status 404). Every link of every page must resolve there;
the 404 page, served at any depth, must load its styles, link into the site and speak the language
of the address (or of the browser when the address names none).
"""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import threading
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import pytest

from conftest import FIXTURES, ROOT, run_cli

MOUNT = "/some/sub/"


class _SubPathHandler(http.server.SimpleHTTPRequestHandler):
    """The site at MOUNT; anything else, and any miss, gets the root 404.html with status 404."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = urlsplit(self.path).path
        target = _target(Path(self.directory), path)
        if target is None:
            body = (Path(self.directory) / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            import io
            return io.BytesIO(body)
        if target.is_dir() and not path.endswith("/"):
            self.send_response(301)
            self.send_header("Location", path + "/")
            self.end_headers()
            return None
        self.path = "/" + target.relative_to(self.directory).as_posix()
        return super().send_head()


def _target(site: Path, url_path: str) -> Path | None:
    """The file a URL path names under MOUNT, or None (a miss)."""
    if not url_path.startswith(MOUNT):
        return None
    target = (site / unquote(url_path[len(MOUNT):])).resolve()
    if not target.is_relative_to(site.resolve()):
        return None
    if target.is_dir():
        return target if (target / "index.html").is_file() else None
    return target if target.is_file() else None


def serve_mounted(folder: Path):
    """A server of `folder` under MOUNT (started; shut it down): the host, like "http://127.0.0.1:PORT"."""
    handler = functools.partial(_SubPathHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture(scope="module")
def mounted(built_site):
    server, host = serve_mounted(built_site)
    yield host
    server.shutdown()


class _Refs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("href", "src"):
            if attrs.get(name) and not (tag == "link" and attrs.get("rel") in ("canonical", "alternate")):
                self.refs.append(attrs[name])


def _broken(site: Path, page_url: str, refs: list[str]) -> list[str]:
    broken = []
    for ref in refs:
        url = urljoin(page_url, ref)
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or parts.netloc != urlsplit(page_url).netloc:
            continue
        if _target(site, parts.path) is None:
            broken.append(f"{ref} -> {urldefrag(url)[0]}")
    return broken


def test_every_link_of_every_page_resolves_under_a_sub_path(built_site, mounted):
    broken = []
    for page in sorted(built_site.rglob("*.html")):
        rel = page.relative_to(built_site).as_posix()
        if page.name == "404.html":
            continue  # served at any address: checked in a browser below
        url = mounted + MOUNT + (rel[:-len("index.html")] if rel.endswith("index.html") else rel)
        parser = _Refs()
        parser.feed(page.read_text(encoding="utf-8"))
        broken += [f"{rel}: {b}" for b in _broken(built_site, url, parser.refs)]
    assert broken == [], "\n".join(broken[:30])


ELEMENTS = """() => [...document.querySelectorAll('a[href], link[href]:not([rel=canonical]):not([rel=alternate]),'
  + ' script[src], img[src]')].map(e => e.href || e.src)"""


@pytest.mark.browser
@pytest.mark.parametrize("miss, locale, lang", [
    ("no-such-page/", "es-PE", "es"),
    ("en/no/such/page/", "es-PE", "en"),
    ("findings/S99/deeper/", "es-PE", "es"),
    ("no-such-page", "en-GB", "en"),
    ("en/404.html", "es-PE", "en"),
])
def test_the_404_page_works_at_any_depth_of_a_sub_path(browser, built_site, mounted, miss, locale, lang):
    context = browser.new_context(locale=locale)
    page = context.new_page()
    try:
        response = page.goto(mounted + MOUNT + miss)
        page.wait_for_load_state("load")
        assert response.status == 404 or miss.endswith("404.html")
        assert page.evaluate("document.documentElement.lang") == lang
        # Styled: Material's stylesheet loaded (its header is fixed-position).
        assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
        links = page.evaluate(ELEMENTS)
        broken = [u for u in links if urlsplit(u).netloc == urlsplit(mounted).netloc
                  and _target(built_site, urlsplit(u).path) is None]
        assert broken == []
        home = page.locator("a.md-button--primary").evaluate("a => a.href")
        assert home == mounted + MOUNT + ("" if lang == "es" else "en/")
        assert any(u == mounted + MOUNT + ("en/" if lang == "es" else "") for u in links)  # the other language
    finally:
        context.close()


@pytest.fixture(scope="module")
def site_with_url(tmp_path_factory) -> Path:
    """The sample, with a site_url in reportgen.yml: its 404 pages still work in another folder."""
    project = tmp_path_factory.mktemp("with-url")
    shutil.copytree(FIXTURES / "sample", project / "content")
    (project / "reportgen.yml").write_text("languages: [es, en]\nsite_url: https://example.org/evaluations/xyz/\n",
                                          encoding="utf-8")
    out = project / "site"
    result = run_cli("build", "--project", project, "--no-downloads", "--out", out, cwd=project)
    assert result.returncode == 0, result.stderr
    return out


def test_with_a_site_url_links_stay_relative(site_with_url):
    for page in ("index.html", "en/index.html", "404.html", "en/404.html", "recommendations/index.html"):
        html = (site_with_url / page).read_text(encoding="utf-8")
        parser = _Refs()
        parser.feed(html)
        absolute = [r for r in parser.refs if r.startswith("/") or "example.org" in r]
        assert absolute == [], (page, absolute)
    home = (site_with_url / "en/index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://example.org/evaluations/xyz/en/">' in home
    assert re.search(r'fixed="/evaluations/xyz/"', (site_with_url / "en/404.html").read_text(encoding="utf-8"))
