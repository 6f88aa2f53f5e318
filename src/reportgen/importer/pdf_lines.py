"""One PDF page -> its text lines, each word with its font (size, bold, italic), superscript and link.

pdfplumber (on pdfminer.six) gives every word with the name and size of its font and its position;
a word set smaller and higher than the line it sits on is a superscript (a footnote reference). Tables
found by pdfplumber's table finder are taken out of the text and kept as rows.

A page is read as a reader turns it: pdfminer already applies a page's /Rotate, but text drawn
turned by its own matrix (a landscape table printed on a portrait page, or a /Rotate page whose
text was not drawn turned back) runs up or down the page. The direction most characters run in is
found from their matrices, and every object's coordinates are turned so that it runs left to right
(`turned`); characters set in another direction (a page number left upright) are left out and counted.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .pdf_gutters import reading_order

if TYPE_CHECKING:  # pdfplumber is imported where a PDF is read (pdf_reader._read_pages)
    from pdfplumber.page import Page as PdfPage
    from pdfplumber.table import Table as PdfTable

_BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.I)
_ITALIC = re.compile(r"italic|oblique|slanted", re.I)
SUPERSCRIPT_SIZE = 0.85   # a superscript is set at most this share of its line's size ...
SUPERSCRIPT_RISE = 0.2    # ... and its foot stands this share of the line's size above the baseline
LINE_TOLERANCE = 0.5      # words whose middles are within half a line height share a line

# A word, character, rule or link as pdfplumber gives it ("text", "x0", "top", "fontname", ...).
PdfObject = dict[str, Any]
Box = tuple[float, float, float, float]  # x0, top, x1, bottom


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
    x0: float = 0.0
    x1: float = float("inf")


@dataclass
class Picture:
    """A picture of the page (a raster image as large as a figure), drawn as the page shows it."""
    page: int
    top: float
    bottom: float
    x0: float
    x1: float
    png: bytes = b""

    @property
    def key(self) -> tuple[int, int, int, int]:
        """Its place on the page, to a point: the same on every page for a logo in the running header."""
        return round(self.x0), round(self.top), round(self.x1), round(self.bottom)


@dataclass
class Page:
    number: int
    height: float
    width: float
    lines: list[Line] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    turned: int = 0        # the direction its text ran in (degrees counter-clockwise; 0: left to right)
    off_direction: int = 0  # characters set in another direction than the page's text, left out
    images: int = 0         # pictures on the page (a page of pictures and no text is a scan)
    columns: int = 0        # bands of the page set in two columns (read column by column)
    pictures: list[Picture] = field(default_factory=list)


def read_page(page: PdfPage, number: int, pictures_left: int = 0) -> Page:
    """The page's lines, tables and (at most `pictures_left`) pictures."""
    page, turn, angle, off_direction = turned(page)
    out = Page(number, float(page.height), float(page.width), turned=angle, off_direction=off_direction,
               images=len(page.images))
    underlines = _underlines(page)
    ruled = page.filter(lambda obj: _visible(obj) and id(obj) not in underlines)
    tables = [t for t in ruled.find_tables(_table_settings(ruled)) if len(t.rows[0].cells) >= 2]
    boxes = [t.bbox for t in tables]
    raws = page.extract_words(extra_attrs=["fontname", "size"], x_tolerance=1.5, keep_blank_chars=False,
                              use_text_flow=False)
    found = []
    for table in tables:
        rows = [[_cell(c) for c in row] for row in table.extract()]
        if _collapsed(rows):
            rows = _split_by_header(ruled, table) or rows
        _cite_notes(rows, table, raws)
        found.append((rows, tuple(float(v) for v in table.bbox)))
    links = [(h.get("uri") or "", turn((h["x0"], h["top"], h["x1"], h["bottom"])))
             for h in getattr(page, "parent_page", page).hyperlinks if h.get("uri")]
    words = [_word(w, links) for w in raws if not any(_inside(w, box) for box in boxes)]
    ordered, out.columns = reading_order(_group_lines(words), _group_lines)
    out.lines = [_line(group, number) for group in ordered]
    for rows, (x0, top, x1, bottom) in found:  # (two tables side by side: on a page in two columns only)
        parts = _side_by_side(rows, x0, x1) if out.columns else [(rows, (x0, x1))]
        out.tables += [Table(part, number, top, bottom, a, b) for part, (a, b) in parts]
    if not angle and pictures_left:  # (a turned page's pictures are not placed: their boxes are the page's as given)
        from .pdf_drawings import drawings  # (it reads the figures' captions: a module of its own)

        drawn, out.lines, grids = drawings(page, out.lines, found,
                                           {id(o) for o in ruled.rects + ruled.curves + ruled.lines}, number)
        out.tables = [t for t in out.tables if not any(_same_box(t, found[i][1]) for i in grids)]
        for picture in drawn:
            picture.png = _drawn(page, picture)
        out.pictures = sorted(pictures(page, number) + [p for p in drawn if p.png],
                              key=lambda p: (p.top, p.x0))[:pictures_left]
    return out


