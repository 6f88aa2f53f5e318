"""Debris repair: Markdown converted from a PDF or Word file -> clean blocks.

What converters leave behind, and what happens to it here:
- HTML fragments (`<b>`, `<i>`, `<p>`, `<sup>12</sup>`, `<br>`, whole `<table>`s) become Markdown
  (`**`, `*`, paragraph breaks, `[^12]`) or table rows;
- tab-separated and pipe tables become rows of cells;
- page numbers, table-of-contents lines (dot leaders) and running headers (a short line repeated
  on many pages) are dropped and counted;
- paragraphs split by a page break (the first does not end a sentence, the next starts in
  lower case; footnotes may sit in between) are joined again.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

from .blocks import Block
from .vocabulary import BULLET_GLYPHS, FINDING_ID, ITEM_LABELS, O_BULLET, fold

PARAGRAPH_END = "\u2029"  # plain text's paragraph end: see plain_text.py

_HEADING = re.compile(r"^(#{1,6})\s*(.*?)\s*#*\s*$")
_RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")
_COMMENT = re.compile(r"(?:<!--.*?-->\s*)+", re.S)
_PAGE_NUMBER = re.compile(r"^\s*(?:page|página|pág\.|p\.)?\s*\d{1,3}\s*(?:/\s*\d{1,3})?\s*$", re.I)
_TOC_LINE = re.compile(r"(?:\.{4,}|…{2,})\s*(?:</?i>)*\s*\t?\s*(?:</?i>)*\d{1,3}\s*(?:</?i>)*\s*$")
_SUP_FOOTNOTE_DEF = re.compile(r"^\s*<sup>\s*(\d{1,4})\s*</sup>\s*(.*)$", re.S)
_MD_FOOTNOTE_DEF = re.compile(r"^\s*\[\^(\d{1,4})\]:\s*(.*)$", re.S)
_HEADING_MARKS = re.compile(r"^[►▶■●•\s]+")
SENTENCE_END = re.compile(r"[.!?:;…”\"»)\]]\s*(\[\^\d+\])*\s*$")
_LOWER_START = re.compile(r"^[\s*_]*[a-záéíóúñüàèìòùâêîôûçœæ(]")
# A short line printed on many pages (report title, "ILO Evaluation Office") is a running header.
RUNNING_HEADER_MIN_REPEATS = 4
RUNNING_HEADER_MAX_CHARS = 90
LONG_LIST_ITEM = 200
MAX_TITLE_WORDS = 12


@dataclass
class Cleaned:
    blocks: list[Block]
    removed: Counter[str] = field(default_factory=Counter)  # what was dropped, by kind
    joined: list[int] = field(default_factory=list)     # source lines where a split paragraph was joined


def clean(lines: list[str], soft_wraps: bool = False) -> Cleaned:
    """`soft_wraps`: the source is plain text whose paragraphs are wrapped at the page's width (a
    PDF's text): a paragraph's lines are one line of words again, its list items one per line."""
    result = Cleaned([])
    for first_line, raw in _raw_blocks(lines):
        block = _classify(first_line, _unwrapped(raw) if soft_wraps else raw, result.removed)
        if block is not None:
            result.blocks.append(block)
    result.blocks = _drop_running_headers(result.blocks, result.removed, _first_page_break(lines))
    result.blocks = _join_split_paragraphs(result.blocks, result.joined)
    return result


def _raw_blocks(lines: list[str]) -> Iterator[tuple[int, list[str]]]:
    """Blank-line separated runs of lines, each with its first 1-based line number.

    A heading line is a block of its own even without blank lines around it, and so is a
    footnote definition (`<sup>12</sup> …`, `[^12]: …`) that starts a line; an HTML table is kept
    whole across blank lines.
    """
    current: list[str] = []
    start = 0
    in_table = False
    for number, line in enumerate(lines, start=1):
        if in_table:
            current.append(line)
            if "</table>" in line.lower():
                in_table = False
            continue
        if not line.strip():
            if current:
                yield start, current
            current = []
            continue
        if _HEADING.match(line) and not line.startswith("#!"):
            if current:
                yield start, current
            yield number, [line]
            current = []
            continue
        if current and (_starts_footnote(line) or ("\t" in line) != ("\t" in current[-1])):
            # A footnote printed right under the text or the page number after a page break; a
            # run of tab-separated rows (a table) is a block of its own.
            yield start, current
            current = []
        if line.startswith("\f"):  # a new page (plain text): its first line opens a block
            if current:
                yield start, current
            current = []
        line = line.replace("\f", "")
        if not current:
            start = number
        if line.endswith(PARAGRAPH_END):  # plain text's paragraph end (plain_text.py): the block ends here
            yield start, current + [line[:-1]]
            current = []
            continue
        current.append(line)
        if "<table" in line.lower() and "</table>" not in line.lower():
            in_table = True
    if current:
        yield start, current


# A list item's marker in plain text: a bullet glyph (the PDF's Symbol-font bullet included), a dash.
_TEXT_BULLET = re.compile(rf"^\s*(?:[{BULLET_GLYPHS}]|{O_BULLET}|[-–*](?=\s))\s*")
_LIST_ITEM = re.compile(r"^\s*(?:\d{1,2}[.)]|[a-z][.)])\s+\S")


def opens_item(line: str) -> bool:
    """A line opening with an item's label ("Finding 2:", "C3.", "Recommendation 3.", "Lesson learned 1 -"),
    after the report's paragraph number or not ("9.   Finding 3.")."""
    line = _PARAGRAPH_NUMBER.sub("", line, count=1)
    if not _MAY_OPEN_ITEM.match(line):  # (cheap first: most lines open with no label)
        return False
    words = fold(line.strip())
    return any(p.match(words) for p in (FINDING_ID, _CONCLUSION_ID, *ITEM_LABELS.values()))


