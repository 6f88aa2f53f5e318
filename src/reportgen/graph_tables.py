"""Tables and charts in the graph: anchors, the embed names, and the checks a model cannot make alone.

A table is an item (`[[budget-extensions]]` links to it); its row and group IDs
are anchors registered as items too, so links such as `annexes/#IND-1.1.1.1`
and `[[EXT1]]` keep landing. Charts live in their own namespace: a text embeds
them with `[[chart:ID]]`. What a narrative may embed comes from the content
(`embed_names`), never from a fixed list in the rendering code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from .content import schema
from .content.loader import ContentSet, suggest
from .content.tables import Chart, Table, closed_rows, column_sum
from .errors import Report

if TYPE_CHECKING:  # graph imports this module
    from .graph import Graph, Node

TABLE_KINDS = ("table", "table_row", "table_group")
# A written subtotal or total may differ from the sum of its rows by rounding, not more.
SUM_TOLERANCE = 0.005


def register_tables(graph: Graph, register: Callable[[Graph, str, str, Any, Node, Report], object],
                    report: Report) -> None:
    """Rows and groups with an ID become anchors (items whose parent is their table)."""
    for table in graph.content.tables:
        node = graph.nodes.get(table.id)
        if node is None or node.model is not table:
            continue
        for group in table.groups:
            register(graph, group.id, "table_group", group, node, report)
        for row in table.rows:
            if row.id is not None:
                register(graph, row.id, "table_row", row, node, report)
    for chart in graph.content.charts:
        if chart.id in graph.charts:
            _error(graph.content, report, chart, None, f"duplicate chart ID {chart.id!r}",
                   "chart IDs must be unique; rename one", code="id.duplicate")
            continue
        graph.charts[chart.id] = chart


def embed_names(graph: Graph) -> list[str]:
    """What a text may embed: `table:ID` for every table, `chart:ID` for every chart."""
    return ([f"table:{t.id}" for t in graph.content.tables] + [f"chart:{c}" for c in graph.charts])


def check_tables(graph: Graph, report: Report) -> None:
    content = graph.content
    for table in content.tables:
        _check_columns(content, table, report)
        _check_rows(content, table, report)
    for chart in graph.charts.values():
        _check_chart(graph, chart, report)
    charted = {chart.table for chart in graph.charts.values()}
    for table in content.tables:
        if not (table.annex or graph.embedded_in.get(f"table:{table.id}") or table.id in charted):
            origin = content.origin(table)
            report.warning(origin.file, origin.line, f"table {table.id!r} is shown nowhere",
                           f"embed it in a narrative with a line [[table:{table.id}]], or set 'annex: true'",
                           item=table.id, code="table.unused")
    for chart in graph.charts.values():
        if not (chart.annex or graph.embedded_in.get(f"chart:{chart.id}")):
            _warning(content, report, chart, None, f"chart {chart.id!r} is shown nowhere",
                     f"embed it in a narrative with a line [[chart:{chart.id}]], or set 'annex: true'",
                     code="chart.unused")


def _check_columns(content: ContentSet, table: Table, report: Report) -> None:
    seen: set[str] = set()
    ids = [c.id for c in table.columns]
    for column in table.columns:
        if column.id in seen:
            _error(content, report, column, None, f"table {table.id!r}: column {column.id!r} is defined twice",
                   "give each column its own ID", item=table.id, code="id.duplicate")
        seen.add(column.id)
        if column.under is None:
            continue
        host = table.column(column.under)
        if host is None or host is column:
            _error(content, report, column, "under", f"table {table.id!r}: column {column.id!r} is shown "
                   f"under {column.under!r}, which is not another column of the table",
                   suggest(column.under, ids) or f"columns: {', '.join(ids)}", item=table.id, code="table.columns")
        elif host.under is not None:
            _error(content, report, column, "under", f"table {table.id!r}: column {column.under!r} is itself "
                   f"shown under {host.under!r}", f"put {column.id!r} under {host.under!r}", item=table.id,
                   code="table.columns")
    if all(c.under is not None for c in table.columns):
        origin = content.origin(table)
        report.error(origin.file, content.line_of(table, "columns"), f"table {table.id!r}: every column is "
                     "shown under another one", "leave 'under' out of at least one column", item=table.id,
                     code="table.columns")


def _check_rows(content: ContentSet, table: Table, report: Report) -> None:
    ids = [c.id for c in table.columns]
    groups = [g.id for g in table.groups]
    for row in table.rows:
        for name, value in row.cells.items():
            column = table.column(name)
            if column is None:
                _error(content, report, row, f"cells.{name}", f"table {table.id!r}: unknown column {name!r}",
                       suggest(name, ids) or f"columns: {', '.join(ids)}", item=row.id or table.id,
                       code="table.unknown_column")
            elif value is not None and not _fits(column.type, value):
                _error(content, report, row, f"cells.{name}", f"table {table.id!r}: column {name!r} holds "
                       f"{'numbers' if column.type == 'number' else 'text'}, not {_kind_of(value)} {value!r}",
                       _type_hint(column.type, name, value), item=row.id or table.id, code="table.cell_type")
        if row.group is not None and row.group not in groups:
            _error(content, report, row, "group", f"table {table.id!r}: no row group {row.group!r}",
                   suggest(row.group, groups) or (f"groups: {', '.join(groups)}" if groups else
                                                  "define it under 'groups:' (id and label)"), item=row.id or table.id,
                   code="table.row_group")
        if row.group is None and groups and row.kind == "row":
            _error(content, report, row, None, f"table {table.id!r} has row groups, but this row is in none",
                   f"add 'group:' ({', '.join(groups)})", item=row.id or table.id, code="table.row_group")
        if row.kind != "row" and row.label is None:
            _error(content, report, row, "kind", f"table {table.id!r}: a {row.kind} row needs a 'label'",
                   "add e.g. label: {es: Total, en: Total}", item=row.id or table.id, code="table.row_label")
    _check_sums(content, table, report)


def _check_sums(content: ContentSet, table: Table, report: Report) -> None:
    """A subtotal or total written by the author should match the rows it closes."""
    numbers = [c.id for c in table.columns if c.type == "number"]
    for index, summed in closed_rows(table).items():
        row = table.rows[index]
        for column in numbers:
            written = row.cells.get(column)
            expected = column_sum(summed, column)
            if isinstance(written, (int, float)) and expected is not None and \
                    abs(written - expected) > SUM_TOLERANCE * max(abs(expected), 1):
                _warning(content, report, row, f"cells.{column}", f"table {table.id!r}: the {row.kind} of "
                         f"{column!r} is {written:g}, but its rows add up to {expected:g}",
                         "correct the figure, or leave it out to have it computed", item=row.id or table.id,
                         code="table.sum_mismatch")


def _check_chart(graph: Graph, chart: Chart, report: Report) -> None:
    content = graph.content
    node = graph.nodes.get(chart.table)
    if node is None and chart.table in content.refused_ids:
        return  # the table's own refusal is reported
    if node is None or node.kind != "table":
        tables = [t.id for t in content.tables]
        hidden = chart.table in content.hidden_ids
        _error(content, report, chart, "table", f"chart {chart.id!r}: no table {chart.table!r}"
               + (" in this edition (it is internal)" if hidden else ""),
               "make the table public or the chart internal" if hidden else
               suggest(chart.table, tables) or f"tables: {', '.join(tables) or 'none yet'}", code="chart.invalid")
        return
    table: Table = node.model
    ids = [c.id for c in table.columns]
    if table.column(chart.label_column) is None:
        _error(content, report, chart, "label_column", f"chart {chart.id!r}: table {table.id!r} has no column "
               f"{chart.label_column!r}", suggest(chart.label_column, ids) or f"columns: {', '.join(ids)}",
               code="chart.invalid")
    numeric = [c.id for c in table.columns if c.type == "number"]
    for name in chart.value_columns:
        column = table.column(name)
        if column is None:
            _error(content, report, chart, "value_columns", f"chart {chart.id!r}: table {table.id!r} has no "
                   f"column {name!r}", suggest(name, ids) or f"number columns: {', '.join(numeric) or 'none'}",
                   code="chart.invalid")
        elif column.type != "number":
            _error(content, report, chart, "value_columns", f"chart {chart.id!r}: column {name!r} of "
                   f"{table.id!r} holds text, and a chart draws numbers",
                   f"number columns: {', '.join(numeric)}" if numeric else "declare the column 'type: number'",
                   code="chart.invalid")
    if chart.type == "pie" and len(chart.value_columns) != 1:
        _error(content, report, chart, "value_columns", f"chart {chart.id!r}: a pie chart draws one column",
               "give one value column, or use type: stacked-bar", code="chart.invalid")
    units = {column.unit for name in chart.value_columns if (column := table.column(name)) is not None}
    if chart.type == "stacked-bar" and len(units) > 1:
        _error(content, report, chart, "value_columns", f"chart {chart.id!r}: a stacked bar adds up its columns, "
               f"but they have different units ({', '.join(sorted(u or 'none' for u in units))})",
               "stack columns of one unit, or draw one chart per column", code="chart.invalid")
    if chart.type in ("pie", "stacked-bar"):
        for row in table.rows:
            for name in chart.value_columns:
                value = row.cells.get(name)
                if isinstance(value, (int, float)) and not isinstance(value, bool) and value < 0:  # a number
                    _error(content, report, row, f"cells.{name}", f"chart {chart.id!r}: a {chart.type} chart "
                           f"cannot draw the negative value {value:g}", "use type: bar", item=row.id or table.id,
                           code="chart.invalid")


def _fits(column_type: str, value: object) -> bool:
    if column_type == "number":
        return value is None or (isinstance(value, (int, float)) and not isinstance(value, bool))
    return isinstance(value, (str, schema.Text))


def _kind_of(value: object) -> str:
    return "the number" if isinstance(value, (int, float)) else "the text"


def _type_hint(column_type: str, name: str, value: object) -> str:
    if column_type == "number":
        return (f"write a number (54.83, without unit or thousands separator; the column's 'unit' adds it), "
                f"or declare {name!r} 'type: text'")
    return f"quote it to show it as written ('{value}'), or declare {name!r} 'type: number'"


def _error(content: ContentSet, report: Report, model: object, field_name: str | None, message: str, hint: str = "",
           item: str | None = None, *, code: str) -> None:
    origin = content.origin(model)
    line = content.line_of(model, field_name) if field_name else origin.line
    report.error(origin.file, line, message, hint, item=item or getattr(model, "id", None), code=code)


def _warning(content: ContentSet, report: Report, model: object, field_name: str | None, message: str,
             hint: str = "", item: str | None = None, *, code: str) -> None:
    origin = content.origin(model)
    line = content.line_of(model, field_name) if field_name else origin.line
    report.warning(origin.file, line, message, hint, item=item or getattr(model, "id", None), code=code)
