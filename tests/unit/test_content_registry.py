"""The registry of item types and field roles, what the layers derive from it, and the rating type
added through it (the proof that a new item type takes a model, a template and catalog entries)."""

from datetime import date
from pathlib import Path

import pytest
from helpers import checked, messages

from reportgen import graph
from reportgen.changes import compare
from reportgen.content import registry, schema
from reportgen.content.config import CUSTOMIZABLE, ProjectConfig
from reportgen.content.jsonschema import config_schema, content_schema
from reportgen.content.loader import MARKDOWN_FILE_FIELDS
from reportgen.export import model_to_json
from reportgen.portal.artifacts import Artifact
from reportgen.portal.records import EVALUATION_FACETS, ITEM_KINDS, LIST_KINDS, make_library
from reportgen.urls import ITEM_PAGES, Linker
from reportgen.render.pages import Templates, render_pages
from reportgen.translate.status import KIND_ORDER
from reportgen.translate.units import FILE_FIELDS, collect_units


# --- the registry ------------------------------------------------------------------------------

def test_every_link_points_to_a_registered_kind_and_every_parent_is_one():
    kinds = {t.kind for t in registry.item_types()}
    for model in registry.all_models():
        for name, targets in registry.link_fields(model).items():
            assert set(targets) <= kinds, (model.__name__, name, targets)
        for name, child in registry.child_fields(model).items():
            assert child in kinds, (model.__name__, name)
    assert all(t.parent in kinds for t in registry.item_types() if t.parent)


def test_the_lists_the_layers_used_to_write_by_hand_are_derived():
    assert graph.LINK_FIELDS[("recommendation", "good_practices")] == ("good_practice",)
    assert graph.LINK_FIELDS[("section", "answers")] == ("question",)
    assert set(graph.NOT_ITEMS) == {"glossary_entry", "round", "comment", "chart", "management_response"}
    assert {"finding", "good_practice", "document", "table_row"} <= set(graph.LINKABLE_KINDS)
    assert "institution" not in graph.LINKABLE_KINDS
    assert MARKDOWN_FILE_FIELDS == {"sections": ("narrative",), "documents": ("body",), "evaluation": ("summary",)}
    assert FILE_FIELDS[("sections", "narrative")] == "narrative" and FILE_FIELDS[("evaluation", "summary")] == "summary"
    assert ITEM_PAGES["good_practice"] == "good-practices.md" and "criterion" not in ITEM_PAGES
    assert LIST_KINDS == {"recommendation": "recommendations", "lesson": "lessons", "good_practice": "good-practices"}
    assert ITEM_KINDS == ("recommendation", "lesson", "good_practice", "conclusion")
    assert "good_practice" in CUSTOMIZABLE and "institution" not in CUSTOMIZABLE
    assert KIND_ORDER.index("section") < KIND_ORDER.index("finding") < KIND_ORDER.index("narrative")


def test_field_roles_are_read_from_the_annotations():
    assert registry.link_fields(schema.Section) == {"answers": ("question",), "criterion": ("criterion",),
                                                    "part": ("part",)}
    assert registry.child_fields(schema.Question) == {"subquestions": "question"}
    assert registry.markdown_file_fields(schema.Document)["body"].unit == "document"
    assert registry.internal_fields(schema.Lesson) == {"import_note"}
    assert set(registry.value_set_fields(schema.Recommendation)) == {"priority", "resources", "timeframe"}
    assert registry.markdown_file_fields(schema.GoodPracticeTemplate) == {}  # template.summary holds text


def test_import_notes_are_not_exported(tmp_path):
    files = {"evaluation.yaml": 'evaluation: {title: {en: T}, code: "X/1", import_note: "code guessed"}\n',
             "c.yaml": "criteria:\n  - {id: rel, name: {en: R}, import_note: check}\n"}
    exported = model_to_json(checked(tmp_path, files, "languages: [en]\n").graph)
    assert "import_note" not in exported["evaluation"] and "import_note" not in exported["items"][0]


def test_kinds_of_nested_models_and_parents():
    assert registry.kind_of_model(schema.SubQuestion) == "question"
    assert registry.kind_of_model(schema.Finding) == "finding"
    assert registry.parent_field(schema.Question, "criterion") == "criterion"
    assert registry.kinds(parent="criterion") == ("question", "rating")


def test_a_kind_cannot_be_declared_twice():
    with pytest.raises(ValueError, match="declared twice"):
        registry.declare(registry.ItemType("lesson", schema.Lesson, "lessons_again"))


def test_a_link_to_the_wrong_kind_names_the_kinds_the_field_needs(tmp_path):
    files = {"r.yaml": "criteria:\n  - {id: rel, name: {en: R}}\n"
                       "recommendations:\n  - {id: R1, text: {en: T}, good_practices: [rel]}\n"}
    errors = messages(checked(tmp_path, files, "languages: [en]\n"), "error")
    assert any("r.yaml:4" in e and "'rel' is a criterion, but 'good_practices' needs a good practice" in e
               for e in errors), errors


# --- the rating type, added through the registry -----------------------------------------------

CRITERIA = """\
criteria:
  - {id: rel, name: {en: Relevance, fr: Pertinence}}
  - {id: eff, name: {en: Effectiveness, fr: Efficacité}}
sections:
  - id: S1
    number: "1"
    title: {en: Design, fr: Conception}
    criterion: rel
    findings:
      - {id: H1, text: {en: "Needs were assessed.", fr: "Les besoins ont été évalués."}}
"""
RATINGS = """\
ratings:
  - id: RT1
    criterion: rel
    value: satisfactory
    justification: {en: "The design followed [[H1]].", fr: "La conception a suivi [[H1]]."}
    findings: [H1]
"""
CONFIG = "languages: [en, fr]\n"


