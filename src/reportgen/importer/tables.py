"""Tables in a report's text -> `tables` items with typed columns, embedded where they stood.

The readers hand every table over as a Markdown pipe table inside the text it belongs to (a
section's analysis, the summary, an annex). Here each one becomes an item of its own:

- its **caption** is the paragraph just above it when that reads "Table 3. …", "Tabla 3: …",
  "Tableau 3 – …" or "Cuadro 3. …" (the ID is then `T3`), its **source** the paragraph just
  below it when that opens with "Source:", "Fuente:" or "Sources :";
- the first row names the **columns**; a column whose every filled cell is a number written
  the report's way ("1.234,5" in Spanish and French, "1,234.5" in English, "54 %") is a
  `number` column (its unit "%", its decimals as written), any other column is text;
- a row whose first cell says "Total" or "Subtotal" is a total row, labelled with that cell;
- without a caption, a table is named by the heading just above it, or by its annex's title when
  it is the annex's one such table, and only then by its column headers;
- a table printed again (an annex repeating a table of the findings) is the same item;
- a table introduced as a chart's data ("Chart data", "Datos del gráfico" under "Figure 2. …")
  is the data of a `charts` item drawn over it (its type is not read from a picture: a bar chart
  unless a person says otherwise), and the text embeds the chart;
- in the text, the table is replaced by `[[table:ID]]`, so the page shows it where it was.

A cell citing a footnote gets the footnote's text with it (as every imported text does), and
anything that is not a table of at least one header and one data row stays as it was.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from .record import ItemData
from .vocabulary import fold

CAPTION = re.compile(r"^\**\s*(?:table|tabla|tableau|cuadro)\s+(?P<number>\d{1,3})\s*[.:–—-]?\s*"
                     r"(?P<title>.*?)\s*\**$", re.I)
FIGURE = re.compile(r"^\**\s*(?:figure|figura|graph|graphique|gr[aá]fico|gr[aá]fica|chart|diagramme|illustration)"
                    r"\s+(?P<number>\d{1,3})\s*[.:–—-]?\s*(?P<title>.*?)\s*\**$", re.I)
# The line a report (and reportgen's own outputs) sets between a chart and the table of its data.
CHART_DATA = re.compile(r"^(?:(?:chart|figure|graph) data|data (?:of|for) the (?:chart|figure|graph)|datos del grafico|"
                        r"datos de la (?:figura|grafica)|donnees du graphique|donnees de la figure)\b\s*:?\s*(?P<title>.*)$")
_HEADING = re.compile(r"^#{1,6}\s+(?P<title>.+?)\s*#*$")
SOURCE = re.compile(r"^\**\s*(?:source|sources|fuente|fuentes)\s*\**\s*:\s*\**\s*(?P<text>.+?)\s*\**$", re.I)
# The delimiter row under a pipe table's header: one hyphen per cell is enough (GFM, pandoc).
_RULE = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")
_TOTAL = re.compile(r"^(sub)?total\b|^sous-total\b")
TABLE_WORD = {"en": "Table", "es": "Tabla", "fr": "Tableau"}  # an uncaptioned table's title
MAX_CAPTION = 300
MAX_SOURCE = 600
MAX_LEAD = 200  # a chart's title line above its data


def _caption(text: str) -> re.Match[str] | None:
    text = text.strip()
    return CAPTION.match(text) if len(text) <= MAX_CAPTION and "\n" not in text else None


def _caption_below(blocks: list[str], index: int) -> re.Match[str] | None:
    """The caption under a table ("Table 1. …" after it), unless it heads the next table."""
    caption = _caption(blocks[index]) if index < len(blocks) else None
    if caption is None or (index + 1 < len(blocks) and pipe_rows(blocks[index + 1]) is not None):
        return None
    return caption


@dataclass
class TableItems:
    """The tables (and the charts drawn over them) taken out of the texts so far, and their IDs."""

    lang: str
    items: list[ItemData] = field(default_factory=list)
    charts: list[ItemData] = field(default_factory=list)

    def extract(self, text: str, internal: bool = False, title: str = "") -> str:
        """`text` with each Markdown table (and its caption and source lines) replaced by `[[table:ID]]`
        (or a chart's data by `[[chart:ID]]`); the tables of an `internal` text (an annex naming the
        people interviewed) are internal too. `title`: the annex's, for its one table without a name."""
        blocks = re.split(r"\n[ \t]*\n", text)
        out: list[str] = []
        unnamed: list[ItemData] = []
        index = 0
        while index < len(blocks):
            rows = pipe_rows(blocks[index])
            if rows is None:
                out.append(blocks[index])
                index += 1
                continue
            following = blocks[index + 1].strip() if index + 1 < len(blocks) else ""
            source = SOURCE.match(following) if len(following) <= MAX_SOURCE and "\n" not in following else None
            index += 2 if source else 1
            below = None if _caption(out[-1] if out else "") else _caption_below(blocks, index)
            out.append(self._embed(out, rows, source, internal, unnamed, below))
            index += 1 if below else 0
        if title and len(unnamed) == 1:
            unnamed[0]["title"] = {self.lang: title}
        return "\n\n".join(out)

    def _embed(self, out: list[str], rows: list[list[str]], source: re.Match[str] | None, internal: bool,
               unnamed: list[ItemData], below: re.Match[str] | None = None) -> str:
        """The embed of one table, taking its caption (and a chart's lead lines) off `out`; `below`:
        the caption printed under the table instead."""
        before = out[-1].strip() if out else ""
        caption = below or _caption(before)
        chart = None if caption else _chart_lead(out)
        if caption and not below:
            out.pop()
        heading = _HEADING.match(before) if not caption else None
        item = self._item(rows, caption, source, internal,
                          chart.title if chart else (heading["title"] if heading else ""))
        if chart and any(c.get("type") == "number" for c in item["columns"]):
            del out[len(out) - chart.lines:]
            return f"[[chart:{self._chart(item, chart)['id']}]]"
        if not caption and not heading and item.get("_named_by_columns"):
            unnamed.append(item)
        return f"[[table:{item['id']}]]"

    def _item(self, rows: list[list[str]], caption: re.Match[str] | None, source: re.Match[str] | None,
              internal: bool, name: str = "") -> ItemData:
        lang = self.lang
        number = caption["number"] if caption else None
        item: ItemData = {"id": ""}
        title = caption["title"].strip(" *") if caption else name
        # without a caption or a name, the columns say what the table shows (its accessible name)
        item["title"] = {lang: title or " · ".join(_plain(c) for c in rows[0] if c)[:120]
                         or f"{TABLE_WORD.get(lang, 'Table')} {len(self.items) + 1}"}
        if caption:
            item["caption"] = {lang: caption.group(0).strip().strip("*").strip()}
        if source:
            item["source"] = {lang: source["text"].strip()}
        if internal:
            item["visibility"] = "internal"
        item.update(typed(rows, lang))
        for earlier in self.items:  # printed again (an annex repeating a table of the findings): the same table
            if _printed(earlier) == _printed(item):
                return earlier
        item["id"] = self._new_id(number)
        for group in item.get("groups", []):  # a group's ID is an anchor: unique in the project
            group["id"] = f"{item['id']}-{group['id']}"
        for row in item["rows"]:
            if "group" in row:
                row["group"] = f"{item['id']}-{row['group']}"
        if not title:
            item["_named_by_columns"] = True
        self.items.append(item)
        return item

    def _chart(self, table: ItemData, lead: ChartLead) -> ItemData:
        for drawn in self.charts:
            if drawn["table"] == table["id"]:
                return drawn
        columns = table["columns"]
        numbers = [c["id"] for c in columns if c.get("type") == "number"]
        # the bars' labels: the last text column before the numbers (a group column may come first)
        labels = [c["id"] for c in columns[:[c["id"] for c in columns].index(numbers[0])]] or [columns[0]["id"]]
        chart: ItemData = {"id": f"chart-{len(self.charts) + 1}", "table": table["id"], "type": "bar",
                           "label_column": labels[-1], "value_columns": numbers[:12],
                           "title": {self.lang: lead.title or table["title"][self.lang]}}
        if lead.caption:
            chart["caption"] = {self.lang: lead.caption}
        if table.get("visibility"):
            chart["visibility"] = table["visibility"]
        chart["import_note"] = ("drawn as a bar chart: the import does not read a chart's picture; set `type: pie` "
                                "or `stacked-bar` if the report draws another")
        self.charts.append(chart)
        return chart

    def _new_id(self, number: str | None) -> str:
        taken = {item["id"] for item in self.items}
        # "Tabla 3" is T3; an uncaptioned table is numbered apart, so that it never takes a caption's ID
        ident = f"T{int(number)}" if number else f"table-{sum(not i.get('caption') for i in self.items) + 1}"
        suffix = 2
        base = ident
        while ident in taken:
            ident = f"{base}-{suffix}"
            suffix += 1
        return ident


