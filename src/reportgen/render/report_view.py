"""The report's view: cover, translation notice, findings outline, what belongs to a criterion, annexes.

Templates see it as `report_view` (and, for older templates, through `ctx`).
"""

from __future__ import annotations

from markupsafe import Markup, escape

from ..content import registry
from typing import TypedDict

from ..content.schema import Conclusion, Evaluation, Question, Recommendation, Section, Text
from ..graph import Graph
from ..i18n import Texts
from . import views
from .order import ordered_sections
from .writer import PageWriter


class AnnexEntry(TypedDict):
    """An annex table (or a chart shown in the annexes only) under its heading."""

    id: str
    title: Text
    number: str | None
    embeds: list[tuple[str, bool]]  # (embed, named by the heading above it)


class ReportView:
    """How the report's parts hang together, for the home, criterion, findings and annex pages."""

    def __init__(self, graph: Graph, texts: Texts, writer: PageWriter):
        self.graph = graph
        self.content = graph.content
        self.texts = texts
        self.writer = writer

    def matrix(self) -> views.Matrix:
        matrix = views.evaluation_matrix(self.graph)
        for row in matrix.rows:
            if row.counts:
                row.counts = self.texts.s["counts_format"].format(**row.counts)
        return matrix

    def attached(self, owner_id: str, where: str) -> Markup:
        """The items shown with their parent by their type's template (a criterion's ratings), on the
        parent's page (`where` = "page") or in its row of the evaluation matrix (`where` = "matrix")."""
        owner = self.graph.nodes[owner_id]
        parts = []
        for item_type in registry.item_types():
            template = item_type.template
            items = self.graph.attached_to(owner_id, item_type.kind) if template else []
            if template and items and item_type.parent == owner.kind:
                parts.append(self.writer.render(template, items=[n.model for n in items], where=where,
                                         owner=owner.model))
        return Markup("".join(parts))

    def section_number(self, section_id: str) -> str:
        return str(self.graph.nodes[section_id].model.number)

    COVER_FIELDS = ("type", "timing", "nature", "country", "pb_outcome", "sdgs", "completion_date", "approval_date",
                    "administrative_office", "technical_office", "joint_evaluation", "duration", "donor_budget",
                    "evaluators", "evaluation_management", "evaluation_manager", "evaluation_office",
                    "evaluation_budget", "keywords")

    def cover_rows(self) -> list[tuple[str, Markup]]:
        """The cover page: the ILO fields the report fills in, then its own fields by their labels."""
        evaluation = self._evaluation()
        rows = [(self.texts.s["cover_fields"]["code"], Markup(escape(evaluation.code)))]
        for name in self.COVER_FIELDS:
            if name == "evaluators":
                value = Markup("; ").join(
                    Markup(escape(e.name)) + (Markup(" (") + self.writer.cell(e.role) + Markup(")") if e.role else "")
                    for e in evaluation.evaluators)
            else:
                value = self.writer.cell(getattr(evaluation, name))
            rows.append((self.texts.s["cover_fields"][name], value))
        rows += [(self.writer.html_line(extra.label), self.writer.cell(extra.value)) for extra in evaluation.other_fields]
        return [(label, value) for label, value in rows if value]

    def translation_notice(self) -> Markup:
        """On a translated page: the project's notice, the evaluation's, or a plain statement of fact."""
        own = self.graph.ctx.config.translation_notice or self._evaluation().translation_note
        if own is not None and own.get(self.texts.lang):
            return self.writer.md(own)
        return Markup(escape(self.texts.s["translated_notice_default"].format(
            language=self.texts.language_name(self.texts.original))))

    def _evaluation(self) -> Evaluation:
        evaluation = self.content.evaluation
        assert evaluation is not None, "checked content without errors has an evaluation"
        return evaluation

    def findings_outline(self) -> list[views.OutlineGroup]:
        return views.findings_outline(self.graph, ordered_sections(self.graph))

    def part_label(self, part_id: str) -> str:
        return part_label(self.graph, part_id, self.texts)

    def questions_of(self, criterion_id: str) -> list[Question]:
        return [q for q in self.content.questions if q.criterion == criterion_id]

    def sections_of(self, criterion_id: str) -> list[Section]:
        return [sec for sec in ordered_sections(self.graph) if self.graph.criterion_of(sec.id) == criterion_id]

    def conclusions_of(self, criterion_id: str) -> list[Conclusion]:
        return [con for con in self.content.conclusions if con.criterion == criterion_id]

    def recommendations_of(self, criterion_id: str) -> list[Recommendation]:
        """Recommendations citing at least one conclusion of the criterion."""
        cited = {con.id for con in self.conclusions_of(criterion_id)}
        return [rec for rec in self.content.recommendations if cited & set(rec.conclusions)]

    def annex_tables(self) -> list[AnnexEntry]:
        return annex_entries(self.graph)


def annex_entries(graph: Graph) -> list[AnnexEntry]:
    """The annexes' tables and charts (the annexes page, the Word export): each annex table under its
    title with the annex charts drawn over it, then annex charts over tables shown elsewhere, under
    their own titles."""
    charts_of: dict[str, list[str]] = {}
    for chart in graph.charts.values():
        if chart.annex:
            charts_of.setdefault(chart.table, []).append(chart.id)
    # (embed, named by the heading above it): a chart under its table's heading keeps its caption.
    entries: list[AnnexEntry] = [{"id": t.id, "title": t.title, "number": t.annex_number,
                "embeds": [(f"chart:{c}", False) for c in charts_of.pop(t.id, [])] + [(f"table:{t.id}", True)]}
               for t in graph.content.tables if t.annex]
    for chart_ids in charts_of.values():
        entries += [{"id": c, "title": graph.charts[c].title, "number": None, "embeds": [(f"chart:{c}", True)]}
                    for c in chart_ids]
    return entries


def part_label(graph: Graph, part_id: str, texts: Texts) -> str:
    """A chapter's title with its number ("2.1 Relevance"), for headings and the navigation."""
    part = graph.nodes[part_id].model
    return f"{part.number} {texts.tr(part.title)}".strip() if part.number else texts.tr(part.title)
