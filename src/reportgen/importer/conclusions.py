"""Conclusions chapter -> numbered conclusions grouped under criterion headings.

"Conclusion 1:", "C1." (a heading or the start of a paragraph, also after the report's own
paragraph number: "198. **Conclusion 1.**") or a numbered list "1. …" opens a conclusion; the
paragraphs after it, up to the next one or a heading, belong to it. Paragraphs before the first
one are the chapter introduction.

The ID comes from the label, never from a paragraph number: a chapter whose numbers do not
start at 1 ("198.", "199.") continues the report's paragraph numbering, so its conclusions are
unnumbered. Unnumbered conclusions (plain paragraphs under criterion headings or numbered
paragraphs) get IDs C1, C2, … and an import note. A chapter of plain paragraphs (no label, number
or heading) has one conclusion per paragraph, or per bold lead-in ("**Relevance.** The project…")
when some paragraphs have one; a first paragraph announcing them ("…the following conclusions:")
is the introduction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .blocks import Block
from .record import ImportRecord, ItemData, add_note
from .structure import chapter_kind
from .text import (item_rows, list_pieces, paragraph_number, split_at_labels, split_numbered, strip_label,
                   table_markdown, with_columns)
from .vocabulary import CRITERION_STEMS, NUMBER_SIGN, fold

_NUMBERED = re.compile(r"^(?:c|conclusion|conclusions?)?\s?\.?\s?(?P<n>\d{1,3})\s*[.:)\-–]\s+")
# A label naming one conclusion: "C3.", "Conclusion 3:", "Conclusión 3 –".
_LABELLED = re.compile(rf"^(?:c|conclusion)\s?\.?\s?{NUMBER_SIGN}(?P<n>\d{{1,3}})\b\s*[.:)\-–]?\s*")


@dataclass
class ConclusionsChapter:
    intro: list[str] = field(default_factory=list)
    items: list[ItemData] = field(default_factory=list)   # with "_criterion_heading" (name, line) until linked


def read_conclusions(blocks: list[Block], lang: str, record: ImportRecord) -> ConclusionsChapter:
    blocks = [piece for block in blocks for piece in split_at_labels(block, [_LABELLED])]
    chapter = ConclusionsChapter()
    heading: tuple[str, int] | None = None
    labelled = any(b.kind in ("heading", "para") and strip_label(b.text, _LABELLED)[0] for b in blocks)
    listed = not labelled and _numbered_list(blocks)
    # "198. The project…": each of the report's numbered paragraphs is one unnumbered conclusion.
    by_paragraph = not labelled and not listed and any(b.kind == "para" and paragraph_number(b.text) for b in blocks)
    plain = not (labelled or listed or by_paragraph) and not any(b.kind == "heading" and chapter_kind(b) != "conclusions"
                                                                 for b in blocks)
    if plain:
        blocks = _bullets_apart(blocks)
    opens_plain = _plain_openings(blocks) if plain else set()
    current: ItemData | None = None
    for block in blocks:
        if block.kind == "footnote":
            continue
        if block.kind == "heading" and chapter_kind(block) == "conclusions":
            heading, current = None, None  # "5.1 Conclusions" under "5. Conclusions and recommendations"
            continue
        rows = _table_conclusions(block, heading, lang, record) if block.kind == "table" else []
        if rows:  # "No. | Conclusion | Related findings": a row each
            chapter.items.extend(rows)
            current = None
            continue
        if block.kind == "heading":
            found, rest = strip_label(block.text, _LABELLED)
            if found:  # "Conclusion 3: Title" as a heading: the title opens the conclusion's text
                named, rest = _bracketed_criterion(rest, block.line)
                current = _open(f"C{int(found.group('n'))}", named or heading,
                                f"**{rest.strip()}**" if rest.strip() else "", block.line, lang)
                chapter.items.append(current)
            else:
                heading, current = (block.text, block.line), None
            continue
        pieces = [table_markdown(block)] if block.kind == "table" else split_numbered(block.text)
        for piece in pieces:
            found, rest = _label(piece, labelled, listed) if block.kind == "para" else (None, piece)
            unnumbered = by_paragraph and paragraph_number(piece) or (
                not labelled and not listed and not by_paragraph and heading is not None
                and not _continues_previous(piece, current)) or (block.line, piece) in opens_plain
            if found or (block.kind == "para" and unnumbered):
                ident = f"C{int(found.group('n'))}" if found else f"C{len(chapter.items) + 1}"
                named, rest = _bracketed_criterion(rest, block.line) if found else (None, rest)
                current = _open(ident, named or heading or _lead_in_criterion(rest, block.line), rest.strip(),
                                block.line, lang)
                if not found:
                    add_note(current, record.guess(block.line, ident, f"unnumbered conclusion; the ID {ident} "
                                                   "was given by the import"))
                chapter.items.append(current)
            elif current is not None:
                current["text"][lang] = (current["text"][lang] + "\n\n" + _without_number(piece).strip()).strip()
            else:
                chapter.intro.append(piece.strip())
    return chapter


_BOLD_LEAD = re.compile(r"^\s*\*\*[^*\n]{2,80}?[.:]\*\*")
# "The evaluation reached the following conclusions." / "…las siguientes conclusiones:"
_ANNOUNCES = re.compile(r"(:\s*$)|\b(following|siguientes|suivantes)\b", re.I)


def _plain_openings(blocks: list[Block]) -> set[tuple[int, str]]:
    """The paragraphs that open a conclusion in a chapter of plain paragraphs: those with a bold
    lead-in when some have one, otherwise every paragraph but an announcing first one and list
    items (which continue the paragraph before them)."""
    pieces = [(b.line, piece) for b in blocks if b.kind == "para" for piece in split_numbered(b.text)]
    led = {(line, piece) for line, piece in pieces if _BOLD_LEAD.match(piece)}
    if led:
        return led
    if pieces and len(pieces[0][1].split()) <= 30 and _ANNOUNCES.search(pieces[0][1]):
        pieces = pieces[1:]
    return {(line, piece) for line, piece in pieces
            if not re.match(r"^\s*[-*+•]\s", piece) and len(piece.split()) >= MIN_PLAIN_WORDS}


MIN_PLAIN_WORDS = 8  # (a plain paragraph shorter than this, "We had fun.", is no conclusion)
_BULLET = re.compile(r"^\s*[-*+•▪◦]\s+")


def _bullets_apart(blocks: list[Block]) -> list[Block]:
    """A chapter whose conclusions are a bulleted list (after an announcing paragraph or none): each item a
    paragraph of its own, its bullet dropped. Bullets under paragraphs of their own stay theirs."""
    pieces = [piece for block in blocks for piece in list_pieces(block)]
    items = [p for p in pieces if p.kind == "para" and _BULLET.match(p.text)]
    others = [p for p in pieces if p.kind == "para" and not _BULLET.match(p.text)]
    announced = len(others) == 1 and others[0] is pieces[0] and bool(_ANNOUNCES.search(others[0].text))
    if len(items) < 2 or others and not announced:
        return blocks
    return [Block("para", _BULLET.sub("", p.text, count=1), p.line) if p in items else p for p in pieces]


# "**Relevance.** The project…", "Sustainability: the systems…": a lead-in of a few words.
_LEAD_IN = re.compile(r"^\s*(?:\*\*)?(?P<words>[^*.:\n]{3,40}?)[.:](?:\*\*)?\s")


def _lead_in_criterion(text: str, line: int) -> tuple[str, int] | None:
    """The criterion a conclusion's lead-in names, as if it were the heading above it."""
    lead = _LEAD_IN.match(text)
    if lead is None:
        return None
    words = lead.group("words").strip()
    named = _ABOUT.sub("", fold(words))   # "Conclusion on relevance" names relevance
    if len(named.split()) <= 4 and CRITERION_STEMS.match(named):
        return (words if named == fold(words) else named.capitalize()), line
    return None


