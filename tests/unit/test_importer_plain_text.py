"""importer/plain_text.py: headings, tables and paragraphs of plain text (a PDF's text layer)."""

from __future__ import annotations

import pytest

from reportgen.importer.debris import PARAGRAPH_END, clean
from reportgen.importer.plain_text import (drop_page_furniture, layout_tables, list_markers_rejoined, mark_footnotes,
                                           mark_headings, mark_paragraph_ends)

NUMBERED = """Final evaluation of the project

EXECUTIVE SUMMARY
The project supported young people.

Recommendations
See chapter 6.

1. Introduction
1. This report presents the evaluation.

4. Main findings
4.1 Relevance
Finding 1: The project was relevant.
4.1.1 Alignment with national priorities
The project follows the national policy.

5. Conclusions
Conclusion 1: The project was relevant.

6. Recommendations
Recommendation 1: Keep the model.

Annexes
Annex 1. Terms of reference
The terms are attached."""


def _marked(text: str) -> dict[str, str]:
    return {line.lstrip("# "): line.split(" ")[0] for line in mark_headings(text.split("\n")) if line.startswith("#")}


def test_numbered_chapters_and_their_subsections_are_headings_line_for_line():
    lines = NUMBERED.split("\n")
    marked = mark_headings(lines)
    assert len(marked) == len(lines)
    assert _marked(NUMBERED) == {
        "EXECUTIVE SUMMARY": "##", "Recommendations": "###", "1. Introduction": "#", "4. Main findings": "#",
        "4.1 Relevance": "##", "4.1.1 Alignment with national priorities": "###", "5. Conclusions": "#",
        "6. Recommendations": "#", "Annexes": "##", "Annex 1. Terms of reference": "###"}
    # the summary's own "Recommendations" is under it; a numbered paragraph ("1. This report
    # presents…") ends a sentence: it is no heading


def test_a_numbered_list_of_short_points_is_not_taken_for_chapters():
    text = ("Conclusions\nThe project did well.\n\n1. Keep the model\n2. Extend it\n3. Fund it\n\nRecommendations\n"
            "Recommendation 1: Keep it.")
    assert _marked(text) == {"Conclusions": "#", "Recommendations": "#"}


def test_a_wrapped_sentence_never_opens_a_heading():
    assert _marked("Conclusions\nThe results are set out in the\n5. Conclusions and lessons of the report.\n") == {
        "Conclusions": "#"}


def test_unnumbered_report_criteria_and_sections_inside_the_findings_only():
    text = ("Executive summary\nMain findings and conclusions\nThe project was good.\n\nFindings\n\nRelevance\n"
            "1. Relevance to the needs of young people\nF1. The project was relevant.\n\n2. Alignment\n"
            "F2. Aligned.\n\n1. A list item\n\nConclusions\nRelevance\nC1\nThe project was relevant.")
    assert _marked(text) == {"Executive summary": "#", "Main findings and conclusions": "##", "Findings": "#",
                             "Relevance": "##", "1. Relevance to the needs of young people": "###",
                             "2. Alignment": "###", "Conclusions": "#"}


def test_markdown_with_its_own_headings_is_left_alone():
    text = "# Findings\n\n## Relevance\n\n# Conclusions\n\nCONCLUSIONS"
    assert mark_headings(text.split("\n")) == text.split("\n")


LAYOUT = """Outcome indicators
Indicator            Target      Achieved
Young people         2,000       2,300
trained
Share of women       50%         46%
Graduates            60%         38%
employed after six
months

After the table."""


def test_a_table_in_columns_of_spaces_becomes_tab_rows_in_its_lines():
    lines = layout_tables(LAYOUT.split("\n"))
    assert len(lines) == len(LAYOUT.split("\n"))
    assert [line for line in lines if "\t" in line] == [
        "Indicator\tTarget\tAchieved", "Young people trained\t2,000\t2,300", "Share of women\t50%\t46%",
        "Graduates employed after six months\t60%\t38%"]
    assert lines[0] == "Outcome indicators" and lines[-1] == "After the table."
    (table,) = [b for b in clean(lines).blocks if b.kind == "table"]
    assert table.rows[1] == ["Young people trained", "2,000", "2,300"]


def test_a_header_on_two_lines_is_one_row_and_a_cell_going_on_in_capitals_joins_its_row():
    text = ("                        Resource\n"
            "Addressed to  Priority  implication  Timeframe\n"
            "Ministries of  Medium    Medium       Medium term\n"
            "Education,\n\nNext.")
    rows = [line for line in layout_tables(text.split("\n")) if "\t" in line]
    assert rows == ["Addressed to\tPriority\tResource implication\tTimeframe",
                    "Ministries of Education,\tMedium\tMedium\tMedium term"]


def test_running_text_is_not_a_table():
    text = ("The project trained 2,300 young people against a target of 2,000.  Of the graduates\n"
            "traced, 38 per cent were employed six months after training, against a target of 60.")
    assert layout_tables(text.split("\n")) == text.split("\n")


def _paragraphs(text: str) -> list[str]:
    return [b.text for b in clean(mark_paragraph_ends(text.split("\n")), soft_wraps=True).blocks]


WRAPPED = "\n".join(["The evaluation team interviewed sixty-four people in the two countries and visited"] * 20)


def test_a_short_finished_line_ends_its_paragraph_and_wrapped_lines_are_joined():
    text = WRAPPED + "\nand the six vocational centres.\nThe second paragraph starts here and goes on."
    first, second = _paragraphs(text)
    assert "\n" not in first and first.endswith("and the six vocational centres.")
    assert second == "The second paragraph starts here and goes on."
    assert PARAGRAPH_END in mark_paragraph_ends(text.split("\n"))[20]


def test_an_item_label_opens_its_own_paragraph_and_its_statement_is_one():
    text = (WRAPPED + ".\nFinding 2: The choice of trades was less relevant for young women in\nZanzibar.\n"
            "Cultural norms limited women's participation in boat-based aquaculture and in the training of\n"
            "the second year, which the project only adapted later.")
    paragraphs = _paragraphs(text)
    assert paragraphs[1] == "Finding 2: The choice of trades was less relevant for young women in Zanzibar."
    assert paragraphs[2].startswith("Cultural norms")


