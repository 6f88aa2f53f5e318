"""edition.py, export.py and urls.py over a small checked project: the public edition drops
what is for reviewers before anything is built, the JSON export says what the graph knows, and every
item has one place in the site."""

from __future__ import annotations

import json

import pytest

from helpers import checked, messages

from reportgen.edition import for_edition
from reportgen.export import FORMAT, dumps, model_to_json
from reportgen.urls import Linker, chapter_anchor, directory_url, page_url, relative

FILES = {
    "items.yaml": """\
criteria:
  - {id: rel, name: {en: Relevance, fr: Pertinence}}
questions:
  - {id: Q1, criterion: rel, text: {en: "Why?", fr: "Pourquoi ?"}}
sections:
  - id: S1
    number: 1
    title: {en: First, fr: Premier}
    answers: [Q1]
    findings:
      - {id: H1, text: {en: "Public finding", fr: "Constat public"}}
      - {id: H2, visibility: internal, text: {en: "Internal finding", fr: "Constat interne"}}
conclusions:
  - {id: C1, criterion: rel, text: {en: "It worked", fr: "Cela a marché"}, findings: [H1]}
  - {id: C2, visibility: internal, text: {en: "Draft only", fr: "Brouillon"}}
recommendations:
  - {id: R1, text: {en: "Do it", fr: "Faites-le"}, conclusions: [C1]}
  - {id: R2, visibility: internal, text: {en: "Secret", fr: "Secret"}}
lessons:
  - {id: LA1, title: {en: Lesson, fr: Leçon}}
""",
    "rounds.yaml": """\
rounds:
  - {id: draft-1, name: {en: First draft, fr: Premier brouillon}, date: "2024-05-01"}
comments:
  - {id: CM1, round: draft-1, date: "2024-05-03", organisation: ILO, target: R1, text: "Clarify"}
""",
}


@pytest.fixture(scope="module")
def review(tmp_path_factory):
    result = checked(tmp_path_factory.mktemp("review"), FILES)
    assert messages(result, "error") == []
    return result


@pytest.fixture(scope="module")
def public(tmp_path_factory):
    result = checked(tmp_path_factory.mktemp("public"), FILES, edition="public")
    assert messages(result, "error") == []
    return result


def test_the_review_edition_is_the_content_itself(review):
    assert for_edition(review.content, "review") is review.content


def test_an_unknown_edition_is_refused(review):
    with pytest.raises(ValueError):
        for_edition(review.content, "final")


def test_the_public_edition_leaves_out_internal_items_comments_and_rounds(review):
    public = for_edition(review.content, "public")
    assert [r.id for r in public.recommendations] == ["R1"]
    assert [c.id for c in public.conclusions] == ["C1"]
    assert public.comments == [] and public.rounds == []
    assert [f.id for f in public.sections[0].findings] == ["H1"]
    assert public.hidden_ids == {"R2", "C2", "H2"}
    # The review content is not touched, and the copied section keeps where it was written.
    assert [f.id for f in review.content.sections[0].findings] == ["H1", "H2"]
    assert public.origin(public.sections[0]) == review.content.origin(review.content.sections[0])


def test_the_export_of_the_review_edition(review):
    data = model_to_json(review.graph)
    assert (data["format"], data["languages"]) == (FORMAT, ["en", "fr"])
    items = {item["id"]: item for item in data["items"]}
    assert {"R1", "R2", "C1", "C2", "H1", "H2", "S1", "Q1", "rel", "LA1"} <= set(items)
    assert items["H1"]["parent"] == "S1" and items["H1"]["type"] == "finding"
    assert items["H1"]["criterion"] == "rel"  # through the question its section answers
    assert items["S1"]["findings"] == ["H1", "H2"]  # children are items of their own, named by ID
    assert items["C1"]["cited_by"] == {"recommendation": ["R1"]}
    assert items["R1"]["text"] == {"en": "Do it", "fr": "Faites-le"}
    assert (items["LA1"]["text"], items["LA1"]["template"]) == (None, None)  # not given: null, not {}
    assert "recommendation.conclusions" in data["links"]
    assert data["evaluation"]["code"] == "T/1"
    assert "summary" not in data["evaluation"] and data["evaluation"]["summary_text"] == {"en": None, "fr": None}


def test_the_public_export_has_nothing_internal(public):
    text = dumps(public.graph)
    assert json.loads(text)["format"] == FORMAT
    for secret in ("R2", "C2", "H2", "Secret", "Draft only", "Internal finding", "CM1", "Clarify"):
        assert secret not in text, secret
    items = {item["id"]: item for item in json.loads(text)["items"]}
    assert items["S1"]["findings"] == ["H1"]


def test_every_item_has_one_place(review):
    linker = Linker(review.graph)
    assert linker.target("rel") == ("criteria/rel.md", "")
    assert linker.target("Q1") == ("criteria/rel.md", "Q1")
    assert linker.target("S1") == ("findings/S1.md", "")
    assert linker.target("H1") == ("findings/S1.md", "H1")
    assert linker.target("C1") == ("conclusions.md", "C1")
    assert linker.target("R1") == ("recommendations.md", "R1")
    assert linker.target("LA1") == ("lessons.md", "LA1")
    assert linker.href("H1", "recommendations.md") == "findings/S1.md#H1"
    assert linker.href("C1", "findings/S1.md") == "../conclusions.md#C1"
    assert linker.url("C1", "findings/S1.md") == "../../conclusions/#C1"
    assert linker.href("S1", "findings/S1.md") == ""


def test_in_the_one_page_edition_links_are_anchors(review):
    linker = Linker(review.graph, single_page=True)
    assert linker.href("H1", "print.md") == "#H1"
    assert linker.href("S1", "print.md") == "#section-S1"
    assert linker.url("rel", "print.md") == "#criterion-rel"


@pytest.mark.parametrize("page,from_page,expected", [
    ("index.md", "index.md", "./"), ("findings/S1.md", "index.md", "findings/S1/"),
    ("index.md", "findings/S1.md", "../../"), ("findings/index.md", "findings/S1.md", "../"),
])
def test_page_urls(page, from_page, expected):
    assert page_url(page, from_page) == expected


def test_directory_urls_and_chapter_anchors():
    assert [directory_url(p) for p in ("index.md", "findings/index.md", "findings/S3.md")] == [
        "", "findings/", "findings/S3/"]
    assert [chapter_anchor(p) for p in ("index.md", "findings/S3.md", "criteria/rel.md", "annexes/ANX1.md")] == [
        "home", "section-S3", "criterion-rel", "annexes-ANX1"]
    assert relative("a.md", "a.md") == "" and relative("b/c.md", "a.md") == "b/c.md"
