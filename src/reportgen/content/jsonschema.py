"""JSON Schemas of content files and of reportgen.yml, made from the models themselves.

Editors with the YAML language server read them from the first line of a file
(`# yaml-language-server: $schema=…`) to complete keys and flag mistakes while
the author types. Generated from the pydantic models, they cannot drift from
what `reportgen check` accepts.
"""

from __future__ import annotations

import json
from pathlib import Path

from typing import Any

from pydantic import ConfigDict, create_model

from ..problem_codes import CODES
from .config import ProjectConfig
from .loader import TERM_BASE_KEY
from .registry import collections
from .schema import SINGLETONS

CONTENT_SCHEMA = "content.schema.json"
CONFIG_SCHEMA = "config.schema.json"
# A JSON Schema document: nested JSON values, Any as JSON itself is untyped.
JsonSchema = dict[str, Any]


def content_schema(languages: list[str]) -> JsonSchema:
    """A content file: a mapping of collections (lists of items) and singletons, all optional."""
    fields: dict[str, Any] = {key: (list[item_type.model] | None, None)  # type: ignore[name-defined]  # at run time
                              for key, item_type in collections().items()}
    fields.update({key: (model | None, None) for key, model in SINGLETONS.items()})
    model = create_model("ContentFile", __config__=ConfigDict(extra="forbid"), **fields)
    schema: JsonSchema = model.model_json_schema()
    schema["title"] = "reportgen content file"
    _localize_texts(schema, languages)
    schema["properties"][TERM_BASE_KEY] = _term_base_schema()
    return schema


def _term_base_schema() -> JsonSchema:
    """content/terms.yaml (read by reportgen translate and check, not a collection of the report)."""
    words = {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}, "minItems": 1}]}
    return {"type": "array", "description": "the term base: how translations render the report's key terms "
            "(docs/translation.md)", "items": {
                "type": "object", "required": ["term"],
                "properties": {"term": {**words, "description": "the term's forms in the original language"},
                               "note": {"type": "string"},
                               "forbidden": {"type": "object", "additionalProperties": words,
                                             "description": "per language, the variants not to use"}},
                "additionalProperties": {**words, "description": "a language's equivalents, the preferred first"}}}


def config_schema(languages: list[str]) -> JsonSchema:
    schema = ProjectConfig.model_json_schema()
    schema["title"] = "reportgen project configuration (reportgen.yml)"
    validation = schema["properties"]["validation"]
    validation["propertyNames"] = {"enum": list(CODES)}  # editors complete the codes (docs/problems.md)
    validation["description"] = "The level of a problem code (error, warning, note or ignore); see docs/problems.md"
    _localize_texts(schema, languages)
    return schema


def _localize_texts(schema: JsonSchema, languages: list[str]) -> None:
    """A text is written once per language: offer exactly the project's languages as keys."""
    text = schema.get("$defs", {}).get("Text")
    if text is None or not languages:
        return
    patterns = text.pop("patternProperties", {})
    value = next(iter(patterns.values()), None) or text.get("additionalProperties") or {"type": ["string", "null"]}
    text.pop("propertyNames", None)
    text["properties"] = {lang: {**value, "description": f"the text in '{lang}'"
                                 + (" (the original language: required)" if index == 0 else "")}
                          for index, lang in enumerate(languages)}
    text["additionalProperties"] = False
    text["description"] = "A text per language: " + ", ".join(languages)


def write_schemas(folder: Path, languages: list[str]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in ((CONTENT_SCHEMA, content_schema(languages)), (CONFIG_SCHEMA, config_schema(languages))):
        path = folder / name
        path.write_text(json.dumps(schema, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        written.append(path)
    return written
