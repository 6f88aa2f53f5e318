"""The whole import in process: placeholders instead of errors, the verdict, the record of the source."""

import json

import pytest
import yaml

from reportgen.importer import SourceError, import_report


def _import(tmp_path, text: str):
    source = tmp_path / "report.md"
    source.write_text(text, encoding="utf-8")
    return import_report(source, tmp_path / "out", "en")


def test_missing_code_is_a_marked_placeholder(tmp_path):
    result = _import(tmp_path, "# Conclusions\n\n**Conclusion 1.** Relevant.\n\n# Recommendations\n\n"
                               "**Recommendation 1.** Do it.")
    evaluation = yaml.safe_load((result.out / "content" / "evaluation.yaml").read_text())["evaluation"]
    assert evaluation["code"] == "CODE-NOT-FOUND" and "code: not found" in evaluation["import_note"]
    report = (result.out / "IMPORT.md").read_text()
    assert "Partial: no findings chapter was found" in report


def test_chapters_without_items_are_refused(tmp_path):
    with pytest.raises(SourceError, match="not one finding, conclusion"):
        _import(tmp_path, "# Conclusions\n\n# Recommendations\n")
    assert not (tmp_path / "out").exists()


def test_record_gives_lines_confidence_and_what_went_nowhere(tmp_path):
    result = _import(tmp_path, "Stray line before anything.\n\n# Acknowledgements\n\nThanks.\n\n# Conclusions\n\n"
                               "**Conclusion 1.** Relevant.\n\n# Bibliography\n\nILO (2019).")
    record = json.loads((result.out / "import-record.json").read_text())
    assert {"kind": "conclusions", "id": "C1", "lines": [9, 9], "confidence": 0.95,
            "how": "read from the report's own label or heading"} in record["items"]
    assert [(c["id"], c["how"]) for c in record["chapters"]] == [
        ("Acknowledgements", "recognised, not read (reportgen has no item type for it)"),
        ("Conclusions", "read as conclusions"),
        ("Bibliography", "recognised, not read (reportgen has no item type for it)")]
    assert [(u["lines"], u["how"]) for u in record["unplaced"]] == [([1, 1], "Stray line before anything.")]
    report = (result.out / "IMPORT.md").read_text()
    assert "- lines 1: Stray line before anything." in report and "| C1 | conclusions | 9 | 0.95 |" in report


def test_items_labelled_alike_are_renamed_and_marked(tmp_path):
    result = _import(tmp_path, "# Conclusions\n\n**Conclusion 1.** One.\n\n**Conclusion 1.** Again.")
    conclusions = yaml.safe_load((result.out / "content" / "conclusions.yaml").read_text())["conclusions"]
    assert [c["id"] for c in conclusions] == ["C1", "C1-2"]
    assert "labels a second item C1" in conclusions[1]["import_note"]


def test_questions_without_criterion_get_a_marked_placeholder(tmp_path):
    result = _import(tmp_path, "# Conclusions\n\n**Conclusion 1.** One.\n\n# Annexes\n\n## Annex 1. Matrix\n\n"
                               "Question\tSource\n1. Is it relevant?\tDocs\n2. Is it efficient?\tDocs\n3. Will it last?\tDocs")
    content = result.out / "content"
    questions = yaml.safe_load((content / "questions.yaml").read_text())["questions"]
    assert {q["criterion"] for q in questions} == {"criterion-not-given"}
    (criterion,) = yaml.safe_load((content / "criteria.yaml").read_text())["criteria"]
    assert criterion["id"] == "criterion-not-given" and "placeholder" in criterion["import_note"]


def test_two_annexes_titled_alike_keep_both_texts(tmp_path):
    """Their IDs are made unique (…-2), and so are their files: the second does not overwrite the first."""
    result = _import(tmp_path, "# Conclusions\n\n**Conclusion 1.** Relevant.\n\n# Annexes\n\n"
                               "## Changes that show the capacity. Prosecution\n\nProsecutors coordinate better.\n\n"
                               "## Changes that show the capacity. Protection\n\nShelters apply the protocol.\n")
    documents = yaml.safe_load((result.out / "content" / "annexes" / "annexes.yaml").read_text())["documents"]
    bodies = [(result.out / "content" / "annexes" / d["body"]["en"]).read_text() for d in documents]
    assert len({d["body"]["en"] for d in documents}) == len(documents)
    assert any("Prosecutors coordinate better." in b for b in bodies) and any("Shelters apply" in b for b in bodies)