def _printed(item: ItemData) -> str:
    """What a table prints, for telling a table printed again: its notes are numbered anew each time."""
    fields = {k: v for k, v in item.items() if k not in ("id", "_named_by_columns")}
    return re.sub(r"\[\^[^\]\s]+\]", "[^]", json.dumps(fields, sort_keys=True, ensure_ascii=False))


@dataclass
class ChartLead:
    """The lines above a chart's data: how many, the chart's title and its numbered caption."""

    lines: int
    title: str
    caption: str = ""


def _chart_lead(out: list[str]) -> ChartLead | None:
    """A table introduced as a chart's data ("Datos del gráfico" under the chart's caption or title)."""
    label = out[-1].strip() if out else ""
    data = CHART_DATA.match(fold(label)) if label and len(label) <= MAX_LEAD and "\n" not in label else None
    if not data:
        return None
    named = label[len(label) - len(data["title"]):].strip() if data["title"] else ""
    above = out[-2].strip() if len(out) > 1 else ""
    figure = FIGURE.match(above) if len(above) <= MAX_CAPTION else None
    if figure:
        return ChartLead(2, figure["title"].strip(" *") or named, figure.group(0).strip().strip("*").strip())
    heading = _HEADING.match(above)
    if heading:  # the heading stays: it titles the chart and its annex
        return ChartLead(1, heading["title"])
    if above and len(above) <= MAX_LEAD and "\n" not in above and not above.endswith((".", ":")):
        return ChartLead(2, above.strip("* "))
    return ChartLead(1, named)


