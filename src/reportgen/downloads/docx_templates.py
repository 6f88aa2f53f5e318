"""Lessons learned and emerging good practices in the ILO templates, as Word files.

The layout follows Annexes 9 and 10 of the report: the template's title, the
project title, project code, evaluator and date, the intro sentence, then a
two-column table (element | text) with a row per template field. Empty
fields stay as empty rows: the ILO template lists every element.
"""

from __future__ import annotations

import io
from typing import Any, Protocol

from pydantic import BaseModel

from ..content import schema
from .common import TemplateWords, Texts
from .docx_ooxml import set_widths, xml_safe
from .richtext import blocks

# python-docx ships no type information: its cells and styles are Any here.
DocxObject = Any


class TemplateItem(Protocol):
    """An item of a type with an ILO template (registry.ilo_template_types())."""

    @property
    def id(self) -> str: ...

    @property
    def title(self) -> schema.Text: ...

    @property
    def template(self) -> BaseModel | None: ...

LABEL_WIDTH_CM = 5.8
TEXT_WIDTH_CM = 11.2
HEADER_SHADE = "D9E1F2"
LABEL_SHADE = "F2F2F2"
LANGUAGE_TAGS = {"es": "es-ES", "en": "en-GB", "fr": "fr-FR"}
FONT = "Arial"


def template_docx(item: TemplateItem, words: TemplateWords, texts: Texts, evaluation: schema.Evaluation) -> bytes:
    """The item's ILO template, in the words of its type (`TemplateWords.of`)."""
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.shared import Cm, Pt

    from .docx_ooxml import repeat_header as _repeat_header, shade as _shade

    s = texts.s
    title, labels = words.title, words.fields

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))
    normal = document.styles["Normal"]
    normal.font.size = Pt(10)
    normal.font.name = FONT
    _set_language(normal, LANGUAGE_TAGS.get(texts.lang, texts.lang))
    props = document.core_properties
    # Word's document properties hold 255 characters (python-docx raises past them): cut, `check` warned
    # (text.too_long_for_template).
    props.title = _property(f"{item.id}. {texts.plain(item.title)}")
    props.subject = _property(title)
    props.language = LANGUAGE_TAGS.get(texts.lang, texts.lang)
    props.author = _property(evaluation.template_evaluator)

    document.add_heading(title, level=1)
    for label, value in ((s["project_title"], texts.plain(evaluation.title)),
                         (s["project_code"], evaluation.code),
                         (s["evaluator_name"], evaluation.template_evaluator or ""),
                         (s["date"], texts.plain(evaluation.template_date))):
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(xml_safe(value))
    intro = document.add_paragraph()
    intro.add_run(words.intro).italic = True

    table = document.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    head = table.rows[0]
    _repeat_header(head)
    _cell_text(head.cells[0], words.heading, bold=True)
    _cell_text(head.cells[1], f"{item.id}. {texts.plain(item.title)}", bold=True)
    for cell in head.cells:
        _shade(cell, HEADER_SHADE)
    for name, label in labels.items():
        row = table.add_row()
        _label(row.cells[0], label)
        _shade(row.cells[0], LABEL_SHADE)
        _markdown(row.cells[1], texts.tr(getattr(item.template, name)))
    set_widths(table, (LABEL_WIDTH_CM, TEXT_WIDTH_CM))
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.space_before = Pt(2)
                paragraph.paragraph_format.space_after = Pt(4)

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


PROPERTY_CHARS = 255


def _property(text: str | None) -> str:
    return xml_safe(text)[:PROPERTY_CHARS]


def _label(cell: DocxObject, label: str) -> None:
    """Like the ILO form: the element's name in bold, its parenthetical explanation not."""
    paragraph = cell.paragraphs[0]
    name, sep, rest = label.partition(" (")
    paragraph.add_run(name).bold = True
    if sep:
        paragraph.add_run(" (" + rest)


def _cell_text(cell: DocxObject, text: str, bold: bool = False) -> None:
    cell.paragraphs[0].add_run(xml_safe(text)).bold = bold


def _markdown(cell: DocxObject, text: str) -> None:
    """The field's Markdown as paragraphs of runs; an empty field leaves the cell empty."""
    from docx.shared import Cm

    first = True
    for block in blocks(text):
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        if block.list_kind == "bullet":
            paragraph.style = "List Bullet" if block.level <= 1 else "List Bullet 2"
        elif block.list_kind == "ordered":
            paragraph.add_run(f"{block.number}. ")
        if block.level and block.list_kind != "bullet":
            paragraph.paragraph_format.left_indent = Cm(0.6 * block.level)
        for run in block.runs:
            added = paragraph.add_run(xml_safe(run.text))
            added.bold = run.bold or None
            added.italic = run.italic or None


def _set_language(style: DocxObject, tag: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rpr = style.element.get_or_add_rPr()
    for old in rpr.findall(qn("w:lang")):
        rpr.remove(old)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), tag)
    rpr.append(lang)
