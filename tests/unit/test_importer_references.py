"""Links from the report's own references (importer/references.py): the words, the numbers, the
direction of the link, and what is not a reference to this report's items."""

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from reportgen.importer import import_report
from reportgen.importer.record import ImportRecord
from reportgen.importer.references import Targets, field_references, link_references, numbers, references


def _cited(text: str) -> list[tuple[str | None, str]]:
    return [(ref.kind, ref.target) for ref in references(text)]


def test_words_and_numbers_in_three_languages():
    assert _cited("The project should track placements (see Conclusion 2).") == [("conclusion", "2")]
    assert _cited("based on conclusions 1 and 3") == [("conclusion", "1"), ("conclusion", "3")]
    assert _cited("según las conclusiones 2 a 4 y 6") == [("conclusion", n) for n in ("2", "3", "4", "6")]
    assert _cited("voir la conclusion n° 3 et les constats 4, 5") == [("conclusion", "3"), ("finding", "4"),
                                                                     ("finding", "5")]
    assert _cited("Hallazgos 2–3 y Lección aprendida 1") == [("finding", "2"), ("finding", "3"), ("lesson", "1")]
    assert _cited("as good practices 1 and 2 show") == [("good_practice", "1"), ("good_practice", "2")]


def test_ids_in_brackets_whatever_their_prefix():
    assert _cited("as the findings show (F4, F7, H12)") == [(None, "F4"), (None, "F7"), (None, "H12")]
    assert _cited("The data [C2; R4] agree.") == [(None, "C2"), (None, "R4")]


def test_what_is_not_a_reference_to_this_reports_items():
    assert _cited("Recommendation 3 of the mid-term evaluation was implemented.") == []
    assert _cited("la recomendación 2 de la evaluación intermedia") == []
    assert _cited("Findings 4.2 and 4.3 of chapter 4") == [], "section numbers are not item numbers"
    assert _cited("the findings of 2019 and the conclusions drawn") == []
    assert _cited("a Conclusion: 3 partners") == []


def test_ranges_and_lists():
    assert numbers("2–4") == [2, 3, 4]
    assert numbers("1, 2 and 4") == [1, 2, 4]
    assert numbers("2 to 5") == [2, 3, 4, 5]
    assert numbers("5-2") == [5, 2], "a falling 'range' is a list"
    assert numbers("1 to 900") == [1, 900], "no range longer than a report's items"


def test_a_related_field_cites_the_kind_its_label_names():
    assert [(r.kind, r.target) for r in field_references("Related conclusions", "2, 3")] == [("conclusion", "2"),
                                                                                           ("conclusion", "3")]
    assert [(r.kind, r.target) for r in field_references("Vinculación a conclusiones", "1 y 4")] == [
        ("conclusion", "1"), ("conclusion", "4")]
    assert [(r.kind, r.target) for r in field_references("Linked to", "C1, LL2")] == [(None, "C1"), (None, "LL2")]
    assert field_references("Linked to", "the second one") == []


def _items():
    conclusions = [{"id": "C1", "text": {"en": "Relevant (Findings 1 and 2); see Recommendation 2."}, "_line": 5},
                   {"id": "C2", "text": {"en": "Weak monitoring (F2)."}, "_line": 7}]
    recommendations = [{"id": "R1", "text": {"en": "Track placements."}, "_line": 9,
                        "_references": [("Related conclusions", "2, 9", 10)]},
                       {"id": "R2", "text": {"en": "Revise the theory of change."}, "_line": 11}]
    lessons = [{"id": "LL1", "text": {"en": "Early buy-in helped (see Recommendation 1)."}, "_line": 13}]
    return {"conclusion": conclusions, "recommendation": recommendations, "lesson": lessons}


