"""The report's view: cover, translation notice, findings outline, what belongs to a criterion, annexes.

A part of `PageContext` (render/pages.py); it reads the page's graph, language and texts.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from ..content import registry
from . import views
from .order import ordered_sections


class ReportView:
    """How the report's parts hang together, for the home, criterion, findings and annex pages."""

    def matrix(self):
        matrix = views.evaluation_matrix(self.graph)
        for row in matrix.rows:
            if row.counts:
                row.counts = self.s["counts_format"].format(**row.counts)
        return matrix

    def attached(self, owner_id: str, where: str) -> Markup:
        """The items shown with their parent by their type's template (a criterion's ratings), on the
        parent's page (`where` = "page") or in its row of the evaluation matrix (`where` = "matrix")."""
        owner = self.graph.nodes[owner_id]
        parts = []
        for item_type in registry.item_types():
            items = self.graph.attached_to(owner_id, item_type.kind) if item_type.template else []
            if items and item_type.parent == owner.kind:
                parts.append(self.render(item_type.template, items=[n.model for n in items], where=where,
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
        evaluation = self.content.evaluation
        rows = [(self.s["cover_fields"]["code"], Markup(escape(evaluation.code)))]
        for name in self.COVER_FIELDS:
            if name == "evaluators":
                value = Markup("; ").join(
                    Markup(escape(e.name)) + (Markup(" (") + self.cell(e.role) + Markup(")") if e.role else "")
                    for e in evaluation.evaluators)
            else:
                value = self.cell(getattr(evaluation, name))
            rows.append((self.s["cover_fields"][name], value))
        rows += [(self.plain(extra.label), self.cell(extra.value)) for extra in evaluation.other_fields]
        return [(label, value) for label, value in rows if value]

    def translation_notice(self) -> Markup:
        """On a translated page: the project's notice, the evaluation's, or a plain statement of fact."""
        own = self.graph.ctx.config.translation_notice or self.content.evaluation.translation_note
        if own is not None and own.get(self.lang):
            return self.md(own)
        return Markup(escape(self.s["translated_notice_default"].format(language=self.language_name(self.original))))

    def findings_outline(self) -> list:
        return views.findings_outline(self.graph, ordered_sections(self.graph))

    def part_label(self, part_id: str) -> str:
        part = self.graph.nodes[part_id].model
        return f"{part.number} {self.tr(part.title)}".strip() if part.number else self.tr(part.title)

    def questions_of(self, criterion_id: str) -> list:
        return [q for q in self.content.questions if q.criterion == criterion_id]

    def sections_of(self, criterion_id: str) -> list:
        return [sec for sec in ordered_sections(self.graph) if self.graph.criterion_of(sec.id) == criterion_id]

    def conclusions_of(self, criterion_id: str) -> list:
        return [con for con in self.content.conclusions if con.criterion == criterion_id]

    def recommendations_of(self, criterion_id: str) -> list:
        """Recommendations citing at least one conclusion of the criterion."""
        cited = {con.id for con in self.conclusions_of(criterion_id)}
        return [rec for rec in self.content.recommendations if cited & set(rec.conclusions)]

    def annex_tables(self) -> list[dict]:
        """The annexes page's tables and charts: each annex table under its title with the annex charts
        drawn over it, then annex charts over tables shown elsewhere, under their own titles."""
        charts_of: dict[str, list[str]] = {}
        for chart in self.graph.charts.values():
            if chart.annex:
                charts_of.setdefault(chart.table, []).append(chart.id)
        # (embed, named by the heading above it): a chart under its table's heading keeps its caption.
        entries = [{"id": t.id, "title": t.title,
                    "embeds": [(f"chart:{c}", False) for c in charts_of.pop(t.id, [])] + [(f"table:{t.id}", True)]}
                   for t in self.content.tables if t.annex]
        for chart_ids in charts_of.values():
            entries += [{"id": c, "title": self.graph.charts[c].title, "embeds": [(f"chart:{c}", True)]}
                        for c in chart_ids]
        return entries
