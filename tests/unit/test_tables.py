"""Tables as content: the model, its checks in the graph layer, numbers per locale, charts as SVG.

Each test writes a small content folder (an evaluation and one tables file), loads and checks it
the way `reportgen check` does, and looks at the problems or at the rendered table and chart.
"""

from __future__ import annotations

import re
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from reportgen.content.loader import load_content
from reportgen.content.tables import resolved_rows
from reportgen.errors import Report
from reportgen.graph import build_graph
from reportgen.render import charts
from reportgen.render.pages import PageContext, Templates
from reportgen.render.tables import format_number, table_view

SVG = "{http://www.w3.org/2000/svg}"

EVALUATION = """\
evaluation:
  title: {es: Evaluación, en: Evaluation}
  code: X/1
"""

BUDGET = """\
tables:
- id: budget
  title: {es: Presupuesto, en: Budget}
  caption: {es: "Tabla 1. Presupuesto (USD)", en: "Table 1. Budget (USD)"}
  source: {es: Informes financieros., en: Financial reports.}
  annex: true
  columns:
  - {id: item, label: {es: Partida, en: Item}}
  - {id: amount, label: {es: Monto, en: Amount}, type: number, unit: USD}
  - {id: share, label: {es: Peso, en: Share}, type: number, unit: "%"}
  - {id: pledged, label: {es: Comprometido, en: Pledged}, type: number, unit: USD}
  groups:
  - {id: G1, label: {es: 1. Protección, en: 1. Protection}}
  - {id: G2, label: {es: Prevención, en: Prevention}}
  rows:
  - {id: A, group: G1, cells: {item: {es: Albergues, en: Shelters}, amount: 1250000, share: 54.83, pledged: 100000}}
  - {id: B, group: G1, cells: {item: {es: Protocolos, en: Protocols}, amount: 310000.5, share: 34.6, pledged: 0}}
  - {kind: subtotal, group: G1, label: {es: Subtotal protección, en: Protection subtotal}}
  - {id: C, group: G2, cells: {item: Campañas, amount: 620000, share: 10.57}}
  - {kind: subtotal, group: G2, label: {es: Subtotal prevención, en: Prevention subtotal}, cells: {amount: 620000}}
  - {id: T, kind: total, label: {es: Total, en: Total}}
charts:
- id: budget-bars
  table: budget
  type: bar
  label_column: item
  value_columns: [share]
  title: {es: Peso de cada partida, en: Share of each item}
  reference: 50
  annex: true
- id: budget-pie
  table: budget
  type: pie
  label_column: item
  value_columns: [share]
  title: {es: Reparto del presupuesto, en: Budget split}
  caption: {es: "Gráfico 1. Reparto", en: "Chart 1. Split"}
  annex: true
- id: budget-stack
  table: budget
  type: stacked-bar
  label_column: item
  value_columns: [amount, pledged]
  title: {es: Montos, en: Amounts}
  annex: true
"""


def check(tmp_path: Path, tables: str):
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "evaluation.yaml").write_text(EVALUATION, encoding="utf-8")
    (folder / "tables.yaml").write_text(textwrap.dedent(tables), encoding="utf-8")
    report = Report()
    content = load_content(folder, report)
    graph = build_graph(content, report)
    return graph, [p.format() for p in report.problems]


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(textwrap.dedent(text).splitlines(), 1) if needle in line)


@pytest.fixture
def budget(tmp_path):
    graph, problems = check(tmp_path, BUDGET)
    assert problems == []
    return graph


# --- the model and its checks ----------------------------------------------------------

def test_rows_and_groups_are_anchors_of_their_table(budget):
    assert budget.nodes["budget"].kind == "table"
    assert {i: budget.nodes[i].kind for i in ("A", "B", "C", "T", "G1", "G2")} == {
        "A": "table_row", "B": "table_row", "C": "table_row", "T": "table_row",
        "G1": "table_group", "G2": "table_group"}
    assert budget.nodes["A"].parent is budget.nodes["budget"]
    assert set(budget.charts) == {"budget-bars", "budget-pie", "budget-stack"}


