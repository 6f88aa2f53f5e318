"""View models computed from the graph: the evaluation matrix and the recommendation facets.

Pure data for the templates; no Markdown or HTML here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..graph import Graph

LEVEL_ORDER = {"high": 0, "medium": 1, "low": 2, "short": 0, "long": 2}
FACETS = (  # (key, interface-text label, recommendation field, interface-text values)
    ("addressee", "addressee", "addressees", None),
    ("priority", "priority", "priority", "priorities"),
    ("resources", "resources", "resources", "resource_levels"),
    ("timeframe", "timeframe", "timeframe", "timeframes"),
)
ALLOWED_VALUES = {"priority": ("high", "medium", "low"), "resources": ("high", "medium", "low"),
                  "timeframe": ("short", "medium", "long")}


def facet_page(facet: str, value: str) -> str:
    return f"explorer/{facet}/{value}.md"


def recommendations_with(graph: Graph, facet: str, value: str) -> list:
    field_name = next(f for key, _, f, _ in FACETS if key == facet)
    result = []
    for rec in graph.content.recommendations:
        current = getattr(rec, field_name)
        if (value in current) if isinstance(current, list) else current == value:
            result.append(rec)
    return result


def facet_values(graph: Graph, facet: str) -> list[str]:
    """Values that occur, in a stable order (institutions as listed, levels high → low)."""
    if facet == "addressee":
        used = {a for rec in graph.content.recommendations for a in rec.addressees}
        return [inst.id for inst in graph.content.institutions if inst.id in used]
    used = {getattr(rec, facet) for rec in graph.content.recommendations}
    return [v for v in ALLOWED_VALUES[facet] if v in used]


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
    counts: dict = field(default_factory=dict)


@dataclass
class Matrix:
    rows: list[MatrixRow]
    totals: dict
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
        criterion_rows = []
        for qid in question_ids:
            sections = graph.linked_from(qid, "section")
            findings = [f.id for sid in sections for f in graph.nodes[sid].model.findings]
            criterion_rows.append(MatrixRow(criterion, qid, sections, findings, conclusions, recommendations,
                                            first=not criterion_rows, span=len(question_ids)))
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
        totals={"questions": len(rows), "sections": len(content.sections),
                "findings": sum(len(s.findings) for s in content.sections),
                "conclusions": len(content.conclusions), "recommendations": len(content.recommendations)},
        unanswered=[row.question for row in rows if row.question not in answered],
        uncited=[c.id for c in content.conclusions if c.id not in cited],
        unsupported=[r.id for r in content.recommendations if not r.conclusions],
        criteria_without_conclusions=[c.id for c in content.criteria
                                      if not any(x.criterion == c.id for x in content.conclusions)],
    )