def test_links_go_where_the_model_has_a_field_either_way():
    items = _items()
    record = ImportRecord()
    link_references(items, Targets(items, {"finding": {"F1", "F2", "KF2"}}, {"finding": "F"}), "en", record)
    c1, c2 = items["conclusion"]
    r1, r2 = items["recommendation"]
    assert c1["findings"] == ["F1", "F2"] and c2["findings"] == ["F2"]
    assert r2["conclusions"] == ["C1"], "a conclusion citing a recommendation links the recommendation to it"
    assert r1["conclusions"] == ["C2"] and r1["lessons"] == ["LL1"]
    assert r1["_unlinked_fields"] == [("Related conclusions", "2, 9")], "what did not resolve is kept as written"
    assert any("9 not found in the import" in entry.text for entry in record.missing)
    assert [(e.item, e.text.split(":")[0]) for e in record.links][:2] == [("C1", "→ F1"), ("C1", "→ F2")]


def test_an_ambiguous_number_links_nothing_but_the_languages_prefix():
    targets = Targets({}, {"finding": {"KF3", "H3"}}, {"finding": "F"})
    assert targets.resolve(next(references("finding 3"))) is None
    assert Targets({}, {"finding": {"KF3", "F3"}}, {"finding": "F"}).resolve(next(references("finding 3"))) == "F3"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(1, 40), min_size=1, max_size=5, unique=True),
       st.sampled_from(["conclusions", "Conclusions", "conclusiones", "les conclusions"]),
       st.sampled_from([", ", " and ", " y ", " et ", "; "]))
def test_a_list_of_numbers_cites_each_of_them(values, word, joiner):
    text = f"As {word} {joiner.join(map(str, values))} show, the plan holds."
    assert [int(ref.target) for ref in references(text)] == values


def test_the_import_links_a_report_by_its_words(tmp_path):
    source = tmp_path / "report.md"
    source.write_text(
        "# Findings\n\n## Relevance\n\nThe project was relevant to the needs of the region and its partners.\n\n"
        "**Finding 1:** The design answered the diagnostic study.\n\n"
        "# Conclusions\n\n**Conclusion 1.** The design was relevant (Finding 1).\n\n"
        "**Conclusion 2.** Monitoring was weak and did not follow the graduates.\n\n"
        "# Recommendations\n\n**Recommendation 1: Track the graduates.** Follow them for a year.\n\n"
        "Note: Priority: High; Related conclusions: 2, 5\n", encoding="utf-8")
    out = tmp_path / "out"
    import_report(source, out, "en")
    conclusions = yaml.safe_load((out / "content" / "conclusions.yaml").read_text())["conclusions"]
    recommendation = yaml.safe_load((out / "content" / "recommendations.yaml").read_text())["recommendations"][0]
    assert conclusions[0]["findings"] == ["F1"]
    assert recommendation["conclusions"] == ["C2"] and recommendation["priority"] == "high"
    assert recommendation["custom"]["related_conclusions"] == {"en": "2, 5"}
    report = (out / "IMPORT.md").read_text()
    assert "**R1** → C2: 'Related conclusions: 2, 5'" in report and "5 not found in the import" in report
    config = yaml.safe_load((out / "reportgen.yml").read_text())
    assert {"id": "related_conclusions", "label": {"en": "Related conclusions"}} in config["custom_fields"]["recommendation"]


def test_a_field_citing_what_the_model_does_not_link_is_kept_and_said_why():
    items = {"recommendation": [{"id": "R1", "text": {"en": "Do it."}, "_line": 3,
                                 "_references": [("Related findings", "3, 4", 4)]}]}
    record = ImportRecord()
    link_references(items, Targets(items, {"finding": {"F3", "F4"}}, {"finding": "F"}), "en", record)
    (item,) = items["recommendation"]
    assert item["_unlinked_fields"] == [("Related findings", "3, 4")] and "findings" not in item
    assert record.missing[0].text == ("'Related findings' (3, 4): 3, 4 found, but reportgen links no recommendation "
                                      "to a finding; not linked, kept as the report's own field")
