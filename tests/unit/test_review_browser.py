"""The review site's comments file (`reportgen-comments/1`) read into IncomingComments."""

import json

import pytest

from reportgen.review.browser import FORMAT, BrowserFileError, read_browser_comments


def _file(tmp_path, comments, **top):
    data = {"format": FORMAT, "evaluation": "PER/17/51/USA", "round": "draft-1",
            "reviewer": {"name": "Ana Pérez", "organisation": "MIMP"}, "comments": comments, **top}
    path = tmp_path / "comments.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _comment(**fields):
    return {"id": "0a1b2c3d4e5f6071", "target": "R1", "paragraph": 2, "quote": "un proyecto tan ambicioso",
            "text": "Cite the version of the MML.", "page": "/recommendations/", "language": "es",
            "created": "2026-12-06T10:00:00Z", **fields}


def test_a_comment_keeps_its_item_paragraph_quote_and_reviewer(tmp_path):
    [found] = read_browser_comments(_file(tmp_path, [_comment()]), "PER/17/51/USA")
    assert (found.target, found.paragraph, found.quote, found.text) == (
        "R1", 2, "un proyecto tan ambicioso", "Cite the version of the MML.")
    assert (found.organisation, found.author, found.language) == ("MIMP", "Ana Pérez", "es")
    assert found.source == "site#0a1b2c3d4e5f6071"  # the same comment imported twice is one comment


def test_the_name_stands_for_the_organisation_when_none_is_given(tmp_path):
    path = _file(tmp_path, [_comment()], reviewer={"name": "Ana Pérez"})
    assert read_browser_comments(path, "PER/17/51/USA")[0].organisation == "Ana Pérez"


def test_a_comment_without_an_item_is_kept_for_matching_by_its_quote(tmp_path):
    [found] = read_browser_comments(_file(tmp_path, [_comment(target=None, paragraph=None)]), "PER/17/51/USA")
    assert found.target is None and found.quote == "un proyecto tan ambicioso"


def test_control_characters_are_removed_and_line_breaks_kept(tmp_path):
    [found] = read_browser_comments(_file(tmp_path, [_comment(text="one\x1b[31m\nline\x00two")]), "PER/17/51/USA")
    assert found.text == "one[31m\nlinetwo"


def test_a_file_of_another_evaluation_is_refused(tmp_path):
    with pytest.raises(BrowserFileError, match="another evaluation.*'OTHER/1'.*PER/17/51/USA"):
        read_browser_comments(_file(tmp_path, [_comment()], evaluation="OTHER/1"), "PER/17/51/USA")


def test_a_file_from_a_draft_sent_out_for_another_round_is_refused(tmp_path):
    path = _file(tmp_path, [_comment()], **{"for": "draft-2"})
    with pytest.raises(BrowserFileError, match="sent out for round 'draft-2', not 'draft-3'") as caught:
        read_browser_comments(path, "PER/17/51/USA", "draft-3")
    assert "reportgen comments import draft-2 comments.json" in caught.value.problems[0].hint
    assert len(read_browser_comments(path, "PER/17/51/USA", "draft-2")) == 1


@pytest.mark.parametrize("content, message", [
    (b"{\"format\": \"reportgen-comments/1\", \"comm", "not valid JSON .*line 1"),
    (b"\xff\xfe", "not UTF-8"),
    (b"[1, 2]", "JSON object is expected"),
    (b'{"format": "something-else"}', "not a comments file"),
])
def test_files_that_are_not_comment_files_are_refused_with_a_reason(tmp_path, content, message):
    path = tmp_path / "comments.json"
    path.write_bytes(content)
    with pytest.raises(BrowserFileError, match=message):
        read_browser_comments(path, "PER/17/51/USA")


def test_every_bad_comment_is_reported_in_one_run(tmp_path):
    comments = [_comment(), _comment(id="zz"), _comment(id="0a1b2c3d4e5f6072", text=" "),
                _comment(id="0a1b2c3d4e5f6073", target="../../etc/passwd"),
                _comment(id="0a1b2c3d4e5f6074", paragraph=True), "text"]
    with pytest.raises(BrowserFileError) as caught:
        read_browser_comments(_file(tmp_path, comments), "PER/17/51/USA")
    assert [p.item for p in caught.value.problems] == ["comment 2", "comment 3", "comment 4", "comment 5", "comment 6"]


def test_a_file_without_a_reviewer_is_refused(tmp_path):
    with pytest.raises(BrowserFileError, match="who commented"):
        read_browser_comments(_file(tmp_path, [_comment()], reviewer={}), "PER/17/51/USA")


def test_an_oversized_comment_is_refused(tmp_path):
    with pytest.raises(BrowserFileError, match="characters long"):
        read_browser_comments(_file(tmp_path, [_comment(text="x" * 20_001)]), "PER/17/51/USA")
