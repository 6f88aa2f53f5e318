"""Accounting for the source: which lines became which item, which chapters were read or not,
and which spans of the source went nowhere (IMPORT.md and import-record.json say all three).

Granularity: an item runs from its own line to the line before the next item or chapter; a
span that went nowhere is a run of blocks outside the cover fields, the title and every chapter
(read or recognised but not read).
"""

from __future__ import annotations

from pathlib import Path

from ..content.registry import type_of
from .blocks import Block
from .lessons import KINDS
from .errors import SourceError
from .record import ImportRecord, Source
from .structure import Chapter, contents_lists

PREVIEW_CHARS = 70
# Items of another kind that end an item: a finding ends at the next section, an annex at a template.
NEIGHBOURS = {"findings": {"sections"}, "documents": {"templates"}, "templates": {"documents"}}


def last_line(block: Block) -> int:
    extra = len(block.rows) - 1 if block.kind == "table" and block.rows else block.text.count("\n")
    return block.line + max(extra, 0)


def chapter_ranges(blocks: list[Block], chapters: dict[str, Chapter],
                   others: list[tuple[Block, int | None]]) -> list[Source]:
    """Every chapter recognised, with its lines: the read ones by kind, the others as not read."""
    end = last_line(blocks[-1]) if blocks else 0
    ranges = []
    for kind, chapter in chapters.items():
        last = last_line(chapter.blocks[-1]) if chapter.blocks else chapter.heading.line
        how = f"read as {kind}" + ("" if chapter.under_heading else f" (its second part, from line {chapter.first_line})")
        if chapter.blocks and chapter.blocks[0] is chapter.heading:
            how += " (the report's chapters per criterion, from this one on)"
        ranges.append(Source("chapter", chapter.heading.text, chapter.first_line, last, how=how))
    for heading, last_read in others:
        ranges.append(Source("chapter", heading.text, heading.line, last_read or end,
                             how="recognised, not read (reportgen has no item type for it)"))
    for heading, last in contents_lists(blocks):
        ranges.append(Source("chapter", heading.text, heading.line, last,
                             how="table of contents or list of tables, not read (the site makes its own)"))
    return sorted(ranges, key=lambda r: r.first or 0)


def account(blocks: list[Block], chapters: dict[str, Chapter], others: list[tuple[Block, int | None]],
            placed: set[int], record: ImportRecord) -> None:
    record.chapters = chapter_ranges(blocks, chapters, others)
    _item_ends(record, blocks)
    covered = [(c.first, c.last) for c in record.chapters if c.first is not None and c.last is not None]
    run: list[Block] = []
    for block in blocks:
        inside = block.line in placed or any(first <= block.line <= last for first, last in covered)
        if inside or block.kind == "footnote":
            _flush(run, record)
            run = []
        else:
            run.append(block)
    _flush(run, record)


def _flush(run: list[Block], record: ImportRecord) -> None:
    if run:
        text = " ".join(b.text for b in run).replace("\n", " ")
        preview = text[:PREVIEW_CHARS] + ("…" if len(text) > PREVIEW_CHARS else "")
        record.unplaced.append(Source("span", "", run[0].line, last_line(run[-1]), how=preview))


def _item_ends(record: ImportRecord, blocks: list[Block]) -> None:
    """An item's lines end before the next item of its kind (a finding's: or section) or the next
    chapter, and never past the end of its chapter."""
    end_of_source = last_line(blocks[-1]) if blocks else 0
    chapter_starts = {c.first for c in record.chapters if c.first}
    for item in record.items:
        if not item.first:
            continue
        kinds = {item.kind} | NEIGHBOURS.get(item.kind, set())
        starts = sorted(chapter_starts | {i.first for i in record.items if i.kind in kinds and i.first})
        chapter_end = min((c.last for c in record.chapters
                           if c.first is not None and c.last is not None and c.first <= item.first <= c.last),
                          default=end_of_source)
        later = [s for s in starts if s > item.first]
        item.last = min(later[0] - 1, chapter_end) if later else chapter_end
        if sum(1 for i in record.items if i.kind == item.kind and i.first == item.first) > 1:
            item.last = item.first   # rows of one table (the question matrix): its first line is all we know


# The counts (ImportRecord.found) that make a source an evaluation report: any item of these.
ITEM_KINDS = ("findings sections", "conclusions", "recommendations", *(type_of(kind).plural_words for kind in KINDS))


def verdict(source: Path, found: list[str], wanted: tuple[str, ...], record: ImportRecord) -> str:
    """Is this an evaluation report? Refuses a source with chapter headings but no item at all
    (nothing is invented to fill a project); says so when only part of a report was found."""
    items = sum(record.found[kind] for kind in ITEM_KINDS)
    if not items:
        raise SourceError(f"{source}: chapter headings ({', '.join(found)}) but not one finding, conclusion, "
                          "recommendation, lesson or good practice could be read; this does not look like an "
                          "evaluation report (see docs/import-conventions.md for what the import recognises)")
    missing = [kind for kind in wanted if kind not in found]
    if missing:
        return (f"Partial: no {', no '.join(missing)} chapter was found; this may not be a whole evaluation "
                "report (a summary or brief?). Nothing was made up for what is missing.")
    return "An evaluation report: findings, conclusions and recommendations chapters found."
