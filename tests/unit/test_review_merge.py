"""review/merge.py: incoming comments appended to content/rounds/ROUND.yaml, the file kept as written."""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
import yaml
from helpers import write_project

from reportgen.content.loader import load_content
from reportgen.errors import Report
from reportgen.review.incoming import IncomingComment
from reportgen.review.merge import MergeError, ResponseUpdate, plan

ITEMS = """\
    recommendations:
      - id: R1
        text: {en: "Do this.", fr: "Faites ceci."}
      - id: R2
        text: {en: "Do that.", fr: "Faites cela."}
    """
ROUND = """\
    # The first round: typed by hand, with remarks that must survive every import.
    rounds:
      - id: draft
        name: {en: "Draft report"}   # the name shown on the banner
        date: "2024-12"

    comments:
      # from the e-mail of 3 December
      - id: CM40
        round: draft
        date: "2024-12-03"
        organisation: 'Ministry'
        target: R1
        text: >-
          Please check the
          figures.
        response:
          status: accepted
          text: {en: "Done."}   # checked twice
          changed: [R1]
      - id: CM41
        round: draft
        date: "2024-12-03"
        organisation: Ministry
        target: R2
        text: Too vague.
    # end of the comments typed by hand
    """


def incoming(source, text="A remark.", **fields) -> IncomingComment:
    return IncomingComment(source=source, organisation=fields.pop("organisation", "Donor"), text=text, **fields)


def content_of(project):
    report = Report()
    content = load_content(project.content_dir, report)
    assert not report.errors, report.errors
    return content


@pytest.fixture
def project(tmp_path):
    return write_project(tmp_path, {"recommendations.yaml": ITEMS, "rounds/draft.yaml": ROUND})


def test_new_comments_are_appended_and_the_file_keeps_its_remarks(project):
    path = project.content_dir / "rounds" / "draft.yaml"
    before = path.read_text(encoding="utf-8")
    merge = plan(content_of(project), "draft", [
        incoming("a.docx#c1", "Line one.\nLine two: 'quoted' — and = sign", target="R1", paragraph=2,
                 quote="Do this", author="Jo Smith", date="2024-12-05"),
        incoming("a.docx#t9", "", target="R2", deleted="that", inserted="the other thing", author="Jo Smith"),
        incoming("a.docx#c2", "=SUM(A1)", reply_to="a.docx#c1"),
    ])
    merge.write()
    after = path.read_text(encoding="utf-8")
    end = before.index("# end of the comments")
    assert after.startswith(before[:end])  # every byte before the insertion point kept
    assert "# end of the comments typed by hand" in after and "# checked twice" in after
    data = yaml.safe_load(after)["comments"]
    assert [c["id"] for c in data] == ["CM40", "CM41", "CM42", "CM43", "CM44"]
    new = data[2]
    assert (new["target"], new["paragraph"], new["quote"], new["author"], new["date"], new["source"]) == \
        ("R1", 2, "Do this", "Jo Smith", "2024-12-05", "a.docx#c1")
    assert new["text"] == "Line one.\nLine two: 'quoted' — and = sign"
    assert data[3]["suggestion"] == {"deleted": "that", "inserted": "the other thing"}
    assert data[3]["date"] == "2024-12"  # no date in the file: the round's
    assert data[4]["reply_to"] == "CM42" and data[4]["text"] == "=SUM(A1)"


def test_the_same_file_twice_adds_nothing(project):
    comments = [incoming("a.docx#c1", target="R1"), incoming("a.docx#c2", target="R2")]
    first = plan(content_of(project), "draft", comments)
    first.write()
    again = plan(content_of(project), "draft", comments)
    assert again.added == [] and len(again.duplicates) == 2 and again.texts == {}
    # the same file given twice in one command
    once = plan(content_of(project), "draft", [incoming("b.docx#c1"), incoming("b.docx#c1")])
    assert len(once.added) == 1 and len(once.duplicates) == 1


def test_a_resaved_file_is_known_by_its_words(project):
    plan(content_of(project), "draft", [incoming("a.docx#t1004", "", target="R1", deleted="this")]).write()
    renumbered = plan(content_of(project), "draft", [incoming("a.docx#t0", "", target="R1", deleted="this")])
    assert renumbered.added == []


def test_several_reviewers_merge_into_one_round(project):
    merge = plan(content_of(project), "draft", [incoming("ministry.docx#c1", organisation="Ministry"),
                                                incoming("donor.xlsx#row2", organisation="Donor"),
                                                incoming("union.docx#c1", organisation="Union")])
    assert [(c["id"], c["organisation"]) for c in merge.added] == [("CM42", "Ministry"), ("CM43", "Donor"),
                                                                   ("CM44", "Union")]
    assert len(merge.texts) == 1


def test_a_new_round_is_created_with_name_and_date(project):
    merge = plan(content_of(project), "inception", [incoming("x.docx#c1", target="R1")],
                 round_name="Inception report", round_date="2024-06", language="fr")
    merge.write()
    path = project.content_dir / "rounds" / "inception.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# A comment round")
    data = yaml.safe_load(text)
    assert data["rounds"] == [{"id": "inception", "name": {"fr": "Inception report"}, "date": "2024-06"}]
    assert data["comments"][0]["id"] == "CM42" and data["comments"][0]["round"] == "inception"
    assert merge.round_created and path in merge.created


