"""Findings chapter: criteria, sections, key findings with and without IDs, narratives."""

from reportgen.importer.debris import clean
from reportgen.importer.findings import read_findings
from reportgen.importer.record import ImportRecord


def _read(text: str, lang: str = "es", prefix: str = "H"):
    record = ImportRecord()
    return read_findings(clean(text.split("\n")).blocks, lang, prefix, record), record


def test_criteria_over_numbered_sections_with_finding_ids():
    chapter, record = _read("Intro.\n\n### Pertinencia\n\n#### 1. Adaptación del proyecto\n\n"
                            "*H1. El Proyecto se construye sobre diagnósticos.*\n\nH2. Segundo hallazgo sin cursiva.\n\n"
                            "Análisis del párrafo.\n\n#### Estrategia\n\nMás análisis.\n\n## Coherencia\n\n"
                            "### 2. Coherencia de las estrategias\n\n*H3. Tercero.*")
    assert chapter.intro == ["Intro."]
    assert chapter.criteria == [("Pertinencia", 3), ("Coherencia", 17)]
    first, second = chapter.sections
    assert (first.number, first.title, first.criterion) == ("1", "Adaptación del proyecto", "Pertinencia")
    assert [(f["id"], f["text"]["es"]) for f in first.findings] == [
        ("H1", "El Proyecto se construye sobre diagnósticos."), ("H2", "Segundo hallazgo sin cursiva.")]
    assert first.narrative == ["Análisis del párrafo.", "### Estrategia", "Más análisis."]
    assert second.criterion == "Coherencia" and [f["id"] for f in second.findings] == ["H3"]
    assert not record.guesses


def test_numbered_criterion_headings_and_unnumbered_key_findings():
    chapter, record = _read("### 4.1 Relevance\n\n**Key findings:**\n\n- First finding of the section.\n"
                            "- Second finding.\n\n12. A numbered paragraph.\n\n### 4.2 Effectiveness\n\n"
                            "*The project reached most of its output targets before mid-term, ahead of plan.*\n\n"
                            "13. Analysis.", "en", "F")
    relevance, effectiveness = chapter.sections
    assert (relevance.number, relevance.title, relevance.criterion) == ("4.1", "Relevance", "Relevance")
    assert [f["id"] for f in relevance.findings] == ["F1", "F2"]
    assert relevance.narrative == ["12. A numbered paragraph."]
    assert [f["text"]["en"] for f in effectiveness.findings] == [
        "The project reached most of its output targets before mid-term, ahead of plan."]
    assert all("import_note" in f for s in chapter.sections for f in s.findings)
    assert len(record.guesses) == 3


def test_section_without_key_findings_gets_none():
    chapter, _ = _read("### 4.3 Efficiency\n\n18. Delivery stood at 46 per cent.", "en", "F")
    (section,) = chapter.sections
    assert section.findings == [] and section.narrative == ["18. Delivery stood at 46 per cent."]


def test_numbered_parts_over_numbered_sections():
    chapter, _ = _read("Chapter intro.\n\n## 9.1 Relevance and strategic fit\n\n5. Part intro.\n\n"
                       "### 9.1.1 Alignment with policies\n\n6. Text.\n\n## 9.2 Management arrangements\n\n"
                       "### 9.2.1 Staffing\n\n7. Text.", "en", "F")
    assert [(p["id"], p["title"]["en"], p["_intro"]) for p in chapter.parts] == [
        ("P9.1", "Relevance and strategic fit", ["5. Part intro."]), ("P9.2", "Management arrangements", [])]
    first, second = chapter.sections
    assert (first.number, first.part, first.criterion) == ("9.1.1", "P9.1", "Relevance and strategic fit")
    assert (second.number, second.part, second.criterion) == ("9.2.1", "P9.2", None)  # not named after a criterion
    assert chapter.intro == ["Chapter intro."] and first.narrative == ["6. Text."]


def test_a_sections_answers_line_and_analysis_heading():
    """'Answers: EQ1, EQ2' under a section heading names its questions; an 'Analysis' heading after
    the key findings opens the narrative and is not part of it."""
    chapter, _ = _read("### Relevance\n\n#### 1. Fit with national policy\n\n**Criterion:** Relevance · "
                       "**Answers:** EQ1, EQ2.1\n\n#### Key findings\n\nF1. The design fits the policy.\n\n"
                       "#### Analysis\n\nThe policy of 2019.\n\n#### 2. Second\n\nAnswers: the project did well.",
                       "en", "F")
    first, second = chapter.sections
    assert first.answers == ["EQ1", "EQ2.1"]
    assert [f["id"] for f in first.findings] == ["F1"]
    assert first.narrative == ["The policy of 2019."]
    assert second.answers == [] and second.narrative == ["Answers: the project did well."]


