"""The validated model as one JSON document (`reportgen export json`), and its JSON Schema.

Shape (documented in docs/pages/guide/json-export.md and docs/preview-and-portal-internals.md):
{"format", "languages", "evaluation", "items": [...], "glossary", "charts",
"management_responses", "links", "value_sets"} where each item has `id`, `type`,
its texts as {language: text} over the project's languages, its other fields,
and its references as lists of IDs. Backlinks are included under `cited_by`
so consumers do not have to recompute them.

The schema (`schemas/export.schema.json`, `export_schema()`) is made from the content
models by the same rules that make the document, so the two cannot drift; the portal
validates every artifact's export against it (`export_problems`).
"""

from __future__ import annotations

import functools
import json
import types
from pathlib import Path
from typing import Annotated, Any, Literal, Sequence, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, RootModel, ValidationError, create_model
from pydantic.fields import FieldInfo

from .content import registry, schema
from .content.base import ItemId, LanguageCode
from .content.loader import ContentSet
from .graph import LINK_FIELDS, Graph

FORMAT = "reportgen/1"
EXPORT_SCHEMA = "export.schema.json"
# Child items (a `Children` field: a section's findings) are exported as items of their own (with
# `parent`) and listed by ID in their parent; a field naming a Markdown file per language
# (`MarkdownFile`) carries the files' texts instead, as NAME_text; `Internal` fields are left out.
# All three come from the content registry (content/registry.py), for the document and its schema.
# Kinds whose export carries the criterion they belong to (computed by the graph).
WITH_CRITERION = ("section", "finding", "question")
# The export (and any JSON document): JSON values, Any as JSON is untyped; its shape is the JSON Schema below.
ExportJson = dict[str, Any]
# {field: {value: {language: label}}} of the value sets.
ValueLabels = dict[str, dict[str, dict[str, str]]]


def model_to_json(graph: Graph, value_labels: ValueLabels | None = None) -> ExportJson:
    """The export. `value_labels`: {field: {value: {language: label}}} of the value sets
    (reportgen.yml `value_sets`, labelled by the interface texts), exported as `value_sets`."""
    content = graph.content
    languages = graph.ctx.languages
    items: list[ExportJson] = []
    for node in graph.nodes.values():
        if node.kind in ("table_row", "table_group"):  # anchors inside their table, exported with it
            continue
        data: dict[str, Any] = {"id": node.id, "type": node.kind}
        if node.parent is not None:
            data["parent"] = node.parent.id
        data.update(_fields(node.model, {"id"}, languages))
        data.update(_file_texts(content, node.id, node.model, data, languages))
        criterion = graph.criterion_of(node.id)
        if criterion and node.kind in WITH_CRITERION:
            data["criterion"] = criterion
        backlinks = {kind: ids for kind, ids in graph.backlinks.get(node.id, {}).items() if ids}
        if backlinks:
            data["cited_by"] = backlinks
        items.append(data)
    evaluation = _fields(content.evaluation, set(), languages) if content.evaluation else {}
    if content.evaluation is not None:
        evaluation.update(_file_texts(content, "evaluation", content.evaluation, evaluation, languages))
    document: ExportJson = {
        "format": FORMAT,
        "languages": list(languages),
        "evaluation": evaluation,
        "items": items,
        "glossary": [_fields(entry, set(), languages) for entry in content.glossary],
        "charts": [_fields(chart, set(), languages) for chart in graph.charts.values()],
        "management_responses": [_value(response, languages) for response in content.management_responses],
        "links": sorted({f"{kind}.{field}" for kind, field in LINK_FIELDS}),
    }
    if value_labels is not None:
        document["value_sets"] = {name: [{"id": value, "label": labels} for value, labels in values.items()]
                                  for name, values in value_labels.items()}
    return document


def _text_file_fields(model_type: type) -> tuple[str, ...]:
    """The fields naming Markdown files whose texts the export carries, as NAME_text (the documents'
    bodies excepted: they stay file names, as the export has always had them)."""
    return tuple(name for name, role in registry.markdown_file_fields(model_type).items()
                 if role.unit != "document")


def _file_texts(content: ContentSet, owner: str, model: BaseModel, data: ExportJson,
                languages: Sequence[str]) -> dict[str, dict[str, str | None]]:
    """A field naming Markdown files is exported as the files' texts, `NAME_text`."""
    texts: dict[str, dict[str, str | None]] = {}
    for name in _text_file_fields(type(model)):
        texts[f"{name}_text"] = {lang: content.markdown_files.get((owner, name, lang)) for lang in languages}
        data.pop(name, None)
    return texts