def test_list_items_and_label_lines_keep_their_own_lines():
    blocks = clean(["The design was relevant in three ways:", "\uf0b7 the trades matched the vacancies;",
                    "• the schedule fitted farm work;", "C1", "The project was relevant, as the",
                    "evalua-", "tion found."], soft_wraps=True).blocks
    assert blocks[0].text == ("The design was relevant in three ways:\n- the trades matched the vacancies;\n"
                              "- the schedule fitted farm work;\nC1\nThe project was relevant, as the evaluation found.")


def test_a_pages_footnotes_become_markdown_footnotes_and_their_citations_too():
    from reportgen.importer.plain_text import mark_footnotes
    page = ["The project worked with ABA ROLI 22 (in justice) and with the", "Ministry of Labour, as agreed23.",
            "F22. It had 12 staff in 2021.", "22", "   Initiative of the American Bar Association.", "23",
            "   Agreement of 2019, signed in", "Lima.", "7", "\fNext page text."]
    marked = mark_footnotes(page)
    assert len(marked) == len(page)
    assert marked[:3] == ["The project worked with ABA ROLI[^22] (in justice) and with the",
                          "Ministry of Labour, as agreed[^23].", "F22. It had 12 staff in 2021."]  # an ID; 12 is no note
    assert marked[3] == "[^22]:" and marked[5] == "[^23]:" and marked[8] == ""  # the page number: no note's words
    notes = {b.number: b.text for b in clean(marked, soft_wraps=True).blocks if b.kind == "footnote"}
    assert notes == {"22": "Initiative of the American Bar Association.", "23": "Agreement of 2019, signed in Lima."}


def test_numbers_at_a_pages_foot_that_the_page_never_cites_are_no_footnotes():
    from reportgen.importer.plain_text import mark_footnotes
    page = ["Results by year:", "2021 was slow.", "1", "   First phase", "2", "   Second phase"]
    assert mark_footnotes(page) == page


def test_the_heading_over_an_ilo_template_is_a_heading():
    text = ("Lessons learned\nLL1. Placement comes with training\nThe project added placement late.\n\n"
            "ILO template (LL1)\nThe following lesson learned has been identified.\n\n"
            "Plantilla OIT (LA2)\nTexto.\n\nILO Lesson Learned Template\nProject Title: X")
    assert _marked(text) == {"Lessons learned": "#", "ILO template (LL1)": "###", "Plantilla OIT (LA2)": "###",
                             "ILO Lesson Learned Template": "###"}


def test_a_tables_cells_written_one_per_line_are_found_and_running_text_is_not():
    from reportgen.importer.plain_text import cell_runs
    cells = ["Symbole du projet", "Type d'évaluation", "Pays", "", "Date", "SEN/20/01/LUX", "Finale", "Sénégal",
             "", "Septembre 2024", "Moussa Diallo"]
    prose = ["The project trained young people in three regions.", "It worked with employers."] * 6
    assert cell_runs(prose + cells + prose) == [(12, 11)]
    assert cell_runs(prose) == []
    assert cell_runs(["a\tb"] * 10) == []  # rows read back as a table


def test_a_table_whose_rows_are_parted_by_blank_lines_is_one_table():
    """Cell padding prints a blank line between rows (a glossary, a question matrix); a row's label
    on two lines stays one cell."""
    text = ("Acronyms\n  Acronym            Meaning\n\n  ILO                International Labour Organization\n\n"
            "  CMNP               Multisectoral Commission against trafficking in persons and the smuggling of\n"
            "                     migrants\n\n  Validity of         Design of the intervention\n  design\n\n"
            "After the table.")
    rows = [line for line in layout_tables(text.split("\n")) if "\t" in line]
    assert rows == ["Acronym\tMeaning", "ILO\tInternational Labour Organization",
                    "CMNP\tMultisectoral Commission against trafficking in persons and the smuggling of migrants",
                    "Validity of design\tDesign of the intervention"]


def test_paragraphs_parted_by_a_blank_line_and_text_between_them_are_no_table():
    text = "First paragraph  with a justified gap.\n\nSecond paragraph  with another gap here."
    assert layout_tables(text.split("\n")) == text.split("\n")


def test_a_label_cell_beside_its_value_is_no_heading():
    """A template's label set on lines of its own, its value in the next column: not the "Context"
    chapter."""
    text = ("4. Findings\nThe text.\n\n5. Conclusions\nThe text.\n\n"
            "  Context and any\n                            The context matters for the project.\n"
            "  related preconditions          It was favourable.\n\n6. Recommendations\nThe text.")
    assert "Context and any" not in _marked(text)


def test_running_headers_footers_and_page_numbers_are_blank_and_footnote_numbers_stay():
    words = "alpha bravo charlie delta echo foxtrot golf hotel india".split()
    pages = [f"ILO · Final evaluation of the project …      DRAFT\n\nThe {word} paragraph opens the page.\n"
             f"Honduras{n}0 is cited by the {word} text.\n\n{n}0\nThe {word} note.\n                 Page {n} of 9"
             for n, word in enumerate(words, start=1)]
    lines = "\n\f".join(pages).split("\n")
    kept, dropped = drop_page_furniture(lines)
    assert len(kept) == len(lines) and dropped == 18
    assert not any("DRAFT" in line or "Page " in line for line in kept)
    assert "50" in kept and "The echo paragraph opens the page." in kept
    assert sum(line.startswith("\f") for line in kept) == 8


def test_a_few_pages_keep_every_line():
    lines = "Title\nText.\n\fTitle\nText.".split("\n")
    assert drop_page_furniture(lines) == (lines, 0)


