"""PO and XLIFF 1.2 files: PO through translate-toolkit, XLIFF built and read with lxml.

PO: one entry per unit, `msgctxt` the unit's context, `#.` the item and its title, `#:` the
original's file:line, `#, fuzzy` where the original changed since the translation was made and
`#| msgid` the original the translation was made from. The header names the project
(`Project-Id-Version: PER/17/51/USA`, the evaluation's code) and the number of entries
(`X-Reportgen-Entries`); a last entry (`reportgen:end`) closes the file, so a file cut short is
recognised. Each entry records the fingerprint of the translation it was exported with
(`#. reportgen-target: …`), so an older file never overwrites a newer translation.

XLIFF 1.2 (strict schema): `<file original="PER/17/51/USA">`, one `trans-unit` per unit with `id` and
`resname` the context, the recorded translation's fingerprint in `extradata`, a `<note>`, a
`context-group` named after the unit (unique in the file) with the original's place,
`state="needs-review-translation"` on fuzzy targets and `<alt-trans alttranstype="previous-version">`
holding the previous original. The header's note gives the number of entries; a last unit with
`translate="no"` closes the file.

XLIFF 2.0 (core schema): the same guarantees in 2.0's terms. `<file original="PER/17/51/USA">`
(resegmenting off: the units are already sentences), one `<unit name="CONTEXT">` per unit (its `id`
numbered: a context is not an NMTOKEN), `<notes>` with the item (`category="description"`), the
original's place (`location`) and the recorded translation's fingerprint (`reportgen-target`), the
Markdown codes in `<originalData>`, inline markup as `<pc>` (bold, italics, links; `<sc>`/`<ec>` for a
pair that does not nest) and `<ph>` (footnote references, `[[ID]]`, a line's marks), the target's
`state` `translated`, or `initial` where it is fuzzy, and the previous original in the Translation
Candidates module (`<mtc:match subType="reportgen:previous-version">`). The file's note gives the
number of entries; a last unit with `translate="no"` closes the file.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from lxml import etree
from translate.storage import po
from translate.storage.poparser import PoParseError

from ..errors import ContentError
from ..xmltypes import XmlElement
from .markup import CTYPES, Piece, Tag, align, has_tags, legend, po_text, tokenize

PO_SUFFIXES = (".po", ".pot")
XLIFF_SUFFIXES = (".xlf", ".xliff")
XLIFF_12 = "urn:oasis:names:tc:xliff:document:1.2"
XLIFF_NAMESPACES = ("urn:oasis:names:tc:xliff:document:1.2", "urn:oasis:names:tc:xliff:document:1.1", "")
XLIFF_20 = "urn:oasis:names:tc:xliff:document:2.0"
MATCHES_20 = "urn:oasis:names:tc:xliff:matches:2.0"
XLIFF_VERSIONS = {"xliff": "1.2", "xliff2": "2.0"}
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
# Target states a CAT tool writes when a translation is done, or that say nothing either way: a
# filled target in one of these states is a translation (XLIFF 1.2 leaves `state` optional, and many
# tools return new targets without one or with "new").
DONE_STATES = ("translated", "signed-off", "final", "new", None)
# XLIFF 2.0's states: `initial` is a draft (a fuzzy target), the others are done; a target without a
# state counts as done too, as in 1.2 (the schema's default, `initial`, is what many tools never write).
DONE_STATES_20 = ("translated", "reviewed", "final", None)
END_CONTEXT = "reportgen:end"
TARGET_MARK = "reportgen-target: "
NO_TARGET = "-"
MAX_CATALOG_BYTES = 64 * 1024 * 1024
_FORBIDDEN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class OutEntry:
    context: str
    source: str
    target: str
    note: str
    reference: str
    fuzzy: bool
    previous: str = ""         # the original the current translation was made from, when it changed
    target_fp: str = ""        # fingerprint of the translation at export ("" = not recorded)
    tags: bool = True          # markup as inline tags (not for a whole file translated freely)


@dataclass(frozen=True)
class Entry:
    context: str
    source: str
    target: str
    fuzzy: bool
    line: int
    previous: str = ""
    target_fp: str | None = None   # as exported; None when the file does not say
    state: str | None = None       # XLIFF target state, as written
    reference: str = ""            # the original's file:line, as exported (`#:`, context-group)
    assembled: bool = False        # a paragraph put together from its sentences' entries (import)


@dataclass(frozen=True)
class Catalog:
    display: str
    language: str | None
    entries: list[Entry]
    project: str | None = None            # Project-Id-Version / file@original
    declared: int | None = None           # the number of entries the export wrote
    closed: bool = False                  # the closing entry is there
    generator: bool = False               # written by reportgen (not a foreign PO/XLIFF)
    extra: dict[str, str] = field(default_factory=dict)


def catalog_format(path: Path) -> str | None:
    """"po" or "xliff" by the file's name (an .xlf is XLIFF 1.2 unless asked for 2.0; import reads both)."""
    suffix = path.suffix.lower()
    return "po" if suffix in PO_SUFFIXES else "xliff" if suffix in XLIFF_SUFFIXES else None


