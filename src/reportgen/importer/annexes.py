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
from .vocabulary import fold

ANNEX_HEADING = re.compile(r"(?i)^(?:anexo|annex|annexe|appendix)\s+(\d{1,2})\b")
TEMPLATE_ANNEX = re.compile(r"leccion|lesson|lecon|practica|practice|pratique")
SENSITIVE_ANNEX = re.compile(r"entrevistad|interview|personas consultadas|persons? (?:met|consulted)|"
                             r"personnes (?:rencontrees|consultees)|interlocuteurs")


def annex_documents(blocks: list[Block], lang: str, record: ImportRecord) -> list[tuple[ItemData, str]]:
    """(document item, body Markdown) per annex, in order."""
    documents = []
    for annex in _split(blocks):
        if not TEMPLATE_ANNEX.search(fold(annex[0].text)):
            documents.append(_document(annex, lang, record))
    return documents


def _split(blocks: list[Block]) -> list[list[Block]]:
    annexes: list[list[Block]] = []
    for block in blocks:
        if block.kind == "heading" and ANNEX_HEADING.match(block.text):
            annexes.append([block])
        elif annexes:
            annexes[-1].append(block)
    return annexes


def _document(blocks: list[Block], lang: str, record: ImportRecord) -> tuple[ItemData, str]:
    heading = blocks[0]
    number = ANNEX_HEADING.match(heading.text)
    assert number is not None, "an annex's blocks open with its heading"
    ident = f"ANX{int(number.group(1))}"
    body, _ = markdown_of(blocks[1:])
    document = {"id": ident, "title": {lang: heading.text}, "body": {lang: f"{ident}.{lang}.md"}, "_line": heading.line}
    if SENSITIVE_ANNEX.search(fold(heading.text)):
        document["visibility"] = "internal"
        add_note(document, record.guess(heading.line, ident, "internal (review edition only): it seems to name the "
                                        "people interviewed; confirm, or set visibility: public"))
    return document, body
