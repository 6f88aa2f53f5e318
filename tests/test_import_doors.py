"""One report through every door: the same evaluation report as a team or an office holds it, as
Markdown, as a Word file (pandoc), as that Word file printed to PDF by a word processor
(LibreOffice) and as that PDF's text (`pdftotext -layout`), gives the same project.

The reports are written for this test in house styles reportgen's own outputs do not use (the
ILO cover block with "Evaluation Title:", "Finding 1:" statements, a recommendations summary
table, captions under tables, French labels with a space before the colon, an evaluation matrix
whose questions are not numbered, ILO templates in the annexes). The Markdown import is the
reference; every other door must give its items with their IDs, links and words.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from conftest import run_cli  # noqa: E402
from roundtrip import below_floors, compare, details, table  # noqa: E402

from reportgen.importer import import_report  # noqa: E402

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"
REPORTS = {"en": FIXTURES / "final-en-green-jobs.md", "fr": FIXTURES / "final-fr-emploi-rural.md",
           "es": FIXTURES / "final-es-empleo-juvenil.md",
           # a UN house style: roman chapters, lettered criteria, questions in the findings, numbered
           # paragraphs throughout, one recommendations table with narrow columns, a ratings table
           "cluster": FIXTURES / "midterm-en-cluster.md",
           # a French mid-term: "Label : valeur" cover lines, a bulleted list of acronyms, each question over
           # its "Constat 1 (pertinence) :" findings, the criterion in brackets after a conclusion's label, a
           # field table under each recommendation, a ratings table run over a page whose foot holds a note
           "fr-midterm": FIXTURES / "midterm-fr-cotier.md",
           # a Spanish final: "Capítulo 2. Hallazgos", "Hallazgo clave 1.", conclusions as a numbered list with
           # criterion lead-ins, each recommendation's fields in a bracket closing its paragraph, lettered annexes
           "es-care": FIXTURES / "final-es-cuidados.md"}
# What a door loses for a reason of its own: (door, report) -> kind -> (items, links, min similarity).
FLOORS: dict[tuple[str, str], dict[str, tuple[float, float, float]]] = {
    # Plain text keeps no type size: the title and the line of countries under it read as one title.
    ("txt", "cluster"): {"cover": (1.0, 1.0, 0.75)},
    # Plain text keeps no paragraph spacing: a finding's statement whose last line is as long as the next
    # word allows ("…de pêcheurs." / "Les plans…") reads on into the paragraph after it (F1, and so S3.1).
    ("txt", "fr-midterm"): {"findings": (1.0, 1.0, 0.55), "sections": (1.0, 1.0, 0.73)},
}
EXPECTED = {  # what the Markdown import finds: the reports' own counts
    "en": {"criteria": 6, "questions": 6, "sections": 6, "findings": 8, "conclusions": 3, "recommendations": 3,
           "lessons": 2, "good_practices": 1, "glossary": 4, "tables": 2},
    "fr": {"criteria": 3, "questions": 3, "sections": 3, "findings": 4, "conclusions": 2, "recommendations": 2,
           "lessons": 1, "good_practices": 1, "glossary": 2, "tables": 1},
    "es": {"criteria": 4, "questions": 4, "sections": 4, "findings": 6, "conclusions": 3, "recommendations": 3,
           "lessons": 2, "good_practices": 1, "glossary": 3, "tables": 2},
    "cluster": {"criteria": 5, "questions": 5, "sections": 5, "findings": 6, "conclusions": 3, "recommendations": 4,
                "lessons": 2, "good_practices": 1, "glossary": 3, "tables": 2},
    "es-care": {"criteria": 3, "questions": 3, "sections": 3, "findings": 5, "conclusions": 3, "recommendations": 3,
                "lessons": 1, "good_practices": 1, "glossary": 3, "tables": 1},
    "fr-midterm": {"criteria": 4, "questions": 4, "sections": 5, "findings": 6, "conclusions": 3, "recommendations": 3,
                   "lessons": 2, "good_practices": 1, "glossary": 4, "tables": 2},
}
# The reports whose paragraphs are numbered through their chapters ("5. **Finding 1.** …", "6. …").
NUMBERED_PARAGRAPHS = {"cluster"}
# A recommendations table's cells, one per line in a text taken without its layout, are not read (IMPORT.md says so).
TABLE_ITEMS = {"cluster": "recommendations"}
# The ILO templates each report holds in its annexes: item -> a field and the words it must hold.
TEMPLATES = {
    "fr": {"LA1": ("successes", "Les stages en entreprise ont mené à l'emploi."),
           "BP1": ("cause_effect", "Les employeurs présents aux comités ont offert des stages.")},
    "es": {"LA1": ("successes", "Las empresas del diseño contrataron más."),
           "LA2": ("challenges", "Falta de transporte y de cuidado infantil."),
           "BP1": ("upward_links", "PTDP del Perú, resultado 1.")},
    "cluster": {"LL1": ("challenges", "Separate annual work plans."),
                "LL2": ("successes", "Buyers' audits checked the committees' minutes."),
                "GP1": ("cause_effect", "One database meant one set of definitions.")},
}


@pytest.fixture(scope="module")
def doors(tmp_path_factory) -> dict[tuple[str, str], Path]:
    """Each report through each door, imported: (door, report) -> project."""
    folder = tmp_path_factory.mktemp("doors")
    sources: dict[tuple[str, str], Path] = {}
    for name, markdown in REPORTS.items():
        sources[("md", name)] = markdown
        docx = folder / f"{name}.docx"
        # (no smart quotes: the Markdown keeps its straight ones, so the words compare)
        subprocess.run(["pandoc", "-f", "markdown-smart-tex_math_dollars", str(markdown), "-o", str(docx)],
                       check=True, capture_output=True, timeout=120)
        sources[("docx", name)] = docx
    if shutil.which("soffice"):
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{folder}/profile", "--convert-to",
                        "pdf", "--outdir", str(folder), *(str(folder / f"{n}.docx") for n in REPORTS)],
                       check=True, capture_output=True, timeout=600)
        for name in REPORTS:
            sources[("pdf", name)] = folder / f"{name}.pdf"
            text = folder / f"{name}.txt"
            subprocess.run(["pdftotext", "-layout", str(folder / f"{name}.pdf"), str(text)], check=True, timeout=120)
            sources[("txt", name)] = text
    projects = {}
    for key, source in sources.items():
        projects[key] = folder / f"{key[0]}-{key[1]}"
        import_report(source, projects[key])
    return projects


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_the_markdown_door_finds_the_reports_items(name, doors):
    counts = {r.kind: r.total for r in compare(doors[("md", name)], doors[("md", name)])}
    assert {kind: counts.get(kind, 0) for kind in EXPECTED[name]} == EXPECTED[name]


@pytest.mark.parametrize("door", ["docx", "pdf", "txt"])
@pytest.mark.parametrize("name", sorted(REPORTS))
def test_every_door_gives_the_same_project(door, name, doors):
    if (door, name) not in doors:
        pytest.skip("LibreOffice is not installed (scripts/setup.sh installs it)")
    results = compare(doors[("md", name)], doors[(door, name)])
    print(f"\n{door} of the {name} report\n{table(results)}")
    failures = below_floors(results, FLOORS.get((door, name), {}))
    assert not failures, f"{door} loses {failures}\n{details(results)}"


@pytest.mark.parametrize("door", ["md", "txt"])
def test_every_door_gives_a_project_that_checks(door, doors):
    for name in REPORTS:
        if (door, name) in doors:
            result = run_cli("check", "--project", str(doors[(door, name)]))
            assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_text_without_its_layout_keeps_the_chapters_and_says_what_it_lost(name, doors, tmp_path):
    """`pdftotext` without -layout writes a table's cells one under the other: the chapters come
    back, and IMPORT.md names the runs of cells it could not read and what to give instead."""
    if ("pdf", name) not in doors:
        pytest.skip("LibreOffice is not installed (scripts/setup.sh installs it)")
    pdf = doors[("pdf", name)].parent / f"{name}.pdf"
    text = tmp_path / f"{name}.txt"
    subprocess.run(["pdftotext", str(pdf), str(text)], check=True, timeout=120)
    import_report(text, tmp_path / "project")
    counts = {r.kind: r.total for r in compare(tmp_path / "project", tmp_path / "project")}
    for kind in ("findings", "conclusions", "recommendations", "lessons", "good_practices"):
        assert counts.get(kind, 0) == (0 if TABLE_ITEMS.get(name) == kind else EXPECTED[name][kind]), kind
    report = (tmp_path / "project" / "IMPORT.md").read_text(encoding="utf-8")
    assert "taken without its layout" in report
    if name in TABLE_ITEMS:
        assert "not read as a table: import the PDF itself, or its text taken with `pdftotext -layout`" in report
    # The matrix's cells lost their order: a question whose criterion is not the report's says so.
    def questions(project: Path) -> dict[str, dict]:
        listed = yaml.safe_load((project / "content" / "questions.yaml").read_text(encoding="utf-8"))["questions"]
        return {q["id"]: q for q in listed}
    truth = questions(doors[("md", name)])
    for ident, question in questions(tmp_path / "project").items():
        if ident not in truth or question["criterion"] != truth[ident]["criterion"]:
            assert "import_note" in question, (ident, question)


@pytest.mark.parametrize("door", ["md", "docx", "pdf", "txt"])
@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_the_templates_in_the_annexes_reach_their_items(door, name, doors):
    """However a house words its ILO templates ("Plantilla de Lecciones Aprendidas OIT", "Elemento LA",
    "Éxito/Asuntos positivos"), each reaches its item, and IMPORT.md never calls one missing."""
    if (door, name) not in doors:
        pytest.skip("LibreOffice is not installed (scripts/setup.sh installs it)")
    project = doors[(door, name)]
    items = {}
    for collection in ("lessons.yaml", "good-practices.yaml"):
        for listed in yaml.safe_load((project / "content" / collection).read_text(encoding="utf-8")).values():
            items.update({item["id"]: item for item in listed})
    for ident, (field, words) in TEMPLATES[name].items():
        assert next(iter(items[ident]["template"][field].values())) == words, ident
    assert "no ILO template for this item" not in (project / "IMPORT.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("door", ["md", "docx", "pdf", "txt"])
def test_a_report_that_numbers_its_paragraphs_gives_a_project_that_numbers_them(door, doors):
    """"5. **Finding 1.** …", "6. Employers' associations…": the report's own numbers run on through its
    chapters, so the project numbers its paragraphs (each keeps its number and its #para-N anchor)."""
    for name in REPORTS:
        if (door, name) in doors:
            config = yaml.safe_load((doors[(door, name)] / "reportgen.yml").read_text(encoding="utf-8"))
            assert config.get("numbered_paragraphs", False) is (name in NUMBERED_PARAGRAPHS), (door, name)


def test_the_numbered_paragraphs_of_an_imported_pdf_keep_their_anchors_on_the_site(doors, tmp_path):
    if ("pdf", "cluster") not in doors:
        pytest.skip("LibreOffice is not installed (scripts/setup.sh installs it)")
    site = tmp_path / "site"
    result = run_cli("build", "--project", str(doors[("pdf", "cluster")]), "--out", str(site), "--no-downloads")
    assert result.returncode == 0, result.stdout + result.stderr
    page = (site / "findings" / "SA" / "index.html").read_text(encoding="utf-8")
    assert 'id="para-6">6.</span>' in page  # "6. Employers' associations…", the paragraph after Finding 1
