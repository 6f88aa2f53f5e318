"""The comments matrix: a round's comments as one table an evaluation office works in.

Export (.xlsx or .docx): one row per comment (number, item and paragraph, reviewer, comment,
quoted text, suggested change) and the evaluation team's columns (response status, a drop-down
of the Response model's statuses; response; items changed). The comment columns are grey and,
in Excel, locked (the sheet is protected without a password: Review › Unprotect Sheet lifts it);
the response columns and the empty rows below the comments stay editable, so an office can add
comments it received by e-mail as new rows (number left empty).

Import: every row is checked (a status not in the list, an item that does not exist, a comment
whose text was changed in the matrix, a new row without its reviewer); all problems are told at
once, with their row, and nothing is written while there is one.

Cells are written as text, never as formulas (a comment starting with = + - @ stays words), without
control characters, and cut at Excel's 32,767 characters with a note (the full text stays in YAML).
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, ParamSpec, TypeVar

from ..content.schema import RESPONSE_STATUSES
from ..graph import PAGE_TARGETS
from .anchors import normalise
from .incoming import IncomingComment
from .merge import ResponseUpdate
from .package import Package, PackageError

if TYPE_CHECKING:
    from ..graph import Graph

P = ParamSpec("P")
T = TypeVar("T")
# openpyxl and python-docx ship no type information: their cells are Any here.
Cell = Any

COLUMNS = ("No.", "Item", "Paragraph", "Reviewer", "Comment", "Quoted text", "Suggested change",
           "Response status", "Response", "Items changed")
EDITABLE = ("Response status", "Response", "Items changed")
# The catalog keys of the columns (interface texts `comments_matrix.columns`): the matrix is written
# with the headers of its language and read back whatever language its headers are in.
COLUMN_KEYS = dict(zip(COLUMNS, ("number", "item", "paragraph", "reviewer", "comment", "quote", "suggestion",
                                 "status", "response", "changed")))


@dataclass(frozen=True)
class MatrixTexts:
    """The words a matrix is written with: its column headers (in COLUMNS order), title and instructions."""

    headers: tuple[str, ...] = COLUMNS
    title: str = "Comments matrix — {round}"
    instructions: str = ("Grey columns are the comments as received; write the evaluation team's answers in the "
                         "last three columns (response status: {statuses}).")

    @classmethod
    def from_catalog(cls, texts: dict[str, Any]) -> "MatrixTexts":
        """From one language's interface texts (`comments_matrix`)."""
        return cls(tuple(texts["columns"][COLUMN_KEYS[c]] for c in COLUMNS), texts["title"], texts["instructions"])


def header_names(catalogs: list[dict[str, Any]]) -> dict[str, str]:
    """Every language's header text (case folded) -> the column it names; English names always known."""
    names = {c.casefold(): c for c in COLUMNS}
    for texts in catalogs:
        names.update({" ".join(str(texts["columns"][COLUMN_KEYS[c]]).split()).casefold(): c for c in COLUMNS})
    return names
META_SHEET = "reportgen"
MATRIX_TITLE = "reportgen comments matrix"  # the .docx matrix's document title: tells it from a draft
EXCEL_LIMIT = 32_767
CUT_MARK = " … [cut: the full text is in the round's YAML file]"
SPARE_ROWS = 300          # empty, editable rows below the comments, for comments received otherwise
DOCX_SPARE_ROWS = 10      # the same in Word (a reviewer adds more rows with Tab in the last cell)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
GREY = "E7E6E6"


@dataclass
class MatrixProblem:
    row: int | None
    message: str
    hint: str = ""


@dataclass
class MatrixRead:
    comments: list[IncomingComment] = field(default_factory=list)     # new rows
    updates: list[ResponseUpdate] = field(default_factory=list)       # responses to existing comments
    new_responses: dict[str, ResponseUpdate] = field(default_factory=dict)  # source of a new row -> response
    problems: list[MatrixProblem] = field(default_factory=list)


class MatrixFileError(Exception):
    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message, self.hint = message, hint


# --- export ------------------------------------------------------------------------------------

def cell_text(value: object, notes: list[str] | None = None, where: str = "") -> str:
    """A value as safe cell text: no control characters, at most Excel's 32,767 characters."""
    text = _CONTROL.sub("", "" if value is None else str(value))
    if len(text) > EXCEL_LIMIT:
        text = text[:EXCEL_LIMIT - len(CUT_MARK)] + CUT_MARK
        if notes is not None:
            notes.append(f"{where}: longer than Excel's {EXCEL_LIMIT:,} characters; cut in the matrix "
                         "(the full text stays in the YAML file)")
    return text


