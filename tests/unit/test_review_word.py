"""review/word.py: margin comments, replies and tracked changes read from a reviewer's Word copy,
placed by reportgen bookmarks, else by the quoted words (any language of the project)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from review_docs import Block, Note, copy_project, make_draft

from reportgen.project import Project, check
from reportgen.review.word import WordFileError, read_word

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "sample"
CODE = "SAMPLE/00/01/XXX"
NUMBERED = ("85. El presupuesto se ejecutó al 92 % gracias a las mesas de trabajo.\n\n"
            "86. La segunda fase amplió la cobertura a tres regiones nuevas.\n")
NUMBERED_EN = ("85. The budget was 92 % spent thanks to the working groups.\n\n"
               "86. The second phase extended coverage to three new regions.\n")


def numbered_project(root: Path) -> Path:
    """The sample with numbered paragraphs appended to section S2 (both languages)."""
    copy_project(SAMPLE, root, "languages: [es, en]\nnumbered_paragraphs: true\n")
    for lang, text in (("es", NUMBERED), ("en", NUMBERED_EN)):
        path = root / "content" / "findings" / f"S2.{lang}.md"
        path.write_text(path.read_text(encoding="utf-8") + "\n" + text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def graph(tmp_path_factory):
    root = numbered_project(tmp_path_factory.mktemp("project"))
    checked = check(Project(root))
    assert not checked.report.errors, [p.format() for p in checked.report.errors]
    return checked.graph


DRAFT = [
    Block("Centrar el diseño en los cambios buscados", item="R1",
          notes=[Note("el diseño", "¿Qué diseño?", replies=[("Pedro Gil", "El del proyecto."),
                                                            ("Ana Ruiz", "Entendido.")])]),
    Block("Se recomienda diseñar los proyectos a partir de los resultados (véase C1).", item="R1", paragraph=2,
          replace=("diseñar", "formular")),
    Block("85. El presupuesto se ejecutó al 92 % gracias a las mesas de trabajo.", item="S2", paragraph=85,
          notes=[Note("92 %", "Fuente del dato, por favor.", author="Marta Díaz")],
          insert=("trabajo", " interinstitucionales")),
    Block("86. La segunda fase amplió la cobertura a tres regiones nuevas.", item="S2", paragraph=86,
          delete=" nuevas"),
    Block("Los CAR mejoraron sus protocolos de atención.", item="H5", cell=True,
          notes=[Note("protocolos de atención", "¿Cuáles?")]),
    Block("La evaluación de muestra analiza un proyecto inventado que apoya a la OIT.", item="page:summary",
          paragraph=2, notes=[Note("proyecto inventado", "Precisar el nombre.")]),
]


@pytest.fixture(scope="module")
def draft(tmp_path_factory, graph):
    path = make_draft(tmp_path_factory.mktemp("word") / "draft-OIT.docx", DRAFT, identifier=f"{CODE} review es")
    return {c.source: c for c in read_word(path, graph).comments}


def test_every_comment_is_read_with_its_author_and_thread(draft):
    comments = list(draft.values())
    assert len([c for c in comments if c.text]) == 6
    first = draft["draft-OIT.docx#c0"]
    assert (first.text, first.author, first.initials, first.organisation) == ("¿Qué diseño?", "Ana Ruiz", "AN",
                                                                             "Ana Ruiz")
    assert first.date and len(first.date) == 10
    assert draft["draft-OIT.docx#c1"].reply_to == "draft-OIT.docx#c0"
    assert draft["draft-OIT.docx#c2"].reply_to == "draft-OIT.docx#c0"
    assert first.reply_to is None
    assert first.language == "es"  # from the identifier


def test_bookmarks_place_comments_on_items_and_paragraphs(draft):
    places = {c.text: (c.target, c.paragraph, c.quote, c.placed_by) for c in draft.values() if c.text}
    assert places["¿Qué diseño?"] == ("R1", None, "el diseño", "bookmark")
    assert places["El del proyecto."][:2] == ("R1", None)
    assert places["Fuente del dato, por favor."] == ("S2", 85, "92 %", "bookmark")
    assert places["¿Cuáles?"] == ("H5", None, "protocolos de atención", "bookmark")  # a table cell
    assert places["Precisar el nombre."] == ("page:summary", 2, "proyecto inventado", "bookmark")


def test_tracked_changes_are_suggestions(draft):
    changes = [c for c in draft.values() if c.inserted or c.deleted]
    found = {(c.target, c.paragraph, c.deleted, c.inserted) for c in changes}
    assert found == {("R1", 2, "diseñar", "formular"),           # a deletion and its insertion: one replacement
                     ("S2", 85, None, " interinstitucionales"),
                     ("S2", 86, " nuevas", None)}
    assert all(c.author == "Luis Soto" and c.date == "2024-12-04" and c.text == "" for c in changes)
    assert all(c.source.startswith("draft-OIT.docx#t") for c in changes)


def test_comments_come_in_document_order(graph, tmp_path):
    path = make_draft(tmp_path / "d.docx", DRAFT)
    targets = [c.target for c in read_word(path, graph).comments]
    assert targets.index("R1") < targets.index("S2") < targets.index("H5") < targets.index("page:summary")


def test_reviewer_overrides_the_author(graph, tmp_path):
    path = make_draft(tmp_path / "d.docx", DRAFT[:1])
    assert {c.organisation for c in read_word(path, graph, "Ministerio (MIMP)").comments} == {"Ministerio (MIMP)"}


QUOTED = [
    # Spanish, with the model's Markdown emphasis (**pertinente**) not in the quote
    Block("El proyecto fue pertinente para las necesidades.", notes=[Note("fue pertinente para las necesidades",
                                                                          "Matizar.")]),
    # English
    Block("Monitoring focused on activities rather than on results.",
          notes=[Note("focused on activities rather", "Why?")]),
    # a numbered paragraph: its number comes back
    Block("La segunda fase amplió la cobertura a tres regiones.", notes=[Note("amplió la cobertura", "¿Cuáles?")]),
    # words in several items: not placed, the items told
    Block("Los resultados del proyecto.", notes=[Note("resultados", "Demasiado general.")]),
    # words nowhere in the report
    Block("Una frase que el informe no tiene.", notes=[Note("frase que el informe no tiene", "??")]),
]


def test_quotes_place_comments_when_the_bookmarks_are_gone(graph, tmp_path):
    path = make_draft(tmp_path / "no-bookmarks.docx", QUOTED, bookmarks=False)
    found = {c.text: c for c in read_word(path, graph).comments}
    assert (found["Matizar."].target, found["Matizar."].placed_by) == ("C1", "quote")
    assert found["Why?"].target == "H4"
    assert (found["¿Cuáles?"].target, found["¿Cuáles?"].paragraph) == ("S2", 86)
    assert found["Demasiado general."].target is None and len(found["Demasiado general."].candidates) > 1
    assert found["??"].target is None and found["??"].candidates == ()
    assert found["??"].quote == "frase que el informe no tiene"


def test_words_found_in_several_items_are_placed_by_their_paragraph_or_the_heading_above(graph, tmp_path):
    blocks = [
        # "protocolos de atención" is in H5 and R3: the paragraph's words are R3's only
        Block("Se recomienda institucionalizar los protocolos de atención.",
              notes=[Note("protocolos de atención", "¿Cuáles protocolos?")]),
        # a paragraph that is in no item, under the heading of R1 (its label and number first)
        Block("R1. Centrar el diseño en los cambios buscados", style="Heading 2"),
        Block("Un párrafo reescrito a partir de otra fuente.", notes=[Note("a partir de", "¿De cuál?")]),
        # the same words under a heading nobody can tell: left for a person, with the candidates
        Block("Anexo sin título", style="Heading 2"),
        Block("Otro párrafo reescrito a partir de otra fuente.", notes=[Note("a partir de", "¿Y aquí?")]),
    ]
    path = make_draft(tmp_path / "no-bookmarks.docx", blocks, bookmarks=False)
    found = {c.text: c for c in read_word(path, graph).comments}
    assert (found["¿Cuáles protocolos?"].target, found["¿Cuáles protocolos?"].placed_by) == ("R3", "quote")
    assert found["¿De cuál?"].target == "R1"
    assert found["¿Y aquí?"].target is None and {"R1", "budget-by-output"} <= set(found["¿Y aquí?"].candidates)


def test_a_file_of_another_evaluation_is_refused(graph, tmp_path):
    path = make_draft(tmp_path / "other.docx", DRAFT[:1], identifier="OTHER/99/01/ZZZ review es")
    with pytest.raises(WordFileError) as caught:
        read_word(path, graph)
    assert "another evaluation" in caught.value.message and CODE in caught.value.message
    assert "OTHER/99/01/ZZZ" in caught.value.message


def test_a_file_without_identifier_is_read(graph, tmp_path):
    path = make_draft(tmp_path / "plain.docx", DRAFT[:1])
    assert read_word(path, graph).comments


def test_a_workbook_renamed_docx_is_refused(graph, tmp_path):
    from openpyxl import Workbook

    Workbook().save(tmp_path / "book.xlsx")
    shutil.copy(tmp_path / "book.xlsx", tmp_path / "book.docx")
    with pytest.raises(WordFileError, match="not a Word document"):
        read_word(tmp_path / "book.docx", graph)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_a_file_resaved_by_libreoffice_lands_in_the_same_places(graph, tmp_path):
    path = make_draft(tmp_path / "draft.docx", DRAFT, identifier=f"{CODE} review es")
    out = tmp_path / "lo"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo-profile",
                    "--convert-to", "docx", "--outdir", str(out), str(path)], check=True, capture_output=True,
                   timeout=180)
    before = {(c.text, c.target, c.paragraph) for c in read_word(path, graph).comments if c.text}
    after = {(c.text, c.target, c.paragraph) for c in read_word(out / "draft.docx", graph).comments if c.text}
    assert after == before
    changes = {(c.target, c.paragraph, c.inserted) for c in read_word(out / "draft.docx", graph).comments
               if c.inserted}
    assert ("S2", 85, " interinstitucionales") in changes


def test_hashed_bookmarks_of_long_ids_are_looked_up(tmp_path):
    from helpers import write_project

    from reportgen.review.incoming import bookmark_name

    long_id = "R" + "x" * 50
    project = write_project(tmp_path, {"recommendations.yaml": f"""\
        recommendations:
          - id: {long_id}
            text: {{en: "First paragraph of a long one.\\n\\nSecond paragraph here.", fr: "Un.\\n\\nDeux."}}
        """})
    graph = check(project).graph
    assert "__h" in bookmark_name(long_id, 2)
    path = make_draft(tmp_path / "long.docx", [Block("Second paragraph here.", item=long_id, paragraph=2,
                                                     notes=[Note("Second", "Hm.")])])
    [comment] = read_word(path, graph).comments
    assert (comment.target, comment.paragraph, comment.placed_by) == (long_id, 2, "bookmark")


def test_tracked_changes_without_bookmarks_are_placed_by_the_words_around_them(graph, tmp_path):
    path = make_draft(tmp_path / "changes.docx", [
        Block("La segunda fase amplió la cobertura a tres regiones nuevas.", delete=" nuevas"),
        Block("Los CAR mejoraron sus protocolos de atención.", replace=("mejoraron", "reforzaron")),
    ], bookmarks=False)
    found = {(c.deleted, c.inserted): (c.target, c.paragraph, c.placed_by) for c in read_word(path, graph).comments}
    assert found == {(" nuevas", None): ("S2", 86, "quote"), ("mejoraron", "reforzaron"): ("H5", None, "quote")}


def with_part(path: Path, name: str, data: str) -> Path:
    import zipfile

    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr(name, data)
    return path


def test_the_identity_export_docx_writes_is_read(graph, tmp_path):
    ours = make_draft(tmp_path / "ours.docx", DRAFT[:1], identifier=(
        f"reportgen-word-draft; evaluation={CODE}; edition=review; language=en; version=1.0; round=draft-1"))
    assert {c.language for c in read_word(ours, graph).comments} == {"en"}
    other = make_draft(tmp_path / "other.docx", DRAFT[:1], identifier=(
        "reportgen-word-draft; evaluation=PER/17/51/USA%3BX; edition=review; language=es; version=1.0"))
    with pytest.raises(WordFileError, match=r"another evaluation \(PER/17/51/USA;X\); this project is SAMPLE"):
        read_word(other, graph)


def test_the_drafts_own_bookmark_list_names_places_and_identity(graph, tmp_path):
    path = make_draft(tmp_path / "listed.docx", DRAFT[4:5])  # H5's comment, bookmarked rg_H5
    part = ('<?xml version="1.0" encoding="utf-8"?><draft xmlns="urn:reportgen:word-draft:1" '
            f'evaluation="{CODE}" edition="review" language="es" version="1">'
            '<bookmark name="rg_H5" item="H4" paragraph="1"/></draft>')
    [comment] = read_word(with_part(path, "customXml/item7.xml", part), graph).comments
    assert (comment.target, comment.paragraph, comment.language) == ("H4", 1, "es")  # the list wins
    other = make_draft(tmp_path / "other.docx", DRAFT[4:5])
    with pytest.raises(WordFileError, match="another evaluation"):
        read_word(with_part(other, "customXml/item1.xml", part.replace(CODE, "OTHER/1")), graph)


# --- the real `reportgen export docx` draft, commented as a reviewer would --------------------------

REAL_NOTES = {  # words of a paragraph -> (comment, where it must land)
    "92 %": ("¿Fuente?", ("S2", 85)),
    "amplió la cobertura": ("¿Qué regiones?", ("S2", 86)),
    "mejoraron sus protocolos": ("¿Cuáles?", ("H5", None)),
    "Se recomienda diseñar": ("Precisar.", ("R1", None)),
    "La evaluación de muestra analiza": ("Nombre del proyecto.", ("page:summary", None)),
}


def commented_export(root: Path, out: Path, strip_bookmarks: bool = False) -> Path:
    """`reportgen export docx` of the project, then margin comments on REAL_NOTES and a tracked deletion."""
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    from reportgen.cli import main

    assert main(["export", "docx", "--project", str(root), "-o", str(out)]) == 0
    document = Document(out)
    for paragraph in document.paragraphs:
        for words, (text, _) in REAL_NOTES.items():
            runs = [run for run in paragraph.runs if words in run.text]
            if runs:
                document.add_comment(runs[:1], text, "Revisora MIMP", "RM")
        if "tres regiones nuevas" in paragraph.text:  # a tracked deletion of the words' run
            run = next(r for r in paragraph.runs if "nuevas" in r.text)._r
            deletion = OxmlElement("w:del")
            deletion.set(qn("w:id"), "9001")
            deletion.set(qn("w:author"), "Revisora MIMP")
            run.addprevious(deletion)
            deletion.append(run)
            for text in run.findall(qn("w:t")):
                text.tag = qn("w:delText")
    if strip_bookmarks:
        for mark in list(document.element.body.iter(qn("w:bookmarkStart"), qn("w:bookmarkEnd"))):
            mark.getparent().remove(mark)
    document.save(out)
    return out


@pytest.fixture(scope="module")
def real(tmp_path_factory, graph):
    root = numbered_project(tmp_path_factory.mktemp("real") / "project")
    return root, commented_export(root, root / "draft-MIMP.docx")


def placed(comments) -> dict:
    return {c.text: (c.target, c.paragraph) for c in comments if c.text}


def test_comments_on_the_real_word_export_land_on_their_items_and_paragraphs(real, graph):
    _, path = real
    comments = read_word(path, graph).comments
    assert placed(comments) == {text: where for text, where in REAL_NOTES.values()}
    assert {c.placed_by for c in comments} == {"bookmark"}
    assert {c.language for c in comments} == {"es"}  # from the export's identity
    [deletion] = [c for c in comments if c.deleted]
    assert (deletion.target, deletion.paragraph) == ("S2", 86) and "nuevas" in deletion.deleted


def test_the_real_export_without_its_bookmarks_is_placed_by_quotes(real, graph, tmp_path):
    root, _ = real
    path = commented_export(root, tmp_path / "stripped.docx", strip_bookmarks=True)
    found = placed(read_word(path, graph).comments)
    # paragraphs are found by their words; an item's number before its words ("H5. Los CAR…") does not matter
    assert found["¿Fuente?"] == ("S2", 85) and found["¿Qué regiones?"] == ("S2", 86)
    assert found["¿Cuáles?"][0] == "H5" and found["Precisar."][0] == "R1"
    assert found["Nombre del proyecto."][0] == "page:summary"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_the_real_export_resaved_by_libreoffice_lands_in_the_same_places(real, graph, tmp_path):
    _, path = real
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo-profile",
                    "--convert-to", "docx", "--outdir", str(tmp_path / "lo"), str(path)], check=True,
                   capture_output=True, timeout=180)
    assert placed(read_word(tmp_path / "lo" / path.name, graph).comments) == placed(read_word(path, graph).comments)


def test_the_real_export_of_another_evaluation_is_refused(real, graph, tmp_path):
    root, _ = real
    other = tmp_path / "other"
    shutil.copytree(root / "content", other / "content")
    evaluation = other / "content" / "evaluation.yaml"
    evaluation.write_text(evaluation.read_text(encoding="utf-8").replace(CODE, "OTHER/9/9/ZZZ"), encoding="utf-8")
    path = commented_export(other, tmp_path / "draft-other.docx")
    with pytest.raises(WordFileError, match=f"another evaluation \\(OTHER/9/9/ZZZ\\); this project is {CODE}"):
        read_word(path, graph)


def test_a_bookmark_moved_away_from_the_words_gives_way_to_them(graph, tmp_path):
    path = make_draft(tmp_path / "moved.docx", [
        # a bookmark of R2 around words of H5 (as LibreOffice can leave it): the words win
        Block("Los CAR mejoraron sus protocolos de atención.", item="R2", notes=[Note("mejoraron sus", "¿Cuánto?")]),
        # words the team has rewritten since (found nowhere): the bookmark stands
        Block("Un texto que ya cambió.", item="R2", notes=[Note("ya cambió", "Ok.")]),
    ])
    found = {c.text: (c.target, c.placed_by) for c in read_word(path, graph).comments}
    assert found == {"¿Cuánto?": ("H5", "quote"), "Ok.": ("R2", "bookmark")}


def test_a_comment_on_pages_of_text_keeps_the_opening_words_of_its_quote(graph, tmp_path):
    long = " ".join(f"palabra{n}" for n in range(400))
    path = make_draft(tmp_path / "long.docx", [Block(long, notes=[Note(long, "Todo esto.")])])
    [comment] = read_word(path, graph).comments
    assert len(comment.quote) <= 1002 and comment.quote.startswith("palabra0 palabra1") and comment.quote.endswith(" …")


def test_a_draft_sent_out_for_a_round_brings_its_comments_to_that_round_only(tmp_path):
    from docx import Document

    from reportgen.cli import main

    root = numbered_project(tmp_path / "project")
    draft = root / "draft.docx"
    assert main(["export", "docx", "--project", str(root), "--round", "draft-2", "-o", str(draft)]) == 0
    document = Document(draft)
    document.add_comment(document.paragraphs[3].runs[:1] or [document.paragraphs[3].add_run("x")], "Note.", "A", "A")
    document.save(draft)
    graph = check(Project(root)).graph
    assert read_word(draft, graph, round_id="draft-2").comments
    with pytest.raises(WordFileError, match="sent out for round 'draft-2', not 'draft-3'") as refused:
        read_word(draft, graph, round_id="draft-3")
    assert refused.value.hint == "import it with: reportgen comments import draft-2 draft.docx"
    assert main(["export", "json", "--project", str(root), "--round", "draft-2"]) == 2  # docx only