def end_text(count: int) -> str:
    return f"End of file: {count} entries. Leave this entry as it is."


def _is_end(context: str, source: str) -> bool:
    """The closing entry, also after a tool that drops contexts (translate-toolkit's po2xliff)."""
    return context == END_CONTEXT or bool(re.fullmatch(r"End of file: \d+ entries\. Leave this entry as it is\.",
                                                         source.strip()))


# --- PO ------------------------------------------------------------------------------------------

def po_bytes(entries: list[OutEntry], source_lang: str, lang: str, project: str) -> bytes:
    store = po.pofile()
    store.init_headers(charset="UTF-8", encoding="8bit", Language=lang,
                       **{"Project-Id-Version": project, "X-Source-Language": source_lang,
                          "X-Generator": "reportgen translate", "X-Reportgen-Entries": str(len(entries))})
    for entry in entries:
        pieces = tokenize(entry.source) if entry.tags else _plain(entry.source)
        tagged = has_tags(pieces)
        unit = store.UnitClass(po_text(pieces) if tagged else entry.source)
        unit.setcontext(entry.context)
        unit.target = po_text(align(entry.target, pieces)) if tagged and entry.target else entry.target
        unit.addnote(entry.note, origin="developer")
        if tagged:
            unit.addnote(legend(pieces), origin="developer")
        if entry.target_fp:
            unit.addnote(TARGET_MARK + entry.target_fp, origin="developer")
        unit.addlocation(entry.reference)
        unit.markfuzzy(entry.fuzzy)
        if entry.fuzzy and entry.previous and entry.previous != entry.source:
            unit.prev_source = po_text(align(entry.previous, pieces)) if tagged else entry.previous
        store.addunit(unit)
    end = store.UnitClass(end_text(len(entries)))
    end.setcontext(END_CONTEXT)
    end.target = end_text(len(entries))
    end.addnote("Not a text of the report: it tells reportgen that the file arrived whole.", origin="developer")
    store.addunit(end)
    return bytes(store)


