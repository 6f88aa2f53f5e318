"""One PDF page -> lines of words with their font, superscripts and gaps (pdf_lines.py)."""

from __future__ import annotations

import pdfplumber
from pdf_maker import PdfPage, Text, text_width, write_pdf

from reportgen.importer.pdf_lines import read_page


def _page(tmp_path, page: PdfPage):
    path = write_pdf(tmp_path / "page.pdf", [page])
    with pdfplumber.open(path) as pdf:
        return read_page(pdf.pages[0], 1)


def test_words_carry_bold_italic_and_size(tmp_path):
    page = _page(tmp_path, PdfPage().line(100, ("bold", "Bold"), " plain ", ("italic", "slanted"), size=12))
    [line] = page.lines
    assert [(w.text, w.bold, w.italic, w.size) for w in line.words] == [
        ("Bold", True, False, 12.0), ("plain", False, False, 12.0), ("slanted", False, True, 12.0)]
    assert line.size == 12.0 and not line.bold


def test_raised_small_number_is_a_superscript_of_its_line(tmp_path):
    source = PdfPage().line(100, "relacionado")
    source.texts.append(Text(72 + text_width("relacionado", 11), 96, "21", 7))
    source.line(100, " se invierte", x=72 + text_width("relacionado", 11) + text_width("21", 7))
    [line] = _page(tmp_path, source).lines
    assert [(w.text, w.superscript) for w in line.words] == [("relacionado", False), ("21", True), ("se", False),
                                                           ("invierte", False)]
    assert line.words[1].gap < 0.5 and line.words[2].gap > 2  # written "relacionado[^21] se"


def test_number_on_the_baseline_is_not_a_superscript(tmp_path):
    [line] = _page(tmp_path, PdfPage().line(100, "Tabla 21 y 22")).lines
    assert not any(w.superscript for w in line.words)


def test_ruled_table_is_taken_out_of_the_text(tmp_path):
    page = _page(tmp_path, PdfPage().line(80, "Before.").grid(100, [["a", "b"], ["1", "2"]], [100, 100]))
    assert [t.rows for t in page.tables] == [[["a", "b"], ["1", "2"]]]
    assert [l.text for l in page.lines] == ["Before."]


def test_words_second_level_bullet_in_courier_is_a_bullet_not_a_word(tmp_path):
    """Word sets its "o" bullet in Courier New: a bullet, not the letter (a text word "o" stays one)."""
    source = PdfPage().line(100, ("mono", "o"), size=11, x=90)
    source.line(100, "The staff attended the workshops o not.", x=108)
    [line] = _page(tmp_path, source).lines
    assert [w.text for w in line.words][:2] == ["◦", "The"] and line.words[-2].text == "o"


def test_a_footnote_number_raised_in_a_cell_is_its_reference(tmp_path):
    """The table finder gives a cell's text flat ("nacional41"): a number raised after a word is a footnote
    reference, as in the text; a number on the line ("2 de 14") stays a number."""
    source = PdfPage().grid(100, [["Equipo", "Personal nacional"], ["Seminarios", "2 de 14"]], [100, 160])
    source.texts.append(Text(72 + 100 + 3 + text_width("Personal nacional", 10), 100 + 18 - 5 - 4, "41", 6))
    [table] = _page(tmp_path, source).tables
    assert table.rows == [["Equipo", "Personal nacional[^41]"], ["Seminarios", "2 de 14"]]


def test_a_label_only_rows_first_line_set_tight_under_its_rule_stays_in_its_row(tmp_path):
    """A template's rest on a new page: its header printed again and rows of labels with no value (read
    word by word under the header's columns). A line set tight under the row's rule, its top a fraction
    of a point above it, is the row's (its middle is in the row), not lost."""
    rows = [["GP ELEMENT", "GP1. Peer learning"], ["Link to ILO goals", ""], ["Other comments", ""]]
    [table] = _page(tmp_path, PdfPage().grid(100, rows, [150, 200], height=12, size=11)).tables
    assert table.rows == rows
