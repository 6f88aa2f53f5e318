"""Tables printed without rules, found from the columns of their words (importer/pdf_columns.py)."""

from __future__ import annotations

from reportgen.importer.pdf_columns import column_tables
from reportgen.importer.pdf_lines import Line, Word

SIZE = 12.0
SPACE = 3.5   # a word space at 12 pt


def line(top: float, *parts: tuple[float, str]) -> Line:
    """A line of words: each part (x, "some words") set from x, one word space between its words."""
    words = []
    for x, text in parts:
        for token in text.split():
            width = 6.0 * len(token)
            words.append(Word(token, x, x + width, top, top + SIZE, SIZE, False, False))
            x += width + SPACE
    return Line(words, 1, top, top + SIZE, words[0].x0, words[-1].x1, SIZE)


def rows_of(lines: list[Line]) -> list[list[list[str]]]:
    return [t.rows for t in column_tables(lines)[1]]


def test_aligned_columns_with_padded_rows_make_a_table_and_its_rest_stays_text():
    lines = [line(100, (72, "Intro paragraph of the annex.")),
             line(126, (72, "Criterion"), (306, "Question")),
             line(144, (72, "Relevance"), (306, "1. Is it aligned")),
             line(158, (306, "with needs?")),
             line(176, (72, "Efficiency"), (306, "2. Were funds used well?")),
             line(205, (72, "A paragraph after the table, across the whole width of the page."))]
    rest, tables = column_tables(lines)
    assert [t.rows for t in tables] == [[["Criterion", "Question"], ["Relevance", "1. Is it aligned\nwith needs?"],
                                         ["Efficiency", "2. Were funds used well?"]]]
    assert [l.text for l in rest] == ["Intro paragraph of the annex.",
                                      "A paragraph after the table, across the whole width of the page."]


def test_a_list_whose_markers_stand_apart_is_not_a_table():
    lines = [line(100 + 18 * i, (72, marker), (100, f"Item number {i} of the list")) for i, marker in
             enumerate(["•", "•", "•"])]
    lines += [line(160 + 18 * i, (72, f"{i}."), (100, f"Numbered paragraph {i}")) for i in range(1, 4)]
    assert rows_of(lines) == []


def test_justified_text_with_uneven_gaps_is_not_a_table():
    lines = [line(100, (72, "The project reached"), (220, "its targets in the three regions")),
             line(114, (72, "while the ministry of labour"), (300, "kept its plans")),
             line(128, (72, "and the social partners"), (260, "took part in every step"))]
    assert rows_of(lines) == []


def test_a_cell_set_higher_than_its_row_belongs_to_the_row():
    lines = [line(100, (306, "LL1: Involving")),
             line(114, (72, "LL Element"), (306, "inspectors early")),
             line(132, (72, "Brief description"), (306, "Text of the field.")),
             line(150, (72, "Context"), (306, "More text."))]
    assert rows_of(lines) == [[["LL Element", "LL1: Involving\ninspectors early"],
                               ["Brief description", "Text of the field."], ["Context", "More text."]]]


def test_paragraphs_of_one_cell_stay_in_their_row():
    """A wide gap (a paragraph's spacing) above a line with nothing in the first column parts two
    paragraphs of one cell; the narrow gap of a wrapped line continues the paragraph."""
    lines = [line(100, (72, "Criterion"), (306, "Questions")),
             line(118, (72, "Relevance"), (306, "1. Is it aligned")),
             line(132, (306, "with needs?")),
             line(150, (306, "2. Is it useful?")),
             line(168, (72, "Efficiency"), (306, "3. Were funds used well?"))]
    assert rows_of(lines) == [[["Criterion", "Questions"], ["Relevance", "1. Is it aligned\nwith needs?\n\n2. Is it useful?"],
                               ["Efficiency", "3. Were funds used well?"]]]


def test_a_cells_line_reaching_a_hair_into_the_next_column_stays_in_its_column():
    """A label's second line ends 1.5 pt past where the next column's text starts in another row."""
    lines = [line(100, (50, "Brief description"), (200, "First value of the field.")),
             line(114, (43.5, "lesson learned (link to act)")),   # ends at 201.5
             line(128, (50, "Context"), (200, "Second value."))]
    rest, tables = column_tables(lines)
    assert not rest and [row[0] for row in tables[0].rows] == ["Brief description", "lesson learned (link to act)", "Context"]
    assert tables[0].rows[1][1] == ""


def test_a_pages_repeated_header_starts_the_rest_of_the_table_the_page_before_ended_on():
    """The page before ended on a template's table; this page prints its header row again above the
    last row, whose value cell is empty: one line with columns only, yet the table's rest."""
    lines = [line(72, (72, "Elemento LA"), (306, "Texto")),
             line(90, (72, "Otros comentarios relevantes")),
             line(130, (72, "Anexo 3. Plantilla de buenas prácticas emergentes, a heading across the page"))]
    rest, tables = column_tables(lines, header=["Elemento LA", "Texto"])
    assert [t.rows for t in tables] == [[["Elemento LA", "Texto"], ["Otros comentarios relevantes", ""]]]
    assert [l.text for l in rest] == ["Anexo 3. Plantilla de buenas prácticas emergentes, a heading across the page"]
    # without the table before it, or under another header, one line with columns is no table
    assert column_tables(lines)[1] == [] and column_tables(lines, header=["Criterion", "Question"])[1] == []


def test_a_narrow_first_columns_label_cut_like_a_list_marker_keeps_the_header_with_its_table():
    """"N" over "o." (No. cut by its narrow column) reads like a list marker before "Recommendation": the
    header's lines and the rows below are one table, the header one row."""
    lines = [line(100, (72, "N"), (300, "Addressed"), (400, "Priority")),
             line(114, (72, "o."), (96, "Recommendation"), (300, "to")),
             line(134, (72, "1"), (96, "Plan training jointly"), (300, "Project teams"), (400, "High")),
             line(154, (72, "2"), (96, "Request an extension"), (300, "ILO, donor"), (400, "High"))]
    assert rows_of(lines) == [[["N\no.", "Recommendation", "Addressed\nto", "Priority"],
                               ["1", "Plan training jointly", "Project teams", "High"],
                               ["2", "Request an extension", "ILO, donor", "High"]]]


def test_a_bulleted_list_stays_text_however_its_markers_stand_apart():
    lines = [line(100, (72, "a."), (96, "Train the inspectors of the three provinces")),
             line(114, (72, "b."), (96, "Fund the committees from the regular budget"))]
    assert rows_of(lines) == []
