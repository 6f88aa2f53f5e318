"""The recommendations as an Excel workbook to collect the management response.

Bold, frozen header row with a filter; wrapped text; column widths by content;
the (empty) management-response columns shaded, and a drop-down list of the
allowed answers on the Response column.
"""

from __future__ import annotations

import io
import json
import re
import tempfile
import zipfile
from copy import copy
from typing import Any, BinaryIO, Iterator, TypeVar, overload

from .tables import Table, spreadsheet_text

WIDTHS = {"id": 7, "title": 34, "text": 80, "addressees": 26, "addressee_text": 30, "url": 26,
          "conclusions": 16, "lessons": 16, "response:response": 22, "response:actions": 40,
          "response:unit": 24, "response:timeframe": 18, "response:status": 18}
DEFAULT_WIDTH = 16
HEADER_FILL = "D9E1F2"
RESPONSE_FILL = "FFF2CC"
EXTRA_ROWS = 0  # the validation covers exactly the recommendations' rows


def recommendations_xlsx(table: Table, sheet_name: str, title: str, response_values: list[str],
                         prompt: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _sheet_title(sheet_name)
    workbook.properties.title = title
    sheet.append([cell_text(v) for v in table.header])
    for row in table.rows:
        sheet.append([cell_text(value) if value != "" else None for value in row])

    wrap = Alignment(wrap_text=True, vertical="top")
    bold = Font(bold=True)
    for index, key in enumerate(table.keys, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = WIDTHS.get(key, DEFAULT_WIDTH)
        fill = PatternFill("solid", fgColor=RESPONSE_FILL if key in table.empty_keys else HEADER_FILL)
        header = sheet.cell(row=1, column=index)
        header.font, header.alignment, header.fill = bold, wrap, fill
        style = None  # a column's cells share one style: set on its first cell, copied to the others
        for row_number in range(2, len(table.rows) + 2):
            cell = sheet.cell(row=row_number, column=index)
            if style is None:
                cell.alignment = wrap
                if key in table.empty_keys:
                    cell.fill = PatternFill("solid", fgColor=RESPONSE_FILL)
                style = cell._style
            else:  # openpyxl hashes a style object each time one is set (most of a large sheet's time)
                cell._style = copy(style)
    sheet.row_dimensions[1].height = 45
    sheet.freeze_panes = "B2"  # header row and ID column stay in view
    last = get_column_letter(len(table.keys))
    sheet.auto_filter.ref = f"A1:{last}{len(table.rows) + 1}"

    if table.rows and "response:response" in table.keys:
        letter = get_column_letter(table.column("response:response") + 1)
        validation = DataValidation(type="list", formula1=_list_formula(workbook, response_values), allow_blank=True,
                                    showErrorMessage=True, showInputMessage=True)
        validation.prompt = prompt
        validation.promptTitle = table.header[table.column("response:response")][:32]
        validation.add(f"{letter}2:{letter}{len(table.rows) + 1 + EXTRA_ROWS}")
        sheet.add_data_validation(validation)

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def recommendations_xlsx_fixed(table: Table, sheet_name: str, title: str, response_values: list[str],
                               prompt: str, epoch: int) -> bytes:
    """fixed_zip(recommendations_xlsx(...), epoch), byte for byte, for a table of thousands of rows (a
    portal's): openpyxl makes the workbook of the header and the first row (its styles, filter,
    validation), and the other rows are written here as openpyxl writes them (inline strings, the
    column's style), which takes a tenth of the time. A value openpyxl would write otherwise (not a
    text, a text that is empty once cleaned) leaves the whole table to openpyxl."""
    head = Table(table.keys, table.header, [], table.empty_keys)
    with StreamedWorkbook(head, sheet_name, title, response_values, prompt, epoch) as workbook:
        for row in table.rows:
            workbook.add(row)
        out = io.BytesIO()
        workbook.save(out)
    return out.getvalue()


class StreamedWorkbook:
    """recommendations_xlsx_fixed for rows given one at a time (`add`), written into a file (`save`): each
    row is spooled to a temporary file as the sheet's XML (and as JSON, for the rare table openpyxl must
    write whole), so a library's tens of thousands of rows are never held, as a table, its XML or its
    workbook; the same bytes as recommendations_xlsx_fixed of the whole table."""

    SPOOL_CHUNK = 1 << 20

    def __init__(self, head: Table, sheet_name: str, title: str, response_values: list[str], prompt: str,
                 epoch: int) -> None:
        self.head, self.sheet_name, self.title = head, sheet_name, title
        self.response_values, self.prompt, self.epoch = response_values, prompt, epoch
        self.count = 0
        self.fast = True  # every value a text openpyxl writes as an inline string (else openpyxl's whole)
        self._first: list[Any] | None = None
        self._styles: list[str] = []
        self._letters: list[str] = []
        self._small_workbook: bytes | None = None
        self._xml = tempfile.TemporaryFile()
        self._rows = tempfile.TemporaryFile()

    def __enter__(self) -> "StreamedWorkbook":
        return self

    def __exit__(self, *_: object) -> None:
        self._xml.close()
        self._rows.close()

    def add(self, row: list[Any]) -> None:
        """A row, spooled as JSON: its sheet XML is made by `save` (a portal's workbook whose rows are the
        previous output's is taken without being saved: no XML, no openpyxl, for it)."""
        self.count += 1
        self._rows.write(json.dumps(row, ensure_ascii=False).encode("utf-8") + b"\n")
        if self._first is None:
            self._first = row

    def _sheet_rows(self) -> None:
        """Every spooled row's sheet XML, to the XML spool, as it was added (`fast` False, and no more,
        at the first value only openpyxl writes)."""
        self._rows.seek(0)
        for number, line in enumerate(self._rows, start=2):
            self._add_xml(json.loads(line), number)
            if not self.fast:
                return

    def _add_xml(self, row: list[Any], number: int) -> None:
        texts = [cell_text(value) if value != "" else None for value in row]
        if any(value is not None and (not isinstance(value, str) or value == "") for value in texts):
            self.fast = False
        if not self.fast:
            return
        if not self._styles:
            self._styles, self._letters = self._column_styles()
            if not self._styles:  # not the sheet this writer knows: openpyxl's own
                self.fast = False
                return
        cells = []
        for letter, style, value in zip(self._letters, self._styles, texts):
            if value is None:
                cells.append(f'<c r="{letter}{number}" s="{style}" t="n"></c>')
            else:
                space = ' xml:space="preserve"' if value != value.strip() else ""
                cells.append(f'<c r="{letter}{number}" s="{style}" t="inlineStr"><is><t{space}>'
                             f'{_xml_text(value)}</t></is></c>')
        self._xml.write(f'<row r="{number}">{"".join(cells)}</row>'.encode("utf-8"))

    def _small(self) -> bytes:
        """openpyxl's workbook of the header and the first row (made once)."""
        if self._small_workbook is None:
            first = Table(self.head.keys, self.head.header, [self._first] if self._first is not None else [],
                          self.head.empty_keys)
            self._small_workbook = recommendations_xlsx(first, self.sheet_name, self.title, self.response_values,
                                                        self.prompt)
        return self._small_workbook

    def _column_styles(self) -> tuple[list[str], list[str]]:
        """Each column's style in openpyxl's sheet of the first row, and its letter ([] when that sheet is
        not the one this writer knows)."""
        from openpyxl.utils import get_column_letter

        with zipfile.ZipFile(io.BytesIO(self._small())) as archive:
            sheet = archive.read(SHEET).decode("utf-8")
        start, end = sheet.index('<row r="2"'), sheet.index("</sheetData>")
        styles = re.findall(r'<c r="[A-Z]+2" s="(\d+)"', sheet[start:end])
        letters = [get_column_letter(index) for index in range(1, len(self.head.keys) + 1)]
        return (styles, letters) if len(styles) == len(letters) else ([], [])

    def save(self, out: BinaryIO) -> None:
        from .reproducible import write_fixed_zip

        if self.count >= 2:
            self._sheet_rows()
        if self.count < 2 or not self.fast:
            write_fixed_zip(out, recommendations_xlsx(self._table(), self.sheet_name, self.title,
                                                      self.response_values, self.prompt), self.epoch)
            return
        small = self._small()
        with zipfile.ZipFile(io.BytesIO(small)) as archive:
            sheet, book = archive.read(SHEET).decode("utf-8"), archive.read(BOOK).decode("utf-8")
        start, end = sheet.index('<row r="2"'), sheet.index("</sheetData>")
        last, count = self._letters[-1], self.count + 1
        head = sheet[:start].replace(f'<dimension ref="A1:{last}2"/>', f'<dimension ref="A1:{last}{count}"/>', 1)
        tail = sheet[end:].replace(f'<autoFilter ref="A1:{last}2"/>', f'<autoFilter ref="A1:{last}{count}"/>', 1)
        # The drop-down's range (openpyxl writes one cell's range as the cell).
        tail = re.sub(r'sqref="([A-Z]+)2(?::\1(?:2))?"',
                      lambda m: f'sqref="{m.group(1)}2:{m.group(1)}{count + EXTRA_ROWS}"', tail, count=1)
        # The filter's range is also a name of the workbook's.
        filtered = f"!$A$1:${last}$2</definedName>"
        if book.count(filtered) != 1:
            write_fixed_zip(out, recommendations_xlsx(self._table(), self.sheet_name, self.title,
                                                      self.response_values, self.prompt), self.epoch)
            return
        book = book.replace(filtered, f"!$A$1:${last}${count}</definedName>")

        def sheet_parts() -> Iterator[bytes]:
            yield head.encode("utf-8")
            self._xml.seek(0)
            while chunk := self._xml.read(self.SPOOL_CHUNK):
                yield chunk
            yield tail.encode("utf-8")

        write_fixed_zip(out, small, self.epoch, {SHEET: sheet_parts, BOOK: book.encode("utf-8")})

    def _table(self) -> Table:
        """The whole table again, from the spooled rows (for openpyxl's own workbook)."""
        self._rows.seek(0)
        rows = [json.loads(line) for line in self._rows]
        return Table(self.head.keys, self.head.header, rows, self.head.empty_keys)


SHEET, BOOK = "xl/worksheets/sheet1.xml", "xl/workbook.xml"


def _xml_text(value: str) -> str:
    """A text node as openpyxl's lxml writes it (ASCII: any other character as a reference)."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;") \
        .encode("ascii", "xmlcharrefreplace").decode("ascii")


# What a cell holds at most (Excel's limit: openpyxl writes more, and Excel then "repairs" the file).
CELL_CHARS = 32_767
_NOT_IN_CELLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")  # openpyxl raises on these (IllegalCharacterError)
# Excel's limit on a list validation's formula written out ("a,b,c" in quotes): past it, a sheet holds the list.
LIST_FORMULA_CHARS = 255
LIST_SHEET = "Lists"


T = TypeVar("T")


@overload
def cell_text(value: str) -> str: ...
@overload
def cell_text(value: T) -> T: ...


def cell_text(value: object) -> object:
    """A value a cell can hold, and will not run: `check` reports control characters and texts past a
    cell's size before a build (text.control_character, text.too_long_for_cell); the writer never raises."""
    if not isinstance(value, str):
        return value
    value = spreadsheet_text(_NOT_IN_CELLS.sub("", value))
    return value if len(value) <= CELL_CHARS else value[:CELL_CHARS - 1] + "…"


def _list_formula(workbook: Any, values: list[str]) -> str:  # an openpyxl Workbook (no type information)
    """The drop-down's list: written out in the formula, its quotes doubled (a comma would split an
    option, so it becomes a space), or, past Excel's length, a range of a hidden sheet."""
    options = [cell_text(v).replace(",", " ") for v in values]
    inline = '"' + ",".join(o.replace('"', '""') for o in options) + '"'
    if len(inline) <= LIST_FORMULA_CHARS:
        return inline
    sheet = workbook.create_sheet(LIST_SHEET)
    sheet.sheet_state = "hidden"
    for row, option in enumerate(options, start=1):
        sheet.cell(row=row, column=1, value=option)
    return f"{LIST_SHEET}!$A$1:$A${len(options)}"


def _sheet_title(name: str) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\."""
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in name).strip()
    return (cleaned or "Sheet")[:31]
