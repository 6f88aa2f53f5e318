"""What real Word files carry and pandoc misreads, put right in the XML before pandoc reads it.

pandoc knows a heading by its style's name "Heading N" (or a style based on one). Reports
written in a French or Spanish Word, or from an office template, name them otherwise
("Titre 1", "Título 1"), or give a style or a single paragraph an outline level (what Word's
navigation pane and table of contents go by) without any heading style: all of those become
headings here. A generated table of contents (a TOC field) is Word's copy of the headings, with
page numbers: its entries are taken out, so that they never read as a cover block or a chapter
(the heading above them stays: IMPORT.md says it was a table of contents). Hidden text (a
template's instructions) is not the report's: Word neither shows nor prints it; nor are optional
hyphens, which would cut the words of labels and search. Wingdings symbols (a rating table's check
marks) become the Unicode characters they show. A caption's number field ("Table
{SEQ Table}") is kept as its text: pandoc would move the caption to another table. The text of a
text box or shape is dropped by pandoc: it is put after the paragraph the box is anchored in,
once (Word saves each box twice, as a drawing and as its VML fallback).
"""

from __future__ import annotations

import re
from copy import deepcopy

from lxml import etree

from ..xmltypes import XmlElement
from .docx_headings import HAND_STYLE, hand_set_headings

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
# Heading style names in the languages of the reports (Word saves built-in names in English, but
# documents made with a localised template or another word processor carry these).
HEADING_NAME = re.compile(r"^(?:heading|titre|t[ií]tulo|encabezado|titolo|[üu]berschrift|kop)\s*([1-9])$", re.I)
MAX_LEVELS = 9
OUTLINE_STYLE = "RgOutlineLevel{}"  # the heading style given to a paragraph with an outline level of its own
MAX_TEXT_BOX_DEPTH = 4              # boxes inside boxes, lifted level by level
SOFT_HYPHEN = "\u00ad"
MAX_FIELD_DEPTH = 32                # fields in fields: Word nests a few (PAGEREF in TOC, IF in MERGEFIELD)


def heading_names(styles: bytes) -> bytes:
    """styles.xml with every heading style pandoc would miss named "heading N" (numbering reads it too)."""
    root = etree.fromstring(styles, _PARSER)
    _name_headings(root)
    return _xml(root)


def prepare(document: bytes, styles: bytes | None) -> tuple[bytes, bytes | None]:
    """(document.xml, styles.xml) with paragraphs that have an outline level made headings, the table
    of contents' entries out and text boxes' text in the body."""
    styles_root = etree.fromstring(styles, _PARSER) if styles else None
    heading_styles = _name_headings(styles_root) if styles_root is not None else set()
    root = etree.fromstring(document, _PARSER)
    levels = _outline_paragraphs(root, heading_styles) if styles_root is not None else set()
    style_id = OUTLINE_STYLE
    drop_contents_fields(root)
    unwrap_sequence_fields(root)
    drop_hidden_text(root)
    drop_soft_hyphens(root)
    symbol_characters(root)
    # No heading anywhere: headings set by hand? Read on the text as shown (no TOC entries, no hidden
    # text), before layout tables and text boxes join the body (a box's bold title is no chapter's).
    if styles_root is not None and not levels and not any(
            style.get(f"{W}val") in heading_styles for style in root.iter(f"{W}pStyle")):
        levels, style_id = hand_set_headings(root, styles_root), HAND_STYLE
    for level in sorted(levels):
        style = etree.SubElement(styles_root, f"{W}style", {f"{W}type": "paragraph",
                                                             f"{W}styleId": style_id.format(level)})
        etree.SubElement(style, f"{W}name", {f"{W}val": f"heading {level}"})
    unwrap_layout_tables(root)
    lift_text_boxes(root)
    return _xml(root), (_xml(styles_root) if levels and styles_root is not None else styles)


