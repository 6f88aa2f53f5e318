"""What python-docx does not write: bookmarks, hyperlinks, footnotes, a custom XML part.

Works on the WordprocessingML elements (lxml) of a python-docx `Document`, so the same
run writer serves the body, table cells and footnotes. Every text passes `xml_safe` first:
content may hold control characters that XML (and Word) refuse.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part, XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn

from ..xmltypes import XmlElement

if TYPE_CHECKING:
    from .docx_templates import DocxObject

__all__ = ["qn"]  # (docx_report takes python-docx's qn from here)

# XML 1.0 characters; anything else (NUL, other C0 controls, lone surrogates, U+FFFE/FFFF) is dropped.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
LINK_SCHEMES = ("http://", "https://", "mailto:")
CUSTOM_XML_PROPS = "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"


def xml_safe(text: str | None) -> str:
    return _NOT_XML.sub("", text or "")


def safe_url(url: str | None) -> str | None:
    """An external link Word may open: http(s) and mailto only, without blanks or controls."""
    if not url:
        return None
    squeezed = "".join(ch for ch in xml_safe(url) if ch.isprintable() and not ch.isspace())
    return squeezed if squeezed.lower().startswith(LINK_SCHEMES) and len(squeezed) <= 2000 else None


def run(text: str, bold: bool = False, italic: bool = False, style: str | None = None) -> XmlElement:
    """A `w:r` with its text; line breaks and tabs become Word's own."""
    element: XmlElement = OxmlElement("w:r")
    if bold or italic or style:
        props = OxmlElement("w:rPr")
        if style:
            props.append(_val("w:rStyle", style))
        if bold:
            props.append(OxmlElement("w:b"))
        if italic:
            props.append(OxmlElement("w:i"))
        element.append(props)
    for index, line in enumerate(xml_safe(text).split("\n")):
        if index:
            element.append(OxmlElement("w:br"))
        for part_index, part in enumerate(line.split("\t")):
            if part_index:
                element.append(OxmlElement("w:tab"))
            if part:
                t = OxmlElement("w:t")
                t.text = part
                t.set(qn("xml:space"), "preserve")
                element.append(t)
    return element


def _val(tag: str, value: object) -> XmlElement:
    element: XmlElement = OxmlElement(tag)
    element.set(qn("w:val"), str(value))
    return element


def internal_link(anchor: str, runs: list[XmlElement]) -> XmlElement:
    """A `w:hyperlink` to a bookmark of the document."""
    link: XmlElement = OxmlElement("w:hyperlink")
    link.set(qn("w:anchor"), anchor)
    link.set(qn("w:history"), "1")
    for element in runs:
        link.append(element)
    return link


def external_link(part: DocxObject, url: str, runs: list[XmlElement]) -> XmlElement:
    """A `w:hyperlink` to a web address, related from `part` (the document or the footnotes)."""
    link: XmlElement = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), part.relate_to(url, RT.HYPERLINK, is_external=True))
    link.set(qn("w:history"), "1")
    for element in runs:
        link.append(element)
    return link


class Bookmarks:
    """Bookmarks spanning elements of the body: a start at the opening of the first paragraph,
    the end at the close of the last. A table is spanned from an empty paragraph before or after it
    (LibreOffice loses or splits bookmarks that start or end in a cell, or in the body between blocks)."""

    def __init__(self) -> None:
        self.next_id = 0
        self.names: dict[str, str] = {}   # lower-cased name -> name (Word compares names ignoring case)

    def span(self, name: str, first: XmlElement | None, last: XmlElement | None) -> bool:
        """Bookmark `first`..`last` (paragraphs or tables) as `name`; False if the name is taken."""
        if name.lower() in self.names or first is None or last is None:
            return False
        self.names[name.lower()] = name
        start = OxmlElement("w:bookmarkStart")
        start.set(qn("w:id"), str(self.next_id))
        start.set(qn("w:name"), name)
        end = OxmlElement("w:bookmarkEnd")
        end.set(qn("w:id"), str(self.next_id))
        self.next_id += 1
        if first.tag != qn("w:p"):  # a table: the bookmark opens in a paragraph just before it
            first = _spacer(first, before=True)
        props = first.find(qn("w:pPr"))
        first.insert(0 if props is None else list(first).index(props) + 1, start)
        if last.tag != qn("w:p"):  # and closes in a paragraph just after it
            last = _spacer(last, before=False)
        last.append(end)
        return True

    def __contains__(self, name: str) -> bool:
        return name.lower() in self.names


