"""The validated model as one JSON document (`reportgen export json`).

Shape (documented in docs/pages/guide/json-export.md): {"format", "evaluation", "items": [...]}
where each item has `id`, `type`, its texts as {language: text} over the
project's languages, its other fields,
and its references as lists of IDs. Backlinks are included under `cited_by`
so consumers do not have to recompute them.
"""

from __future__ import annotations

import json
from typing import Any

from .content import registry, schema
from .graph import LINK_FIELDS, Graph

FORMAT = "reportgen/1"


def model_to_json(graph: Graph) -> dict:
    content = graph.content
    languages = graph.ctx.languages
    items = []
    for node in graph.nodes.values():
        if node.kind in ("table_row", "table_group"):  # anchors inside their table, exported with it
            continue
        data: dict[str, Any] = {"id": node.id, "type": node.kind}
        if node.parent is not None:
            data["parent"] = node.parent.id
        data.update(_fields(node.model, {"id"}, languages))
        data.update(_file_texts(content, node.id, node.model, data, languages))
        criterion = graph.criterion_of(node.id)
        if criterion and node.kind in ("section", "finding", "question"):
            data["criterion"] = criterion
        backlinks = {kind: ids for kind, ids in graph.backlinks.get(node.id, {}).items() if ids}
        if backlinks:
            data["cited_by"] = backlinks
        items.append(data)
    evaluation = _fields(content.evaluation, set(), languages) if content.evaluation else {}
    if content.evaluation is not None:
        evaluation.update(_file_texts(content, "evaluation", content.evaluation, evaluation, languages))
    return {
        "format": FORMAT,
        "languages": list(languages),
        "evaluation": evaluation,
        "items": items,
        "glossary": [_fields(entry, set(), languages) for entry in content.glossary],
        "charts": [_fields(chart, set(), languages) for chart in graph.charts.values()],
        "management_responses": [_value(response, languages) for response in content.management_responses],
        "links": sorted({f"{kind}.{field}" for kind, field in LINK_FIELDS}),
    }


def _file_texts(content, owner: str, model, data: dict, languages) -> dict:
    """A field naming Markdown files is exported as the files' texts, `NAME_text` (the documents'
    bodies excepted: they stay file names, as the export has always had them)."""
    texts = {}
    for name, role in registry.markdown_file_fields(type(model)).items():
        if role.unit == "document":
            continue
        texts[f"{name}_text"] = {lang: content.markdown_files.get((owner, name, lang)) for lang in languages}
        data.pop(name, None)
    return texts


def _fields(model, exclude: set, languages) -> dict:
    data = {}
    children = registry.child_fields(type(model))
    exclude = exclude | registry.internal_fields(type(model))  # editors' to-dos, not content
    for name in type(model).model_fields:
        if name in exclude:
            continue
        value = getattr(model, name)
        if name in children:
            data[name] = [child.id for child in value]  # children are items of their own
        else:
            data[name] = _value(value, languages)
    return data


def _value(value, languages):
    if isinstance(value, schema.Text):
        return {lang: value.get(lang) for lang in languages}
    if isinstance(value, schema.Model):
        return {name: _value(getattr(value, name), languages) for name in type(value).model_fields}
    if isinstance(value, list):
        return [_value(v, languages) for v in value]
    if isinstance(value, dict):
        return {key: _value(v, languages) for key, v in value.items()}
    return value


def dumps(graph: Graph) -> str:
    return json.dumps(model_to_json(graph), ensure_ascii=False, indent=2, sort_keys=False) + "\n"