def _xml(root: XmlElement) -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def _ancestors(element: XmlElement) -> list[XmlElement]:
    found = []
    parent = element.getparent()
    while parent is not None:
        found.append(parent)
        parent = parent.getparent()
    return found


def _remove(element: XmlElement) -> None:
    parent = element.getparent()
    if parent is not None:
        parent.remove(element)


# --- headings ---------------------------------------------------------------------------------------

def _name_headings(styles: XmlElement) -> set[str]:
    """Rename heading styles pandoc would miss to "heading N"; the IDs of every heading style."""
    by_id = {s.get(f"{W}styleId") or "": s for s in styles.iter(f"{W}style")
             if s.get(f"{W}type") in (None, "paragraph")}
    headings = set()
    for ident, style in by_id.items():
        name = style.find(f"{W}name")
        words = (name.get(f"{W}val") or "") if name is not None else ""
        match = HEADING_NAME.match(words.strip())
        level = int(match.group(1)) if match else _outline(style)
        if level is None:
            continue
        headings.add(ident)
        if match and words.lower().startswith("heading"):
            continue
        if name is None:
            name = etree.SubElement(style, f"{W}name")
            style.insert(0, name)
        name.set(f"{W}val", f"heading {level}")
    # Styles based on a heading style are headings too (pandoc follows basedOn itself).
    for ident, style in by_id.items():
        seen = set()
        current: str | None = ident
        while current and current in by_id and current not in seen:
            seen.add(current)
            if current in headings:
                headings.add(ident)
                break
            based = by_id[current].find(f"{W}basedOn")
            current = based.get(f"{W}val") if based is not None else None
    return headings


def _outline(element: XmlElement) -> int | None:
    """The heading level (1-9) an outline level in the element's paragraph properties gives."""
    found = element.find(f"{W}pPr/{W}outlineLvl")
    value = found.get(f"{W}val") if found is not None else None
    return int(value) + 1 if value is not None and value.isdigit() and int(value) < MAX_LEVELS else None


def _outline_paragraphs(root: XmlElement, heading_styles: set[str]) -> set[int]:
    """Paragraphs with an outline level of their own and no heading style get a heading style of
    that level (not in tables: a cell has no headings); the levels used."""
    used = set()
    for paragraph in root.iter(f"{W}p"):
        level = _outline(paragraph)
        if level is None or any(a.tag == f"{W}tbl" for a in _ancestors(paragraph)):
            continue
        properties = paragraph.find(f"{W}pPr")
        if properties is None:
            continue
        style = properties.find(f"{W}pStyle")
        if style is not None and style.get(f"{W}val") in heading_styles:
            continue
        if style is None:
            style = etree.Element(f"{W}pStyle")
            properties.insert(0, style)
        style.set(f"{W}val", OUTLINE_STYLE.format(level))
        used.add(level)
    return used


# --- the table of contents ----------------------------------------------------------------------------

_CONTENTS_FIELD = re.compile(r"^\s*TOC\b", re.I)


