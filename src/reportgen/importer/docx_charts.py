"""A Word chart (Insert > Chart: a drawing whose graphic is a chart part, word/charts/chartN.xml) as the
table of its data, which pandoc would drop without a word.

The chart part holds the chart's title, its series' names and a cache of their categories and values;
the workbook embedded beside it (word/embeddings/….xlsx) holds the same data with the name of the
categories' column, which the chart part does not. Before pandoc reads the file, the chart's
drawing is replaced by a "Chart data: <title>" line and a Word table of its data: the importer reads
that as a `charts` item drawn over a `tables` item (tables.py), as it reads reportgen's own outputs.
A chart without its values in the file (linked to a workbook elsewhere) becomes a marked line, which
IMPORT.md lists as left out with its line (`chart_notes`).

Every part is read from the archive docx_reader.check_archive has bounded; the embedded workbook, a
zip inside the zip, is read with a cap of its own (`MAX_WORKBOOK_PART_BYTES`), never unpacked whole.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Callable

from lxml import etree

from ..xmltypes import XmlElement

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PACKAGE_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
X = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
MAX_CHARTS = 200
MAX_POINTS = 500                        # categories of one chart read (a chart of a report has tens)
MAX_WORKBOOK_PART_BYTES = 4 * 1024 * 1024
CHART_MARK = "\ue00c"                   # a chart whose data is not in the file, until the Markdown is made
CATEGORY = "Category"                   # the categories' column, when neither the workbook nor an axis names it
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
_CELL = re.compile(r"\$?([A-Z]{1,3})\$?(\d+)")

Part = Callable[[str], "bytes | None"]


def chart_tables(document: bytes, part: Part) -> bytes:
    """document.xml with each chart's drawing replaced by its data (or a marked line when it has none)."""
    if b"drawingml/2006/chart" not in document:
        return document
    root = etree.fromstring(document, _PARSER)
    targets = _relationships(part("word/_rels/document.xml.rels"), "word")
    for count, reference in enumerate(list(root.iter(f"{C}chart"))):
        drawing = next((a for a in reference.iterancestors() if a.tag == f"{W}drawing"), None)
        paragraph = next((a for a in reference.iterancestors() if a.tag == f"{W}p"), None)
        if drawing is None or paragraph is None or count >= MAX_CHARTS:
            continue
        name = targets.get(reference.get(f"{R}id") or "")
        data = part(name) if name else None
        chart = _read_chart(data, name or "", part) if data else None
        after = paragraph
        for element in _replacement(chart):
            after.addnext(element)
            after = element
        run = drawing.getparent()
        if run is not None and run.tag == f"{W}r" and run.getparent() is not None:
            run.getparent().remove(run)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def chart_notes(markdown: str) -> str:
    """A chart without its data: an image tag IMPORT.md reports as left out (run._images), with why."""
    def note(match: re.Match[str]) -> str:
        title = match.group(1).strip().replace('"', "&quot;")
        return (f'<img alt="{title}" data-what="a chart" data-left-out="its data is not in the Word file (it is linked '
                'to a workbook elsewhere); give its data as a table and a chart by hand">')

    return re.sub(CHART_MARK + r"([^\n]*)", note, markdown)


class _Chart:
    def __init__(self, title: str, header: list[str], rows: list[list[str]]):
        self.title, self.header, self.rows = title, header, rows


def _relationships(xml: bytes | None, folder: str) -> dict[str, str]:
    """Relationship ID -> part name (resolved from `folder`), for a part's .rels."""
    if not xml:
        return {}
    try:
        root = etree.fromstring(xml, _PARSER)
    except etree.XMLSyntaxError:
        return {}
    return {r.get("Id") or "": posixpath.normpath(posixpath.join(folder, r.get("Target") or ""))
            for r in root.iter(f"{PACKAGE_RELS}Relationship") if r.get("TargetMode") != "External"}


def _texts(element: XmlElement | None, tag: str) -> list[str]:
    return ["".join(t.text or "" for t in element.iter(tag))] if element is not None else []


def _points(element: XmlElement | None) -> dict[int, str]:
    """The cached points of a series' categories or values: index -> value."""
    found: dict[int, str] = {}
    if element is None:
        return found
    for point in element.iter(f"{C}pt"):
        index, value = point.get("idx") or "", point.find(f"{C}v")
        if index.isdigit() and int(index) < MAX_POINTS and value is not None:
            found[int(index)] = (value.text or "").strip()
    return found


