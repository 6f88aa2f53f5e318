"""Tables as content: typed columns, rows, subtotal and total rows, and charts drawn over them.

Shape only, like `schema`: whether a row's cells fit its table's columns, and a
chart's columns exist and hold numbers, is checked in the graph layer
(`reportgen.table_checks`), which reports every problem with its file and line.
Subtotals and totals are pure data too: a number cell an author leaves out of
a subtotal or total row is the sum of the rows it closes (`resolved_rows`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import Field

from .base import Cell, Item, ItemId, LanguageCode, Model, Text
from .registry import Internal
from .responses import FollowUp

COLUMN_TYPES = ("text", "number")
ROW_KINDS = ("row", "subtotal", "total")
CHART_TYPES = ("bar", "stacked-bar", "pie")


class Column(Model):
    id: ItemId
    label: Text
    # text: a plain string shared by every language, or a localized text (Markdown);
    # number: an int or float, formatted in each page's locale.
    type: Literal["text", "number"] = "text"
    unit: str | None = None          # "%", a currency code ("USD") or any unit ("months")
    decimals: int | None = Field(default=None, ge=0, le=6)  # None: as written
    # Shown inside another column's cell, as "Label: value" under it (keeps wide tables narrow).
    under: ItemId | None = None
    # The language this column's texts are written in whatever the page's (a report quoting its logframe
    # in English): pages in another language mark them with it (lang), for screen readers and translators.
    lang: LanguageCode | None = None


class RowGroup(Model):
    """A heading over consecutive rows (e.g. an objective over its indicators); its ID is an anchor."""

    id: ItemId
    label: Text
    lang: LanguageCode | None = None  # as a column's: the language of its label whatever the page's


class Row(Model):
    id: ItemId | None = None         # an anchor: links such as annexes/#EXT1 land on the row
    kind: Literal["row", "subtotal", "total"] = "row"
    group: ItemId | None = None
    label: Text | None = None        # subtotal/total rows: shown in the first column
    cells: dict[str, Cell | None] = Field(default_factory=dict)
    # A row about an earlier evaluation's recommendation (the follow-up of a mid-term's
    # recommendations): a portal that holds that evaluation links the two.
    follows_up: FollowUp | None = None


class Table(Item):
    title: Text                      # what the table shows: the annexes heading, the accessible name
    caption: Text | None = None      # the report's numbered caption ("Tabla 3. …"), shown above the table
    notes: Text | None = None
    source: Text | None = None       # shown once, after the catalog's "Source" label
    annex: bool = False              # also shown on the annexes page
    annex_number: str | None = Field(default=None, max_length=12)  # the report's number for it: "4" → "Annex 4. …"
    columns: list[Column] = Field(min_length=1, max_length=60)
    groups: list[RowGroup] = Field(default_factory=list)
    rows: list[Row] = Field(default_factory=list, max_length=5000)

    def column(self, column_id: str) -> Column | None:
        return next((c for c in self.columns if c.id == column_id), None)


class Chart(Model):
    """A chart drawn over a table's columns: one bar (or slice) per data row of the table."""

    id: ItemId
    visibility: Literal["public", "internal"] = "public"
    table: ItemId
    type: Literal["bar", "stacked-bar", "pie"] = "bar"
    label_column: ItemId
    value_columns: list[ItemId] = Field(min_length=1, max_length=12)
    title: Text
    caption: Text | None = None      # the report's numbered caption ("Gráfico 1. …")
    notes: Text | None = None
    source: Text | None = None       # default: the table's source
    reference: float | None = None   # a target line (e.g. 100 %)
    unit: str | None = None          # default: the first value column's unit
    annex: bool = False
    import_note: Annotated[str | None, Internal()] = None  # as an item's: a guess of `reportgen import`


# --- subtotals and totals ---------------------------------------------------------------

@dataclass(frozen=True)
class ResolvedRow:
    row: Row
    cells: dict[str, Cell | None]  # column id -> value, with computed sums filled in
    computed: frozenset[str]  # column ids whose value was computed here


def resolved_rows(table: Table) -> list[ResolvedRow]:
    """The rows with every number cell left out of a subtotal/total row filled in (see `closed_rows`)."""
    numbers = [c.id for c in table.columns if c.type == "number"]
    closed = closed_rows(table)
    result = []
    for index, row in enumerate(table.rows):
        cells, computed = dict(row.cells), set[str]()
        for column in numbers if row.kind != "row" else ():
            if cells.get(column) is None:
                total = column_sum(closed[index], column)
                if total is not None:
                    cells[column], computed = total, computed | {column}
        result.append(ResolvedRow(row, cells, frozenset(computed)))
    return result


def closed_rows(table: Table) -> dict[int, list[Row]]:
    """For each subtotal/total row (by index): the data rows it sums.

    A subtotal sums the data rows since the previous subtotal or the start of
    their group; a total sums every data row of the table.
    """
    closed: dict[int, list[Row]] = {}
    since: list[Row] = []
    everything: list[Row] = []
    group = None
    for index, row in enumerate(table.rows):
        if row.kind == "row":
            if row.group != group:
                group, since = row.group, []
            since.append(row)
            everything.append(row)
        elif row.kind == "subtotal":
            closed[index], since = since, []
        else:
            closed[index] = list(everything)
    return closed


def column_sum(rows: list[Row], column: str) -> float | int | None:
    values = [v for v in (r.cells.get(column) for r in rows) if isinstance(v, (int, float)) and not isinstance(v, bool)]
    if not values:
        return None
    total = sum(values)
    # Sums of decimals drift (0.1 + 0.2): round to the most decimals any summand has.
    places = max((len(repr(v).split(".")[1]) if isinstance(v, float) and "." in repr(v) else 0) for v in values)
    return round(total, places) if isinstance(total, float) else total


def data_rows(table: Table) -> list[Row]:
    """The rows a chart draws: not subtotals or totals."""
    return [r for r in table.rows if r.kind == "row"]
