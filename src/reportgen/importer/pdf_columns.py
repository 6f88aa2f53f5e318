"""Tables printed without rules: text lines whose words stand in aligned columns.

A word processor prints a table without borders (pandoc's and many house styles' default) as
words at fixed column positions, with nothing for pdfplumber's table finder to follow. Such a
table is found from the lines themselves:

- a line splits into segments where the blank between two words is wider than COLUMN_GAP times
  the line's size (a word space is about a quarter of it);
- a run of lines is a table when at least two of its lines have several segments and every
  segment of the run falls into one column: the columns are the horizontal spans of the segments,
  merged where they overlap, so a line of running text (it crosses every column) ends the run, and
  so do the uneven gaps of justified text (they do not line up);
- a line with one segment inside a column continues the cell above it, when it sits close below;
- rows: where the gaps between lines are of two kinds (cell padding), the wider gap above a line
  with a word in the first column starts a row (above a line without, it parts two paragraphs of
  a cell); where they are all alike, every line with a word in the first column starts a row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from .pdf_lines import Line, Table, Word

COLUMN_GAP = 0.8         # a blank this many times the line's size separates two columns (a cell's padding)
CONTINUATION_GAP = 0.8   # a cell's next line sits closer than this share of the line's size ...
ROW_GAP = 1.5            # ... and the table's next row closer than this (cell padding above and below)
ROW_PADDING = 0.3        # a gap wider than this share of the size, when others are narrower, starts a row
MIN_ROWS_WITH_COLUMNS = 2
ALIGNMENT = 2.0          # points: the cells of a column start (or end, or centre) this close
# A list's marker, set apart from its text by a tab: not a column ("•   text", "12.   text", "a)  text").
_LIST_MARKER = re.compile(r"^(?:\(?\d{1,4}[.)]|[-•●▪◦–*·\uf0b7\uf0a7\uf076\uf0d8\uf0fc\uf0a8]|\(?[a-z][.)]|\(?[ivxlc]{1,5}[.)])$", re.I)


@dataclass
class _Segment:
    words: list[Word]

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return self.words[-1].x1

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


def segments(line: Line, markers_apart: bool = False) -> list[_Segment]:
    """The line's parts parted by a column's gap; a list marker keeps its text unless `markers_apart`
    (in a table, "o." or "1." may be a narrow first column's cell: "N" "o." is "No." cut)."""
    found: list[_Segment] = []
    for word in line.words:
        if found and not word.superscript and word.x0 - found[-1].x1 >= COLUMN_GAP * line.size and \
                not (len(found) == 1 and not markers_apart and _LIST_MARKER.match(found[0].text)):
            found.append(_Segment([word]))
        elif found:
            found[-1].words.append(word)
        else:
            found.append(_Segment([word]))
    return found


def column_tables(lines: list[Line], header: list[str] | None = None) -> tuple[list[Line], list[Table]]:
    """The lines that are not in a borderless table, and the tables found (in page order).

    `header`: the header row of the table the page before ended on. A page that starts with that row
    printed again (Word's "repeat as header row") starts the table's rest, however few its rows."""
    rest: list[Line] = []
    tables: list[Table] = []
    index = 0
    while index < len(lines):
        found = _run(lines, index, header if index == 0 else None)
        # "N" over "o." (a narrow first column's "No." cut in two) reads as a list marker: with the
        # markers as cells the table may run on, over lines whose columns hold either way.
        if found.columns is not None or len(segments(lines[index], True)) > len(segments(lines[index])):
            apart = _run(lines, index, header if index == 0 else None, markers_apart=True)
            if apart.end > found.end and apart.plain >= MIN_ROWS_WITH_COLUMNS:
                found = apart
        if found.columns is not None:
            first = _first_line(lines, index, found.columns, rest)
            tables.append(_table(lines[first:found.end], found.columns, found.apart))
            del rest[len(rest) - (index - first):]
            index = found.end
        else:
            rest.append(lines[index])
            index += 1
    return rest, tables


class _Run(NamedTuple):
    end: int                                        # the line after the table (its start: none)
    columns: list[tuple[float, float]] | None
    apart: frozenset[int] = frozenset()             # ids of the lines whose list markers are cells
    plain: int = 0                                  # lines with columns whatever the markers


def _run(lines: list[Line], start: int, header: list[str] | None = None, markers_apart: bool = False) -> _Run:
    """The table starting at `start`, or one without columns when none starts there. A run opening on
    `header` (a header row printed again) needs no second line with columns."""
    opening = segments(lines[start], markers_apart)
    if len(opening) < 2:
        return _Run(start, None)
    least = 1 if header and [_words(p.text) for p in opening] == [_words(cell) for cell in header] else MIN_ROWS_WITH_COLUMNS
    columns: list[tuple[float, float]] = []
    end, multi, plain = start, 0, 0
    apart: set[int] = set()
    last_good: tuple[int, list[tuple[float, float]], int] = (start, [], 0)
    while end < len(lines):
        line = lines[end]
        parts = segments(line, markers_apart)
        if end > start and not _close(lines[end - 1], line, many=len(parts) > 1):
            break
        merged = _merge(columns, [(p.x0, p.x1) for p in parts])
        if merged is None or (len(parts) == 1 and len(merged) < 2):
            break
        columns = merged
        end += 1
        if markers_apart and len(parts) != len(segments(line)):
            apart.add(id(line))
        elif len(parts) > 1:
            plain += 1
        if len(parts) > 1 or multi:
            multi += len(parts) > 1
            last_good = (end, columns, plain)
    end, columns, plain = last_good
    if multi < least or len(columns) < 2 or not _aligned(lines[start:end], columns, apart):
        return _Run(start, None)
    return _Run(end, columns, frozenset(apart), plain)


def _words(text: str) -> list[str]:
    return text.split()


def _aligned(lines: list[Line], columns: list[tuple[float, float]], apart: set[int]) -> bool:
    """The cells of each column line up on their left edges, their right edges or their middles
    (the blanks of justified text fall anywhere)."""
    spans: dict[int, list[tuple[float, float]]] = {}
    for line in lines:
        parts = segments(line, id(line) in apart)
        if len(parts) > 1:
            for part in parts:
                spans.setdefault(_column_of(columns, part.x0, part.x1), []).append((part.x0, part.x1))
    return all(any(max(edge) - min(edge) <= ALIGNMENT for edge in
                   ([a for a, _ in found], [b for _, b in found], [(a + b) / 2 for a, b in found]))
               for found in spans.values())


def _first_line(lines: list[Line], start: int, columns: list[tuple[float, float]], rest: list[Line]) -> int:
    """The table's first line: lines just above its first row that hold words of a later column only
    belong to that row (a cell set vertically centred, or a header cell on two lines, starts higher)."""
    first = start
    while first > 0 and start - first < len(rest) and rest[-(start - first + 1)] is lines[first - 1]:
        parts = segments(lines[first - 1])
        merged = _merge(columns, [(p.x0, p.x1) for p in parts])
        if merged is None or len(merged) != len(columns) or not _close(lines[first - 1], lines[first], many=False) \
                or any(_column_of(merged, p.x0, p.x1) == 0 for p in parts):
            break
        columns[:] = merged
        first -= 1
    return first


def _close(above: Line, line: Line, many: bool) -> bool:
    """A table's next line: close below (a row's padding is wider than a cell's line spacing, a
    paragraph's gap wider still)."""
    gap = line.top - above.bottom
    limit = ROW_GAP if many else CONTINUATION_GAP
    return gap < limit * max(above.size, line.size) and line.page == above.page


def _merge(columns: list[tuple[float, float]], spans: list[tuple[float, float]]) -> list[tuple[float, float]] | None:
    """The columns with a line's segments added; None when two segments of the line would share a
    column (the line is running text, or its gaps do not line up with the table's)."""
    result = list(columns)
    for x0, x1 in spans:
        hits = [i for i, (c0, c1) in enumerate(result) if x0 <= c1 and c0 <= x1]
        slight = len(hits) > 1
        if slight:  # (a cell's end may reach into the next column's start by the alignment's play)
            hits = [i for i in hits if _overlap(result[i], x0, x1) > ALIGNMENT]
        if len(hits) > 1:
            return None
        if hits and not slight:
            result[hits[0]] = (min(result[hits[0]][0], x0), max(result[hits[0]][1], x1))
        elif not hits:
            result.append((x0, x1))
    result.sort()
    if _overlapping(result):
        return None
    owners = [_column_of(result, x0, x1) for x0, x1 in spans]
    return result if len(set(owners)) == len(owners) else None


def _column_of(columns: list[tuple[float, float]], x0: float, x1: float) -> int:
    """The column a segment lies in most."""
    return max((i for i, (c0, c1) in enumerate(columns) if x0 <= c1 and c0 <= x1),
               key=lambda i: _overlap(columns[i], x0, x1))


def _overlap(column: tuple[float, float], x0: float, x1: float) -> float:
    return min(x1, column[1]) - max(x0, column[0])


def _overlapping(columns: list[tuple[float, float]]) -> bool:
    return any(a[1] >= b[0] for a, b in zip(columns, columns[1:]))


def _table(lines: list[Line], columns: list[tuple[float, float]], apart: frozenset[int]) -> Table:
    gaps = [b.top - a.bottom for a, b in zip(lines, lines[1:])]
    size = max(line.size for line in lines)
    padded = bool(gaps) and max(gaps) > ROW_PADDING * size >= min(gaps)
    rows: list[list[list[str]]] = []
    for index, line in enumerate(lines):
        cells: list[list[str]] = [[] for _ in columns]
        for part in segments(line, id(line) in apart):
            cells[_column_of(columns, part.x0, part.x1)].append(part.text)
        wide = index > 0 and gaps[index - 1] > ROW_PADDING * size
        # (a wide gap above a line with nothing in the first column parts paragraphs of one cell)
        if index == 0 or (bool(cells[0]) and (wide or not padded)):
            rows.append(cells)
            continue
        for cell, more in zip(rows[-1], cells):
            cell.extend(([""] if wide and padded and more and cell else []) + more)  # "": a paragraph break
    return Table([["\n".join(cell) for cell in row] for row in rows], lines[0].page, lines[0].top, lines[-1].bottom,
                 min(line.x0 for line in lines), max(line.x1 for line in lines))
