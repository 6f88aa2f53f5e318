"""Headings set by hand: a Word report without heading styles (nor outline levels) whose headings are
Normal paragraphs in bold, in a larger font or in capitals, numbered by hand ("3.2 Relevance") or not.

Read from the Word file's own formatting, before pandoc (which would give them as bold paragraphs at
best, and nothing at all for a larger font): a short paragraph, outside tables and lists, whose text
is all bold or all larger than the body text, and does not end as a sentence or a label does (".",
":", "?"…), is a heading from the first one that names a chapter ("Findings", "Conclusions",
"Executive summary"… as structure.py knows them; what stands above it is the cover). Its level is its
typed number's depth ("9.1.1": 3), else the rank of its look (size, then capitals, then bold) among
the headings' looks, the chapters' look being level 1. A bold lead-in ("**Finding 3:** text…") is
not all bold; a bold sentence ends with a full stop; a caption ("Table 2: …") is a caption: none of
them becomes a heading.
"""

from __future__ import annotations

import re
from collections import Counter

from lxml import etree

from ..xmltypes import XmlElement
from .blocks import Block
from .docx_media import CAPTION
from .structure import ANNEX_HEADING, chapter_kind, heading_words
from .vocabulary import OTHER_CHAPTERS

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
HAND_STYLE = "RgHandHeading{}"   # the heading style given to a heading set by hand, by level
MAX_WORDS = 16
MAX_CHARACTERS = 160
DEFAULT_SIZE = 20                # half-points: Word's size when neither the text nor a style sets one
_TYPED_NUMBER = re.compile(r"^(?:(?:chapter|cap[ií]tulo|chapitre)\s+)?(\d{1,2}(?:\.\d{1,2}){0,4})\.?\s+\S", re.I)
_TABLE_CAPTION = re.compile(r"^(?:Table|Tabla|Tableau|Cuadro)\s*\d{1,3}\b", re.I)
# A recommendation's field line ("Note: Responsibility (…), Priority (…)"), however set, is no heading.
_FIELDS = re.compile(r"^(?:Note|Nota|NB|N\.B\.|Remarque)\s*:", re.I)
_ENDS_AS_SENTENCE = (".", ":", ";", ",", "?", "!", "…")


def hand_set_headings(root: XmlElement, styles: XmlElement) -> set[int]:
    """Give the headings set by hand a heading style of their level (HAND_STYLE); the levels used. Only
    for a document none of whose paragraphs has a heading style or an outline level (the caller's test)."""
    looks = _Looks(styles)
    candidates: list[tuple[XmlElement, str, tuple[int, bool, bool]]] = []
    sizes: Counter[int] = Counter()
    for paragraph in root.iter(f"{W}p"):
        runs = [r for r in paragraph.iter(f"{W}r") if _run_text(r).strip()]
        text = " ".join("".join(_run_text(r) for r in runs).split())
        if not text:
            continue
        look = looks.of(paragraph, runs)
        if look is None or not _may_be_heading(paragraph, text):
            for run in runs:
                sizes[looks.size(paragraph, run)] += len(_run_text(run))
            continue
        candidates.append((paragraph, text, look))
    body = sizes.most_common(1)[0][0] if sizes else DEFAULT_SIZE
    headings = [(p, text, look) for p, text, look in candidates if look[2] or look[0] > body]
    first = next((i for i, (_, text, _) in enumerate(headings) if _names_a_chapter(text)), None)
    if first is None:
        return set()
    headings = headings[first:]
    chapter_looks = [look for _, text, look in headings if _names_a_chapter(text)]
    top = max(chapter_looks)
    ranks = sorted({look for _, _, look in headings if look < top}, reverse=True)
    used = set()
    for paragraph, text, look in headings:
        typed = _TYPED_NUMBER.match(text)
        level = min(9, typed.group(1).count(".") + 1 if typed else 1 if look >= top else 2 + ranks.index(look))
        _set_style(paragraph, HAND_STYLE.format(level))
        for mark in list(paragraph.iter(f"{W}b", f"{W}bCs")):  # a heading's weight is its style's
            holder = mark.getparent()
            if holder is not None and holder.tag == f"{W}rPr":
                holder.remove(mark)
        used.add(level)
    return used


def _names_a_chapter(text: str) -> bool:
    words = heading_words(text)
    return (chapter_kind(Block("heading", text, 0, level=1)) is not None or OTHER_CHAPTERS.fullmatch(words) is not None
            or ANNEX_HEADING.match(words) is not None)