def _same_box(table: Table, box: tuple[float, ...]) -> bool:
    return table.top == box[1] and table.bottom == box[3]


MIN_PICTURE_WIDTH = 0.2   # of the page's width: smaller pictures are icons, logos and bullets
MIN_PICTURE_HEIGHT = 36.0  # points (half an inch)
MAX_PAGE_PICTURES = 8
MAX_PAGE_IMAGES = 200
PICTURE_DPI = 150
MAX_PICTURE_PIXELS = 3000  # along the longer side


def pictures(page: PdfPage, number: int) -> list[Picture]:
    """The page's pictures as large as a figure, overlapping ones (tiles, a picture and its mask) as
    one, each drawn as the page shows it (PNG, pypdfium2 through pdfplumber)."""
    boxes: list[list[float]] = []
    if len(page.images) > MAX_PAGE_IMAGES:  # (a page of thousands of tiles: merging them is quadratic)
        return []
    for image in page.images:
        box = [max(float(image["x0"]), 0.0), max(float(image["top"]), 0.0),
               min(float(image["x1"]), float(page.width)), min(float(image["bottom"]), float(page.height))]
        overlapping = next((b for b in boxes if box[0] < b[2] and box[2] > b[0] and box[1] < b[3] and box[3] > b[1]), None)
        if overlapping:
            overlapping[:] = [min(box[0], overlapping[0]), min(box[1], overlapping[1]),
                              max(box[2], overlapping[2]), max(box[3], overlapping[3])]
        else:
            boxes.append(box)
    found = [Picture(number, top, bottom, x0, x1) for x0, top, x1, bottom in boxes
             if x1 - x0 >= MIN_PICTURE_WIDTH * float(page.width) and bottom - top >= MIN_PICTURE_HEIGHT]
    for picture in found[:MAX_PAGE_PICTURES]:
        picture.png = _drawn(page, picture)
    return [picture for picture in found[:MAX_PAGE_PICTURES] if picture.png]


def _drawn(page: PdfPage, picture: Picture) -> bytes:
    import io
    largest = max(picture.x1 - picture.x0, picture.bottom - picture.top) / 72  # inches
    resolution = min(PICTURE_DPI, MAX_PICTURE_PIXELS / max(largest, 1e-3))  # (a poster-sized page: fewer dots)
    box = (max(picture.x0, 0.0), max(picture.top, 0.0), min(picture.x1, float(page.width)),
           min(picture.bottom, float(page.height)))  # (a drawing may bleed off the page)
    try:
        image = page.crop(box).to_image(resolution=resolution)
        buffer = io.BytesIO()
        image.original.save(buffer, format="PNG", optimize=True)
    except Exception:  # noqa: BLE001 (a picture the renderer cannot draw is left out, the text is still read)
        return b""
    return buffer.getvalue()


# --- turning a page whose text runs up, down or upside down ------------------------------------------

def text_direction(char: PdfObject) -> int:
    """The direction a character runs in, in degrees counter-clockwise as the page shows it (0: left
    to right, 90: bottom to top, 180: upside down, 270: top to bottom), from its matrix."""
    a, b = (char.get("matrix") or (1, 0))[:2]
    return round(math.degrees(math.atan2(b, a)) / 90) % 4 * 90


