"""The recommendations as an Excel workbook to collect the management response.

Bold, frozen header row with a filter; wrapped text; column widths by content;
the (empty) management-response columns shaded, and a drop-down list of the
allowed answers on the Response column.
"""

from __future__ import annotations

import io
import re
import zipfile
from copy import copy
from typing import Any, TypeVar, overload

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
    from openpyxl.utils import get_column_letter

    from .reproducible import fixed_zip

    texts = [[cell_text(value) if value != "" else None for value in row] for row in table.rows]
    if len(texts) < 2 or any(value is not None and (not isinstance(value, str) or value == "")
                             for row in texts for value in row):
        return fixed_zip(recommendations_xlsx(table, sheet_name, title, response_values, prompt), epoch)
    first = Table(table.keys, table.header, table.rows[:1], table.empty_keys)
    small = recommendations_xlsx(first, sheet_name, title, response_values, prompt)
    with zipfile.ZipFile(io.BytesIO(small)) as archive:
        sheet, book = archive.read(SHEET).decode("utf-8"), archive.read(BOOK).decode("utf-8")
    start, end = sheet.index('<row r="2"'), sheet.index("</sheetData>")
    styles = re.findall(r'<c r="[A-Z]+2" s="(\d+)"', sheet[start:end])
    letters = [get_column_letter(index) for index in range(1, len(table.keys) + 1)]
    if len(styles) != len(letters):  # not the sheet this writer knows: openpyxl's own
        return fixed_zip(recommendations_xlsx(table, sheet_name, title, response_values, prompt), epoch)
    rows = []
    for number, row in enumerate(texts, start=2):
        cells = []
        for letter, style, value in zip(letters, styles, row):
            if value is None:
                cells.append(f'<c r="{letter}{number}" s="{style}" t="n"></c>')
            else:
                space = ' xml:space="preserve"' if value != value.strip() else ""
                cells.append(f'<c r="{letter}{number}" s="{style}" t="inlineStr"><is><t{space}>'
                             f'{_xml_text(value)}</t></is></c>')
        rows.append(f'<row r="{number}">{"".join(cells)}</row>')
    last, count = letters[-1], len(texts) + 1
    head = sheet[:start].replace(f'<dimension ref="A1:{last}2"/>', f'<dimension ref="A1:{last}{count}"/>', 1)
    tail = sheet[end:].replace(f'<autoFilter ref="A1:{last}2"/>', f'<autoFilter ref="A1:{last}{count}"/>', 1)
    # The drop-down's range (openpyxl writes one cell's range as the cell).
    tail = re.sub(r'sqref="([A-Z]+)2(?::\1(?:2))?"', lambda m: f'sqref="{m.group(1)}2:{m.group(1)}{count + EXTRA_ROWS}"',
                  tail, count=1)
    # The filter's range is also a name of the workbook's.
    filtered = f"!$A$1:${last}$2</definedName>"
    if book.count(filtered) != 1:
        return fixed_zip(recommendations_xlsx(table, sheet_name, title, response_values, prompt), epoch)
    book = book.replace(filtered, f"!$A$1:${last}${count}</definedName>")
    return fixed_zip(small, epoch, {SHEET: (head + "".join(rows) + tail).encode("utf-8"), BOOK: book.encode("utf-8")})


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