def _spacer(table: XmlElement, before: bool) -> XmlElement:
    """The empty paragraph next to a table that holds a bookmark's start or end (one per side)."""
    neighbour = table.getprevious() if before else table.getnext()
    if neighbour is not None and neighbour.tag == qn("w:p") and neighbour.get("spacer") is None \
            and not neighbour.findall(qn("w:r")) and (props := neighbour.find(qn("w:pPr"))) is not None \
            and props.find(qn("w:spacing")) is not None:
        return neighbour
    p: XmlElement = OxmlElement("w:p")
    props = OxmlElement("w:pPr")
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:before"), "0")
    spacing.set(qn("w:after"), "0")
    props.append(spacing)
    p.append(props)
    (table.addprevious if before else table.addnext)(p)
    return p


class Footnotes:
    """The footnotes part (`word/footnotes.xml`), made on the first footnote."""

    def __init__(self, document: DocxObject) -> None:
        self.document = document
        self.part: DocxObject | None = None
        self.next_id = 1

    def add(self) -> tuple[int, XmlElement]:
        """A new footnote: (its id, its `w:footnote` element to fill with paragraphs)."""
        if self.part is None:
            self.part = XmlPart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES,
                                parse_xml(_FOOTNOTES_XML), self.document.part.package)
            self.document.part.relate_to(self.part, RT.FOOTNOTES)
        note: XmlElement = OxmlElement("w:footnote")
        note.set(qn("w:id"), str(self.next_id))
        self.part.element.append(note)
        self.next_id += 1
        return self.next_id - 1, note

    @staticmethod
    def paragraph(note: XmlElement, first: bool) -> XmlElement:
        """A paragraph of a footnote; the first opens with the footnote's own number."""
        p: XmlElement = OxmlElement("w:p")
        props = OxmlElement("w:pPr")
        props.append(_val("w:pStyle", "FootnoteText"))
        p.append(props)
        if first:
            mark = OxmlElement("w:r")
            mark_props = OxmlElement("w:rPr")
            mark_props.append(_val("w:rStyle", "FootnoteReference"))
            mark.append(mark_props)
            mark.append(OxmlElement("w:footnoteRef"))
            p.append(mark)
            p.append(run(" "))
        note.append(p)
        return p

    @staticmethod
    def reference(note_id: int) -> XmlElement:
        """The run in the text that points to a footnote."""
        element: XmlElement = OxmlElement("w:r")
        props = OxmlElement("w:rPr")
        props.append(_val("w:rStyle", "FootnoteReference"))
        element.append(props)
        ref = OxmlElement("w:footnoteReference")
        ref.set(qn("w:id"), str(note_id))
        element.append(ref)
        return element


_FOOTNOTES_XML = (
    f'<w:footnotes {nsdecls("w", "r")}>'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
    'w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
    'w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
    '</w:footnotes>')


