"""The PDF reader: headings, emphasis, paragraphs, page furniture, footnotes, tables, outline, limits.
Each PDF is written by tests/unit/pdf_maker.py with the standard fonts."""

from __future__ import annotations

import pytest
from pdf_maker import PdfPage, text_width, write_pdf

from reportgen.importer import pdf_reader
from reportgen.importer.errors import SourceError
from reportgen.importer.pdf_reader import pdf_to_markdown

BODY = ("The project strengthened the capacity of the justice system and of the regional institutions",
        "to prevent trafficking, with a strategy based on dialogue between the actors and the state.")


def _markdown(tmp_path, pages, bookmarks=()) -> str:
    return pdf_to_markdown(write_pdf(tmp_path / "report.pdf", pages, bookmarks))


def _body(page: PdfPage, top: float, lines=BODY, leading: float = 14) -> float:
    for index, line in enumerate(lines):
        page.line(top + index * leading, line)
    return top + len(lines) * leading


def test_headings_by_size_and_bold_lead_ins(tmp_path):
    page = PdfPage().line(80, ("bold", "Final evaluation"), size=20)
    page.line(120, ("bold", "Conclusions"), size=15)
    _body(page, 150)
    page.line(200, ("bold", "Relevance"))
    page.line(224, ("bold", "Conclusion 1:"), " The M&E system was weak, and ", ("italic", "outputs"), " late.")
    text = _markdown(tmp_path, [page])
    assert text.split("\n\n") == ["# Final evaluation", "## Conclusions", " ".join(BODY), "**Relevance**",
                                  "**Conclusion 1:** The M&E system was weak, and *outputs* late.\n"]


def test_a_note_the_pages_end_cut_goes_on_at_the_foot_of_the_next_page(tmp_path):
    first, second = PdfPage(), PdfPage()
    _body(first, 100)
    first.texts.append(first.texts[-1].__class__(72 + text_width(BODY[-1], 11), 110, "1", 7))
    first.line(760, "1 ", "The budget tables give the activity, and the output sits one level", size=8)
    first.line(771, "below it; even so, it is", size=8)
    _body(second, 100, ("Another paragraph of the report, which cites a second source of its own",
                        "and ends here."))
    second.texts.append(second.texts[-1].__class__(72 + text_width("and ends here.", 11), 110, "2", 7))
    second.line(749, "hard to match the two lists.", size=8)
    second.line(760, "2 ", "The second source.", size=8)
    text = _markdown(tmp_path, [first, second])
    assert "[^1]: The budget tables give the activity, and the output sits one level below it; even so, it is " \
           "hard to match the two lists." in text
    assert "[^2]: The second source." in text and text.count("hard to match") == 1


def test_bold_lines_are_headings_when_no_heading_is_set_larger(tmp_path):
    page = PdfPage().line(80, ("bold", "Conclusions"))
    _body(page, 110)
    page.line(150, ("bold", "Recommendations"))
    _body(page, 180)
    assert _markdown(tmp_path, [page]).split("\n\n")[::2] == ["# Conclusions", "# Recommendations"]


def test_outline_gives_the_level(tmp_path):
    page = PdfPage().line(80, ("bold", "Annexes"), size=15).line(110, ("bold", "Annex 1. Matrix"), size=13)
    _body(page, 140)
    text = _markdown(tmp_path, [page], bookmarks=[("Annexes", 0)])
    assert text.startswith("# Annexes\n\n## Annex 1. Matrix\n\n")


def test_paragraphs_hyphenation_and_numbered_lines(tmp_path):
    page = PdfPage()
    page.line(100, "The evaluation team interviewed sixty people in four regions, and the evalua-")
    page.line(114, "tion matrix guided every interview.")
    page.line(140, "50. The project reached its targets.")
    page.line(154, "51. It did so late.")
    text = _markdown(tmp_path, [page])
    assert text.split("\n\n") == [
        "The evaluation team interviewed sixty people in four regions, and the evaluation matrix guided every interview.",
        "50. The project reached its targets.", "51. It did so late.\n"]


