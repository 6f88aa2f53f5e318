"""Chapters by wording, whatever the heading level; conclusions; lessons and templates; cover; matrix."""

import pytest

from reportgen.importer.blocks import Block
from reportgen.importer.conclusions import read_conclusions
from reportgen.importer.cover import read_cover, read_glossary
from reportgen.importer.debris import clean
from reportgen.importer.lessons import read_items_chapter, read_templates
from reportgen.importer.matrix import read_matrix
from reportgen.importer.record import ImportRecord
from reportgen.importer.structure import find_chapters, with_heading

PREFIXES = {"lesson": "LA", "good_practice": "BP", "finding": "H"}


def _blocks(text: str):
    return clean(text.split("\n")).blocks


def test_chapters_by_wording_highest_heading_wins():
    blocks = _blocks("## ► Resumen Ejecutivo\n\nResumen.\n\n## ► Agradecimientos\n\nGracias.\n\n## 4. Principales Hallazgos\n\n"
                     "Texto.\n\n## ► Conclusiones\n\nUno.\n\n## Anexos\n\n### Evaluation background\n\n"
                     "### **Conclusiones**\n\nDe un caso.")
    chapters = find_chapters(blocks)
    assert sorted(chapters) == ["annexes", "conclusions", "findings", "summary"]
    assert [b.text for b in chapters["summary"].blocks] == ["Resumen."]  # ends at Agradecimientos
    assert [b.text for b in chapters["conclusions"].blocks] == ["Uno."]
    assert chapters["annexes"].blocks[-1].text == "De un caso."  # annexes run to the end


def test_conclusions_numbered_list_with_extra_paragraphs():
    record = ImportRecord()
    chapter = read_conclusions(_blocks("Introducción.\n\n### Pertinencia\n\n1. Primera conclusión.\n"
                                       "2. Segunda conclusión.\n\nSu segundo párrafo.\n\n### Coherencia\n\n3. Tercera."),
                               "es", record)
    assert chapter.intro == ["Introducción."]
    assert [(c["id"], c["text"]["es"], c["_criterion_heading"][0]) for c in chapter.items] == [
        ("C1", "Primera conclusión.", "Pertinencia"),
        ("C2", "Segunda conclusión.\n\nSu segundo párrafo.", "Pertinencia"),
        ("C3", "Tercera.", "Coherencia")]


def test_lessons_chapter_and_ilo_template():
    record = ImportRecord()
    chapter = read_items_chapter(_blocks("Solo dos lecciones.\n\n### LA.1 Reintegración económica\n\nTexto uno.\n\n"
                                         "## BP4. Identificación de *champions*\n\nTexto dos."),
                                 "lesson", "es", PREFIXES, record)
    assert chapter.intro == ["Solo dos lecciones."]
    (lesson,) = chapter.items["lesson"]
    (practice,) = chapter.items["good_practice"]
    assert (lesson["id"], lesson["title"]["es"], lesson["text"]["es"]) == ("LA1", "Reintegración económica", "Texto uno.")
    assert (practice["id"], practice["title"]["es"]) == ("BP4", "Identificación de *champions*")
    templates = read_templates(_blocks(
        "**Nombre del Evaluador:** Red2Red\n\n**Fecha:** 06 December 2024\n\n"
        "<b>ELEMENTO DE LA LECCIÓN APRENDIDA</b>\t<b>LA1. Reintegración económica</b>\n"
        "<p><b>Breve descripción de la lección aprendida</b> (relación)</p>\t<p>Se ha aprendido.</p>\n"
        "<b>Logros / Aspectos positivos - Factores causales</b>\tEn colaboración con los\n\n"
        "capacitados permanecieran en sus roles.\n\n**Aspectos administrativos de la OIT** (personal, recursos)"), PREFIXES)
    fields = {name: text for name, (text, _) in templates.fields["LA1"].items()}
    assert fields == {"description": "Se ha aprendido.",
                      "successes": "En colaboración con los capacitados permanecieran en sus roles.",
                      "ilo_issues": ""}
    assert templates.meta == {"template_evaluator": "Red2Red", "template_date": "06 December 2024"}


