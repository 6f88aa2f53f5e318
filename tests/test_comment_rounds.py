"""`reportgen comments import | export` end to end, with the real CLI.

Three organisations send the draft back: the ILO's copy keeps reportgen's bookmarks (comments,
a reply thread, tracked changes, a table cell, the summary, numbered paragraphs), the ministry's
lost them (placed by quoted words) and the donor's was re-saved by LibreOffice. They are imported
into a new round; importing again adds nothing; a file of another evaluation and hostile files
are refused with nothing written; the matrix goes out, comes back answered, and the round passes
`check --round R --final`; the review site shows every comment where it belongs.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, run_cli

sys.path.insert(0, str(Path(__file__).resolve().parent / "unit"))
from review_docs import Block, Note, make_draft  # noqa: E402
from test_review_word import CODE, DRAFT, QUOTED, numbered_project  # noqa: E402

ROUND = "draft-2"


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(folder)).encode() + path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = numbered_project(tmp_path_factory.mktemp("comment-round") / "project")
    inbox = root / "inbox"
    inbox.mkdir()
    make_draft(inbox / "draft-OIT.docx", DRAFT, identifier=f"{CODE} review es {ROUND}")
    make_draft(inbox / "draft-MIMP.docx", QUOTED, bookmarks=False)
    donor = make_draft(root / "donor-word.docx", [
        Block("Los CAR mejoraron sus protocolos de atención.", item="H5",
              notes=[Note("mejoraron", "¿Cuánto?", author="Donor Team")])], identifier=f"{CODE} review es")
    if shutil.which("soffice"):
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{root}/lo-profile", "--convert-to",
                        "docx", "--outdir", str(inbox / "lo"), str(donor)], check=True, capture_output=True,
                       timeout=180)
        shutil.move(inbox / "lo" / "donor-word.docx", inbox / "draft-donor.docx")
    else:
        shutil.copy(donor, inbox / "draft-donor.docx")
    runs = {}
    runs["oit"] = run_cli("comments", "import", ROUND, "inbox/draft-OIT.docx", "--reviewer", "OIT",
                          "--name", "Revisión del borrador 2", "--date", "2025-02", cwd=root)
    runs["others"] = run_cli("comments", "import", ROUND, "inbox/draft-MIMP.docx", "inbox/draft-donor.docx",
                             cwd=root)
    return root, runs


def round_file(root: Path) -> Path:
    return root / "content" / "rounds" / f"{ROUND}.yaml"


def comments(root: Path) -> list[dict]:
    return yaml.safe_load(round_file(root).read_text(encoding="utf-8"))["comments"]


def test_import_tells_what_it_read_per_file(project):
    root, runs = project
    oit, others = runs["oit"], runs["others"]
    assert oit.returncode == 0, oit.stderr
    assert others.returncode == 0, others.stderr
    assert ("inbox/draft-OIT.docx: 9 read (6 comment(s), 2 of them replies; 3 tracked change(s)): 9 placed on "
            "items, 0 placed by quoted text, 0 unplaced, 0 duplicate(s) skipped") in oit.stdout
    assert f"round {ROUND} created; 9 comment(s) added (CM1–CM9)" in oit.stdout
    assert ("inbox/draft-MIMP.docx: 5 read (5 comment(s), 0 of them replies; 0 tracked change(s)): 0 placed on "
            "items, 3 placed by quoted text, 2 unplaced") in others.stdout
    assert "  unplaced: comment 3 «resultados»; the words are in" in others.stdout
    assert "  unplaced: comment 4 «frase que el informe no tiene»; set 'target:' by hand" in others.stdout
    assert "inbox/draft-donor.docx: 1 read (1 comment(s), 0 of them replies; 0 tracked change(s)): 1 placed on " \
           "items" in others.stdout
    assert "Traceback" not in oit.stderr + others.stderr


def test_the_round_file_holds_every_comment_in_its_place(project):
    root, _ = project
    data = yaml.safe_load(round_file(root).read_text(encoding="utf-8"))
    assert data["rounds"] == [{"id": ROUND, "name": {"es": "Revisión del borrador 2"}, "date": "2025-02"}]
    found = {c["text"]: c for c in data["comments"]}
    assert [c["id"] for c in data["comments"]] == [f"CM{n}" for n in range(1, 16)]
    assert found["¿Qué diseño?"]["organisation"] == "OIT" and found["¿Qué diseño?"]["author"] == "Ana Ruiz"
    assert found["El del proyecto."]["reply_to"] == found["¿Qué diseño?"]["id"]
    assert (found["Fuente del dato, por favor."]["target"], found["Fuente del dato, por favor."]["paragraph"]) == \
        ("S2", 85)
    assert found["Precisar el nombre."]["target"] == "page:summary"
    assert found["Matizar."]["organisation"] == "Ana Ruiz"  # no --reviewer: the author
    assert found["Matizar."]["target"] == "C1"
    assert "target" not in found["??"] and found["??"]["quote"] == "frase que el informe no tiene"
    assert found["¿Cuánto?"]["target"] == "H5" and found["¿Cuánto?"]["organisation"] == "Donor Team"
    replacement = next(c for c in data["comments"] if c.get("suggestion", {}).get("inserted") == "formular")
    assert (replacement["target"], replacement["paragraph"], replacement["suggestion"]["deleted"]) == \
        ("R1", 2, "diseñar")


def test_importing_the_same_files_again_adds_nothing(project):
    root, _ = project
    before = round_file(root).read_bytes()
    again = run_cli("comments", "import", ROUND, "inbox/draft-OIT.docx", "inbox/draft-MIMP.docx",
                    "inbox/draft-donor.docx", "--reviewer", "OIT", cwd=root)
    assert again.returncode == 0, again.stderr
    assert "0 comment(s) added, 15 already there; no file changed" in again.stdout
    assert "9 duplicate(s) skipped" in again.stdout
    assert round_file(root).read_bytes() == before


def test_check_lists_unplaced_comments_as_notes(project):
    root, _ = project
    result = run_cli("check", "--round", ROUND, cwd=root)
    assert result.returncode == 0, result.stderr
    assert re.search(r"rounds/draft-2\.yaml:\d+: note \[CM\d+\] [\w.]+: comment CM\d+ is not placed on any item "
                     r"\(quoting 'frase que el informe no tiene'\)", result.stdout + result.stderr)


def test_a_file_of_another_evaluation_is_refused_and_nothing_written(project, tmp_path):
    root, _ = project
    other = make_draft(tmp_path / "other.docx", DRAFT[:1], identifier="OTHER/1/2/3 review es")
    before = tree_digest(root / "content")
    result = run_cli("comments", "import", ROUND, "inbox/draft-OIT.docx", other, cwd=root)
    assert result.returncode == 1
    assert f"other.docx: error review.comments_file: this is the draft of another evaluation (identifier " \
           f"'OTHER/1/2/3 review es'); this project is {CODE}" in result.stderr
    assert "nothing was written" in result.stderr and "Traceback" not in result.stderr
    assert tree_digest(root / "content") == before


def test_hostile_and_wrong_files_are_all_told_in_one_run(project, tmp_path):
    root, _ = project
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * 30_000_000)
    macro = tmp_path / "macro.docx"
    with zipfile.ZipFile(macro, "w") as archive:
        archive.writestr("word/vbaProject.bin", b"x")
    (tmp_path / "text.xlsx").write_text("not a workbook")
    before = tree_digest(root / "content")
    result = run_cli("comments", "import", ROUND, bomb, macro, tmp_path / "text.xlsx", cwd=root)
    assert result.returncode == 1
    assert "bomb.docx: error review.comments_file: entry word/document.xml inflates" in result.stderr
    assert "macro.docx: error review.comments_file: the file contains macros (word/vbaProject.bin)" in result.stderr
    assert "text.xlsx: error review.comments_file: not a .xlsx file" in result.stderr
    assert "3 error(s); nothing was written" in result.stderr and "Traceback" not in result.stderr
    assert tree_digest(root / "content") == before
    usage = run_cli("comments", "import", ROUND, tmp_path / "notes.pdf", cwd=root)
    assert usage.returncode == 2 and "file(s) not found" in usage.stderr


def test_the_matrix_round_trip_closes_the_round(project):
    from openpyxl import load_workbook

    root, _ = project
    export = run_cli("comments", "export", ROUND, "-o", "matrix.xlsx", cwd=root)
    assert export.returncode == 0, export.stderr
    assert "15 comment(s) of round draft-2 written to matrix.xlsx" in export.stdout
    refused = run_cli("comments", "export", ROUND, "-o", "matrix.xlsx", cwd=root)
    assert refused.returncode == 2 and "the file exists and may hold responses" in refused.stderr
    book = load_workbook(root / "matrix.xlsx")
    sheet = book["Comments"]
    rows = list(range(2, sheet.max_row + 1))
    statuses = ["accepted", "partially accepted", "not accepted", "noted"]
    for position, row in enumerate(rows):
        if sheet.cell(row, 1).value:
            sheet.cell(row, 8).value = statuses[position % 4]
            sheet.cell(row, 9).value = f"Respuesta {position}."
    sheet.cell(2, 10).value = "R1"
    book.save(root / "matrix.xlsx")
    unanswered = run_cli("check", "--round", ROUND, "--final", cwd=root)
    assert unanswered.returncode == 1 and "has no response" in unanswered.stderr
    answered = run_cli("comments", "import", ROUND, "matrix.xlsx", cwd=root)
    assert answered.returncode == 0, answered.stderr
    assert "matrix.xlsx: 0 new comment(s), 15 response(s) read" in answered.stdout
    final = run_cli("check", "--round", ROUND, "--final", cwd=root)
    assert final.returncode == 0, final.stdout + final.stderr
    first = comments(root)[0]
    assert first["response"]["status"] == "accepted" and first["response"]["changed"] == ["R1"]
    assert first["response"]["text"] == {"es": "Respuesta 0."}


@pytest.fixture(scope="module")
def site(project):
    root, _ = project
    result = run_cli("build", "--no-downloads", "--out", root / "site", cwd=root)
    assert result.returncode == 0, result.stderr
    return root / "site"


def text_of(page: Path) -> str:
    return re.sub(r"\s+", " ", page.read_text(encoding="utf-8"))


def test_the_site_shows_quotes_paragraph_links_and_suggestions_under_items(site):
    section = text_of(site / "findings" / "S2" / "index.html")
    assert re.search(r'<a href="(\./)?#para-85">Párrafo 85</a>', section), "a link to the numbered paragraph"
    assert 'id="para-85"' in section
    assert "<em>Texto citado:</em> «92 %»" in section
    assert "<em>Cambio propuesto:</em> <del>nuevas</del>" in section or \
        "<em>Cambio propuesto:</em> <del> nuevas</del>" in section
    recommendations = text_of(site / "recommendations" / "index.html")
    assert "En respuesta a CM1" in recommendations
    assert "<del>diseñar</del> → <ins>formular</ins>" in recommendations


def test_the_comments_log_lists_unplaced_comments_and_filters_them(site):
    log = text_of(site / "comments" / "index.html")
    assert '<option value="unplaced">Aún sin ubicar</option>' in log
    assert re.search(r'data-item="unplaced"[^>]*>.*?<td[^>]*>Aún sin ubicar</td>', log)  # a cell (with its phone label)
    assert "<q>frase que el informe no tiene</q>" in log
    english = text_of(site / "en" / "comments" / "index.html")
    assert "Not placed yet" in english


def test_comments_saved_on_the_review_site_join_the_round(project):
    import json

    root, _ = project
    saved = root / "inbox" / "site-comments.json"
    saved.write_text(json.dumps({
        "format": "reportgen-comments/1", "evaluation": CODE, "round": ROUND,
        "reviewer": {"name": "Rosa Vega", "organisation": "Sindicato"},
        "comments": [
            {"id": "0a1b2c3d4e5f6071", "target": "R2", "paragraph": None, "quote": None, "text": "Más concreto.",
             "page": "/recommendations/", "language": "es", "created": "2026-12-06T10:00:00Z"},
            {"id": "0a1b2c3d4e5f6072", "target": None, "quote": "mejoraron sus protocolos", "text": "¿Cuáles?",
             "language": "es", "created": "2026-12-06T10:01:00Z"}]}), encoding="utf-8")
    result = run_cli("comments", "import", ROUND, "inbox/site-comments.json", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "inbox/site-comments.json: 2 comment(s) from the review site: 2 placed on items, 0 unplaced" \
        in result.stdout
    added = comments(root)[-2:]
    assert [(c["target"], c["organisation"], c["date"]) for c in added] == [
        ("R2", "Sindicato", "2026-12-06"), ("H5", "Sindicato", "2026-12-06")]
    again = run_cli("comments", "import", ROUND, "inbox/site-comments.json", cwd=root)
    assert "0 comment(s) added, 2 already there" in again.stdout
    assert "2 placed on items, 0 unplaced, 2 duplicate(s) skipped" in again.stdout


def test_the_real_word_export_commented_comes_back_in_place(project):
    from test_review_word import REAL_NOTES, commented_export

    root, _ = project
    commented_export(root, root / "inbox" / "draft-real.docx")
    result = run_cli("comments", "import", ROUND, "inbox/draft-real.docx", "--reviewer", "MIMP", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "inbox/draft-real.docx: 6 read (5 comment(s), 0 of them replies; 1 tracked change(s)): 6 placed on " \
           "items, 0 placed by quoted text, 0 unplaced" in result.stdout
    added = {c["text"]: (c.get("target"), c.get("paragraph")) for c in comments(root)
             if c.get("source", "").startswith("draft-real.docx")}
    assert {text: where for text, where in added.items() if text} == dict(REAL_NOTES.values())


def test_a_wrong_matrix_is_told_row_by_row_and_nothing_is_written(project):
    from openpyxl import load_workbook

    root, _ = project
    assert run_cli("comments", "export", ROUND, "-o", "wrong.docx", cwd=root).returncode == 0
    assert run_cli("comments", "export", ROUND, "-o", "wrong.xlsx", cwd=root).returncode == 0
    book = load_workbook(root / "wrong.xlsx")
    sheet = book["Comments"]
    sheet["H2"], sheet["I2"] = "agreed", "Yes."
    sheet["E3"] = "Another text."
    sheet["B40"], sheet["D40"], sheet["E40"] = "R99", "Union", "New."
    book.save(root / "wrong.xlsx")
    before = tree_digest(root / "content")
    result = run_cli("comments", "import", ROUND, "wrong.xlsx", "wrong.docx", cwd=root)
    assert result.returncode == 1
    assert "wrong.xlsx: error review.matrix_row: row 2: Response status 'agreed' is not one of the list (choose " \
           "one of: accepted, partially accepted, not accepted, noted)" in result.stderr
    assert "wrong.xlsx: error review.matrix_row: row 3: the text of comment" in result.stderr
    assert "wrong.xlsx: error review.matrix_row: row 40: Item 'R99' is not an item of the report" in result.stderr
    assert "3 error(s); nothing was written" in result.stderr and "Traceback" not in result.stderr
    assert tree_digest(root / "content") == before