def _read_po(raw: bytes, display: str) -> Catalog:
    try:
        store = po.pofile(raw)
    except PoParseError as exc:
        raise ContentError.single(display, _po_error_line(str(exc)), f"broken PO file: {exc}",
                                  "open it in Poedit (or run 'msgfmt --check') to repair it",
                                  code="catalog.syntax") from None
    except (UnicodeDecodeError, LookupError, ValueError) as exc:
        raise ContentError.single(display, _bad_byte_line(raw), f"broken PO file: {exc}",
                                  "save it as UTF-8 (and say so in the header: charset=UTF-8)",
                                  code="catalog.syntax") from None
    header = store.parseheader()
    entries, closed = [], False
    for unit in store.units:
        if unit.isheader() or unit.isobsolete():
            continue
        if _is_end(unit.getcontext(), unit.source or ""):
            closed = True
            continue
        notes = unit.getnotes("developer").split("\n")
        marks = [n[len(TARGET_MARK):].strip() for n in notes if n.startswith(TARGET_MARK)]
        locations = unit.getlocations()
        entries.append(Entry(unit.getcontext(), _nfc(unit.source), _nfc(unit.target or ""), unit.isfuzzy(),
                             unit.line_number, _nfc(unit.prev_source or ""), marks[0] if marks else None,
                             reference=locations[0] if locations else ""))
    if not entries and not header:
        raise ContentError.single(display, 1, "not a PO file (no entries and no header)",
                                  "give the file written by 'reportgen translate export'", code="catalog.syntax")
    return Catalog(display, header.get("Language") or None, entries, header.get("Project-Id-Version") or None,
                   _count(header.get("X-Reportgen-Entries")), closed,
                   "reportgen" in (header.get("X-Generator") or "") or "X-Reportgen-Entries" in header)


def _count(value: object) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isdigit() else None


def _bad_byte_line(raw: bytes) -> int | None:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return raw[: exc.start].count(b"\n") + 1
    return None


def _po_error_line(message: str) -> int | None:
    marker = " on line "
    if marker in message:
        digits = message.split(marker, 1)[1].split(":", 1)[0].strip()
        return int(digits) if digits.isdigit() else None
    return None


# --- XLIFF 1.2 -----------------------------------------------------------------------------------

def _q(name: str) -> str:
    return f"{{{XLIFF_12}}}{name}"


def xliff_bytes(entries: list[OutEntry], source_lang: str, lang: str, project: str) -> bytes:
    root = etree.Element(_q("xliff"), nsmap={None: XLIFF_12})
    root.set("version", "1.2")
    file_el = etree.SubElement(root, _q("file"), {"original": project, "source-language": source_lang,
                                                   "target-language": lang, "datatype": "plaintext",
                                                   "tool-id": "reportgen"})
    header = etree.SubElement(file_el, _q("header"))
    etree.SubElement(header, _q("tool"), {"tool-id": "reportgen", "tool-name": "reportgen translate"})
    etree.SubElement(header, _q("note"), {"from": "reportgen"}).text = f"entries: {len(entries)}"
    body = etree.SubElement(file_el, _q("body"))
    for entry in entries:
        unit = etree.SubElement(body, _q("trans-unit"), {"id": entry.context, "resname": entry.context})
        unit.set(XML_SPACE, "preserve")
        if entry.target_fp:
            unit.set("extradata", TARGET_MARK + entry.target_fp)
        pieces = tokenize(entry.source) if entry.tags else _plain(entry.source)
        _fill(etree.SubElement(unit, _q("source")), pieces)
        if entry.target:
            target = etree.SubElement(unit, _q("target"))
            _fill(target, align(entry.target, pieces) if entry.tags else _plain(entry.target))
            target.set("state", "needs-review-translation" if entry.fuzzy else "translated")
            if not entry.fuzzy:
                unit.set("approved", "yes")
        group = etree.SubElement(unit, _q("context-group"), {"name": entry.context, "purpose": "location"})
        file_name, _, line = entry.reference.rpartition(":")
        etree.SubElement(group, _q("context"), {"context-type": "sourcefile"}).text = file_name or entry.reference
        if line.isdigit():
            etree.SubElement(group, _q("context"), {"context-type": "linenumber"}).text = line
        etree.SubElement(unit, _q("note"), {"from": "developer"}).text = _xml_text(entry.note)
        if entry.fuzzy and entry.previous and entry.previous != entry.source and entry.target:
            alt = etree.SubElement(unit, _q("alt-trans"), {"alttranstype": "previous-version"})
            _fill(etree.SubElement(alt, _q("source")), align(entry.previous, pieces) if entry.tags else _plain(entry.previous))
            _fill(etree.SubElement(alt, _q("target")), align(entry.target, pieces) if entry.tags else _plain(entry.target))
    end = etree.SubElement(body, _q("trans-unit"), {"id": END_CONTEXT, "resname": END_CONTEXT, "translate": "no"})
    etree.SubElement(end, _q("source")).text = end_text(len(entries))
    etree.SubElement(end, _q("target"), {"state": "final"}).text = end_text(len(entries))
    _indent(root, 0)
    written: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return written + b"\n"


