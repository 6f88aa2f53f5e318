"""The whole report as an editable Word document: the draft sent out for comments, or the report.

In the report's own order (as the one-page edition, render/pages.py `print_order`): title,
cover sheet, acronyms, executive summary, findings by chapter (or criterion) and section with
their key findings and analysis, conclusions, lessons learned, good practices (with their ILO
template tables, every field listed), recommendations with their field table, annexes.

Headings use Word's Heading 1-6 styles (the navigation pane and a table of contents read them);
footnotes are Word footnotes; `[[ID]]` references are links to the item's bookmark.

Every item, and every paragraph of an item's text, is spanned by a bookmark named with
`review.incoming.bookmark_name(item, paragraph)`: a comment anchored in the text can be traced
back. The paragraph is the report's own number when `numbered_paragraphs` is on (unnumbered
paragraphs are then covered by their item's bookmark only), else the 1-based position of the
block (paragraph, heading, list item or table) in the item's text. Chapters' own texts (the
summary, chapter introductions) belong to "page:NAME" targets, as comments on the site do.
The document's identity and every bookmark are in a custom XML part (review/wordmap.py).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from typing import Iterable

from .. import __version__
from ..content import registry
from ..content.registry import ItemType
from ..content.schema import Recommendation, Section
from ..content.tables import Chart, Column, Table
from ..content.markdown import line_words
from ..content.tables import resolved_rows
from ..graph import Graph
from ..render.order import ordered_sections
from ..render.report_view import ReportView, annex_entries
from ..render.tables import format_number
from ..labels import criteria_of_recommendation, linked_items, markdown_file, title_of
from ..render.text import inline, number_paragraphs
from ..render.views import OutlineGroup, findings_outline
from ..review.incoming import bookmark_name
from ..review.wordmap import NAMESPACE, Bookmark, BookmarkNames, DraftMap, Identity, map_xml
from . import docx_ooxml as ox
from .common import TemplateWords, Texts
from ..xmltypes import XmlElement
from .docx_templates import FONT, LANGUAGE_TAGS, DocxObject, _set_language
from .richtext import Block, Rich, Run, rich

HEADER_SHADE = "D9E1F2"
LABEL_SHADE = "F2F2F2"
MAX_HEADING = 6
MARGIN_CM = 2.2
TEXT_WIDTH_CM = 21 - 2 * MARGIN_CM   # A4
LABEL_WIDTH_CM = 5.2                 # the label column of field tables
_MARK = re.compile("\ue000(\\d+)\ue001")
_MARKERS = re.compile("[\ue000\ue001]")


def report_docx_name(edition: str, lang: str) -> str:
    """The download's file name: the review edition is the draft sent out for comments."""
    return f"{'draft' if edition == 'review' else 'report'}-{lang}.docx"


@dataclass
class WrittenDocx:
    data: bytes
    bookmarks: dict[str, int]     # bookmarks per kind of target ("finding", "paragraph", "page" …)
    footnotes: int
    identity: Identity


def report_docx(graph: Graph, texts: Texts, sent_for: str | None = None) -> WrittenDocx:
    """The report in `texts.lang`, as the graph's edition holds it; `sent_for`: the comment round the
    draft is sent out for (recorded, so that its comments cannot be imported into another round)."""
    return _Writer(graph, texts, sent_for).write()