def test_a_footnote_no_imported_text_cites_is_listed(tmp_path):
    """A note whose mark is on a chapter heading is not lost without a word: IMPORT.md lists it, with its line."""
    result = _import(tmp_path, "# Conclusions[^1]\n\n**Conclusion 1.** Relevant[^2].\n\n"
                               "[^1]: As the terms of reference ask.\n\n[^2]: Interviews.\n")
    listed = [e for e in result.record.left_out if e.text.startswith("footnote")]
    assert [(e.line, e.text.split(" (")[0]) for e in listed] == [(5, "footnote 1")]


def test_questions_listed_in_the_methodology_are_read_and_the_note_says_where(tmp_path):
    from reportgen.importer.run import project_files
    source = tmp_path / "report.md"
    source.write_text("# Methodology\n\nMixed methods.\n\n## Evaluation questions\n\nQ1. Was the project relevant to the needs?\n\n"
                      "Q2. Were the outcomes achieved by the end?\n\nQ3. Will the results last after the project?\n\n"
                      "# Conclusions\n\n**Conclusion 1:** The project was relevant to the needs of the constituents.\n",
                      encoding="utf-8")
    files, _, record = project_files(source, "en")
    assert "id: Q3" in files["content/questions.yaml"]
    assert any("evaluation questions (from line 5) were read into the questions" in e.text for e in record.left_out)


def test_the_placeholder_criterion_is_named_in_the_reports_language(tmp_path):
    """A French report's site shows its placeholder criterion in French, not in English."""
    from reportgen.importer import import_report
    source = tmp_path / "rapport.md"
    source.write_text("# Conclusions\n\n**Conclusion 1.** Le projet était pertinent pour les mandants.\n\n# Annexes\n\n"
                      "## Annexe 1. Matrice\n\nQuestion\tSource\n1. Le projet est-il pertinent ?\tDocuments\n"
                      "2. Est-il efficient ?\tDocuments\n3. Va-t-il durer ?\tDocuments", encoding="utf-8")
    content = import_report(source, tmp_path / "out", "fr").out / "content"
    (criterion,) = yaml.safe_load((content / "criteria.yaml").read_text())["criteria"]
    assert criterion["name"] == {"fr": "Critère non indiqué dans la source"}


COMBINED = """# Final independent evaluation of the Decent Work for Domestic Workers project

- DC Symbol: KEN/21/02/NOR
- Type of evaluation: Project

## 1. Findings

### 1.1 Relevance

The project responded to the priorities of the constituents and of the domestic workers themselves.

## 2. Conclusions and recommendations

The project was relevant to the needs of the domestic workers and their organisations in Kenya.

Its effectiveness was uneven across counties because the registry depended on county governments.

The evaluation makes the following recommendations:

1. **Extend the registry.** The ILO should support the two remaining counties in launching the registry.
   (Responsible: ILO Country Office; Priority: High; Timeframe: short term; Resources: medium)
2. **Fund the training.** The Ministry should fund the training of labour inspectors from its own budget.
   [Responsible: Ministry of Labour | Priority: Medium | Timeframe: long term | Resources: high]

## Annexes

Terms of reference.
"""


def test_a_chapter_of_conclusions_and_a_numbered_list_of_recommendations_with_their_field_lines(tmp_path):
    result = _import(tmp_path, COMBINED)
    content = result.out / "content"
    assert yaml.safe_load((content / "evaluation.yaml").read_text())["evaluation"]["code"] == "KEN/21/02/NOR"
    conclusions = yaml.safe_load((content / "conclusions.yaml").read_text())["conclusions"]
    assert [c["text"]["en"][:20] for c in conclusions] == ["The project was rele", "Its effectiveness wa"]
    recommendations = yaml.safe_load((content / "recommendations.yaml").read_text())["recommendations"]
    assert [(r["id"], r["title"]["en"], r["priority"], r["timeframe"], r["resources"]) for r in recommendations] == [
        ("R1", "Extend the registry", "high", "short", "medium"), ("R2", "Fund the training", "medium", "long", "high")]
    assert all("Responsible" not in r["text"]["en"] for r in recommendations)
    chapters = json.loads((result.out / "import-record.json").read_text())["chapters"]
    assert ("2. Conclusions and recommendations", "read as recommendations (its second part, from line 18)") in [
        (c["id"], c["how"]) for c in chapters]


