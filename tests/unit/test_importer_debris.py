"""Debris repair: converter output -> clean blocks."""

import pytest

from reportgen.importer.blocks import Block
from reportgen.importer.debris import clean, inline, opens_item


def _blocks(text: str):
    return clean(text.split("\n")).blocks


def test_inline_html_becomes_markdown():
    assert inline("<b>Destinatario</b> y <i>outcomes</i><sup>12</sup>") == "**Destinatario** y *outcomes*[^12]"
    assert inline("( <i>outcomes</i> ) y <b>resultados</b> .") == "(*outcomes*) y **resultados**."
    assert inline("<p>uno</p> <p>dos</p>") == "uno\n\ndos"
    assert inline("A &amp; B") == "A & B"


def test_paragraph_split_by_page_break_is_joined_around_footnotes():
    text = ("Así, se pudieron ajustar los programas según\n\n<sup>12</sup> Nota al pie.\n\n"
            "7\n\nlos requerimientos expresados por la Fiscalía.")
    cleaned = clean(text.split("\n"))
    kinds = [(b.kind, b.text) for b in cleaned.blocks]
    assert kinds == [("para", "Así, se pudieron ajustar los programas según los requerimientos expresados por la Fiscalía."),
                     ("footnote", "Nota al pie.")]
    assert cleaned.removed["page numbers"] == 1 and cleaned.joined == [7]


def test_finished_paragraph_and_list_are_not_joined():
    blocks = _blocks("Una frase completa.\n\nla siguiente empieza en minúscula.\n\n1. Punto uno\n\nsigue aparte.")
    assert [b.text for b in blocks] == ["Una frase completa.", "la siguiente empieza en minúscula.",
                                        "1. Punto uno", "sigue aparte."]


def test_tables_tab_pipe_and_html():
    tab = _blocks("<b>Destinatario</b>\tOIT, MIMP\n<b>Nivel de prioridad</b>\tAlta")[0]
    assert tab.kind == "table" and tab.rows == [["**Destinatario**", "OIT, MIMP"], ["**Nivel de prioridad**", "Alta"]]
    pipe = _blocks("| a | b |\n|---|---|\n| 1 | 2 |")[0]
    assert pipe.rows == [["a", "b"], ["1", "2"]]
    html = _blocks("<table><tr><td><p><b>Label</b></p></td><td><p>uno</p><p>dos</p></td></tr></table>")[0]
    assert html.rows == [["**Label**", "uno\n\ndos"]]


def test_running_headers_toc_and_headings():
    header = "Informe final – Proyecto X"
    text = "\n\n".join([f"Párrafo {i} con texto propio." if i % 2 else header for i in range(10)])
    text += "\n\nResumen Ejecutivo .....\t7\n\n## ► **Conclusiones**"
    cleaned = clean(text.split("\n"))
    assert header not in [b.text for b in cleaned.blocks]
    assert cleaned.removed["running headers/footers"] == 5
    assert cleaned.removed["table-of-contents lines"] == 1
    assert cleaned.blocks[-1].kind == "heading" and cleaned.blocks[-1].text == "Conclusiones"


def test_title_lines_promoted_only_on_request():
    from reportgen.importer.debris import promote_headings

    blocks = _blocks("**CONCLUSIONS**\n\nThe project is relevant.\n\nRECOMMENDATIONS\n\n**A bold sentence that ends.**")
    assert [b.kind for b in blocks] == ["para", "para", "para", "para"]
    promoted = promote_headings(blocks)
    assert [(b.kind, b.text) for b in promoted] == [
        ("heading", "CONCLUSIONS"), ("para", "The project is relevant."), ("heading", "RECOMMENDATIONS"),
        ("para", "**A bold sentence that ends.**")]


# --- nothing damaged: each defect from a minimal text -------------------------------------------