def test_subtotals_and_total_are_computed_when_left_out(budget):
    rows = resolved_rows(budget.nodes["budget"].model)
    by_label = {r.row.label.get("en") if r.row.label else r.row.id: r for r in rows}
    assert by_label["Protection subtotal"].cells["amount"] == 1560000.5
    assert by_label["Protection subtotal"].computed == {"amount", "share", "pledged"}
    assert by_label["Prevention subtotal"].cells["amount"] == 620000  # written: kept
    assert by_label["Prevention subtotal"].computed == {"share"}
    assert by_label["Total"].cells["amount"] == 2180000.5
    assert by_label["Total"].cells["share"] == 100.0  # 54.83 + 34.6 + 10.57, without float drift
    assert by_label["A"].computed == frozenset()


@pytest.mark.parametrize("old,new,needle,words", [
    ("amount: 1250000, share", "amout: 1250000, share", "amout: 1250000",
     ["table 'budget': unknown column 'amout'", "did you mean 'amount'?"]),
    ("amount: 1250000,", "amount: '1250000',", "amount: '1250000'",
     ["column 'amount' holds numbers, not the text '1250000'", "write a number"]),
    ("item: Campañas,", "item: 2024,", "item: 2024",
     ["column 'item' holds text, not the number 2024", "quote it to show it as written ('2024')"]),
    ("group: G2, cells: {item: Campañas", "group: G3, cells: {item: Campañas", "group: G3",
     ["table 'budget': no row group 'G3'", "groups: G1, G2"]),
    ("  - {kind: subtotal, group: G1, label: {es: Subtotal protección, en: Protection subtotal}}",
     "  - {kind: subtotal, group: G1}", "kind: subtotal, group: G1}", ["a subtotal row needs a 'label'"]),
    ("  table: budget\n  type: bar", "  table: budgets\n  type: bar", "table: budgets",
     ["chart 'budget-bars': no table 'budgets'", "did you mean 'budget'?"]),
    ("  label_column: item\n  value_columns: [share]\n  title: {es: Peso",
     "  label_column: itme\n  value_columns: [share]\n  title: {es: Peso", "label_column: itme",
     ["chart 'budget-bars': table 'budget' has no column 'itme'", "did you mean 'item'?"]),
    ("  value_columns: [share]\n  title: {es: Peso", "  value_columns: [item]\n  title: {es: Peso",
     "value_columns: [item]", ["column 'item' of 'budget' holds text, and a chart draws numbers",
                               "number columns: amount, share"]),
    ("  value_columns: [share]\n  title: {es: Reparto", "  value_columns: [share, amount]\n  title: {es: Reparto",
     "value_columns: [share, amount]", ["a pie chart draws one column"]),
    ("  value_columns: [amount, pledged]", "  value_columns: [amount, share]", "value_columns: [amount, share]",
     ["chart 'budget-stack': a stacked bar adds up its columns, but they have different units (%, USD)"]),
])
def test_bad_tables_are_reported_with_file_and_line(tmp_path, old, new, needle, words):
    assert BUDGET.count(old) == 1, old
    broken = BUDGET.replace(old, new)
    _, problems = check(tmp_path, broken)
    expected = f"content/tables.yaml:{line_of(broken, needle)}: error:"
    matching = [p for p in problems if p.startswith(expected) and all(w in p for w in words)]
    assert matching, (expected, words, problems)


def test_a_written_subtotal_that_does_not_add_up_is_a_warning(tmp_path):
    broken = BUDGET.replace("cells: {amount: 620000}}", "cells: {amount: 600000}}")
    _, problems = check(tmp_path, broken)
    assert problems == [f"content/tables.yaml:{line_of(broken, 'amount: 600000')}: warning: [budget] table "
                        "'budget': the subtotal of 'amount' is 600000, but its rows add up to 620000 "
                        "(correct the figure, or leave it out to have it computed)"]


