"""PO and XLIFF 1.2 files, through translate-toolkit (no hand-written PO syntax or XML).

PO: one entry per unit, `msgctxt` the unit's context, `#.` the item and its title, `#:` the
original's file:line, `#, fuzzy` where the original changed since the translation was made.
XLIFF 1.2: the same units converted by translate-toolkit's po2xliff, each `trans-unit` with
`id` and `resname` set to the context (po2xliff would number them, losing the context).
"""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from translate.convert import po2xliff
from translate.storage import po, poxliff
from translate.storage.poparser import PoParseError

from ..errors import ContentError

PO_SUFFIXES = (".po", ".pot")
XLIFF_SUFFIXES = (".xlf", ".xliff")
XLIFF_12 = "urn:oasis:names:tc:xliff:document:1.2"
DONE_STATES = ("translated", "signed-off", "final")


@dataclass(frozen=True)
class OutEntry:
    context: str
    source: str
    target: str
    note: str
    reference: str
    fuzzy: bool


@dataclass(frozen=True)
class Entry:
    context: str
    source: str
    target: str
    fuzzy: bool
    line: int


@dataclass(frozen=True)
class Catalog:
    display: str
    language: str | None
    entries: list[Entry]


def catalog_format(path: Path) -> str | None:
    suffix = path.suffix.lower()
    return "po" if suffix in PO_SUFFIXES else "xliff" if suffix in XLIFF_SUFFIXES else None


def po_bytes(entries: list[OutEntry], source_lang: str, lang: str, project: str) -> bytes:
    store = _po_store(entries, source_lang, lang, project)
    return bytes(store)


def xliff_bytes(entries: list[OutEntry], source_lang: str, lang: str, project: str) -> bytes:
    store = _po_store(entries, source_lang, lang, project)
    skeleton = (f'<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="{XLIFF_12}">'
                f'<file original="NoName" source-language="{source_lang}" target-language="{lang}" '
                'datatype="plaintext"><body/></file></xliff>\n').encode()
    output: poxliff.PoXliffFile = poxliff.PoXliffFile(io.BytesIO(skeleton), sourcelanguage=source_lang, targetlanguage=lang)
    converter = _ContextKeepingConverter()
    for unit in store.units:
        if not unit.isblank():
            converter.convertunit(output, unit, project)
    tree = etree.fromstring(bytes(output))
    etree.cleanup_namespaces(tree)  # units are made in the 1.1 namespace and moved into the 1.2 document
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", pretty_print=True)


class _ContextKeepingConverter(po2xliff.po2xliff):
    def convertunit(self, outputstore, inputunit, filename):
        unit = super().convertunit(outputstore, inputunit, filename)
        if not inputunit.isheader():
            unit.setid(inputunit.getcontext())
            unit.xmlelement.set("resname", inputunit.getcontext())
            if inputunit.isfuzzy() and inputunit.target:  # XLIFF 1.2's word for fuzzy
                unit.set_state_n(unit.S_NEEDS_REVIEW)
        return unit


def _po_store(entries: list[OutEntry], source_lang: str, lang: str, project: str) -> po.pofile:
    store = po.pofile()
    store.init_headers(charset="UTF-8", encoding="8bit", Language=lang,
                       **{"Project-Id-Version": project, "X-Source-Language": source_lang,
                          "X-Generator": "reportgen translate"})
    for entry in entries:
        unit = store.UnitClass(entry.source)
        unit.setcontext(entry.context)
        unit.target = entry.target
        unit.addnote(entry.note, origin="developer")
        unit.addlocation(entry.reference)
        unit.markfuzzy(entry.fuzzy)
        store.addunit(unit)
    return store


def read_catalog(path: Path, display: str) -> Catalog:
    """Entries of a PO or XLIFF file; a file that cannot be read raises ContentError with its line."""
    kind = catalog_format(path)
    if kind is None:
        raise ContentError.single(display, None, f"unknown catalog type {path.suffix!r}",
                                  "give a .po or .xlf (XLIFF 1.2) file")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ContentError.single(display, None, f"cannot read the file: {exc.strerror}") from None
    return _read_po(raw, display) if kind == "po" else _read_xliff(raw, display)


def _read_po(raw: bytes, display: str) -> Catalog:
    try:
        store = po.pofile(raw)
    except PoParseError as exc:
        raise ContentError.single(display, _po_error_line(str(exc)), f"broken PO file: {exc}",
                                  "open it in Poedit (or run 'msgfmt --check') to repair it") from None
    except (UnicodeDecodeError, LookupError, ValueError) as exc:
        raise ContentError.single(display, _bad_byte_line(raw), f"broken PO file: {exc}",
                                  "save it as UTF-8 (and say so in the header: charset=UTF-8)") from None
    header = store.parseheader()
    entries = [Entry(unit.getcontext(), _nfc(unit.source), _nfc(unit.target or ""), unit.isfuzzy(),
                     unit.line_number) for unit in store.units if not unit.isheader() and not unit.isobsolete()]
    if not entries and not header:
        raise ContentError.single(display, 1, "not a PO file (no entries and no header)",
                                  "give the file written by 'reportgen translate export'")
    return Catalog(display, header.get("Language") or None, entries)


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


def _read_xliff(raw: bytes, display: str) -> Catalog:
    try:
        store: poxliff.PoXliffFile = poxliff.PoXliffFile(raw)
    except etree.XMLSyntaxError as exc:
        raise ContentError.single(display, exc.lineno, f"broken XLIFF file: {exc.msg}",
                                  "open it in your CAT tool and export it again") from None
    except (ValueError, StopIteration, AttributeError) as exc:
        raise ContentError.single(display, 1, f"not an XLIFF 1.x file ({exc or 'no <file> element'})",
                                  "give the .xlf written by 'reportgen translate export'") from None
    entries = []
    for unit in store.units:
        if unit.isheader():
            continue
        context = unit.xmlelement.get("resname") or unit.xmlelement.get("id") or ""
        entries.append(Entry(context, _nfc(unit.source or ""), _nfc(unit.target or ""), _xliff_fuzzy(unit),
                             unit.xmlelement.sourceline or 0))
    language = store.gettargetlanguage() if hasattr(store, "gettargetlanguage") else None
    return Catalog(display, language or None, entries)


def _xliff_fuzzy(unit) -> bool:
    """Not approved and not marked done: CAT tools set state="translated" (or approve) when done."""
    if not unit.target or unit.isapproved():
        return False
    target = unit.getlanguageNode(lang=None, index=1)
    return target is None or target.get("state") not in DONE_STATES


def _nfc(text) -> str:
    return unicodedata.normalize("NFC", str(text))