def turned(page: PdfPage) -> tuple[PdfPage, Callable[[Box], Box], int, int]:
    """The page turned so that most of its characters run left to right (the page itself when they
    do), a function turning a box (x0, top, x1, bottom) of the page as given, the direction its text
    ran in (`text_direction`) and how many characters run in another one (left out of the turned page)."""
    directions = Counter(text_direction(c) for c in page.chars if c.get("text", "").strip())
    angle = directions.most_common(1)[0][0] if directions else 0
    if angle == 0:
        return page, _same, 0, 0
    x, y, x1, y1 = (float(v) for v in page.bbox)
    width, height = x1 - x, y1 - y
    if angle == 90:      # bottom to top: the page is turned clockwise
        def box(b: Box) -> Box:
            return height - (b[3] - y), b[0] - x, height - (b[1] - y), b[2] - x
        size = (height, width)
    elif angle == 270:   # top to bottom: turned counter-clockwise
        def box(b: Box) -> Box:
            return b[1] - y, width - (b[2] - x), b[3] - y, width - (b[0] - x)
        size = (height, width)
    else:                # upside down
        def box(b: Box) -> Box:
            return width - (b[2] - x), height - (b[3] - y), width - (b[0] - x), height - (b[1] - y)
        size = (width, height)

    def point(p: tuple[float, float]) -> tuple[float, float]:
        x0, top, _, _ = box((p[0], p[1], p[0], p[1]))
        return x0, top

    def turn(obj: PdfObject) -> PdfObject:
        x0, top, x1, bottom = box((float(obj["x0"]), float(obj["top"]), float(obj["x1"]), float(obj["bottom"])))
        new = dict(obj, x0=x0, x1=x1, top=top, bottom=bottom, y0=size[1] - bottom, y1=size[1] - top,
                   doctop=float(obj.get("doctop", 0)) - float(obj["top"]) + top, width=x1 - x0, height=bottom - top)
        if obj.get("object_type") == "char":
            new.update(upright=True, size=bottom - top)  # pdfminer's size is the glyph's height as the page lay
        if "pts" in obj:
            new["pts"] = [point(p) for p in obj["pts"]]
        if "path" in obj:
            new["path"] = [(cmd, *map(point, pts)) for cmd, *pts in obj["path"]]
        return new

    view = page.filter(lambda _: True)
    objects = {kind: [turn(o) for o in objs if kind != "char" or text_direction(o) == angle or not o["text"].strip()]
               for kind, objs in page.objects.items()}
    view._objects = objects  # (a derived page reads its objects from here: pdfplumber's cache)
    view.bbox = (0, 0, size[0], size[1])
    return view, box, angle, sum(n for d, n in directions.items() if d != angle)


def _same(box: Box) -> Box:
    return box


def _side_by_side(rows: list[list[str]], x0: float, x1: float) -> list[tuple[list[list[str]], tuple[float, float]]]:
    """Two tables set side by side (in the two columns of a page), which the table finder gives as
    one with an empty column between them: each table with its share of the width."""
    width = max(len(row) for row in rows)
    empty = [c for c in range(2, width - 1) if all(c >= len(row) or not row[c].strip() for row in rows)]
    if not empty:
        return [(rows, (x0, x1))]
    cut = empty[0]
    middle = x0 + (x1 - x0) * cut / width
    left = [row[:cut] for row in rows if any(cell.strip() for cell in row[:cut])]
    right = [row[cut + 1:] for row in rows if any(cell.strip() for cell in row[cut + 1:])]
    return [(left, (x0, middle))] + _side_by_side(right, middle, x1) if left and right else [(rows, (x0, x1))]


def _collapsed(rows: list[list[str]]) -> bool:
    """A table ruled between its rows only (Material's and many house styles): the header row is split
    by its shading, but every body row's words fall into its first cell."""
    filled = [row for row in rows[1:] if any(row)]
    return len(rows[0]) >= 2 and all(rows[0]) and len(filled) >= 1 and \
        sum(1 for row in filled if not any(row[1:])) >= 0.75 * len(filled)


def _split_by_header(page: PdfPage, table: PdfTable) -> list[list[str]] | None:
    """Each row's words put in the column whose header cell they start under."""
    header = table.rows[0].cells
    if any(cell is None for cell in header):
        return None
    starts = [float(cell[0]) for cell in header if cell is not None]
    rows = []
    for row in table.rows:  # (a row's bbox spans its cells: pdfplumber 0.11 makes no row without one)
        cells: list[list[Word]] = [[] for _ in starts]
        # A character belongs to the row its middle is in, as in pdfplumber's own cells (a line set tight
        # under the rule, its top a fraction of a point above it, is the row's first line).
        inside = page.filter(_in_row(row.bbox))
        for raw in inside.extract_words(extra_attrs=["fontname", "size"], x_tolerance=1.5, use_text_flow=False):
            word = _word(raw, [])
            column = max((i for i, x in enumerate(starts) if word.x0 >= x - 2), default=0)
            cells[column].append(word)
        # a cell's words line by line, as `_cell` gives pdfplumber's text
        rows.append(["\n".join(" ".join(w.text for w in line) for line in _group_lines(words)) for words in cells])
    return rows


def _in_row(box: Box) -> Callable[[PdfObject], bool]:
    def keep(obj: PdfObject) -> bool:
        return obj.get("object_type") != "char" or _inside(obj, box)
    return keep


UNDERLINE_SLACK = 1.5  # points an underline may run past its first or last letter


