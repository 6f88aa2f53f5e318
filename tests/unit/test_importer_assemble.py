"""Linking: criteria by name, section answers by wording, addressees to institutions; French wording."""

from reportgen.importer.assemble import guess_answers, institution_id, make_criteria, match_criterion
from reportgen.importer.debris import clean
from reportgen.importer.record import ImportRecord
from reportgen.importer.recommendations import finish_fields, read_recommendations
from reportgen.importer.structure import find_chapters


def test_criteria_matched_exactly_or_by_a_shortened_name():
    criteria = make_criteria([("Validez del diseño de la intervención", 1), ("Eficacia", 2),
                              ("Eficacia de los mecanismos de gestión", 3), ("EFICACIA", 4)], "es")
    assert [c["id"] for c in criteria] == ["validez-del-diseno-de-la-intervencion", "eficacia",
                                           "eficacia-de-los-mecanismos-de-gestion"]
    assert match_criterion("Validez del diseño", criteria) == ("validez-del-diseno-de-la-intervencion", False)
    assert match_criterion("Eficacia", criteria) == ("eficacia", True)
    assert match_criterion("Orientación a la sostenibilidad", criteria) is None


def test_section_answers_guessed_from_its_title_and_marked():
    questions = [{"id": "PE7", "criterion": "eficiencia", "subquestions": [],
                  "text": {"es": "¿Hasta qué punto se ha gestionado eficientemente el proyecto?"}},
                 {"id": "PE8", "criterion": "eficiencia", "subquestions": [],
                  "text": {"es": "Rentabilidad y relación calidad precio de las intervenciones del proyecto"}}]
    criteria = [{"id": "eficiencia", "name": {"es": "Eficiencia"}}]
    record = ImportRecord()
    section = {"id": "S7"}
    guess_answers(section, "Eficiencia de los mecanismos de gestión", "eficiencia", questions, criteria, record, 938)
    assert section["answers"] == ["PE7"] and "import_note" in section
    assert record.guesses[0].line == 938 and record.guesses[0].item == "S7"
    named = {"id": "S4"}  # the criterion's own chapter: the criterion's questions in the matrix, as a guess
    guess_answers(named, "Eficiencia", "eficiencia", questions, criteria, record, 10)
    assert named["answers"] == ["PE7", "PE8"] and "PE7, PE8" in named["import_note"]
    assert record.guesses[1].item == "S4" and not record.missing
    unmatched = {"id": "S9"}
    guess_answers(unmatched, "Otra cosa", "otro", questions, criteria, record, 11)
    assert "answers" not in unmatched and record.missing[0].item == "S9"


def test_institution_ids():
    assert institution_id("OIT") == "ILO"
    assert institution_id("MININTER") == "MININTER"
    assert institution_id("coordinados por la CMNPTPTIM") == "CMNPTPTIM"
    assert institution_id("Ministerio de Trabajo") == "MINISTERIO_DE_TRABAJO"
    assert institution_id("potencialmente") is None
    assert institution_id("ILO CO") == "ILO"
    assert institution_id("the Ministry of Labour") == "MINISTRY_OF_LABOUR"


def test_french_report_wording():
    blocks = clean(("## 5. Constats\n\n### 5.1 Pertinence\n\nAnalyse.\n\n## Conclusions\n\n1. Une conclusion.\n\n"
                    "## Recommandations\n\n**Recommandation 1 : Renforcer le suivi**\n\nLe projet devrait renforcer.\n\n"
                    "*Note : Destinataire : BIT et ministère du Travail ; Priorité : Haute ; Ressources : Faibles ; "
                    "Délai : Court terme*\n\n## Leçons apprises\n\n### Leçon apprise 1 : Impliquer tôt\n\nTexte.")
                   .split("\n")).blocks
    chapters = find_chapters(blocks)
    assert sorted(chapters) == ["conclusions", "findings", "lessons", "recommendations"]
    record = ImportRecord()
    (item,) = read_recommendations(chapters["recommendations"].blocks, "fr", record).items
    finish_fields(item, "fr", record)
    assert item["title"] == {"fr": "Renforcer le suivi"}
    assert (item["priority"], item["resources"], item["timeframe"]) == ("high", "low", "short")
    assert item["addressee_text"] == {"fr": "BIT et ministère du Travail"}


def test_a_criterion_named_with_more_words_is_the_same_criterion():
    criteria = make_criteria([("Relevance and strategic fit", 1), ("Relevance", 2), ("Effectiveness", 3)], "en")
    assert [c["id"] for c in criteria] == ["relevance-and-strategic-fit", "effectiveness"]
    assert match_criterion("Relevance", criteria) == ("relevance-and-strategic-fit", False)  # a guess, marked


def test_recommendation_criteria_named_in_a_field_of_its_own():
    from reportgen.importer.assemble import link_named_criteria
    criteria = make_criteria([("Effectiveness", 1), ("Sustainability", 2)], "en")
    item = {"id": "R1", "custom": {"related_assessment_criteria": {"en": "Effectiveness, Sustainability"}}}
    record = ImportRecord()
    link_named_criteria(item, {"related_assessment_criteria": "Related assessment criteria"}, criteria, "en", record)
    assert item["criteria"] == ["effectiveness", "sustainability"] and "import_note" not in item
    unknown = {"id": "R2", "custom": {"related_assessment_criteria": {"en": "Gender"}}}
    link_named_criteria(unknown, {"related_assessment_criteria": "Related assessment criteria"}, criteria, "en", record)
    assert "criteria" not in unknown and record.missing[0].item == "R2"


def test_links_to_items_not_imported_are_dropped_and_said():
    from reportgen.content.schema import Recommendation
    from reportgen.importer.assemble import drop_unknown_links
    item = {"id": "R1", "conclusions": ["C1", "C9"], "lessons": ["LA1"], "criteria": ["CR9"]}
    record = ImportRecord()
    drop_unknown_links(item, Recommendation, {"conclusion": {"C1"}, "lesson": {"LA1"}}, record)
    assert item["conclusions"] == ["C1"] and item["lessons"] == ["LA1"]
    assert "C9 cited but not found" in item["import_note"]
    assert item["criteria"] == ["CR9"], "a kind the import did not collect is not checked"


def test_a_matrix_criterion_that_one_findings_heading_holds_is_that_criterion():
    from reportgen.importer.assemble import matrix_aliases
    findings = ["Relevance and strategic fit", "Validity of design", "Intervention progress and effectiveness",
                "Efficiency of resource use", "Effectiveness of management arrangements",
                "Impact orientation and sustainability"]
    matrix = ["Relevance", "Coherence", "Effectiveness", "Efficiency", "Impact", "Sustainability"]
    assert matrix_aliases(findings, matrix) == {"Efficiency": "Efficiency of resource use",
                                                "Impact": "Impact orientation and sustainability",
                                                "Sustainability": "Impact orientation and sustainability"}
    # the bundled evaluation's two criteria of one word stay two: each has its own heading
    assert matrix_aliases(["Eficacia", "Eficacia de los mecanismos de gestión"],
                          ["Eficacia", "Eficacia de los mecanismos de gestión"]) == {}