def drop_contents_fields(root: XmlElement) -> None:
    """Remove the runs of every TOC field (instruction and result: the entries, their page numbers),
    and the paragraphs left without text by it."""
    fields: list[tuple[list[str], list[XmlElement]]] = []  # open fields, outermost first: ([instruction], runs)
    doomed: dict[XmlElement, None] = {}   # ordered sets: a hostile field of 100,000 runs stays linear
    touched: dict[XmlElement, None] = {}
    ignored = 0  # fields nested deeper than Word nests them (a hostile file): read as text
    for run in root.iter(f"{W}r"):
        char = run.find(f"{W}fldChar")
        kind = char.get(f"{W}fldCharType") if char is not None else None
        if kind == "begin":
            if len(fields) >= MAX_FIELD_DEPTH:
                ignored += 1
                continue
            fields.append(([""], []))
        for text in run.iter(f"{W}instrText"):
            if fields:
                fields[-1][0][0] += text.text or ""
        for _, runs in fields:
            runs.append(run)
        if kind == "end" and ignored:
            ignored -= 1
        elif kind == "end" and fields:
            instruction, runs = fields.pop()
            if _CONTENTS_FIELD.match(instruction[0]):
                doomed.update(dict.fromkeys(runs))
    for instruction, runs in fields:  # a field never closed: the rest of the document is its result
        if _CONTENTS_FIELD.match(instruction[0]):
            doomed.update(dict.fromkeys(runs))
    for simple in list(root.iter(f"{W}fldSimple")):
        if _CONTENTS_FIELD.match(simple.get(f"{W}instr") or ""):
            doomed[simple] = None
    for element in doomed:
        paragraph = next((a for a in _ancestors(element) if a.tag == f"{W}p"), None)
        _remove(element)
        if paragraph is not None:
            touched[paragraph] = None
    for paragraph in touched:
        for link in list(paragraph.iter(f"{W}hyperlink")):
            if not "".join(t.text or "" for t in link.iter(f"{W}t")).strip():
                _remove(link)
        if not "".join(t.text or "" for t in paragraph.iter(f"{W}t")).strip():
            _remove(paragraph)


_SEQUENCE_FIELD = re.compile(r"^\s*SEQ\b", re.I)


def unwrap_sequence_fields(root: XmlElement) -> None:
    """A caption's number ("Table {SEQ Table}") kept as its text, the field's marks removed: pandoc
    reads a "Caption" paragraph holding a SEQ field as the caption of another table, far from its own."""
    fields: list[tuple[list[str], list[XmlElement]]] = []  # open fields: ([instruction], runs before the result)
    for run in list(root.iter(f"{W}r")):
        char = run.find(f"{W}fldChar")
        kind = char.get(f"{W}fldCharType") if char is not None else None
        if kind == "begin":
            fields.append(([""], []))
        if not fields:
            continue
        instruction, marks = fields[-1]
        for text in run.iter(f"{W}instrText"):
            instruction[0] += text.text or ""
        if kind in ("begin", "separate", "end") or run.find(f"{W}instrText") is not None:
            marks.append(run)
        if kind == "end":
            fields.pop()
            if _SEQUENCE_FIELD.match(instruction[0]):
                for mark in marks:
                    _remove(mark)
    for simple in list(root.iter(f"{W}fldSimple")):
        if _SEQUENCE_FIELD.match(simple.get(f"{W}instr") or "") and simple.getparent() is not None:
            for child in list(simple):
                simple.addprevious(child)
            _remove(simple)


# --- hidden text -------------------------------------------------------------------------------------

def drop_hidden_text(root: XmlElement) -> None:
    """Remove runs formatted as hidden (w:vanish: a template's instructions, notes to the team), which
    Word neither shows nor prints. `webHidden` (hidden in web layout only: the TOC's page numbers) stays."""
    for run in list(root.iter(f"{W}r")):
        hidden = run.find(f"{W}rPr/{W}vanish")
        if hidden is not None and (hidden.get(f"{W}val") or "true").lower() not in ("0", "false", "off"):
            _remove(run)


def drop_soft_hyphens(root: XmlElement) -> None:
    """Optional hyphens (Ctrl+hyphen, `w:softHyphen`, or U+00AD in pasted text) out: invisible but
    for a line's end, they cut words for every reader of the text ("Recom\u00admendation 1:" is no
    label, "la\u00adbour" is not found by search)."""
    for hyphen in list(root.iter(f"{W}softHyphen")):
        _remove(hyphen)
    for text in root.iter(f"{W}t"):
        if text.text and SOFT_HYPHEN in text.text:
            text.text = text.text.replace(SOFT_HYPHEN, "")


# --- symbol fonts -------------------------------------------------------------------------------------