def test_running_headers_page_numbers_and_footnotes(tmp_path):
    pages = []
    for number in range(1, 5):
        page = PdfPage().line(40, "Final evaluation – Project X", size=9)
        page.line(100, f"Paragraph on page {number} cites a source")
        page.texts.append(page.texts[-1].__class__(72 + text_width(f"Paragraph on page {number} cites a source", 11),
                                                   96, str(number), 7))
        page.line(114, "and goes on.")
        page.line(760, f"{number} ", f"Source number {number}, with its ", ("italic", "title"), ".", size=8)
        page.line(810, str(number), size=9, x=290)
        pages.append(page)
    text = _markdown(tmp_path, pages)
    assert "Final evaluation" not in text and "\n1\n" not in text
    assert f"Paragraph on page 2 cites a source[^2] and goes on." in text
    assert "[^2]: Source number 2, with its *title*." in text
    assert text.count("[^") == 8


def test_tables_become_pipe_tables(tmp_path):
    page = PdfPage()
    _body(page, 100)
    page.grid(150, [["Indicator", "Target"], ["Trained staff", "400"], ["Protocols", "3"]], [200, 100])
    page.line(230, "After the table.")
    text = _markdown(tmp_path, [page])
    assert "| Indicator | Target |\n|---|---|\n| Trained staff | 400 |\n| Protocols | 3 |" in text
    assert text.index("| Indicator") < text.index("After the table.")
    assert "Trained staff 400" not in text


def test_links_are_kept(tmp_path):
    page = PdfPage().line(100, "See ", "www.ilo.org/eval", " for more.")
    left = 72 + text_width("See ", 11)
    page.links.append(((left, 90, left + text_width("www.ilo.org/eval", 11), 103), "https://www.ilo.org/eval"))
    assert _markdown(tmp_path, [page]) == "See [www.ilo.org/eval](https://www.ilo.org/eval) for more.\n"


def test_limits_and_broken_pdfs_are_refused_in_one_line(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf_reader, "MAX_PAGES", 2)
    pages = [_body_page() for _ in range(3)]
    with pytest.raises(SourceError, match=r"3 pages, more than a report \(at most 2\)"):
        _markdown(tmp_path, pages)
    monkeypatch.setattr(pdf_reader, "MAX_PAGES", 10)
    monkeypatch.setattr(pdf_reader, "MAX_SECONDS", -1)
    with pytest.raises(SourceError, match=r"took more than -1 s \(stopped at page 1 of 3\)"):
        _markdown(tmp_path, pages)
    monkeypatch.undo()
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    with pytest.raises(SourceError, match="damaged.pdf: the PDF is damaged") as error:
        pdf_to_markdown(damaged)
    assert "\n" not in str(error.value)
    with pytest.raises(SourceError, match="no text layer"):
        _markdown(tmp_path, [PdfPage()])


def _body_page() -> PdfPage:
    page = PdfPage()
    _body(page, 100)
    return page


def test_heading_on_two_lines_is_one_heading(tmp_path):
    page = PdfPage().line(80, ("bold", "R1. Centrar el diseño del Proyecto en los cambios que se"), size=14)
    page.line(97, ("bold", "quiere promover"), size=14)
    _body(page, 130)
    assert _markdown(tmp_path, [page]).startswith("# R1. Centrar el diseño del Proyecto en los cambios que se "
                                                  "quiere promover\n\n")


def test_table_cut_by_a_page_break_is_one_table(tmp_path):
    first, second = PdfPage(), PdfPage()
    _body(first, 100)
    first.grid(700, [["Destinatario", "MIMP"], ["Nivel de prioridad", "Alta"]], [200, 200])
    second.grid(72, [["Vinculación a conclusiones", "C2, C10, LA2"]], [200, 200])
    _body(second, 120)
    text = _markdown(tmp_path, [first, second])
    assert ("| Destinatario | MIMP |\n|---|---|\n| Nivel de prioridad | Alta |\n"
            "| Vinculación a conclusiones | C2, C10, LA2 |\n\n") in text


def test_row_cut_by_a_page_break_is_one_row(tmp_path):
    """Chromium prints the header row again on the next page and draws no rule under a cut row."""
    first, second = PdfPage(), PdfPage()
    _body(first, 100)
    first.grid(700, [["Contexto", "La Policía es una institución."], ["Usuarios /", "Los agentes de la"]], [200, 200])
    first.rules.pop(2)  # the cut row has no rule under it
    second.grid(72, [["Contexto", "La Policía es una institución."], ["Beneficiarios", "policía capacitados."],
                     ["Desafíos", "Ninguno."]], [200, 200])
    _body(second, 150)
    text = _markdown(tmp_path, [first, second])
    assert ("| Usuarios / Beneficiarios | Los agentes de la policía capacitados. |\n| Desafíos | Ninguno. |") in text


