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
- in the text, the table is replaced by `[[table:ID]]`, so the page shows it where it was.

A cell citing a footnote gets the footnote's text with it (as every imported text does), and
anything that is not a table of at least one header and one data row stays as it was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .record import ItemData
from .vocabulary import fold

CAPTION = re.compile(r"^\**\s*(?:table|tabla|tableau|cuadro)\s+(?P<number>\d{1,3})\s*[.:–—-]?\s*"
                     r"(?P<title>.*?)\s*\**$", re.I)
SOURCE = re.compile(r"^\**\s*(?:source|sources|fuente|fuentes)\s*\**\s*:\s*\**\s*(?P<text>.+?)\s*\**$", re.I)
_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")
_TOTAL = re.compile(r"^(sub)?total\b|^sous-total\b")
TABLE_WORD = {"en": "Table", "es": "Tabla", "fr": "Tableau"}  # an uncaptioned table's title
MAX_CAPTION = 300
MAX_SOURCE = 600


@dataclass
class TableItems:
    """The tables taken out of the texts so far, and the IDs they were given."""

    lang: str
    items: list[ItemData] = field(default_factory=list)

    def extract(self, text: str, internal: bool = False) -> str:
        """`text` with each Markdown table (and its caption and source lines) replaced by `[[table:ID]]`;
        the tables of an `internal` text (an annex naming the people interviewed) are internal too."""
        blocks = re.split(r"\n[ \t]*\n", text)
        out: list[str] = []
        index = 0
        while index < len(blocks):
            block = blocks[index]
            rows = pipe_rows(block)
            if rows is None:
                out.append(block)
                index += 1
                continue
            caption = CAPTION.match(out[-1].strip()) if out and len(out[-1].strip()) <= MAX_CAPTION else None
            if caption:
                out.pop()
            following = blocks[index + 1].strip() if index + 1 < len(blocks) else ""
            source = SOURCE.match(following) if len(following) <= MAX_SOURCE and "\n" not in following else None
            item = self._item(rows, caption, source, internal)
            out.append(f"[[table:{item['id']}]]")
            index += 2 if source else 1
        return "\n\n".join(out)

    def _item(self, rows: list[list[str]], caption: re.Match[str] | None, source: re.Match[str] | None,
              internal: bool) -> ItemData:
        lang = self.lang
        number = caption["number"] if caption else None
        item: ItemData = {"id": self._new_id(number)}
        title = caption["title"].strip(" *") if caption else ""
        # without a caption, the columns say what the table shows (its accessible name)
        item["title"] = {lang: title or " · ".join(_plain(c) for c in rows[0] if c)[:120]
                         or f"{TABLE_WORD.get(lang, 'Table')} {len(self.items) + 1}"}
        if caption:
            item["caption"] = {lang: caption.group(0).strip().strip("*").strip()}
        if source:
            item["source"] = {lang: source["text"].strip()}
        if internal:
            item["visibility"] = "internal"
        item.update(typed(rows, lang))
        self.items.append(item)
        return item

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
        if position and parsed and all(parsed) and all(total_cells):
            column["type"] = "number"
            units = {p[2] for p in parsed if p}
            if units == {"%"}:
                column["unit"] = "%"
            places = max(p[1] for p in parsed if p)
            if places:
                column["decimals"] = places
            numbers[position] = parsed
        columns.append(column)
    return {"columns": columns, "rows": [_row(row, ids, numbers, lang) for row in body]}


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
            cells[ids[position]] = {lang: cell}
    out["cells"] = cells
    return out


def _plain(header: str) -> str:
    """A header cell without the bold or italics that only styled it."""
    return re.sub(r"^(\*{1,3}|_{1,3})(.+?)\1$", r"\2", header.strip()).strip()


def _is_total(row: list[str]) -> bool:
    return bool(row and _TOTAL.match(fold(row[0])))


def _column_ids(header: list[str]) -> list[str]:
    ids: list[str] = []
    for position, label in enumerate(header, 1):
        slug = re.sub(r"[^a-z0-9]+", "-", fold(label)).strip("-")[:30].strip("-")
        ident = slug if slug and slug[0].isalpha() else f"c{position}"
        ids.append(ident if ident not in ids else f"{ident}-{position}")
    return ids