def _underlines(page: PdfPage) -> set[int]:
    """The thin rules drawn just under words, from the first letter to the last (links, underlined
    text): not a table's rules, which run on to the cell's edges past its padding. (ids of the page's
    objects: pdfplumber hands the same dicts to `filter`.)"""
    bottoms: dict[int, list[tuple[float, float]]] = {}
    for char in page.chars:
        bottoms.setdefault(round(float(char["bottom"])), []).append((float(char["x0"]), float(char["x1"])))
    found = set()
    for obj in page.rects + page.lines:
        if float(obj["height"]) > 1.5 or float(obj["width"]) < 1:
            continue
        top, x0, x1 = float(obj["top"]), float(obj["x0"]), float(obj["x1"])
        above = [(a, b) for y in range(round(top) - 3, round(top) + 2) for a, b in bottoms.get(y, ())
                 if x0 < (a + b) / 2 < x1]  # letters over it (a comma next to a link's last letter is not)
        if above and abs(min(a for a, _ in above) - x0) <= UNDERLINE_SLACK \
                and abs(max(b for _, b in above) - x1) <= UNDERLINE_SLACK:
            found.add(id(obj))
    return found


def _visible(obj: PdfObject) -> bool:
    """Not a white box drawn without a border: a page's or a block's background (browsers print the
    content area as one), whose edges would otherwise be taken for a table's rules."""
    return not (obj.get("object_type") == "rect" and not obj.get("stroke") and obj.get("fill")
                and _white(obj.get("non_stroking_color")))


def _white(color: object) -> bool:
    values = color if isinstance(color, (tuple, list)) else (color,) if isinstance(color, (int, float)) else ()
    if len(values) == 4:  # CMYK: white is no ink
        return all(float(v) <= 0.001 for v in values)
    return bool(values) and all(float(v) >= 0.999 for v in values)


def _table_settings(page: PdfPage) -> dict[str, Any]:
    """A row cut by the page's end has no rule under it (nor above its rest on the next page):
    the ends of the column rules close it."""
    ends = {round(float(y), 1) for e in page.edges if e["orientation"] == "v" for y in (e["top"], e["bottom"])}
    return {"explicit_horizontal_lines": sorted(ends)}


def _cite_notes(rows: list[list[str]], table: PdfTable, raws: list[PdfObject]) -> None:
    """A footnote's number raised in a cell ("nacional⁴¹") written as its reference, "nacional[^41]", as
    in the text: the table finder gives a cell's text flat, its superscripts set on the line. (A number
    no footnote has is made plain again once the whole document is read.)"""
    for row, cells in zip(table.rows, rows):
        inside = [_word(raw, []) for raw in raws if _inside(raw, row.bbox)]
        for group in _group_lines(inside):
            words = _line(group, 0).words
            for before, word in zip(words, words[1:]):
                if not word.superscript or before.superscript:
                    continue
                for index, cell in enumerate(cells):
                    found = re.search(rf"(?<!\S){re.escape(before.text)} ?{word.text}(?!\d)", cell)
                    if found:
                        cells[index] = f"{cell[:found.start()]}{before.text}[^{word.text}]{cell[found.end():]}"
                        break


def _cell(value: str | None) -> str:
    """A cell's lines, each with single spaces: joined once the whole document is read (a hyphen at a
    line's end is judged with the document's words, see pdf_reader.join_lines)."""
    return "\n".join(" ".join(line.split()) for line in (value or "").splitlines() if line.strip())


def _inside(word: PdfObject, box: Box) -> bool:
    middle_x: float = (word["x0"] + word["x1"]) / 2
    middle_y: float = (word["top"] + word["bottom"]) / 2
    return box[0] <= middle_x <= box[2] and box[1] <= middle_y <= box[3]


def _word(raw: PdfObject, links: list[tuple[str, Box]]) -> Word:
    font = raw.get("fontname") or ""
    link = next((uri for uri, box in links if _inside(raw, box)), "")
    return Word(_bullet(raw["text"], font), float(raw["x0"]), float(raw["x1"]), float(raw["top"]), float(raw["bottom"]),
                round(float(raw.get("size") or 0), 1), bool(_BOLD.search(font)), bool(_ITALIC.search(font)), link)


# Word's second-level bullet is an "o" set in Courier New; Wingdings bullets come out as letters ("§", "Ø",
# "ü") when the font maps no Unicode: bullets, not words (a report's text is never set in these fonts).
# (Word's PDF names Courier New; LibreOffice's sets Liberation Mono in its place.)
_MONOSPACE = re.compile(r"courier|mono", re.I)
_SYMBOL_FONTS = re.compile(r"wingdings|webdings", re.I)


def _bullet(text: str, font: str) -> str:
    if (text == "o" and _MONOSPACE.search(font)) or (len(text) == 1 and _SYMBOL_FONTS.search(font)):
        return "◦"
    return text


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
