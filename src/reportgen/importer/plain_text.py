"""Headings of plain text (a PDF's text layer saved as .txt, a report pasted into a text file).

Such text has no heading marks: a chapter title is a line like any other ("4. Main findings",
"4.1 Relevance", "CONCLUSIONS"), often with no blank line after it. Here those lines get the
Markdown marks the rest of the import reads (`#` per numbering level), line for line, so that
line numbers in IMPORT.md stay the source's:

- a numbered title line ("9. EVALUATION FINDINGS", "9.1.1 Alignment") is a heading when it is
  short, does not end a sentence, follows a blank line, another heading or a finished sentence,
  and its number belongs to the report's chapter sequence: the top-level numbers kept are the
  longest rising run (steps of at most three) that holds the most chapters reportgen knows
  ("Findings", "Conclusions"), so a numbered list of short points is not taken for chapters; a
  sub-number is kept under a kept parent;
- an unnumbered line that is a chapter's name ("EXECUTIVE SUMMARY", "Conclusions", "Annexes",
  "Table of contents") or an annex's title ("Annex 2. Evaluation matrix") is a heading too, one
  level below the numbered chapters when there are any (so that the executive summary's own
  "Recommendations" does not outrank chapter 6).

Text that already marks three or more headings (`# …`) is left as it is.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass

from .blocks import Block
from .debris import PARAGRAPH_END, SENTENCE_END, opens_item
from .pdf_columns import column_tables
from .pdf_lines import Line, Word
from .pdf_reader import LOWER_START, Vocabulary, bare, cut_in_a_cell, fold_numbers, join_lines
from .tables import CAPTION
from .structure import ANNEX_HEADING, chapter_kind, heading_words
from .vocabulary import (ANSWERS_LABEL, BACK_MATTER, BULLET_GLYPHS, COVER_FIELDS, CRITERION_STEMS, KEY_FINDINGS_LABEL, NOTE_LABEL, OTHER_CHAPTERS, RECOMMENDATION_FIELDS,
                         TEMPLATE_HEADING, fold)

_MARKED = re.compile(r"^#{1,6}\s+\S")
_NUMBERED = re.compile(r"^(?P<n>\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+(?P<title>[^\W\d_¿¡(\[].*)$")
_TOC_END = re.compile(r"(?:\.{3,}|…+|\s)\s*\d{1,3}\s*$")
MAX_TITLE_WORDS = 14
MAX_STEP = 3
MIN_MARKED = 3
MAX_CRITERION_WORDS = 6


@dataclass
class _Candidate:
    index: int
    number: str        # "" when unnumbered
    title: str
    known: bool        # names a chapter reportgen reads (findings, conclusions…)
    kind: str | None = None   # that chapter's kind, or "criterion" for a criterion's name
    wrapped: bool = False     # its title goes on over the next line ("7. Lessons learned and good" "practices")


def is_marked(lines: list[str]) -> bool:
    """Markdown (three or more `#` headings): left as it is."""
    return sum(1 for line in lines if _MARKED.match(line)) >= MIN_MARKED


# A page's furniture: the running header and footer, and the page number, printed at the top or foot
# of most pages. A line among a page's first or last EDGE_LINES lines with text is furniture when the
# same line, its numbers aside ("Page 12 of 80", "PER/17/51 · Title …"), sits there on many pages.
EDGE_LINES = 2
MIN_FURNITURE_PAGES = 4
MIN_FURNITURE_SHARE = 0.3


def drop_page_furniture(lines: list[str]) -> tuple[list[str], int]:
    """`lines` with the running headers, footers and page numbers blank (form feeds kept: the same
    number of lines), and how many lines were blanked."""
    pages = _pages(lines)
    if len(pages) < MIN_FURNITURE_PAGES:
        return lines, 0
    edges = [_edge_keys(lines, page) for page in pages]
    counts = Counter(key for found in edges for key in set(found.values()) if key)
    least = max(MIN_FURNITURE_PAGES, MIN_FURNITURE_SHARE * len(pages))
    furniture = {index for found in edges for index, key in found.items() if key and counts[key] >= least}
    out = [("\f" if "\f" in line else "") if index in furniture else line for index, line in enumerate(lines)]
    return out, len(furniture)


def _pages(lines: list[str]) -> list[tuple[int, int]]:
    """(first, end) line indexes of each page (a form feed opens one)."""
    starts = [0] + [index for index, line in enumerate(lines) if "\f" in line and index]
    return list(zip(starts, starts[1:] + [len(lines)]))


def _edge_keys(lines: list[str], page: tuple[int, int]) -> dict[int, str]:
    """A page's first and last lines with text, each with its key: the line with its numbers as "#"
    and its spaces single. A line of numbers alone counts only as the page's very first or last
    line (a page number; above it, a footnote's number)."""
    filled = [index for index in range(*page) if lines[index].replace("\f", "").strip()]
    keys = {}
    for index in filled[:EDGE_LINES] + filled[-EDGE_LINES:]:
        key = " ".join(fold_numbers(lines[index].replace("\f", "")).split())
        words = re.search(r"[^\W\d_]{2,}", key.replace("#", ""))
        keys[index] = key if words or index in (filled[0], filled[-1]) else ""
    return keys


def mark_headings(lines: list[str]) -> list[str]:
    """`lines` with their heading lines marked `#`…; the same number of lines."""
    if is_marked(lines):
        return lines
    candidates: list[_Candidate] = []
    for index in range(len(lines)):
        after_heading = bool(candidates) and candidates[-1].index == index - 1
        if (found := _candidate(lines, index, after_heading)) is not None:
            candidates.append(found)
    numbered = [c for c in candidates if c.number]
    kept = _chapter_run([c for c in numbered if "." not in c.number])
    levels = {c.index: 1 for c in kept}
    parents = {c.number for c in kept}
    for candidate in numbered:  # sub-numbers in order, each under a kept parent
        if "." in candidate.number and candidate.number.rsplit(".", 1)[0] in parents:
            parents.add(candidate.number)
            levels[candidate.index] = candidate.number.count(".") + 1
    below = 2 if kept else 1
    if not any(c.kind == "findings" for c in candidates):
        # "III. PERTINENCE", "IV. EFFICACITÉ": no findings chapter, the criteria are chapters numbered as the others
        for candidate in candidates:
            if candidate.kind == "criterion" and _ROMAN_CHAPTER.match(candidate.title):
                candidate.kind, candidate.known = "findings", True
    sections = {c.index for c in _rising(_in_findings(candidates, levels))}
    subsections = _numbered_subsections(_in_findings(candidates, levels, dotted=True), parents)
    chapter: str | None = None  # the kind of the chapter the lines are in
    for position, candidate in enumerate(candidates):
        if candidate.index in levels:
            if levels[candidate.index] == 1:
                chapter = candidate.kind
            continue
        if candidate.kind == "template":  # under its lesson or good practice, or its annex
            levels[candidate.index] = below + 2
            continue
        if candidate.kind == "lettered":  # "B. Réponse aux besoins" in the findings: a section
            if chapter == "findings":
                levels[candidate.index] = below + 1
            continue
        if candidate.kind == "criterion" or candidate.number:
            # inside the findings chapter only: a criterion's name, and the sections under it
            if chapter == "findings" and (candidate.kind == "criterion" or candidate.index in sections) \
                    or chapter == "conclusions" and candidate.kind == "criterion":
                levels[candidate.index] = below + (1 if candidate.kind == "criterion" else 2)
            elif candidate.index in subsections:  # "9.1 Relevance", "9.1.1 …" under an unnumbered chapter
                levels[candidate.index] = below + min(candidate.number.count("."), 3)
            continue
        annex = ANNEX_HEADING.match(heading_words(candidate.title))
        if chapter == "summary" and candidate.known and any(c.kind == candidate.kind for c in candidates[position + 1:]):
            levels[candidate.index] = below + 1  # the summary's own "Main findings": the chapter comes later
            continue
        if kept and candidate.index > kept[-1].index and BACK_MATTER.fullmatch(heading_words(candidate.title)):
            levels[candidate.index] = 1  # "BIBLIOGRAPHY" after the last numbered chapter ends it
            chapter = candidate.kind
            continue
        levels[candidate.index] = below + (1 if annex else 0)
        if not annex:
            chapter = candidate.kind
    out = [("#" * levels[i] + " " + line.strip()) if i in levels else line for i, line in enumerate(lines)]
    for candidate in candidates:
        if candidate.wrapped and candidate.index in levels:  # the title's second line joins it
            out[candidate.index] += " " + out[candidate.index + 1].strip()
            out[candidate.index + 1] = ""
    return out


def _candidate(lines: list[str], index: int, after_heading: bool) -> _Candidate | None:
    line = lines[index].strip()
    if not line or not _title_like(line):
        return None
    # (a page's first line, after "\f", follows nothing)
    before = lines[index - 1].strip() if index and not lines[index].startswith("\f") else ""
    if before and not after_heading and not SENTENCE_END.search(before):
        return None  # the line goes on from the one before: a wrapped sentence
    if _beside_a_column(lines, index):
        return None  # a table's label cell, its value set in the next column ("Context and any | The …")
    if _toc_entry(lines, index):
        return None  # the contents without their layout: a chapter's name, its page number on the next line
    if _wrapped_sentence(lines, index):
        return None  # a paragraph's first line ("Background. The two projects…", "10. Committees now … mid-term")
    found, rest = _NUMBERED.match(line), _title_rest(lines, index)
    if found:
        title = found.group("title")
        if rest and (not _known(title) and _known(f"{title} {rest}") or _rest_alone(lines, index, rest)):
            whole = f"{title} {rest}"
            return _Candidate(index, found.group("n"), whole, _known(whole), _kind(whole), wrapped=True)
        return _Candidate(index, found.group("n"), title, _known(title), _kind(title))
    if rest and not _known(line) and _known(f"{line} {rest}"):  # "VII. LESSONS LEARNED AND GOOD" "PRACTICES"
        return _Candidate(index, "", f"{line} {rest}", True, _kind(f"{line} {rest}"), wrapped=True)
    words = heading_words(line)
    if KEY_FINDINGS_LABEL.fullmatch(words):
        return None  # "Key findings" over a section's findings: a label, not the chapter
    if _known(line) or OTHER_CHAPTERS.fullmatch(words) or ANNEX_HEADING.match(words):
        if _LETTERED.match(line) and rest and _rest_alone(lines, index, rest):  # ("B. Recommendations for the" "ILO")
            return _Candidate(index, "", f"{line} {rest}", _known(line), _kind(line), wrapped=True)
        return _Candidate(index, "", line, _known(line), _kind(line))
    if len(words.split()) <= MAX_CRITERION_WORDS and (
            CRITERION_STEMS.match(words) or _LETTERED.match(line) and CRITERION_STEMS.search(words)):
        # "B. Project progress and effectiveness": a lettered heading naming a criterion after other words
        return _Candidate(index, "", line, False, "criterion")
    if TEMPLATE_HEADING.fullmatch(fold(line)):
        return _Candidate(index, "", line, False, "template")
    if _LETTERED.match(line) and len(words.split()) <= MAX_TITLE_WORDS:
        whole = f"{line} {rest}" if rest and _rest_alone(lines, index, rest) else line
        return _Candidate(index, "", whole, False, "lettered", wrapped=whole != line)
    return None


_PAGE_NUMBER_ALONE = re.compile(r"^\s*\d{1,3}\s*$")
_LETTERED = re.compile(r"^[A-H]\.\s+[A-ZÀ-Ý]")
_ROMAN_CHAPTER = re.compile(r"^[IVXL]{1,6}\.\s+\S")
TITLE_REST_WORDS = 4
TITLE_WRAPPED_WORDS = 16


# A sentence ended inside the line and another begun: a run-in head and its paragraph ("Background. The …").
MIN_SENTENCE_WORDS = 8  # a line this long going on in lower case below is a sentence's, not a title's
_SENTENCE_INSIDE = re.compile(r"[a-z]{2,}[.!?]\s+[A-ZÀ-Ý]\w*\s+\w")


def _wrapped_sentence(lines: list[str], index: int) -> bool:
    """A paragraph's first line, not a heading: a sentence ends in it and the next begins, or the next
    line carries its sentence on to its end (in lower case, or after a word that cannot end a title)."""
    line = lines[index].strip()
    if _SENTENCE_INSIDE.search(line):
        return True
    following = lines[index + 1].strip() if index + 1 < len(lines) and "\f" not in lines[index + 1] else ""
    if not following or _title_rest(lines, index) or len(line.split()) < MIN_SENTENCE_WORDS \
            or not re.search(r"[.!?;]$", following):
        return False  # (a chapter's name in lower case, "10. conclusions", over "conclusion 1:"; a title's
        # second line, which ends no sentence: "2. Incorporación del enfoque … y la atención" / "informada … (AIT)")
    return following[:1].islower() or bool(_HANGING.search(line))


def _title_rest(lines: list[str], index: int) -> str:
    """The next line when it can be the end of a heading set on two lines: a few words, no sentence; a
    whole line when the heading's first line ends on a word that cannot end it ("…y el" / "enjuiciamiento…")."""
    rest = lines[index + 1].strip() if index + 1 < len(lines) and "\f" not in lines[index + 1] else ""
    most = TITLE_WRAPPED_WORDS if _HANGING.search(lines[index]) else TITLE_REST_WORDS
    return rest if 0 < len(rest.split()) <= most and not re.search(r"[.:;,!?]$", rest) else ""


# The first words of a line that stands alone under a heading and is no part of its title.
_NOT_A_TITLE_END = re.compile(r"(?:table|tabla|tableau|figure|figura|graph|chart|gr[aá]fico|box|recuadro|encadr[eé]|"
                              r"source|fuente|note|nota)\b|\d", re.I)


def _rest_alone(lines: list[str], index: int, rest: str) -> bool:
    """A numbered heading's second line ("4.2 Recommendations for the Department of Higher" "Education"):
    a few words alone, the next line a new block (blank, a list item, a heading), not a label or caption."""
    after = lines[index + 2].strip() if index + 2 < len(lines) else ""
    return (not after or bool(re.match(rf"(?:\d{{1,2}}[.)]|[-–•◦{BULLET_GLYPHS}])\s", after)) or bool(_NUMBERED.match(after))
            or _answers_line(after)) \
        and not _NOT_A_TITLE_END.match(rest) and not KEY_FINDINGS_LABEL.fullmatch(heading_words(rest)) \
        and rest[:1].isalpha() and not re.search(r"[\d:?¿()\[\]]", rest)   # (no label, ID list or question)


def _answers_line(line: str) -> bool:
    """"Responde a: SPE13.2", "Answers: EQ1, EQ2" under a section's heading: the questions it answers."""
    return ":" in line and bool(ANSWERS_LABEL.fullmatch(heading_words(line.split(":", 1)[0])))


def _toc_entry(lines: list[str], index: int) -> bool:
    """An entry of the contents taken without its layout: its page number alone on the next line, with
    another entry's number alone just before it or after that number (entries come in runs)."""
    def near(start: int, step: int) -> int | None:  # the next line with words, at most one blank line away
        for position in (start + step, start + 2 * step):
            if 0 <= position < len(lines) and lines[position].strip():
                return position
        return None

    number = near(index, 1)
    if number is None or not _PAGE_NUMBER_ALONE.match(lines[number]):
        return False
    before, after = near(index, -1), near(number, 1)
    next_number = near(after, 1) if after is not None else None
    return before is not None and bool(_PAGE_NUMBER_ALONE.match(lines[before])) or \
        next_number is not None and bool(_PAGE_NUMBER_ALONE.match(lines[next_number]))


def _beside_a_column(lines: list[str], index: int) -> bool:
    """A line whose next line's text starts right of this line's end (or its line above, when this
    line is indented as a table's cells are): the two are cells of a table's columns (a label cell set
    on several lines, its value beside it), not a heading and its text. (A heading right under a
    table's last cell is no cell.)"""
    line = lines[index]
    end = len(line.rstrip())
    below = lines[index + 1] if index + 1 < len(lines) and "\f" not in lines[index + 1] else ""
    above = lines[index - 1] if index and "\f" not in line and line[:1] == " " else ""
    return any(other.strip() and len(other) - len(other.lstrip()) > end + 1 for other in (above, below))


def _kind(title: str) -> str | None:
    kind = chapter_kind(Block("heading", title, 0, level=1))
    return kind or ("other" if OTHER_CHAPTERS.fullmatch(heading_words(title)) else None)


def _title_like(line: str) -> bool:
    words = line.split()
    return (0 < len(words) <= MAX_TITLE_WORDS and any(c.isalpha() for c in line)
            and not re.search(r"[.,;]\s*$", line) and not _TOC_END.search(line) and "|" not in line
            and not re.search(r"\S(?: {3,}|\t)\S", line)  # (words in columns: a table's line)
            and not line.startswith(("-", "•", "*", "[^")))


def _known(title: str) -> bool:
    return chapter_kind(Block("heading", title, 0, level=1)) not in (None, "annexes") or bool(
        re.fullmatch(r"(?:anexos?|annex(?:es)?|annexes|appendi(?:x|ces))", heading_words(title)))


def _in_findings(candidates: list[_Candidate], levels: dict[int, int], dotted: bool = False) -> list[_Candidate]:
    """The numbered lines after the last unnumbered "Findings" line (of a report whose chapters
    are not numbered) and before the next chapter's name: the findings' sections, or list items
    (with `dotted`, those numbered "9.1", "9.1.1" instead)."""
    out: list[_Candidate] = []
    inside = False
    for candidate in candidates:
        if candidate.index in levels:
            continue
        if not candidate.number and candidate.kind not in (None, "criterion"):
            inside = candidate.kind == "findings" or (inside and ANNEX_HEADING.match(heading_words(candidate.title)) is None
                                                       and not candidate.known and candidate.kind != "other")
            if candidate.kind == "findings":
                out.clear()
        elif inside and candidate.number and ("." in candidate.number) == dotted:
            out.append(candidate)
    return out


def _numbered_subsections(dotted: list[_Candidate], parents: set[str]) -> set[int]:
    """The lines of `dotted` ("9.1 Relevance", "9.1.1 Alignment…") that share the first number most
    of them have, whose chapter "9" is not a heading of its own, in rising order: the findings'
    criteria and sections under an unnumbered chapter."""
    tops = Counter(c.number.split(".")[0] for c in dotted)
    if not tops:
        return set()
    top = tops.most_common(1)[0][0]
    kept: list[tuple[int, ...]] = []
    out = set()
    for candidate in dotted:
        number = tuple(int(n) for n in candidate.number.split("."))
        if candidate.number.split(".")[0] == top and top not in parents and (not kept or number > kept[-1]):
            kept.append(number)
            out.add(candidate.index)
    return out


def _rising(numbered: list[_Candidate]) -> list[_Candidate]:
    """The longest run of rising numbers (steps of 1 to MAX_STEP): sections, not a list's items."""
    return _best_run(numbered, lambda candidate: 0)


def _chapter_run(tops: list[_Candidate]) -> list[_Candidate]:
    """The longest rising run of top-level numbers (steps of 1 to MAX_STEP) with the most known
    chapters: the report's chapters, not a numbered list."""
    run = _best_run(tops, lambda candidate: int(candidate.known))
    return run if any(c.known for c in run) else []  # no chapter reportgen knows: not the report's chapters


def _best_run(numbered: list[_Candidate], worth: Callable[[_Candidate], int]) -> list[_Candidate]:
    """The rising run (each number 1 to MAX_STEP above the one before) with the most worth, then
    the most lines; in one pass, keeping the best run ending at each number so far."""
    ending: dict[int, tuple[int, int, int]] = {}   # number -> (worth, length, index of its last line)
    previous: list[int] = []                        # per candidate: the index of the one before in its run
    scores: list[tuple[int, int]] = []
    for index, candidate in enumerate(numbered):
        number = int(candidate.number)
        before = max((ending[n] for n in range(number - MAX_STEP, number) if n in ending), default=(0, 0, -1))
        score = (before[0] + worth(candidate), before[1] + 1)
        previous.append(before[2])
        scores.append(score)
        if score > ending.get(number, (-1, -1, -1))[:2]:
            ending[number] = (*score, index)
    if not scores:
        return []
    end = max(range(len(numbered)), key=lambda i: scores[i])
    run = []
    while end >= 0:
        run.append(numbered[end])
        end = previous[end]
    return run[::-1]


# Text laid out as on the page (`pdftotext -layout`): a character is a third of a unit wide, and a
# line's geometry is chosen so that the PDF reader's column finder reads it as it reads a page: one
# space is a word space, two are a column's gap, cells of a column line up within six characters
# (pdftotext places each line's text on its own grid of characters: a cell's start moves by up to
# six). A blank line between two lines set in columns is a table's row padding (a row's gap, wider
# than its lines'); any other blank line parts two tables, a page break too.
_CHAR = 1 / 3
_SIZE = 0.8
_STEP = 0.96        # (lines 0.16 apart: a row's lines)
_ROW_PADDING = 0.32  # (a blank line between rows: 0.48 apart, still close enough for a cell's next line)
_APART = 2.56


# A list item's bullet and the gap after it, as `pdftotext -layout` prints them ("\uf0b7   Lesson 1: …",
# "    o   The ministry's staff…"): the gap would read as a table's gutter, bullets as its first column.
_SPACED_BULLET = re.compile(rf"^(?P<indent>\s*)(?P<bullet>[{BULLET_GLYPHS}]|o)(?: {{2,}}|\t)(?=[^\W\d_])")


def close_bullets(lines: list[str]) -> list[str]:
    """Each bullet one space before its text (Word's "o" bullet written "◦", a glyph no word is). An "o"
    is a bullet only before single-spaced words: a justified line spreads all its words ("o    bien    el")."""
    def closed(found: re.Match[str]) -> str:
        return f"{found.group('indent')}{'◦' if found.group('bullet') == 'o' else found.group('bullet')} "
    out = []
    for line in lines:
        found = _SPACED_BULLET.match(line)
        if found and (found.group("bullet") != "o" or "  " not in line[found.end():].rstrip()):
            line = closed(found) + line[found.end():]
        out.append(line)
    return out


def list_markers_rejoined(lines: list[str]) -> list[str]:
    """A list whose markers a PDF's text taken without its layout wrote apart, one a line ("1." "2." "3."),
    then its items' lines: each marker goes back to its item, when the lines hold as many items (a
    line in capitals after one that ends a sentence opens the next); the same number of lines."""
    out = list(lines)
    index = 0
    while index < len(out):
        run = index
        while run < len(out) and _BARE_MARKER.match(out[run]):
            run += 1
        if run - index < 2:
            index = run + 1 if run == index else run
            continue
        first = run
        while first < len(out) and not out[first].strip():
            first += 1
        end, starts = first, [first]
        while end < len(out) and out[end].strip() and not _BARE_MARKER.match(out[end]):
            if end > first and out[end].lstrip()[:1].isupper() and _FINISHED.search(out[end - 1]):
                starts.append(end)
            end += 1
        if len(starts) == run - index and end > first:
            for marker, start in zip(range(index, run), starts):
                out[start] = f"{out[marker].strip()} {out[start].lstrip()}"
                out[marker] = ""
        index = max(end, run)
    return out


_BARE_MARKER = re.compile(rf"^\s*(?:\d{{1,3}}[.)]|[a-z][.)]|[{BULLET_GLYPHS}])\s*$")


def layout_tables(lines: list[str]) -> list[str]:
    """`lines` with each table laid out in columns of spaces written as tab-separated rows (the
    form the rest of the import reads), in the lines the table held; the same number of lines."""
    vocabulary = Counter(bare(word) for line in lines for word in line.split())
    lines = two_columns_aligned(field_cells_paired(interleaved_tables(lines, vocabulary)))
    laid: list[Line] = []
    at: dict[float, int] = {}  # a laid line's top -> its index in `lines`
    page, top = 0, 0.0
    near = _near_columns(lines)
    carried, grids = _carried_over(lines)
    lines = _realigned(lines, grids)
    for index, raw in enumerate(lines):
        if index in carried:
            continue  # (the page break inside a table, and its header printed again: the table goes on)
        page += 0 if index in grids else raw.count("\f")
        text = _open_neighbours_columns(lines, index)
        heading = bool(_MARKED.match(text)) or _chapter_heading(text)
        top += _APART if heading else _STEP if text.strip() else \
            _ROW_PADDING if _row_padding(lines, index) else _APART
        if heading or index not in near:
            continue  # (a heading is never a table's line, and parts two; nor is a line far from any gap)
        words = [Word(m.group(), m.start() * _CHAR, m.end() * _CHAR, top, top + _SIZE, _SIZE, False, False)
                 for m in re.finditer(r"\S+", text)]
        if words:
            at[round(top, 6)] = index
            laid.append(Line(words, page, top, top + _SIZE, words[0].x0, words[-1].x1, _SIZE))
    out = list(lines)
    for table in column_tables(laid)[1]:
        first, last = at[round(table.top, 6)], at[round(table.bottom - _SIZE, 6)]
        header, above = _header_above(lines, first, len(table.rows[0]))
        first -= above
        rows = ["\t".join(_cell(cell, vocabulary) for cell in row)
                for row in _header_cut(_rows(header + table.rows), vocabulary)]
        if len(rows) > last - first + 1 or any("\t" in lines[i] for i in range(first, last + 1)):
            continue
        out[first:last + 1] = rows + [""] * (last - first + 1 - len(rows))
    return out  # (a table's rows take its lines, the header printed again and the page break among them)


MAX_TABLE_LINES = 80
MIN_FIELD_PAIRS = 2
MAX_FIELD_VALUE_WORDS = 12


def field_cells_paired(lines: list[str]) -> list[str]:
    """A recommendation's field table whose cells come one per line (a PDF's text without its layout:
    "Priority", "High", "Resource implication", "Low") as field lines, "Priority: High", each on its
    label's line, the value's line blank (the same number of lines)."""
    out = list(lines)
    index = 0
    while index < len(out) - 1:
        pairs = 0
        while index + 2 * pairs + 1 < len(out) and _field_cell_pair(out[index + 2 * pairs], out[index + 2 * pairs + 1]):
            pairs += 1
        if pairs >= MIN_FIELD_PAIRS:
            for pair in range(pairs):
                label, value = out[index + 2 * pair], out[index + 2 * pair + 1]
                out[index + 2 * pair] = f"{label.strip()}: {value.strip()}"
                out[index + 2 * pair + 1] = ""
        index += 2 * pairs or 1
    return out


def _field_label(line: str) -> bool:
    return any(pattern.fullmatch(fold(line).strip(" :")) for _, pattern in RECOMMENDATION_FIELDS)


def _field_cell_pair(label: str, value: str) -> bool:
    return "\t" not in label + value and _field_label(label) and bool(value.strip()) and not _field_label(value) \
        and len(value.split()) <= MAX_FIELD_VALUE_WORDS and not _MARKED.match(value)
MIN_VALUE_INDENT = 12   # a value column this many characters right of the labels
MAX_BLANK_RUN = 6       # blank lines inside a table: a page's foot and head, their furniture gone
MAX_PAGE_FOOT = 60      # the same with a page break among them: a page left short by a row that did not fit


def interleaved_tables(lines: list[str], vocabulary: Counter[str]) -> list[str]:
    """`lines` with each two-column table whose label lines print between its value's lines (a label
    in a smaller font: pdftotext sorts the two columns' lines by height) written as tab-separated rows,
    one per group of lines between blank lines (a group with no label goes on with the row above: a
    paragraph of the value, or its part after a page break), the header row printed again after a page
    break left out; the lines the rows no longer need are blank at the table's end."""
    out = list(lines)
    index = 0
    while index < len(out):
        block = _interleaved_block(out, index)
        if block is None:
            index += 1
            continue
        end, value_at, groups = block
        rows = ["\t".join(_cell(cell, vocabulary) for cell in row) for row in _group_rows(groups, value_at)]
        out[index:end] = rows + [""] * (end - index - len(rows))
        index = end
    return out


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _interleaved_block(lines: list[str], start: int) -> tuple[int, int, list[list[str]]] | None:
    """(the block's end, the value column, its groups of lines parted by blank lines) when a
    two-column block with interleaved label and value lines starts at `start`."""
    first = lines[start].replace("\f", "")
    if not first.strip() or _MARKED.match(first) or "\t" in first:
        return None
    label_at, value_at = _indent(first), None
    groups: list[list[str]] = [[]]
    index, blanks = start, 0
    broken = False  # (a page break in the blank lines: a short page's foot may be long)
    while index < len(lines) and (blanks <= MAX_BLANK_RUN or broken and blanks <= MAX_PAGE_FOOT):
        text = lines[index].replace("\f", "").rstrip()
        if not text.strip():
            blanks, broken = blanks + 1, broken or "\f" in lines[index]
            if groups[-1]:
                groups.append([])
            index += 1
            continue
        at = [_indent(text)] + [m.end() - 1 for m in re.finditer(r"\S {3,}\S", text)]
        if value_at is None and at[-1] >= label_at + MIN_VALUE_INDENT:
            value_at = at[-1]
        if len(at) > 2 or at[0] != label_at and at[0] != value_at or \
                len(at) == 2 and (at[0] != label_at or at[1] != value_at) or \
                len(at) == 1 and at[0] == label_at and value_at is not None and len(text) >= value_at:
            break  # (not a label, a value or both; or a label line running over the value column: text)
        groups[-1].append(text)
        index, blanks, broken = index + 1, 0, False
    groups = [group for group in groups if group]
    if value_at is None or not _interleaved(groups, label_at):
        return None
    end = index - blanks
    return end, value_at, groups


def _interleaved(groups: list[list[str]], label_at: int) -> bool:
    """Two rows or more that open with a label line alone, then a value line alone, then the label's
    next line: the columns' lines interleaved (a table whose rows open with label and value on one
    line is read as any table)."""
    def opens_interleaved(group: list[str]) -> bool:
        kinds = ["label" if _indent(line) == label_at and "   " not in line.strip() else
                 "value" if _indent(line) > label_at else "both" for line in group]
        return kinds[:2] == ["label", "value"] and "label" in kinds[2:]
    return sum(opens_interleaved(group) for group in groups) >= 2


def _group_rows(groups: list[list[str]], value_at: int) -> list[list[str]]:
    rows: list[list[str]] = []
    for number, group in enumerate(groups):
        if number and group == groups[0]:
            continue  # (the header row printed again after a page break)
        label = "\n".join(line[:value_at].strip() for line in group if _indent(line) < value_at)
        value = "\n".join(line[value_at:].strip() for line in group if len(line) > value_at)
        if rows and not label:
            rows[-1][1] += f"\n{value}"
        else:
            rows.append([label, value])
    return rows


def _cell_starts(line: str) -> set[int]:
    """Where a line's cells in a later column start: after a gap of three spaces or more, or at an
    indent of eight or more (a cell whose row has nothing in the first column)."""
    return {m.end() - 1 for m in re.finditer(r"(?:\S {3,}|^ {8,})\S", line)}


def _open_neighbours_columns(lines: list[str], index: int) -> str:
    """A line's text, a single space widened where a line beside it has a cell starting at that very
    column: a label cell as wide as its column runs into the value beside it ("Elemento de la lección
    aprendida inspectors early" under "                Lección aprendida 1. Involving"). The line beside
    is the nearest above and below with such cells, past a first cell's wrapped words ("actifs")."""
    text = lines[index].replace("\f", "")
    starts: set[int] = set()
    for step in (-1, 1):
        beside = index + step
        while 0 <= beside < len(lines) and abs(beside - index) <= MAX_WRAPPED_CELL_LINES + 1:
            found = _cell_starts(lines[beside].replace("\f", ""))
            if found or not lines[beside].strip() or "\f" in lines[beside] or len(lines[beside]) > NARROW_CELL_CHARS:
                starts |= found
                break
            beside += step
    for start in sorted(starts, reverse=True):
        if 2 < start < len(text) and text[start] != " " and text[start - 1] == " " and text[start - 2] != " ":
            text = text[:start] + " " + text[start:]
    return text


MAX_WRAPPED_CELL_LINES = 2
_CELL_TEXT = re.compile(r"\S+(?: \S+)*")  # a cell's words on a line: words one space apart


def _same_cells(line: str, other: str) -> bool:
    """The same cells, each starting within the play of pdftotext's grid (three characters)."""
    cells = [(m.start(), m.group()) for m in _CELL_TEXT.finditer(line)]
    others = [(m.start(), m.group()) for m in _CELL_TEXT.finditer(other)]
    return len(cells) == len(others) and all(a == b and abs(x - y) <= 3 for (x, a), (y, b) in zip(cells, others))


def _carried_over(lines: list[str]) -> tuple[set[int], dict[int, list[tuple[int, int]]]]:
    """A table cut by a page break: (the lines to leave out, the lines from which the next page's
    grid is moved onto the table's columns, each with its anchors: (start there, start above)).

    When its header row is printed again on the next page, its columns where they were, the header's
    second print and the blank lines before it (the page's foot, its furniture gone) are left out.
    Printed again on the next page's own grid (its columns elsewhere), the header is left out too
    and gives the anchors that move the page's rows onto the columns above. When the next page goes
    on with cells where the table's columns were, without a header, the last row goes on there: the
    blank lines are left out, the page break parts nothing, each cell moves to the nearest column
    (no anchors). (Columns set elsewhere on the new page make a table of their own.)"""
    carried: set[int] = set()
    grids: dict[int, list[tuple[int, int]]] = {}
    for index, line in enumerate(lines):
        repeated = line.replace("\f", "").rstrip()
        if "\f" not in line or not _IN_COLUMNS.search(repeated):
            continue
        blank = index
        while blank > 0 and not lines[blank - 1].strip():
            blank -= 1
        if not _ends_in_a_table(lines, blank):
            continue
        header = _header_again(lines, index, repeated)
        anchors = [] if header else _header_on_a_new_grid(lines, index, repeated)
        if header:
            carried.update(range(blank, index + header))
        elif anchors:
            carried.update(range(blank, index + 1))
            grids[index + 1] = anchors
        elif _goes_on_in_columns(lines, blank, repeated):
            carried.update(range(blank, index))
            grids[index] = []
    return carried, grids


def _header_on_a_new_grid(lines: list[str], index: int, repeated: str) -> list[tuple[int, int]]:
    """The header row above printed again with the same words in two cells or more, its columns
    elsewhere: each cell's (start here, start above); [] when it is not."""
    cells = list(_CELL_TEXT.finditer(repeated))
    if len(cells) < 2:
        return []
    for first in range(max(0, index - MAX_TABLE_LINES), index):
        above = list(_CELL_TEXT.finditer(lines[first].replace("\f", "")))
        if [m.group() for m in above] == [m.group() for m in cells]:
            return [(new.start(), old.start()) for new, old in zip(cells, above)]
    return []


def _header_again(lines: list[str], index: int, repeated: str) -> int:
    """How many lines from `index` print a header row seen above again (0: none). One cell's words
    alone ("entreprise") may repeat a cell's line inside the table: such a line is a header only at
    the table's top."""
    alone = len(_CELL_TEXT.findall(repeated)) < 2
    for first in range(max(0, index - MAX_TABLE_LINES), index):
        if alone and first and _IN_COLUMNS.search(lines[first - 1].replace("\f", "")):
            continue
        if _same_cells(lines[first], repeated):
            header = 1  # (a header row on two lines or more, printed again whole)
            while index + header < len(lines) and first + header < index and _same_cells(
                    lines[first + header], lines[index + header]) and lines[index + header].strip():
                header += 1
            return header
    return 0


def _goes_on_in_columns(lines: list[str], end: int, line: str) -> bool:
    """Each cell of `line` starts where a cell of the table's lines (right before `end`) starts, and a
    cell alone goes on with a sentence (in lower case): "BP2. Peer learning" alone in the second
    column opens the next table (a template's title row), "entreprises enregistrées" goes on."""
    starts, cells = _table_starts(lines, end), list(_CELL_TEXT.finditer(line))
    if len(cells) == 1 and not cells[0].group()[:1].islower():
        return False
    return bool(starts) and all(any(abs(m.start() - x) <= ALIGNMENT_PLAY for x in starts) for m in cells)


ALIGNMENT_PLAY = 3  # (pdftotext places each page's text on its own grid: a column moves by a few characters)


def _table_starts(lines: list[str], end: int) -> set[int]:
    """Where the cells of the table's lines right before `end` start (back to its page's first line)."""
    first = end
    while first > max(0, end - MAX_TABLE_LINES) and lines[first - 1].strip():
        first -= 1
        if "\f" in lines[first]:
            break  # (the page's first line)
    return {m.start() for text in lines[first:end] for m in _CELL_TEXT.finditer(text.replace("\f", ""))}


MIN_TWO_CELL_LINES = 3
MAX_VALUE_SHIFT = 12   # how far left of its column pdftotext may set a value beside a long label


def two_columns_aligned(lines: list[str]) -> list[str]:
    """`lines` with each run of two-column lines (a label | value table, an ILO template) given one value
    column: pdftotext narrows the gap beside a long label line ("deliverable, background, purpose,   modules"),
    and the value would start a column of its own. Each value (and a value line alone) is moved to the
    run's rightmost value start, when the run's values start no more than MAX_VALUE_SHIFT apart."""
    out = list(lines)
    start = 0
    while start < len(out):
        end = start
        while end < len(out) and out[end].strip() and len(_cells(out[end])) <= 2 and not _MARKUP_ROW.search(out[end]):
            end += 1
        run = range(start, end)
        seconds = {i: _cells(out[i])[1].start() for i in run if len(_cells(out[i])) == 2}
        indent = min((_cells(out[i])[0].start() for i in run), default=0)
        # (two columns only: every line with two parts opens at the label column; a wider table's lines
        # without a first cell open further right)
        if len(seconds) >= MIN_TWO_CELL_LINES and all(abs(_cells(out[i])[0].start() - indent) <= 1 for i in seconds):
            column, leftmost = max(seconds.values()), min(seconds.values())
            if column - leftmost <= MAX_VALUE_SHIFT:
                for i in run:
                    cells = _cells(out[i])
                    if len(cells) == 2 and cells[1].start() < column:
                        out[i] = out[i][:cells[0].start()] + cells[0].group().ljust(column - cells[0].start()) \
                            + out[i][cells[1].start():]
                    elif len(cells) == 1 and indent + 1 < cells[0].start() < column and cells[0].start() >= leftmost - 1:
                        out[i] = out[i][:cells[0].start()].replace(" ", "") + " " * column + cells[0].group()  # a value alone
        start = end + 1
    return out


_MARKUP_ROW = re.compile(r"[|\t]")   # a pipe table's row, or rows already laid out (tab-separated)


def _cells(line: str) -> list[re.Match[str]]:
    """A line's parts three spaces apart or more (a justified line's words may be two apart)."""
    return list(re.finditer(r"\S+(?: {1,2}\S+)*", line.replace("\f", " ")))


def _realigned(lines: list[str], grids: dict[int, list[tuple[int, int]]]) -> list[str]:
    """`lines` with a table's lines on the page it goes on to moved onto the columns of the page before:
    by the header's anchors when it was printed again, else each cell to the nearest column start
    within the play, so that the columns line up as one."""
    out = list(lines)
    for index, anchors in grids.items():
        blank = index
        while blank > 0 and not lines[blank - 1].strip():
            blank -= 1
        starts = sorted(_table_starts(lines, blank))
        position = index
        while position < len(out) and out[position].strip() and (position == index or "\f" not in out[position]):
            out[position] = _moved(out[position], anchors) if anchors else _snapped(out[position], starts)
            position += 1
    return out


def _snapped(line: str, starts: list[int]) -> str:
    def at(x: int) -> int:
        near = min(starts, key=lambda start: abs(start - x))
        return near if abs(near - x) <= ALIGNMENT_PLAY else x
    return _placed(line, at)


def _moved(line: str, anchors: list[tuple[int, int]]) -> str:
    """Each cell moved as its column's header cell moved ((start here, start above) per column)."""
    def at(x: int) -> int:
        new, old = max((a for a in anchors if a[0] <= x + ALIGNMENT_PLAY), default=anchors[0])
        return max(0, x + old - new)
    return _placed(line, at)


def _placed(line: str, at: Callable[[int], int]) -> str:
    """The line's cells written again each at `at(its start)`, two spaces apart at least."""
    text = "\f" if "\f" in line else ""
    plain, width = line.replace("\f", ""), 0
    for cell in _CELL_TEXT.finditer(plain):
        start = max(at(cell.start()), width + 2) if width else at(cell.start())
        text += " " * (start - width) + cell.group()
        width = start + len(cell.group())
    return text


MAX_LABEL_TAIL = 6  # a label cell may end a page alone on this many lines ("Asuntos administrativos" / "de la OIT" / …)


def _ends_in_a_table(lines: list[str], end: int) -> bool:
    """One of the last lines before `end` is set in columns: the page ends inside a table (its last
    lines may be a label cell's end with nothing beside it, one after the other)."""
    first = end
    while first > max(0, end - MAX_LABEL_TAIL) and lines[first - 1].strip():
        first -= 1
    last = lines[max(0, end - 3):end] if first == end else lines[first:end]
    return any(line.strip() and _IN_COLUMNS.search(line) for line in last)


def _header_above(lines: list[str], first: int, columns: int) -> tuple[list[list[str]], int]:
    """The header row right above a table, set in another font (pdftotext places its columns
    elsewhere), and the number of lines it takes: a line in as many cells as the table has columns,
    starting where the table's lines start; or, over a two-column table, a title alone in the second
    column above a line of two cells (an ILO template's "Lesson learned 1: …" over its "LL Element"
    line). ([], 0) when there is none."""
    if first == 0 or "\f" in lines[first] or not _plain_line(lines[first - 1]):
        return [], 0
    indent = len(lines[first]) - len(lines[first].lstrip())
    above = _open_neighbours_columns(lines, first - 1)
    cells = re.split(r" {2,}", above.strip())
    if len(cells) != columns or indent != len(above) - len(above.lstrip()):
        return [], 0
    title = lines[first - 2].replace("\f", "") if first >= 2 and "\f" not in lines[first - 1] else ""
    if columns == 2 and _plain_line(title) and title.startswith(" " * 8) and " " * 3 not in title.strip():
        return [[cells[0], f"{title.strip()}\n{cells[1]}"]], 2
    return [cells], 1


def _plain_line(line: str) -> bool:
    """A line of text that may be a table's: not blank, not a heading, not a table read already."""
    return bool(line.strip()) and not _MARKED.match(line) and "\t" not in line


_IN_COLUMNS = re.compile(r"\S {3,}\S|^ {2,}\S")  # (a justified line's gaps are two spaces at most)


def _row_padding(lines: list[str], index: int) -> bool:
    """A single blank line between two lines set in columns (or indented as a table's cells are)."""
    return 0 < index < len(lines) - 1 and "\f" not in lines[index + 1] and all(
        line.strip() and _IN_COLUMNS.search(line) for line in (lines[index - 1], lines[index + 1]))


_GAP = re.compile(r"\S {2,}\S|^ {3,}\S")  # (an indented line: a cell's next line in a later column)
NEAR = 4  # a table's header or cell may take this many lines above or below its lines with gaps


def _chapter_heading(line: str) -> bool:
    """"6. LESSONS LEARNED" right under a table's last row: a chapter's heading, never a cell."""
    found = _NUMBERED.match(line.replace("\f", "").strip())
    return found is not None and not _GAP.search(line.strip()) and _known(found.group("title"))


def _near_columns(lines: list[str]) -> set[int]:
    """The lines that may be a table's: those with a gap of two spaces between words or indented, and
    the lines around them."""
    near: set[int] = set()
    for index, line in enumerate(lines):
        if _GAP.search(line):
            near.update(range(max(0, index - NEAR), min(len(lines), index + NEAR + 1)))
    # A narrow cell's text goes on further down, a few words a line ("collectivités" / "devraient" / … /
    # "budget annuel."): short lines right under the table's lines are its lines too.
    for index in range(1, len(lines)):
        line = lines[index]
        if index - 1 in near and index not in near and line.strip() and "\f" not in line \
                and len(line.rstrip()) <= NARROW_CELL_CHARS and lines[index - 1].strip():
            near.add(index)
    return near


NARROW_CELL_CHARS = 24


def _rows(rows: list[list[str]]) -> list[list[str]]:
    """Text gives every line of a table the same spacing: a line continuing the cells above it
    (its words start in lower case, or go on from cells that did not finish) joins that row, and a
    header set on two lines is one row."""
    out: list[list[str]] = []
    first_width = max((len(line) for row in rows if row for line in row[0].split("\n")), default=0)
    for row in rows:
        if out and (_continues(out[-1], row) or _first_cell_wrapped(out[-1], row, first_width)):
            out[-1] = [f"{a}\n{b}" if a and b else a or b for a, b in zip(out[-1], row)]
        else:
            out.append(list(row))
    if len(out) >= 2 and all(c.strip() for c in out[1]) and (all(  # the header's upper line
            not above.strip() or below.strip()[:1].islower() for above, below in zip(out[0], out[1]))
            or _item_title_over_its_row(out[0])):
        out[:2] = [[f"{a}\n{b}" if a and b else a or b for a, b in zip(out[0], out[1])]]
    return out


def _header_cut(rows: list[list[str]], words: Counter[str]) -> list[list[str]]:
    """A header whose narrow columns cut their labels over several lines ("N" / "o.", "Priorit" / "y",
    "Resource" set higher than the rest): one row. A line holding a few cells but not the first goes
    on below; so does one whose every cell the next line continues with the rest of a cut word."""
    def joined(upper: list[str], lower: list[str]) -> list[str]:
        return [f"{a}\n{b}" if a and b else a or b for a, b in zip(upper, lower)]

    while len(rows) > 2 and rows[1][0].strip():
        upper, lower = rows[0], rows[1]
        filled = [a.strip() for a in upper if a.strip()]
        pairs = [(a.split("\n")[-1], b.split("\n")[0]) for a, b in zip(upper, lower) if a.strip() and b.strip()]
        raised = not upper[0].strip() and 2 * len(filled) <= len(upper)
        if not raised and not (pairs and all(cut_in_a_cell(a, b, words, a) for a, b in pairs)):
            break
        rows[:2] = [joined(upper, lower)]
    return rows


_NUMBERED_LABEL = re.compile(r"\S\s+\d{1,2}\s*[:.)](?:\s|$)")


def _item_title_over_its_row(row: list[str]) -> bool:
    """A first row holding only an item's numbered label in the last column ("Emerging good practice 1:"),
    the first line of the title that goes on level with the row's label ("GP Element")."""
    return all(not cell.strip() for cell in row[:-1]) and bool(_NUMBERED_LABEL.search(row[-1]))


# A cell's line that cannot end it: a hyphen, a dash, a slash, a comma, or a word that needs one after it.
_HANGING = re.compile(r"(?:[-–/,(&]|\b(?:of|and|or|to|the|a|an|for|in|on|with|de|des|du|la|le|les|un|une|et|ou|en|y|o|"
                      r"del|el|los|las|una|para|por|con))\s*$", re.I)


def _continues(above: list[str], row: list[str]) -> bool:
    filled = [(index, cell.strip()) for index, cell in enumerate(row) if cell.strip()]
    if not filled:
        return False
    unfinished = [bool(above[index].strip()) and not SENTENCE_END.search(above[index]) for index, _ in filled]
    lower = [cell[0].islower() or cell[0] in "([" for _, cell in filled]   # (a label's bracket goes on too)
    if any(low and _HANGING.search(above[index]) for (index, _), low in zip(filled, lower)):
        return True  # a cell goes on from a line that cannot end ("… aplican una" / "mirada más amplia …")
    if len(filled) == len(row) and not lower[0] and not _HANGING.search(above[0]):
        return False  # a full row whose first cell opens in capitals: a new row ("Mots-clés | emploi …")
    if all(low or going_on for low, going_on in zip(lower, unfinished)) and any(lower):
        return True
    return len(filled) < len(row) and (all(lower) or 2 * len(filled) <= len(row) and all(unfinished))


WRAPPED_SHARE = 0.8  # a cell's line this full of its column's width ran on to the next line


def _first_cell_wrapped(above: list[str], row: list[str], width: int) -> bool:
    """The row's first cell goes on in lower case from a line that filled its column (the text wrapped
    there: "…entre productos, resultados" / "inmediatos y resultados intermedios"); the other cells go on
    too or open a new sentence after one that ended (a cell's next paragraph). A short label above
    ("hombres" / "mujeres") is a row of its own."""
    first, last = row[0].strip(), above[0].rstrip().split("\n")[-1]
    if not first or not first[0].islower() or SENTENCE_END.search(last) or len(last) < WRAPPED_SHARE * width:
        return False
    return all(not cell.strip() or cell.strip()[0].islower()
               or (SENTENCE_END.search(top) and cell.strip()[0].isalpha())
               for top, cell in zip(above[1:], row[1:]))


_ITEM_IN_A_CELL = re.compile(r"^(?:\d{1,2}[.)]|[-•▪●\uf0b7])\s")


def _cell(text: str, words: Counter[str]) -> str:
    """A cell's lines joined: a word hyphenated at the line's end, or cut at a narrow column's edge
    ("Gouverne" "ment"), is one word again; a compound keeps its hyphen ("cause-" "effect": the text
    uses "effect" elsewhere, its count here taking in the piece itself)."""
    elsewhere = _Elsewhere(words)
    joined, previous = "", ""
    for line in text.split("\n"):
        if joined and _ITEM_IN_A_CELL.match(line):
            joined += "<br>" + line  # (a list in the cell: "1. To what extent…" "2. To what extent…")
        elif joined.endswith("-") and line[:1].islower():
            joined = join_lines(joined, line, elsewhere)
        elif cut_in_a_cell(joined, line, words, previous):
            joined += line
        else:
            joined = join_lines(joined, line.strip()).strip()
        previous = line
    return joined


class _Elsewhere(Collection[str]):
    """The words a text uses more than once: a piece of a word cut at a line's end counts once, itself."""

    def __init__(self, counts: Counter[str]):
        self.counts = counts

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self.counts[word] > 1

    def __iter__(self) -> Iterator[str]:
        return (word for word, count in self.counts.items() if count > 1)

    def __len__(self) -> int:
        return sum(1 for _ in self)


# Plain text keeps a paragraph's lines but often not the blank line between two paragraphs. A line
# that finishes a sentence well short of the text's usual width, followed by a line opening a new
# sentence, ends its paragraph: it gets U+2029 (PARAGRAPH SEPARATOR) at its end, which the block
# reader takes for a blank line (the lines, and their numbers, stay the source's). So do a short
# line without a full stop (a title's), a table's caption, the line before an item's label or a
# "Note:" or a field's line (a recommendation's fields), and the
# statement after an item's label ("Finding 3: …", one sentence).
_SHORT = 0.8
_TITLE_LINE = 0.6
MAX_STATEMENT_LINES = 4
# "Tableau 1. Indicateurs", "Figure 2: …" (a separator after the number: "Table 3 shows…" is a sentence)
_CAPTION_OPENS = re.compile(r"^\s*\**\s*(?:table|tabla|tableau|cuadro|figure|figura|gr[aá]fico|graphique|chart|box|"
                            r"encadr[eé]|recuadro)\s+\d{1,3}\s*[.:–—-]\s", re.I)
_OPENS = re.compile(r"^\s*(?:[A-ZÀ-Ý¿¡\"“«(]|\d{1,3}\.\s)")
_FINISHED = re.compile(r"[.!?:]['’”\")\]]*\s*$")


def mark_paragraph_ends(lines: list[str]) -> list[str]:
    widths = sorted(len(line.rstrip()) for line in lines if len(line.split()) >= 4 and "\t" not in line)
    if len(widths) < 20:
        return lines
    usual = widths[int(len(widths) * 0.9)]
    # (a text that parts its paragraphs by blank lines: a short or a statement's line ends nothing)
    by_length = not _blank_parted(lines, usual)
    out = list(lines)
    opened = -1  # the line of the last item label ("Finding 3: …"): its statement ends at its first full stop
    labelled = [opens_item(line) for line in lines]
    for index, line in enumerate(lines[:-1]):
        following = lines[index + 1]
        if labelled[index]:
            opened = index
        statement = 0 <= opened and index - opened < MAX_STATEMENT_LINES and not _wrapped(line, following, usual)
        short = len(line.rstrip()) < _SHORT * usual
        if (following.strip() and not _MARKED.match(following) and not _MARKED.match(line) and "\t" not in line
                and not line.lstrip().startswith("[^")
                and _OPENS.match(following) and (labelled[index + 1] or CAPTION.match(line.strip())
                                                 or _CAPTION_OPENS.match(following)
                                                 or NOTE_LABEL.match(following.strip()) or _field_line(following)
                                                 or _field_shaped(line) and _field_shaped(following)
                                                 or by_length and _FINISHED.search(line) and (statement or short)
                                                 or _title_like(line) and len(line.rstrip()) < _TITLE_LINE * usual)):
            out[index] = line.rstrip() + PARAGRAPH_END
            opened = -1
    return out


WRAP_PLAY = 2  # (a proportional font: a line of the same width holds a few characters more or less)


def _wrapped(line: str, following: str, usual: int) -> bool:
    """The next line's first word would not have fitted on this line: the line may end where the text
    wrapped, its full stop there by chance ("…ante la judicatura." / "Finalmente, …"), not a statement's end."""
    return len(line.rstrip()) + 1 + len((following.split() or [""])[0]) > usual - WRAP_PLAY


MIN_BLANK_PARTED = 0.8
_FIELD_LINE = re.compile(r"^\s*(?P<label>[^\W\d_][^:]{1,40}):\s+\S")


def _field_line(line: str) -> bool:
    """"Priority: High", "Destinataire : OIT", "País: Perú": a recommendation's or a cover sheet's field
    on a line of its own."""
    found = _FIELD_LINE.match(line)
    label = fold(found["label"]).strip() if found else ""
    return bool(label) and any(pattern.fullmatch(label) for _, pattern in (*RECOMMENDATION_FIELDS, *COVER_FIELDS))


# "Dates de l'évaluation : mars 2025": a label of a few words (no list: "Low; Time:"), then its value.
_FIELD_SHAPE = re.compile(r"^\s*(?:[^\s:;,.]+ ?){1,6}:\s+\S")


def _field_shaped(line: str) -> bool:
    """A line shaped as one field, whatever its label (capitalised), its value on the line: two in a row
    are a list of fields (a cover sheet's block of "Label : value" lines), one a line each. (A line of
    several fields, "Note: Priority: High; Resource implication:", may wrap into the next.)"""
    return line.lstrip()[:1].isupper() and line.count(":") == 1 and bool(_FIELD_SHAPE.match(line))


def _blank_parted(lines: list[str], usual: int) -> bool:
    """Most lines that end a sentence well short of the usual width (a paragraph's last line) are
    followed by a blank line."""
    ends = [index for index, line in enumerate(lines[:-1]) if "\t" not in line and line.strip()
            and len(line.rstrip()) < _SHORT * usual and _FINISHED.search(line)]
    return bool(ends) and sum(1 for index in ends if not lines[index + 1].strip()) >= MIN_BLANK_PARTED * len(ends)


# A page's footnotes, at its foot: "108" on a line of its own and the note's text under it, or
# "22 Text of the note", the numbers rising by one to the page's end, the first of them cited in the
# page's text by digits set against a word ("Honduras108,"). They become Markdown footnotes
# ("[^108]:" and "Honduras[^108],"), line for line.
_NOTE_START = re.compile(r"^ {0,2}(?P<n>\d{1,3})(?:\s{1,6}(?P<text>(?!\d{3}(?:[\s.,%]|$))\S.*))?$")  # (at the
# margin: an indented "12 agreements were signed" is a list item whose bullet the text lost; "2 800", a
# number grouped by a space as French and Spanish write it, is no note 2)
MAX_LAST_NOTE_LINES = 8  # a page's last note, to the page's end
MAX_NOTE_SHARE = 0.6   # the notes take at most this share of a page's lines


def mark_footnotes(lines: list[str]) -> list[str]:
    out = list(lines)
    labels = {found.group(1) for line in lines if (found := _LABEL_OPENS.match(line))}
    cut = -1  # the last line of the page before's last note, when the page's end cut that note
    before: tuple[int, int] = (0, 0)  # the page before's text (its notes left out)
    for first, end in _pages(lines):
        # a note cited on the page before's last lines may be printed at the foot of this page
        placed = " ".join(out[before[0]:before[1]])
        pending = {number for number in _cited(lines, *before) if f"[^{number}]" not in placed}
        chain = _note_chain(lines, first, end, pending)
        if not chain:
            cut, before = -1, (first, end)
            continue
        if cut >= 0:
            _carry_note_rest(out, first, chain[0][0], cut)
        numbers = {number for _, number, _ in chain}
        for index, number, text in chain:
            out[index] = f"[^{number}]: {text}".rstrip()
        last = max((i for i in range(chain[-1][0] + 1, end) if lines[i].strip()), default=None)
        if last is not None and re.fullmatch(r"\s*\d{1,4}\s*", lines[last]):
            out[last] = ""  # the page's number, under its notes (it would read as the last note's words)
        citing = list(range(first, chain[0][0]))
        if numbers & pending:  # (notes cited on the page before)
            citing = list(range(*before)) + citing
        for index in citing:
            out[index] = _CITED.sub(lambda m: f"{m.group(1)}[^{m.group(2)}]" if int(m.group(2)) in numbers
                                    and not _an_id(m, labels) and not _names_a_number(m) else m.group(0), out[index])
        last_note = [i for i in range(chain[-1][0], end) if out[i].strip()]
        cut = last_note[-1] if last_note and _NOTE_GOES_ON.search(" ".join(out[i] for i in last_note)) else -1
        before = (first, chain[0][0])
    return out


def notes_after_tables(lines: list[str]) -> list[str]:
    """A table cut by a page break whose page ends with notes: the notes ("[^2]: …" and their lines, as
    `mark_footnotes` leaves them) move down below the table's rest on the next page, a blank line on either
    side, so that the table reads on across the break as it does on a page without notes; the same number
    of lines. A table's lines here have gaps between cells (an indented list is no table)."""
    out = list(lines)
    brk = -1
    while (brk := next((i for i in range(brk + 1, len(out)) if "\f" in out[i]), -1)) >= 0:
        if not _GAPPED.search(out[brk].replace("\f", "")):
            continue
        notes = [i for i in range(max(0, brk - MAX_LAST_NOTE_LINES * 2), brk) if out[i].startswith("[^")]
        if not notes:
            continue
        rows_end = notes[0]
        while rows_end > 0 and not out[rows_end - 1].strip():
            rows_end -= 1
        if not (rows_end and _GAPPED.search(out[rows_end - 1])):
            continue
        rest_end = brk + 1
        while rest_end < len(out) and (out[rest_end].strip() or _row_padding(out, rest_end)):
            rest_end += 1
        run_end = rest_end
        while run_end < len(out) and not out[run_end].strip():
            run_end += 1
        note_lines = [line for line in out[rows_end:brk] if line.strip()]
        blanks = (brk - rows_end - len(note_lines)) + (run_end - rest_end)
        if blanks < 2 and run_end < len(out):
            continue  # (no blank line would part the notes from the text after the table)
        out[rows_end:run_end] = out[brk:rest_end] + [""] + note_lines + [""] * (blanks - 1)
        brk = run_end - 1  # (the table may run over the next page too)
    return out


_GAPPED = re.compile(r"\S {3,}\S")  # cells set apart on a line


def hyphens_kept(lines: list[str]) -> list[str]:
    """In a text whose lines' ends cut no word (see `Vocabulary`), a hyphen at a line's end is the word's
    own: the next line's first word moves up to it ("sous-" "estimés" -> "sous-estimés"), so that the
    lines, joined later, keep it; the same number of lines."""
    breaks = [(lines[index].split()[-1], lines[index + 1].split()[0]) for index in range(len(lines) - 1)
              if _HYPHEN_END.search(lines[index]) and LOWER_START.match(lines[index + 1].lstrip())]
    if not breaks:
        return lines
    words = Vocabulary(_WORD.findall("\n".join(lines).lower()))  # (a cut word's pieces are no joined form)
    words.judge_hyphenation(breaks)
    if words.hyphenates:
        return lines
    out = list(lines)
    for index in range(len(out) - 1):
        below = out[index + 1]
        if _HYPHEN_END.search(out[index]) and "\t" not in out[index] + below and LOWER_START.match(below.lstrip()):
            first, _, rest = below.lstrip().partition(" ")
            out[index] = out[index].rstrip() + first
            out[index + 1] = rest if rest.strip() else below[len(below.rstrip()):]  # (a paragraph's end mark stays)
    return out


_HYPHEN_END = re.compile(r"[^\W\d_]-\s*$")
_WORD = re.compile(r"[^\W\d_]+")


# An item's label opening a line ("H48.", "PE13", "LA1"): its letters are an ID's, not a word's.
_LABEL_OPENS = re.compile(r"^\s*([A-Z]{1,4})\d{1,3}\b")


def _an_id(cited: re.Match[str], labels: set[str]) -> bool:
    """The digits close an item's ID ("see H6."), not a word a note is cited after ("la AIT80"): the
    letters before them are capitals that open an item's label somewhere in the text."""
    found = _ID_BEFORE.search(cited.string, 0, cited.start(2))
    return found is not None and found.group("letters") in labels


def _cited(lines: list[str], first: int, end: int) -> set[int]:
    return {int(m.group(2)) for m in _CITED.finditer("\n".join(lines[first:end])) if not _names_a_number(m)}


# Words a number follows, a space between: "Hallazgo 2.", "Table 3", "page 12" name the number; they
# cite no note.
_NUMBER_NAMED = re.compile(
    r"(?:finding|hallazgo|constat(?:ation)?|conclusi[oó]n|recommendation|recomendaci[oó]n|recommandation|lesson|"
    r"lecci[oó]n|le[cç]on|practice|pr[aá]ctica|pratique|question|pregunta|annex|anexo|annexe|appendix|table|tabla|"
    r"tableau|cuadro|figure|figura|graph|gr[aá]fico|chart|box|recuadro|encadr[eé]|chapter|cap[ií]tulo|chapitre|"
    r"section|secci[oó]n|part|parte|partie|paragraph|p[aá]rrafo|paragraphe|page|p[aá]gina|pp?|no|n[º°o]|article|"
    r"art[ií]culo|outcome|output|resultado|producto|effet|produit|objective|objetivo|objectif|phase|fase|level|"
    r"nivel|niveau|step|paso|[ée]tape|round|ronda|"
    # a label's last word: "Question d'évaluation 1", "Constat clé 2", "Leçon apprise 3", "Bonne pratique émergente 1"
    r"[ée]valuation|evaluaci[oó]n|cl[ée]s?|clave|key|main|apprises?|aprendidas?|learn(?:ed|t)|[ée]mergentes?)", re.I)
_WORD_BEFORE = re.compile(r"(\w+)$")


def _names_a_number(cited: re.Match[str]) -> bool:
    """A number set apart from the word before by a space, that word naming it ("Hallazgo 2")."""
    if not cited.group(0)[len(cited.group(1)):].startswith(" "):
        return False
    word = _WORD_BEFORE.search(cited.string, 0, cited.start(1) + 1)
    return word is not None and bool(_NUMBER_NAMED.fullmatch(word.group(1)))


# A note that stops mid-sentence (no closing punctuation): the page's end may have cut it.
_NOTE_GOES_ON = re.compile(r"[^.!?:;)\]»”\"'…\s]\s*$")


def _carry_note_rest(out: list[str], first: int, first_note: int, cut: int) -> None:
    """A note the page's end cut goes on at the foot of the next page, above that page's own notes:
    the lines in lower case right above its first note, apart from the page's text by a blank line,
    are joined to the note (their lines left blank: the same number of lines)."""
    start = first_note
    while start > first and out[start - 1].strip():
        start -= 1
    rest = [out[i].strip() for i in range(start, first_note)]
    if not rest or start == first or not rest[0][:1].islower():
        return
    out[cut] = join_lines(out[cut].rstrip(), " ".join(rest))
    for index in range(start, first_note):
        out[index] = ""


# An ID's letters just before the digits ("H6.", "R1", "PE3"): an item's ID, not a citation.
_ID_BEFORE = re.compile(r"(?:^|[\s(\[])(?P<letters>[A-Z]{1,4})$")
_CITED = re.compile(r"([^\W\d_][.,;:)»”\"’]{0,2}) ?(\d{1,3})(?![.,]\d| \d{3}\b)(?=[\s.,;:)]|$)")  # (a superscript may
# print spaced; not a number's whole part, "del 51,5 %", "de 2 800";
# after a quotation's full stop and closing quote: «…víctima."96»)


def _note_chain(lines: list[str], first: int, end: int, pending: set[int] | frozenset[int] = frozenset()
                ) -> list[tuple[int, int, str]]:
    """(line, number, text) of each note opening at the page's foot (rising by one down to the
    page's end), or []. The page's last line may be its page number, not a note."""
    while end > first and not lines[end - 1].strip():
        end -= 1
    candidates = [(i, int(found.group("n")), found.group("text") or "")
                  for i in range(max(first, end - int((end - first) * MAX_NOTE_SHARE) - 1), end)
                  if (found := _NOTE_START.match(lines[i].replace("\f", "")))]
    best: list[tuple[int, int, str]] = []
    for bottom in range(len(candidates) - 1, max(len(candidates) - 3, -1), -1):
        if sum(1 for line in lines[candidates[bottom][0]:end] if line.strip()) > MAX_LAST_NOTE_LINES:
            continue  # the text goes on well below: not the page's last note
        chain = [candidates[bottom]]
        for candidate in reversed(candidates[:bottom]):
            if candidate[1] == chain[-1][1] - 1:
                chain.append(candidate)
        chain.reverse()
        cited = _cited(lines, first, chain[0][0]) | pending
        while chain and chain[0][1] not in cited:  # a chain opens with a note the page cites
            chain.pop(0)
        if len(chain) > len(best):
            best = chain
    return best


# Text taken from a PDF without its layout (`pdftotext` without -layout, a copy from a reader) writes
# a table's cells one under the other: a long run of short lines. Such tables cannot be read back;
# IMPORT.md says where they are and what to give instead.
MIN_CELL_RUN = 8
MAX_CELL_WORDS = 4


def cell_runs(lines: list[str]) -> list[tuple[int, int]]:
    """(first line, line count) of each run of short lines (blank lines between allowed) that
    looks like a table's cells written one per line: no tab (not a table read back), no heading."""
    runs: list[tuple[int, int]] = []
    start, count, last = -1, 0, -1
    for index, line in enumerate(lines + [""]):
        text = line.strip()
        if not text:
            continue
        short = ("\t" not in line and not _MARKED.match(line) and len(text.split()) <= MAX_CELL_WORDS
                 and not re.search(r"[.;:!?]$", text))
        if short and count and index - last <= 2:
            count, last = count + 1, index
            continue
        if count >= MIN_CELL_RUN:
            runs.append((start, last - start + 1))
        start, count, last = (index, 1, index) if short else (-1, 0, -1)
    if count >= MIN_CELL_RUN:
        runs.append((start, last - start + 1))
    return runs
