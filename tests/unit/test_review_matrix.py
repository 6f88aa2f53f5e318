"""review/matrix.py: the comments matrix written (.xlsx, .docx) and read back, every row checked."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from helpers import checked

from reportgen.content.schema import RESPONSE_STATUSES
from hypothesis import given
from hypothesis import strategies as st

from reportgen.review.matrix import (COLUMNS, CUT_MARK, EXCEL_LIMIT, MatrixFileError, export_docx, export_xlsx,
                                     format_change, is_matrix_docx, parse_change, read_matrix, rows_of)

FILES = {
    "recommendations.yaml": """\
        recommendations:
          - id: R1
            text: {en: "Do this.", fr: "Faites ceci."}
          - id: R2
            text: {en: "Do that.", fr: "Faites cela."}
        """,
    "rounds/draft.yaml": """\
        rounds:
          - {id: draft, name: {en: Draft}, date: "2024-12"}
          - {id: other, name: {en: Other}, date: "2025-01"}
        comments:
          - {id: CM1, round: draft, date: "2024-12-03", organisation: Ministry, target: R1, paragraph: 2,
             quote: "Do this", text: "=HYPERLINK(\\"http://evil\\", \\"click\\")"}
          - {id: CM2, round: draft, date: "2024-12-03", organisation: Donor, text: "Not placed\\u0007 yet.",
             suggestion: {deleted: this, inserted: that}}
          - id: CM3
            round: draft
            date: "2024-12-03"
            organisation: Union
            target: R2
            text: Fine.
            response: {status: accepted, text: {en: "Thanks."}, changed: [R2]}
          - {id: CM9, round: other, date: "2025-01-03", organisation: Union, target: R2, text: Elsewhere.}
        """,
}
META = {"evaluation": "T/1", "round": "draft", "language": "en", "format": "reportgen comments matrix 1"}


@pytest.fixture
def graph(tmp_path, monkeypatch):
    # CM2's bell character: check refuses it (text.control_character); the matrix must survive it all the same
    monkeypatch.setattr("reportgen.content.yamlfile.find_control_character", lambda text: None)
    result = checked(tmp_path / "project", FILES)
    assert not result.report.errors, [p.format() for p in result.report.errors]
    return result.graph


def exported(graph, path, notes=None):
    rows = rows_of(graph, "draft", "en", notes if notes is not None else [])
    (export_xlsx if path.suffix == ".xlsx" else export_docx)(rows, path, META)
    return path


def test_the_xlsx_has_the_offices_columns_a_status_list_and_locked_comment_columns(graph, tmp_path):
    from openpyxl import load_workbook

    sheet = load_workbook(exported(graph, tmp_path / "m.xlsx"))["Comments"]
    assert [c.value for c in sheet[1]] == list(COLUMNS)
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2, max_row=4)]
    assert [r[0] for r in rows] == ["CM1", "CM2", "CM3"]  # CM9 is of another round
    assert rows[0][1:4] == ["R1", "2", "Ministry"] and rows[0][5] == "Do this"
    assert rows[1][6] == "−this → +that" and rows[1][4] == "Not placed yet."  # control character gone
    assert rows[2][7:] == ["accepted", "Thanks.", "R2"]
    [validation] = sheet.data_validations.dataValidation
    assert validation.type == "list" and validation.formula1 == '"' + ",".join(RESPONSE_STATUSES) + '"'
    assert "H2:H" in str(validation.sqref)
    assert sheet.protection.sheet
    assert sheet["E2"].protection.locked and not sheet["H2"].protection.locked and not sheet["I2"].protection.locked
    assert not sheet["E10"].protection.locked  # spare rows for comments received otherwise
    assert sheet["E2"].fill.fgColor.rgb.endswith("E7E6E6")


def test_a_formula_is_written_as_text(graph, tmp_path):
    path = exported(graph, tmp_path / "m.xlsx")
    with zipfile.ZipFile(path) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "HYPERLINK" in archive_strings(path)


def archive_strings(path) -> str:
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        return "".join(archive.read(n).decode() for n in names if n.endswith("sharedStrings.xml")) + \
            archive.read("xl/worksheets/sheet1.xml").decode()


def test_a_text_over_excels_limit_is_cut_with_a_note(tmp_path):
    files = dict(FILES)
    files["rounds/draft.yaml"] = FILES["rounds/draft.yaml"].replace('text: Fine.', f'text: "{"x" * 40000}"')
    graph = checked(tmp_path / "p", files).graph
    notes = []
    rows = rows_of(graph, "draft", "en", notes)
    assert len(rows[2][4]) == EXCEL_LIMIT and rows[2][4].endswith(CUT_MARK)
    assert notes == ["CM3, Comment: longer than Excel's 32,767 characters; cut in the matrix (the full text stays "
                     "in the YAML file)"]
    export_xlsx(rows, tmp_path / "m.xlsx", META)
    result = read_matrix(tmp_path / "m.xlsx", graph, "draft", "en")
    assert result.problems == []  # the cut text is not taken for a changed comment


def fill(path, cells: dict[str, str]):
    from openpyxl import load_workbook

    book = load_workbook(path)
    for ref, value in cells.items():
        book["Comments"][ref] = value
    book.save(path)


def test_responses_and_new_rows_are_read_back(graph, tmp_path):
    path = exported(graph, tmp_path / "m.xlsx")
    fill(path, {"H2": "partially accepted", "I2": "=We rewrote it", "J2": "R1, R2",
                "H4": "accepted", "I4": "Thanks.",  # unchanged
                "B6": "R2", "C6": "3", "D6": "Trade union", "E6": "Received by e-mail.", "F6": "Do that",
                "H6": "noted", "I6": "Noted."})
    result = read_matrix(path, graph, "draft", "en")
    assert result.problems == []
    assert [(u.comment_id, u.status, u.text, u.changed) for u in result.updates] == [
        ("CM1", "partially accepted", "=We rewrote it", ["R1", "R2"]), ("CM3", "accepted", "Thanks.", ["R2"])]
    [new] = result.comments
    assert (new.source, new.organisation, new.target, new.paragraph, new.quote, new.text) == (
        "m.xlsx#row6", "Trade union", "R2", 3, "Do that", "Received by e-mail.")
    assert result.new_responses["m.xlsx#row6"].status == "noted"


words = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40).map(str.strip).filter(
    lambda t: t and not t.startswith(("+", "−", "-")) and "→" not in t and "->" not in t)


@given(st.none() | words, st.none() | words)
def test_a_suggested_change_cell_reads_back_as_written(deleted, inserted):
    assert parse_change(format_change(deleted, inserted)) == (deleted, inserted)


@pytest.mark.parametrize("cell, change", [
    ("-in 2022 -> +in 2023", ("in 2022", "in 2023")),
    ("Say 'in 2023'", (None, "Say 'in 2023'")),
    ("- a list item", (None, "- a list item")),
    ("  ", (None, None))])
def test_a_suggested_change_typed_by_a_reviewer(cell, change):
    assert parse_change(cell) == change


def test_a_new_row_keeps_its_suggested_change(graph, tmp_path):
    path = exported(graph, tmp_path / "m.xlsx")
    fill(path, {"B6": "R1", "D6": "Donor", "G6": "−Do this → +Do this now",
                "B7": "R2", "D7": "Donor", "E7": "Clearer:", "G7": "Do that by June."})
    result = read_matrix(path, graph, "draft", "en")
    assert result.problems == []
    assert [(c.text, c.deleted, c.inserted) for c in result.comments] == [
        ("", "Do this", "Do this now"), ("Clearer:", None, "Do that by June.")]


def test_every_problem_is_told_with_its_row(graph, tmp_path):
    path = exported(graph, tmp_path / "m.xlsx")
    fill(path, {"H2": "agreed", "I2": "Yes.",                           # not a status of the list
                "E3": "A different comment.",                           # the comment was changed
                "H4": "accepted", "I4": "Ok.", "J4": "R7",              # not an item
                "A5": "CM9", "E5": "Elsewhere.", "H5": "noted", "I5": "x",  # a comment of another round
                "B6": "R99", "D6": "Union", "E6": "New one.",           # a new row on an unknown item
                "E7": "Without reviewer.",                              # a new row without its reviewer
                "H8": "noted"})                                         # a status without a response
    problems = [(p.row, p.message) for p in read_matrix(path, graph, "draft", "en").problems]
    assert problems == [
        (2, "Response status 'agreed' is not one of the list"),
        (3, "the text of comment CM2 was changed in the matrix"),
        (4, "Items changed: 'R7' is not an item of the report"),
        (5, "No. CM9 is not a comment of round draft"),
        (6, "Item 'R99' is not an item of the report"),
        (7, "a new comment without its reviewer"),
        (8, "a response status or items changed without a response"),
        (8, "a new row without a comment"),
    ]


def test_a_matrix_of_another_evaluation_or_round_is_refused(graph, tmp_path):
    rows = rows_of(graph, "draft", "en", [])
    export_xlsx(rows, tmp_path / "other.xlsx", {**META, "evaluation": "X/9"})
    with pytest.raises(MatrixFileError, match="another evaluation"):
        read_matrix(tmp_path / "other.xlsx", graph, "draft", "en")
    export_xlsx(rows, tmp_path / "round.xlsx", META)
    with pytest.raises(MatrixFileError, match="round 'draft', not of 'other'") as caught:
        read_matrix(tmp_path / "round.xlsx", graph, "other", "en")
    assert caught.value.hint == "import it with: reportgen comments import draft round.xlsx"


def test_a_workbook_that_is_not_a_matrix(graph, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Number", "Text"])
    book.save(tmp_path / "x.xlsx")
    with pytest.raises(MatrixFileError, match="not a reportgen comments matrix"):
        read_matrix(tmp_path / "x.xlsx", graph, "draft", "en")


def test_the_word_matrix_round_trip(graph, tmp_path):
    from docx import Document

    path = exported(graph, tmp_path / "m.docx")
    assert is_matrix_docx(path)
    document = Document(path)
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == list(COLUMNS)
    table.rows[1].cells[7].text = "not accepted"
    table.rows[1].cells[8].text = "The figures are from July."
    document.save(path)
    result = read_matrix(path, graph, "draft", "en")
    assert result.problems == []
    assert [(u.comment_id, u.status) for u in result.updates] == [("CM1", "not accepted"), ("CM3", "accepted")]


def test_the_word_matrix_offers_the_statuses_as_a_drop_down(graph, tmp_path):
    from docx import Document
    from docx.oxml.ns import qn

    path = exported(graph, tmp_path / "m.docx")
    document = Document(path)
    table = document.tables[0]
    status = COLUMNS.index("Response status")
    controls = [row.cells[status]._tc.find(qn("w:sdt")) for row in table.rows[1:]]
    assert len(controls) == 3 + 10 and all(c is not None for c in controls)  # the comments, then spare rows
    choices = controls[0].findall(f".//{qn('w:listItem')}")
    assert [c.get(qn("w:value")) for c in choices] == list(RESPONSE_STATUSES)
    # Choosing in Word replaces the text inside the control: read back like any cell.
    text = controls[0].find(f".//{qn('w:sdtContent')}").find(qn("w:p"))
    run = text.makeelement(qn("w:r"), {})
    run.append(run.makeelement(qn("w:t"), {}))
    run[0].text = "noted"
    text.append(run)
    table.rows[1].cells[COLUMNS.index("Response")].text = "Seen."
    document.save(path)
    result = read_matrix(path, graph, "draft", "en")
    assert result.problems == []
    assert [(u.comment_id, u.status, u.text) for u in result.updates][0] == ("CM1", "noted", "Seen.")


def test_a_workbook_declaring_entities_is_refused_before_openpyxl_reads_it(graph, tmp_path):
    path = exported(graph, tmp_path / "m.xlsx")
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"].replace(
        b"<worksheet", b'<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]><worksheet', 1)
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    with pytest.raises(MatrixFileError, match="declares a DTD or entities"):
        read_matrix(path, graph, "draft", "en")


LIBREOFFICE = Path("/usr/lib/libreoffice/program")
WRITER, CALC = (shutil.which("soffice") and (LIBREOFFICE / lib).exists() for lib in ("libswlo.so", "libsclo.so"))


@pytest.mark.parametrize("suffix", [
    pytest.param(".xlsx", marks=pytest.mark.skipif(not CALC, reason="LibreOffice Calc not installed")),
    pytest.param(".docx", marks=pytest.mark.skipif(not WRITER, reason="LibreOffice Writer not installed"))])
def test_a_matrix_resaved_by_libreoffice_reads_the_same(graph, tmp_path, suffix):
    path = exported(graph, tmp_path / f"matrix{suffix}")
    before = read_matrix(path, graph, "draft", "en")
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo-profile",
                    "--convert-to", suffix[1:], "--outdir", str(tmp_path / "lo"), str(path)], check=True,
                   capture_output=True, timeout=180)
    after = read_matrix(tmp_path / "lo" / path.name, graph, "draft", "en")
    assert after.problems == [] and after.updates == before.updates and after.comments == before.comments


@pytest.mark.parametrize("suffix", [".xlsx", ".docx"])
def test_a_matrix_in_the_rounds_language_is_read_back_in_any_language(graph, tmp_path, suffix):
    import yaml
    from openpyxl import load_workbook

    from reportgen.i18n import BUILTIN_TEMPLATES
    from reportgen.review.matrix import MatrixTexts, header_names

    catalogs = {lang: yaml.safe_load((BUILTIN_TEMPLATES / "i18n" / f"{lang}.yaml").read_text(encoding="utf-8"))
                ["comments_matrix"] for lang in ("en", "es", "fr")}
    spanish = MatrixTexts.from_catalog(catalogs["es"])
    path = tmp_path / f"matriz{suffix}"
    (export_xlsx if suffix == ".xlsx" else export_docx)(rows_of(graph, "draft", "en", []), path, META, spanish)
    if suffix == ".xlsx":
        book = load_workbook(path)
        book["Comments"]["H2"] = "accepted"
        book["Comments"]["I2"] = "Gracias."
        book.save(path)
        assert [c.value for c in load_workbook(path)["Comments"][1]][:3] == ["N.º", "Elemento", "Párrafo"]
    else:
        from docx import Document
        assert [c.text for c in Document(path).tables[0].rows[0].cells][-1] == "Elementos modificados"
    assert is_matrix_docx(path) if suffix == ".docx" else True
    result = read_matrix(path, graph, "draft", "en", headers=header_names(list(catalogs.values())))
    assert result.problems == []
    if suffix == ".xlsx":
        assert [(u.comment_id, u.status, u.text) for u in result.updates] == [
            ("CM1", "accepted", "Gracias."), ("CM3", "accepted", "Thanks.")]
    with pytest.raises(MatrixFileError, match="columns missing"):  # English names alone do not read Spanish headers
        read_matrix(path, graph, "draft", "en")
