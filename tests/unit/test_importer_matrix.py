"""importer/matrix.py: criteria and questions from the evaluation matrix, numbered or not."""

from __future__ import annotations

from reportgen.importer.debris import clean
from reportgen.importer.matrix import read_matrix


def _matrix(text: str, lang: str = "en"):
    return read_matrix(clean(text.split("\n")).blocks, lang)


UNNUMBERED = """| Evaluation criteria | Evaluation questions | Sub-questions | Sources |
|---|---|---|---|
| Relevance | To what extent did the project respond to the needs of coastal youth? | Were women consulted? Were employers consulted? | Interviews |
| | Was the design realistic? | | Documents |
| Effectiveness | To what extent were the outcomes achieved? | | Survey |
| Sustainability | Will the results last after the project? | | Interviews |"""


def test_unnumbered_questions_are_numbered_in_order_under_their_criterion():
    matrix = _matrix(UNNUMBERED)
    assert matrix.criteria == ["Relevance", "Effectiveness", "Sustainability"]
    assert [(q["id"], q["_criterion"]) for q in matrix.questions] == [
        ("EQ1", "Relevance"), ("EQ2", "Relevance"), ("EQ3", "Effectiveness"), ("EQ4", "Sustainability")]
    assert matrix.questions[0]["text"] == {"en": "To what extent did the project respond to the needs of coastal youth?"}
    assert [s["text"]["en"] for s in matrix.questions[0]["subquestions"]] == ["Were women consulted?",
                                                                             "Were employers consulted?"]
    assert [s["id"] for s in matrix.questions[0]["subquestions"]] == ["EQ1.1", "EQ1.2"]


def test_several_questions_in_one_cell_are_each_a_question():
    matrix = _matrix("| Criterio | Preguntas de evaluación |\n|---|---|\n"
                     "| Pertinencia | ¿El proyecto respondió a las necesidades? ¿Fue realista el diseño? |\n"
                     "| Eficacia | - ¿Se lograron los resultados?<br>- ¿Quiénes se beneficiaron? |", "es")
    assert [q["text"]["es"] for q in matrix.questions] == [
        "¿El proyecto respondió a las necesidades?", "¿Fue realista el diseño?", "¿Se lograron los resultados?",
        "¿Quiénes se beneficiaron?"]
    assert [q["_criterion"] for q in matrix.questions] == ["Pertinencia"] * 2 + ["Eficacia"] * 2


def test_a_table_without_a_questions_column_is_not_a_matrix():
    matrix = _matrix("| Name | Organisation |\n|---|---|\n| Who? Us? | Them? |\n| Why? | How? |\n| What? | When? |")
    assert matrix.questions == [] and matrix.line == 0


def test_numbered_questions_keep_their_own_ids():
    matrix = _matrix("| Criterion | Question |\n|---|---|\n| Relevance | EQ1. Was it relevant? |\n"
                     "| | EQ2. Was it aligned? |\n| Efficiency | EQ5. Was it efficient? |")
    assert [q["id"] for q in matrix.questions] == ["EQ1", "EQ2", "EQ5"]


def test_questions_listed_under_a_heading_in_the_text():
    """No matrix table: "2.1 Questions d'évaluation" over "Q1. …?" paragraphs, or bullets grouped by a
    criterion line; fewer than three questions is no list of questions."""
    matrix = _matrix("## 2.1 Questions d'évaluation\n\nQ1. Dans quelle mesure le projet répondait-il aux besoins ?\n\n"
                     "Q2. Les résultats ont-ils été atteints ?\n\nQ3. Les ressources ont-elles été bien utilisées ?\n\n"
                     "## 3. Constatations", "fr")
    assert [(q["id"], q["text"]["fr"]) for q in matrix.questions] == [
        ("Q1", "Dans quelle mesure le projet répondait-il aux besoins ?"),
        ("Q2", "Les résultats ont-ils été atteints ?"), ("Q3", "Les ressources ont-elles été bien utilisées ?")]
    grouped = _matrix("### Evaluation questions\n\nRelevance\n- Was the project aligned with national priorities?\n"
                      "- Were the constituents consulted at design?\n\nEffectiveness\n- Were the outcomes achieved?")
    assert [(q["id"], q["_criterion"]) for q in grouped.questions] == [
        ("EQ1", "Relevance"), ("EQ2", "Relevance"), ("EQ3", "Effectiveness")]
    assert grouped.criteria == ["Relevance", "Effectiveness"]
    assert _matrix("## Evaluation questions\n\nQ1. Was it relevant?\n\nQ2. Was it effective?").questions == []


def test_questions_listed_under_a_line_of_their_own():
    """Plain text has no headings: "A. Evaluation questions" alone on its line opens the list."""
    matrix = _matrix("A. Evaluation questions\n\nQ1. Was the project relevant to the needs?\n\n"
                     "Q2. Were the outcomes achieved?\n\nQ3. Will the results last?")
    assert [q["id"] for q in matrix.questions] == ["Q1", "Q2", "Q3"]


