"""View models computed from the graph: the evaluation matrix and the recommendation facets.

Pure data for the templates; no Markdown or HTML here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from ..content.schema import Recommendation, Section, Text
from ..graph import Graph

# The built-in facets of the recommendation explorer: (key, interface-text label, recommendation field).
FACETS = (
    ("addressee", "addressee", "addressees"),
    ("priority", "priority", "priority"),
    ("resources", "resources", "resources"),
    ("timeframe", "timeframe", "timeframe"),
)
CUSTOM_PREFIX = "custom-"


@dataclass(frozen=True)
class FacetIndex:
    """The explorer's facets of one build, computed once (`facet_index`)."""

    keys: list[str]                                   # the facets this report can be filtered by
    values: dict[str, list[str]]                      # facet -> the values that occur, in order
    of_recommendation: dict[str, dict[str, list[str]]]  # recommendation ID -> facet -> its values
    with_value: dict[tuple[str, str], list[Recommendation]]  # (facet, value) -> the recommendations


def facet_index(graph: Graph) -> FacetIndex:
    index = graph.derived.get("facets")
    if index is None:
        index = graph.derived["facets"] = _facet_index(graph)
    return index


def _facet_index(graph: Graph) -> FacetIndex:
    recs = graph.content.recommendations
    candidates = [key for key, _, _ in FACETS]
    candidates += [CUSTOM_PREFIX + f.id for f in graph.ctx.config.custom_fields_of("recommendation") if f.filter]
    of_rec = {rec.id: {key: _own_values(graph, rec, key) for key in candidates} for rec in recs}
    with_value: dict[tuple[str, str], list[Recommendation]] = {}
    for rec in recs:
        for key, found in of_rec[rec.id].items():
            for value in found:
                with_value.setdefault((key, value), []).append(rec)
    values = {key: _ordered(graph, key, {v for (k, v) in with_value if k == key}) for key in candidates}
    return FacetIndex([key for key in candidates if values[key]], values, of_rec, with_value)


def facet_keys(graph: Graph) -> list[str]:
    """The facets this report can be filtered by: the built-in fields it uses, and the project's
    own fields declared with `filter: true`."""
    return facet_index(graph).keys


def facet_value(graph: Graph, rec: Recommendation, facet: str) -> list[str]:
    """The value(s) a recommendation has for a facet, as filter keys."""
    known = facet_index(graph).of_recommendation.get(rec.id)
    return known[facet] if known is not None and facet in known else _own_values(graph, rec, facet)


def _own_values(graph: Graph, rec: Recommendation, facet: str) -> list[str]:
    if facet.startswith(CUSTOM_PREFIX):
        value = rec.custom.get(facet[len(CUSTOM_PREFIX):])
        if value is None:
            return []
        text = value.get(graph.ctx.original) if isinstance(value, Text) else str(value)
        return [slug(text or "")] if text else []
    current = getattr(rec, next(f for key, _, f in FACETS if key == facet))
    return list(current) if isinstance(current, list) else [current] if current is not None else []


def slug(text: str, fallback: str = "value") -> str:
    """ASCII words joined by hyphens, for file names and anchors ("Niñas y niños" → "ninas-y-ninos")."""
    return re.sub(r"[^a-z0-9]+", "-", unicodedata.normalize("NFKD", text.lower())
                  .encode("ascii", "ignore").decode()).strip("-")[:60] or fallback


def level_order(graph: Graph, facet: str, value: str | None) -> int:
    """Sort position of a level: its place in the project's value set (highest first)."""
    values = getattr(graph.ctx.config.value_sets, facet, [])
    return values.index(value) if value in values else len(values)


def facet_page(facet: str, value: str) -> str:
    return f"explorer/{facet}/{value}.md"


def recommendations_with(graph: Graph, facet: str, value: str) -> list[Recommendation]:
    return list(facet_index(graph).with_value.get((facet, value), []))


def facet_values(graph: Graph, facet: str) -> list[str]:
    """Values that occur, in a stable order (institutions as listed, levels as in the value set)."""
    return list(facet_index(graph).values.get(facet, []))


def _ordered(graph: Graph, facet: str, used: set[str]) -> list[str]:
    if facet == "addressee":
        return [inst.id for inst in graph.content.institutions if inst.id in used]
    if facet.startswith(CUSTOM_PREFIX):
        return sorted(used)
    return [v for v in getattr(graph.ctx.config.value_sets, facet) if v in used]