_PARAGRAPH_NUMBER = re.compile(r"^\s*\d{1,4}\.\s+(?=[^\W\d_])")
# A label is a few letters (and dots or spaces) then a number: "Finding 2:", "R.1", "LA1", "Lección 3".
_MAY_OPEN_ITEM = re.compile(r"^[\s*_]*[^\W\d_][^\d\n]{0,40}?\d")


_CONCLUSION_ID = re.compile(r"^(?:c|conclusion|conclusiones?)\s?\.?\s?\d{1,3}(?:\s*\([^()\n]{1,60}\))?(?:\s*[.:)\-–]|$)")


def _unwrapped(raw: list[str]) -> list[str]:
    """Wrapped lines joined with a space (a word hyphenated at the line's end is one again); a list
    item starts a line of its own, marked "- "."""
    if any("\t" in line or line.lstrip().startswith(("|", "#", "<")) for line in raw):
        return raw
    out: list[str] = []
    hanging = False  # the list item above is laid out with a hanging indent: its lines go on indented
    for line in raw:
        bullet = _TEXT_BULLET.match(line)
        text = ("- " + line[bullet.end():]) if bullet and line[bullet.end():].strip() else line.strip()
        if not out or bullet or _LIST_ITEM.match(line) or _MD_FOOTNOTE_DEF.match(line) or _SUP_FOOTNOTE_DEF.match(line) \
                or opens_item(line) or (opens_item(out[-1]) and len(out[-1].split()) <= 2) \
                or (hanging and not line[:1].isspace()):  # "C1" alone: a label line; text after an indented list
            out.append(text)
            hanging = bullet is not None and bullet.end() > 2
        elif re.search(r"[^\W\d_]-$", out[-1]) and text[:1].islower():
            out[-1] = out[-1][:-1] + text
        else:
            out[-1] = f"{out[-1]} {text}"
    return out


def _starts_footnote(line: str) -> bool:
    return "\t" not in line and bool(_SUP_FOOTNOTE_DEF.match(line) or _MD_FOOTNOTE_DEF.match(line))