def test_the_templates_header_gives_the_code_and_title_the_cover_lacks(tmp_path):
    result = _import(tmp_path, "# Conclusions\n\n**Conclusion 1.** Relevant.\n\n# Recommendations\n\n"
                               "**Recommendation 1.** Do it.\n\n# Annexes\n\n## Annex 5. Lessons learned\n\n"
                               "Project Title: Decent Jobs for Youth\n\nProject TC/SYMBOL: KEN/19/01/NOR\n\n"
                               "| LL Element | Text |\n|---|---|\n| Brief description of lesson learned | Involving the "
                               "counties early eased the hand-over. They signed a memorandum in the first year. |\n")
    evaluation = yaml.safe_load((result.out / "content" / "evaluation.yaml").read_text())["evaluation"]
    assert (evaluation["code"], evaluation["title"]) == ("KEN/19/01/NOR", {"en": "Decent Jobs for Youth"})
    assert "not found on the cover sheet" not in evaluation["import_note"]
    assert "code: the project's code, read from an ILO template's header" in evaluation["import_note"]
    lessons = yaml.safe_load((result.out / "content" / "lessons.yaml").read_text())["lessons"]
    assert [lesson["id"] for lesson in lessons] == ["LL1"] and lessons[0]["template"]["description"]
    assert "Left out (0)" in (result.out / "IMPORT.md").read_text()


NUMBERED = ("# Findings\n\n## 4.1 Relevance\n\n12. The project was designed with the ministry.\n\n"
            "13. **Finding 1.** It responds to needs.\n\n## 4.2 Effectiveness\n\n14. Targets were met.\n"
            "15. Placement lagged.\n\n## 4.3 Sustainability\n\n17. Curricula were adopted.\n\n"
            "# Conclusions\n\n18. **Conclusion 1.** Relevant and effective.\n\n"
            "# Recommendations\n\n19. **Recommendation 1.** Track the graduates.\n\n1. first step\n2. second step\n")


def test_a_report_that_numbers_its_paragraphs_keeps_their_numbers_and_anchors(tmp_path):
    """The numbers run on through the chapters (from 12: an excerpt), skipping the ones items took: the
    project numbers its paragraphs, so each keeps its number on the site and its anchor (#para-14)."""
    result = _import(tmp_path, NUMBERED)
    assert yaml.safe_load((result.out / "reportgen.yml").read_text())["numbered_paragraphs"] is True
    assert "| numbered paragraphs | 7 |" in (result.out / "IMPORT.md").read_text()


def test_lists_numbered_from_one_under_each_heading_are_no_paragraph_numbers(tmp_path):
    lists = "\n\n".join(f"## 4.{n} Part {n}\n\n1. first point\n2. second point\n3. third point" for n in range(1, 5))
    result = _import(tmp_path, f"# Findings\n\n{lists}\n\n# Conclusions\n\n**Conclusion 1.** Relevant.\n")
    assert "numbered_paragraphs" not in yaml.safe_load((result.out / "reportgen.yml").read_text())


def test_a_field_whose_wording_names_no_level_is_said_once_not_also_missing(tmp_path):
    """'Délai : 6 mois' is in the source: IMPORT.md says its wording names no level, not that it is missing."""
    _import(tmp_path, "# Conclusions\n\n**Conclusion 1.** Relevant.\n\n# Recommendations\n\n"
                      "**Recommendation 1: Keep it.** The model works.\n\n| | |\n|---|---|\n| Priority | High |\n"
                      "| Timeframe | 6 months |\n")
    report = (tmp_path / "out" / "IMPORT.md").read_text(encoding="utf-8")
    assert "**R1** timeframe: the wording '6 months' names no level" in report
    assert "**R1** timeframe: not given in the source" not in report
    assert "**R1** resources: not given in the source" in report