_STRUCTURE = {*(_q(name) for name in ("xliff", "file", "header", "body", "trans-unit", "context-group", "alt-trans")),
              *(f"{{{XLIFF_20}}}{name}" for name in ("xliff", "file", "notes", "unit", "segment", "originalData")),
              *(f"{{{MATCHES_20}}}{name}" for name in ("matches", "match"))}


def _indent(element: XmlElement, level: int) -> None:
    """One element a line, by hand: lxml's pretty printer would also indent a <source> that starts
    with an inline tag, adding white space to the text."""
    if element.tag not in _STRUCTURE or not len(element):
        return
    inner = "\n" + "  " * (level + 1)
    element.text = inner
    for child in element:
        _indent(child, level + 1)
        child.tail = inner
    element[-1].tail = "\n" + "  " * level


# Writes an inline tag's element under `parent` (a paired one holds what follows it when the pairs nest).
AddCode = Callable[[XmlElement, Tag, bool, list[int]], XmlElement]


def _plain(text: str) -> list[Piece]:
    return [text]


def _fill(element: XmlElement, pieces: list[Piece]) -> None:
    """Text and inline tags into an XLIFF 1.2 <source>/<target>: <g> for a pair that nests,
    <bpt>/<ept> for one that does not, <ph> (holding the Markdown) for an isolated tag."""
    _fill_inline(element, pieces, _code_12)


def _code_12(parent: XmlElement, piece: Tag, nests: bool, opened: list[int]) -> XmlElement:
    element: XmlElement
    if piece.role == "single":
        element = etree.SubElement(parent, _q("ph"), {"id": str(piece.id), "ctype": CTYPES[piece.kind]})
        element.text = _xml_text(piece.code)
        return element
    if nests:
        element = etree.SubElement(parent, _q("g"), {"id": str(piece.id), "ctype": CTYPES[piece.kind]})
        return element
    attributes = {"id": str(piece.id)}
    if piece.role == "open":
        attributes["ctype"] = CTYPES[piece.kind]
    element = etree.SubElement(parent, _q("bpt" if piece.role == "open" else "ept"), attributes)
    element.text = _xml_text(piece.code)
    return element


def _fill_inline(element: XmlElement, pieces: list[Piece], add_code: AddCode) -> None:
    """Text and tags into a <source>/<target> of either XLIFF version; `add_code(parent, tag, nests,
    opened)` writes a tag's element (a paired one holds what follows it when the pairs nest)."""
    opened = [p.id for p in pieces if isinstance(p, Tag) and p.role == "open"]
    closed = [p.id for p in pieces if isinstance(p, Tag) and p.role == "close"]
    nests = _nests(pieces) and sorted(opened) == sorted(closed) == sorted(set(opened))
    stack = [element]
    for piece in pieces:
        if isinstance(piece, str):
            current, text = stack[-1], _xml_text(piece)
            if len(current):
                current[-1].tail = (current[-1].tail or "") + text
            else:
                current.text = (current.text or "") + text
        elif nests and piece.role == "close":
            stack.pop()
        else:
            child = add_code(stack[-1], piece, nests, opened)
            if nests and piece.role == "open":
                stack.append(child)


