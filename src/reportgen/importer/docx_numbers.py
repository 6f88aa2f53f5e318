"""Word's automatic heading numbers ("9.1.1"), written into the headings before pandoc reads them.

Most evaluation reports number their chapters with Word's multilevel list attached to the
heading styles: the numbers are not in the text, and pandoc drops them, although the importer
needs them ("9. FINDINGS", parts "9.1" above sections "9.1.1"). Here the numbers are computed
as Word displays them (numbering.xml: each level's start, format and text such as "%1.%2";
counters per list, deeper levels restarting; the list a heading style names, or a paragraph's
own) and put at the start of each numbered heading, whose own numbering is then switched off.

Headings get their numbers (a style or paragraph with an outline level, or a "heading N" style),
and so do paragraphs whose number is a label with words ("Recommendation %1:", "R%1.", bold when
the level is): pandoc would write them as a list "1.", and the label the importer reads would be
lost. Other numbered body paragraphs and lists are pandoc's to read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from ..xmltypes import XmlElement

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
_HEADING_NAME = re.compile(r"^heading\s*[1-9]$", re.I)
_LETTERS = re.compile(r"[^\W\d_]")
MAX_LEVELS = 9


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    legal: bool = False      # isLgl: every level's number in decimal ("1.1" under "I.")
    style: str | None = None  # the paragraph style this level is attached to
    bold: bool = False        # the number is shown in bold (the level's run properties)

    @property
    def labelled(self) -> bool:
        """The number carries words ("Recommendation %1:", "R%1."): a label, not a list's number (nor
        a bullet, whose character may be a letter: "o" in Courier New)."""
        return (self.fmt not in ("bullet", "none") and bool(re.search(r"%[1-9]", self.text))
                and bool(_LETTERS.search(re.sub(r"%[1-9]", "", self.text))))


@dataclass
class _Style:
    num: tuple[str, int | None] | None = None  # (numId, ilvl) the style names
    based_on: str | None = None
    heading: bool = False


@dataclass
class Numbering:
    """What numbering.xml and styles.xml say, and the counters as the document is read."""

    lists: dict[str, tuple[str, dict[int, int]]] = field(default_factory=dict)  # numId -> (abstract, start overrides)
    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)  # abstractNumId -> ilvl -> level
    styles: dict[str, _Style] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    def number_of(self, paragraph: XmlElement) -> str | None:
        """The number Word shows before this paragraph when it is a numbered heading (counters advance
        for every numbered paragraph of a list, heading or not)."""
        style_id = _value(paragraph.find(f"{W}pPr/{W}pStyle"))
        num = _direct_num(paragraph) or self._style_num(style_id)
        if num is None or num[0] == "0" or num[0] not in self.lists:
            return None
        abstract, overrides = self.lists[num[0]]
        levels = self.levels.get(abstract, {})
        level = num[1] if num[1] is not None else next(
            (i for i, lvl in levels.items() if lvl.style and lvl.style == style_id), 0)
        if level not in levels:
            return None
        key = num[0] if overrides else abstract  # a restarted list (startOverride) counts on its own
        counters = self.counters.setdefault(key, {})
        start = overrides.get(level, levels[level].start)
        counters[level] = counters[level] + 1 if level in counters else start
        for deeper in [d for d in counters if d > level]:
            del counters[deeper]
        if not self._is_heading(paragraph, style_id) and not levels[level].labelled:
            return None
        return _render(levels, overrides, counters, level)

    def bold(self, paragraph: XmlElement) -> bool:
        """Whether the number number_of gave this paragraph is shown in bold."""
        style_id = _value(paragraph.find(f"{W}pPr/{W}pStyle"))
        num = _direct_num(paragraph) or self._style_num(style_id)
        if num is None or num[0] not in self.lists:
            return False
        levels = self.levels.get(self.lists[num[0]][0], {})
        level = levels.get(num[1] if num[1] is not None else 0)
        return bool(level and level.bold and not self._is_heading(paragraph, style_id))

    def _style_num(self, style_id: str | None) -> tuple[str, int | None] | None:
        seen = set()
        while style_id and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            if self.styles[style_id].num is not None:
                return self.styles[style_id].num
            style_id = self.styles[style_id].based_on
        return None

    def _is_heading(self, paragraph: XmlElement, style_id: str | None) -> bool:
        outline = _value(paragraph.find(f"{W}pPr/{W}outlineLvl"))
        if outline is not None:
            return outline.isdigit() and int(outline) < MAX_LEVELS
        seen = set()
        while style_id and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            if self.styles[style_id].heading:
                return True
            style_id = self.styles[style_id].based_on
        return False


def number_headings(document: bytes, numbering: bytes | None, styles: bytes | None) -> bytes:
    """document.xml with the automatic number of every numbered heading written at its start."""
    if not numbering or b"numPr" not in document + (styles or b""):
        return document
    known = read_numbering(numbering, styles)
    root = etree.fromstring(document, _PARSER)
    changed = False
    for paragraph in root.iter(f"{W}p"):
        number = known.number_of(paragraph)
        if number:
            _write_number(paragraph, number, known.bold(paragraph))
            changed = True
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True) if changed else document


def read_numbering(numbering: bytes, styles: bytes | None) -> Numbering:
    known = Numbering()
    root = etree.fromstring(numbering, _PARSER)
    for abstract in root.iter(f"{W}abstractNum"):
        levels = {}
        for lvl in abstract.iter(f"{W}lvl"):
            ilvl = _int(lvl.get(f"{W}ilvl"), 0)
            levels[ilvl] = _Level(start=_int(_value(lvl.find(f"{W}start")), 1),
                                  fmt=_value(lvl.find(f"{W}numFmt")) or "decimal",
                                  text=_value(lvl.find(f"{W}lvlText")) or "",
                                  legal=lvl.find(f"{W}isLgl") is not None,
                                  style=_value(lvl.find(f"{W}pStyle")),
                                  bold=_on(lvl.find(f"{W}rPr/{W}b")))
        known.levels[abstract.get(f"{W}abstractNumId") or ""] = levels
    for num in root.iter(f"{W}num"):
        overrides = {_int(o.get(f"{W}ilvl"), 0): _int(_value(o.find(f"{W}startOverride")), 1)
                     for o in num.iter(f"{W}lvlOverride") if o.find(f"{W}startOverride") is not None}
        known.lists[num.get(f"{W}numId") or ""] = (_value(num.find(f"{W}abstractNumId")) or "", overrides)
    if styles:
        for style in etree.fromstring(styles, _PARSER).iter(f"{W}style"):
            if style.get(f"{W}type") not in (None, "paragraph"):
                continue
            num_id = _value(style.find(f"{W}pPr/{W}numPr/{W}numId"))
            style_level = _value(style.find(f"{W}pPr/{W}numPr/{W}ilvl"))
            outline = _value(style.find(f"{W}pPr/{W}outlineLvl"))
            known.styles[style.get(f"{W}styleId") or ""] = _Style(
                num=(num_id, _int(style_level, 0) if style_level is not None else None) if num_id is not None else None,
                based_on=_value(style.find(f"{W}basedOn")),
                heading=bool(_HEADING_NAME.match(_value(style.find(f"{W}name")) or ""))
                or (outline is not None and outline.isdigit() and int(outline) < MAX_LEVELS))
    return known


# --- numbers as Word displays them ---------------------------------------------------------------

def _render(levels: dict[int, _Level], overrides: dict[int, int], counters: dict[int, int], level: int) -> str:
    legal = levels[level].legal

    def number(match: re.Match[str]) -> str:
        shown = int(match.group(1)) - 1
        if shown not in levels:
            return ""
        value = counters.get(shown, overrides.get(shown, levels[shown].start))
        return format_number(value, "decimal" if legal and shown < level else levels[shown].fmt)

    return re.sub(r"%([1-9])", number, levels[level].text).strip()


def format_number(value: int, fmt: str) -> str:
    if fmt in ("none", "bullet"):
        return ""
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt in ("upperRoman", "lowerRoman"):
        roman = _roman(value)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt in ("upperLetter", "lowerLetter"):
        letter = chr(ord("A") + (value - 1) % 26) * ((value - 1) // 26 + 1) if value > 0 else ""
        return letter if fmt == "upperLetter" else letter.lower()
    return str(value)


def _roman(value: int) -> str:
    out = ""
    for amount, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                            (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while value >= amount:
            out += letters
            value -= amount
    return out


# --- the XML -------------------------------------------------------------------------------------

def _write_number(paragraph: XmlElement, number: str, bold: bool = False) -> None:
    """The number as the paragraph's first run (bold when Word shows it so); the paragraph's own
    numbering off (numId 0)."""
    properties = paragraph.find(f"{W}pPr")
    if properties is None:
        properties = etree.SubElement(paragraph, f"{W}pPr")
        paragraph.insert(0, properties)
    existing = properties.find(f"{W}numPr")
    if existing is not None:
        properties.remove(existing)
    numbering = etree.Element(f"{W}numPr")
    etree.SubElement(numbering, f"{W}numId").set(f"{W}val", "0")
    style = properties.find(f"{W}pStyle")
    (style.addnext if style is not None else lambda e: properties.insert(0, e))(numbering)
    run = etree.Element(f"{W}r")
    if bold:
        etree.SubElement(etree.SubElement(run, f"{W}rPr"), f"{W}b")
        number = number.rstrip()
    text = etree.SubElement(run, f"{W}t")
    text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    text.text = number + ("" if bold else " ")
    properties.addnext(run)
    if bold:  # the blank after a bold label is not bold, as a typed label has it
        blank = etree.Element(f"{W}r")
        space = etree.SubElement(blank, f"{W}t")
        space.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        space.text = " "
        run.addnext(blank)


def _direct_num(paragraph: XmlElement) -> tuple[str, int | None] | None:
    num_id = _value(paragraph.find(f"{W}pPr/{W}numPr/{W}numId"))
    if num_id is None:
        return None
    return num_id, _int(_value(paragraph.find(f"{W}pPr/{W}numPr/{W}ilvl")), 0)


def _on(element: XmlElement | None) -> bool:
    """A toggle property (<w:b/>, <w:b w:val="0"/>) is set."""
    return element is not None and (_value(element) or "true").lower() not in ("0", "false", "off")


def _value(element: XmlElement | None) -> str | None:
    return element.get(f"{W}val") if element is not None else None


def _int(text: str | None, default: int) -> int:
    return int(text) if text and text.lstrip("-").isdigit() else default
