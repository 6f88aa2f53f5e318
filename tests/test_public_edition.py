"""The public edition holds nothing for reviewers (issue 25, item 5).

Every interface text the review edition alone prints (`i18n.REVIEW_ONLY`: the reviewers' menu section, the
matrix's gap markers, the comments, the draft marks) is looked for in every page of the bundled evaluation's
public site, in each language's own words.
"""

from __future__ import annotations

import html
import re

import pytest

from reportgen.i18n import Catalogs, review_only_texts

TAG = re.compile(r"<[^>]+>")


def _text(path) -> str:
    """A page's words as a reader (or a search engine) meets them: text and attribute values."""
    raw = path.read_text(encoding="utf-8")
    attributes = " ".join(html.unescape(v) for v in re.findall(r'(?:title|aria-label|content|alt)="([^"]*)"', raw))
    return html.unescape(TAG.sub(" ", raw)) + " " + attributes


@pytest.mark.parametrize("lang, prefix", [("es", ""), ("en", "en/")])
def test_no_review_only_text_on_any_public_page(public_built_site, lang, prefix):
    texts = review_only_texts(Catalogs().strings(lang))
    assert texts and "Para revisores" in texts + review_only_texts(Catalogs().strings("es"))
    root = public_built_site / prefix
    others = [p for p in public_built_site.iterdir() if p.is_dir() and len(p.name) == 2 and p.name != lang]
    found = []
    for page in sorted(root.rglob("*.html")):
        if any(other in page.parents for other in others):
            continue
        words = _text(page)
        found += [f"{page.relative_to(public_built_site)}: {text!r}" for text in texts if text in words]
    assert found == [], "\n".join(found)


def test_the_public_navigation_keeps_the_matrix_and_explorer(public_built_site):
    home = (public_built_site / "index.html").read_text(encoding="utf-8")
    assert 'href="matrix/"' in home and 'href="explorer/"' in home
    matrix = (public_built_site / "matrix" / "index.html").read_text(encoding="utf-8")
    assert "rg-gap" not in matrix and "⚠" not in matrix
