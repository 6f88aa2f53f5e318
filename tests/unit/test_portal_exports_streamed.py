"""The portal's exports written row by row (exports._write_table, _json_with_rows): the same bytes as
the whole table's CSV and workbook, and as json.dumps of the whole document."""

from __future__ import annotations

import json

import pytest

from reportgen.downloads.csvfile import table_csv
from reportgen.downloads.tables import Table
from reportgen.downloads.xlsx import recommendations_xlsx_fixed
from reportgen.portal.exports import _json_text, _json_with_rows, _write_table

HEAD = {"format": "reportgen-portal/1", "build_date": "2026-12-07", "languages": ["es", "en"]}


@pytest.mark.parametrize("rows", [
    [],
    [{"id": "R1", "text": {"es": "línea\nsiguiente", "en": "a \"quoted\" text"}, "conclusions": [],
      "management_response": None, "url": {"es": "e/x/", "en": "e/x/en/"}}],
    [{"id": f"R{n}", "actions": [{"id": f"KA{n}.1", "updates": [{"date": "2025-06-11"}]}] * n} for n in range(4)],
])
def test_the_json_export_written_row_by_row_is_json_dumps(rows):
    written = "".join(_json_with_rows(HEAD, "recommendations", (_json_text(row) for row in rows)))
    assert written == json.dumps({**HEAD, "recommendations": rows}, ensure_ascii=False, indent=1) + "\n"


def test_the_tables_written_row_by_row_are_the_whole_tables_files(tmp_path):
    """CSV and workbook of rows given one at a time (spooled), against table_csv and
    recommendations_xlsx_fixed of the whole table; and a value only openpyxl writes."""
    keys = ["evaluation", "id", "title", "text", "response:response", "url"]
    header = ["Evaluación", "ID", "=Título", "Texto", "Respuesta", "URL"]
    odd = [" leading", "a & b < c", "line\nbreak", "=1+1", "ñandú 😀", ""]
    rows = [[f"EV/{n}", f"R{n}", odd[n % len(odd)], odd[(n * 5) % len(odd)] * (n + 1), "", f"e/ev-{n}/"]
            for n in range(30)]
    workbook = ("Recomendaciones", "Portal", ["Aceptada", "Rechazada"], "Elija", 1733443200)
    for case, table_rows in (("fast", rows), ("openpyxl", [*rows[:5], [*rows[5][:3], "\x02", "", "u"], *rows[6:]])):
        site = tmp_path / case
        (site / "downloads").mkdir(parents=True)
        head = Table(keys, header, [], ("response:response",))
        _write_table(None, site, "downloads/t", head, iter(table_rows), workbook)
        whole = Table(keys, header, table_rows, ("response:response",))
        assert (site / "downloads/t.csv").read_bytes() == table_csv(whole), case
        assert (site / "downloads/t.xlsx").read_bytes() == recommendations_xlsx_fixed(whole, *workbook), case
