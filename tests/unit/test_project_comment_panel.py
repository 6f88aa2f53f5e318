"""project.py: what the review edition's comment panel is told (evaluation, round, the round it is for)."""

from __future__ import annotations

from helpers import checked

from reportgen.project import _comment_panel
from reportgen.render.review_view import ReviewInfo
from reportgen.content.schema import Round

ROUND = {"rounds/r.yaml": "rounds:\n  - {id: draft-1, name: {en: First draft}, date: '2024-12'}\n"}
STRINGS = {"comment_panel": {"open": "Comments"}}


def _panel(tmp_path, config: str, edition: str = "review"):
    result = checked(tmp_path, ROUND, config)
    latest = Round(id="draft-1", name={"en": "First draft"}, date="2024-12")
    return _comment_panel(result, STRINGS, ReviewInfo(edition=edition, round=latest), "en")


def test_the_panel_collects_for_the_latest_round_when_none_is_open(tmp_path):
    panel = _panel(tmp_path, "languages: [en]\n")
    assert (panel["evaluation"], panel["round"], panel["for"]) == ("T/1", "draft-1", None)


def test_the_panel_collects_for_the_projects_open_round(tmp_path):
    panel = _panel(tmp_path, "languages: [en]\nopen_round: draft-2\n")
    assert (panel["round"], panel["for"]) == ("draft-2", "draft-2")


def test_the_public_edition_has_no_panel(tmp_path):
    assert _panel(tmp_path, "languages: [en]\n", edition="public") is None