def test_a_label_statement_stays_in_its_paragraph_when_blank_lines_part_the_paragraphs():
    """A text that parts its paragraphs by blank lines: "H48. Statement." goes on in the same paragraph."""
    paragraph = ("H{n}. The first sentence of the finding ends here, as wide as the lines of the text are.\n"
                 "The finding goes on with evidence from the field visits and the interviews held in the\n"
                 "three regions.")
    text = "\n\n".join(paragraph.format(n=n) for n in range(1, 12))
    paragraphs = _paragraphs(text)
    assert len(paragraphs) == 11 and paragraphs[0].startswith("H1. The first") and paragraphs[0].endswith("regions.")


def test_an_indented_numbered_line_is_a_list_item_not_a_footnote():
    """A list whose bullets the text lost ("     12 agreements were signed"), its number cited above
    ("only 12 of the 20"): no footnote."""
    text = ("The project signed only 12 of the 20 planned agreements.\n\n     1,200 young people were trained;\n\n"
            "     12 formal agreements with employers were signed.\n\nMore text of the page.")
    assert mark_footnotes(text.split("\n")) == text.split("\n")


def test_a_numbered_line_with_the_pages_text_going_on_below_is_not_its_last_note():
    text = ("\n".join(["The project signed only 12 of the 20 planned agreements."] * 20) +
            "\n12 formal agreements with employers were signed.\n" + "\n".join(["More text of the page."] * 12))
    assert mark_footnotes(text.split("\n")) == text.split("\n")


def test_numbered_sections_under_an_unnumbered_findings_chapter_are_its_criteria_and_sections():
    text = ("Executive summary\nThe project worked.\n\nEvaluation findings\n9.1 Relevance\n\n"
            "9.1.1 Alignment with national policies\nThe text.\n\n9.2 Effectiveness\n9.2.1 Progress\nThe text.\n\n"
            "Conclusions\nThe text.\n\nRecommendations\nThe text.")
    marked = _marked(text)
    assert marked["9.1 Relevance"] == "##" and marked["9.1.1 Alignment with national policies"] == "###"
    assert marked["9.2.1 Progress"] == "###" and marked["Conclusions"] == "#"


def test_a_table_cut_by_a_page_break_with_its_header_printed_again_is_one_table():
    text = ("Criterion        Evaluation question\nRelevance        1. To what extent did the project\n"
            "                 achieve its outputs?\n\n\fCriterion        Evaluation question\n"
            "                 2. To what extent did the project\n                 reach the workers?\n"
            "Effectiveness    3. To what extent did the project\n                 achieve its outcomes?\n\nAfter.")
    lines = layout_tables(text.split("\n"))
    assert len(lines) == len(text.split("\n"))
    assert [line for line in lines if "\t" in line] == [
        "Criterion\tEvaluation question",
        "Relevance\t1. To what extent did the project achieve its outputs?<br>2. To what extent did the project "
        "reach the workers?",
        "Effectiveness\t3. To what extent did the project achieve its outcomes?"]


def test_a_header_row_in_another_font_a_few_characters_off_is_the_tables_first_row():
    text = ("LL Element                   Text\nBrief description of lesson   Template field 0.\n"
            "Context and any related       Template field 1.\npreconditions\n\nAfter.")
    rows = [line for line in layout_tables(text.split("\n")) if "\t" in line]
    assert rows[0] == "LL Element\tText" and rows[-1] == "Context and any related preconditions\tTemplate field 1."


@pytest.mark.parametrize("tail, ends", [
    ("\nRecommendation 1: The ministry should keep the model in the regions where it was\n"
     "tested and extend it to the others within two years of the end of the project.\n"
     "Priority: High\nNote: Addressed to: ILO; Priority: High", (21, 22)),
    # a cover's "Label : value" lines, under labels reportgen has no field for: a line each
    (".\nType d'évaluation : À mi-parcours, indépendante, conjointe avec la FAO et le PNUD\n"
     "Dates de l'évaluation : mars – mai 2025 dans les deux pays et à Genève, avec les mandants\n"
     "Évaluatrice principale : Clémence Aka-Brou", (20, 21))])
def test_a_recommendations_note_or_a_field_line_ends_the_paragraph_above(tail, ends):
    marked = mark_paragraph_ends((WRAPPED + tail).split("\n"))
    assert all(marked[index].endswith(PARAGRAPH_END) for index in ends)


def test_a_note_line_wrapped_after_a_label_goes_on_with_its_value():
    text = (WRAPPED + ".\nNote: Responsibility: ILO and MTPE; Priority: High; Resource implication:\n"
            "Low; Time: Short term.\nNote: Responsibility: MTPE; Priority: Medium; Resources: Medium, within\n"
            "Budget: the ministry's own; Time: Medium term.")
    marked = mark_paragraph_ends(text.split("\n"))
    assert not marked[20].endswith(PARAGRAPH_END) and not marked[22].endswith(PARAGRAPH_END)


def test_a_templates_title_over_a_label_as_wide_as_its_column_heads_its_table():
    # The title alone in the value column, then a label cell that runs into the value beside it
    # (one space between them), as pdftotext prints an ILO template's first rows.
    text = ("ANNEX 3. GOOD PRACTICE TEMPLATES\n"
            "                             Emerging good practice 1:\n"
            "GP Element of the good pract Tripartite committees\n"
            "Brief summary of the good practice    Template field 0.\n"
            "(link to project goal)\n"
            "Relevant conditions and context:      Template field 1.\n\nAfter.")
    lines = layout_tables(text.split("\n"))
    assert len(lines) == len(text.split("\n"))
    assert [line for line in lines if "\t" in line] == [
        "GP Element of the good pract\tEmerging good practice 1: Tripartite committees",
        "Brief summary of the good practice (link to project goal)\tTemplate field 0.",
        "Relevant conditions and context:\tTemplate field 1."]


def test_a_header_on_two_lines_printed_again_after_a_label_cut_by_the_page_is_one_table():
    header = "                                      Emerging good practice 1:\nGP Element                            Tripartite committees\n"
    text = (header + "Brief summary of the good practice    Template field 0.\n(link to project goal or specific\n"
            "deliverable)\n\n\n\f" + header + "Relevant conditions and context:      Template field 1.\n"
            "limitations or advice\n\nAfter.")
    rows = [line for line in layout_tables(text.split("\n")) if "\t" in line]
    assert rows == ["GP Element\tEmerging good practice 1: Tripartite committees",
                    "Brief summary of the good practice (link to project goal or specific deliverable)\tTemplate field 0.",
                    "Relevant conditions and context: limitations or advice\tTemplate field 1."]