def _nests(pieces: list[Piece]) -> bool:
    stack: list[int] = []
    for piece in pieces:
        if isinstance(piece, Tag) and piece.role == "open":
            stack.append(piece.id)
        elif isinstance(piece, Tag) and piece.role == "close":
            if not stack or stack.pop() != piece.id:
                return False
    return not stack


def _xml_text(text: str) -> str:
    """XML 1.0 cannot hold C0 control characters: they are dropped (check refuses them in content)."""
    return _FORBIDDEN_XML.sub("", text)


def _read_xliff(raw: bytes, display: str) -> Catalog:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(raw, parser)
    except etree.XMLSyntaxError as exc:
        raise ContentError.single(display, exc.lineno, f"broken XLIFF file: {exc.msg}",
                                  "open it in your CAT tool and export it again", code="catalog.syntax") from None
    namespace = etree.QName(root).namespace or ""
    if etree.QName(root).localname == "xliff" and namespace == XLIFF_20:
        return _read_xliff2(root, display)
    if etree.QName(root).localname != "xliff" or namespace not in XLIFF_NAMESPACES \
            or not root.get("version", "").startswith("1."):
        raise ContentError.single(display, root.sourceline or 1, "not an XLIFF 1.2 or 2.0 file (the root is "
                                  f"<{etree.QName(root).localname}> version {root.get('version')!r})",
                                  "give the .xlf written by 'reportgen translate export' (XLIFF 1.2 or 2.0)",
                                  code="catalog.syntax")
    ns = {"x": namespace} if namespace else {}

    def find(element: XmlElement, path: str) -> XmlElement | None:
        return element.find(path if namespace else path.replace("x:", ""), ns)

    def findall(element: XmlElement, path: str) -> list[XmlElement]:
        return element.findall(path if namespace else path.replace("x:", ""), ns)

    files = findall(root, "x:file")
    if not files:
        raise ContentError.single(display, root.sourceline or 1, "not an XLIFF 1.x file (no <file> element)",
                                  "give the .xlf written by 'reportgen translate export'", code="catalog.syntax")
    first = files[0]
    declared, closed, entries = None, False, []
    for file_el in files:
        for note in findall(file_el, "x:header/x:note"):
            if note.get("from") == "reportgen" and (note.text or "").startswith("entries:"):
                declared = _count((note.text or "").split(":", 1)[1])
        for unit in file_el.iter(f"{{{namespace}}}trans-unit" if namespace else "trans-unit"):
            context = unit.get("resname") or unit.get("id") or ""
            if unit.get("restype") == "x-gettext-domain-header":  # a PO header, as po2xliff writes it
                continue
            source_el, target_el = find(unit, "x:source"), find(unit, "x:target")
            seg_source = find(unit, "x:seg-source")
            source = _inline_text(source_el if seg_source is None else seg_source)
            if _is_end(context, source):
                closed = True
                continue
            place = {c.get("context-type"): (c.text or "") for c in findall(unit, "x:context-group/x:context")}
            reference = (f"{place['sourcefile']}:{place['linenumber']}" if place.get("linenumber")
                         else place.get("sourcefile", ""))
            target = _inline_text(target_el) if target_el is not None else ""
            state = target_el.get("state") if target_el is not None else None
            fuzzy = bool(target.strip()) and state not in DONE_STATES   # needs-review-*, needs-translation, …
            previous = ""
            for alt in findall(unit, "x:alt-trans"):
                if alt.get("alttranstype") == "previous-version" and find(alt, "x:source") is not None:
                    previous = _inline_text(find(alt, "x:source"))
            extradata = unit.get("extradata") or ""
            target_fp = extradata[len(TARGET_MARK):].strip() if extradata.startswith(TARGET_MARK) else None
            entries.append(Entry(context, _nfc(source), _nfc(target), fuzzy, unit.sourceline or 0, _nfc(previous),
                                 target_fp, state, reference))
    generator = first.get("tool-id") == "reportgen" or declared is not None
    return Catalog(display, first.get("target-language") or None, entries, first.get("original") or None,
                   declared, closed, generator)


