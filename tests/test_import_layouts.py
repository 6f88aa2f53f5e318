"""A report printed in the page layouts offices use (tests/import_layouts.py: two columns, landscape
annexes held in three ways) imports as its one-column print does, checked by round trip
(tests/roundtrip.py): every item with its ID, its links and its words; and IMPORT.md says how
the pages were read."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from import_layouts import LAYOUTS, make  # noqa: E402
from roundtrip import below_floors, compare, details, table  # noqa: E402

from reportgen.importer import import_report  # noqa: E402

REFERENCE = "one column"
# What a layout loses for a known reason: layout -> kind -> (items, links, min similarity).
# Two columns: ruled tables set side by side in the two columns of an annex page are found by
# pdfplumber's table finder as one table (the row rules of a cut row are drawn across the page);
# the recommendation field tables, the evaluation matrix (its questions) and the templates that sit
# beside another table come out mixed. Every chapter's text comes back whole. (The recommendations'
# similarity floor went from 0.55 to 0.5 when bold titles lost their full stop: the one-column print's
# titles lost it, the mixed text of the two-column one did not change.)
FLOORS: dict[str, dict[str, tuple[float, float, float]]] = {
    "two columns under a full-width title": {
        # (each findings section answers its criterion's questions in the matrix: the mixed matrix mixes them)
        "questions": (0.5, 0.0, 0.0), "sections": (1.0, 0.0, 1.0),
        "recommendations": (1.0, 0.33, 0.5), "lessons": (1.0, 1.0, 0.5),
        "good_practices": (1.0, 0.0, 0.5), "tables": (0.5, 0.5, 0.0), "documents": (0.5, 0.5, 0.0)},
}
# What IMPORT.md says of each layout's pages (the landscape pages Chromium prints and the /Rotate
# ones are read upright by pdfminer already: nothing to say).
NOTED = {
    "two columns under a full-width title": "read column by column",
    "executive summary in two columns, the rest in one": "read column by column",
    "landscape annexes (text turned on portrait pages)": "read turned",
}


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("layouts")
    projects = {}
    for layout in LAYOUTS:
        pdf = make(layout, folder)
        projects[layout.name] = import_report(pdf, folder / f"{pdf.stem}-project").out
    return projects


@pytest.mark.parametrize("name", [layout.name for layout in LAYOUTS if layout.name != REFERENCE])
def test_every_layout_imports_as_its_one_column_print(name, imported):
    results = compare(imported[REFERENCE], imported[name])
    print(f"\n{name}\n{table(results)}")
    failures = below_floors(results, FLOORS.get(name, {}))
    assert not failures, f"{name} loses {failures}\n{details(results)}"
    assert sum(r.total for r in results if r.kind in ("findings", "conclusions", "recommendations")) >= 14


@pytest.mark.parametrize("name", sorted(NOTED))
def test_import_md_says_how_the_pages_were_read(name, imported):
    report = (imported[name] / "IMPORT.md").read_text(encoding="utf-8")
    assert NOTED[name] in report, report
    assert "read column by column" not in (imported[REFERENCE] / "IMPORT.md").read_text(encoding="utf-8")