def _classify(line: int, raw: list[str], removed: Counter[str]) -> Block | None:
    text = "\n".join(raw)
    stripped = text.strip()
    heading = _HEADING.match(stripped) if len(raw) == 1 else None
    if heading:
        title = heading_text(heading.group(2))
        if not title:
            return None
        return Block("heading", title, line, level=len(heading.group(1)))
    if _RULE.match(stripped):
        return None
    if _COMMENT.fullmatch(stripped):  # pandoc's "<!-- -->" between two lists of a Word file
        return None
    if _PAGE_NUMBER.match(stripped):
        removed["page numbers"] += 1
        return None
    if all(_TOC_LINE.search(r) or not r.strip() for r in raw):
        removed["table-of-contents lines"] += len(raw)
        return None
    for pattern in (_SUP_FOOTNOTE_DEF, _MD_FOOTNOTE_DEF):
        found = pattern.match(stripped)
        if found and found.group(2).strip():
            return Block("footnote", inline(found.group(2)).strip(), line, number=found.group(1))
    if "<table" in stripped.lower():
        rows = html_table_rows(stripped)
        return _table(rows, line) if rows else None
    if any("\t" in r for r in raw):
        return _table([[cell_text(c.replace("<br>", "\n\n")) for c in r.split("\t")] for r in raw if r.strip()], line)
    if all(r.lstrip().startswith("|") for r in raw) and len(raw) >= 2:
        return _table(_pipe_rows(raw), line)
    while len(raw) > 1 and _PAGE_NUMBER.match(raw[-1]):  # the page number under the page's last lines
        raw = raw[:-1]
        removed["page numbers"] += 1
    return Block("para", inline("\n".join(raw)).strip(), line)


def _table(rows: list[list[str]], line: int) -> Block | None:
    rows = [r for r in rows if any(c.strip() for c in r)]
    if not rows:
        return None
    return Block("table", "\n".join(" | ".join(r) for r in rows), line, rows=rows)


def _pipe_rows(raw: list[str]) -> list[list[str]]:
    rows = []
    for index, r in enumerate(raw):
        cells = [c.strip() for c in r.strip().strip("|").split("|")]
        # the delimiter row: under the header one hyphen per cell is enough (GFM, pandoc)
        if all(re.fullmatch(r":?-+:?" if index == 1 else r":?-{3,}:?", c) for c in cells if c):
            continue
        rows.append([cell_text(c.replace("<br>", "\n\n")) for c in cells])
    return rows


def heading_text(raw: str) -> str:
    """A heading's words: without ►, without emphasis wrapping the whole heading."""
    text = _HEADING_MARKS.sub("", inline(raw)).strip()
    while len(text) > 4 and text[0] in "*_" and text[-1] == text[0]:
        text = text[1:-1].strip()
    return text


def promote_headings(blocks: list[Block]) -> list[Block]:
    """For a source without heading styles (a Word file whose chapter titles are bold or capital
    paragraphs): short bold or all-capital paragraphs become headings. Used only when no chapter
    heading is found otherwise, because in a styled report such paragraphs are table titles and
    field labels."""
    return [Block("heading", heading_text(b.text), b.line, level=3) if b.kind == "para" and _looks_like_title(b.text)
            else b for b in blocks]


_SECTION_NUMBER = re.compile(r"^\**\s*(?P<number>\d{1,2}(?:\.\d{1,2})+)\.?\s+\S")


def promote_numbered_subheadings(blocks: list[Block]) -> tuple[list[Block], int]:
    """A bold paragraph numbered one level below the heading above it ("**9.1.1 Alignment**" under
    "9.1 Relevance") is that heading's sub-heading: a house style whose deepest headings are set
    bold at body size, which a PDF shows as a bold line, not a heading. Returns the blocks and the
    count promoted."""
    out: list[Block] = []
    numbers: dict[str, int] = {}   # section number -> heading level, of the headings so far
    promoted = 0
    for block in blocks:
        found = _SECTION_NUMBER.match(block.text) if block.kind in ("heading", "para") else None
        if block.kind == "heading" and found:
            numbers[found.group("number")] = block.level
        elif block.kind == "para" and found and _looks_like_title(block.text) and \
                found.group("number").rsplit(".", 1)[0] in numbers:
            level = numbers[found.group("number").rsplit(".", 1)[0]] + 1
            block = Block("heading", heading_text(block.text), block.line, level=level)
            numbers[found.group("number")] = level
            promoted += 1
        out.append(block)
    return out, promoted


