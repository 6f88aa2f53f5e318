"""Pages set in two columns: the left column read before the right one.

pdfplumber gives a page's words wherever they stand; lines at the same height in the two columns
of a brief or a summary would be read as one line across both. A band of a page (the whole page,
or the part under a full-width title, or above a one-column part) is set in two columns when:

- a vertical gutter, at least GUTTER times the text size wide, runs down the middle of the text
  (between MIDDLE and 1 - MIDDLE of its width) with no word in it, on MIN_LINES lines or more;
- both sides are about as wide (BALANCED: a table's column of labels is narrower than its text);
- one side at least is running text (both sides, when their lines stand level with each other
  as a table's rows do): most of its lines at its usual size fill their column (FILLED of its
  width; MIN_RUNNING lines at least, MIN_FILLED of them filled), as a paragraph's lines do (a table's column of labels
  does not), and many of them start in lower case, going on with the sentence above (a table's
  cells and a contents list's entries start with a capital);
- the two sides' blocks do not start together: a table's rows start at the same height in every
  column (the wider gap above a row, or the gap a short cell leaves beside a long one: the next row
  starts level with a line of the other column), while the paragraphs of two columns start where
  each column's text puts them. A band whose sides' block starts line up is a table and stays as it is
  (pdf_columns.py reads it).

Lines are grouped again within each column, so that a line of the left column and one of the
right at the same height are two lines.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # (pdf_lines calls this module: no import at run time)
    from .pdf_lines import Word

GUTTER = 1.2        # a gutter is at least this many times the text size wide (a word space is a quarter)
MIDDLE = 0.2        # ... and lies between this share of the text's width and 1 - this share
MIN_LINES = 4       # lines (both sides together) a band of two columns holds at least
MIN_SIDE_LINES = 3  # ... and each side at least
MIN_RUNNING = 4     # lines at the text's size on a side of running text (a table cut by the page's foot: fewer)
MIN_FILLED = 2      # ... of which at least this many fill their column
BALANCED = 0.8     # the narrower column is at least this share of the wider one's width (columns of a page are alike)
FILLED = 0.7        # a line fills its column when it is at least this share of the column's width
FILLED_SHARE = 0.5  # running text: at least this share of a side's lines fill it
GOING_ON = 0.4      # ... and at least this share of them go on with the sentence of the line before
BLOCK_GAP = 1.15    # a gap this many times a side's usual line pitch starts a block (a paragraph, a row)
ALIGNED = 2.0       # points: two blocks start together
HOLE = 1.4          # a blank this many line heights, with the other side's lines beside it: a short cell's
LEVEL_SHARE = 0.7   # ... and this share of its lines stand level with the other side's lines
ROW_SHARE = 0.5     # sides whose block starts line up this much are a table's columns


def reading_order(lines: list[list[Word]],
                  group: Callable[[list[Word]], list[list[Word]]]) -> tuple[list[list[Word]], int]:
    """The page's lines (words grouped by `group`, top to bottom) with every band set in two columns
    read as its left column, then its right one; and how many such bands there were."""
    if len(lines) < MIN_LINES:
        return lines, 0
    left_edge = min(w.x0 for line in lines for w in line)
    right_edge = max(w.x1 for line in lines for w in line)
    span = right_edge - left_edge
    lo, hi = int(left_edge + MIDDLE * span), int(right_edge - MIDDLE * span)
    if hi <= lo:
        return lines, 0
    opens = [_open(line, lo, hi) for line in lines]
    out: list[list[Word]] = []
    index = bands = 0
    while index < len(lines):
        split = _band(lines, opens, index, lo, group)
        if split:
            end, columns = split
            bands += columns != lines[index:end]
            out += columns
            index = end
        else:
            out.append(lines[index])
            index += 1
    return out, bands


def _open(line: Sequence[Word], lo: int, hi: int) -> int:
    """The places x (lo..hi, a bit each) with no word of the line within half a gutter of them."""
    size = min(w.size for w in line) or 10.0  # (a heading beside the other column's text: the text's size)
    half = GUTTER * size / 2
    mask = (1 << (hi - lo + 1)) - 1
    for word in line:
        start, end = max(lo, int(word.x0 - half)), min(hi, int(word.x1 + half) + 1)
        if start <= end:
            mask &= ~(((1 << (end - start + 1)) - 1) << (start - lo))
    return mask


def _band(lines: list[list[Word]], opens: list[int], start: int, lo: int,
          group: Callable[[list[Word]], list[list[Word]]]) -> tuple[int, list[list[Word]]] | None:
    """(the end of the band, its lines in reading order) when the lines from `start` are a band in two
    columns; (its end, its lines as they are) when they are a band of something else (a table: no
    line of it starts a band); None when there is no band there."""
    mask, end = opens[start], start
    while end < len(lines) and mask & opens[end]:
        mask &= opens[end]
        end += 1
    if end - start < MIN_LINES:
        return None
    gutter = lo + _middle_of_widest_run(mask)
    words = [w for line in lines[start:end] for w in line]
    left = group([w for w in words if w.x1 <= gutter])
    right = group([w for w in words if w.x0 >= gutter])
    if len(left) < MIN_SIDE_LINES or len(right) < MIN_SIDE_LINES:
        return None
    table = end, lines[start:end]  # not two columns: its lines as they are, none of them the start of a band
    widths = sorted(max(line[-1].x1 for line in side) - min(line[0].x0 for line in side) for side in (left, right))
    # (sides whose lines stand level, as a table's rows do, are columns of text only when both are)
    running = (all if _level(left, right) else any)(_fills(side) and _goes_on(side) for side in (left, right))
    if widths[0] < BALANCED * widths[1] or not running or _rows_line_up(left, right):
        return table
    return end, left + right


def _middle_of_widest_run(mask: int) -> int:
    best, best_start, run_start, position = 0, 0, -1, 0
    while mask >> position:
        if mask >> position & 1:
            run_start = position if run_start < 0 else run_start
            if position - run_start + 1 > best:
                best, best_start = position - run_start + 1, run_start
        else:
            run_start = -1
        position += 1
    return best_start + best // 2


def _body_lines(lines: list[list[Word]]) -> list[list[Word]]:
    """The lines set at the side's usual size (not its headings)."""
    sizes = Counter(max(w.size for w in line) for line in lines)
    usual = sizes.most_common(1)[0][0]
    return [line for line in lines if max(w.size for w in line) == usual]