INTERLEAVED = """\
  LL ELEMENT                                    LL1. Employers involved from the start
  LESSON LEARNED

  Brief description of lesson
                                                Training matched to local employers' needs placed
  learned (link to specific action
                                                more trainees in jobs.
  or task)


  Context and any related
                                                Works where employers can name the skills they lack.
  preconditions

\f

  LL ELEMENT                                    LL1. Employers involved from the start
  LESSON LEARNED

                                                A second paragraph of the context, after the page break.


  ILO Administrative Issues
  (staff, resources, design,
  implementation)

  Other relevant comments
After the table."""


def test_a_templates_label_lines_printed_between_its_values_lines_are_one_row_each():
    # A label cell in a smaller font: pdftotext prints its lines between the value's lines. The header
    # printed again after the page break is left out; the value going on after it stays in its row.
    lines = layout_tables(INTERLEAVED.split("\n"))
    assert len(lines) == len(INTERLEAVED.split("\n")) and lines[-1] == "After the table."
    assert [line for line in lines if line.strip()][:-1] == [
        "LL ELEMENT LESSON LEARNED\tLL1. Employers involved from the start",
        "Brief description of lesson learned (link to specific action or task)\tTraining matched to local "
        "employers' needs placed more trainees in jobs.",
        "Context and any related preconditions\tWorks where employers can name the skills they lack. "
        "A second paragraph of the context, after the page break.",
        "ILO Administrative Issues (staff, resources, design, implementation)\t",
        "Other relevant comments\t"]


def test_a_table_whose_rows_open_with_label_and_value_on_one_line_is_not_read_as_interleaved():
    text = ("Field                          Value\nProject code                   PER/17/51/USA\n"
            "Timing of the                  Final\nevaluation\nDonor and budget               USD 7,940,000\n"
            "                               after four extensions.\nName of the                    Victoria\n"
            "consultant(s)                  Sánchez\n\nRunning text after the table, wider than the label column is.")
    rows = [line for line in layout_tables(text.split("\n")) if "\t" in line]
    assert rows[1:3] == ["Project code\tPER/17/51/USA", "Timing of the evaluation\tFinal"]
    assert rows[-1] == "Name of the consultant(s)\tVictoria Sánchez"


def test_a_field_tables_cells_one_per_line_become_field_lines():
    # A PDF's text without its layout writes a two-column field table one cell per line.
    text = "Recommendation 1: Train inspectors.\nResponsibility\nILO and MTPE\nPriority\nHigh\nTime\nShort term\nAfter."
    assert layout_tables(text.split("\n")) == ["Recommendation 1: Train inspectors.", "Responsibility: ILO and MTPE", "",
                                               "Priority: High", "", "Time: Short term", "", "After."]
    lone = "Priority\nHigh\nThe rest of the text."
    assert layout_tables(lone.split("\n")) == lone.split("\n")  # one pair alone: not a table


def test_the_contents_without_their_layout_are_not_chapters():
    # Without its layout, each contents entry's page number comes on a line of its own.
    contents = ["Índice", "", "Conclusiones", "", "107", "", "Recomendaciones", "", "130", "", "Anexos", "", "137", ""]
    body = ["Conclusiones", "El proyecto fue pertinente.", "", "Recomendaciones", "R1. Revisar el diseño.", "",
            "Anexos", "Anexo 1. Términos de referencia"]
    marked = mark_headings(contents + body)
    assert [line for line in marked[:len(contents)] if line.startswith("#")] == ["# Índice"]
    assert [line for line in marked[len(contents):] if line.startswith("#")] == [
        "# Conclusiones", "# Recomendaciones", "# Anexos", "## Anexo 1. Términos de referencia"]



def test_a_chapter_heading_set_on_two_lines_is_one_heading():
    lines = mark_headings("1. Introduction\nText.\n\n2. Findings\nText.\n\n3. Conclusions\nText.\n\n"
                          "4. Lessons learned and emerging good\npractices\nLesson learned 1: Text.".split("\n"))
    assert "# 4. Lessons learned and emerging good practices" in lines and "practices" not in lines
    assert len(lines) == 12  # (the same number of lines)



def test_an_unnumbered_chapter_heading_on_two_lines_is_one_heading():
    lines = mark_headings("I. INTRODUCTION\nText.\n\nIV. FINDINGS\nText.\n\nVII. LESSONS LEARNED AND EMERGING GOOD\n"
                          "PRACTICES\nLesson learned 1: Text.".split("\n"))
    assert "# VII. LESSONS LEARNED AND EMERGING GOOD PRACTICES" in lines and "PRACTICES" not in lines


# A table cut by a page break, as pdftotext sets it (each page on its own grid): the lines, the rows.
PAGE_BREAK_TABLES = {
    # the last row's cell goes on at the top of the next page, a little to the right; the same words
    # alone earlier in the table are not a header printed again
    "a cell going on": (
        "N°    Recommendation        Priority\n1     Strengthen the        High\n      monitoring\n      systems\n"
        "2     Secure the            Low\n      monitoring\n\f        systems of the\n        districts\n\nAfter.",
        ["N°\tRecommendation\tPriority", "1\tStrengthen the monitoring systems\tHigh",
         "2\tSecure the monitoring systems of the districts\tLow"]),
    # the next page's rows start a few characters off the columns above: moved back onto them; the
    # chapter heading under the table ends it
    "rows on a shifted grid": (
        "N°    Recommendation      Addressed to   Priority\n1     Strengthen the      Ministry of    High\n"
        "      monitoring          Labour\n\f2       Secure the      ILO           Low\n        budget lines\n"
        "6. LESSONS LEARNED\nText.",
        ["N°\tRecommendation\tAddressed to\tPriority", "1\tStrengthen the monitoring\tMinistry of Labour\tHigh",
         "2\tSecure the budget lines\tILO\tLow"]),
    # the header printed again with its columns elsewhere ("Significado" at 32, not 20): left out, and
    # the rows under it moved as their header cells moved
    "header again on the new grid": (
        "Sigla               Significado\nCAR                 Centro de Atención Residencial\n"
        "CEM                 Centro de Emergencia Mujer\n\fSigla                           Significado\n"
        "USPNNA                          Unidad de Servicios de Protección\n\nAfter.",
        ["Sigla\tSignificado", "CAR\tCentro de Atención Residencial", "CEM\tCentro de Emergencia Mujer",
         "USPNNA\tUnidad de Servicios de Protección"]),
}


