"""importer/tables.py: Markdown tables in imported texts become typed `tables` items, embedded in place."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reportgen.importer.blocks import Block
from reportgen.importer.tables import TableItems, parse_number, pipe_rows, typed
from reportgen.importer.text import table_markdown

SPANISH = """El presupuesto se distribuyó así:

**Tabla 3. Ampliaciones presupuestarias**

| **Etapa** | **Duración** | **Monto (USD)** | **Ejecución** |
|---|---|---|---|
| Reformulación | 39 meses | 4.000.000 | 92,5 % |
| 1ª extensión | 51 meses | 1.700.000,50 | 88 % |
| **TOTAL** |  | 5.700.000,50 |  |

Fuente: informes trimestrales.

Como muestra la tabla, …"""


def test_a_captioned_table_with_its_source_becomes_a_typed_item_in_its_place():
    tables = TableItems("es")
    text = tables.extract(SPANISH)
    assert text == "El presupuesto se distribuyó así:\n\n[[table:T3]]\n\nComo muestra la tabla, …"
    [item] = tables.items
    assert (item["id"], item["title"], item["caption"], item["source"]) == (
        "T3", {"es": "Ampliaciones presupuestarias"}, {"es": "Tabla 3. Ampliaciones presupuestarias"},
        {"es": "informes trimestrales."})
    columns = {c["id"]: c for c in item["columns"]}
    assert [c["label"]["es"] for c in item["columns"]] == ["Etapa", "Duración", "Monto (USD)", "Ejecución"]
    assert columns["duracion"].get("type") is None                                  # "39 meses" is text
    assert (columns["monto-usd"]["type"], columns["monto-usd"]["decimals"]) == ("number", 2)
    assert (columns["ejecucion"]["type"], columns["ejecucion"]["unit"]) == ("number", "%")
    first, _, total = item["rows"]
    assert first["cells"] == {"etapa": {"es": "Reformulación"}, "duracion": {"es": "39 meses"},
                              "monto-usd": 4_000_000, "ejecucion": 92.5}
    assert (total["kind"], total["label"], total["cells"]) == ("total", {"es": "TOTAL"}, {"monto-usd": 5_700_000.5})


def test_numbers_are_read_the_way_the_report_writes_them():
    assert parse_number("1.234,5", "es") == (1234.5, 1, "")
    assert parse_number("1 234,5", "fr") == (1234.5, 1, "")
    assert parse_number("1,234.5", "en") == (1234.5, 1, "")
    assert parse_number("54 %", "en") == (54, 0, "%")
    assert parse_number("−3", "es") == (-3, 0, "")
    assert parse_number("1,234.5", "es") is None and parse_number("2018-05", "en") is None
    assert parse_number("R1", "en") is None and parse_number("", "en") is None


def test_an_uncaptioned_table_is_named_by_its_columns_and_never_takes_a_captions_id():
    tables = TableItems("en")
    table = "| Name | Role |\n|---|---|\n| Ana | Chair |"
    text = tables.extract(f"{table}\n\nTable 1. People met\n\n{table}")
    assert text == "[[table:table-1]]\n\n[[table:T1]]"
    assert [(i["id"], i["title"]["en"]) for i in tables.items] == [("table-1", "Name · Role"), ("T1", "People met")]


def test_the_tables_of_an_internal_text_are_internal():
    tables = TableItems("en")
    tables.extract("| Name | Role |\n|---|---|\n| Ana | Chair |", internal=True)
    assert tables.items[0]["visibility"] == "internal"


def test_text_that_is_not_a_table_is_left_alone():
    tables = TableItems("en")
    text = "A | B\n\n| only a header |\n|---|\n\nTable 2. A caption with no table"
    assert tables.extract(text) == text and tables.items == []


def test_a_table_without_a_caption_is_named_by_the_heading_above_it():
    tables = TableItems("en")
    text = tables.extract("### Ministry of Labour\n\n| Name | Role |\n|---|---|\n| Ana | Chair |")
    assert text == "### Ministry of Labour\n\n[[table:table-1]]"
    assert tables.items[0]["title"] == {"en": "Ministry of Labour"}


def test_an_annexs_one_unnamed_table_takes_the_annexs_title_and_two_keep_their_columns():
    one = TableItems("en")
    one.extract("Figures as reported.\n\n| Indicator | Target |\n|---|---|\n| 1.1 | 20 |", title="Indicators")
    assert one.items[0]["title"] == {"en": "Indicators"}
    two = TableItems("en")
    two.extract("| Name | Role |\n|---|---|\n| Ana | Chair |\n\n| Site | Visits |\n|---|---|\n| Lima | 3 |",
                title="People and places")
    assert [i["title"]["en"] for i in two.items] == ["Name · Role", "Site · Visits"]


def test_a_table_printed_again_is_the_same_item():
    tables = TableItems("es")
    first = tables.extract(SPANISH)
    again = tables.extract("### Anexo 4\n\n" + SPANISH.split("\n\n", 1)[1])
    assert "[[table:T3]]" in first and "[[table:T3]]" in again and len(tables.items) == 1


def test_a_charts_data_under_its_caption_becomes_a_chart_over_its_table():
    tables = TableItems("es")
    text = tables.extract("Texto.\n\nGráfico 1. Distribución del presupuesto\n\nDatos del gráfico\n\n"
                          "| Componente | Porcentaje |\n|---|---|\n| Protección | 54,83 % |\n| Persecución | 34,6 % |"
                          "\n\nFuente: equipo del proyecto\n\nMás texto.")
    assert text == "Texto.\n\n[[chart:chart-1]]\n\nMás texto."
    [table], [chart] = tables.items, tables.charts
    assert table["title"] == {"es": "Distribución del presupuesto"} and "caption" not in table
    assert table["source"] == {"es": "equipo del proyecto"}
    assert (chart["table"], chart["label_column"], chart["value_columns"]) == (table["id"], "componente", ["porcentaje"])
    assert chart["caption"] == {"es": "Gráfico 1. Distribución del presupuesto"} and chart["import_note"]
    # the same chart printed again under an annex heading is the same chart
    again = tables.extract("### Distribución del presupuesto\n\nDatos del gráfico\n\n"
                           "| Componente | Porcentaje |\n|---|---|\n| Protección | 54,83 % |\n| Persecución | 34,6 % |"
                           "\n\nFuente: equipo del proyecto")
    assert again == "### Distribución del presupuesto\n\n[[chart:chart-1]]" and len(tables.charts) == 1


def test_a_charts_data_without_numbers_stays_a_table_with_its_lines():
    tables = TableItems("en")
    text = tables.extract("Figure 2. Actors\n\nChart data\n\n| Actor | Role |\n|---|---|\n| ILO | lead |")
    assert text == "Figure 2. Actors\n\nChart data\n\n[[table:table-1]]" and tables.charts == []


cell = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\n\r"),
               max_size=20).map(lambda t: " ".join(t.split())).filter(lambda t: not t.startswith(("*", "_", "•", "▪", "◦")))


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 5).flatmap(lambda width: st.lists(st.lists(cell, min_size=width, max_size=width),
                                                        min_size=2, max_size=6)))
def test_every_cell_of_a_table_the_readers_write_comes_back(rows):
    rows[0] = [h or f"h{i}" for i, h in enumerate(rows[0])]
    markdown = table_markdown(Block("table", "", 1, rows=rows))
    assert pipe_rows(markdown) == [[c.strip() for c in row] for row in rows]
    item = typed(pipe_rows(markdown), "en")
    labels = {g["id"]: g["label"]["en"] for g in item.get("groups", [])}
    printed, group = [], None  # the rows as the table prints them: a group's heading row before its first
    for written in item["rows"]:
        if written.get("group") != group:
            group = written.get("group")
            printed.append({"cells": {item["columns"][0]["id"]: {"en": labels[group]}}})
        printed.append(written)
    assert len(printed) == len(rows) - 1
    for row, written in zip(rows[1:], printed):
        values = {**written["cells"]}
        if written.get("kind"):  # a total row: its first cell is its label
            values[item["columns"][0]["id"]] = written["label"]
        for column, value in zip(item["columns"], row):
            got = values.get(column["id"])
            if column.get("type") == "number":
                assert (got is None) == (not value.strip()) and (got is None or parse_number(value, "en")[0] == got)
            else:
                assert (got or {}).get("en", "") == value.strip()


def test_a_row_with_only_its_first_cell_heads_the_rows_under_it():
    tables = TableItems("en")
    tables.extract("| Indicator | Baseline | Target |\n|---|---|---|\n| Outcome 1: Capacities | | |\n"
                   "| 1.1 Cases | 0 | 50 |\n| 1.2 Courts | 2 | 10 |\n| Outcome 2: Services | | |\n| 2.1 Shelters | 1 | 4 |")
    [item] = tables.items
    assert item["groups"] == [{"id": "table-1-G1", "label": {"en": "Outcome 1: Capacities"}},
                              {"id": "table-1-G2", "label": {"en": "Outcome 2: Services"}}]
    assert [(r["cells"]["indicator"]["en"], r["group"]) for r in item["rows"]] == [
        ("1.1 Cases", "table-1-G1"), ("1.2 Courts", "table-1-G1"), ("2.1 Shelters", "table-1-G2")]
    # a row missing its values is no heading when nothing follows it, or when rows come before the first
    for body in ("| 1.1 Cases | 0 | 50 |\n| 1.2 Courts | | |", "| 1.1 Cases | 0 | 50 |\n| 1.2 Courts | | |\n| 1.3 | 1 | 2 |"):
        plain = TableItems("en")
        plain.extract("| Indicator | Baseline | Target |\n|---|---|---|\n" + body)
        assert "groups" not in plain.items[0] and len(plain.items[0]["rows"]) == body.count("\n") + 1


def test_a_column_mixing_percentages_and_counts_stays_text_so_no_unit_is_lost():
    tables = TableItems("en")
    tables.extract("| Indicator | Target |\n|---|---|\n| Share of cases | 50% |\n| Systems | 1 |")
    column = tables.items[0]["columns"][1]
    assert column.get("type") is None and tables.items[0]["rows"][0]["cells"]["target"] == {"en": "50%"}


def test_a_cells_list_and_paragraphs_come_back_as_lines():
    tables = TableItems("en")
    tables.extract("| Stage | Elements |\n|---|---|\n| Phase 2 | - Technical **assistance**<br>- New targets |\n"
                   "| Phase 3 | • Typed bullet<br>• Another |\n| Phase 4 | First paragraph.<br>Second one. |")
    cells = [r["cells"]["elements"]["en"] for r in tables.items[0]["rows"]]
    assert cells == ["- Technical **assistance**\n- New targets", "- Typed bullet\n- Another",
                     "First paragraph.\n\nSecond one."]


def test_caption_under_the_table_names_it():
    items = TableItems("en")
    text = items.extract("Intro.\n\n| Indicator | Target |\n|---|---|\n| Trained | 2,000 |\n\n"
                         "Table 1. Outcome indicators\n\nAfter.")
    assert text == "Intro.\n\n[[table:T1]]\n\nAfter."
    assert items.items[0]["title"] == {"en": "Outcome indicators"}


def test_caption_above_the_next_table_is_not_taken_by_the_one_before():
    items = TableItems("en")
    text = items.extract("| A | B |\n|---|---|\n| x | 1 |\n\nTable 2. Second\n\n| C | D |\n|---|---|\n| y | 2 |")
    assert text == "[[table:table-1]]\n\n[[table:T2]]"
    assert items.items[1]["title"] == {"en": "Second"}


def test_a_delimiter_row_of_one_hyphen_a_cell_makes_a_pipe_table():
    assert pipe_rows("| No. | Recommendation |\n|-|:--:|\n| 1 | Plan jointly. |") == [["No.", "Recommendation"],
                                                                                 ["1", "Plan jointly."]]
    assert pipe_rows("| No. | Recommendation |\n| 1 | Plan jointly. |\n| 2 | Extend. |") is None