# A suggested change in one cell: "−old words → +new words", "−removed words" or "+added words".
# A reviewer may also type a bare proposal ("Say 'in 2023'"): that is the words they propose.
_CHANGE = re.compile(r"^[−-](?P<deleted>.+?)\s*(?:→|->)\s*\+(?P<inserted>.+)$", re.S)


def format_change(deleted: str | None, inserted: str | None) -> str:
    return " → ".join(part for part in (f"−{deleted}" if deleted else "", f"+{inserted}" if inserted else "")
                      if part)


def parse_change(cell: str) -> tuple[str | None, str | None]:
    """(deleted, inserted) of a Suggested change cell: the inverse of `format_change`."""
    cell = cell.strip()
    if not cell:
        return None, None
    both = _CHANGE.match(cell)
    if both:
        return both["deleted"].strip() or None, both["inserted"].strip() or None
    if cell.startswith("−"):  # U+2212, as the export writes it (a "-" may open a reviewer's list)
        return cell[1:].strip() or None, None
    return None, cell[1:].strip() if cell.startswith("+") else cell


def rows_of(graph: Graph, round_id: str, language: str, notes: list[str]) -> list[list[str]]:
    """One row per comment of the round, in the columns of COLUMNS."""
    rows = []
    for comment in graph.content.comments:
        if comment.round != round_id:
            continue
        response = comment.response
        suggestion = comment.suggestion
        change = format_change(suggestion.deleted, suggestion.inserted) if suggestion is not None else ""
        values = [comment.id, comment.target or "", comment.paragraph or "", comment.organisation, comment.text,
                  comment.quote or "", change, response.status if response else "",
                  (response.text.get(language) or next(iter(response.text.root.values()), "") or "")
                  if response else "", ", ".join(response.changed) if response else ""]
        rows.append([cell_text(v, notes, f"{comment.id}, {COLUMNS[i]}") for i, v in enumerate(values)])
    return rows


def export_xlsx(rows: list[list[str]], path: Path, meta: dict[str, str], texts: MatrixTexts = MatrixTexts()) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.title = "Comments"
    grey = PatternFill("solid", fgColor=GREY)
    for column, name in enumerate(texts.headers, 1):
        cell = sheet.cell(row=1, column=column, value=cell_text(name))
        cell.font = Font(bold=True)
        cell.fill = grey
    for row_number, row in enumerate(rows, 2):
        for column, value in enumerate(row, 1):
            _text_cell(sheet.cell(row=row_number, column=column), value)
    last = len(rows) + 1 + SPARE_ROWS
    editable = {COLUMNS.index(name) + 1 for name in EDITABLE}
    for row_number in range(2, last + 1):
        spare = row_number > len(rows) + 1
        for column in range(1, len(COLUMNS) + 1):
            cell = sheet.cell(row=row_number, column=column)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if column in editable or spare:
                cell.protection = Protection(locked=False)
            else:
                cell.fill = grey
    status = COLUMNS.index("Response status") + 1
    letter = sheet.cell(row=1, column=status).column_letter
    validation = DataValidation(type="list", formula1='"' + ",".join(RESPONSE_STATUSES) + '"', allow_blank=True,
                                showErrorMessage=True, errorTitle=cell_text(texts.headers[status - 1])[:32],
                                error="Choose one of: " + ", ".join(RESPONSE_STATUSES))
    validation.add(f"{letter}2:{letter}{last}")
    sheet.add_data_validation(validation)
    for column_letter, width in zip("ABCDEFGHIJ", (8, 14, 10, 22, 60, 40, 30, 18, 60, 18)):
        sheet.column_dimensions[column_letter].width = width
    sheet.freeze_panes = "A2"
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False
    info = book.create_sheet(META_SHEET)
    for row_number, (key, value) in enumerate(meta.items(), 1):
        _text_cell(info.cell(row=row_number, column=1), key)
        _text_cell(info.cell(row=row_number, column=2), value)
    info.sheet_state = "hidden"
    book.save(path)