def pipe_rows(block: str) -> list[list[str]] | None:
    """The cells of a Markdown pipe table (header first, the rule line left out); None for other text."""
    lines = [line for line in block.strip().splitlines() if line.strip()]
    if len(lines) < 3 or not _RULE.match(lines[1]) or not all("|" in line for line in lines):
        return None
    rows = []
    for line in [lines[0], *lines[2:]]:
        cells = _CELL_SPLIT.split(line.strip())
        if cells and not cells[0].strip():
            cells = cells[1:]
        if cells and not cells[-1].strip() and line.rstrip().endswith("|"):
            cells = cells[:-1]
        rows.append([cell.strip().replace("\\|", "|") for cell in cells])
    return rows


# --- typing --------------------------------------------------------------------------------------

_NUMBER = {
    # decimal comma, thousands "." or spaces
    "comma": re.compile(r"^(?P<sign>[-−+]?)(?P<int>\d{1,3}(?:[. \u00a0\u202f]\d{3})+|\d+)(?:,(?P<dec>\d+))?"
                        r"\s*(?P<unit>%?)$"),
    # decimal point, thousands "," or spaces
    "point": re.compile(r"^(?P<sign>[-−+]?)(?P<int>\d{1,3}(?:[, \u00a0\u202f]\d{3})+|\d+)(?:\.(?P<dec>\d+))?"
                        r"\s*(?P<unit>%?)$"),
}
DECIMAL_STYLE = {"en": "point"}  # Spanish, French and most others write a decimal comma


Number = tuple[float | int, int, str]


def parse_number(cell: str, lang: str) -> Number | None:
    """(value, decimals written, unit) of a number as the report writes it; None for anything else."""
    match = _NUMBER[DECIMAL_STYLE.get(lang, "comma")].match(cell.strip().strip("*").strip())
    if not match:
        return None
    digits = re.sub(r"\D", "", match["int"])
    decimals = match["dec"] or ""
    sign = -1 if match["sign"] in ("-", "−") else 1
    value: float | int = sign * (float(f"{digits}.{decimals}") if decimals else int(digits))
    return value, len(decimals), match["unit"]


