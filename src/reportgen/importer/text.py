"""Small text helpers shared by the recognisers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .blocks import Block
from .vocabulary import BULLET_GLYPHS, NUMBER_COLUMN, fold, fold_chars

_ITEM_REF = re.compile(r"\b(C|LA|LL|BP|GP|R)\s?\.?\s?(\d{1,3})\b")
_ANY_REF = re.compile(r"\b([A-Z]{1,3})\s?\.?\s?(\d{1,3})\b(?![.,]\d)")
# A report's own paragraph number before a label: "204. **Recommendation 1.**".
PARAGRAPH_NUMBER = re.compile(r"^[\s*_]*(?P<n>\d{1,4})\.\s+(?=\S)")
_BULLET_MARK = re.compile(rf"^\s*[-+{BULLET_GLYPHS}]\s+(?=\S)")
# A paragraph whose label is bold, after a paragraph number or not: "**R1. Title.** Text", "12. **Lesson 1 -**".
BOLD_START = re.compile(r"^\s*(?:\d{1,4}\.\s+)?\*\*")


def strip_label(text: str, pattern: re.Pattern[str], after_number: bool = True) -> tuple[re.Match[str] | None, str]:
    """Match `pattern` (written for folded text) at the start of `text`, ignoring leading
    emphasis and, when `after_number`, a paragraph number before it ("204. **R1.**"); return
    the match and the rest of the original text (a bold label's closing `**` dropped)."""
    starts = [len(text) - len(text.lstrip(" *_"))]
    # a paragraph number before the label, or a list item's bullet ("-   Lesson 1: …", "• Recommendation 2 -")
    number = (PARAGRAPH_NUMBER.match(text) or _BULLET_MARK.match(text)) if after_number else None
    if number:
        starts.append(number.end() + len(text[number.end():]) - len(text[number.end():].lstrip(" *_")))
    for lead in starts:
        found = pattern.match(fold_chars(text[lead:]))
        if found and found.end() > 0:
            rest = text[lead + found.end():]
            opened = text[:lead].count("**") % 2 == 1
            if opened and rest.lstrip().startswith("**"):  # "**Recommendation 1.** Text": the label was the bold run
                rest = re.sub(r"^[.:\-–—]\s*", "", rest.lstrip()[2:].lstrip())
            return found, rest
    return None, text


def paragraph_number(text: str) -> str | None:
    found = PARAGRAPH_NUMBER.match(text)
    return found.group("n") if found else None


# A report numbers its paragraphs when its numbers run on through this many of them, under this
# many headings (a list restarts at 1 under one heading; a report's numbering runs on).
MIN_RUNNING_PARAGRAPHS, MIN_NUMBERED_HEADINGS = 6, 3
MAX_NUMBER_GAP = 10  # (the numbers of paragraphs read as items, "12. **Finding 3.**", count too)


def running_paragraph_numbers(blocks: list[Block]) -> list[int]:
    """The report's own paragraph numbers ("45. The project…"), the longest run of them going on
    through its chapters (from any number: an excerpt may start at 12); empty when it numbers only
    its lists."""
    chains: dict[int, tuple[list[int], set[int]]] = {}  # a run's last number -> (its numbers, its headings)
    heading = 0
    for block in blocks:
        if block.kind == "heading":
            heading = block.line
            continue
        if block.kind != "para":
            continue
        for line in block.text.split("\n"):
            found = paragraph_number(line)
            if found is None or int(found) in chains:
                continue
            number = int(found)
            before = max((last for last in range(number - MAX_NUMBER_GAP, number) if last in chains),
                         key=lambda last: len(chains[last][0]), default=None)
            numbers, headings = chains.pop(before) if before is not None else ([], set())
            chains[number] = ([*numbers, number], headings | {heading})
    numbers, headings = max(chains.values(), key=lambda chain: len(chain[0]), default=([], set()))
    enough = len(numbers) >= MIN_RUNNING_PARAGRAPHS and len(headings) >= MIN_NUMBERED_HEADINGS
    return numbers if enough else []


def split_at_labels(block: Block, patterns: list[re.Pattern[str]]) -> list[Block]:
    """A paragraph holding several labelled items -> one block per item, each with its own
    source line: one per line ("**R1.** …\n**R2.** …"), or run together after a sentence when the
    labels are bold ("**C1.** One. **C2.** Two.", as a Word paragraph with line breaks converts)."""
    if block.kind != "para":
        return [block]
    pieces: list[tuple[int, list[str]]] = []
    for offset, line in enumerate(block.text.split("\n")):
        for index, part in enumerate(_inline_labelled(line, patterns)):
            if index or not pieces or any(strip_label(part, p)[0] for p in patterns):
                pieces.append((offset, [part]))
            else:
                pieces[-1][1].append(part)
    if len(pieces) == 1:
        return [block]
    return [Block("para", "\n".join(lines), block.line + offset) for offset, lines in pieces]


_BOLD_AFTER_SENTENCE = re.compile(r"(?<=[.!?:;])\s+(?=\*\*)")
# Plain text has no bold: a label in words with its number and a colon ("… plans. Conclusion 2: The …",
# "… plans. Emerging good practice 2: Peer …").
_WORDS_LABEL_AFTER_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀ-Ý][^\W\d_]+(?: [^\W\d_]+){0,2} \d{1,3} ?: [A-ZÀ-Ý¿])")


