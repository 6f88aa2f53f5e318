"""The comments log as a spreadsheet (CSV), review edition only."""

from __future__ import annotations

from ..graph import former_ids
from .csvfile import table_csv
from .common import Texts
from .tables import Table
from ..graph import Graph


def comments_table(graph: Graph, texts: Texts) -> Table:
    s = texts.s
    header = [s["number"], s["date"], s["round_col"], s["organisation"], s["section_or_item"], s["comment"],
              s["response"], s["status"], s["changed_items"].capitalize(), s["removed_items"].capitalize()]
    rounds = {r.id: texts.plain(r.name) for r in graph.content.rounds}
    renamed = former_ids(graph)
    rows = []
    for comment in graph.content.comments:
        if comment.target is None:
            target = s["comment_unplaced"]
        else:
            target = comment.target[5:] if comment.target.startswith("page:") else renamed.get(comment.target,
                                                                                             comment.target)
        if comment.paragraph is not None:
            target += " — " + s["comment_paragraph"].format(n=comment.paragraph)
        text = comment.text
        if comment.quote:
            text = f"{s['comment_quoted']}: «{comment.quote}» {text}".strip()
        if comment.suggestion:
            change = " ".join(f"{sign}«{words}»" for sign, words in (("−", comment.suggestion.deleted),
                                                                    ("+", comment.suggestion.inserted)) if words)
            text = f"{text} [{s['comment_suggestion']}: {change}]".strip()
        response = comment.response
        rows.append([
            comment.id, comment.date, rounds.get(comment.round, comment.round), comment.organisation,
            target + (f" — {comment.section}" if comment.section else ""), text,
            texts.plain(response.text) if response else "",
            s["statuses"][response.status] if response else s["no_response"],
            ", ".join(response.changed) if response else "", ", ".join(response.removed) if response else "",
        ])
    keys = ["id", "date", "round", "organisation", "target", "comment", "response", "status", "changed", "removed"]
    return Table(keys, header, rows)


def comments_csv(graph: Graph, texts: Texts) -> bytes:
    return table_csv(comments_table(graph, texts))