def _text_cell(cell: Cell, value: str) -> None:
    """Text, never a formula: "=SUM(…)" or "-1" typed by a reviewer stays the words they typed."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if value[:1] in ("=", "+", "-", "@"):
            cell.quotePrefix = True


def export_docx(rows: list[list[str]], path: Path, meta: dict[str, str], texts: MatrixTexts = MatrixTexts()) -> None:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    document.add_heading(cell_text(texts.title.format(round=meta.get("round", ""))), level=1)
    document.add_paragraph(cell_text(texts.instructions.format(statuses=", ".join(RESPONSE_STATUSES))))
    table = document.add_table(rows=1, cols=len(COLUMNS))
    table.style = "Table Grid"
    editable = {COLUMNS.index(name) for name in EDITABLE}
    status = COLUMNS.index("Response status")
    spare = [[""] * len(COLUMNS)] * DOCX_SPARE_ROWS
    for position, row_values in enumerate([list(texts.headers), *rows, *spare]):
        cells = table.rows[0].cells if position == 0 else table.add_row().cells
        for column, value in enumerate(row_values):
            cells[column].text = cell_text(value)
            for paragraph in cells[column].paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(8)
            if position and column == status:
                _drop_down(cells[column], texts.headers[status])
            if column not in editable and position <= len(rows):
                shading = OxmlElement("w:shd")
                shading.set(qn("w:val"), "clear")
                shading.set(qn("w:fill"), GREY)
                cells[column]._tc.get_or_add_tcPr().append(shading)
    header = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    header.append(repeat)
    document.core_properties.identifier = " ".join(f"{k}={v}" for k, v in meta.items())
    document.core_properties.title = MATRIX_TITLE
    document.save(str(path))


def _drop_down(cell: Cell, label: str) -> None:
    """Make a cell's paragraph a drop-down list content control of the response statuses (Word shows
    the list; LibreOffice keeps it as a drop-down field); its text is read back like any cell's."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph = cell._tc.find(qn("w:p"))
    control, properties, content = OxmlElement("w:sdt"), OxmlElement("w:sdtPr"), OxmlElement("w:sdtContent")
    for name, value in (("w:alias", cell_text(label)[:64]), ("w:tag", "response-status")):
        element = OxmlElement(name)
        element.set(qn("w:val"), value)
        properties.append(element)
    choices = OxmlElement("w:dropDownList")
    for status in RESPONSE_STATUSES:
        item = OxmlElement("w:listItem")
        item.set(qn("w:displayText"), status)
        item.set(qn("w:value"), status)
        choices.append(item)
    properties.append(choices)
    control.append(properties)
    paragraph.addprevious(control)
    content.append(paragraph)
    control.append(content)


# --- import ------------------------------------------------------------------------------------

def read_matrix(path: Path, graph: Graph, round_id: str, language: str, reviewer: str | None = None,
                headers: dict[str, str] | None = None) -> MatrixRead:
    """New comments and responses of a filled-in matrix, every row checked."""
    if path.suffix.lower() == ".docx":
        meta, table = _docx_table(path)
    else:
        meta, table = _xlsx_table(path)
    code = graph.content.evaluation.code if graph.content.evaluation else None
    if meta.get("evaluation") and code and meta["evaluation"] != code:
        raise MatrixFileError(f"this is the matrix of another evaluation ({meta['evaluation']}); this project is "
                              f"{code}", "import it into the project it came from")
    if meta.get("round") and meta["round"] != round_id:
        raise MatrixFileError(f"this is the matrix of round {meta['round']!r}, not of {round_id!r}",
                              f"import it with: reportgen comments import {meta['round']} {path.name}")
    return _rows(path, table, graph, round_id, language, reviewer, headers or header_names([]))


def _rows(path: Path, table: list[tuple[int, list[str]]], graph: Graph, round_id: str, language: str,
          reviewer: str | None, headers: dict[str, str]) -> MatrixRead:
    result = MatrixRead()
    if not table:
        raise MatrixFileError("the matrix has no header row", "export a matrix with 'reportgen comments export'")
    header_row, header = table[0]
    names = [headers.get(" ".join(h.split()).casefold()) for h in header]
    missing = [c for c in COLUMNS if c not in names]
    if missing:
        raise MatrixFileError(f"row {header_row}: not a reportgen comments matrix (columns missing: "
                              f"{', '.join(missing)})", "export one with 'reportgen comments export ROUND -o FILE'")
    at = {c: names.index(c) for c in COLUMNS}
    comments = {c.id: c for c in graph.content.comments}
    for row_number, values in table[1:]:
        def get(name: str) -> str:
            return values[at[name]].strip() if at[name] < len(values) else ""

        if not any(v.strip() for v in values):
            continue
        problems = len(result.problems)

        def problem(message: str, hint: str = "") -> None:
            result.problems.append(MatrixProblem(row_number, message, hint))

        status, response, changed = get("Response status"), get("Response"), get("Items changed")
        changed_ids = [i for i in re.split(r"[\s,;]+", changed) if i]
        for item in changed_ids:
            if item not in graph.nodes:
                problem(f"Items changed: {item!r} is not an item of the report", "write item IDs, e.g. R3, H12")
        if status and status not in RESPONSE_STATUSES:
            problem(f"Response status {status!r} is not one of the list",
                    "choose one of: " + ", ".join(RESPONSE_STATUSES))
        if (status or changed_ids) and not response:
            problem("a response status or items changed without a response", "write the team's response in the Response column")
        if response and not status:
            problem("a response without a status", "choose a Response status: " + ", ".join(RESPONSE_STATUSES))
        target, paragraph = get("Item") or None, get("Paragraph")
        if target and target not in graph.nodes and not (target.startswith("page:")
                                                         and target[5:] in PAGE_TARGETS):
            problem(f"Item {target!r} is not an item of the report", "write an item ID (R3, H12) or page:NAME, "
                    "or leave it empty")
        if paragraph and not re.fullmatch(r"\d{1,5}(\.0)?", paragraph):
            problem(f"Paragraph {paragraph!r} is not a number", "write the paragraph's number, e.g. 85")
        number = get("No.")
        text = get("Comment")
        if number:
            comment = comments.get(number)
            if comment is None or comment.round != round_id:
                problem(f"No. {number} is not a comment of round {round_id}",
                        "leave No. empty for a new comment; do not renumber rows")
                continue
            if normalise(cell_text(comment.text)) != normalise(text):
                problem(f"the text of comment {number} was changed in the matrix",
                        "comments are kept as received: put the text back (or change it in the round's YAML "
                        "file) and write the team's answer in the Response column")
            if status and len(result.problems) == problems:
                result.updates.append(ResponseUpdate(number, status, response, language, changed_ids))
            continue
        if not text and not get("Suggested change"):
            problem("a new row without a comment", "write the comment (or a suggested change), or delete the row")
            continue
        organisation = reviewer or get("Reviewer")
        if not organisation:
            problem("a new comment without its reviewer", "write the organisation in the Reviewer column")
        if len(result.problems) > problems:
            continue
        source = f"{path.name}#row{row_number}"
        deleted, inserted = parse_change(get("Suggested change"))
        result.comments.append(IncomingComment(
            source=source, organisation=organisation, text=text, target=target,
            paragraph=int(float(paragraph)) if paragraph else None, quote=get("Quoted text") or None,
            deleted=deleted, inserted=inserted, language=language, location=f"row {row_number}", placed_by="given" if target else None))
        if status:
            result.new_responses[source] = ResponseUpdate("", status, response, language, changed_ids)
    return result


