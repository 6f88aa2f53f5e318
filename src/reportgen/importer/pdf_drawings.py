"""Charts and diagrams a PDF draws with lines and shapes (Word's and Excel's charts printed to PDF are
not pictures): a cluster of drawn shapes beside a figure's caption ("Figure 3. …", "Gráfico 2"; not a "Box") is
that figure. It is drawn as the page shows it, like a picture (pdf_lines.pictures), and the text inside it
(axis labels, values, a legend) leaves the running text, where it was debris. Shapes away from any
caption (rules, shaded boxes, a cover's design) are left alone, and so is a cluster holding a line of
running text (a text box)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from .docx_media import CAPTION
from .pdf_lines import Line, Picture

if TYPE_CHECKING:
    from pdfplumber.page import Page as PdfPage

Box = list[float]  # x0, top, x1, bottom

NEAR = 6.0              # points: shapes this close are one drawing
MIN_SHAPES = 3
MAX_SHAPES = 800        # a page drawing more is not searched (a map, a hostile file: clustering is quadratic)
MIN_WIDTH = 0.2         # of the page's width
MIN_HEIGHT = 36.0       # points
CAPTION_LINES = 3.0     # a caption at most this many of its lines' heights from the drawing
MAX_LABEL_WORDS = 12    # a longer line inside the cluster is running text: a text box, not a chart


def drawings(page: PdfPage, lines: list[Line], tables: list[tuple[list[list[str]], tuple[float, ...]]],
             visible: set[int], number: int) -> tuple[list[Picture], list[Line], set[int]]:
    """The page's drawn figures (not yet drawn to pixels), its lines without their labels, and the
    tables (by index) that were a drawing's grid (a chart's axes and bars read as ruled cells, most of
    them empty). `visible`: ids of the page's shapes that count (not white boxes, not underlines)."""
    filled = [list(box) for rows, box in tables if not _mostly_empty(rows)]  # (a real table's rules)
    shapes = [box for box in (_box(shape) for shape in page.rects + page.curves + page.lines if id(shape) in visible)
              if not any(_inside(box, table) for table in filled)]
    captions = [line for line in lines if CAPTION.match(line.text) and not _BOX.match(line.text)]
    if not captions or not MIN_SHAPES <= len(shapes) <= MAX_SHAPES:
        return [], lines, set()
    found: list[Picture] = []
    labels: set[int] = set()
    grids: set[int] = set()
    for region, count in _clusters(shapes):
        if count < MIN_SHAPES or region[2] - region[0] < MIN_WIDTH * float(page.width) or \
                region[3] - region[1] < MIN_HEIGHT or not any(_captions(region, line) for line in captions):
            continue
        inside = [line for line in lines if line not in captions and _within(line, region)]
        if any(_running_text(line) for line in inside):
            continue
        for _ in range(MAX_LABEL_ROUNDS):  # a legend's lines one under the other
            beside = [line for line in lines if line not in captions and line not in inside and _label_beside(line, region)]
            inside += beside
            for line in inside:  # the drawing's box takes its labels in whole
                region = [min(region[0], line.x0), min(region[1], line.top), max(region[2], line.x1),
                          max(region[3], line.bottom)]
            if not beside:
                break
        found.append(Picture(number, region[1], region[3], region[0], region[2]))
        labels.update(id(line) for line in inside)
        grids.update(index for index, (rows, table) in enumerate(tables)
                     if _mostly_empty(rows) and _inside(list(table), region))
    return found, [line for line in lines if id(line) not in labels], grids


def _box(shape: dict[str, Any]) -> Box:
    return [float(shape["x0"]), float(shape["top"]), float(shape["x1"]), float(shape["bottom"])]


def _overlaps(a: Box, b: Box, near: float) -> bool:
    return a[0] - near < b[2] and b[0] - near < a[2] and a[1] - near < b[3] and b[1] - near < a[3]


def _clusters(shapes: list[Box]) -> list[tuple[Box, int]]:
    """Shapes that touch or nearly touch, merged: each cluster's box and its number of shapes."""
    clusters: list[tuple[Box, int]] = []
    for shape in sorted(shapes, key=lambda box: (box[1], box[0])):
        box, count = list(shape), 1
        keep = []
        for other, many in clusters:
            if _overlaps(box, other, NEAR):
                box = [min(box[0], other[0]), min(box[1], other[1]), max(box[2], other[2]), max(box[3], other[3])]
                count += many
            else:
                keep.append((other, many))
        clusters = keep + [(box, count)]
    return clusters


def _captions(region: Box, line: Line) -> bool:
    """The line is the drawing's caption: beside it horizontally, within a few of its lines above or below it
    (or inside it: a chart whose title is its caption)."""
    reach = CAPTION_LINES * (line.bottom - line.top)
    beside = line.x0 < region[2] and line.x1 > region[0]
    return beside and region[1] - reach <= line.top and line.bottom <= region[3] + reach


# A box ("Box 2: …", "Encadré 1") holds text, not a drawing.
_BOX = re.compile(r"^\**\s*(?:Box|Encadré|Recuadro)\b", re.I)
MIN_SENTENCE_WORDS = 6


def _running_text(line: Line) -> bool:
    """A line of running text, not a label: long, or a sentence's end."""
    return len(line.words) > MAX_LABEL_WORDS or (len(line.words) >= MIN_SENTENCE_WORDS and
                                                 line.text.rstrip().endswith((".", "!", "?")))


MAX_AXIS_LABEL_WORDS = 6
MAX_LABEL_ROUNDS = 12
EMPTY_GRID = 0.6        # a "table" with this share of its cells empty may be a chart's grid


def _mostly_empty(rows: list[list[str]]) -> bool:
    cells = [cell for row in rows for cell in row]
    return bool(cells) and sum(1 for cell in cells if not (cell or "").strip()) >= EMPTY_GRID * len(cells)
AXIS_REACH = 60.0       # points left of the drawing: a value axis's labels


def _label_beside(line: Line, region: Box) -> bool:
    """A short line just under or over the drawing, or just left of it (its axis's labels, its legend),
    that is no sentence ("Source: …" ends with a full stop)."""
    if len(line.words) > MAX_AXIS_LABEL_WORDS or line.text.rstrip().endswith((".", ":", ";")):
        return False
    reach = 1.5 * (line.bottom - line.top)
    across = line.x0 < region[2] and line.x1 > region[0]
    under = across and region[3] - 2 <= line.top <= region[3] + reach
    over = across and region[1] - reach <= line.bottom <= region[1] + 2
    left = region[0] - AXIS_REACH <= line.x0 and line.x1 <= region[0] + 2 and region[1] - 2 <= line.top <= region[3]
    return under or over or left


def _within(line: Line, region: Box) -> bool:
    return _inside([line.x0, line.top, line.x1, line.bottom], region)


def _inside(box: Box, region: Box) -> bool:
    return box[0] >= region[0] - 2 and box[2] <= region[2] + 2 and box[1] >= region[1] - 2 and box[3] <= region[3] + 2