def _inline_text(element: XmlElement | None) -> str:
    """The text of a <source>/<target>, its inline tags in the generic tagged form the import reads
    (`<g1>…</g1>`, `<x2/>`, numbered by their `id`); segment markers (<mrk>) dropped."""
    if element is None:
        return ""
    parts = [element.text or ""]
    for child in element:
        name = etree.QName(child).localname if isinstance(child.tag, str) else ""
        number = (child.get("startRef") if name == "ec" else None) or child.get("id") or child.get("rid") or "0"
        number = number if number.isdigit() else "0"
        if name in ("g", "pc"):
            parts.append(f"<g{number}>" + _inline_text(child) + f"</g{number}>")
        elif name in ("ph", "x", "it"):
            parts.append(f"<x{number}/>")
        elif name in ("bpt", "bx", "sc"):
            parts.append(f"<g{number}>")
        elif name in ("ept", "ex", "ec"):
            parts.append(f"</g{number}>")
        elif name == "cp":   # (XLIFF 2.0: a character XML cannot hold; dropped like the others)
            pass
        elif name in ("sm", "em"):
            pass
        else:  # mrk, sub
            parts.append(_inline_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


# --- XLIFF 2.0 -----------------------------------------------------------------------------------

def _q2(name: str) -> str:
    return f"{{{XLIFF_20}}}{name}"


# Inline codes in XLIFF 2.0: (type, subType) per kind of tag (`xlf:b`/`xlf:i` are the spec's own).
TYPES_20 = {"bold": ("fmt", "xlf:b"), "italic": ("fmt", "xlf:i"), "link": ("link", None),
            "fnref": ("other", "reportgen:footnote"), "ref": ("link", "reportgen:reference"),
            "structure": ("fmt", "reportgen:markdown")}
PREVIOUS_20 = "reportgen:previous-version"
FUZZY_20 = "reportgen:needs-review"


def xliff2_bytes(entries: list[OutEntry], source_lang: str, lang: str, project: str) -> bytes:
    root = etree.Element(_q2("xliff"), nsmap={None: XLIFF_20, "mtc": MATCHES_20})
    root.set("version", "2.0")
    root.set("srcLang", source_lang)
    root.set("trgLang", lang)
    file_el = etree.SubElement(root, _q2("file"), {"id": "f1", "original": project, "canResegment": "no"})
    notes = etree.SubElement(file_el, _q2("notes"))
    etree.SubElement(notes, _q2("note"), {"id": "entries", "category": "reportgen"}).text = \
        f"entries: {len(entries)}"
    for number, entry in enumerate(entries, 1):
        unit = etree.SubElement(file_el, _q2("unit"), {"id": f"u{number}", "name": entry.context})
        unit.set(XML_SPACE, "preserve")
        pieces = tokenize(entry.source) if entry.tags else _plain(entry.source)
        target = (align(entry.target, pieces) if entry.tags else _plain(entry.target)) if entry.target else None
        if entry.fuzzy and entry.previous and entry.previous != entry.source and target is not None:
            matches = etree.SubElement(unit, f"{{{MATCHES_20}}}matches")
            match = etree.SubElement(matches, f"{{{MATCHES_20}}}match", {"ref": "#s1", "type": "other",
                                                                         "subType": PREVIOUS_20})
            _fill2(etree.SubElement(match, _q2("source")),
                   align(entry.previous, pieces) if entry.tags else _plain(entry.previous))
            _fill2(etree.SubElement(match, _q2("target")), target)
        notes = etree.SubElement(unit, _q2("notes"))
        etree.SubElement(notes, _q2("note"), {"category": "description"}).text = _xml_text(entry.note)
        etree.SubElement(notes, _q2("note"), {"category": "location"}).text = _xml_text(entry.reference)
        if entry.target_fp:
            etree.SubElement(notes, _q2("note"), {"category": "reportgen-target"}).text = entry.target_fp
        data = _original_data(pieces + (target or []))
        if data:
            original = etree.SubElement(unit, _q2("originalData"))
            for key, code in data.items():
                item = etree.SubElement(original, _q2("data"), {"id": key})
                item.text = _xml_text(code)
        segment = etree.SubElement(unit, _q2("segment"), {"id": "s1"})
        _fill2(etree.SubElement(segment, _q2("source")), pieces)
        if target is not None:
            _fill2(etree.SubElement(segment, _q2("target")), target)
            segment.set("state", "initial" if entry.fuzzy else "translated")
            if entry.fuzzy:
                segment.set("subState", FUZZY_20)
    end = etree.SubElement(file_el, _q2("unit"), {"id": "end", "name": END_CONTEXT, "translate": "no"})
    segment = etree.SubElement(end, _q2("segment"), {"state": "final"})
    etree.SubElement(segment, _q2("source")).text = end_text(len(entries))
    etree.SubElement(segment, _q2("target")).text = end_text(len(entries))
    _indent(root, 0)
    written: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return written + b"\n"


def _data_id(tag: Tag) -> str:
    return f"d{tag.id}" + ("e" if tag.role == "close" else "")


def _original_data(pieces: list[Piece]) -> dict[str, str]:
    """The Markdown each inline code stands for, by data id (the original's first)."""
    data: dict[str, str] = {}
    for piece in pieces:
        if isinstance(piece, Tag):
            data.setdefault(_data_id(piece), piece.code)
    return data


def _fill2(element: XmlElement, pieces: list[Piece]) -> None:
    """Text and inline codes into an XLIFF 2.0 <source>/<target>: <pc> for a pair that nests,
    <sc>/<ec> for one that does not, <ph> for an isolated code; each points at its Markdown in
    <originalData> and shows it (`disp`)."""
    _fill_inline(element, pieces, _code_20)


def _code_20(parent: XmlElement, piece: Tag, nests: bool, opened: list[int]) -> XmlElement:
    kind, sub = TYPES_20[piece.kind]
    attributes = {"type": kind, **({"subType": sub} if sub else {})}
    element: XmlElement
    if piece.role == "single":
        element = etree.SubElement(parent, _q2("ph"), {"id": str(piece.id), "dataRef": _data_id(piece),
                                                       "disp": _xml_text(piece.code.strip() or "⏎"), **attributes})
    elif nests:
        element = etree.SubElement(parent, _q2("pc"), {"id": str(piece.id), "dataRefStart": _data_id(piece),
                                                       "dataRefEnd": f"d{piece.id}e", **attributes})
    elif piece.role == "open":
        element = etree.SubElement(parent, _q2("sc"), {"id": str(piece.id), "dataRef": _data_id(piece), **attributes})
    else:
        extra = {"startRef": str(piece.id)} if piece.id in opened else {"id": str(piece.id), "isolated": "yes"}
        element = etree.SubElement(parent, _q2("ec"), {"dataRef": _data_id(piece), **extra, **attributes})
    return element


def _read_xliff2(root: XmlElement, display: str) -> Catalog:
    ns = {"x": XLIFF_20, "m": MATCHES_20}
    files = root.findall("x:file", ns)
    if not files:
        raise ContentError.single(display, root.sourceline or 1, "not an XLIFF 2.0 file (no <file> element)",
                                  "give the .xlf written by 'reportgen translate export'", code="catalog.syntax")
    declared, closed, entries, generator = None, False, [], False
    for file_el in files:
        for note in file_el.findall("x:notes/x:note", ns):
            if note.get("category") == "reportgen" and (note.text or "").startswith("entries:"):
                declared = _count((note.text or "").split(":", 1)[1])
                generator = True
        for unit in file_el.iter(_q2("unit")):
            context = unit.get("name") or unit.get("id") or ""
            segments = unit.findall("x:segment", ns) + unit.findall("x:ignorable", ns)
            segments.sort(key=lambda el: list(unit).index(el))
            source = "".join(_inline_text(s.find("x:source", ns)) for s in segments)
            if _is_end(context, source):
                closed = True
                continue
            targets = [s.find("x:target", ns) for s in segments]
            target = "".join(_inline_text(t) for t in targets if t is not None)
            states = {s.get("state") for s in unit.findall("x:segment", ns) if s.find("x:target", ns) is not None}
            state = next((s for s in ("initial", "translated", "reviewed", "final") if s in states), None)
            fuzzy = bool(target.strip()) and any(s not in DONE_STATES_20 for s in states)
            notes = {n.get("category"): (n.text or "") for n in unit.findall("x:notes/x:note", ns)}
            previous = ""
            for match in unit.findall("m:matches/m:match", ns):
                if match.get("subType") == PREVIOUS_20 and match.find("x:source", ns) is not None:
                    previous = _inline_text(match.find("x:source", ns))
            target_fp = notes.get("reportgen-target")
            entries.append(Entry(context, _nfc(source), _nfc(target), fuzzy, unit.sourceline or 0, _nfc(previous),
                                 target_fp.strip() if target_fp is not None else None, state,
                                 notes.get("location", "")))
    first = files[0]
    return Catalog(display, root.get("trgLang") or None, entries, first.get("original") or None,
                   declared, closed, generator)


# --- TMX ---------------------------------------------------------------------------------------

def tmx_bytes(entries: list[OutEntry], source_lang: str, lang: str, project: str) -> bytes:
    """The translation memory: every translated, not fuzzy, text with its original (TMX 1.4), the
    markup as it is in the Markdown."""
    root = etree.Element("tmx", {"version": "1.4"})
    etree.SubElement(root, "header", {"creationtool": "reportgen", "creationtoolversion": "1", "datatype": "plaintext",
                                      "segtype": "paragraph", "adminlang": "en", "srclang": source_lang,
                                      "o-tmf": "reportgen"})
    body = etree.SubElement(root, "body")
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    for entry in entries:
        if not entry.target.strip() or entry.fuzzy:
            continue
        unit = etree.SubElement(body, "tu", {"tuid": entry.context})
        etree.SubElement(unit, "prop", {"type": "x-project"}).text = project
        for code, text in ((source_lang, entry.source), (lang, entry.target)):
            variant = etree.SubElement(unit, "tuv")
            variant.set(xml_lang, code)
            etree.SubElement(variant, "seg").text = _xml_text(text)
    written: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return written


# --- either --------------------------------------------------------------------------------------

def read_catalog(path: Path, display: str) -> Catalog:
    """Entries of a PO or XLIFF file; a file that cannot be read raises ContentError with its line."""
    kind = catalog_format(path)
    if kind is None:
        raise ContentError.single(display, None, f"unknown catalog type {path.suffix!r}",
                                  "give a .po or .xlf (XLIFF 1.2) file", code="catalog.format")
    try:
        size = path.stat().st_size
        if size > MAX_CATALOG_BYTES:
            raise ContentError.single(display, None, f"the file is {size // (1024 * 1024)} MB, more than a "
                                      f"translation file can be ({MAX_CATALOG_BYTES // (1024 * 1024)} MB)",
                                      "give the file written by 'reportgen translate export'",
                                      code="catalog.too_large")
        raw = path.read_bytes()
    except OSError as exc:
        raise ContentError.single(display, None, f"cannot read the file: {exc.strerror}",
                                  code="file.unreadable") from None
    return _read_po(raw, display) if kind == "po" else _read_xliff(raw, display)


def _nfc(text: object) -> str:
    return unicodedata.normalize("NFC", str(text))