def _inline_labelled(line: str, patterns: list[re.Pattern[str]]) -> list[str]:
    """`line` cut before each bold label that follows the end of a sentence (or a label in words
    with its number and a colon, in plain text)."""
    parts, start = [], 0
    cuts = sorted([*_BOLD_AFTER_SENTENCE.finditer(line), *_WORDS_LABEL_AFTER_SENTENCE.finditer(line)],
                  key=lambda found: found.start())
    for found in cuts:
        before = line[start:found.start()]
        if re.fullmatch(r"[\s*_]*\d{1,4}\.", before):  # "204. **R1.**": a paragraph number, not a sentence
            continue
        if any(strip_label(line[found.end():], p, after_number=False)[0] for p in patterns):
            parts.append(line[start:found.start()])
            start = found.end()
    return parts + [line[start:]]


def unwrap(text: str) -> str:
    """Remove emphasis that wraps the whole text (an italic key finding, a bold title),
    keeping emphasis inside it balanced."""
    text = text.strip()
    for mark in ("**", "*", "_"):
        if text.startswith(mark) and text.endswith(mark) and len(text) > 2 * len(mark) \
                and text[len(mark):-len(mark)].count(mark) % 2 == 0:
            return unwrap(text[len(mark):-len(mark)])
    # A wrapper opened before a label that was cut off ("*H1. text.*" -> "text.*"): drop the
    # unpaired mark left at either end.
    for mark in ("**", "*"):
        if text.endswith(mark) and text.count(mark) % 2 == 1:
            text = text[:-len(mark)].rstrip()
        if text.startswith(mark) and text.count(mark) % 2 == 1:
            text = text[len(mark):].lstrip()
    return text


# A short first sentence, then more sentences: an item's title whose bold was lost.
_SHORT_FIRST_SENTENCE = re.compile(r"(?P<title>[^.!?]{3,}?)\.\s+(?=[A-ZÀ-Ý¿¡\"“])")
TITLE_WORDS = 12
MIN_TEXT_WORDS = 4


def short_first_sentence(text: str, most: int = TITLE_WORDS) -> tuple[str, str] | None:
    """(title, rest) when `text` opens with a sentence of at most `most` words followed by at
    least MIN_TEXT_WORDS more ("Sector approaches need sector-specific tools. Tools designed for…")."""
    short = _SHORT_FIRST_SENTENCE.match(text)
    if short and len(short.group("title").split()) <= most and len(text[short.end():].split()) >= MIN_TEXT_WORDS:
        return short.group("title").strip(), text[short.end():].strip()
    return None


# "Unions open doors: Domestic workers' unions…": a few words without a sentence's stop, a colon, the text.
_TITLE_BEFORE_COLON = re.compile(r"(?P<title>[^\W\d_][^.!?:;\n]*?\S)\s*:\s+(?=\S)")


def title_before_colon(text: str) -> tuple[str, str] | None:
    """(title, rest) when `text` opens with two to TITLE_WORDS words and a colon followed by at least
    MIN_TEXT_WORDS more (a title whose bold was lost: "Track the graduates: the project should…")."""
    found = _TITLE_BEFORE_COLON.match(text)
    if found and 2 <= len(found.group("title").split()) <= TITLE_WORDS and len(text[found.end():].split()) >= MIN_TEXT_WORDS:
        return found.group("title"), text[found.end():].strip()
    return None


def title_case_if_shouting(text: str) -> str:
    """'EFICACIA DE LOS MECANISMOS' -> 'Eficacia de los mecanismos'; other text unchanged."""
    letters = [c for c in text if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        return text[:1].upper() + text[1:].lower()
    return text


def item_refs(text: str, any_prefix: bool = False) -> list[str]:
    """IDs like C2, LA1, BP.3 cited in a field, normalised (LA.1 -> LA1), in order, once each;
    `any_prefix`: any capitals before the number (F4, H12, KF3), for IDs checked against the import's."""
    seen: list[str] = []
    for prefix, number in (_ANY_REF if any_prefix else _ITEM_REF).findall(text):
        ref = f"{prefix}{int(number)}"
        if ref not in seen:
            seen.append(ref)
    return seen


def slug(text: str, limit: int = 40) -> str:
    words = re.findall(r"[a-z0-9]+", fold(text))
    out = ""
    for word in words:
        candidate = f"{out}-{word}" if out else word
        if len(candidate) > limit:
            break
        out = candidate
    return out if out and out[0].isalpha() else f"x-{out}"


def table_markdown(block: Block) -> str:
    """A table block as a Markdown pipe table (the first row is the header)."""
    width = max(len(r) for r in block.rows)
    rows = [[_cell(c) for c in r] + [""] * (width - len(r)) for r in block.rows]
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * width]
    lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
    return "\n".join(lines)