def typed(rows: list[list[str]], lang: str) -> ItemData:
    """Columns (typed) and rows of a table whose first row is its header."""
    width = max(len(row) for row in rows)
    header = rows[0] + [""] * (width - len(rows[0]))
    body = [row + [""] * (width - len(row)) for row in rows[1:]]
    ids = _column_ids(header)
    columns = []
    numbers: dict[int, list[Number | None]] = {}
    for position, label in enumerate(header):
        column: ItemData = {"id": ids[position], "label": {lang: _plain(label) or "—"}}
        parsed = [parse_number(row[position], lang) for row in body if row[position] and not _is_total(row)]
        total_cells = [parse_number(row[position], lang) for row in body if row[position] and _is_total(row)]
        units = {p[2] for p in parsed + total_cells if p}
        # "50 %" beside "1" is not one kind of number: typed, the first would lose its unit
        if position and parsed and all(parsed) and all(total_cells) and len(units) == 1:
            column["type"] = "number"
            if units == {"%"}:
                column["unit"] = "%"
            places = max(p[1] for p in parsed if p)
            if places:
                column["decimals"] = places
            numbers[position] = parsed
        columns.append(column)
    table: ItemData = {"columns": columns}
    groups = _group_rows(body)
    if groups:
        table["groups"] = [{"id": f"G{n}", "label": {lang: _plain(body[i][0])}} for n, i in enumerate(groups, 1)]
    written: list[ItemData] = []
    for index, row in enumerate(body):
        if index in groups:
            continue
        written.append(_row(row, ids, numbers, lang))
        opened = [i for i in groups if i < index]
        if opened:
            written[-1]["group"] = f"G{len(opened)}"
    table["rows"] = written
    return table


def _group_rows(body: list[list[str]]) -> list[int]:
    """Rows that head the rows under them ("Outcome 1: …" across a table of indicators): only their
    first cell is written (a merged cell), in a table of three or more columns whose other rows
    mostly fill two or more; the first row is one (every row is in a group) and a data row follows each."""
    if not body or len(body[0]) < 3:
        return []
    lone = [i for i, row in enumerate(body) if row[0].strip() and not any(c.strip() for c in row[1:])
            and not _is_total(row)]
    others = [row for i, row in enumerate(body) if i not in lone]
    filled = sum(sum(1 for c in row if c.strip()) >= 2 for row in others)
    if not lone or lone[0] != 0 or filled < 0.8 * len(others) or any(i + 1 >= len(body) or i + 1 in lone
                                                                       for i in lone):
        return []
    return lone


def _row(row: list[str], ids: list[str], numbers: dict[int, list[Number | None]], lang: str) -> ItemData:
    out: ItemData = {}
    cells: ItemData = {}
    if _is_total(row):
        out["kind"] = "subtotal" if fold(row[0]).startswith(("sub", "sous")) else "total"
        out["label"] = {lang: _plain(row[0])}
        row = [""] + row[1:]
    for position, cell in enumerate(row):
        if not cell:
            continue
        if position in numbers:
            parsed = parse_number(cell, lang)
            assert parsed is not None, "a number column's cells are numbers"
            cells[ids[position]] = parsed[0]
        else:
            cells[ids[position]] = {lang: cell_lines(cell)}
    out["cells"] = cells
    return out


_BREAK = re.compile(r"\s*<br\s*/?>\s*", re.I)
_BULLET = re.compile(r"^[•▪◦]\s+(?=\S)")
_ITEM = re.compile(r"^(?:[-*]|\d{1,2}[.)])\s")


def cell_lines(cell: str) -> str:
    """A cell's text with its lines back (`<br>` in a pipe table): list items one a line (a typed
    bullet "•" is a list item), paragraphs parted by a blank line."""
    lines = [_BULLET.sub("- ", line) for line in _BREAK.split(cell.strip()) if line]
    text = lines[0] if lines else ""
    for before, line in zip(lines, lines[1:]):
        text += ("\n" if _ITEM.match(before) and _ITEM.match(line) else "\n\n") + line
    return text


def _plain(header: str) -> str:
    """A header cell (or a group's label) on one line, without the bold or italics that only styled it."""
    return re.sub(r"^(\*{1,3}|_{1,3})(.+?)\1$", r"\2", _BREAK.sub(" ", header).strip()).strip()


def _is_total(row: list[str]) -> bool:
    return bool(row and _TOTAL.match(fold(row[0])))


def _column_ids(header: list[str]) -> list[str]:
    ids: list[str] = []
    for position, label in enumerate(header, 1):
        slug = re.sub(r"[^a-z0-9]+", "-", fold(label)).strip("-")[:30].strip("-")
        ident = slug if slug and slug[0].isalpha() else f"c{position}"
        ids.append(ident if ident not in ids else f"{ident}-{position}")
    return ids