@pytest.mark.parametrize("case", PAGE_BREAK_TABLES)
def test_a_table_cut_by_a_page_break_is_one_table(case):
    text, expected = PAGE_BREAK_TABLES[case]
    assert [line for line in layout_tables(text.split("\n")) if "\t" in line] == expected


def test_lettered_sections_naming_a_criterion_after_other_words_are_headings():
    text = ("II. FINDINGS\nA. Relevance and strategic fit\nThe project responded to the campaigns.\n\n"
            "B. Project progress and effectiveness\nThe registry was launched in two counties.\n\n"
            "C. Efficiency of resource use\nThe project spent 91% of its budget.\n\n"
            "III. CONCLUSIONS\nThe project was relevant.")
    marked = _marked(text)
    assert marked["B. Project progress and effectiveness"] == marked["A. Relevance and strategic fit"] != "#"
    assert "The project was relevant." not in marked


def test_a_narrow_cells_text_going_on_for_many_lines_stays_in_its_row():
    text = ("Recommandation      Responsable          Priorité\n"
            "1. Financer les     Ministère de         Moyenne\n"
            "comités : les       l'Intérieur\n"
            "collectivités\ndevraient\ninscrire les\ncomités à leur\nbudget annuel.\n\n"
            "The next paragraph of the report, a long line of text that is no table's line at all.")
    lines = layout_tables(text.split("\n"))
    rows = [line for line in lines if "\t" in line]
    assert rows[1].split("\t")[0].endswith("comités à leur budget annuel.")
    assert lines[-1].startswith("The next paragraph")


def test_criteria_as_roman_numbered_chapters_and_lettered_sections_without_a_findings_chapter():
    text = ("I. INTRODUCTION\nCe rapport présente l'évaluation.\n\nIII. PERTINENCE\nA. Alignement sur les priorités\n"
            "Le projet s'inscrivait dans le plan.\n\nB. Réponse aux besoins des communautés\nLes communautés ont demandé "
            "des écoles.\n\nIV. EFFICACITÉ\nLe suivi couvre 96 communautés.\n\nVI. CONCLUSIONS\nLe projet était pertinent.")
    marked = _marked(text)
    assert marked["III. PERTINENCE"] == marked["IV. EFFICACITÉ"] == marked["VI. CONCLUSIONS"]
    assert len(marked["B. Réponse aux besoins des communautés"]) == len(marked["III. PERTINENCE"]) + 1


def test_a_bullet_and_its_gap_are_closed_up_so_no_gutter_is_seen():
    from reportgen.importer.plain_text import close_bullets
    assert close_bullets(["\uf0b7   Lesson 1: Early buy-in.", "    o   The ministry's staff attended.",
                          "o    bien    el    proyecto    fue", "o   3 per cent", "Tabla   o   12"]) == [
        "\uf0b7 Lesson 1: Early buy-in.", "    ◦ The ministry's staff attended.", "o    bien    el    proyecto    fue",
        "o   3 per cent", "Tabla   o   12"]


def test_a_value_set_left_beside_a_long_label_joins_its_column():
    from reportgen.importer.plain_text import two_columns_aligned
    lines = ["GP Element                               Text",
             "Brief summary of the good practice       Mobile workshops in containers let",
             "(link to project goal or specific        rural colleges run the practical",
             "deliverable, background, purpose,   modules from the first year.",
             "etc.)",
             "Potential for replication and by    Any TVET project with rural",
             "", "A paragraph of prose,  with a double space,  stays as it is."]
    out = two_columns_aligned(lines)
    assert [line.index(word) for line, word in zip(out[1:6], ["Mobile", "rural", "modules", "etc", "Any"])] == \
        [41, 41, 41, 0, 41]
    assert out[7] == lines[7]


def test_a_template_row_goes_on_over_a_bracketed_label_line():
    from reportgen.importer.readers import read_source
    from pathlib import Path
    import tempfile
    text = ("1. Findings\n\nThe project was relevant to the needs of the partners in the region.\n\n"
            "Annex 3. Emerging good practice\n"
            "GP Element                               Text\n"
            "Brief summary of the good practice       Mobile workshops in containers let\n"
            "(link to project goal or specific        rural colleges run the practical\n"
            "deliverable, background, purpose,   modules from the first year.\n"
            "etc.)\n"
            "Potential for replication and by    Any TVET project with rural\n"
            "whom                                colleges.\n")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.txt"
        path.write_text(text, encoding="utf-8")
        rows = [line.split("\t") for line in read_source(path).lines if "\t" in line]
    assert [row[0].split()[0] for row in rows] == ["GP", "Brief", "Potential"]
    assert rows[1][1] == "Mobile workshops in containers let rural colleges run the practical modules from the first year."


def test_a_numbered_heading_set_on_two_lines_is_one_heading():
    marked = mark_headings(["4. Recommendations", "4.1 Recommendations for the ILO", "1. Equip the provinces. The",
                            "project should fund them.", "", "4.2 Recommendations for the Department of Higher",
                            "Education", "1. Budget the modules. The department should.", "",
                            "5. Lessons learned", "Table 3", "", "The text."])
    assert "## 4.2 Recommendations for the Department of Higher Education" in marked
    assert "Education" not in [line.strip() for line in marked]


