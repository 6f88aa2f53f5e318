"""site_url in reportgen.yml: canonical links, absolute hreflang alternates and a sitemap that lists every page."""

from __future__ import annotations

import re
import shutil

import pytest

from conftest import FIXTURES, run_cli

SITE_URL = "https://example.org/evaluations/sample/"


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    root = tmp_path_factory.mktemp("site-url")
    shutil.copytree(FIXTURES / "sample", root / "content")
    (root / "reportgen.yml").write_text(f"languages: [es, en]\nsite_url: {SITE_URL}\n", encoding="utf-8")
    result = run_cli("build", "--project", root, "--out", root / "site", "--no-downloads", "--edition", "public")
    assert result.returncode == 0, result.stderr
    return root / "site"


def test_pages_name_their_canonical_address_and_their_translations_absolutely(published):
    page = (published / "recommendations" / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{SITE_URL}recommendations/">' in page
    alternates = dict(re.findall(r'<link rel="alternate" href="([^"]+)" hreflang="([a-z]+)">', page))
    assert alternates == {f"{SITE_URL}recommendations/": "es", f"{SITE_URL}en/recommendations/": "en"}
    english = (published / "en" / "recommendations" / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{SITE_URL}en/recommendations/">' in english


def test_the_sitemap_lists_every_page_with_its_address(published):
    for prefix in ("", "en/"):
        locations = re.findall(r"<loc>([^<]+)</loc>", (published / prefix / "sitemap.xml").read_text(encoding="utf-8"))
        assert f"{SITE_URL}{prefix}recommendations/" in locations
        assert len(locations) > 15 and all(loc.startswith(SITE_URL + prefix) for loc in locations)