def test_cover_fields_placeholder_and_glossary():
    record = ImportRecord()
    evaluation, used = read_cover(_blocks("## *Título largo del proyecto evaluado*\n\nCódigo de Proyecto: *PER/17/51/USA*\n\n"
                                          "Palabras clave: [Use themes as provided in i-eval Discovery](#)\n\n"
                                          "Nombre(s) de (los) consultor(es): Ana Pérez (líder) y Luis Gómez"), "es", record)
    assert evaluation["title"] == {"es": "Título largo del proyecto evaluado"}
    assert evaluation["code"] == "PER/17/51/USA" and evaluation["keywords"] == {"es": ""}
    assert evaluation["evaluators"] == [{"name": "Ana Pérez", "role": {"es": "líder"}}, {"name": "Luis Gómez"}]
    assert len(used) == 4 and "placeholder" in record.left_out[0].text  # the title line and three fields
    assert read_glossary(_blocks("CAR\tCentro de Atención Residencial\nILO: International Labour Organization"), "en") == [
        {"term": "CAR", "expansion": {"en": "Centro de Atención Residencial"}},
        {"term": "ILO", "expansion": {"en": "International Labour Organization"}}]  # a line after the tab rows


def test_question_matrix_with_subquestions():
    matrix = read_matrix(_blocks("Criterio\tPreguntas\nPERTINENCIA\tPE1. ¿Primera?\n\tPE2. ¿Segunda?\n"
                                 "EFICACIA\tPE13. ¿Logros?\n\tSPE13.1 ¿Capacidades?"), "es")
    assert matrix.criteria == ["Pertinencia", "Eficacia"]
    assert [(q["id"], q["_criterion"]) for q in matrix.questions] == [
        ("PE1", "Pertinencia"), ("PE2", "Pertinencia"), ("PE13", "Eficacia")]
    assert matrix.questions[2]["subquestions"] == [{"id": "SPE13.1", "text": {"es": "¿Capacidades?"}}]


def test_conclusions_as_labelled_headings():
    record = ImportRecord()
    chapter = read_conclusions(_blocks("### Conclusion 1: Relevance\n\nThe project is relevant.\n\n"
                                       "### Conclusion 2\n\nIt is efficient."), "en", record)
    assert [(c["id"], c["text"]["en"]) for c in chapter.items] == [
        ("C1", "**Relevance**\n\nThe project is relevant."), ("C2", "It is efficient.")]


def test_numbered_chapters_in_any_case_end_at_the_bibliography_and_the_annexes():
    blocks = _blocks("# 9. EVALUATION OUTCOMES/FINDINGS\n\nText.\n\n# 10. CONCLUSIONS\n\nOne.\n\n"
                     "# 13. EMERGING GOOD PRACTICES\n\nA practice.\n\n# BIBLIOGRAPHY\n\nILO (2019).\n\n"
                     "# ANNEXES\n\n## Annex 1. Matrix\n\nRows.")
    chapters = find_chapters(blocks)
    assert sorted(chapters) == ["annexes", "conclusions", "findings", "good_practices"]
    assert [b.text for b in chapters["good_practices"].blocks] == ["A practice."]  # the bibliography is not a practice
    assert chapters["annexes"].blocks[-1].text == "Rows."


def test_chapter_words_in_three_languages():
    for heading, kind in (("HALLAZGOS", "findings"), ("Constatations", "findings"), ("5 - Findings", "findings"),
                          ("Chapter 10: Conclusions", "conclusions"), ("RECOMENDACIONES", "recommendations"),
                          ("Leçons apprises", "lessons"), ("Buenas prácticas emergentes", "good_practices")):
        assert list(find_chapters(_blocks(f"# {heading}\n\nText."))) == [kind], heading


def test_other_findings_after_good_practices_end_them():
    chapters = find_chapters(_blocks("## BUENAS PRÁCTICAS\n\nUna práctica.\n\n## OTROS HALLAZGOS\n\nOtro texto."))
    assert [b.text for b in chapters["good_practices"].blocks] == ["Una práctica."]