def test_row_cut_inside_parentheses_is_one_row(tmp_path):
    first, second = PdfPage(), PdfPage()
    _body(first, 100)
    first.grid(700, [["Potencial de réplica", "Cualquier proyecto."], ["Vinculación (PTDPs, Marco de", ""]], [200, 200])
    second.grid(72, [["Programas de la OIT)", ""], ["Otros documentos", "Ninguno."]], [200, 200])
    _body(second, 150)
    text = _markdown(tmp_path, [first, second])
    assert "| Vinculación (PTDPs, Marco de Programas de la OIT) |  |\n| Otros documentos | Ninguno. |" in text


def _stream_bomb(path, inflated: int):
    """A one-page PDF whose content stream inflates to `inflated` bytes (spaces after one line of text)."""
    import zlib

    payload = zlib.compress(b"BT /F1 12 Tf 72 712 Td (Hi) Tj ET\n" + b" " * inflated, 9)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(payload) + payload + b"\nendstream"]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 5\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    path.write_bytes(out + b"trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref)
    return path


def test_a_stream_bomb_is_refused_before_pdfminer_reads_it(tmp_path, monkeypatch):
    bomb = _stream_bomb(tmp_path / "bomb.pdf", 8 * 1024 * 1024)
    monkeypatch.setattr(pdf_reader, "MAX_STREAM_BYTES", 2 * 1024 * 1024)
    monkeypatch.setattr(pdf_reader, "_read_pages", lambda *a: pytest.fail("pdfminer read a stream bomb"))
    with pytest.raises(SourceError, match=r"a stream of the PDF inflates to more than 2 MB.*decompression bomb"):
        pdf_reader.pdf_to_markdown(bomb)
    monkeypatch.setattr(pdf_reader, "MAX_STREAM_BYTES", 64 * 1024 * 1024)
    monkeypatch.setattr(pdf_reader, "MAX_STREAMS_BYTES", 4 * 1024 * 1024)
    with pytest.raises(SourceError, match="more than 4 MB"):
        pdf_reader.check_streams(bomb)
    pdf_reader.check_streams(_stream_bomb(tmp_path / "fine.pdf", 1024))  # a normal stream passes


def test_a_long_heading_the_outline_holds_is_one_heading_at_its_level(tmp_path):
    """A word processor's PDF: the title runs on two lines, the second set smaller or at body size,
    and its bookmark holds the whole title: the lines are one heading, at the bookmark's level."""
    title = "1. Adaptation of the project to the needs and priorities of the target groups"
    page = PdfPage().line(60, ("bold", "Findings"), size=16)
    page.line(90, ("bold", "1. Adaptation of the project to the needs and priorities of the"), size=13)
    page.line(106, ("bold", "target groups"))
    page.line(130, "Answers: EQ1")
    _body(page, 160)
    text = _markdown(tmp_path, [page], bookmarks=[("Findings", 0), (title, 0)])
    assert text.startswith(f"# Findings\n\n# {title}\n\nAnswers: EQ1\n\n")


def test_a_hyphen_at_a_lines_end_is_undone_unless_it_is_a_compounds(tmp_path):
    page = PdfPage()
    page.line(100, "The evaluation matrix and its cause-")
    page.line(114, "effect chain guided the evalua-")
    page.line(128, "tion; the effect was clear and the evaluation useful.")
    assert _markdown(tmp_path, [page]).strip() == ("The evaluation matrix and its cause-effect chain guided the "
                                                   "evaluation; the effect was clear and the evaluation useful.")


def test_line_ends_decided_with_the_documents_words():
    words = {"effect", "evaluation", "national"}
    assert pdf_reader.join_lines("its cause-", "effect chain", words) == "its cause-effect chain"
    assert pdf_reader.join_lines("the evalua-", "tion matrix", words) == "the evaluation matrix"
    assert pdf_reader.join_lines("inter-", "national", words | {"international"}) == "international"
    assert pdf_reader.join_lines("the evalua-", "tion", None) == "the evaluation"  # no words known: as before


def test_a_word_cut_at_a_narrow_cells_edge_is_joined_when_the_document_uses_it_whole():
    words = {"indicador", "periodo", "de", "o", "any", "one", "anyone", "the", "system", "was"}
    assert pdf_reader.cut_in_a_cell("Indica", "dor", words)            # "indica" is no word of the document
    assert pdf_reader.cut_in_a_cell("Period", "o de", words)           # "o" is one, "period" is not
    assert not pdf_reader.cut_in_a_cell("any", "one", words)           # both pieces are words: a line break
    assert not pdf_reader.cut_in_a_cell("the system", "was", words)    # not one word of the document
    assert not pdf_reader.cut_in_a_cell("Indica", "Dor", words)        # a capital opens a new line's word


def test_a_word_alone_on_its_cell_line_is_joined_to_a_piece_the_document_never_writes_elsewhere():
    from collections import Counter
    words = Counter({"gouverne": 1, "ment": 1, "ministry": 3, "of": 9, "labour": 4, "s": 1, "ressource": 1})
    assert pdf_reader.cut_in_a_cell("Gouverne", "ment", words, "Gouverne")  # the cell is narrower than the word
    assert pdf_reader.cut_in_a_cell("Ressource", "s", words, "Ressource")
    assert not pdf_reader.cut_in_a_cell("Ministry", "of labour", words, "Ministry")  # "of" is a word: a wrap
    assert not pdf_reader.cut_in_a_cell("the Gouverne", "ment", words, "the Gouverne")  # not alone on its line


def test_a_table_without_rules_is_a_table_and_a_bulleted_cover_is_a_list(tmp_path):
    page = PdfPage()
    page.line(72, "• ILO TC/SYMBOL: RLA/21/07/EUR")
    page.line(88, "• Type of evaluation: Final")
    page.line(130, "Criterion").line(130, "Evaluation question", x=300)
    page.line(148, "Relevance").line(148, "1. Is it aligned with the needs", x=300)
    page.line(161, "of workers?", x=300)
    page.line(179, "Efficiency").line(179, "2. Were the funds used well?", x=300)
    text = _markdown(tmp_path, [page])
    assert "- ILO TC/SYMBOL: RLA/21/07/EUR\n\n- Type of evaluation: Final" in text
    assert ("| Criterion | Evaluation question |\n|---|---|\n| Relevance | 1. Is it aligned with the needs of workers? |\n"
            "| Efficiency | 2. Were the funds used well? |") in text


def test_a_header_repeated_beside_the_rest_of_a_cut_row_is_dropped():
    from reportgen.importer.pdf_lines import Table
    table = Table([["Criterion", "Question"], ["Relevance", "1. Is it aligned"]], 1, 100, 760)
    rest = Table([["Criterion", "Question\nwith the needs?"], ["Efficiency", "2. Were funds used well?"]], 2, 72, 120)
    pdf_reader._join_tables(table, rest)
    assert table.rows == [["Criterion", "Question"], ["Relevance", "1. Is it aligned with the needs?"],
                          ["Efficiency", "2. Were funds used well?"]]


def test_a_table_over_three_pages_is_one_table(tmp_path):
    """Each rest joins the table, which then ends on the rest's page (a template over three pages)."""
    first, middle, last = PdfPage(), PdfPage(), PdfPage()
    _body(first, 100)
    first.grid(700, [["Element", "LA2"], ["Context", "High turnover."]], [200, 200])
    middle.grid(72, [[f"Field {n}", f"Value {n}."] for n in range(1, 39)], [200, 200])
    last.grid(72, [["Other comments", "None."]], [200, 200])
    _body(last, 120)
    text = _markdown(tmp_path, [first, middle, last])
    assert "| Field 38 | Value 38. |\n| Other comments | None. |" in text
    assert text.count("|---|---|") == 1


def test_underlined_words_in_a_cell_do_not_split_its_row(tmp_path):
    """A link's underline runs from its first letter to its last: not a rule between rows."""
    page = PdfPage()
    _body(page, 100)
    page.material_grid(200, [["Field", "Value"], ["Linked conclusions", "C1, C2"], ["Criteria", "Relevance"]],
                       [200, 200])
    # "C1" and "C2" (x 277, baseline 240) are links: browsers draw each underline as a thin filled box just
    # under its letters (to a fraction of a point), not under the comma after them
    page.fills.append((277, 240.7, 277 + text_width("C1", 10) + 0.3, 241.4, 0.3))
    second = 277 + text_width("C1, ", 10)
    page.fills.append((second, 240.7, second + text_width("C2", 10), 241.4, 0.3))
    text = _markdown(tmp_path, [page])
    assert "| Linked conclusions | C1, C2 |\n| Criteria | Relevance |" in text


def test_a_white_background_box_is_not_a_table(tmp_path):
    """Browsers print the content area as a white box: its edges are not rules around the page."""
    page = PdfPage()
    page.fills.append((45, 51, 550, 796, 1.0))
    page.line(100, ("bold", "Lessons learned"), size=16)
    _body(page, 130)
    page.grid(300, [["Element", "LL1"], ["Context", "Two regions."]], [200, 200])
    text = _markdown(tmp_path, [page])
    assert "## Lessons learned" in text or "# Lessons learned" in text
    assert "| Element | LL1 |\n|---|---|\n| Context | Two regions. |" in text


def test_a_table_ruled_between_rows_only_is_split_under_its_header(tmp_path):
    """Material's and many house styles' tables: rules between rows, a shaded header cell per column."""
    page = PdfPage()
    _body(page, 100)
    page.material_grid(200, [["Field", "Value"], ["Project code", "EXAMPLE/24/01"], ["Country", "Exampleland"]],
                       [200, 200])
    text = _markdown(tmp_path, [page])
    assert "| Field | Value |\n|---|---|\n| Project code | EXAMPLE/24/01 |\n| Country | Exampleland |" in text


def test_a_heading_set_with_loose_leading_is_one_heading_when_its_bookmark_says_so(tmp_path):
    """A browser prints a heading's lines with the text's leading (1.6): the second line sits most of a
    line below the first. Its bookmark holds the whole title: one heading."""
    title = "1. Relevance to the needs of young people and to national priorities in both regions"
    page = PdfPage().line(60, ("bold", "Findings"), size=16)
    page.line(100, ("bold", "1. Relevance to the needs of young people and to national priorities in"), size=13)
    page.line(122, ("bold", "both regions"), size=13)
    page.line(150, "Answers: EQ1, EQ2")
    _body(page, 180)
    text = _markdown(tmp_path, [page], bookmarks=[("Findings", 0), (title, 0)])
    assert f"# {title}\n\nAnswers: EQ1, EQ2\n\n" in text
    # without the bookmark, lines that far apart stay apart (two headings of a report without an outline)
    plain = tmp_path / "plain"
    plain.mkdir()
    assert "# both regions" in _markdown(plain, [page])


def test_a_letter_or_two_alone_on_the_next_line_ends_a_word_cut_at_the_cells_edge():
    from collections import Counter
    words = Counter({"aprobació": 1, "n": 4, "y": 9, "fecha": 2})
    assert pdf_reader.cut_in_a_cell("aprobació", "n", words, "aprobació")
    assert not pdf_reader.cut_in_a_cell("Fecha", "y", words, "Fecha")  # "y" is a word


def test_a_contents_line_the_outline_holds_is_not_a_heading(tmp_path):
    """A contents entry whose page number wrapped to the next line ("7. Lessons learned ......" / "25")
    reads like the chapter's bookmark: with its dot leaders it is never the chapter's heading."""
    page = PdfPage().line(60, ("bold", "Table of contents"), size=16)
    page.line(90, "7. Lessons learned and good practices ........................................")
    page.line(104, "25")
    later = PdfPage().line(60, ("bold", "7. Lessons learned and good practices"), size=16)
    _body(later, 90)
    text = _markdown(tmp_path, [page, later], bookmarks=[("7. Lessons learned and good practices", 0)])
    assert [line for line in text.splitlines() if line.startswith("#")] == [
        "# Table of contents", "# 7. Lessons learned and good practices"]
    assert "Lessons learned and good practices ....." in text


def test_a_word_in_capitals_cut_at_a_cells_edge_is_joined():
    from collections import Counter
    words = Counter({"fundamentals": 2, "fundamental": 1, "s": 1, "ilo": 4, "employers": 1})
    assert pdf_reader.cut_in_a_cell("ILO FUNDAMENTAL", "S, employers'", words, "FUNDAMENTAL")
    assert not pdf_reader.cut_in_a_cell("ILO", "FUNDAMENTALS", words, "ILO")  # two words, no cut


def test_narrow_cells_words_wrapped_are_not_joined_and_endings_cut_off_are():
    from collections import Counter
    words = Counter({"court": 2, "terme": 3, "entreprise": 3, "entreprises": 4, "s": 2})
    assert not pdf_reader.cut_in_a_cell("Court", "terme", words, "Court")      # "terme" is a word of the document
    assert pdf_reader.cut_in_a_cell("des entreprise", "s", words, "des entreprise")  # an ending is no word
    assert pdf_reader.join_lines("Ministère du Commerce", ", BIT") == "Ministère du Commerce, BIT"


@pytest.mark.parametrize("first_word", ["\uf0b7", "•", "\uf0a7", "\uf0b7Unions"])
def test_word_symbol_font_bullets_open_list_items(first_word):
    """Word's bullets are set in its Symbol or Wingdings font: a PDF's text layer keeps them as
    private-use characters ("\\uf0b7"), which open a list item as "•" does."""
    assert pdf_reader._LIST_START.match(first_word)
    assert pdf_reader._BULLET.sub("- ", f"{first_word} Unions open doors.", count=1).startswith("- Unions")


def test_a_label_word_cut_at_a_narrow_header_cell_is_joined_whatever_the_document_writes():
    """"Priorit" / "y": "y" is a word in Spanish and the document may write "Priority" nowhere else."""
    from collections import Counter
    words = Counter({"priorit": 1, "y": 3, "n": 1, "o": 2, "the": 9})
    assert pdf_reader.cut_in_a_cell("Priorit", "y", words, "Priorit")
    assert pdf_reader.cut_in_a_cell("N", "o.", words, "N")
    assert not pdf_reader.cut_in_a_cell("High", "priority", words, "High")  # two words, both of them whole


def test_a_row_whose_rest_has_an_empty_first_cell_after_the_repeated_header_is_one_row():
    from reportgen.importer.pdf_lines import Table
    table = Table([["Abbreviation", "Full name"], ["BGMEA", "Bangladesh Garment\nManufacturers and Exporters"]],
                  1, 100, 760)
    rest = Table([["Abbreviation", "Full name\n\nAssociation"], ["OSH", "Occupational safety and health"]], 2, 72, 120)
    pdf_reader._join_tables(table, rest)
    assert table.rows == [["Abbreviation", "Full name"],
                          ["BGMEA", "Bangladesh Garment\nManufacturers and Exporters Association"],
                          ["OSH", "Occupational safety and health"]]


def test_notes_set_at_the_body_size_are_notes_when_a_superscript_cites_them(tmp_path):
    """A plain style sets its notes as large as its text: the last lines, set apart, opening with a
    bare number that the page cites as a superscript, are the page's notes; a numbered paragraph is not."""
    page = PdfPage()
    page.line(100, "The evaluation matrix is in the first annex, with the interview guides")
    page.texts.append(page.texts[-1].__class__(72 + text_width("The evaluation matrix is in the first annex, with "
                                                               "the interview guides", 11), 96, "1", 7))
    page.line(114, "and the list of the documents that the team read.")
    page.line(140, "2. A numbered paragraph of the report, set apart from the text above.")
    page.line(720, "1 Interview guides are available from the evaluation manager.")
    text = _markdown(tmp_path, [page])
    assert "interview guides[^1] and the list" in text
    assert "[^1]: Interview guides are available from the evaluation manager." in text
    assert "2. A numbered paragraph of the report" in text and "[^2]" not in text


def test_a_hyphen_at_a_lines_end_is_the_words_own_where_no_line_end_cuts_a_word(tmp_path):
    """Word processors hyphenate only when asked: where no word cut at a line's end is written whole
    elsewhere in the document, a hyphen there belongs to the word ("sous-" "estimés")."""
    page = PdfPage()
    page.line(100, "Les besoins des transformatrices ont été sous-")
    page.line(114, "estimés lors de la conception, et les femmes travaillent au-")
    page.line(128, "dessus des fours de fumage sans aucune protection.")
    assert "ont été sous-estimés lors de la conception, et les femmes travaillent au-dessus des fours" \
        in _markdown(tmp_path, [page])


def test_one_word_cut_at_a_lines_end_and_written_whole_elsewhere_shows_the_document_hyphenates():
    words = pdf_reader.Vocabulary({"evaluation": 2, "the": 3})
    words.judge_hyphenation([("evalua-", "tion"), ("sous-", "estimés")])
    assert words.hyphenates and pdf_reader.join_lines("sous-", "estimés", words) == "sousestimés"
    words.judge_hyphenation([("sous-", "estimés")])
    assert not words.hyphenates and pdf_reader.join_lines("sous-", "estimés", words) == "sous-estimés"
    words.judge_hyphenation([])
    assert words.hyphenates  # (no line end shows either way: as before)