def test_a_findings_line_ending_a_sentence_at_the_margin_does_not_cut_its_statement():
    """A line of a key finding that ends a sentence where the text wraps ("…judicatura." / "Finalmente, …":
    the next word would not have fitted) is no statement's end; the paragraph is the finding's text."""
    finding = ("H{n}. At the level of the institutions, the police increased its proactive investigation and\n"
               "used special techniques. The same holds for the prosecution, whose case files were better argued.\n"
               "Finally, the judiciary shows a better reading of the law.")
    unparted = "\n".join([WRAPPED, "and the six vocational centres."] * 6)   # most paragraphs: no blank line
    text = unparted + "\n\n" + "\n\n".join(finding.format(n=n) for n in range(1, 4)) + "\n\n" + unparted
    paragraphs = _paragraphs(text)
    findings = [p for p in paragraphs if p.startswith("H")]
    assert len(findings) == 3 and all(p.endswith("a better reading of the law.") for p in findings)


def test_a_header_row_printed_again_after_a_label_cell_alone_at_the_page_foot_is_left_out():
    """LibreOffice's PDF of an ILO template: no blank line between rows; the page ends on a label cell's
    lines with nothing beside them, and the next page prints the header row again (Word's "repeat
    header row"). The header's second print is left out; the label's row goes on."""
    text = ("Text before the template, as wide as any line of the report is.\n\n"
            "LL ELEMENT                      LL1. Employers involved from the start\n"
            "LESSON LEARNED\n"
            "Brief description of the        Training matched to local employers' needs placed more\n"
            "lesson learned                  trainees in jobs.\n"
            "Context and any related         Works where employers can name the skills they lack.\n"
            "preconditions\n"
            "ILO Administrative Issues\n(staff, resources, design,\nimplementation)\n"
            "\fLL ELEMENT                      LL1. Employers involved from the start\n"
            "LESSON LEARNED\n"
            "Other relevant comments         None.\n\nAfter the table.")
    rows = [line for line in layout_tables(text.split("\n")) if "\t" in line]
    assert sum("LL1. Employers" in row for row in rows) == 1
    assert rows[-1] == "Other relevant comments\tNone."
    assert sum("LESSON LEARNED" in row for row in rows) == 1 and "ILO Administrative Issues" in rows[-2]


def test_a_statement_ends_where_the_next_word_would_have_fitted_or_a_caption_follows():
    unparted = "\n".join([WRAPPED, "and the six vocational centres."] * 6)
    text = (unparted + "\n\nFinding 3: The project worked well with the UN Joint Programme on the blue\n"
            "economy but not with the apprenticeship scheme.\nTwo parallel models coexisted in Mombasa.\n\n"
            "Finding 4: Training targets were exceeded by five per cent in both of the countries.\n"
            "Table 1. Outcome indicators\n\n" + unparted)
    paragraphs = _paragraphs(text)
    assert "Finding 3: The project worked well with the UN Joint Programme on the blue economy but not with the " \
           "apprenticeship scheme." in paragraphs
    assert "Two parallel models coexisted in Mombasa." in paragraphs
    assert "Finding 4: Training targets were exceeded by five per cent in both of the countries." in paragraphs


MIDTERM = """Text before the table, as wide as the lines of the report's paragraphs are.

Recommendations                           Action taken by the project
R1. Review the vertical logic of the      The theory of change was strengthened, solving
framework, to show its contribution to    some of the inconsistencies found and defining
the higher levels of the project          the assumptions, which go further as they take a
Review the logical links between          wider view of every level of the intervention.
outputs, immediate and intermediate       This recommendation was not in line with the
results and the assumptions at every      needs of the donor, which required the
Build the sequence of assumptions.        project to follow its own model of the three Ps.
R2. Set up a results monitoring           The project began to measure its outcome
system with SMART indicators.             indicators every year.

Text after the table, as wide as the lines of the report's paragraphs are."""


def test_a_cells_paragraphs_beside_the_next_cells_lines_stay_in_their_row():
    """A two-column table in columns of spaces whose first cell holds sub-items (each opening in capitals)
    beside the second cell's running text: a cell going on from a word that cannot end a line ("take
    a" / "wider view"), or a first cell going on in lower case from a line that filled its column
    beside a new sentence, is the same row."""
    rows = [line.split("\t") for line in layout_tables(MIDTERM.split("\n")) if "\t" in line]
    assert [row[0][:20] for row in rows] == ["Recommendations", "R1. Review the verti", "R2. Set up a results"]
    assert rows[1][1].endswith("its own model of the three Ps.") and "Build the sequence" in rows[1][0]


def test_short_labels_in_lower_case_are_rows_of_their_own():
    text = ("Text before the table, as wide as the lines of the report's paragraphs are.\n\n"
            "Group                   Participants\nWomen                   Took part in the training.\n"
            "men                     Took part in the visits.\nyoung people            Took part in both.\n\n"
            "Text after the table, as wide as the lines of the report's paragraphs are.")
    rows = [line.split("\t")[0] for line in layout_tables(text.split("\n")) if "\t" in line]
    assert rows == ["Group", "Women", "men", "young people"]


def test_a_note_the_pages_end_cut_goes_on_above_the_next_pages_notes():
    """Note 36 runs on at the foot of the next page, above that page's own note 37: its rest (in lower
    case, apart from the page's text by a blank line) is joined to it, not left in the running text."""
    from reportgen.importer.plain_text import mark_footnotes
    page_one = ["The project spent its budget as planned, by output35 and by category36.", "", "35",
                "   The budget tables of the ILO.", "36", "   The categories of the budget do not match the outputs, so it is"]
    page_two = ["\fThe team found the management of the funds sound37.", "", "",
                "difficult to match them one by one.", "37", "   Interviews with the donor."]
    marked = mark_footnotes(page_one + page_two)
    assert len(marked) == len(page_one + page_two)
    assert marked[5].endswith("so it is difficult to match them one by one.")
    assert marked[9] == "" and marked[10].startswith("[^37]:")  # (the rest's line left blank)


def test_a_note_cited_after_a_quotations_closing_quote_is_a_note():
    from reportgen.importer.plain_text import mark_footnotes
    page = ['The report quotes the court: "the victim is credible."96', "", "96",
            "   Second case study, p. 9.", "\fNext page."]
    assert mark_footnotes(page)[:3] == ['The report quotes the court: "the victim is credible."[^96]', "", "[^96]:"]