# "**Conclusion 1 (Relevance):** Text" leaves "**(Relevance):** Text" after its label.
_BRACKET = re.compile(r"^\s*(?:\*\*)?\s*\((?P<words>[^()*\n]{3,40})\)\s*[.:\-–—]?\s*(?:\*\*)?\s*")


def _bracketed_criterion(rest: str, line: int) -> tuple[tuple[str, int] | None, str]:
    """A bracket right after a conclusion's label naming a criterion ("Conclusion 1 (relevance):") links the
    conclusion to it and leaves its text; any other bracket ("(see F2)") stays in the text."""
    bracket = _BRACKET.match(rest)
    if bracket is None or not CRITERION_STEMS.match(fold(bracket.group("words")).strip()):
        return None, rest
    return (bracket.group("words").strip(), line), rest[bracket.end():]


# "Conclusion on relevance:", "Conclusión sobre la eficacia:", "Conclusion sur la pertinence :" (folded)
_ABOUT = re.compile(r"^(?:conclusions?|conclusiones?)\s+(?:on|about|regarding|concerning|for|sobre|acerca de|respecto a|"
                    r"de|en|sur|concernant|relative a)\s+(?:the |la |el |le |les |l.)?")


_CONCLUSION_COLUMN = re.compile(r"conclusi(?:on|ones|ons|ón)")
_CRITERION_COLUMN = re.compile(r"(?:evaluation )?(?:criteri(?:on|a|o|os)|criteres?)")