@pytest.fixture
def rated(tmp_path):
    return checked(tmp_path, {"c.yaml": CRITERIA, "ratings.yaml": RATINGS}, CONFIG)


def test_a_rating_is_checked_for_its_links_and_its_value_set(tmp_path):
    bad = RATINGS.replace("value: satisfactory", "value: so_so").replace("[H1]\n", "[H9]\n") \
        .replace("criterion: rel", "criterion: S1").replace("[[H1]].\",", "[[NOPE1]].\",")
    errors = messages(checked(tmp_path, {"c.yaml": CRITERIA, "ratings.yaml": bad}, CONFIG), "error")
    assert any("ratings.yaml:3" in e and "'S1' is a section, but 'criterion' needs a criterion" in e
               for e in errors), errors
    assert any("ratings.yaml:4" in e and "value: 'so_so' is not an allowed value" in e
               and "value_sets.rating" in e for e in errors), errors
    assert any("ratings.yaml:5" in e and "[[NOPE1]]" in e for e in errors), errors
    assert any("ratings.yaml:6" in e and "RT1.findings → H9" in e for e in errors), errors


def test_the_scale_is_the_projects_value_set(tmp_path):
    own = RATINGS.replace("value: satisfactory", "value: good")
    result = checked(tmp_path, {"c.yaml": CRITERIA, "ratings.yaml": own},
                     CONFIG + "value_sets: {rating: [good, fair, poor]}\n")
    assert messages(result, "error") == []
    assert ProjectConfig().value_sets.rating[0] == "highly_satisfactory"


def test_a_rating_is_an_item_attached_to_its_criterion(rated):
    assert messages(rated, "error") == []
    g = rated.graph
    assert g.parent_of("RT1") == "rel" and [n.id for n in g.attached_to("rel", "rating")] == ["RT1"]
    assert g.linked_from("H1", "rating") == ["RT1"] and g.criterion_of("RT1") == "rel"
    assert Linker(g).target("RT1") == ("criteria/rel.md", "RT1")


def test_a_rating_is_shown_on_its_criterion_page_and_in_the_matrix(rated):
    pages = render_pages(rated.graph, Templates(), "fr")
    criterion = pages["criteria/rel.md"]
    assert "## Notation" in criterion and "### Satisfaisant {#RT1 .rg-item .rg-rating }" in criterion
    assert "La conception a suivi" in criterion and "Fondée sur" in criterion
    assert "Notation" not in pages["criteria/eff.md"]
    assert 'class="rg-rating" href="../criteria/rel/#RT1">Notation' in pages["matrix.md"]
    assert "Satisfaisant</a></th>" in pages["matrix.md"]


def test_a_rating_is_exported_and_its_changes_are_listed(rated, tmp_path):
    exported = model_to_json(rated.graph)
    rating = next(item for item in exported["items"] if item["id"] == "RT1")
    assert (rating["type"], rating["criterion"], rating["value"], rating["findings"]) == (
        "rating", "rel", "satisfactory", ["H1"])
    assert "rating.findings" in exported["links"]
    changed = RATINGS.replace("value: satisfactory", "value: unsatisfactory")
    after = model_to_json(checked(tmp_path / "after", {"c.yaml": CRITERIA, "ratings.yaml": changed}, CONFIG).graph)
    changes = compare(exported, after, "round-1").changes
    assert [(c.id, c.type, c.status, [f.name for f in c.fields]) for c in changes] == [
        ("RT1", "rating", "modified", ["value"])]


def test_a_ratings_justification_is_a_translation_unit(rated):
    units = {u.context: u for u in collect_units(rated.content.root, ("en", "fr"), "fr")}
    unit = units["RT1.justification"]
    assert (unit.kind, unit.translation) == ("rating", "La conception a suivi [[H1]].")
    assert KIND_ORDER.index("rating") < KIND_ORDER.index("recommendation")


def test_ratings_are_in_the_json_schemas():
    content = content_schema(["en"])
    assert "ratings" in content["properties"] and "Rating" in content["$defs"]
    config = config_schema(["en"])
    assert "rating" in config["$defs"]["ValueSets"]["properties"]


def test_the_portal_facets_evaluations_by_rating(rated, tmp_path):
    assert "rating" in EVALUATION_FACETS
    artifact = Artifact(Path(tmp_path), {}, model_to_json(rated.graph))
    library = make_library([artifact], ["en"], date(2026, 1, 1))
    assert [v.key for v in library.evaluations[0].facets["rating"]] == ["satisfactory"]


def test_only_the_model_names_the_item_types():
    """Every layer reads the types from the registry: a type's name is written in the model alone
    (content/schema.py declares it, content/registry.py documents it)."""
    src = Path(__file__).resolve().parents[2] / "src" / "reportgen"
    allowed = {src / "content" / "schema.py", src / "content" / "registry.py"}
    named = [f"{p.relative_to(src)}:{n}" for p in sorted(src.rglob("*.py")) if p not in allowed
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if "good_practice" in line]
    assert not named, named


def test_the_import_recognises_a_type_by_its_declared_wording():
    from reportgen.content.registry import item_types
    from reportgen.importer.vocabulary import CHAPTERS, ITEM_LABELS, fold, id_prefixes
    worded = [t for t in item_types() if t.wording and t.wording.labels]
    assert {t.kind for t in worded} <= set(ITEM_LABELS)
    for t in worded:
        assert ITEM_LABELS[t.kind].match(fold(f"{t.wording.prefix('en')}3. Title")), t.kind
        if t.wording.chapter:
            assert t.collection_key in CHAPTERS
    assert id_prefixes("en")["lesson"] == "LL" and id_prefixes("es")["lesson"] == "LA"
    assert id_prefixes("xx") == id_prefixes("es"), "a language without its own prefixes takes the first"