def test_french_finding_labels_with_a_space_before_the_colon():
    chapter, _ = _read("## 3.1 Pertinence\n\n**Constatation 1 :** Le projet répond aux priorités nationales.\n\n"
                       "Analyse.\n\n**Constatation 2 :** Les besoins des jeunes femmes ont été peu pris en compte.", "fr", "C")
    (section,) = chapter.sections
    assert [f["text"]["fr"] for f in section.findings] == ["Le projet répond aux priorités nationales.",
                                                           "Les besoins des jeunes femmes ont été peu pris en compte."]


def test_english_key_finding_label():
    chapter, _ = _read("## 4.1 Relevance\n\n**Key finding 1:** The project was aligned.\n\nText.", "en", "F")
    (section,) = chapter.sections
    assert [f["text"]["en"] for f in section.findings] == ["The project was aligned."]


def test_a_numbered_heading_starting_with_a_criterion_among_criteria_is_one():
    """"4.1 Relevance and strategic fit", "4.4 Efficiency", "4.5 Impact orientation": each is a
    criterion; a section after "4.4 Efficiency" that is not numbered under it is not efficiency's."""
    chapter, _ = _read("## 4.1 Relevance and strategic fit\n\nText one.\n\n## 4.2 Efficiency\n\nText two.\n\n"
                       "## 4.3 Impact orientation\n\nText three.\n\n## 4.4 Project management arrangements\n\nText four.",
                       "en", "F")
    assert chapter.criteria == [("Relevance and strategic fit", 1), ("Efficiency", 5), ("Impact orientation", 9)]
    assert [(s.number, s.criterion) for s in chapter.sections] == [
        ("4.1", "Relevance and strategic fit"), ("4.2", "Efficiency"), ("4.3", "Impact orientation"), ("4.4", None)]


def test_lettered_sections_under_a_roman_chapter():
    """UN reports letter a chapter's sections: "A. Relevance and strategic fit", "B. Effectiveness"."""
    chapter, _ = _read("## A. Relevance and strategic fit\n\nText one.\n\n## B. Effectiveness\n\nText two.\n\n"
                       "## C. Project management\n\nText three.", "en", "F")
    assert [(s.number, s.title, s.criterion) for s in chapter.sections] == [
        ("A", "Relevance and strategic fit", "Relevance and strategic fit"), ("B", "Effectiveness", "Effectiveness"),
        ("C", "Project management", None)]


def test_questions_set_in_a_section_as_sub_headings_or_labelled_paragraphs_are_asked_and_answered():
    chapter, _ = _read("### 3.1 Relevance\n\n#### EQ1. To what extent is the project aligned with the policy?\n\n"
                       "The project is aligned.\n\n**Question 2: Does the design respond to the needs of women?**\n\n"
                       "It does.\n\n### 3.2 Effectiveness\n\n*Q3: Were the outputs delivered?*\n\nMost were.\n\n"
                       "12. Why did the registry start late? Because the counties had no budget.", "en", "F")
    relevance, effectiveness = chapter.sections
    assert [(i, w) for i, w, _ in relevance.asked] == [
        ("EQ1", "To what extent is the project aligned with the policy?"),
        ("EQ2", "Does the design respond to the needs of women?")]
    assert relevance.answers == ["EQ1", "EQ2"] and effectiveness.answers == ["Q3"]
    # the questions stay in the text where the report sets them
    assert relevance.narrative[0] == "### EQ1. To what extent is the project aligned with the policy?"
    assert "**Question 2: Does the design respond to the needs of women?**" in relevance.narrative
    assert effectiveness.findings == []   # a question is no key finding


def test_numbered_sections_starting_with_criteria_are_the_criteria_when_none_is_a_name_alone():
    chapter, _ = _read("### 2.1 Relevance and strategic fit\n\nAligned.\n\n### 2.2 Project progress and effectiveness\n\n"
                       "Two counties.\n\n### 2.3 Efficiency of resource use\n\n91%.\n\n### 2.4 Lessons from the pilot\n\n"
                       "Text.", "en", "F")
    assert [name for name, _ in chapter.criteria] == ["Relevance and strategic fit", "Project progress and effectiveness",
                                                      "Efficiency of resource use"]
    assert [s.criterion for s in chapter.sections] == [
        "Relevance and strategic fit", "Project progress and effectiveness", "Efficiency of resource use", None]


