"""The graph layer: languages, translations, value sets, custom fields, links of the new shapes."""

from helpers import checked, messages

CRITERIA = """\
criteria:
  - {id: rel, name: {en: Relevance, fr: Pertinence}}
  - {id: gender, name: {en: Gender, fr: Genre}}
questions:
  - {id: Q1, criterion: rel, text: {en: "Why?", fr: "Pourquoi ?"}}
"""


def test_languages_come_from_the_title_without_a_configuration(tmp_path):
    result = checked(tmp_path, {})
    assert result.ctx.languages == ("en", "fr") and result.ctx.original == "en"


def test_configured_languages_and_missing_original(tmp_path):
    result = checked(tmp_path, {"c.yaml": 'criteria:\n  - {id: rel, name: {en: "Relevance"}}\n'},
                     "languages: [fr, en]\n")
    assert result.ctx.original == "fr"
    errors = messages(result, "error")
    assert any("content/c.yaml:2" in e and "missing text in French ('fr')" in e for e in errors), errors


def test_text_in_a_language_the_project_does_not_have(tmp_path):
    result = checked(tmp_path, {"c.yaml": 'criteria:\n  - {id: rel, name: {en: R, fr: R, de: R}}\n'},
                     "languages: [en, fr]\n")
    assert any("text in 'de'" in e for e in messages(result, "error"))


def test_untranslated_is_a_warning_and_null_is_a_note(tmp_path):
    result = checked(tmp_path, {"c.yaml": 'criteria:\n  - {id: a, name: {en: A}}\n  - {id: b, name: {en: B, fr: null}}\n'},
                     "languages: [en, fr]\n")
    assert any("[a]" in w and "missing French translation ('fr')" in w for w in messages(result, "warning"))
    assert any("[b]" in n and "marked 'fr: null'" in n for n in messages(result, "note"))


def test_an_empty_original_needs_no_translation(tmp_path):
    """As `translate status` counts it: an empty original is no unit, so no translation is missing."""
    result = checked(tmp_path, {"c.yaml": "criteria:\n  - {id: a, name: {en: A, fr: A}, definition: {en: ''}}\n"},
                     "languages: [en, fr]\n")
    assert not [w for w in messages(result, "warning") if "untranslated" in w]


def test_value_sets_come_from_the_configuration(tmp_path):
    recs = "recommendations:\n  - {id: R1, text: {en: T}, priority: very_high}\n"
    assert any("'very_high' is not an allowed value" in e
               for e in messages(checked(tmp_path / "a", {"r.yaml": recs}, "languages: [en]\n"), "error"))
    ok = checked(tmp_path / "b", {"r.yaml": recs},
                 "languages: [en]\nvalue_sets: {priority: [very_high, high]}\n")
    assert messages(ok, "error") == []


def test_custom_fields_must_be_declared(tmp_path):
    recs = "recommendations:\n  - {id: R1, text: {en: T}, custom: {topic: x, other: y}}\n"
    result = checked(tmp_path, {"r.yaml": recs}, "languages: [en]\ncustom_fields:\n  recommendation:\n"
                                                 "    - {id: topic, label: {en: Topic}}\n")
    errors = messages(result, "error")
    assert len(errors) == 1 and "custom field 'other'" in errors[0], errors


def test_sections_belong_to_a_criterion_directly_or_through_questions(tmp_path):
    sections = """\
    parts:
      - {id: P1, number: "9.1", title: {en: Chapter, fr: Chapitre}}
    sections:
      - {id: S1, number: "9.1.1", title: {en: A, fr: A}, answers: [Q1], part: P1}
      - {id: S2, number: "9.1.2", title: {en: B, fr: B}, criterion: gender, part: P1}
      - {id: S3, number: "9.1.3", title: {en: C, fr: C}, criterion: nowhere}
    """
    result = checked(tmp_path, {"c.yaml": CRITERIA, "s.yaml": sections})
    graph = result.graph
    assert graph.criterion_of("S1") == "rel" and graph.criterion_of("S2") == "gender"
    assert graph.linked_from("P1", "section") == ["S1", "S2"]
    assert any("S3.criterion → nowhere" in e for e in messages(result, "error"))
    assert not graph.numbered_findings


def test_acronyms_used_but_not_listed_are_notes_with_the_definition(tmp_path):
    files = {"c.yaml": 'criteria:\n  - id: rel\n    name: {en: "Work with the Ministry of Labour (MoL) and the ILO", fr: x}\n',
             "g.yaml": 'glossary:\n  - {term: ILO, expansion: {en: International Labour Organization, fr: OIT}}\n'}
    notes = messages(checked(tmp_path, files), "note")
    assert not any("'MoL'" in n for n in notes)  # mixed case is not an acronym
    files["c.yaml"] = 'criteria:\n  - id: rel\n    name: {en: "the Ministerio de la Mujer y Poblaciones Vulnerables (MIMP) and MIMP", fr: x}\n'
    notes = messages(checked(tmp_path / "b", files), "note")
    assert any("'MIMP' is used 2 time(s)" in n and "Ministerio de la Mujer y Poblaciones Vulnerables" in n
               for n in notes), notes


def test_a_broken_reference_in_a_template_summary_is_reported_like_any_text(tmp_path):
    # FILE_FIELDS matched fields by their last name: good_practices' template.summary was taken
    # for the evaluation's summary (a Markdown file name) and its references were never checked.
    practices = """\
    good_practices:
      - id: GP1
        title: {en: Practice}
        template:
          summary: {en: "See [[NOPE99]]."}
          conditions: {en: "See [[NOPE98]]."}
    """
    errors = messages(checked(tmp_path, {"g.yaml": practices}, "languages: [en]\n"), "error")
    assert any("g.yaml:5" in e and "[[NOPE99]]" in e for e in errors), errors
    assert any("g.yaml:6" in e and "[[NOPE98]]" in e for e in errors), errors