def test_a_note_printed_at_the_foot_of_the_page_after_the_one_citing_it_is_a_note():
    """The citing line ends a page, its note did not fit there and opens the next page's notes (as word
    processors place it). Capitals before the number are a word ("la AIT80"), not an ID, unless they
    open an item's label somewhere ("H48."); a decimal ("del 51,5 %") cites nothing."""
    from reportgen.importer.plain_text import mark_footnotes
    page_one = ["H48. The staff of the centres were trained in the approach centred on", "the victim and the AIT80 and in",
                "the model, as H48 shows; 51,5 % of them were women."]
    page_two = ["\fthe way they listen to the girls.", "", "80", "   The same training reached the prosecutors."]
    marked = mark_footnotes(page_one + page_two)
    assert marked[1] == "the victim and the AIT[^80] and in" and marked[2] == page_one[2]
    assert marked[5] == "[^80]:" and marked[6] == page_two[3]


def test_a_heading_whose_line_ends_on_a_word_that_cannot_end_it_goes_on_whole_over_its_answers_line():
    marked = mark_headings(["3. Findings", "", "3.1 Capacities raised by the project", "Answers: EQ13.1", "",
                            "The text.", "", "3.2 Effects on the detection, the investigation and the",
                            "prosecution of the cases of trafficking and the protection of victims",
                            "Answers: EQ13.2", "", "The text.", "", "4. Conclusions", "", "The text."])
    assert "## 3.2 Effects on the detection, the investigation and the prosecution of the cases of trafficking " \
           "and the protection of victims" in marked
    assert "Answers: EQ13.2" in marked and "prosecution" not in " ".join(m for m in marked if not m.startswith("#"))


def test_cover_sheet_lines_that_reach_the_margin_stay_one_field_each():
    """A PDF's cover block of "Label: value" lines, some as wide as the text: the next label starts a field."""
    cover = ["Oficina administrativa: OIT Oficina de Países para los Países Andinos de Lima y",
             "Donante y presupuesto: Canadá, USD 2 400 000 en cuatro años de ejecución del proy",
             "Nombre del consultor: Rosa Huamán Pérez"]
    paragraphs = _paragraphs(WRAPPED + ".\n\n" + "\n".join(cover))
    assert paragraphs[-3:] == cover


def test_the_bibliography_after_the_last_numbered_chapter_ends_it():
    """"BIBLIOGRAPHY" right under the last good practice: the good practices end there (else the
    references would be read as practices); the annexes stay under "ANNEXES"."""
    text = ("EXECUTIVE SUMMARY\nThe project did well.\n\n1. INTRODUCTION\nText.\n\n2. FINDINGS\nText.\n\n"
            "3. EMERGING GOOD PRACTICES\n  27. Emerging good practice 1 - Help desks: Help desks at border\n"
            "      crossings informed migrants of their rights.\nBIBLIOGRAPHY\nILO (2019). Fair recruitment.\n\n"
            "ANNEXES\nAnnex 1. Evaluation matrix\nText.")
    assert _marked(text) == {"EXECUTIVE SUMMARY": "##", "1. INTRODUCTION": "#", "2. FINDINGS": "#",
                             "3. EMERGING GOOD PRACTICES": "#", "BIBLIOGRAPHY": "#", "ANNEXES": "##",
                             "Annex 1. Evaluation matrix": "###"}


def test_numbers_grouped_by_a_space_and_numbers_a_word_names_cite_no_notes():
    """A table's cells written one under the other at the page's foot ("2 800", "3 100": thousands
    grouped by a space, as French and Spanish write them) are no notes 2 and 3; "Hallazgo 2." and
    "la meta de 2 800" cite nothing, even where the page has a note 2."""
    from reportgen.importer.plain_text import mark_footnotes
    page = ["Hallazgo 2. El diseño no previó las barreras.", "Hallazgo 3. Se formó a 3 100 jóvenes, por encima de",
            "la meta de 2 800.", "Jóvenes formados", "", "2 800", "1 500", "", "3 100", "1 240", "\fNext page."]
    assert mark_footnotes(page) == page
    noted = ["Hallazgo 2. El diseño no previó las barreras de las mujeres2.", "", "2",
             "   Entrevistas con las gerencias regionales.", "\fNext page."]
    assert mark_footnotes(noted)[:3] == ["Hallazgo 2. El diseño no previó las barreras de las mujeres[^2].", "", "[^2]:"]


def test_a_cells_hyphen_at_a_lines_end_is_kept_for_a_compound_and_dropped_for_a_broken_word():
    """"cause-" / "effect" in a narrow cell is a compound when the text uses "effect" on its own;
    "evalua-" / "tion" is one word the line broke."""
    text = ("Field                Value\n"
            "Establish a clear    The effect of the desks on the\n"
            "cause-               choice of agencies was direct,\n"
            "effect relationship  as the evalua-\n"
            "                     tion found.\n\nAfter the table.")
    rows = [line for line in layout_tables(text.split("\n")) if "\t" in line]
    assert rows[-1] == ("Establish a clear cause-effect relationship\tThe effect of the desks on the choice of agencies "
                        "was direct, as the evaluation found.")


def test_a_run_in_head_and_a_numbered_paragraphs_wrapped_line_are_no_headings():
    """"Background. The two projects…" opens a paragraph of the summary; "10. Bipartite committees …
    mid-term" goes on in lower case on the next line; "12. … project and" ends on a word no title ends on."""
    text = ("Executive summary\nBackground. The two projects support safer and fairer work in the\n"
            "garment and electronics supply chains of three countries.\n\n"
            "III. FINDINGS\nC. Effectiveness\n 10. Bipartite committees now operate in 62 factories, against a mid-term\n"
            "     target of 50.\n 12. Finding 5. Delivery rates are 71 per cent for the garment project and\n"
            "     43 per cent for the electronics project.\n\nIV. CONCLUSIONS\nThe cluster responds to demands.")
    assert _marked(text) == {"Executive summary": "#", "III. FINDINGS": "#", "C. Effectiveness": "##",
                             "IV. CONCLUSIONS": "#"}


