"""What IMPORT.md says of the source: chapters, items' lines, spans that went nowhere, the verdict."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.importer.blocks import Block
from reportgen.importer.errors import SourceError
from reportgen.importer.ledger import ITEM_KINDS, account, verdict
from reportgen.importer.record import ImportRecord
from reportgen.importer.structure import find_chapters

REPORT = ("findings", "conclusions", "recommendations")


def test_a_source_with_chapters_but_no_item_is_refused():
    with pytest.raises(SourceError, match="not one finding, conclusion"):
        verdict(Path("notes.docx"), ["conclusions"], REPORT, ImportRecord())


@pytest.mark.parametrize("kind", ITEM_KINDS)
def test_any_kind_of_item_makes_a_report_and_a_partial_one_says_so(kind):
    record = ImportRecord()
    record.found[kind] = 1
    said = verdict(Path("brief.docx"), ["conclusions"], REPORT, record)
    assert said.startswith("Partial: no findings, no recommendations chapter")


def test_the_lessons_and_good_practices_counts_are_the_ones_the_import_writes():
    assert {"lessons", "good practices"} <= set(ITEM_KINDS)


def test_spans_outside_every_chapter_are_accounted_for():
    blocks = [Block("para", "A stray note before any chapter.", 1), Block("heading", "Conclusions", 3, level=1),
              Block("para", "C1. The project worked.", 5), Block("heading", "Bibliography", 7, level=1),
              Block("para", "ILO (2019).", 9)]
    chapters = find_chapters(blocks)
    record = ImportRecord()
    account(blocks, chapters, [(blocks[3], None)], set(), record)
    assert [(c.first, c.last, c.how) for c in record.chapters] == [
        (3, 5, "read as conclusions"), (7, 9, "recognised, not read (reportgen has no item type for it)")]
    assert [(s.first, s.how) for s in record.unplaced] == [(1, "A stray note before any chapter.")]
