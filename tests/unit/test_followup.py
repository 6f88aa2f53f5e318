"""Management responses: the graph-layer checks (file:line) and the follow-up figures."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from reportgen import followup
from reportgen.content.loader import load_content
from reportgen.errors import Report
from reportgen.context import BuildContext
from reportgen.graph import build_graph, content_languages

ROOT = Path(__file__).resolve().parents[2]
RESPONSES = ROOT / "tests/fixtures/portal/management-responses.yaml"

BROKEN = """\
management_responses:
  - recommendation: R99
    status: accepted
    date: "2025-02-10"
    text: {es: Texto, en: Text}
  - recommendation: R2
    status: maybe
    date: "2025-02-10"
    text: {es: Texto, en: Text}
  - recommendation: R3
    status: accepted
    date: "2025-02-10"
    text: {es: Texto, en: Text}
    key_actions:
      - id: KA3.1
        text: {es: Acción, en: Action}
        unit: ILO
        due: "2025-01-31"
        status: in progress
        updates:
          - date: "2031-01-01"
            text: {es: Futuro, en: Future}
      - id: KA3.2
        text: {es: Acción, en: Action}
        unit: ILO
        due: "2025-02-30"
        status: completed
  - recommendation: R1
    status: accepted
    date: "2025-02-10"
    text: {es: Texto, en: Text}
    key_actions:
      - id: KA1.1
        text: {es: Acción, en: Action}
        unit: ILO
        due: "2025-03-01"
        status: finished
"""


def graph_with(tmp_path: Path, text: str, build_date=date(2026, 1, 1)):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "tests/fixtures/sample", content)
    (content / "responses.yaml").write_text(text, encoding="utf-8")
    report = Report()
    loaded = load_content(content, report)
    graph = build_graph(loaded, report, BuildContext(languages=tuple(content_languages(loaded)), build_date=build_date))
    return graph, report


def test_every_problem_with_its_line(tmp_path):
    _, report = graph_with(tmp_path, BROKEN)
    found = {(p.line, p.message.split(":")[0] if "R99" in p.message else p.message) for p in report.errors}
    messages = {p.line: p for p in report.errors}
    assert all(p.file == "content/responses.yaml" for p in report.errors)
    assert "no recommendation 'R99'" in messages[2].message
    assert "'maybe' is not an allowed value" in messages[7].message
    assert "accepted, partially accepted or not accepted" in messages[7].hint
    assert "due 2025-01-31 is before the response date 2025-02-10" in messages[18].message
    assert "update dated 2031-01-01, after the build date 2026-01-01" in messages[21].message
    assert "due: '2025-02-30' is not a calendar date" in messages[26].message
    assert "'finished' is not an allowed value" in messages[37].message
    assert "not started, in progress, completed or no longer applicable" in messages[37].hint
    assert len(found) == 6, [p.format() for p in report.errors]


def test_not_a_calendar_date(tmp_path):
    text = BROKEN.split("  - recommendation: R2")[0].replace("R99", "R1").replace('"2025-02-10"', '"2025-02-30"')
    _, report = graph_with(tmp_path, text)
    assert [(p.line, p.message) for p in report.errors] == [(4, "date: '2025-02-30' is not a calendar date")]


def test_a_second_response_to_the_same_recommendation(tmp_path):
    one = BROKEN.split("  - recommendation: R2")[0].replace("R99", "R1")
    _, report = graph_with(tmp_path, one + one.split("management_responses:\n")[1])
    assert [p.line for p in report.errors] == [6]
    assert "a second management response to R1 (the first is at content/responses.yaml:2)" in \
        report.errors[0].message


@pytest.mark.parametrize("as_of, overdue", [(date(2025, 6, 30), []), (date(2025, 7, 1), ["KA4.1"])])
def test_overdue_as_of_the_build_date(tmp_path, as_of, overdue):
    # The sample has R1–R3: the fixture's response to R4 is made a response to R3.
    graph, report = graph_with(tmp_path, RESPONSES.read_text(encoding="utf-8").replace(
        "recommendation: R4", "recommendation: R3"), as_of)
    assert not report.errors, [p.format() for p in report.errors]
    views = followup.action_views(graph, as_of)
    assert [v.action.id for v in views if v.overdue] == overdue
    latest = {v.action.id: v.latest.date if v.latest else None for v in views}
    assert latest == {"KA4.1": "2025-04-02", "KA4.2": "2025-05-10", "KA1.1": None}
    assert followup.action_counts(views) == {"not started": 1, "in progress": 1, "completed": 1,
                                             "no longer applicable": 0}
    counts = followup.response_counts(graph)
    assert counts["accepted"] == 1 and counts["partially accepted"] == 1
    assert counts["none"] == len(graph.content.recommendations) - 2
