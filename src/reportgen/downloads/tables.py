"""The tabular downloads' contents, per language: header + rows of plain text.

One row per recommendation (management-response columns filled from the content's responses, or left
empty to fill in), one row per lesson learned / emerging good practice (with every ILO
template field). The writers (CSV, XLSX) only lay these out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..content import registry
from ..content.responses import RESPONSE_STATUSES
from ..content.schema import Recommendation
from ..followup import action_view, response_for
from ..graph import Graph
from .common import TemplateWords, Texts, item_url

RECOMMENDATION_KEYS = ("id", "title", "text", "addressees", "addressee_text", "priority", "priority_text",
                       "resources", "resources_text", "timeframe", "timeframe_text", "conclusions", "lessons",
                       "url")
RESPONSE_KEYS = ("response", "actions", "unit", "timeframe", "status")


@dataclass
class Table:
    keys: list[str]                 # column keys ("priority", "response:status", "lesson:context" …)
    header: list[str]               # column labels in the language
    rows: list[list[str]] = field(default_factory=list)
    empty_keys: tuple[str, ...] = ()  # columns left for the reader to fill in

    def column(self, key: str) -> int:
        return self.keys.index(key)


def recommendations_table(graph: Graph, texts: Texts) -> Table:
    d = texts.d
    labels = d["recommendation_columns"]
    response = d["response_columns"]
    keys = list(RECOMMENDATION_KEYS) + [f"response:{k}" for k in RESPONSE_KEYS]
    header = [labels[k] for k in RECOMMENDATION_KEYS] + [response[k] for k in RESPONSE_KEYS]
    table = Table(keys, header, empty_keys=tuple(f"response:{k}" for k in RESPONSE_KEYS))
    for rec in graph.content.recommendations:
        addressees = [texts.tr(graph.nodes[a].model.short) if a in graph.nodes else a for a in rec.addressees]
        table.rows.append([
            rec.id,
            texts.plain(rec.title),
            texts.plain(rec.text),
            "; ".join(addressees),
            texts.plain(rec.addressee_text),
            texts.level_label("priority", rec.priority),
            texts.plain(rec.priority_text),
            texts.level_label("resources", rec.resources),
            texts.plain(rec.resources_text),
            texts.level_label("timeframe", rec.timeframe),
            texts.plain(rec.timeframe_text),
            ", ".join(rec.conclusions),
            ", ".join(_learning_links(rec)),
            item_url(graph, rec.id),
        ] + response_cells(graph, texts, rec.id))
    return table


def _learning_links(rec: Recommendation) -> list[str]:
    """The lessons and good practices (the types with ILO templates) a recommendation names."""
    kinds = {t.kind for t in registry.ilo_template_types()}
    return [ident for name, linked in registry.link_fields(type(rec)).items() if kinds & set(linked)
            for ident in getattr(rec, name)]


def response_cells(graph: Graph, texts: Texts, rec_id: str) -> list[str]:
    """The management-response columns: empty until a response is recorded, then its answer and key actions."""
    response = response_for(graph, rec_id)
    if response is None:
        return [""] * len(RESPONSE_KEYS)
    labels = texts.s["management"]["action_statuses"]
    views = [action_view(rec_id, action, graph.build_date) for action in response.key_actions]
    # The Response column holds exactly one of the XLSX drop-down's values; the response's text
    # opens the actions cell.
    answer = texts.d["response_values"][RESPONSE_STATUSES.index(response.status)]
    actions = [texts.plain(response.text)] + [f"{v.action.id}. {texts.plain(v.action.text)}" for v in views]
    return [
        answer,
        "\n".join(a for a in actions if a),
        "\n".join(f"{v.action.id}: {v.action.unit}" for v in views),
        "\n".join(f"{v.action.id}: {v.action.due}" for v in views),
        "\n".join(f"{v.action.id}: {labels[v.status]}" + (f" ({v.latest.date})" if v.latest else "")
                  for v in views),
    ]


def lessons_table(graph: Graph, texts: Texts) -> Table:
    """Lessons learned, then emerging good practices (every type with an ILO template, in report
    order); a column per field of each type's template."""
    base = ("id", "type", "title", "text")
    types = [(t, TemplateWords.of(texts, t)) for t in registry.ilo_template_types()]
    keys = list(base) + [f"{t.ilo_template}:{k}" for t, words in types for k in words.fields]
    header = [texts.d["item_columns"][k] for k in base] + [f"{words.name}: {label}" for _, words in types
                                                           for label in words.fields.values()]
    table = Table(keys, header)
    for item_type, words in types:
        for item in getattr(graph.content, item_type.collection_key):
            row = dict.fromkeys(keys, "")
            row.update({"id": item.id, "type": words.name, "title": texts.plain(item.title),
                        "text": texts.plain(item.text)})
            for name in type(item.template).model_fields if item.template else ():
                row[f"{item_type.ilo_template}:{name}"] = texts.plain(getattr(item.template, name))
            table.rows.append([row[k] for k in keys])
    return table


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value: str) -> str:
    """Text a spreadsheet will not run: a cell starting like a formula gets a leading apostrophe."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value