def test_the_ilo_cross_cutting_drivers_are_criteria_in_three_languages():
    for lang, headings in (("en", ["International labour standards and social dialogue", "Disability inclusion",
                                   "Just transition to environmental sustainability", "Equality and non-discrimination"]),
                           ("es", ["Normas internacionales del trabajo", "Diálogo social y tripartismo",
                                   "Inclusión de las personas con discapacidad", "Igualdad y no discriminación"]),
                           ("fr", ["Normes internationales du travail", "Dialogue social", "Transition juste",
                                   "Égalité et non-discrimination"])):
        text = "\n\n".join(f"## Relevance\n\nAligned.\n\n## {heading}\n\nText." if not i else f"## {heading}\n\nText."
                           for i, heading in enumerate(headings))
        chapter, _ = _read(text, lang, "F")
        assert [name for name, _ in chapter.criteria][1:] == headings, lang


def test_sections_of_one_criterion_are_not_criteria_of_their_own():
    chapter, _ = _read("## Effectiveness\n\n### 3.1 Training of inspectors\n\nText.\n\n### 3.2 The registry\n\nText.",
                       "en", "F")
    assert [name for name, _ in chapter.criteria] == ["Effectiveness"]
    assert [s.criterion for s in chapter.sections] == ["Effectiveness", "Effectiveness"]


def test_a_finding_labelled_with_its_criterion_in_brackets():
    chapter, _ = _read("### Relevance\n\n**Finding 1 (Relevance):** The project matched the youth policy.\n\n"
                       "Analysis of the policy.", "en", "F")
    (section,) = chapter.sections
    assert [(f["id"], f["text"]["en"]) for f in section.findings] == [("F1", "The project matched the youth policy.")]


def test_a_key_finding_labelled_key_in_the_reports_language_keeps_its_number():
    chapter, _ = _read("### Pertinence\n\n**Constat clé 1 :** Le projet répond aux besoins.\n\n"
                       "**Constat clé 2 :** Les femmes ont été oubliées.\n\n"
                       "### Eficacia\n\n**Hallazgo clave 3.** Se formaron 1.200 jóvenes.", "fr", "F")
    assert [[f["id"] for f in s.findings] for s in chapter.sections] == [["F1", "F2"], ["F3"]]
    assert chapter.sections[0].findings[1]["text"] == {"fr": "Les femmes ont été oubliées."}


def test_findings_set_out_question_by_question_give_a_section_each():
    for text in ("### Pregunta 1: ¿Respondió el proyecto a las necesidades?\n\nRespondió.\n\n"
                 "### Pregunta 2: ¿Se lograron los resultados?\n\nSe formaron 1.200 jóvenes.",
                 "Pregunta 1: ¿Respondió el proyecto a las necesidades?\n\nRespondió.\n\n"
                 "Pregunta 2: ¿Se lograron los resultados?\n\nSe formaron 1.200 jóvenes."):
        chapter, _ = _read(text)
        assert [(s.title, s.answers, s.narrative) for s in chapter.sections] == [
            ("Pregunta 1: ¿Respondió el proyecto a las necesidades?", ["EQ1"], ["Respondió."]),
            ("Pregunta 2: ¿Se lograron los resultados?", ["EQ2"], ["Se formaron 1.200 jóvenes."])]


def test_roman_chapters_per_criterion_keep_their_numbers_and_lose_their_capitals():
    record = ImportRecord()
    blocks = clean("# III. PERTINENCE\n\n## A. Alignement\n\nAligné.\n\n# IV. EFFICACITÉ\n\nLe suivi couvre 96 "
                   "communautés.".split("\n")).blocks
    chapter = read_findings(blocks, "fr", "C", record, chapters_per_criterion=True)
    assert [name for name, _ in chapter.criteria] == ["Pertinence", "Efficacité"]
    assert [(s.number, s.title, s.criterion) for s in chapter.sections] == [
        ("A", "Alignement", "Pertinence"), ("IV", "Efficacité", "Efficacité")]


def test_key_findings_in_a_box_a_one_column_table():
    for box in ("| Key findings: - The project matched the youth policy. - Women were underrepresented. |\n|---|",
                "| **Key findings** |\n|---|\n| - The project matched the youth policy.<br>- Women were underrepresented. |",
                "| Constats clés |\n|---|\n| The project matched the youth policy. |\n| Women were underrepresented. |"):
        chapter, _ = _read(f"### 4.1 Relevance\n\n{box}\n\nThe analysis shows this.", "en", "F")
        (section,) = chapter.sections
        assert [f["text"]["en"] for f in section.findings] == ["The project matched the youth policy.",
                                                              "Women were underrepresented."], box
        assert section.narrative == ["The analysis shows this."]