def _may_be_heading(paragraph: XmlElement, text: str) -> bool:
    properties = paragraph.find(f"{W}pPr")
    if properties is not None and properties.find(f"{W}numPr") is not None:
        return False  # a list item
    parent = paragraph.getparent()
    while parent is not None:
        if parent.tag in (f"{W}tbl", f"{W}txbxContent", f"{W}footnote", f"{W}endnote"):
            return False
        parent = parent.getparent()
    return (len(text.split()) <= MAX_WORDS and len(text) <= MAX_CHARACTERS and not text.endswith(_ENDS_AS_SENTENCE)
            and any(c.isalpha() for c in text) and not CAPTION.match(text) and not _TABLE_CAPTION.match(text)
            and not _FIELDS.match(text) and text.count("(") < 2)


def _run_text(run: XmlElement) -> str:
    return "".join(t.text or "" for t in run.iter(f"{W}t"))


def _set_style(paragraph: XmlElement, style_id: str) -> None:
    properties = paragraph.find(f"{W}pPr")
    if properties is None:
        properties = etree.Element(f"{W}pPr")
        paragraph.insert(0, properties)
    style = properties.find(f"{W}pStyle")
    if style is None:
        style = etree.Element(f"{W}pStyle")
        properties.insert(0, style)
    style.set(f"{W}val", style_id)


def _on(element: XmlElement | None, tag: str) -> bool | None:
    """A toggle property (w:b, w:caps) of a run or style's properties: True, False, or None (not set)."""
    found = element.find(f"{W}{tag}") if element is not None else None
    if found is None:
        return None
    return (found.get(f"{W}val") or "true").lower() not in ("0", "false", "off")


class _Looks:
    """How a paragraph's text looks: (size in half-points, capitals, bold), from its runs and styles."""

    def __init__(self, styles: XmlElement):
        self.styles = {s.get(f"{W}styleId"): s for s in styles.iter(f"{W}style")}
        defaults = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
        self.default_size = _size(defaults) or DEFAULT_SIZE
        default_paragraph = next((s for s in self.styles.values() if s.get(f"{W}default") in ("1", "true")
                                  and s.get(f"{W}type") == "paragraph"), None)
        self.default_paragraph = default_paragraph.get(f"{W}styleId") if default_paragraph is not None else None

    def _style_chain(self, ident: str | None) -> list[XmlElement]:
        chain: list[XmlElement] = []
        while ident and ident in self.styles and len(chain) < 10:
            style = self.styles[ident]
            chain.append(style)
            based = style.find(f"{W}basedOn")
            ident = based.get(f"{W}val") if based is not None else None
        return chain

    def _chain(self, paragraph: XmlElement, run: XmlElement) -> list[XmlElement | None]:
        """The run's properties, its character style's, its paragraph style's (nearest first)."""
        run_style = run.find(f"{W}rPr/{W}rStyle")
        paragraph_style = paragraph.find(f"{W}pPr/{W}pStyle")
        chain: list[XmlElement | None] = [run.find(f"{W}rPr")]
        chain += [s.find(f"{W}rPr") for s in self._style_chain(run_style.get(f"{W}val") if run_style is not None else None)]
        ident = paragraph_style.get(f"{W}val") if paragraph_style is not None else self.default_paragraph
        chain += [s.find(f"{W}rPr") for s in self._style_chain(ident)]
        return chain

    def _toggle(self, paragraph: XmlElement, run: XmlElement, tag: str) -> bool:
        return next((value for rpr in self._chain(paragraph, run) if (value := _on(rpr, tag)) is not None), False)

    def size(self, paragraph: XmlElement, run: XmlElement) -> int:
        return next((size for rpr in self._chain(paragraph, run) if (size := _size(rpr))), self.default_size)

    def of(self, paragraph: XmlElement, runs: list[XmlElement]) -> tuple[int, bool, bool] | None:
        """The look all the paragraph's runs share (the smallest size of them), None when they differ in
        weight (a bold lead-in) or there are none."""
        if not runs:
            return None
        bold = {self._toggle(paragraph, r, "b") for r in runs}
        if len(bold) > 1:
            return None
        letters = [c for r in runs for c in _run_text(r) if c.isalpha()]
        capitals = all(self._toggle(paragraph, r, "caps") for r in runs) or (
            len(letters) >= 4 and all(c.isupper() for c in letters))
        return min(self.size(paragraph, r) for r in runs), capitals, bold.pop()


def _size(properties: XmlElement | None) -> int | None:
    found = properties.find(f"{W}sz") if properties is not None else None
    value = found.get(f"{W}val") if found is not None else None
    return int(value) if value and value.isdigit() else None
