"""Reading built pages: the article's outline, for tests that look for empty headings."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

CONTENT_TAGS = {"p", "li", "table", "img", "svg", "figure", "pre", "blockquote", "dl", "details", "form", "dd"}


class _Outline(HTMLParser):
    """The article's sequence of headings ("h2") and content blocks ("c")."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0          # nesting depth inside <article>, 0 = outside
        self.sequence: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.depth += 1
        elif self.depth and tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.sequence.append((tag, ""))
        elif self.depth and tag in CONTENT_TAGS:
            self.sequence.append(("c", tag))

    def handle_endtag(self, tag):
        if tag == "article" and self.depth:
            self.depth -= 1


def empty_headings(html: str) -> list[int]:
    """Positions of headings with nothing under them: followed by a heading of the same
    or a higher rank (h2 → h2, h3 → h2), or by nothing at all."""
    parser = _Outline()
    parser.feed(html)
    seq = parser.sequence
    empty = []
    for index, (kind, _) in enumerate(seq):
        if not kind.startswith("h") or kind == "h1":
            continue
        following = seq[index + 1] if index + 1 < len(seq) else None
        if following is None or (following[0].startswith("h") and int(following[0][1]) <= int(kind[1])):
            empty.append(index)
    return empty


def pages_with_empty_headings(site: Path) -> dict[str, int]:
    found = {}
    for page in sorted(site.rglob("*.html")):
        count = len(empty_headings(page.read_text(encoding="utf-8")))
        if count:
            found[page.relative_to(site).as_posix()] = count
    return found