def _xlsx_table(path: Path) -> tuple[dict[str, str], list[tuple[int, list[str]]]]:
    try:
        with Package(path, ".xlsx") as package:
            package.refuse_declarations()
    except PackageError as exc:
        raise MatrixFileError(exc.message, exc.hint) from None
    from openpyxl import load_workbook

    try:
        book = _quietly(load_workbook, path, read_only=True, data_only=False, keep_links=False)
        try:
            meta = {}
            if META_SHEET in book.sheetnames:
                for row in book[META_SHEET].iter_rows(max_col=2, values_only=True):
                    if row and row[0]:
                        meta[str(row[0])] = "" if len(row) < 2 or row[1] is None else str(row[1])
            sheet = book["Comments"] if "Comments" in book.sheetnames else book.worksheets[0]
            table = _quietly(lambda: [(number, [_cell(v) for v in row])
                                      for number, row in enumerate(sheet.iter_rows(values_only=True), 1)])
        finally:
            book.close()
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        raise MatrixFileError(f"the workbook cannot be read ({type(exc).__name__}: {str(exc)[:200]})",
                              "open it in Excel or LibreOffice and save it again as .xlsx") from None
    return meta, table


def _quietly(function: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """openpyxl warns about what it does not read (extensions, odd names): not the user's concern here."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return function(*args, **kwargs)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _docx_table(path: Path) -> tuple[dict[str, str], list[tuple[int, list[str]]]]:
    from .word import DC, W  # the same namespaces

    try:
        with Package(path, ".docx") as package:
            document = package.xml("word/document.xml")
            core = package.xml("docProps/core.xml")
    except PackageError as exc:
        raise MatrixFileError(exc.message, exc.hint) from None
    meta = {}
    identifier = core.findtext(DC + "identifier") if core is not None else ""
    meta["title"] = (core.findtext(DC + "title") if core is not None else "") or ""
    for pair in (identifier or "").split():
        if "=" in pair:
            key, value = pair.split("=", 1)
            meta[key] = value
    table = document.find(f".//{W}tbl") if document is not None else None
    if table is None:
        raise MatrixFileError("the document holds no table", "export a matrix with 'reportgen comments export'")
    rows = []
    for number, row in enumerate(table.iter(W + "tr"), 1):
        cells = []
        for cell in row.iter(W + "tc"):
            paragraphs = ["".join(t.text or "" for t in p.iter(W + "t")) for p in cell.iter(W + "p")]
            cells.append("\n".join(paragraphs))
        rows.append((number, cells))
    return meta, rows


def is_matrix_docx(path: Path) -> bool:
    """Whether a .docx is a comments matrix (rather than a reviewer's copy of the draft)."""
    try:
        meta, table = _docx_table(path)
    except MatrixFileError:
        return False
    return meta.get("title") == MATRIX_TITLE or (
        bool(table) and [" ".join(c.split()) for c in table[0][1][:len(COLUMNS)]] == list(COLUMNS))