def test_numbered_question_matrix_without_letters():
    matrix = read_matrix(_blocks("Criterion\tEvaluation question\nRelevance\t1. Is it aligned?\n\t2. Does it respond?\n"
                                 "Effectiveness\t3. Has it achieved its outputs?"), "en")
    assert [(q["id"], q["_criterion"], q["text"]["en"]) for q in matrix.questions] == [
        ("EQ1", "Relevance", "Is it aligned?"), ("EQ2", "Relevance", "Does it respond?"),
        ("EQ3", "Effectiveness", "Has it achieved its outputs?")]


def test_questions_in_paragraphs_of_one_cell_are_each_a_question():
    block = Block("table", "", 1, rows=[["Criterion", "Evaluation question"],
                                        ["Relevance", "1. Is it aligned?\n\n2. Does it respond?"],
                                        ["Effectiveness", "3. Has it achieved its outputs?\n\nDid the training reach the regions?"]])
    matrix = read_matrix([block], "en")
    assert [(q["id"], q["_criterion"]) for q in matrix.questions] == [
        ("EQ1", "Relevance"), ("EQ2", "Relevance"), ("EQ3", "Effectiveness")]
    assert matrix.questions[2]["text"]["en"].endswith("Did the training reach the regions?"), \
        "an unnumbered paragraph belongs to the question above it"


def test_annex_headings_without_an_annexes_heading_end_the_last_chapter():
    chapters = find_chapters(_blocks("## Good practices\n\n### Peer learning\n\nText.\n\n## Annex 1. Evaluation matrix\n\n"
                                     "Rows.\n\n## Annex 2. Persons interviewed\n\nNames."))
    assert [b.text for b in chapters["good_practices"].blocks] == ["Peer learning", "Text."]
    assert chapters["annexes"].heading.text == "Annex 1. Evaluation matrix"
    assert with_heading(chapters["annexes"])[0].text == "Annex 1. Evaluation matrix"


def test_a_chapter_of_conclusions_and_recommendations_ends_the_findings_and_parts_at_its_sub_headings():
    blocks = _blocks("# 4. Findings\n\n## 4.1 Relevance\n\nText.\n\n# 5. Conclusions and recommendations\n\n"
                     "## 5.1 Conclusions\n\nThe project was relevant to the needs of the constituents and the workers.\n\n"
                     "## 5.2 Recommendations\n\n**Recommendation 1:** Train inspectors.\n\n# Annexes")
    chapters = find_chapters(blocks)
    assert chapters["conclusions"].heading.text == "5. Conclusions and recommendations"
    assert chapters["recommendations"].heading.text == "5.2 Recommendations"
    assert [b.text for b in chapters["findings"].blocks if b.kind == "heading"] == ["4.1 Relevance"]
    conclusions = read_conclusions(chapters["conclusions"].blocks, "en", ImportRecord())
    assert [(c["id"], c["_criterion_heading"]) for c in conclusions.items] == [("C1", None)]


def test_a_combined_chapter_without_sub_headings_gives_its_recommendations_from_the_first_label():
    chapters = find_chapters(_blocks("## 5. Conclusions and recommendations\n\nThe project was relevant to the needs "
                                     "of the constituents.\n\n**Recommendation 1:** Keep the training.\n\n"
                                     "**Recommendation 2:** Fund the registry.\n\n## Annexes\n\nToR."))
    assert [b.text for b in chapters["conclusions"].blocks] == ["The project was relevant to the needs of the constituents."]
    assert [b.text for b in chapters["recommendations"].blocks] == ["**Recommendation 1:** Keep the training.",
                                                                   "**Recommendation 2:** Fund the registry."]


def test_a_combined_chapter_announcing_its_recommendations_in_a_paragraph():
    chapters = find_chapters(_blocks("## Conclusiones y recomendaciones\n\nEl proyecto fue pertinente.\n\n"
                                     "La evaluación recomienda lo siguiente:\n\n1. Mantener la formación.\n"
                                     "2. Financiar el registro."))
    assert [b.text for b in chapters["conclusions"].blocks] == ["El proyecto fue pertinente."]
    assert chapters["recommendations"].blocks[0].text == "La evaluación recomienda lo siguiente:"