def _fields(model: BaseModel, exclude: set[str], languages: Sequence[str]) -> ExportJson:
    data: ExportJson = {}
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


def _value(value: object, languages: Sequence[str]) -> object:
    if isinstance(value, schema.Text):
        return {lang: value.get(lang) for lang in languages}
    if isinstance(value, schema.Model):
        return {name: _value(getattr(value, name), languages) for name in type(value).model_fields}
    if isinstance(value, list):
        return [_value(v, languages) for v in value]
    if isinstance(value, dict):
        return {key: _value(v, languages) for key, v in value.items()}
    return value


def dumps(graph: Graph, value_labels: ValueLabels | None = None) -> str:
    return json.dumps(model_to_json(graph, value_labels), ensure_ascii=False, indent=2, sort_keys=False) + "\n"


# --- the schema ---------------------------------------------------------------------------------

# kind -> model of the types written at the top of content files (a sub-question is a child: see _item_models)
MODEL_OF_KIND: dict[str, type[BaseModel]] = {t.kind: t.model for t in registry.collections().values()}


class LocalizedText(RootModel[dict[LanguageCode, str | None]]):
    """A text per language of the export (`languages`): Markdown, or null where it is not written."""


class ValueLabel(BaseModel):
    """A value of a value set (reportgen.yml `value_sets`) and its label per language."""

    model_config = ConfigDict(extra="forbid")
    id: str
    label: dict[LanguageCode, str]


def _export_type(annotation: object) -> object:
    """The type a content field's value has in the export (texts per language, models as objects)."""
    if isinstance(annotation, type) and issubclass(annotation, schema.Text):
        return LocalizedText
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _export_model(annotation)
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is Annotated:
        return _generic(Annotated, _export_type(args[0]), *args[1:])  # args[1:]: its metadata
    if origin in (Union, types.UnionType):
        return _generic(Union, *(_export_type(arg) for arg in args))
    if origin is list:
        return _generic(list, _export_type(args[0]))
    if origin is dict:
        return _generic(dict, args[0], _export_type(args[1]))
    return annotation


def _generic(origin: Any, *args: Any) -> Any:
    """`origin[args]`, made at run time from types computed at run time (list[...], Union[...])."""
    return origin[args if len(args) > 1 else args[0]]


def _field(info: FieldInfo, annotation: object = None) -> tuple[object, object]:
    annotation = _export_type(info.annotation) if annotation is None else annotation
    if info.metadata:  # constraints written with the type (ID patterns, lengths)
        annotation = _generic(Annotated, annotation, *info.metadata)
    if info.is_required():
        return annotation, Field(description=info.description)
    return annotation, Field(default=info.get_default(call_default_factory=True), description=info.description)


@functools.cache
def _export_model(model: type[BaseModel], kind: str | None = None, child: bool = False) -> type[BaseModel]:
    """The export's object for a content model; for an item (`kind`), with its type, parent, backlinks."""
    fields: dict[str, Any] = {}
    children = registry.child_fields(model) if kind else {}
    text_files = _text_file_fields(model)
    left_out = registry.internal_fields(model)  # editors' to-dos, not content
    for name, info in model.model_fields.items():
        if name in left_out or name in text_files:
            continue
        fields[name] = _field(info, list[ItemId] if name in children else None)
    for name in text_files:
        fields[f"{name}_text"] = (LocalizedText | None, None)
    if kind:
        fields["type"] = (Literal[kind], Field(description="the item's type"))
        if child:
            fields["parent"] = (ItemId, Field(description="the item it belongs to"))
        if kind in WITH_CRITERION:
            fields["criterion"] = (ItemId | None, Field(default=None, description="the criterion it belongs to"))
        fields["cited_by"] = (dict[str, list[ItemId]], Field(
            default_factory=dict, description="the items that link to it, by type"))
    name = model.__name__ + ("Item" if kind else "")
    return create_model(name, __config__=ConfigDict(extra="forbid"), __doc__=model.__doc__, **fields)


def _item_models() -> list[tuple[str, bool, type[BaseModel]]]:
    """(type, is a child, model) of every item the export can hold."""
    items = [t for t in registry.collections().values() if t.item]
    found = [(t.kind, False, _export_model(t.model, t.kind)) for t in items]
    for t in items:
        for name, kind in registry.child_fields(t.model).items():
            child_model = get_args(t.model.model_fields[name].annotation)[0]
            found.append((kind, True, _export_model(child_model, kind, child=True)))
    return found