def add_custom_xml(document: DocxObject, data: bytes, schema: str, seed: str) -> None:
    """A custom XML part (`customXml/itemN.xml`) with its properties part, related from the document."""
    package = document.part.package
    taken = {str(p.partname) for p in package.iter_parts()}
    number = next(n for n in range(1, 1000) if f"/customXml/item{n}.xml" not in taken)
    item = Part(PackURI(f"/customXml/item{number}.xml"), CT.XML, data, package)
    item_id = "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, schema + "#" + seed)).upper() + "}"
    props = Part(PackURI(f"/customXml/itemProps{number}.xml"), CUSTOM_XML_PROPS, (
        '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
        '<ds:datastoreItem ds:itemID="%s" '
        'xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml">'
        '<ds:schemaRefs><ds:schemaRef ds:uri="%s"/></ds:schemaRefs></ds:datastoreItem>' % (item_id, schema)
    ).encode(), package)
    item.relate_to(props, RT.CUSTOM_XML_PROPS)
    document.part.relate_to(item, RT.CUSTOM_XML)


def add_styles(document: DocxObject) -> None:
    """The character and paragraph styles links and footnotes use (the default template lacks them)."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt, RGBColor

    styles = document.styles
    names = {style.name for style in styles}
    if "Hyperlink" not in names:
        link = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
        link.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
        link.font.underline = True
    if "Footnote Text" not in names:
        text = styles.add_style("Footnote Text", WD_STYLE_TYPE.PARAGRAPH)
        text.base_style = styles["Normal"]
        text.font.size = Pt(8.5)
        text.paragraph_format.space_after = Pt(0)
    if "Footnote Reference" not in names:
        ref = styles.add_style("Footnote Reference", WD_STYLE_TYPE.CHARACTER)
        ref.font.superscript = True


def toc_field(paragraph: DocxObject, instruction: str, placeholder: str) -> None:
    """A table-of-contents field: Word fills it on F9 (or when printing), from the headings."""
    p = paragraph._p
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, placeholder),
                       ("end", None)):
        element = OxmlElement("w:r")
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            element.append(char)
        elif text == instruction:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = instruction
            element.append(instr)
        else:
            element = run(text or "")  # (the placeholder: kind and text are never both None)
        p.append(element)


def repeat_header(row: DocxObject) -> None:
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(header)


def shade(cell: DocxObject, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def set_widths(table: DocxObject, widths_cm: Sequence[float]) -> None:
    """Fixed column widths: Word reads the cells' widths, LibreOffice the grid's, so both are set."""
    from docx.shared import Cm

    table.autofit = False
    for column, width in zip(table.columns, widths_cm):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm):
            cell.width = Cm(width)


CHAR_CM = 0.19      # an average character of the tables' 10 pt text
CELL_PADDING_CM = 0.4
MIN_COLUMN_CM = 1.5  # a column of signs or short figures: still a column a reader (and a PDF reader) sees


def content_widths(columns: Sequence[Sequence[str]], total_cm: float) -> list[float]:
    """Column widths that fit what each column holds, as a browser lays out a table: every column at
    least as wide as its longest word (else a word processor cuts the word at the cell's edge), the
    rest of the width shared by how much text each column holds on average. Too many columns for
    the page: each gets at most 80 % of an equal share first, so a column of sentences is not
    squeezed to the width of one word by nine columns of figures."""
    least = [max(MIN_COLUMN_CM, CELL_PADDING_CM + CHAR_CM * max((len(w) for t in texts for w in t.split()), default=1))
             for texts in columns]
    cap = total_cm / 2 if sum(least) < total_cm else 0.8 * total_cm / max(len(columns), 1)
    least = [min(w, cap) for w in least]
    average = [max(sum(len(t) for t in texts) / max(len(texts), 1), 1.0) for texts in columns]
    # the width shared by text, each column held at its least where its share would be less
    held: set[int] = set()
    while True:
        free = [i for i in range(len(columns)) if i not in held]
        if not free:  # (the caps above keep the least widths within the page: not reached)
            return [total_cm * w / sum(least) for w in least]
        room = total_cm - sum(least[i] for i in held)
        share = {i: room * average[i] / sum(average[j] for j in free) for i in free}
        below = {i for i in free if share[i] < least[i]}
        if not below:
            return [least[i] if i in held else share[i] for i in range(len(columns))]
        held |= below
