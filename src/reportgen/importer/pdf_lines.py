"""One PDF page -> its text lines, each word with its font (size, bold, italic), superscript and link.

pdfplumber (on pdfminer.six) gives every word with the name and size of its font and its position;
a word set smaller and higher than the line it sits on is a superscript (a footnote reference). Tables
found by pdfplumber's table finder are taken out of the text and kept as rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.I)
_ITALIC = re.compile(r"italic|oblique|slanted", re.I)
SUPERSCRIPT_SIZE = 0.85   # a superscript is set at most this share of its line's size ...
SUPERSCRIPT_RISE = 0.2    # ... and its foot stands this share of the line's size above the baseline
LINE_TOLERANCE = 0.5      # words whose middles are within half a line height share a line


@dataclass
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    italic: bool
    link: str = ""
    superscript: bool = False
    gap: float = 0.0          # the blank before the word on its line (points)
    line_start: bool = False


@dataclass
class Line:
    words: list[Word]
    page: int
    top: float
    bottom: float
    x0: float
    x1: float
    size: float            # the size most of its characters are set in

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def bold(self) -> bool:
        return all(w.bold for w in self.body_words)

    @property
    def italic(self) -> bool:
        return all(w.italic for w in self.body_words)

    @property
    def body_words(self) -> list[Word]:
        return [w for w in self.words if not w.superscript] or self.words


@dataclass
class Table:
    rows: list[list[str]]
    page: int
    top: float
    bottom: float = 0.0


@dataclass
class Page:
    number: int
    height: float
    width: float
    lines: list[Line] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)


def read_page(page, number: int) -> Page:
    out = Page(number, float(page.height), float(page.width))
    tables = [t for t in page.find_tables(_table_settings(page)) if len(t.rows[0].cells) >= 2]
    boxes = [t.bbox for t in tables]
    for table in tables:
        rows = [[_cell(c) for c in row] for row in table.extract()]
        out.tables.append(Table(rows, number, float(table.bbox[1]), float(table.bbox[3])))
    links = [(h.get("uri") or "", (h["x0"], h["top"], h["x1"], h["bottom"])) for h in page.hyperlinks if h.get("uri")]
    words = [_word(w, links) for w in page.extract_words(extra_attrs=["fontname", "size"], x_tolerance=1.5,
                                                         keep_blank_chars=False, use_text_flow=False)
             if not any(_inside(w, box) for box in boxes)]
    out.lines = [_line(group, number) for group in _group_lines(words)]
    return out


def _table_settings(page) -> dict:
    """A row cut by the page's end has no rule under it (nor above its rest on the next page):
    the ends of the column rules close it."""
    ends = {round(float(y), 1) for e in page.edges if e["orientation"] == "v" for y in (e["top"], e["bottom"])}
    return {"explicit_horizontal_lines": sorted(ends)}


def _cell(value) -> str:
    """A cell's lines, each with single spaces: joined once the whole document is read (a hyphen at a
    line's end is judged with the document's words, see pdf_reader._join_lines)."""
    return "\n".join(" ".join(line.split()) for line in (value or "").splitlines() if line.strip())


def _inside(word: dict, box) -> bool:
    middle_x, middle_y = (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2
    return box[0] <= middle_x <= box[2] and box[1] <= middle_y <= box[3]


def _word(raw: dict, links) -> Word:
    font = raw.get("fontname") or ""
    link = next((uri for uri, box in links if _inside(raw, box)), "")
    return Word(raw["text"], float(raw["x0"]), float(raw["x1"]), float(raw["top"]), float(raw["bottom"]),
                round(float(raw.get("size") or 0), 1), bool(_BOLD.search(font)), bool(_ITALIC.search(font)), link)


def _group_lines(words: list[Word]) -> list[list[Word]]:
    """Words -> lines, top to bottom; a superscript joins the line it is raised above."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.bottom, w.x0)):
        middle = (word.top + word.bottom) / 2
        for line in reversed(lines[-3:]):
            anchor = max(line, key=lambda w: w.size)
            if abs(middle - (anchor.top + anchor.bottom) / 2) <= LINE_TOLERANCE * max(anchor.size, word.size):
                line.append(word)
                break
        else:
            lines.append([word])
    ordered = [sorted(line, key=lambda w: w.x0) for line in lines]
    return sorted(ordered, key=lambda line: min(w.top for w in line))


def _line(words: list[Word], page: int) -> Line:
    sizes: dict[float, int] = {}
    for word in words:
        sizes[word.size] = sizes.get(word.size, 0) + len(word.text)
    size = max(sizes, key=lambda s: sizes[s])
    baseline = max(w.bottom for w in words if w.size == size)
    previous: list[Word | None] = [None, *words[:-1]]
    for before, word in zip(previous, words):
        word.gap = word.x0 - before.x1 if before else 0.0
        word.superscript = (word.size <= SUPERSCRIPT_SIZE * size and word.bottom <= baseline - SUPERSCRIPT_RISE * size
                            and word.text.isdigit())
    return Line(words, page, min(w.top for w in words), max(w.bottom for w in words),
                min(w.x0 for w in words), max(w.x1 for w in words), size)