@dataclass
class OutlineGroup:
    """A group of findings sections: a chapter of the report (part) or, without parts, a criterion."""

    kind: str                   # "part", "criterion" or "other"
    id: str | None
    sections: list[Section] = field(default_factory=list)
    children: list["OutlineGroup"] = field(default_factory=list)

    def all_sections(self) -> list[Section]:
        return self.sections + [sec for child in self.children for sec in child.all_sections()]


def findings_outline(graph: Graph, ordered_sections: list[Section]) -> list[OutlineGroup]:
    """How the findings are organised: by the report's own chapters when it has parts, else by criterion."""
    content = graph.content
    if content.parts:
        groups = {part.id: OutlineGroup("part", part.id) for part in content.parts}
        roots: list[OutlineGroup] = []
        for part in content.parts:
            (groups[part.parent].children if part.parent in groups else roots).append(groups[part.id])
        loose = OutlineGroup("other", None)
        for sec in ordered_sections:
            (groups[sec.part].sections if sec.part in groups else loose.sections).append(sec)
        return roots + ([loose] if loose.sections else [])
    by_criterion = []
    for criterion in content.criteria:
        sections = [sec for sec in ordered_sections if graph.criterion_of(sec.id) == criterion.id]
        if sections:
            by_criterion.append(OutlineGroup("criterion", criterion.id, sections))
    unplaced = [sec for sec in ordered_sections if graph.criterion_of(sec.id) is None]
    return by_criterion + ([OutlineGroup("other", None, unplaced)] if unplaced else [])


@dataclass
class MatrixRow:
    criterion: object
    question: str
    sections: list[str]
    findings: list[str]
    conclusions: list[str]
    recommendations: list[str]
    first: bool
    span: int
    counts: dict[str, int] = field(default_factory=dict)


@dataclass
class Matrix:
    rows: list[MatrixRow]
    totals: dict[str, int]
    unanswered: list[str]
    uncited: list[str]
    unsupported: list[str]
    criteria_without_conclusions: list[str]


def evaluation_matrix(graph: Graph) -> Matrix:
    content = graph.content
    rows: list[MatrixRow] = []
    cited = {cid for rec in content.recommendations for cid in rec.conclusions}
    for criterion in content.criteria:
        question_ids = []
        for q in content.questions:
            if q.criterion == criterion.id:
                question_ids.append(q.id)
                question_ids += [sq.id for sq in q.subquestions]
        conclusions = [c.id for c in content.conclusions if c.criterion == criterion.id]
        recommendations = [r.id for r in content.recommendations if set(r.conclusions) & set(conclusions)]
        # Sections that belong to the criterion without answering one of its questions
        # (cross-cutting criteria have no questions): one row with no question.
        direct = [sec.id for sec in content.sections if sec.criterion == criterion.id
                  and not any(graph.criterion_of(q) == criterion.id for q in sec.answers)]
        keys = question_ids + ([None] if direct else [])
        criterion_rows: list[MatrixRow] = []
        for qid in keys:
            sections = graph.linked_from(qid, "section") if qid else direct
            findings = [f.id for sid in sections for f in graph.nodes[sid].model.findings]
            criterion_rows.append(MatrixRow(criterion, qid, sections, findings, conclusions, recommendations,
                                            first=not criterion_rows, span=len(keys)))
        if criterion_rows:
            all_sections = {s for row in criterion_rows for s in row.sections}
            criterion_rows[0].counts = {
                "questions": len(question_ids), "sections": len(all_sections),
                "findings": sum(len(graph.nodes[s].model.findings) for s in all_sections),
                "conclusions": len(conclusions), "recommendations": len(recommendations)}
        rows += criterion_rows
    answered = {row.question for row in rows if row.sections}
    return Matrix(
        rows=rows,
        totals={"questions": sum(1 for row in rows if row.question), "sections": len(content.sections),
                "findings": sum(len(s.findings) for s in content.sections),
                "conclusions": len(content.conclusions), "recommendations": len(content.recommendations)},
        unanswered=[row.question for row in rows if row.question and row.question not in answered],
        uncited=[c.id for c in content.conclusions if c.id not in cited],
        unsupported=[r.id for r in content.recommendations if not r.conclusions],
        criteria_without_conclusions=[c.id for c in content.criteria
                                      if not any(x.criterion == c.id for x in content.conclusions)],
    )