def test_a_table_shown_nowhere_is_a_warning(tmp_path):
    quiet = BUDGET.split("charts:")[0].replace("  annex: true\n", "")
    _, problems = check(tmp_path, quiet)
    assert problems == ["content/tables.yaml:2: warning: [budget] table 'budget' is shown nowhere "
                        "(embed it in a narrative with a line [[table:budget]], or set 'annex: true')"]


# --- numbers in the page's locale ------------------------------------------------------------

@pytest.mark.parametrize("value,lang,unit,decimals,expected", [
    (54.83, "es", "%", None, "54,83\u00a0%"),
    (54.83, "en", "%", None, "54.83%"),
    (52.25, "es", "%", 1, "52,3\u00a0%"),
    (100, "en", "%", 1, "100.0%"),
    (7940000, "es", "USD", None, "USD\u00a07.940.000"),
    (7940000, "en", "USD", None, "USD\u00a07,940,000"),
    (1234.5, "en", None, 2, "1,234.50"),
    (1234.5, "es", None, None, "1.234,5"),
    (39, "en", "months", None, "39\u00a0months"),
])
def test_numbers_follow_the_page_locale(value, lang, unit, decimals, expected):
    assert format_number(value, lang, unit, decimals) == expected


def test_french_numbers():  # CLDR versions differ on the space before "%": either no-break space
    assert re.fullmatch("54,83[\u00a0\u202f]%", format_number(54.83, "fr", "%"))


# --- rendering ----------------------------------------------------------------------------------

def context(graph, lang: str, page: str = "annexes.md") -> PageContext:
    return PageContext(graph, Templates(), lang, page)


def budget_view(graph, lang: str, in_annex: bool = False):
    page = context(graph, lang)
    return table_view(graph.nodes["budget"].model, page.texts, page.markdown, home=True, in_annex=in_annex)


def test_table_view_has_groups_subtotals_and_locale_numbers(budget):
    view = budget_view(budget, "es")
    assert str(view.caption) == "Tabla 1. Presupuesto (USD)"
    assert [g.id for g in view.groups] == ["G1", "G2"]
    assert [[r.kind for r in g.rows] for g in view.groups] == [["row", "row", "subtotal"],
                                                              ["row", "subtotal", "total"]]
    subtotal = view.groups[0].rows[2]
    assert [str(c.html) for c in subtotal.cells] == ["<strong>Subtotal protección</strong>",
                                                     "USD\u00a01.560.000,5", "89,43\u00a0%", "USD\u00a0100.000"]
    assert view.numeric == [False, True, True, True]
    # On the annexes page its heading names the table: no caption there.
    assert budget_view(budget, "es", in_annex=True).caption is None


def svg_of(graph, chart_id: str, lang: str, in_annex: bool = False):
    chart = graph.charts[chart_id]
    html = charts.render_chart(chart, graph.nodes[chart.table].model, context(graph, lang).texts, f"chart-{chart_id}",
                               in_annex)
    svg = ET.fromstring(re.search(r"<svg.*</svg>", html).group(0))
    return html, svg


def texts(svg, css: str) -> list[str]:
    return [re.sub(r"[ \n]+", " ", "".join(t.itertext())).strip() for t in svg.iter(f"{SVG}text")
            if t.get("class") == css]