def _table_conclusions(block: Block, heading: tuple[str, int] | None, lang: str, record: ImportRecord) -> list[ItemData]:
    """A table with a "Conclusion" column and a row each: a number column gives the ID (else the row, marked),
    a "Criterion" column links the conclusion to it, any other column goes to its text under its name."""
    found = item_rows(block, {"conclusion": _CONCLUSION_COLUMN}, {"criterion": _CRITERION_COLUMN})
    items = []
    for row in found[1] if found else []:
        ident = f"C{row.number or row.index}"
        named = (row.named["criterion"], block.line) if "criterion" in row.named else heading
        items.append(_open(ident, named, with_columns(row.text, row.others), block.line, lang))
        if row.number is None:
            add_note(items[-1], record.guess(block.line, ident, "conclusion numbered by its row in the table"))
    return items


def _open(ident: str, heading: tuple[str, int] | None, text: str, line: int, lang: str) -> ItemData:
    return {"id": ident, "_criterion_heading": heading, "text": {lang: text}, "_line": line}


def _label(piece: str, labelled: bool, listed: bool) -> tuple[re.Match[str] | None, str]:
    if labelled:
        found, rest = strip_label(piece, _LABELLED)
        if found and rest.count("**") % 2:  # "**Conclusion 1 – Relevance.** Text": the title stays bold
            rest = "**" + rest.lstrip()
        return found, rest
    if listed:
        return strip_label(piece, _NUMBERED, after_number=False)
    return None, _without_number(piece)


def _numbered_list(blocks: list[Block]) -> bool:
    """Do the chapter's numbers start at 1 (a list of conclusions), not continue the report's
    paragraph numbering?"""
    numbers = [int(found.group("n")) for b in blocks if b.kind == "para" for p in split_numbered(b.text)
               if (found := strip_label(p, _NUMBERED, after_number=False)[0])]
    return bool(numbers) and min(numbers) == 1


def _without_number(piece: str) -> str:
    """A paragraph number is the report's, not part of the conclusion's words."""
    return re.sub(r"^(\s*)\d{1,4}\.\s+(?=\S)", r"\1", piece)


def _continues_previous(piece: str, current: ItemData | None) -> bool:
    """Under a criterion heading, an unnumbered paragraph is one more conclusion unless it is
    a list item of the paragraph before it."""
    return current is not None and bool(re.match(r"^\s*[-*+•]\s", piece))
