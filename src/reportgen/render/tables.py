"""Tables from the `tables` collection, as view models for `pages/_table.md.j2`, and numbers in the page's locale.

Numbers are formatted with Babel in the page's language ("54,83 %" on Spanish
pages, "54.83%" on English ones); a currency code as unit goes before the
amount ("USD 7.940.000"), any other unit after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Protocol
from decimal import ROUND_HALF_UP, Decimal

from babel import Locale
from babel.numbers import format_decimal, format_percent
from markupsafe import Markup, escape

from ..content.markdown import line_words
from ..content.base import Cell
from ..content.tables import Column, Row, Table, resolved_rows
from ..i18n import Texts
from .text import in_language

_CURRENCY = re.compile(r"^[A-Z]{3}$")


def format_number(value: float | int, lang: str, unit: str | None = None, decimals: int | None = None) -> str:
    """A number as a reader of `lang` writes it, with its unit."""
    number = Decimal(str(value))
    if unit == "%":
        number /= 100
    pattern = None
    if decimals is not None:  # a fixed number of decimals, rounded as people do (2.25 -> 2.3)
        number = number.quantize(Decimal(1).scaleb(-decimals - (2 if unit == "%" else 0)), rounding=ROUND_HALF_UP)
        pattern = _fixed_pattern(lang, "percent" if unit == "%" else "decimal", decimals)
    if unit == "%":
        # The locale's percent pattern places the sign ("54,83 %" / "54.83%").
        return format_percent(number, format=pattern, locale=lang, decimal_quantization=decimals is not None)
    text = format_decimal(number, format=pattern, locale=lang, decimal_quantization=decimals is not None)
    if not unit:
        return text
    return f"{unit}\u00a0{text}" if _CURRENCY.match(unit) else f"{text}\u00a0{unit}"


def _fixed_pattern(lang: str, kind: str, decimals: int) -> str:
    """The locale's own pattern ("#,##0\u00a0%"), with exactly `decimals` decimals."""
    locale = Locale.parse(lang)
    pattern = (locale.percent_formats if kind == "percent" else locale.decimal_formats)[None].pattern
    pattern = re.sub(r"\.[0#]+", "", pattern)
    return re.sub(r"0(?![0-9])", "0" + ("." + "0" * decimals if decimals else ""), pattern, count=1)


@dataclass
class CellView:
    html: Markup
    numeric: bool = False
    block: bool = False   # Markdown with paragraphs or lists
    wide: bool = False    # holds other columns' values too: kept at a readable width
    lang: str | None = None  # a block cell's language when not the page's (inline cells carry a <span lang>)


@dataclass
class RowView:
    id: str | None
    kind: str             # "row", "subtotal", "total"
    cells: list[CellView]


@dataclass
class GroupView:
    id: str | None
    label: Markup | None
    rows: list[RowView] = field(default_factory=list)


@dataclass
class TableView:
    id: str
    label: str            # the title in words, for the scroll region's accessible name
    anchor: str | None    # the table's ID as an anchor where no annexes heading carries it
    caption: Markup | None
    headers: list[Markup]
    numeric: list[bool]   # per shown column: right-aligned
    groups: list[GroupView]
    notes: Markup | None
    source: Markup | None


class ContentWriter(Protocol):
    """Content texts as page Markdown (render.writer.PageWriter): one line, or blocks."""

    def line(self, text: object) -> Markup: ...

    def md(self, text: object, embeds: bool = False) -> Markup: ...


def table_view(table: Table, texts: Texts, writer: ContentWriter, home: bool, in_annex: bool = False) -> TableView:
    """What the table template needs, in the page's language.

    Row and group IDs are anchors only on the table's `home` page (links land there); a copy
    elsewhere (a narrative embedding an annex table, the one-page edition) leaves them out, so
    IDs stay unique. On the annexes page a heading names the table, so the caption is left out there.
    """
    shown = [c for c in table.columns if c.under is None]
    groups: dict[str | None, GroupView] = {g.id: GroupView(g.id if home else None,
                                                          in_language(writer.line(g.label), g.lang, texts.lang))
                                           for g in table.groups}
    ungrouped = GroupView(None, None)
    order: list[GroupView] = []
    for resolved in resolved_rows(table):
        row = resolved.row
        cells = [_cell(table, column, resolved.cells, texts, writer, first=index == 0 and row.kind != "row", row=row)
                 for index, column in enumerate(shown)]
        if row.follows_up is not None and cells:  # the earlier evaluation's recommendation this row is about
            note = texts.s["management"]["follows_up"] + texts.s["colon"] + " " + texts.follows_up_text(row.follows_up)
            cells[0] = CellView(cells[0].html + Markup(f"<br><small>{escape(note)}</small>"), cells[0].numeric,
                                cells[0].wide)
        if row.group or row.kind == "row":
            group = groups.get(row.group, ungrouped)
        else:  # a total (or an ungrouped subtotal) closes the rows above it
            group = order[-1] if order else ungrouped
        if group not in order:
            order.append(group)
        group.rows.append(RowView(row.id if home else None, row.kind, cells))
    caption = None if in_annex else writer.line(table.caption or table.title)
    anchor = table.id if home and not in_annex and not table.annex else None
    return TableView(table.id, line_words(texts.tr(table.title)), anchor, caption,
                     [writer.line(c.label) for c in shown],
                     [c.type == "number" for c in shown], order,
                     writer.md(table.notes) if table.notes else None,
                     writer.line(table.source) if table.source else None)


def _cell(table: Table, column: Column, cells: dict[str, Cell | None], texts: Texts, writer: ContentWriter,
          first: bool, row: Row) -> CellView:
    if first:  # a subtotal or total row: its label takes the first column
        return CellView(Markup(f"<strong>{writer.line(row.label)}</strong>"))
    value = cells.get(column.id)
    view = cell_view(column, value, texts, writer)
    details = [c for c in table.columns if c.under == column.id]
    if not details:
        return view
    lines = [f"{escape(line_words(texts.tr(c.label)))}: {cell_view(c, cells.get(c.id), texts, writer).html}"
             for c in details if cells.get(c.id) is not None]
    main = Markup(f"<strong>{view.html}</strong>") if str(view.html) else Markup("")
    return CellView(main + Markup(f"<br><small>{'<br>'.join(lines)}</small>" if lines else ""), view.numeric,
                    wide=True)


def cell_view(column: Column, value: Cell | None, texts: Texts, writer: ContentWriter) -> CellView:
    if value is None:
        return CellView(Markup(""), column.type == "number")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return CellView(Markup(escape(format_number(value, texts.lang, column.unit, column.decimals))), True)
    text = texts.tr(value)
    other = column.lang if column.lang and column.lang != texts.lang else None
    if "\n" in text.strip():
        return CellView(writer.md(value), block=True, lang=other)
    return CellView(in_language(writer.line(value), other, texts.lang))
