"""Evaluation projects for the portal tests: the bundled evaluation and two projects started with
`reportgen new`, as an evaluation office would bring them together.

- final: a copy of the bundled evaluation (es, en), with test management responses and its
  Table 4 rows MTR1–MTR3 linked to the mid-term evaluation's R1–R3 (MTR4 has no R4 to follow);
- midterm: `reportgen new --languages en,fr`, its code and timing set to a mid-term's: an
  evaluation in English and French in a portal whose first language is Spanish;
- other: `reportgen new --languages es,en` carrying the leak-scan content of tests/test_rounds.py
  (internal items and comments marked LEAKMARKER-NN) and an internal key finding.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from conftest import run_cli
from test_rounds import LEAK  # the leak-scan content

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "portal"
FINAL_CODE = "PER/17/51/USA"
MIDTERM_CODE = "TEST/MTE/01"
OTHER_CODE = "EXAMPLE/24/01/XXX"  # the starter's own code
SLUGS = {FINAL_CODE: "per-17-51-usa", MIDTERM_CODE: "test-mte-01", OTHER_CODE: "example-24-01-xxx"}
LINKED_ROWS = 3  # MTR1–MTR3 follow up the mid-term's R1–R3
# An internal key finding, added to the starter's section S2 (findings live inside their section).
INTERNAL_FINDING = ("    narrative:\n",
                    "      - id: LEAKMARKER-47\n"
                    "        visibility: internal\n"
                    "        text:\n"
                    "          es: \"Hallazgo interno LEAKMARKER-48.\"\n"
                    "          en: \"Internal finding LEAKMARKER-49.\"\n"
                    "    narrative:\n")


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= count, (path, old)
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def copy_bundled(folder: Path) -> Path:
    folder.mkdir(parents=True)
    shutil.copytree(ROOT / "content", folder / "content")
    shutil.copy(ROOT / "reportgen.yml", folder / "reportgen.yml")
    return folder


def new_project(folder: Path, languages: str) -> Path:
    result = run_cli("new", folder, "--languages", languages)
    assert result.returncode == 0, result.stderr
    return folder


def link_midterm_table(project: Path, code: str = MIDTERM_CODE) -> None:
    """The final evaluation's Table 4 rows MTR1–MTR3 follow up R1–R3 of the mid-term evaluation `code`."""
    path = project / "content" / "annexes" / "midterm-recommendations.yaml"
    text = path.read_text(encoding="utf-8")
    for n in range(1, LINKED_ROWS + 1):
        text, count = re.subn(rf"^(\s*)- id: MTR{n}\n", lambda m: f"{m.group(0)}{m.group(1)}  follows_up: "
                              f"{{evaluation: \"{code}\", recommendation: R{n}}}\n", text, count=1, flags=re.M)
        assert count == 1, f"MTR{n}"
    path.write_text(text, encoding="utf-8")


def make_midterm(folder: Path) -> Path:
    project = new_project(folder, "en,fr")
    cover = project / "content" / "evaluation.yaml"
    edit(cover, 'code: "EXAMPLE/24/01/XXX"', f'code: "{MIDTERM_CODE}"')
    edit(cover, 'en: "Final"', 'en: "Mid-term"')
    edit(cover, 'fr: "Finale"', 'fr: "À mi-parcours"')
    edit(cover, 'en: "March 2024"', 'en: "March 2021"')
    edit(cover, 'fr: "mars 2024"', 'fr: "mars 2021"')
    return project


def make_other(folder: Path) -> Path:
    """The starter in Spanish and English with the leak-scan content (its references moved to the
    starter's IDs: key findings are F1…, not H1…)."""
    project = new_project(folder, "es,en")
    leak = project / "content" / "leak"
    shutil.copytree(LEAK, leak)
    for path in leak.iterdir():
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"\bH1\b", "F1", text)
        path.write_text(text, encoding="utf-8")
    edit(project / "content" / "findings" / "S2.yaml", *INTERNAL_FINDING)
    return project


def add_follow_up_history(path: Path) -> None:
    """A second dated update of KA4.1 (2025-05-20), a dated internal note on it, an internal key action
    KA4.3 and two notes on the response to R4 (one internal, one public); the internal ones carry
    LEAKMARKER-91…93, which the public portal's leak scan must not find."""
    edit(path, '''            text: {es: Borrador enviado para consulta, en: Draft sent for consultation}
''', '''            text: {es: Borrador enviado para consulta, en: Draft sent for consultation}
          - date: "2025-05-20"
            text: {es: Segunda versión tras la consulta, en: Second version after the consultation}
        notes:
          - date: "2025-05-21"
            text: {es: "Nota interna LEAKMARKER-91", en: "Internal note LEAKMARKER-91"}
      - id: KA4.3
        visibility: internal
        text: {es: "Acción interna LEAKMARKER-92", en: "Internal action LEAKMARKER-92"}
        unit: ILO Lima
        due: "2025-03-01"
        status: not started
''')
    edit(path, '''    key_actions:
      - id: KA4.1''', '''    notes:
      - text: {es: "Nota interna de la respuesta LEAKMARKER-93", en: "Internal note on the response LEAKMARKER-93"}
      - text: {es: Nota pública de la respuesta, en: Public note on the response}
        visibility: public
    key_actions:
      - id: KA4.1''')


def make_portal(root: Path, languages: str = "[es, en, fr]") -> Path:
    """PORTAL/portal.yml with three evaluations: final (with responses), mid-term (en, fr), other."""
    final = copy_bundled(root / "evaluations" / "final")
    shutil.copy(FIXTURES / "management-responses.yaml", final / "content" / "management-responses.yaml")
    add_follow_up_history(final / "content" / "management-responses.yaml")
    link_midterm_table(final)
    make_midterm(root / "evaluations" / "midterm")
    make_other(root / "evaluations" / "other")
    (root / "portal.yml").write_text(
        "title: {es: Evaluaciones de prueba, en: Test evaluations, fr: Évaluations de test}\n"
        f"languages: {languages}\n"
        "edition: public\n"
        "downloads: false\n"
        "evaluations:\n"
        "  - evaluations/final\n"
        "  - evaluations/midterm\n"
        "  - evaluations/other\n", encoding="utf-8")
    return root
