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


cell = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\n\r"),
               max_size=20).map(lambda t: " ".join(t.split())).filter(lambda t: not t.startswith(("*", "_")))


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 5).flatmap(lambda width: st.lists(st.lists(cell, min_size=width, max_size=width),
                                                        min_size=2, max_size=6)))
def test_every_cell_of_a_table_the_readers_write_comes_back(rows):
    rows[0] = [h or f"h{i}" for i, h in enumerate(rows[0])]
    markdown = table_markdown(Block("table", "", 1, rows=rows))
    assert pipe_rows(markdown) == [[c.strip() for c in row] for row in rows]
    item = typed(pipe_rows(markdown), "en")
    for row, written in zip(rows[1:], item["rows"]):
        values = {**written["cells"]}
        if written.get("kind"):  # a total row: its first cell is its label
            values[item["columns"][0]["id"]] = written["label"]
        for column, value in zip(item["columns"], row):
            got = values.get(column["id"])
            if column.get("type") == "number":
                assert (got is None) == (not value.strip()) and (got is None or parse_number(value, "en")[0] == got)
            else:
                assert (got or {}).get("en", "") == value.strip()
