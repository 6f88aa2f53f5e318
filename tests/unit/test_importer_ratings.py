"""Criterion ratings (importer/ratings.py): tables and lines, the six-point scale in three languages,
a scale of the report's own, and what is not a rating."""

import pytest
import yaml

from reportgen.importer import import_report
from reportgen.importer.debris import clean
from reportgen.importer.ratings import read_ratings, six_point
from reportgen.importer.record import ImportRecord

CRITERIA = [{"id": "relevance", "name": {"en": "Relevance"}}, {"id": "efficiency", "name": {"en": "Efficiency"}},
            {"id": "sustainability", "name": {"en": "Sustainability"}}]


def _read(text: str, criteria=CRITERIA):
    record = ImportRecord()
    return read_ratings(clean(text.split("\n")).blocks, criteria, "en", record), record


@pytest.mark.parametrize("words, value", [
    ("Highly satisfactory", "highly_satisfactory"), ("Satisfactory", "satisfactory"), ("MS", "moderately_satisfactory"),
    ("Moderately unsatisfactory (MU)", "moderately_unsatisfactory"), ("Muy satisfactorio", "highly_satisfactory"),
    ("Moderadamente insatisfactorio", "moderately_unsatisfactory"), ("Plutôt satisfaisant", "moderately_satisfactory"),
    ("Très insatisfaisante", "highly_unsatisfactory"), ("5/6", "satisfactory"), ("2 out of 6", "unsatisfactory"),
    ("S. Smith", None), ("see annex", None), ("Satisfaction surveys were run in 2023", None)])
def test_the_six_point_scale_as_reports_word_it(words, value):
    assert six_point(words) == value


def test_a_table_rating_each_criterion_with_its_justification():
    found, record = _read("| Criterion | Rating | Justification |\n|---|---|---|\n"
                          "| Relevance | Highly satisfactory | Aligned with the policy. |\n"
                          "| Efficiency | Moderately satisfactory | Delays. |\n| Coherence | Satisfactory | Two projects. |")
    assert [(r["id"], r["criterion"], r["value"], r.get("justification")) for r in found.items] == [
        ("RT1", "relevance", "highly_satisfactory", {"en": "Aligned with the policy."}),
        ("RT2", "efficiency", "moderately_satisfactory", {"en": "Delays."})]
    assert "no criterion of the report's findings has this name" in record.left_out[0].text, "never an invented criterion"
    assert not found.scale


def test_rating_lines_under_the_criterions_findings_or_naming_it():
    found, record = _read("## 3.2 Efficiency\n\nText.\n\nRating: Moderately satisfactory. The delay weighed on it.\n\n"
                          "### 3.2.1 Use of funds\n\nCalificación: Satisfactorio\n\n## 3.3 Other matters\n\nText.\n\n"
                          "**Overall rating for sustainability:** Moderately unsatisfactory\n\n"
                          "## Annex\n\nRating: Satisfactory")
    assert [(r["criterion"], r["value"], r.get("justification")) for r in found.items] == [
        ("efficiency", "moderately_satisfactory", {"en": "The delay weighed on it."}),
        ("sustainability", "moderately_unsatisfactory", None)]
    assert "a second rating of efficiency" in record.left_out[0].text, "one rating per criterion: the first"
    assert "under no criterion" in record.left_out[1].text


def test_a_scale_of_the_reports_own_under_a_rating_header():
    found, record = _read("| Criterion | Performance rating |\n|---|---|\n| Relevance | Highly successful |\n"
                          "| Efficiency | Less than successful |\n| Sustainability | Successful |")
    assert [r["value"] for r in found.items] == ["highly_successful", "less_than_successful", "successful"]
    assert found.scale == [("highly_successful", "Highly successful"), ("less_than_successful", "Less than successful"),
                           ("successful", "Successful")]
    assert "put them best first" in record.guesses[0].text


def test_tables_that_rate_nothing_are_no_ratings():
    assert not _read("| Criterion | Key finding |\n|---|---|\n| Relevance | Aligned. |\n| Efficiency | Late. |")[0].items
    assert not _read("| Criterion | Rating |\n|---|---|\n| Relevance | See section 3.1 for the details of it |\n"
                     "| Efficiency | See section 3.2 for the details of it |")[0].items
    assert not _read("Rating: Satisfactory", criteria=[])[0].items
    assert not _read("## Relevance\n\nNote: satisfactory results were reported by two provinces.")[0].items


def test_the_import_writes_ratings_and_their_findings(tmp_path):
    source = tmp_path / "report.md"
    source.write_text("# Findings\n\n## Relevance\n\n**Finding 1:** The project answered the needs of the region.\n\n"
                      "Rating: Highly satisfactory. It rests on Finding 1.\n\n# Conclusions\n\n"
                      "**Conclusion 1.** The project was relevant.\n", encoding="utf-8")
    out = tmp_path / "out"
    import_report(source, out, "en")
    ratings = yaml.safe_load((out / "content" / "ratings.yaml").read_text())["ratings"]
    assert ratings == [{"id": "RT1", "criterion": "relevance", "value": "highly_satisfactory",
                        "justification": {"en": "It rests on Finding 1."}, "findings": ["F1"]}]
    assert "| ratings | 1 |" in (out / "IMPORT.md").read_text()
