"""downloads/csvfile.py and downloads/xlsx.py: a table laid out as CSV and as the workbook that collects
the management response (header, shading, drop-down); no cell a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io

import pytest

from reportgen.downloads.csvfile import table_csv
from reportgen.downloads.tables import Table, spreadsheet_text
from reportgen.downloads.xlsx import CELL_CHARS, RESPONSE_FILL, _sheet_title, recommendations_xlsx

openpyxl = pytest.importorskip("openpyxl")


def table() -> Table:
    return Table(keys=["id", "title", "response:response", "response:status"],
                 header=["ID", "=Título", "Response", "Status"],
                 rows=[["R1", "Fortalecer la red", "", ""], ["R2", "=HYPERLINK(\"http://x\")", "", ""],
                       ["R3", "-1 +2", "", ""]],
                 empty_keys=("response:response", "response:status"))


@pytest.mark.parametrize("value,expected", [
    ("=1+1", "'=1+1"), ("+A1", "'+A1"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
    ("\rx", "'\rx"), ("plain", "plain"), ("a=b", "a=b"), ("", ""), (3, 3), (None, None),
])
def test_spreadsheet_text(value, expected):
    assert spreadsheet_text(value) == expected


def test_csv_has_a_byte_order_mark_crlf_and_no_formula():
    data = table_csv(table())
    assert data.startswith("\ufeff".encode("utf-8"))
    assert b"\r\n" in data
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["ID", "'=Título", "Response", "Status"]
    assert rows[2][1] == "'=HYPERLINK(\"http://x\")"
    assert rows[3][1] == "'-1 +2"
    assert len(rows) == 4


def test_the_workbook_collects_the_response():
    data = recommendations_xlsx(table(), "Recomendaciones: [2024]/*?", "Evaluation X", ["accepted", "not, accepted"],
                                "Choose one")
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.active
    assert sheet.title == "Recomendaciones   2024"
    assert book.properties.title == "Evaluation X"
    assert [c.value for c in sheet[1]] == ["ID", "'=Título", "Response", "Status"]
    assert sheet["B3"].value == "'=HYPERLINK(\"http://x\")" and sheet["B3"].data_type == "s"
    assert sheet["C2"].value is None  # left for management to fill in
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "B2" and sheet.auto_filter.ref == "A1:D4"
    # Every row of the response columns is shaded, and only those columns.
    for row in range(2, 5):
        assert sheet.cell(row=row, column=3).fill.fgColor.rgb.endswith(RESPONSE_FILL)
        assert sheet.cell(row=row, column=4).fill.fgColor.rgb.endswith(RESPONSE_FILL)
        assert sheet.cell(row=row, column=2).fill.fill_type is None
        assert sheet.cell(row=row, column=2).alignment.wrap_text
    (validation,) = sheet.data_validations.dataValidation
    assert validation.formula1 == '"accepted,not  accepted"'
    assert str(validation.sqref) == "C2:C4"
    assert validation.prompt == "Choose one" and validation.promptTitle == "Response"


def test_sheet_titles_follow_excels_rules():
    assert _sheet_title("a" * 40) == "a" * 31
    assert _sheet_title("[]:*?/\\") == "Sheet"


def test_a_quote_in_the_response_values_is_doubled_in_the_drop_down():
    data = recommendations_xlsx(table(), "R", "E", ['"accepted"', "noted"], "Choose")
    (validation,) = openpyxl.load_workbook(io.BytesIO(data)).active.data_validations.dataValidation
    assert validation.formula1 == '"""accepted"",noted"'


def test_a_drop_down_past_excels_formula_length_is_a_hidden_list():
    values = [f"{'long answer ' * 4}{n}" for n in range(8)]
    book = openpyxl.load_workbook(io.BytesIO(recommendations_xlsx(table(), "R", "E", values, "Choose")))
    (validation,) = book.active.data_validations.dataValidation
    assert validation.formula1 == "Lists!$A$1:$A$8"
    assert book["Lists"].sheet_state == "hidden"
    assert [book["Lists"].cell(row=n + 1, column=1).value for n in range(8)] == values


def test_cells_drop_control_characters_and_stop_at_excels_limit():
    long = Table(keys=["id", "title"], header=["ID", "Title"], rows=[["R1", "bell\x07 " + "x" * 40_000]])
    sheet = openpyxl.load_workbook(io.BytesIO(recommendations_xlsx(long, "R", "E", [], "Choose"))).active
    assert sheet["B2"].value.startswith("bell x") and "\x07" not in sheet["B2"].value
    assert len(sheet["B2"].value) == CELL_CHARS and sheet["B2"].value.endswith("…")


@pytest.mark.parametrize("values", [
    # response values inline, then past Excel's formula length (a hidden sheet of the list)
    ["Aceptada", "Parcialmente aceptada", "Rechazada"], [f"Valor {n} " + "x" * 30 for n in range(12)]])
def test_the_fast_workbook_is_openpyxls_byte_for_byte(values, monkeypatch):
    """recommendations_xlsx_fixed writes the rows itself: the same bytes as openpyxl's whole workbook,
    with texts lxml escapes or keeps the spaces of, empty cells, a formula-like text, long rows."""
    from reportgen.downloads import xlsx
    from reportgen.downloads.reproducible import fixed_zip
    from reportgen.downloads.xlsx import recommendations_xlsx_fixed

    made: list[int] = []  # the rows of each table openpyxl was given by recommendations_xlsx_fixed

    def counting(table, *args):
        made.append(len(table.rows))
        return recommendations_xlsx(table, *args)

    monkeypatch.setattr(xlsx, "recommendations_xlsx", counting)
    monkeypatch.setattr(xlsx.StreamedWorkbook, "SPOOL_CHUNK", 1000)  # the spooled rows read back in many parts

    odd = [" leading", "trailing ", "a & b < c > d", "line\nbreak\r\nthere", "\x01control", "=1+1", "ñandú 😀",
           "]]> \"quotes\" 'single'", "tab\there", "x" * (CELL_CHARS + 5)]
    t = Table(keys=["evaluation", "id", "title", "text", "response:response", "url"],
              header=["Evaluación", "ID", "=Título", "Texto", "Respuesta", "URL"],
              rows=[[f"EV/{n}", f"R{n}", odd[n % len(odd)], odd[(n * 7) % len(odd)], "", f"e/ev-{n}/"]
                    for n in range(40)], empty_keys=("response:response",))
    expected = fixed_zip(recommendations_xlsx(t, "Recomendaciones", "Portal", values, "Elija"), 1733443200)
    assert recommendations_xlsx_fixed(t, "Recomendaciones", "Portal", values, "Elija", 1733443200) == expected
    assert made == [1]  # openpyxl made the header and the first row only
    # A value openpyxl writes otherwise (a number; a text that is empty once cleaned): openpyxl's whole.
    for odd_value in (7, "\x02"):
        t.rows[3][3] = odd_value
        expected = fixed_zip(recommendations_xlsx(t, "Recomendaciones", "Portal", values, "Elija"), 1733443200)
        assert recommendations_xlsx_fixed(t, "Recomendaciones", "Portal", values, "Elija", 1733443200) == expected
    # The rows come one at a time (StreamedWorkbook): the first row's small workbook is made before the odd
    # value is met, then openpyxl writes the whole table.
    assert made == [1, 1, 40, 1, 40]