@pytest.mark.parametrize("lang,kind,values", [
    ("es", "Gráfico de barras horizontales", ["54,83\u00a0%", "34,6\u00a0%", "10,57\u00a0%"]),
    ("en", "Horizontal bar chart", ["54.83%", "34.6%", "10.57%"]),
])
def test_bar_chart_svg(budget, lang, kind, values):
    html, svg = svg_of(budget, "budget-bars", lang)
    labels = {"es": ["Albergues", "Protocolos", "Campañas"], "en": ["Shelters", "Protocols", "Campañas"]}[lang]
    assert svg.get("role") == "img"
    assert texts(svg, "rg-chart-label") == labels
    assert texts(svg, "rg-chart-value") == values
    # "1. Protección" keeps its number (read as a whole text, it would be a numbered list).
    assert texts(svg, "rg-chart-group") == (["1. Protección", "Prevención"] if lang == "es" else
                                            ["1. Protection", "Prevention"])
    bars = [float(r.get("width")) for r in svg.iter(f"{SVG}rect")]
    assert len(bars) == 3 and bars[0] / 54.83 == pytest.approx(bars[2] / 10.57, rel=0.01)
    description = svg.find(f"{SVG}desc").text
    assert description.startswith(kind + ". ")
    for label, value in zip(labels, values):  # every label and value, as drawn
        assert f"{label}: {value}" in description
    assert "…" not in html
    # The subtotals and the total are not drawn.
    assert "Subtotal" not in html and "Total" not in html
    # No caption on the annexes page; in a narrative the title is the caption when there is no caption.
    assert "<figcaption>" + ("Peso de cada partida" if lang == "es" else "Share of each item") in html
    assert "<figcaption>" not in svg_of(budget, "budget-bars", lang, in_annex=True)[0]


def test_pie_chart_svg_and_caption(budget):
    html, svg = svg_of(budget, "budget-pie", "es")
    assert len(list(svg.iter(f"{SVG}path"))) == 3
    assert texts(svg, "rg-chart-legend") == ["Albergues: 54,83\u00a0%", "Protocolos: 34,6\u00a0%",
                                             "Campañas: 10,57\u00a0%"]
    assert svg.find(f"{SVG}desc").text.startswith("Gráfico circular. ")
    assert "<figcaption>Gráfico 1. Reparto</figcaption>" in html
    assert svg.find(f"{SVG}title").text == "Reparto del presupuesto"
    # The source is the table's, said once after the catalog's label.
    assert html.count("Fuente:") == 1 and "Fuente: Informes financieros." in html


def test_stacked_bar_chart_svg(budget):
    _, svg = svg_of(budget, "budget-stack", "en")
    assert texts(svg, "rg-chart-legend") == ["Amount", "Pledged"]
    # Two legend swatches; two segments, one (a zero) and one (no value) for the three bars.
    assert len(list(svg.iter(f"{SVG}rect"))) == 2 + 2 + 1 + 1
    description = svg.find(f"{SVG}desc").text
    assert description.startswith("Stacked horizontal bar chart. ")
    assert "1. Protection: Shelters: Amount USD\u00a01,250,000, Pledged USD\u00a0100,000" in description
    assert texts(svg, "rg-chart-value")[0] == "USD\u00a01,350,000"  # the bar's total


def test_long_labels_wrap_whole_within_the_chart(tmp_path):
    long = "1.1.1.1 Percentage of recommendations implemented by the criminal justice system in the regions"
    graph, problems = check(tmp_path, BUDGET.replace("item: {es: Albergues, en: Shelters}",
                                                     f"item: {{es: Albergues, en: '{long}'}}"))
    assert problems == []
    _, svg = svg_of(graph, "budget-bars", "en")
    label = next(t for t in svg.iter(f"{SVG}text") if t.get("class") == "rg-chart-label")
    lines = [span.text.strip() for span in label]
    assert len(lines) > 1 and " ".join(lines) == long
    assert all(len(line) * charts.CHAR_WIDTH <= charts.WIDTH for line in lines)
    assert int(svg.get("viewBox").split()[2]) == charts.WIDTH and charts.FONT >= 12


def test_checking_imports_no_rendering():
    """The embed names come from the content: the graph layer does not import the renderer."""
    import subprocess
    import sys
    code = ("import sys, reportgen.graph, reportgen.graph_tables; "
            "print([m for m in sys.modules if m.startswith('reportgen.render')])")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