def _looks_like_title(text: str) -> bool:
    text = text.strip()
    if "\n" in text or len(text.split()) > MAX_TITLE_WORDS or text.rstrip("*").endswith((".", ":", ";", ",")):
        return False
    bold = text.startswith("**") and text.endswith("**") and "**" not in text[2:-2]
    letters = [c for c in text if c.isalpha()]
    shouting = len(letters) >= 4 and all(c.isupper() for c in letters)
    return bold or shouting


# --- inline HTML -> Markdown ----------------------------------------------------------

_EMPHASIS_TAG = r"(?:b|strong|i|em)"
_EMPTY_EMPHASIS_TAG = re.compile(rf"<\s*({_EMPHASIS_TAG})\s*>(\s*)<\s*/\s*\1\s*>", re.I)
# "<i>one</i><i>two</i>" would become "*one**two*" (read as bold): the two runs are one.
_ADJACENT_EMPHASIS_TAGS = re.compile(rf"<\s*/\s*({_EMPHASIS_TAG})\s*>(\s*)<\s*\1\s*>", re.I)
_TAG_EMPHASIS = [(re.compile(r"<\s*(?:b|strong)\s*>", re.I), "**"), (re.compile(r"<\s*/\s*(?:b|strong)\s*>", re.I), "**"),
                 (re.compile(r"<\s*(?:i|em)\s*>", re.I), "*"), (re.compile(r"<\s*/\s*(?:i|em)\s*>", re.I), "*")]
_SUP = re.compile(r"<sup>\s*(\d{1,4})\s*</sup>", re.I)
_PARA_TAG = re.compile(r"\s*</?p\b[^>]*>\s*", re.I)
_BR = re.compile(r"<br\s*/?>", re.I)
# An HTML tag: a name followed by a blank, "/" or ">". `<https://…>` and `<a@b.org>` are Markdown
# autolinks (the name runs into ":" or "@"), kept.
_OTHER_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?=[\s/>])[^<>]*>")
# The PDF converter pads: "<b>resultados</b> ." and "( <i>outcomes</i> )". Repaired on the tags, so
# that Markdown emphasis the source wrote itself is never touched.
_PAD_BEFORE_PUNCT = re.compile(rf"(<\s*/\s*{_EMPHASIS_TAG}\s*>)\s+([.,;:)\]])", re.I)
_PAD_AFTER_OPEN = re.compile(rf"([(\[])\s+(<\s*{_EMPHASIS_TAG}\s*>)", re.I)
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);", re.I)


def inline(text: str) -> str:
    """Inline HTML of a converter -> Markdown; `<p>` becomes a paragraph break.

    Only HTML is rewritten: Markdown in the same text (emphasis, links, autolinks, footnote
    references, a bare "&" or "<") comes out as it went in.
    """
    if "<" not in text and "&" not in text:
        return text
    s = _SUP.sub(lambda m: f"[^{m.group(1)}]", text)
    s = _EMPTY_EMPHASIS_TAG.sub(r"\2", s)
    s = _ADJACENT_EMPHASIS_TAGS.sub(r"\2", s)
    s = _PAD_BEFORE_PUNCT.sub(r"\1\2", s)
    s = _PAD_AFTER_OPEN.sub(r"\1\2", s)
    for pattern, mark in _TAG_EMPHASIS:
        s = pattern.sub(mark, s)
    s = _PARA_TAG.sub("\n\n", s)
    s = _BR.sub("\n", s)
    s = _OTHER_TAG.sub("", s)
    s = _ENTITY.sub(lambda m: html.unescape(m.group(0)), s) if "&" in s else s
    return re.sub(r"\n{3,}", "\n\n", s).strip("\n")


