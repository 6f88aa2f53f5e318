"""Property: whatever a report's shape (chapters present or not, labels of any style, items
empty, repeated or numbered oddly, a matrix without criteria), `reportgen import` either refuses
it with a clear message or writes a project that `reportgen check` passes without errors."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportgen.importer import SourceError, import_report
from reportgen.project import Project, check

SENTENCE = st.sampled_from(["The project met its targets.", "Los resultados son sostenibles.", "",
                            "Le projet a atteint ses objectifs.", "**Bold lead.** Then text.", "- a list item"])
LABELS = {"conclusion": ["**Conclusion {n}.** ", "{p}. **Conclusion {n}:** ", "C{n}. ", "{n}. ", "### Conclusion {n}\n\n"],
          "recommendation": ["**Recommendation {n}.** ", "R{n}. ", "{p}. **Recomendación {n} -** ", "### R{n}. Title\n\n"],
          "lesson": ["**Lesson learned {n}:** ", "LA{n}. ", "### Lesson {n} - Title\n\n", "{p}. "],
          "good_practice": ["**Emerging good practice {n} - Title:** ", "BP{n}. ", "### Good practice {n}\n\n", "{p}. "]}
CHAPTERS = {"conclusion": "Conclusions", "recommendation": "RECOMMENDATIONS", "lesson": "Lessons learned",
            "good_practice": "Emerging good practices"}
FIELDS = st.sampled_from(["", "Note: Priority (High), Responsibility (ILO), Time (Short term)",
                          "Priority\tMedium\nResponsible\tMinistry", "*Note: Priority: Very urgent; Linked to: C9, LA7.*"])


@st.composite
def items(draw, kind: str) -> str:
    numbers = draw(st.lists(st.integers(1, 4), min_size=0, max_size=4))   # repeats and gaps allowed
    blocks = []
    for index, number in enumerate(numbers):
        label = draw(st.sampled_from(LABELS[kind])).format(n=number, p=100 + index)
        blocks.append(label + draw(SENTENCE))
        if kind == "recommendation":
            blocks.append(draw(FIELDS))
    return f"# {CHAPTERS[kind]}\n\n" + "\n\n".join(blocks)


@st.composite
def reports(draw) -> str:
    parts = [draw(st.sampled_from(["", "Project code: ABC/1/2\n\nA Title of Four Words", "- ILO TC/SYMBOL: X/1"]))]
    if draw(st.booleans()):
        parts.append(draw(st.sampled_from([
            "# 9. FINDINGS\n\n## 9.1 Relevance\n\n### 9.1.1 Alignment\n\n1. Text.\n\n## 9.2 Other\n\nMore.",
            "# Hallazgos\n\n## Pertinencia\n\n### 1. Adaptación\n\n*H1. Uno.*\n\n### 1. Repetida\n\n*H1. Otra vez.*",
            "# Findings\n\n### 4.1 Relevance\n\n**Key findings:**\n\n- One.\n- Two.\n\n### 4.1 Relevance\n\nAgain."])))
    for kind in draw(st.permutations(list(CHAPTERS)))[:draw(st.integers(0, 4))]:
        parts.append(draw(items(kind)))
    if draw(st.booleans()):
        matrix = draw(st.sampled_from(["Question\tSource\n1. Is it relevant?\tDocs\n2. Is it efficient?\tDocs\n"
                                       "3. Will it last?\tDocs",
                                       "Criterion\tQuestion\nRelevance\tEQ1. Is it relevant?\n\tEQ1. Again?\n"
                                       "Efficiency\tEQ2. Is it efficient?\n\tEQ2.1 And?\n\tEQ2.1 And again?"]))
        parts.append(f"# Annexes\n\n## Annex 1. Matrix\n\n{matrix}\n\n## Annex 2. Lessons\n\n"
                     "LL Element\tText\nBrief description of lesson learned\tX.\n\n"
                     "GP Element\tGood practice 7: Unknown\nBrief summary of the good practice\tY.")
    return "\n\n".join(parts)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports())
def test_import_refuses_or_checks(text):
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "report.md"
        source.write_text(text, encoding="utf-8")
        try:
            result = import_report(source, Path(folder) / "out", "en")
        except SourceError as error:
            assert str(source) in str(error)
            return
        checked = check(Project(result.out))
        errors = [f"{p.file}:{p.line}: {p.message}" for p in checked.report.problems if p.severity == "error"]
        assert not errors, "\n".join(errors) + "\n---\n" + text