def test_bold_after_punctuation_survives_an_ampersand():
    text = "1. **Conclusion 1:** The M&E system was weak."
    assert inline(text) == text
    assert inline("**Nota:** a < b") == "**Nota:** a < b"


def test_emphasis_tags_that_are_empty_or_adjacent_leave_no_stray_marks():
    assert inline("uno <b> </b>dos <i></i>tres") == "uno  dos tres"
    assert inline("<i>outputs</i><i> y outcomes</i> & más") == "*outputs y outcomes* & más"


def test_autolink_in_a_footnote_is_kept():
    blocks = _blocks("Texto citado.[^3]\n\n[^3]: Véase <https://www.ilo.org/eval> & anexos.")
    assert (blocks[1].kind, blocks[1].text) == ("footnote", "Véase <https://www.ilo.org/eval> & anexos.")
    assert inline("<sup>4</sup> <https://a.org/x?b=1&c=2>") == "[^4] <https://a.org/x?b=1&c=2>"


def test_footnote_after_a_page_break_is_a_footnote():
    text = "El producto relacionado<sup>21</sup> se invierte\n12\n<sup>21</sup> Los outputs comparten el código."
    blocks = _blocks(text)
    assert [(b.kind, b.text) for b in blocks] == [
        ("para", "El producto relacionado[^21] se invierte"), ("footnote", "Los outputs comparten el código.")]
    assert blocks[1].number == "21"


def test_a_bold_line_numbered_below_a_heading_is_its_sub_heading():
    from reportgen.importer.blocks import Block
    from reportgen.importer.debris import promote_numbered_subheadings
    blocks = [Block("heading", "9.1 Relevance", 1, level=2), Block("para", "**9.1.1 Alignment with policies**", 3),
              Block("para", "Text.", 5), Block("para", "**9.2.1 Not under a 9.2 heading**", 7),
              Block("para", "**9.1.2 A sentence that ends with a period.**", 9), Block("para", "**3.5 million**", 11)]
    promoted, count = promote_numbered_subheadings(blocks)
    assert [(b.kind, b.level, b.text) for b in promoted if b.kind == "heading"] == [
        ("heading", 2, "9.1 Relevance"), ("heading", 3, "9.1.1 Alignment with policies")]
    assert count == 1


def test_a_list_in_a_cell_of_an_html_table_keeps_its_items_apart():
    from reportgen.importer.debris import html_table_rows
    from reportgen.importer.text import table_markdown

    rows = html_table_rows("<table><tr><th>A</th><th>B</th></tr><tr><td><ul><li>one thing</li><li>two "
                           "<b>things</b></li></ul></td><td><p>First.</p><p>Second.</p></td></tr></table>")
    assert rows == [["A", "B"], ["- one thing\n\n- two **things**", "First.\n\nSecond."]]
    assert table_markdown(Block("table", "", 1, rows=rows)).splitlines()[-1] == \
        "| - one thing<br>- two **things** | First.<br>Second. |"


def test_a_pipe_tables_delimiter_row_needs_one_hyphen_a_cell():
    """GFM and pandoc take "|--|-|" under the header (the hyphens only set the columns' widths)."""
    table = _blocks("| No. | Recommendation |\n|--|-|\n| 1 | Plan jointly. |")[0]
    assert table.rows == [["No.", "Recommendation"], ["1", "Plan jointly."]]
    dashes = _blocks("| Indicator | 2023 |\n|---|---|\n| Trained | - |\n| - | - |")[0]
    assert dashes.rows == [["Indicator", "2023"], ["Trained", "-"], ["-", "-"]]  # a body row of dashes stays


@pytest.mark.parametrize("line", ["9.   Finding 3. The garment project", "204. Recommendation 1: Plan", "Finding 2: X",
                                  "Conclusion 3 (durabilité) : L'autofinancement", "Conclusion 2 (Relevance). The"])
def test_an_items_label_opens_a_line_after_the_reports_paragraph_number(line):
    assert opens_item(line)