def _fills(lines: list[list[Word]]) -> bool:
    """Most lines at the side's usual size fill the side (headings and a paragraph's last line do not)."""
    body = _body_lines(lines)
    x0, x1 = min(line[0].x0 for line in lines), max(line[-1].x1 for line in lines)
    filled = sum(1 for line in body if line[-1].x1 - line[0].x0 >= FILLED * (x1 - x0))
    return len(body) >= MIN_RUNNING and filled >= max(MIN_FILLED, FILLED_SHARE * len(body))


def _goes_on(lines: list[list[Word]]) -> bool:
    """Many of the side's lines go on with the sentence of the line before (a lower-case first
    letter): running text (a table's cells, a list's entries start with a capital)."""
    body = _body_lines(lines)
    return sum(1 for line in body[1:] if line[0].text[:1].islower()) >= GOING_ON * max(1, len(body) - 1)


def _level(left: list[list[Word]], right: list[list[Word]]) -> bool:
    """Most lines of the side with fewer lines stand level with a line of the other side."""
    fewer, more = sorted((_tops(left), _tops(right)), key=len)
    return sum(1 for top in fewer if any(abs(top - o) <= ALIGNED for o in more)) >= LEVEL_SHARE * len(fewer)


def _tops(lines: list[list[Word]]) -> list[float]:
    return [min(w.top for w in line) for line in lines]


def _leading(tops: list[float]) -> float:
    """A side's usual line pitch (a paragraph's leading: the gaps between blocks are the wider ones)."""
    pitches = sorted(b - a for a, b in zip(tops, tops[1:]))
    return pitches[len(pitches) // 4] if pitches else 0.0


def _block_starts(tops: list[float], leading: float) -> list[float]:
    """The tops of the lines that start a block after the first (a gap wider than the usual pitch)."""
    return [top for before, top in zip(tops, tops[1:]) if top - before > BLOCK_GAP * leading]


def _rows_line_up(left: list[list[Word]], right: list[list[Word]]) -> bool:
    """The two sides start their blocks together, as a table's rows do: a line after a hole (a blank
    of HOLE line heights, the other side's lines going on beside it: a short cell beside a long one)
    stands level with a line of the other side (a row's first line, or the middle line of a cell
    centred beside it), and so do most of the side's lines beside the other side's (the columns of
    a page keep their own lines' heights: a heading in one shifts them); or the sides' blocks after their wider gaps
    start together."""
    tops = _tops(left), _tops(right)
    for side, lines, other in ((tops[0], left, tops[1]), (tops[1], right, tops[0])):
        after_holes = [top for above, top in zip(lines, side[1:])
                       if top - max(w.bottom for w in above) > HOLE * max(w.size for w in above)
                       and any(min(w.top for w in above) + ALIGNED < o < top - ALIGNED for o in other)]
        rows = [top for top in after_holes if any(abs(top - o) <= ALIGNED for o in other)]
        beside = [top for top in side if other[0] - ALIGNED <= top <= other[-1] + ALIGNED]  # (where both sides have lines)
        level = [top for top in beside if any(abs(top - o) <= ALIGNED for o in other)]
        if after_holes and len(rows) >= ROW_SHARE * len(after_holes) and len(level) >= LEVEL_SHARE * len(beside):
            return True
    starts = [_block_starts(t, _leading(t)) for t in tops]
    fewer, more = sorted(starts, key=len)
    if not fewer:
        return False
    together = sum(1 for top in fewer if any(abs(top - other) <= ALIGNED for other in more))
    return together >= ROW_SHARE * len(fewer)
