"""downloads/comments.py: the comments log as CSV shows where each comment is, its quote and suggestion."""

from __future__ import annotations

from helpers import checked

from reportgen.downloads.comments import comments_table
from reportgen.downloads.common import Texts
from reportgen.render.pages import Templates


def test_paragraph_quote_suggestion_and_unplaced_comments(tmp_path):
    graph = checked(tmp_path, {"recommendations.yaml": """\
        recommendations:
          - id: R1
            text: {en: "Do this.", fr: "Faites ceci."}
        rounds:
          - {id: draft, name: {en: Draft, fr: Projet}, date: "2024-12"}
        comments:
          - {id: CM1, round: draft, date: "2024-12-03", organisation: Ministry, target: R1, paragraph: 2,
             quote: "Do this", text: "Why?", suggestion: {deleted: this, inserted: that}}
          - {id: CM2, round: draft, date: "2024-12-03", organisation: Donor, quote: "lost words", text: "Hm."}
        """}).graph
    table = comments_table(graph, Texts(graph, Templates(), "en"))
    by_id = {row[0]: dict(zip(table.keys, row)) for row in table.rows}
    assert by_id["CM1"]["target"] == "R1 — Paragraph 2"
    assert by_id["CM1"]["comment"] == "Quoted: «Do this» Why? [Suggested change: −«this» +«that»]"
    assert by_id["CM2"]["target"] == "Not placed yet"
    assert by_id["CM2"]["comment"] == "Quoted: «lost words» Hm."