def test_questions_asked_in_the_findings_join_the_matrix_without_doubles():
    from reportgen.importer.matrix import Matrix, add_asked, asked_question

    assert asked_question("**EQ 1.2: Were women consulted?**") == ("EQ1.2", "Were women consulted?")
    assert asked_question("Pregunta de evaluación 4 - ¿Se lograron los resultados?") == (
        "EQ4", "¿Se lograron los resultados?")
    assert asked_question("EQ1. The project was aligned.") is None          # no question
    assert asked_question("12. Why did the registry start late?") is None   # a numbered paragraph, no label
    matrix = Matrix(questions=[{"id": "EQ1", "_criterion": "Relevance", "text": {"en": "Aligned?"}, "subquestions": []}])
    added = add_asked(matrix, [("EQ1", "Aligned?", 5, "Relevance"), ("EQ1.2", "Were women consulted?", 9, "Relevance"),
                               ("EQ3", "Were the outputs delivered?", 14, "Effectiveness")], "en")
    assert added == 2
    assert [q["id"] for q in matrix.questions] == ["EQ1", "EQ3"]
    assert matrix.questions[0]["subquestions"] == [{"id": "EQ1.2", "text": {"en": "Were women consulted?"}}]
    assert matrix.questions[1]["_criterion"] == "Effectiveness" and matrix.questions[1]["_line"] == 14


def test_sub_questions_run_together_in_a_pdfs_text_are_told_apart_by_their_labels():
    """A PDF's text joins a cell's paragraphs: "PE13. …? SPE13.1. …? SPE13.2. …?" is a question and its
    sub-questions; a question of two sentences ("…? How…?") stays one."""
    matrix = _matrix("| Criterion | Evaluation questions |\n|---|---|\n"
                     "| Effectiveness | PE13. To what extent were the outcomes achieved? SPE13.1. Were capacities "
                     "raised? SPE13.2. Were victims better protected? |\n"
                     "| | PE14. What factors supported the results? How were the challenges overcome? |\n"
                     "| Sustainability | PE15. Will the results last? |")
    assert [q["id"] for q in matrix.questions] == ["PE13", "PE14", "PE15"]
    assert [(s["id"], s["text"]["en"]) for s in matrix.questions[0]["subquestions"]] == [
        ("SPE13.1", "Were capacities raised?"), ("SPE13.2", "Were victims better protected?")]
    assert matrix.questions[1]["text"]["en"] == "What factors supported the results? How were the challenges overcome?"


def test_a_matrix_whose_cells_are_written_one_under_the_other_names_no_criteria_of_its_cells():
    """A PDF's text taken without its layout writes the matrix's cells as short lines: "Fuentes",
    "Entrevistas" are cells, not criteria; "Pertinencia", a bold line or a line ending in a colon name one."""
    cells = _matrix("Preguntas de evaluación\n\nPertinencia\n\nFuentes\n\nP1. ¿Responde el proyecto a las prioridades?\n\n"
                    "Documentos, entrevistas\n\nP2. ¿Se alcanzaron las metas?\n\nEntrevistas\n\n"
                    "P3. ¿Perdurarán los resultados?", "es")
    assert cells.criteria == ["Pertinencia"] and {q["_criterion"] for q in cells.questions} == {"Pertinencia"}
    marked = _matrix("Evaluation questions\n\n**Management arrangements**\n- Was the team well staffed?\n\n"
                     "Partnerships:\n- Were the partners engaged?\n- Did they co-fund?")
    assert marked.criteria == ["Management arrangements", "Partnerships"]
    plain = _matrix("Evaluation questions\n\nRelevance\n- Was it aligned?\n- Were constituents consulted?\n\n"
                    "Partnerships\n- Were the partners engaged?\n- Did they co-fund?")  # a house's own criterion
    assert [q["_criterion"] for q in plain.questions] == ["Relevance", "Relevance", "Partnerships", "Partnerships"]


def test_criteria_written_apart_from_their_questions_give_them_none():
    """A PDF's text without its layout writes the matrix's criteria column after its questions: the
    first criterion line is no criterion of every question. The criteria stay; the questions get none
    (the import gives them a placeholder to confirm) rather than a wrong one."""
    matrix = _matrix("Evaluation question\n\nRelevance\n\nTo what extent did the project respond to the needs?\n"
                     "How well did the project work with other interventions?\nTo what extent were the outcomes "
                     "achieved?\nWere resources used efficiently?\n\nCoherence\nEffectiveness\nEfficiency")
    assert len(matrix.questions) == 4 and {q["_criterion"] for q in matrix.questions} == {None}
    assert matrix.criteria == ["Relevance", "Coherence", "Effectiveness", "Efficiency"]
    grouped = _matrix("Evaluation questions\n\nRelevance\n- Was it aligned?\n- Were constituents consulted?\n\n"
                      "Effectiveness\n- Were the outcomes achieved?\n\nSustainability")  # one criterion alone: kept
    assert [q["_criterion"] for q in grouped.questions] == ["Relevance", "Relevance", "Effectiveness"]
