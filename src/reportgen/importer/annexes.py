"""Annexes -> document pages (one per "Anexo N." / "Annex N:" heading).

The ILO template annexes are read into the lessons and good practices instead (lessons.py).
An annex that names the people interviewed is made internal (review edition only) and marked
for a person to confirm: reports protect their informants.
"""

from __future__ import annotations

import re

from .blocks import Block
from .cover import markdown_of
from .record import ImportRecord, ItemData, add_note
from .text import slug
from .vocabulary import fold

# "Anexo 4.", "Annex II:", "Appendix B –": the number or letter, and the annex's own title after it
ANNEX_HEADING = re.compile(r"(?i)^(?:anexo|annex|annexe|appendix|appendice)\s+(\d{1,2}|[ivx]{1,5}|[a-z])\b"
                           r"\s*[.:–—-]?\s*(?P<title>.*)$")
TEMPLATE_ANNEX = re.compile(r"leccion|lesson|lecon|practica|practice|pratique")
SENSITIVE_ANNEX = re.compile(r"entrevistad|interview|personas consultadas|persons? (?:met|consulted)|"
                             r"personnes (?:rencontrees|consultees)|interlocuteurs")


def annex_documents(blocks: list[Block], lang: str, record: ImportRecord,
                    matrix_line: int = 0) -> list[tuple[ItemData, str]]:
    """(document item, body Markdown) per annex, in order; not the annex holding the question
    matrix (line `matrix_line`), read into the questions."""
    documents = []
    for annex in _split(blocks):
        if not TEMPLATE_ANNEX.search(fold(annex[0].text)) and not any(b.line == matrix_line for b in annex[1:]):
            documents.append(_document(annex, lang, record))
    return documents


def _split(blocks: list[Block]) -> list[list[Block]]:
    """An annex opens at "Annex N" or at any heading not under the open annex's heading (an annex
    the report did not number: "Evaluation matrix", "Budget" under "Annexes")."""
    annexes: list[list[Block]] = []
    for block in blocks:
        opens = block.kind == "heading" and (ANNEX_HEADING.match(block.text) or not annexes
                                             or block.level <= annexes[-1][0].level)
        if opens:
            annexes.append([block])
        elif annexes:
            annexes[-1].append(block)
    return annexes


def _document(blocks: list[Block], lang: str, record: ImportRecord) -> tuple[ItemData, str]:
    heading = blocks[0]
    number = ANNEX_HEADING.match(heading.text)
    label = number.group(1) if number else ""
    ident = f"ANX{int(label) if label.isdigit() else label.upper()}" if number else f"ANX-{slug(heading.text, 24)}"
    body, _ = markdown_of(blocks[1:])
    document = {"id": ident, "title": {lang: heading.text}, "body": {lang: f"{ident}.{lang}.md"}, "_line": heading.line}
    if SENSITIVE_ANNEX.search(fold(heading.text)):
        document["visibility"] = "internal"
        add_note(document, record.guess(heading.line, ident, "internal (review edition only): it seems to name the "
                                        "people interviewed; confirm, or set visibility: public"))
    return document, body


def annex_title(document: ItemData, lang: str) -> str:
    """"Tabla resumen de indicadores" of "Anexo 5. Tabla resumen de indicadores": what names its table."""
    match = ANNEX_HEADING.match(document["title"][lang])
    return match["title"].strip(" *") if match else ""