@pytest.mark.parametrize("heading", ["II. PURPOSE, SCOPE AND METHODOLOGY", "II. EVALUATION PURPOSE AND SCOPE",
                                     "Objetivos y alcance de la evaluación", "Objet et portée de l'évaluation"])
def test_the_purpose_and_scope_chapter_is_a_chapter_that_ends_the_one_before(heading):
    text = f"I. INTRODUCTION\nThe report presents the evaluation.\n\n{heading}\nThe evaluation covers two projects.\n"
    assert heading in _marked(text)


def test_a_header_whose_narrow_columns_cut_their_labels_is_one_row():
    """"N" / "o.", "Priorit" / "y", "Resource" set higher than the rest of the header: one header row."""
    lines = ["The project teams of the two projects plan apart, with the same donor and the same ILO.", "",
             "                                                      Resource",
             "N                             Addresse     Priorit    implicatio",
             "o.     Recommendation         d to         y          ns",
             "1      Plan and deliver       Project      High       None",
             "       training jointly.      teams",
             "2      Request an extension   ILO, donor   High       Low",
             "       of twelve months."]
    rows = [line.split("\t") for line in layout_tables(lines) if "\t" in line]
    assert rows == [["No.", "Recommendation", "Addressed to", "Priority", "Resource implications"],
                    ["1", "Plan and deliver training jointly.", "Project teams", "High", "None"],
                    ["2", "Request an extension of twelve months.", "ILO, donor", "High", "Low"]]


def test_a_number_after_a_labels_words_cites_no_note():
    page = ["Question d'évaluation 1 : Dans quelle mesure le projet répond-il aux besoins ?",
            "Constat clé 1 : Le projet répond aux priorités.", "La politique d'évaluation de l'OIT 1.", "",
            "1", " BIT, Politique d'évaluation, 2017.", "\fNext page."]
    marked = mark_footnotes(page)
    assert marked[:3] == [page[0], page[1], "La politique d'évaluation de l'OIT[^1]."] and marked[4] == "[^1]:"


def test_notes_at_the_foot_of_a_page_a_table_runs_over_go_below_the_tables_rest():
    from reportgen.importer.plain_text import notes_after_tables
    text = ("Critère                  Notation                 Justification\n"
            "Pertinence               Très satisfaisant        Alignement sur les\n"
            "[^2]:\n Onze des quatorze comités cotisent.\n"
            "\fCritère                  Notation                  Justification\n"
            "                                                   plans nationaux\n"
            "Efficacité               Satisfaisant              Dialogue social\n\n\nAfter.")
    moved = notes_after_tables(text.split("\n"))
    assert len(moved) == len(text.split("\n"))
    assert moved[:6] == text.split("\n")[:2] + text.split("\n")[4:7] + [""]
    assert moved[6:] == ["[^2]:", " Onze des quatorze comités cotisent.", "", "After."]
    rows = [line for line in layout_tables(moved) if "\t" in line]
    assert rows == ["Critère\tNotation\tJustification", "Pertinence\tTrès satisfaisant\tAlignement sur les plans nationaux",
                    "Efficacité\tSatisfaisant\tDialogue social"]
    # An indented list running over the page is no table: its page's notes stay where they are.
    listed = ["     de la Comisión, aunque la puesta en", "[^11]: Los outputs comparten el mismo código.",
              "\f     marcha del Plan resulta débil.", "    También existen ejemplos.", "", "", "Existen otros problemas."]
    assert notes_after_tables(listed) == listed


def test_a_first_cell_run_into_the_next_column_is_parted_where_a_row_near_it_has_that_columns_cell():
    """pdftotext leaves one space where a first cell's text fills its column ("Comités de plage 6"); the
    rows near it, past the cell's wrapped words ("actifs"), show where the next column starts."""
    text = ("Indicateur         Cible 2025          Réalisé           Taux\n"
            "Comités de plage 6                     14                233 %\nactifs\n"
            "Inspections en   120                   9                 8%\nmer\n"
            "Transformatrices 2 000                 640               32 %\naffiliées à la\nsécurité sociale\n\nAfter.")
    rows = [line for line in layout_tables(text.split("\n")) if "\t" in line]
    assert rows == ["Indicateur\tCible 2025\tRéalisé\tTaux", "Comités de plage actifs\t6\t14\t233 %",
                    "Inspections en mer\t120\t9\t8%", "Transformatrices affiliées à la sécurité sociale\t2 000\t640\t32 %"]


def test_a_hyphen_at_a_lines_end_stays_where_no_line_end_of_the_text_cuts_a_word():
    from reportgen.importer.plain_text import hyphens_kept
    lines = [*WRAPPED.split("\n"), "Les besoins ont été sous-", "estimés lors de la conception du projet."]
    assert hyphens_kept(lines)[-2:] == ["Les besoins ont été sous-estimés", "lors de la conception du projet."]
    cutting = [*lines, "The evalua-", "tion was useful: the evaluation team said so."]
    assert hyphens_kept(cutting) == cutting  # (the text cuts "evaluation", written whole elsewhere: joined later)


def test_a_lists_markers_written_apart_go_back_to_their_items():
    """pdftotext without -layout writes a numbered list's markers one a line, then the items' lines."""
    lines = ["Conclusiones", "1.", "2.", "", "Pertinencia. El proyecto fue pertinente, pero su diseño",
             "dejó fuera a las migrantes.", "Eficacia. La certificación superó la meta.", "", "Después."]
    assert list_markers_rejoined(lines) == ["Conclusiones", "", "", "", "1. Pertinencia. El proyecto fue pertinente, "
                                            "pero su diseño", "dejó fuera a las migrantes.",
                                            "2. Eficacia. La certificación superó la meta.", "", "Después."]
    three_items = [*lines[:3], "3.", *lines[3:]]  # (three markers, two items: left as it is)
    assert list_markers_rejoined(three_items) == three_items