def cell_text(cell: str) -> str:
    return inline(cell).strip()


class _TableParser(HTMLParser):
    """Rows and cells of HTML tables; a cell keeps its inner HTML for `inline()`."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self.cell = []
        elif self.cell is not None and tag == "li":  # a list in a cell (Word's bullets): one item a line
            self.cell.append("\n\n- ")
        elif self.cell is not None and tag not in ("ul", "ol"):
            self.cell.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self.cell is not None:
            if not self.rows:
                self.rows.append([])
            self.rows[-1].append(cell_text("".join(self.cell)))
            self.cell = None
        elif self.cell is not None and tag in ("ul", "ol", "li"):
            self.cell.append("\n\n")
        elif self.cell is not None:
            self.cell.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)

    def handle_entityref(self, name: str) -> None:
        self.handle_data(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.handle_data(f"&#{name};")


def html_table_rows(text: str) -> list[list[str]]:
    parser = _TableParser()
    parser.feed(text)
    return parser.rows


# --- page furniture --------------------------------------------------------------------

def _drop_running_headers(blocks: list[Block], removed: Counter[str], cover_end: int) -> list[Block]:
    """Short paragraphs repeated many times: a running header or footer. Those on a PDF text's first
    page (lines before `cover_end`) stay: the cover's title is repeated by every template."""
    counts = Counter(b.text for b in blocks if b.kind == "para" and len(b.text) <= RUNNING_HEADER_MAX_CHARS)
    repeated = {t for t, n in counts.items() if n >= RUNNING_HEADER_MIN_REPEATS and not _is_sentence(t)}
    kept = []
    for block in blocks:
        if block.kind == "para" and block.text in repeated and block.line >= cover_end:
            removed["running headers/footers"] += 1
            continue
        kept.append(block)
    return kept


def _first_page_break(lines: list[str]) -> int:
    """The 1-based number of the line that opens a text's second page; 0 without pages."""
    return next((number for number, line in enumerate(lines, start=1) if "\f" in line), 0)


def _is_sentence(text: str) -> bool:
    return text.rstrip().endswith((".", ":", "?", "!")) and len(text.split()) > 6


def _join_split_paragraphs(blocks: list[Block], joined: list[int]) -> list[Block]:
    """A paragraph cut by a page break continues in the next paragraph that starts in lower case.

    Footnote definitions printed at the foot of the page may sit between the two halves;
    they keep their place after the joined paragraph.
    """
    out: list[Block] = []
    pending_notes: list[Block] = []
    for block in blocks:
        if block.kind == "footnote" and out and out[-1].kind == "para" and _unfinished(out[-1].text):
            pending_notes.append(block)
            continue
        if block.kind == "para" and out and out[-1].kind == "para" and continues(out[-1].text, block.text):
            prev = out[-1]
            out[-1] = Block("para", f"{prev.text} {block.text.lstrip()}", prev.line)
            joined.append(block.line)
            continue
        out.extend(pending_notes)
        pending_notes = []
        out.append(block)
    out.extend(pending_notes)
    return out


def continues(previous: str, text: str) -> bool:
    """Is `text` the rest of `previous`, cut by a page break (no sentence end, then lower case)?"""
    return _unfinished(previous) and bool(_LOWER_START.match(text)) and not _is_list(text)


def _unfinished(text: str) -> bool:
    last_line = text.rstrip().splitlines()[-1] if text.strip() else ""
    if not last_line or SENTENCE_END.search(last_line.rstrip("*_ ")):
        return False
    # A list item is complete on its own unless it runs on like a paragraph (a numbered conclusion).
    return not _is_list(last_line) or len(last_line) > LONG_LIST_ITEM


def _is_list(text: str) -> bool:
    return bool(_LIST_START.match(text)) and not re.match(r"^\s*\*[^*\s]", text)


_LIST_START = re.compile(rf"^\s*(?:[-*+•]\s|\d{{1,3}}[.)]\s|[{BULLET_GLYPHS}]|{O_BULLET})")
