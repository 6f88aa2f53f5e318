"""Evaluation projects for the portal tests: copies of the bundled content with their own code and cover data.

The copies are test data (clearly not real evaluations): a "mid-term" one whose
R1–R4 the bundled final evaluation's Table 4 follows up, and the small sample
(tests/fixtures/sample) carrying the leak-scan content of tests/test_rounds.py
(internal items and comments marked LEAKMARKER-NN) and a Bolivian cover.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from test_rounds import INTERNAL_FINDING, LEAK  # the leak-scan content and its internal key finding

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"
FIXTURES = ROOT / "tests" / "fixtures" / "portal"
FINAL_CODE = "PER/17/51/USA"
MIDTERM_CODE = "TEST/MTE/01"
OTHER_CODE = "SAMPLE/00/01/XXX"  # the sample's own code
SAMPLE = ROOT / "tests" / "fixtures" / "sample"


def set_cover(project: Path, **fields) -> None:
    """Replace one-line cover fields of evaluation.yaml (code: X, timing: {es: …, en: …}, …)."""
    path = project / "content" / "evaluation.yaml"
    text = path.read_text(encoding="utf-8")
    for name, value in fields.items():
        text, n = re.subn(rf"^  {name}: .*$", f"  {name}: {value}", text, count=1, flags=re.M)
        assert n == 1, name
    path.write_text(text, encoding="utf-8")


def copy_project(folder: Path, content: Path = CONTENT) -> Path:
    folder.mkdir(parents=True)
    shutil.copytree(content, folder / "content")
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    return folder


def link_midterm_table(project: Path, code: str = MIDTERM_CODE) -> None:
    """The final evaluation's Table 4 rows MTR1–MTR4 follow up R1–R4 of the mid-term evaluation `code`."""
    path = project / "content" / "annexes" / "midterm-recommendations.yaml"
    text = path.read_text(encoding="utf-8")
    for n in range(1, 5):
        text, count = re.subn(rf"^(\s*)- id: MTR{n}\n", lambda m: f"{m.group(0)}{m.group(1)}  follows_up: "
                              f"{{evaluation: \"{code}\", recommendation: R{n}}}\n", text, count=1, flags=re.M)
        assert count == 1, f"MTR{n}"
    path.write_text(text, encoding="utf-8")


def make_portal(root: Path, languages: str = "[es, en]") -> Path:
    """PORTAL/portal.yml with three evaluations: final (with responses), mid-term, other."""
    final = copy_project(root / "evaluations" / "final")
    shutil.copy(FIXTURES / "management-responses.yaml", final / "content" / "management-responses.yaml")
    link_midterm_table(final)
    midterm = copy_project(root / "evaluations" / "midterm")
    set_cover(midterm, code=MIDTERM_CODE, timing="{es: Intermedia, en: Mid-term}",
              completion_date="{es: Marzo 2021, en: March 2021}")
    other = copy_project(root / "evaluations" / "other", SAMPLE)
    shutil.copytree(LEAK, other / "content" / "leak")
    findings = other / "content" / "findings" / "S2.yaml"
    text = findings.read_text(encoding="utf-8")
    assert INTERNAL_FINDING[0] in text
    findings.write_text(text.replace(INTERNAL_FINDING[0], INTERNAL_FINDING[1], 1), encoding="utf-8")
    (root / "portal.yml").write_text(
        "title: {es: Evaluaciones de prueba, en: Test evaluations}\n"
        f"languages: {languages}\n"
        "edition: public\n"
        "downloads: false\n"
        "evaluations:\n"
        "  - evaluations/final\n"
        "  - evaluations/midterm\n"
        "  - evaluations/other\n", encoding="utf-8")
    return root