_LIST_ITEM = re.compile(r"^(?:[-*•▪◦]|\d{1,2}[.)])\s")


def _cell(text: str) -> str:
    """A cell on one line: its paragraphs and list items parted by `<br>` (as pipe tables write a
    cell's lines; tables.py reads them back as lines), the lines a paragraph wrapped joined."""
    pieces: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        current: str | None = None
        for line in (" ".join(raw.split()) for raw in paragraph.splitlines()):
            if not line:
                continue
            if current is not None and not _LIST_ITEM.match(line):
                current += " " + line
                continue
            if current is not None:
                pieces.append(current)
            current = line
        if current is not None:
            pieces.append(current)
    return "<br>".join(pieces).replace("|", "\\|")


def split_numbered(text: str) -> list[str]:
    """A block holding several numbered items on consecutive lines -> one text per item."""
    parts: list[str] = []
    for line in text.splitlines():
        if re.match(r"^\s*\d{1,3}[.)]\s", line) or not parts:
            parts.append(line)
        else:
            parts[-1] += "\n" + line
    return parts


_LIST_ITEM_START = re.compile(r"^\s*(?:\d{1,3}[.)]|[-*+•▪◦])\s+(?=\S)")


def list_pieces(block: Block, bullets: bool = True) -> list[Block]:
    """A paragraph holding a list on consecutive lines ("1. …", "2. …" or "- …" when `bullets`) -> one
    block per item, each at its own line; any other block as it is."""
    if block.kind != "para":
        return [block]
    pieces: list[Block] = []
    for offset, line in enumerate(block.text.splitlines()):
        starts = _LIST_ITEM_START.match(line) if bullets else re.match(r"^\s*\d{1,3}[.)]\s", line)
        if starts or not pieces:
            pieces.append(Block("para", line, block.line + offset))
        else:
            pieces[-1] = Block("para", pieces[-1].text + "\n" + line, pieces[-1].line)
    return pieces


def is_list_item(text: str) -> bool:
    return bool(_LIST_ITEM_START.match(text))


STEM_LETTERS = 5


def words_overlap(a: str, b: str) -> float:
    """Share of the content words of `a` whose stem occurs in `b` (for matching titles to questions).

    A stem is a word's first letters: crude, but it pairs "eficiencia" with "eficientemente" and
    "impactos" with "impacto" in all three languages."""
    wa = {w[:STEM_LETTERS] for w in re.findall(r"[a-z]{4,}", fold(a))}
    wb = {w[:STEM_LETTERS] for w in re.findall(r"[a-z]{4,}", fold(b))}
    return len(wa & wb) / len(wa) if wa else 0.0


@dataclass
class ItemRow:
    """A row of a table listing items, a row each ("No. | Lesson learned | Context")."""
    index: int                    # its place under the header (1 = first)
    number: int | None            # from the number column, when the table has one
    text: str                     # the item's own cell
    named: dict[str, str] = field(default_factory=dict)          # the columns asked for by name
    others: list[tuple[str, str]] = field(default_factory=list)  # the rest: (header as written, value)


def item_rows(block: Block, item_columns: dict[str, re.Pattern[str]],
              named: dict[str, re.Pattern[str]] | None = None) -> tuple[str, list[ItemRow]] | None:
    """(kind, rows) of a table whose header has a column of `item_columns` (kind -> pattern, matched on the
    folded header); a number column ("No.", "#") numbers the rows; None for any other table."""
    if block.kind != "table" or len(block.rows) < 2:
        return None
    header = [fold(unwrap(cell)).strip(" :*") for cell in block.rows[0]]
    found = next(((i, kind) for i, words in enumerate(header) for kind, pattern in item_columns.items()
                  if pattern.fullmatch(words)), None)
    if found is None:
        return None
    column, kind = found
    number_column = next((i for i, words in enumerate(header) if i != column and NUMBER_COLUMN.fullmatch(words)), None)
    named_columns = {name: i for name, pattern in (named or {}).items()
                     for i in [next((i for i, words in enumerate(header) if pattern.fullmatch(words)), None)]
                     if i is not None}
    rows = []
    for index, row in enumerate(block.rows[1:], 1):
        cells = row + [""] * (len(header) - len(row))
        if not cells[column].strip():
            continue
        number = re.match(r"\W*[A-Za-z]{0,3}\.?\s?(\d{1,3})", cells[number_column]) if number_column is not None else None
        taken = {column, number_column, *named_columns.values()}
        rows.append(ItemRow(index, int(number.group(1)) if number else None, unwrap(cells[column]).strip(),
                            {name: unwrap(cells[i]).strip() for name, i in named_columns.items() if cells[i].strip()},
                            [(unwrap(block.rows[0][i]).strip(" :*"), unwrap(cell).strip())
                             for i, cell in enumerate(cells) if i not in taken and cell.strip()]))
    return kind, rows


def with_columns(text: str, others: list[tuple[str, str]]) -> str:
    """An item's text followed by its table's other columns, each under its name ("**Context:** Rural")."""
    return "\n\n".join([text, *(f"**{header}:** {value}" for header, value in others)])
