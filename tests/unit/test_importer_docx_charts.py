"""Word charts (importer/docx_charts.py): a chart part is read as its data (a "Chart data" line and a
table, which tables.py makes a chart over a table); the categories' column is named from the embedded
workbook, else said to be a category; a chart without its values in the file is said, never dropped."""

from __future__ import annotations

import shutil
import sys
import zipfile
from pathlib import Path

import pytest
from docx import Document

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from import_wordreal import CHART_ROWS, CHART_TITLE, chart_object  # noqa: E402

from reportgen.importer.docx_reader import docx_to_markdown  # noqa: E402
from reportgen.importer.record import ImportRecord  # noqa: E402
from reportgen.importer.run import _images  # noqa: E402

pytestmark = pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed")


def _chart_docx(tmp_path: Path, **arguments) -> Path:
    """A Word file whose chart (generator of tests/import_wordreal.py) stands between two paragraphs."""
    document = Document()
    document.add_paragraph("Before the chart.")
    document.add_paragraph("Chart data")
    table = document.add_table(rows=len(CHART_ROWS), cols=len(CHART_ROWS[0]))
    for row, values in zip(table.rows, CHART_ROWS):
        for cell, value in zip(row.cells, values):
            cell.text = value
    document.add_paragraph("After the chart.")
    plain = tmp_path / "plain.docx"
    document.save(plain)
    with zipfile.ZipFile(plain) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    chart_object(parts, **arguments)
    path = tmp_path / "chart.docx"
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def _paragraphs(path: Path) -> list[str]:
    return [p.strip() for p in docx_to_markdown(path).split("\n\n") if p.strip()]


def test_a_chart_is_its_title_and_data_with_the_workbook_s_column_name(tmp_path):
    assert _paragraphs(_chart_docx(tmp_path)) == [
        "Before the chart.", f"Chart data: {CHART_TITLE}",
        "| Year | Men | Women |\n|------|-----|-------|\n| 2021 | 25  | 15    |\n| 2022 | 30  | 25    |\n"
        "| 2023 | 38  | 32    |", "After the chart."]


def test_without_its_workbook_the_categories_column_is_named_category(tmp_path):
    found = _paragraphs(_chart_docx(tmp_path, workbook=False))
    assert found[2].startswith("| Category | Men | Women |") and "| 2023     | 38  | 32    |" in found[2]


def test_a_chart_without_its_values_is_said_with_its_line(tmp_path):
    markdown = docx_to_markdown(_chart_docx(tmp_path, workbook=False, cache=False))
    assert "Year" not in markdown and "2021" not in markdown
    record = ImportRecord()
    _images(markdown.split("\n"), record)
    [entry] = record.left_out
    assert entry.line == markdown.split("\n").index(next(line for line in markdown.split("\n") if "<img" in line)) + 1
    assert entry.text.startswith(f"a chart ('{CHART_TITLE}'): its data is not in the Word file")