def test_a_combined_chapter_with_a_bold_recommendations_line():
    chapters = find_chapters(_blocks("## Conclusions et recommandations\n\nLe projet était pertinent.\n\n"
                                     "**Recommandations**\n\n**R1.** Maintenir la formation."))
    assert [b.text for b in chapters["recommendations"].blocks][-1] == "**R1.** Maintenir la formation."
    assert [b.text for b in chapters["conclusions"].blocks] == ["Le projet était pertinent."]


def test_a_conclusions_chapter_is_not_split_without_recommendations_in_it():
    chapters = find_chapters(_blocks("## Conclusions and recommendations\n\nThe project was relevant.\n\n"
                                     "## Recommendations\n\n**R1.** Keep it."))
    assert [b.text for b in chapters["conclusions"].blocks] == ["The project was relevant."]
    assert [b.text for b in chapters["recommendations"].blocks] == ["**R1.** Keep it."]
    only = find_chapters(_blocks("## Conclusions\n\nThe project was relevant.\n\n**Recommendation 1:** Keep it."))
    assert "recommendations" not in only   # a chapter of conclusions alone keeps what it holds


def test_a_chapter_of_conclusions_and_lessons_gives_its_lessons_from_the_first_label():
    chapters = find_chapters(_blocks("## 6. Conclusions and lessons learned\n\nThe project was relevant.\n\n"
                                     "**Lesson learned 1 - Unions open doors:** Unions reached the employers.\n\n"
                                     "**Emerging good practice 1 - Market days:** Desks in markets."))
    assert [b.text for b in chapters["conclusions"].blocks] == ["The project was relevant."]
    assert len(chapters["lessons"].blocks) == 2 and not chapters["lessons"].under_heading


@pytest.mark.parametrize("heading, kind", [
    ("4. Findings and analysis", "findings"), ("Evaluation findings by criterion", "findings"),
    ("Análisis y hallazgos", "findings"), ("Resultados de la evaluación", "findings"), ("Analyse et constats", "findings"),
    ("Overall conclusions", "conclusions"), ("Conclusiones generales", "conclusions"),
    ("Conclusions générales", "conclusions"), ("Key recommendations", "recommendations"),
    ("Recommendations for the ILO", "recommendations"), ("Recomendaciones para la OIT", "recommendations"),
    ("Recommandations au BIT", "recommendations"), ("Lessons", "lessons"), ("Enseignements tirés", "lessons"),
    ("Good practices and lessons learned", "lessons"), ("Pratiques prometteuses", "good_practices"),
    ("Sumario ejecutivo", "summary"), ("Summary of the evaluation", "summary"), ("Annexe", "annexes"),
])
def test_the_other_names_reports_give_their_chapters(heading, kind):
    from reportgen.importer.structure import chapter_kind

    assert chapter_kind(Block("heading", heading, 1, level=1)) == kind


def test_a_sections_own_summary_is_no_chapter():
    from reportgen.importer.structure import chapter_kind

    assert chapter_kind(Block("heading", "Summary", 1, level=3)) is None


def test_chapters_per_criterion_without_a_findings_chapter_are_the_findings():
    blocks = _blocks("## 1. Introduction\n\nText.\n\n## 2. Methodology\n\nInterviews.\n\n## 3. Relevance\n\n"
                     "### 3.1 Alignment\n\nAligned.\n\n## 4. Effectiveness of management arrangements\n\nSound.\n\n"
                     "## 5. Sustainability\n\nFragile.\n\n## 6. Bibliography\n\nILO 2019.\n\n## 7. Conclusions\n\n"
                     "**Conclusion 1.** Relevant.")
    chapters = find_chapters(blocks)
    findings = chapters["findings"]
    assert findings.heading.text == "3. Relevance" and findings.blocks[0] is findings.heading
    assert findings.blocks[-1].text == "Fragile."    # up to the next chapter (here the bibliography)
    assert [b.text for b in chapters["conclusions"].blocks] == ["**Conclusion 1.** Relevant."]


def test_criterion_sub_headings_of_a_summary_are_no_findings_chapter():
    chapters = find_chapters(_blocks("## Executive summary\n\n### Relevance\n\nR.\n\n### Effectiveness\n\nE.\n\n"
                                     "## Conclusions\n\n**Conclusion 1.** Relevant."))
    assert "findings" not in chapters
