"""The comments log as a spreadsheet (CSV), review edition only."""

from __future__ import annotations

from ..graph import former_ids
from .csvfile import table_csv
from .tables import Table


def comments_table(graph, texts) -> Table:
    s = texts.s
    header = [s["number"], s["date"], s["round_col"], s["organisation"], s["section_or_item"], s["comment"],
              s["response"], s["status"], s["changed_items"].capitalize(), s["removed_items"].capitalize()]
    rounds = {r.id: texts.plain(r.name) for r in graph.content.rounds}
    renamed = former_ids(graph)
    rows = []
    for comment in graph.content.comments:
        target = comment.target[5:] if comment.target.startswith("page:") else renamed.get(comment.target,
                                                                                         comment.target)
        response = comment.response
        rows.append([
            comment.id, comment.date, rounds.get(comment.round, comment.round), comment.organisation,
            target + (f" — {comment.section}" if comment.section else ""), comment.text,
            texts.plain(response.text) if response else "",
            s["statuses"][response.status] if response else s["no_response"],
            ", ".join(response.changed) if response else "", ", ".join(response.removed) if response else "",
        ])
    keys = ["id", "date", "round", "organisation", "target", "comment", "response", "status", "changed", "removed"]
    return Table(keys, header, rows)


def comments_csv(graph, texts) -> bytes:
    return table_csv(comments_table(graph, texts))