class _Writer:
    def __init__(self, graph: Graph, texts: Texts, sent_for: str | None = None):
        from docx import Document
        from docx.shared import Cm, Pt

        self.graph, self.texts, self.s = graph, texts, texts.s
        self.sent_for = sent_for
        self.content = graph.content
        assert self.content.evaluation is not None, "checked content without errors has an evaluation"
        self.evaluation = self.content.evaluation
        self.lang = texts.lang
        self.numbered = graph.ctx.config.numbered_paragraphs
        self.doc = Document()
        section = self.doc.sections[0]
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Cm(MARGIN_CM))
        normal = self.doc.styles["Normal"]
        normal.font.name, normal.font.size = FONT, Pt(10.5)
        _set_language(normal, LANGUAGE_TAGS.get(self.lang, self.lang))
        ox.add_styles(self.doc)
        self.bookmarks = ox.Bookmarks()
        self.footnotes = ox.Footnotes(self.doc)
        self.names = BookmarkNames()
        self.counts: dict[str, int] = {}
        self.paragraphs: dict[str, int] = {}   # item -> paragraphs counted so far (1-based positions)
        self.links: list[tuple[XmlElement, str]] = []  # internal hyperlinks, checked against bookmarks at the end
        self.written_tables: set[str] = set()
        self.style_ids: dict[str, str] = {}

    def _paragraph(self, style: str | None = None, container: DocxObject = None) -> DocxObject:
        """A new paragraph (python-docx looks a style up by name on every call: slow, so by id here)."""
        paragraph = (container or self.doc).add_paragraph()
        if style:
            if style not in self.style_ids:
                self.style_ids[style] = self.doc.styles[style].style_id
            paragraph._p.get_or_add_pPr().style = self.style_ids[style]
        return paragraph

    # --- the document --------------------------------------------------------------------
    def write(self) -> WrittenDocx:
        evaluation = self.evaluation
        identity = Identity(ox.xml_safe(evaluation.code), self.graph.ctx.edition, self.lang, __version__,
                            self._latest_round(), self.sent_for and ox.xml_safe(self.sent_for))
        self._properties(identity)
        self._title(identity)
        self._cover()
        self._glossary()
        self._summary()
        self._findings()
        self._conclusions()
        for item_type in registry.ilo_template_types():
            self._learning(item_type)
        self._recommendations()
        self._annexes()
        self._paragraph()  # the last bookmark closes before the document's end (LibreOffice drops it there)
        self._resolve_links()
        ox.add_custom_xml(self.doc, map_xml(DraftMap(identity, self.names, self.numbered)), NAMESPACE,
                          identity.identifier())
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return WrittenDocx(buffer.getvalue(), dict(sorted(self.counts.items())), self.footnotes.next_id - 1,
                           identity)

    def _latest_round(self) -> str | None:
        rounds = self.content.rounds  # the latest is the last listed (as the review site's draft mark)
        return rounds[-1].id if rounds else None

    def _properties(self, identity: Identity) -> None:
        props = self.doc.core_properties
        props.title = ox.xml_safe(self.texts.plain(self.evaluation.title))[:255]
        props.subject = self.s["download_texts"]["docx_draft" if identity.edition == "review" else "docx_report"]
        props.identifier = ox.xml_safe(identity.identifier())
        props.language = LANGUAGE_TAGS.get(self.lang, self.lang)
        props.author = ox.xml_safe("; ".join(e.name for e in self.evaluation.evaluators))[:255]
        props.keywords = ox.xml_safe(self.texts.plain(self.evaluation.keywords))[:255]
        props.comments = ""
        props.last_modified_by = "reportgen"
        props.revision = 1
        stamp = dt.datetime.fromtimestamp(self.graph.ctx.source_epoch or 0, dt.timezone.utc).replace(tzinfo=None)
        props.created = props.modified = stamp
        props.last_printed = stamp

    def _title(self, identity: Identity) -> None:
        evaluation = self.evaluation
        self._paragraph("Title")._p.append(ox.run(self.texts.plain(evaluation.title)))
        facts = [evaluation.code] + [self.texts.plain(getattr(evaluation, name))
                                     for name in ("timing", "nature", "completion_date")]
        line = self._paragraph("Subtitle")
        line._p.append(ox.run(" · ".join(f for f in facts if f)))
        if identity.edition == "review":
            mark = self.s["draft_mark"].format(round=identity.round) if identity.round else \
                self.s["draft_mark_no_round"]
            self._paragraph()._p.append(ox.run(mark, bold=True))
        self._paragraph("TOC Heading")._p.append(ox.run(self.s["contents"]))
        ox.toc_field(self._paragraph(), 'TOC \\o "1-3" \\h \\z \\u',
                     self.s["download_texts"]["docx_toc"])

    # --- chapters ----------------------------------------------------------------------------
    def _cover(self) -> None:
        evaluation = self.evaluation
        heading = self._heading(self.s["cover"], 1)
        rows = [(self.s["cover_fields"]["code"], evaluation.code)]
        for name in ReportView.COVER_FIELDS:
            if name == "evaluators":
                value = "; ".join(e.name + (f" ({inline(self.texts.tr(e.role))})" if e.role else "")
                                  for e in evaluation.evaluators)
            else:
                value = inline(self.texts.tr(getattr(evaluation, name)))
            rows.append((self.s["cover_fields"][name], value))
        rows += [(self.texts.plain(extra.label), inline(self.texts.tr(extra.value)))
                 for extra in evaluation.other_fields]
        table = self._field_table([(label, value) for label, value in rows if value],
                                  (self.s["field"], self.s["value"]))
        self._span("page:cover", "page", heading, table)

    def _glossary(self) -> None:
        if not self.content.glossary:
            return
        heading = self._heading(self.s["glossary"], 1)
        table = self._field_table([(entry.term, inline(self.texts.tr(entry.expansion)))
                                   for entry in self.content.glossary], (self.s["term"], self.s["expansion"]))
        self._span("page:glossary", "page", heading, table)

    def _summary(self) -> None:
        text = self._file("evaluation", "summary")
        if not text:
            return
        heading = self._heading(self.s["executive_summary"], 1)
        last = self._text(text, "page:summary", top=2)
        self._span("page:summary", "page", heading, last[-1] if last else heading)

    def _findings(self) -> None:
        sections = ordered_sections(self.graph)
        if not sections:
            return
        self._chapter(self.s["findings"], self.content.chapters.findings, "page:findings")
        for group in findings_outline(self.graph, sections):
            self._group(group, 2)

    def _chapter(self, title: str, intro: object, page: str) -> None:
        """A chapter's heading and its introduction: the "page:NAME" target of comments on the chapter."""
        heading = self._heading(title, 1)
        written = self._text(self.texts.tr(intro), page, top=2)
        self._span(page, "page", heading, written[-1] if written else heading)

    def _group(self, group: OutlineGroup, level: int) -> None:
        if group.kind == "part" and group.id is not None:   # (a part's and a criterion's group have an id)
            part = self.graph.nodes[group.id].model
            label = f"{part.number} {self.texts.tr(part.title)}".strip() if part.number else self.texts.tr(part.title)
            heading = self._heading(inline(label), min(level, 3))
            intro = self._text(self.texts.tr(part.intro), part.id, top=min(level, 3) + 1)
            self._span(part.id, "part", heading, intro[-1] if intro else heading)
        elif group.kind == "criterion" and group.id is not None:
            criterion = self.graph.nodes[group.id].model
            heading = self._heading(inline(self.texts.tr(criterion.name)), min(level, 3))
            last = heading
            definition = self.texts.tr(criterion.definition)
            if definition:  # as the site's criterion page and the one-page edition give it
                written = self._text(f"**{self.s['definition']}{self.s['colon']}** {inline(definition)}", None,
                                     top=min(level, 3) + 1)
                last = written[-1] if written else last
            self._span(criterion.id, "criterion", heading, last)
        for section in group.sections:
            self._section(section, min(level + (group.kind != "other"), 3))
        for child in group.children:
            self._group(child, level + 1)

    def _section(self, section: Section, level: int) -> None:
        heading = self._heading(f"{section.number}. {inline(self.texts.tr(section.title))}", level)
        last = heading
        if section.answers:  # as the site's section page says it ("Answers: EQ1, EQ2")
            written = self._text(f"**{self.s['answers']}:** {', '.join(section.answers)}", None, top=level + 1)
            last = written[-1] if written else last
        if section.findings:
            last = self._heading(self.s["key_findings"], level + 1)
            for finding in section.findings:
                written = self._text(self.texts.tr(finding.text), finding.id, top=level + 2,
                                     lead=[Run(f"{finding.id}. ", bold=True)])
                if written:
                    self._span(finding.id, "finding", written[0], written[-1])
                    last = written[-1]
        narrative = self._file(section.id, "narrative")
        if narrative:
            if section.findings:
                last = self._heading(self.s["analysis"], level + 1)
            written = self._text(narrative, section.id, top=level + (2 if section.findings else 1))
            last = written[-1] if written else last
        self._span(section.id, "section", heading, last)

    def _conclusions(self) -> None:
        conclusions = self.content.conclusions
        if not conclusions:
            return
        self._chapter(self.s["conclusions"], self.content.chapters.conclusions, "page:conclusions")
        loose = [c for c in conclusions if not c.criterion]
        groups = [(criterion.name, [c for c in conclusions if c.criterion == criterion.id])
                  for criterion in self.content.criteria]
        if loose:
            groups.append((self.s["other_conclusions"] if len(loose) < len(conclusions) else None, loose))
        for name, items in groups:
            if not items:
                continue
            if name is not None:
                self._heading(inline(self.texts.tr(name)), 2)
            for conclusion in items:
                item_heading = self._heading(conclusion.id, 3 if name is not None else 2)
                written = self._text(self.texts.tr(conclusion.text), conclusion.id, top=4)
                self._span(conclusion.id, "conclusion", item_heading, written[-1] if written else item_heading)

    def _learning(self, item_type: ItemType) -> None:
        """A chapter of items with ILO templates (lessons learned, emerging good practices)."""
        items = getattr(self.content, item_type.collection_key)
        if not items:
            return
        words = TemplateWords.of(self.texts, item_type)
        self._chapter(self.s[item_type.plural_key], getattr(self.content.chapters, item_type.collection_key),
                      "page:" + item_type.page.removesuffix(".md"))
        labels = words.fields
        for item in items:
            item_heading = self._heading(f"{item.id}. {inline(self.texts.tr(item.title))}", 2)
            written = self._text(self.texts.tr(item.text), item.id, top=3)
            last = written[-1] if written else item_heading
            if item.template is not None:
                title = inline(self.texts.tr(item.template_title)) if item.template_title else \
                    self.s["template_version"]
                self._heading(f"{title} ({item.id})", 3)
                intro = self._paragraph()
                intro._p.append(ox.run(words.intro, italic=True))
                # Every field of the ILO template, empty ones too: the form lists every element.
                rows = [(label, self.texts.tr(getattr(item.template, name))) for name, label in labels.items()]
                last = self._field_table(rows, (words.heading, f"{item.id}. {inline(self.texts.tr(item.title))}"),
                                         blocks=True)
            self._span(item.id, item_type.kind, item_heading, last)

    def _recommendations(self) -> None:
        recommendations = self.content.recommendations
        if not recommendations:
            return
        self._chapter(self.s["recommendations"], self.content.chapters.recommendations, "page:recommendations")
        for rec in recommendations:
            title = f"{rec.id}. {inline(self.texts.tr(rec.title))}" if rec.title else rec.id
            item_heading = self._heading(title, 2)
            written = self._text(self.texts.tr(rec.text), rec.id, top=3)
            last = written[-1] if written else item_heading
            rows = self._recommendation_fields(rec)
            if rows:
                last = self._field_table(rows, (self.s["field"], self.s["value"]))
            self._span(rec.id, "recommendation", item_heading, last)
        # The chapter's closing words: more paragraphs of "page:recommendations", numbered on from its intro.
        self._text(self.texts.tr(self.content.chapters.recommendations_closing), "page:recommendations", top=2)

    def _recommendation_fields(self, rec: Recommendation) -> list[tuple[str, str]]:
        """As on the site (render/recommendation_view.py): only the rows the report gives."""
        rows = []
        shorts = ", ".join(self.texts.tr(self.graph.nodes[a].model.short) for a in rec.addressees)
        rows.append((self.s["addressee"], inline(self.texts.tr(rec.addressee_text)) if rec.addressee_text
                     else shorts))
        for name in ("priority", "resources", "timeframe"):
            wording = getattr(rec, f"{name}_text")
            rows.append((self.s[name], inline(self.texts.tr(wording)) if wording
                         else self.texts.level_label(name, getattr(rec, name))))
        rows += [(self.texts.tr(f.label), inline(self.texts.tr(rec.custom[f.id])))
                 for f in self.graph.ctx.config.custom_fields_of("recommendation")
                 if rec.custom.get(f.id) not in (None, "")]
        linked = linked_items(rec)
        rows.append((self.s["links"], ", ".join(f"[[{i}]]" for i in linked)))
        criteria = criteria_of_recommendation(self.graph, rec)
        language = self.texts.language
        rows.append((self.s["criteria_of_rec"], "; ".join(inline(title_of(self.graph, c, language)) for c in criteria)))
        if rec.follows_up:
            rows.append((self.s["management"]["follows_up"], self.texts.language.follows_up_text(rec.follows_up)))
        return [(label, value) for label, value in rows if value]

    def _annexes(self) -> None:
        entries = annex_entries(self.graph)
        documents = self.content.documents
        questions = self.content.questions
        if not (entries or documents or questions):
            return
        heading = self._heading(self.s["annexes"], 1)
        self._span("page:annexes", "page", heading, heading)
        if questions:  # the evaluation questions by criterion, as reports give them in an annex
            self._heading(self.s["questions"], 2)
            rows = []
            for question in questions:
                criterion = self.graph.nodes.get(question.criterion)
                name = inline(self.texts.tr(criterion.model.name)) if criterion is not None else ""
                rows.append((name, f"{question.id}. {inline(self.texts.tr(question.text))}"))
                rows += [("", f"{sub.id}. {inline(self.texts.tr(sub.text))}") for sub in question.subquestions]
            self._field_table(rows, (self.s["criterion"], self.s["questions"]))
        for entry in entries:  # as the annexes page has them: "Anexo 4. Title", a table's caption under it
            number = f"{self.s['annex_label']} {entry['number']}. " if entry["number"] else ""
            self._heading(number + inline(self.texts.tr(entry["title"])), 2)
            for embed, named in entry["embeds"]:
                kind, key = embed.split(":", 1)
                if kind == "chart":
                    self._chart(self.graph.charts[key], caption=not named)
                else:
                    table = self.graph.nodes[key].model
                    self._data_table(table, caption=table.caption is not None)
        for document in documents:
            item_heading = self._heading(inline(self.texts.tr(document.title)), 2)
            written = self._text(self._file(document.id, "body") or "", document.id, top=3)
            self._span(document.id, "document", item_heading, written[-1] if written else item_heading)

    # --- texts -----------------------------------------------------------------------------
    def _file(self, owner: str, name: str) -> str | None:
        text, _ = markdown_file(self.content, owner, name, self.texts.language)
        return text

    def _heading(self, text: str, level: int) -> XmlElement:
        paragraph = self._paragraph(f"Heading {max(1, min(level, MAX_HEADING))}")
        p: XmlElement = paragraph._p
        p.append(ox.run(line_words(text) if "[" in text or "*" in text else text))
        return p

    def _text(self, markdown: str | None, item: str | None, top: int, lead: list[Run] | None = None) -> list[XmlElement]:
        """Write a Markdown text as body elements; returns them. Each block gets its paragraph
        bookmark (see the module's docstring); footnotes become Word footnotes."""
        if not markdown or not markdown.strip():
            return []
        source = _MARKERS.sub("", ox.xml_safe(markdown))
        if self.numbered:
            source = number_paragraphs(source, lambda n: f"\ue000{n}\ue001 ")
        parsed = rich(source)
        shift = top - min((b.heading for b in parsed.blocks if b.heading), default=top)
        written: list[XmlElement] = []
        blocks = parsed.blocks
        if lead and blocks and (blocks[0].cells is not None or blocks[0].embed or blocks[0].heading):
            label = self._paragraph()  # an ID before a text that opens with a table or a heading: on its own
            self._runs(label._p, lead, None, self.doc.part)
            written.append(label._p)
        index = 0
        while index < len(blocks):
            block = blocks[index]
            if block.cells is not None:  # a Markdown table: its consecutive rows
                end = index
                while end < len(blocks) and blocks[end].cells is not None:
                    end += 1
                element = self._markdown_table(blocks[index:end], parsed)
                self._paragraph_mark(item, element, None)
                written.append(element)
                index = end
                continue
            index += 1
            if block.embed:
                elements = self._embed(block.embed)
                if elements:
                    self._paragraph_mark(item, elements[0], None, elements[-1])
                    written += elements
                continue
            element, number = self._block(block, parsed, shift, lead if not written else None)
            self._paragraph_mark(item, element, number)
            written.append(element)
        return written

    def _paragraph_mark(self, item: str | None, first: XmlElement, number: int | None,
                        last: XmlElement | None = None) -> None:
        if item is None:
            return
        position = self.paragraphs.get(item, 0) + 1
        self.paragraphs[item] = position
        paragraph = number if self.numbered else position
        if paragraph is not None:
            self._span(item, "paragraph", first, last if last is not None else first, paragraph=paragraph)

    def _block(self, block: Block, parsed: Rich, shift: int, lead: list[Run] | None) -> tuple[XmlElement, int | None]:
        number = None
        runs = list(block.runs)
        if runs and runs[0].text.startswith("\ue000"):
            match = _MARK.match(runs[0].text)
            if match:
                number = int(match.group(1))
                runs[0] = Run(f"{number}. " + runs[0].text[match.end():].lstrip(), runs[0].bold, runs[0].italic,
                              runs[0].link, runs[0].ref)
        style = None
        if block.heading:
            style = f"Heading {max(1, min(block.heading + shift, MAX_HEADING))}"
        elif block.list_kind == "bullet":
            style = "List Bullet" if block.level <= 1 else ("List Bullet 2" if block.level == 2 else "List Bullet 3")
        elif lead is None and block.note is None and any(r.text.strip() for r in runs) and all(
                r.italic for r in runs if r.text.strip()):
            style = "Quote" if block.list_kind is None else None  # an informant's quote, all in italics
        paragraph = self._paragraph(style)
        p: XmlElement = paragraph._p
        if block.list_kind == "ordered":
            p.append(ox.run(f"{block.number}. "))
        if block.level and block.list_kind != "bullet":
            from docx.shared import Cm
            paragraph.paragraph_format.left_indent = Cm(0.63 * block.level)
        if block.heading:  # a heading's words are bold by its style already
            runs = [Run(r.text, False, r.italic, r.link, r.ref) for r in runs]
        self._runs(p, (lead or []) + runs, parsed, self.doc.part)
        return p, number

    def _runs(self, p: XmlElement, runs: list[Run], parsed: Rich | None, part: DocxObject) -> None:
        for item in runs:
            if item.note is not None:
                if parsed is not None and part is self.doc.part:
                    p.append(self._footnote(parsed.notes.get(item.note, [])))
                continue
            element = ox.run(item.text, item.bold, item.italic, "Hyperlink" if (item.ref or item.link) else None)
            if item.ref:
                link = ox.internal_link(bookmark_name(item.ref), [element])
                self.links.append((link, item.ref))
                p.append(link)
            elif (url := ox.safe_url(item.link)) is not None:
                p.append(ox.external_link(part, url, [element]))
            else:
                if item.link:  # a link Word should not open: its words only
                    element = ox.run(item.text, item.bold, item.italic)
                p.append(element)

    def _footnote(self, body: list[Block]) -> XmlElement:
        note_id, note = self.footnotes.add()
        if not body:
            ox.Footnotes.paragraph(note, first=True)
        for index, block in enumerate(body):
            p = ox.Footnotes.paragraph(note, first=index == 0)
            runs = block.runs if block.cells is None else [Run(" | ".join(
                "".join(r.text for r in cell) for cell in block.cells))]
            self._runs(p, runs, None, self.footnotes.part)
        return ox.Footnotes.reference(note_id)

    # --- tables ----------------------------------------------------------------------------
    def _new_table(self, rows: int, cols: int) -> DocxObject:
        table = self.doc.add_table(rows=rows, cols=cols)
        if "Table Grid" not in self.style_ids:
            self.style_ids["Table Grid"] = self.doc.styles["Table Grid"].style_id
        table._tbl.tblPr.style = self.style_ids["Table Grid"]
        return table

    def _header(self, row: DocxObject, labels: Iterable[object]) -> None:
        ox.repeat_header(row)
        for cell, label in zip(row.cells, labels):
            cell.paragraphs[0]._p.append(ox.run(ox.xml_safe(str(label)), bold=True))
            ox.shade(cell, HEADER_SHADE)

    def _field_table(self, rows: list[tuple[str, str]], header: tuple[str, str], blocks: bool = False) -> XmlElement:
        """A two-column table (label | value) under a header row; values are Markdown."""
        table = self._new_table(1 + len(rows), 2)
        self._header(table.rows[0], header)
        for row, (label, value) in zip(table.rows[1:], rows):
            row.cells[0].paragraphs[0]._p.append(ox.run(ox.xml_safe(label), bold=True))
            ox.shade(row.cells[0], LABEL_SHADE)
            self._cell(row.cells[1], value or "", blocks)
        ox.set_widths(table, (LABEL_WIDTH_CM, TEXT_WIDTH_CM - LABEL_WIDTH_CM))
        element: XmlElement = table._tbl
        return element

    def _cell(self, cell: DocxObject, markdown: str, blocks: bool = True) -> None:
        """A cell's Markdown: its paragraphs (an empty value leaves the cell empty)."""
        parsed = rich(_MARKERS.sub("", ox.xml_safe(markdown)))
        first = True
        for block in parsed.blocks:
            if block.embed:
                continue
            p = cell.paragraphs[0]._p if first else cell.add_paragraph()._p
            first = False
            if block.list_kind == "bullet":
                p.append(ox.run("• "))
            elif block.list_kind == "ordered":
                p.append(ox.run(f"{block.number}. "))
            runs = block.runs if block.cells is None else [Run(" | ".join(
                "".join(r.text for r in c) for c in block.cells))]
            self._runs(p, runs, parsed, self.doc.part)
            if not blocks:
                break

    def _markdown_table(self, rows: list[Block], parsed: Rich) -> XmlElement:
        width = max(len(row.cells or ()) for row in rows)  # (every row of a table has its cells)
        table = self._new_table(len(rows), width)
        for row, block in zip(table.rows, rows):
            if block.header:
                ox.repeat_header(row)
            for cell, runs in zip(row.cells, block.cells or ()):
                if block.header:
                    runs = [Run(r.text, True, r.italic, r.link, r.ref, r.embed, r.note) for r in runs]
                    ox.shade(cell, HEADER_SHADE)
                self._runs(cell.paragraphs[0]._p, runs, parsed, self.doc.part)
        element: XmlElement = table._tbl
        return element

    def _embed(self, name: str) -> list[XmlElement]:
        kind, _, key = name.partition(":")
        if kind == "table" and key in self.graph.nodes and self.graph.nodes[key].kind == "table":
            return self._data_table(self.graph.nodes[key].model, caption=True)
        if kind == "chart" and key in self.graph.charts:
            return self._chart(self.graph.charts[key], caption=True)
        return []

    def _caption(self, text: object) -> XmlElement:
        p: XmlElement = self._paragraph("Caption")._p
        p.append(ox.run(line_words(self.texts.tr(text))))
        return p

    def _data_table(self, table: Table, caption: bool, columns: list[Column] | None = None) -> list[XmlElement]:
        """A table of the content (`tables:`), numbers in the language's format, with its notes and source."""
        elements = [self._caption(table.caption or table.title)] if caption else []
        shown = columns or [c for c in table.columns if c.under is None]
        grid = self._new_table(1, len(shown))
        self._header(grid.rows[0], [line_words(self.texts.tr(c.label)) for c in shown])
        groups = {g.id: g for g in table.groups}
        current_group = None
        for resolved in resolved_rows(table):
            row = resolved.row
            if row.group and row.group != current_group and row.group in groups:
                current_group = row.group
                cells = grid.add_row().cells
                merged = cells[0].merge(cells[-1]) if len(cells) > 1 else cells[0]
                merged.paragraphs[0]._p.append(ox.run(line_words(self.texts.tr(groups[row.group].label)), bold=True))
                ox.shade(merged, LABEL_SHADE)
            cells = grid.add_row().cells
            for index, (cell, column) in enumerate(zip(cells, shown)):
                if index == 0 and row.kind != "row":
                    cell.paragraphs[0]._p.append(ox.run(line_words(self.texts.tr(row.label)), bold=True))
                    continue
                self._value(cell, column, resolved.cells.get(column.id), bold=row.kind != "row")
                details = [c for c in table.columns if c.under == column.id and columns is None]
                for detail in details:
                    value = resolved.cells.get(detail.id)
                    if value is not None:
                        p = cell.add_paragraph()._p
                        p.append(ox.run(line_words(self.texts.tr(detail.label)) + ": ", italic=True))
                        p.append(ox.run(self._value_text(detail, value)))
        ox.set_widths(grid, ox.content_widths([[c.text for c in column.cells] for column in grid.columns], TEXT_WIDTH_CM))
        elements.append(grid._tbl)
        if table.id not in self.written_tables:  # its bookmark where it first appears
            self.written_tables.add(table.id)
            self._span(table.id, "table", elements[0], grid._tbl)
        for label, text in (("notes", table.notes), ("source_label", table.source)):
            if text:
                p = self._paragraph("Caption")._p
                if label == "source_label":
                    p.append(ox.run(f"{self.s['source_label']}{self.s['colon']} "))
                self._runs(p, [r for b in rich(ox.xml_safe(self.texts.tr(text))).blocks for r in b.runs + [Run(" ")]],
                           None, self.doc.part)
                elements.append(p)
        return elements

    def _value_text(self, column: Column, value: object) -> str:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return format_number(value, self.lang, column.unit, column.decimals)
        return inline(self.texts.tr(value))

    def _value(self, cell: DocxObject, column: Column, value: object, bold: bool = False) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        if value is None:
            return
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            cell.paragraphs[0]._p.append(ox.run(self._value_text(column, value), bold=bold))
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
            return
        self._cell(cell, self.texts.tr(value))

    def _chart(self, chart: Chart, caption: bool) -> list[XmlElement]:
        """A chart as the data it draws (a Word user redraws it with Word's own charts if wanted)."""
        table = self.graph.nodes[chart.table].model if chart.table in self.graph.nodes else None
        elements = [self._caption(chart.caption or chart.title)] if caption else []
        if table is None:
            return elements
        note = self._paragraph()._p
        note.append(ox.run(f"{self.s['chart_data']}{self.s['colon']} {line_words(self.texts.tr(chart.title))}",
                           italic=True))
        elements.append(note)
        columns = [c for c in (table.column(chart.label_column), *map(table.column, chart.value_columns)) if c]
        elements += self._data_table(table, caption=False, columns=columns)
        return elements

    # --- bookmarks and links -----------------------------------------------------------------
    def _span(self, target: str, kind: str, first: XmlElement, last: XmlElement, paragraph: int | None = None) -> None:
        name = bookmark_name(target, paragraph)
        if self.bookmarks.span(name, first, last):
            self.names.entries[name] = Bookmark(name, target, paragraph)
            key = "paragraph" if paragraph is not None else kind
            self.counts[key] = self.counts.get(key, 0) + 1

    def _resolve_links(self) -> None:
        """A reference to an item the document has no bookmark for (a question, an institution, an item
        left out of this edition) keeps its words without a link; a row links to its table."""
        for link, target in self.links:
            anchor = bookmark_name(target)
            node = self.graph.nodes.get(target)
            if anchor not in self.bookmarks and node is not None and node.kind in ("table_row", "table_group") \
                    and node.parent is not None:  # (a row always has its table)
                anchor = bookmark_name(node.parent.id)
                link.set(ox.qn("w:anchor"), anchor)
            if anchor in self.bookmarks:
                continue
            parent = link.getparent()
            assert parent is not None   # (a link is inside its paragraph)
            position = list(parent).index(link)
            for child in reversed(list(link)):
                props = child.find(ox.qn("w:rPr"))
                style = props.find(ox.qn("w:rStyle")) if props is not None else None
                if props is not None and style is not None:
                    props.remove(style)
                parent.insert(position, child)
            parent.remove(link)