# Wingdings characters reports use (check marks in rating tables, boxes, bullets), as Unicode. pandoc
# drops a Wingdings `w:sym`, and keeps a letter typed in the Wingdings font as that letter ("ü" for ✓).
WINGDINGS = {0x6C: "\u25cf", 0x6E: "\u25a0", 0x6F: "\u25a1", 0x71: "\u2751", 0x76: "\u2756", 0xA7: "\u25aa",
             0xA8: "\u25fb", 0xD8: "\u27a2", 0xFB: "\u2717", 0xFC: "\u2713", 0xFD: "\u2612", 0xFE: "\u2611"}


def _wingdings(character: str) -> str:
    code = ord(character)
    return WINGDINGS.get(code & 0xFF, character) if code < 0x100 or 0xF000 <= code <= 0xF0FF else character


def symbol_characters(root: XmlElement) -> None:
    """Wingdings symbols (`w:sym`, or text in the Wingdings font) as the Unicode characters they show."""
    for symbol in list(root.iter(f"{W}sym")):
        code = symbol.get(f"{W}char") or ""
        if (symbol.get(f"{W}font") or "").lower() != "wingdings" or not re.fullmatch(r"[0-9A-Fa-f]{2,4}", code):
            continue  # pandoc reads the Symbol font itself
        shown = _wingdings(chr(int(code, 16)))
        if shown != chr(int(code, 16)):
            text = etree.Element(f"{W}t")
            text.text = shown
            symbol.addprevious(text)
            _remove(symbol)
    for run in root.iter(f"{W}r"):
        fonts = run.find(f"{W}rPr/{W}rFonts")
        font = (fonts.get(f"{W}ascii") or fonts.get(f"{W}hAnsi") or "") if fonts is not None else ""
        if font.lower() == "wingdings":
            for text in run.iter(f"{W}t"):
                text.text = "".join(_wingdings(c) for c in text.text or "")


# --- layout tables ----------------------------------------------------------------------------------

def unwrap_layout_tables(root: XmlElement) -> None:
    """A table of one column (a framed box: a cover sheet, a text set apart) is layout, not data: its
    cells' paragraphs and tables take its place, in order (boxes in boxes too)."""
    for table in reversed(list(root.iter(f"{W}tbl"))):  # innermost first
        rows = table.findall(f"{W}tr")
        if not rows or any(len(row.findall(f"{W}tc")) != 1 for row in rows):
            continue
        for row in rows:
            cell = row.find(f"{W}tc")
            for block in list(cell) if cell is not None else []:
                if block.tag in (f"{W}p", f"{W}tbl", f"{W}sdt"):
                    table.addprevious(block)
        _remove(table)


# --- text boxes ---------------------------------------------------------------------------------------

def lift_text_boxes(root: XmlElement) -> None:
    """Each text box's paragraphs after the paragraph it is anchored in; the box itself removed."""
    for _ in range(MAX_TEXT_BOX_DEPTH):
        runs = [r for r in root.iter(f"{W}r") if r.find(f".//{W}txbxContent") is not None
                and not any(a.tag == f"{W}txbxContent" for a in _ancestors(r))]
        if not runs:
            return
        for run in runs:
            anchor = next((a for a in _ancestors(run) if a.tag == f"{W}p"), None)
            if anchor is None:
                continue
            # A drawing with its VML fallback holds the text twice: the drawing's (Choice) is read.
            choice = run.find(f".//{MC}Choice")
            holder = choice if choice is not None and choice.find(f".//{W}txbxContent") is not None else run
            boxes = [b for b in holder.iter(f"{W}txbxContent")
                     if not any(a.tag == f"{W}txbxContent" for a in _ancestors(b)[:_ancestors(b).index(holder)])]
            place = anchor
            for box in boxes:
                for block in box:
                    if block.tag in (f"{W}p", f"{W}tbl"):
                        copy = deepcopy(block)
                        place.addnext(copy)
                        place = copy
            _remove(run)