@pytest.mark.parametrize("tail", ["comments: []\n", "comments:\n", ""])
def test_empty_or_missing_comment_lists(tmp_path, tail):
    project = write_project(tmp_path, {"recommendations.yaml": ITEMS, "rounds/r.yaml": textwrap.dedent("""\
        rounds:
          - {id: r, name: {en: R}, date: "2025-01"}
        """) + tail})
    merge = plan(content_of(project), "r", [incoming("x.docx#c1", target="R1")])
    merge.write()
    data = yaml.safe_load((project.content_dir / "rounds" / "r.yaml").read_text(encoding="utf-8"))
    assert data["rounds"][0]["id"] == "r" and [c["id"] for c in data["comments"]] == ["CM1"]


def test_responses_replace_only_their_block(project):
    path = project.content_dir / "rounds" / "draft.yaml"
    before = path.read_text(encoding="utf-8")
    merge = plan(content_of(project), "draft", [], language="en", updates=[
        ResponseUpdate("CM41", "partially accepted", "Made it concrete:\nsee R2.", "en", ["R2"]),
        ResponseUpdate("CM40", "accepted", "Done.", "en", ["R1"]),  # unchanged: not rewritten
    ])
    assert merge.responses == 1
    merge.write()
    after = path.read_text(encoding="utf-8")
    assert "# checked twice" in after  # CM40's response untouched
    assert after.startswith(before[:before.index("# end of")])
    data = {c["id"]: c for c in yaml.safe_load(after)["comments"]}
    assert data["CM41"]["response"] == {"status": "partially accepted", "text": {"en": "Made it concrete:\nsee R2."},
                                        "changed": ["R2"]}
    changed = plan(content_of(project), "draft", [], updates=[ResponseUpdate("CM40", "not accepted", "No.", "fr")])
    changed.write()
    data = {c["id"]: c for c in yaml.safe_load(path.read_text(encoding="utf-8"))["comments"]}
    assert data["CM40"]["response"]["text"] == {"en": "Done.", "fr": "No."}  # other languages kept
    assert data["CM40"]["response"]["status"] == "not accepted"


def test_a_list_that_is_not_a_list_is_refused_and_nothing_written(tmp_path):
    project = write_project(tmp_path, {"recommendations.yaml": ITEMS, "rounds/r.yaml": """\
        rounds:
          - {id: r, name: {en: R}, date: "2025-01"}
        """})
    content = content_of(project)
    path = project.content_dir / "rounds" / "r.yaml"
    path.write_text(path.read_text() + "comments: {not: a list}\n")
    before = path.read_text()
    with pytest.raises(MergeError, match="'comments:' is not a list"):
        plan(content, "r", [incoming("x.docx#c1")])
    assert path.read_text() == before


def test_a_comment_that_cannot_be_recorded_is_told(project):
    with pytest.raises(MergeError, match="comment 7: cannot be recorded"):
        plan(content_of(project), "draft", [incoming("x.docx#c7", location="comment 7", language="not a code")])


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80), st.text(alphabet=st.characters(codec="utf-8"), max_size=30))
def test_any_text_is_written_so_that_it_reads_back(text, quote):
    from reportgen.review.merge import _append

    new = _append("rounds: []\n", "comments", [{"id": "CM1", "text": text, "quote": quote}], "f.yaml")
    assert yaml.safe_load(new)["comments"] == [{"id": "CM1", "text": text, "quote": quote}]


def test_responses_to_comments_written_in_flow_style(tmp_path):
    project = write_project(tmp_path, {"recommendations.yaml": ITEMS, "rounds/r.yaml": """\
        rounds:
          - {id: r, name: {en: R}, date: "2025-01"}
        comments:
          - {id: CM1, round: r, date: "2025-01-02", organisation: A, target: R1, text: "One."}   # keep me
          - id: CM2
            round: r
            date: "2025-01-02"
            organisation: B
            text: Two.
            response: {status: noted, text: {en: "Seen."}}
        """})
    path = project.content_dir / "rounds" / "r.yaml"
    plan(content_of(project), "r", [], updates=[ResponseUpdate("CM1", "accepted", 'Done: "yes".', "en", ["R1"]),
                                                ResponseUpdate("CM2", "not accepted", "No.", "en")]).write()
    text = path.read_text(encoding="utf-8")
    assert "# keep me" in text
    data = {c["id"]: c["response"] for c in yaml.safe_load(text)["comments"]}
    assert data["CM1"] == {"status": "accepted", "text": {"en": 'Done: "yes".'}, "changed": ["R1"]}
    assert data["CM2"] == {"status": "not accepted", "text": {"en": "No."}, "changed": []}


def test_a_response_shown_in_another_language_and_left_alone_is_not_copied(project):
    # CM40's response is in English only; a French matrix shows it (nothing better) and gives it back
    unchanged = plan(content_of(project), "draft", [], updates=[ResponseUpdate("CM40", "accepted", "Done.", "fr",
                                                                                 ["R1"])])
    assert unchanged.texts == {} and unchanged.responses == 0
