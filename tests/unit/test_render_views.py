"""View models: section order, the findings outline, facets over the project's value sets."""

from helpers import checked

from reportgen.render import views
from reportgen.render.pages import number_key, ordered_sections

PROJECT = {
    "c.yaml": """\
    criteria:
      - {id: rel, name: {en: Relevance}}
      - {id: eff, name: {en: Effectiveness}}
    questions:
      - {id: Q1, criterion: rel, text: {en: "?"}}
    """,
    "s.yaml": """\
    sections:
      - {id: S10, number: "9.10", title: {en: Ten}, criterion: eff}
      - {id: S2, number: "9.2", title: {en: Two}, answers: [Q1]}
      - {id: SX, number: "A.1", title: {en: Annex}}
    """,
    "r.yaml": """\
    institutions:
      - {id: MOL, short: {en: MoL}, name: {en: Ministry of Labour}}
    recommendations:
      - {id: R1, text: {en: One}, priority: very_high, addressees: [MOL], custom: {topic: {en: Gender}}}
      - {id: R2, text: {en: Two}, priority: low}
      - {id: R3, text: {en: Three}}
    """,
}
CONFIG = """\
languages: [en]
value_sets: {priority: [very_high, high, low]}
custom_fields:
  recommendation:
    - {id: topic, label: {en: Topic}, filter: true}
"""


def test_natural_order_of_section_numbers():
    labels = ["9.10", "A.2", "9.2", "10", "9.2.1", "A.10"]
    assert sorted(labels, key=number_key) == ["9.2", "9.2.1", "9.10", "10", "A.2", "A.10"]


def test_outline_by_criterion_when_there_are_no_parts(tmp_path):
    graph = checked(tmp_path, PROJECT, CONFIG).graph
    outline = views.findings_outline(graph, ordered_sections(graph))
    assert [(g.kind, g.id, [s.id for s in g.sections]) for g in outline] == [
        ("criterion", "rel", ["S2"]), ("criterion", "eff", ["S10"]), ("other", None, ["SX"])]


def test_outline_by_parts(tmp_path):
    files = dict(PROJECT)
    files["p.yaml"] = """\
    parts:
      - {id: P9, number: "9", title: {en: Findings}}
      - {id: P92, number: "9.2", title: {en: Sub}, parent: P9}
    """
    files["s.yaml"] = files["s.yaml"].replace("criterion: eff}", "criterion: eff, part: P9}").replace(
        "answers: [Q1]}", "answers: [Q1], part: P92}")
    graph = checked(tmp_path, files, CONFIG).graph
    outline = views.findings_outline(graph, ordered_sections(graph))
    assert [(g.id, [s.id for s in g.sections], [c.id for c in g.children]) for g in outline] == [
        ("P9", ["S10"], ["P92"]), (None, ["SX"], [])]
    assert [s.id for s in outline[0].all_sections()] == ["S10", "S2"]


def test_facets_follow_the_value_sets_and_custom_fields(tmp_path):
    graph = checked(tmp_path, PROJECT, CONFIG).graph
    assert views.facet_keys(graph) == ["addressee", "priority", "custom-topic"]
    assert views.facet_values(graph, "priority") == ["very_high", "low"]
    assert [r.id for r in views.recommendations_with(graph, "custom-topic", "gender")] == ["R1"]
    assert views.level_order(graph, "priority", "low") == 2
    assert views.level_order(graph, "priority", None) == 3


def test_a_recommendations_order_is_its_place_in_the_report(tmp_path):
    from reportgen.render.recommendation_view import RecommendationView

    view = RecommendationView(checked(tmp_path, PROJECT, CONFIG).graph, None, None, None)  # type: ignore[arg-type]
    assert [view.rec_order(r) for r in ("R3", "R1", "R2")] == [2, 0, 1]


def test_matrix_rows_for_sections_of_a_criterion_without_questions(tmp_path):
    graph = checked(tmp_path, PROJECT, CONFIG).graph
    matrix = views.evaluation_matrix(graph)
    assert [(r.criterion.id, r.question, r.sections) for r in matrix.rows] == [
        ("rel", "Q1", ["S2"]), ("eff", None, ["S10"])]
    assert matrix.totals["questions"] == 1 and matrix.unanswered == []
