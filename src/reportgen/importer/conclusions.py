"""Conclusions chapter -> numbered conclusions grouped under criterion headings.

"1. …", "C1. …" or "Conclusion 1:" opens a conclusion; the paragraphs after it, up to the
next numbered one or heading, belong to it. Paragraphs before the first one are the
chapter introduction. Unnumbered conclusions (plain paragraphs under criterion headings)
get IDs C1, C2, … and an import note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .blocks import Block
from .record import ImportRecord, add_note
from .text import split_numbered, strip_label, table_markdown

_NUMBERED = re.compile(r"^(?:c|conclusion|conclusions?)?\s?\.?\s?(?P<n>\d{1,3})\s*[.:)\-–]\s+")
# A heading naming one conclusion: "C3.", "Conclusion 3:", "Conclusión 3 –".
_LABELLED = re.compile(r"^(?:c|conclusion)\s?\.?\s?(?P<n>\d{1,3})\b\s*[.:)\-–]?\s*")


@dataclass
class ConclusionsChapter:
    intro: list[str] = field(default_factory=list)
    items: list[dict] = field(default_factory=list)   # with "_criterion_heading" (name, line) until linked


def read_conclusions(blocks: list[Block], lang: str, record: ImportRecord) -> ConclusionsChapter:
    chapter = ConclusionsChapter()
    heading: tuple[str, int] | None = None
    numbered = any(_NUMBERED.match(p.lstrip("*_ ")) for b in blocks if b.kind == "para"
                   for p in split_numbered(b.text)) or any(b.kind == "heading" and strip_label(b.text, _LABELLED)[0]
                                                          for b in blocks)
    current: dict | None = None
    for block in blocks:
        if block.kind == "footnote":
            continue
        if block.kind == "heading":
            found, rest = strip_label(block.text, _LABELLED)
            if found:  # "Conclusion 3: Title" as a heading: the title opens the conclusion's text
                current = {"id": f"C{int(found.group('n'))}", "_criterion_heading": heading,
                           "text": {lang: f"**{rest.strip()}**" if rest.strip() else ""}, "_line": block.line}
                chapter.items.append(current)
            else:
                heading, current = (block.text, block.line), None
            continue
        pieces = [table_markdown(block)] if block.kind == "table" else split_numbered(block.text)
        for piece in pieces:
            found, rest = strip_label(piece, _NUMBERED) if block.kind == "para" else (None, piece)
            if found or (not numbered and block.kind == "para" and heading is not None):
                ident = f"C{int(found.group('n'))}" if found else f"C{len(chapter.items) + 1}"
                current = {"id": ident, "_criterion_heading": heading, "text": {lang: rest.strip()},
                           "_line": block.line}
                if not found:
                    add_note(current, record.guess(block.line, ident, f"unnumbered conclusion; the ID {ident} "
                                                   "was given by the import"))
                chapter.items.append(current)
            elif current is not None:
                current["text"][lang] = (current["text"][lang] + "\n\n" + piece.strip()).strip()
            else:
                chapter.intro.append(piece.strip())
    return chapter