def _read_chart(xml: bytes, name: str, part: Part) -> _Chart | None:
    try:
        root = etree.fromstring(xml, _PARSER)
    except etree.XMLSyntaxError:
        return None
    title = root.find(f"{C}chart/{C}title")
    title_text = " ".join(" ".join(_texts(title, f"{A}t")).split())
    series = list(root.iter(f"{C}ser"))
    columns: list[tuple[str, dict[int, str]]] = []
    categories: dict[int, str] = {}
    reference = ""
    for number, each in enumerate(series, start=1):
        values = _points(each.find(f"{C}val"))
        if not values:
            continue
        label = " ".join(" ".join(_texts(each.find(f"{C}tx"), f"{C}v")).split()) or f"Series {number}"
        columns.append((label, values))
        categories = categories or _points(each.find(f"{C}cat"))
        formula = each.find(f"{C}cat//{C}f")
        reference = reference or (formula.text or "" if formula is not None else "")
    if not columns:
        return _Chart(title_text, [], [])
    indexes = sorted(set(categories) | {i for _, values in columns for i in values})
    header = [_category_name(root, name, reference, part)] + [label for label, _ in columns]
    rows = [[categories.get(i, str(i + 1))] + [values.get(i, "") for _, values in columns] for i in indexes]
    return _Chart(title_text, header, rows)


def _category_name(root: XmlElement, name: str, reference: str, part: Part) -> str:
    """The categories' column name: the cell above them in the embedded workbook, else the category
    axis's title, else CATEGORY."""
    cell = _CELL.search(reference.split("!")[-1]) if reference else None
    workbook = next((target for target in _relationships(part(_rels_of(name)), posixpath.dirname(name)).values()
                     if target.endswith((".xlsx", ".xlsm"))), None)
    if cell and workbook and int(cell.group(2)) > 1:
        found = _workbook_cell(part(workbook), f"{cell.group(1)}{int(cell.group(2)) - 1}")
        if found:
            return found
    axis = " ".join(" ".join(_texts(root.find(f".//{C}catAx/{C}title"), f"{A}t")).split())
    return axis or CATEGORY


def _rels_of(name: str) -> str:
    return posixpath.join(posixpath.dirname(name), "_rels", posixpath.basename(name) + ".rels")


def _workbook_cell(data: bytes | None, address: str) -> str:
    """One cell's text of the embedded workbook's first sheet ('' when it cannot be read within the caps)."""
    if not data:
        return ""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            def read(member: str) -> bytes:
                with book.open(member) as stream:
                    content = stream.read(MAX_WORKBOOK_PART_BYTES + 1)
                if len(content) > MAX_WORKBOOK_PART_BYTES:
                    raise ValueError("too large")
                return content

            names = set(book.namelist())
            sheet = etree.fromstring(read("xl/worksheets/sheet1.xml"), _PARSER)
            strings = etree.fromstring(read("xl/sharedStrings.xml"), _PARSER) if "xl/sharedStrings.xml" in names else None
    except (KeyError, ValueError, OSError, zipfile.BadZipFile, etree.XMLSyntaxError):
        return ""
    found = next((c for c in sheet.iter(f"{X}c") if c.get("r") == address), None)
    if found is None:
        return ""
    if found.get("t") == "inlineStr":
        return "".join(t.text or "" for t in found.iter(f"{X}t")).strip()
    value = found.find(f"{X}v")
    text = (value.text or "").strip() if value is not None else ""
    if found.get("t") == "s" and strings is not None and text.isdigit():
        items = strings.findall(f"{X}si")
        return "".join(t.text or "" for t in items[int(text)].iter(f"{X}t")).strip() if int(text) < len(items) else ""
    return text


def _paragraph(text: str) -> XmlElement:
    paragraph: XmlElement = etree.Element(f"{W}p")
    run = etree.SubElement(paragraph, f"{W}r")
    etree.SubElement(run, f"{W}t", {"{http://www.w3.org/XML/1998/namespace}space": "preserve"}).text = text
    return paragraph


def _replacement(chart: _Chart | None) -> list[XmlElement]:
    """The chart's data line and table (or a marked line, for a chart without data)."""
    if chart is None or not chart.rows:
        return [_paragraph(CHART_MARK + (chart.title if chart else ""))]
    table = etree.Element(f"{W}tbl")
    etree.SubElement(etree.SubElement(table, f"{W}tblPr"), f"{W}tblW", {f"{W}w": "0", f"{W}type": "auto"})
    grid = etree.SubElement(table, f"{W}tblGrid")
    for _ in chart.header:
        etree.SubElement(grid, f"{W}gridCol", {f"{W}w": str(9000 // len(chart.header))})
    for number, row in enumerate([chart.header, *chart.rows]):
        line = etree.SubElement(table, f"{W}tr")
        if number == 0:  # the header row, as pandoc knows it
            etree.SubElement(etree.SubElement(line, f"{W}trPr"), f"{W}tblHeader")
        for value in row:
            etree.SubElement(line, f"{W}tc").append(_paragraph(value))
    return [_paragraph(f"Chart data: {chart.title}" if chart.title else "Chart data"), table]