def _document_model(items_type: object) -> type[BaseModel]:
    return create_model(
        "ReportgenExport", __config__=ConfigDict(extra="forbid"),
        format=(Literal[FORMAT], ...),
        languages=(list[LanguageCode], Field(min_length=1)),
        evaluation=(_export_model(schema.Evaluation), ...),
        items=(_generic(list, items_type), ...),
        # Always written; optional for a reader (an evaluation with none of them says so by leaving them out).
        glossary=(_generic(list, _export_model(schema.GlossaryEntry)), Field(default_factory=list)),
        charts=(_generic(list, _export_model(MODEL_OF_KIND["chart"])), Field(default_factory=list)),
        management_responses=(_generic(list, _export_model(MODEL_OF_KIND["management_response"])),
                              Field(default_factory=list)),
        links=(list[str], Field(default_factory=list)),
        value_sets=(dict[str, list[ValueLabel]], Field(default_factory=dict)),
    )


@functools.cache
def export_schema() -> ExportJson:
    """The JSON Schema of the export (`reportgen/1`): every item is checked against its type's schema."""
    items = _item_models()
    result = _document_model(_generic(Union, *(model for _, _, model in items))).model_json_schema()
    # One schema per item type, chosen by "type" (a sub-question is a question with a parent),
    # so that a mistake is reported at its place, not as "matches none of 14 schemas".
    dispatch = []
    for kind, child, model in items:
        condition: dict[str, Any] = {"properties": {"type": {"const": kind}}, "required": ["type"]}
        if any(k == kind and c != child for k, c, _ in items):
            condition = {**condition, "required": ["type", "parent"]} if child else \
                {**condition, "not": {"required": ["parent"]}}
        dispatch.append({"if": condition, "then": {"$ref": f"#/$defs/{model.__name__}"}})
    kinds = sorted({kind for kind, _, _ in items})
    result["properties"]["items"]["items"] = {
        "type": "object", "required": ["id", "type"],
        "properties": {"type": {"enum": kinds}}, "allOf": dispatch}
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": f"reportgen JSON export ({FORMAT}: reportgen export json, a portal artifact's evaluation.json)",
            **{k: v for k, v in result.items() if k != "title"}}


def write_export_schema(folder: Path) -> Path:
    path = folder / EXPORT_SCHEMA
    path.write_text(json.dumps(export_schema(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path


def export_problems(data: object, limit: int = 3) -> list[str]:
    """What makes `data` not a `reportgen/1` export, as "JSON path: problem" (at most `limit`).

    Checked with the models the schema is made from (strict: no conversions), one item at a time
    against its type's model: the same rules as `export_schema()`, a hundred times faster than
    a JSON Schema validator (a portal reads hundreds of exports).
    """
    problems = _validation_problems(_document_model(dict[str, Any]), data, "$")
    items = data.get("items") if isinstance(data, dict) else None
    models = {(kind, child): model for kind, child, model in _item_models()}
    for index, item in enumerate(items if isinstance(items, list) else []):
        if len(problems) >= limit or not isinstance(item, dict):
            continue
        if not isinstance(item.get("type"), str):
            problems.append(f"$.items[{index}].type: every item needs its type, as a string (found "
                            f"{item.get('type')!r})")
            continue
        kind = item["type"]
        model = models.get((kind, "parent" in item)) or next(
            (m for (k, _), m in models.items() if k == kind), None)
        if model is None:
            known = ", ".join(sorted({k for k, _ in models}))
            problems.append(f"$.items[{index}].type: unknown item type {kind!r} (known: {known})")
            continue
        problems += _validation_problems(model, item, f"$.items[{index}]")
    return problems[:limit]


def _validation_problems(model: type[BaseModel], data: object, root: str) -> list[str]:
    try:
        model.model_validate(data, strict=True)
    except ValidationError as exc:
        return [f"{_json_path(root, error['loc'])}: {_short(error['msg'])}"
                + (f" (found {_short(repr(error['input']), 60)})" if error["type"] != "missing" else "")
                for error in exc.errors()]
    return []


def _json_path(root: str, loc: tuple[int | str, ...]) -> str:
    path = root
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        elif str(part).isidentifier():
            path += f".{part}"
        elif part in ("function-after[_label(), str]",) or "[" in str(part):
            continue  # pydantic's name of a union member or validator, not a place in the document
        else:
            path += f"[{json.dumps(str(part))}]"
    return path


def _short(message: str, limit: int = 200) -> str:
    return message if len(message) <= limit else message[:limit] + "…"
