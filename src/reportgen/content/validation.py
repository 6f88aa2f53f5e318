"""Turn pydantic's validation errors into located problems a content author can act on."""

from __future__ import annotations

import difflib

from pydantic import ValidationError

from ..errors import Report
from . import schema


def validate_model(doc: YamlDocument, location: tuple, raw, model_type, report: Report):
    try:
        return model_type.model_validate(raw)
    except ValidationError as exc:
        item = raw.get("id") if isinstance(raw, dict) and isinstance(raw.get("id"), str) else None
        item = item or (raw.get("term") if isinstance(raw, dict) and isinstance(raw.get("term"), str) else None)
        for error in exc.errors():
            _report_validation_error(doc, location, error, model_type, item, report)
        return None


def _report_validation_error(doc, location, error, model_type, item, report: Report) -> None:
    loc = tuple(part for part in error["loc"] if not _is_union_branch(part))
    where = doc.line_of((*location, *loc))
    field_path = ".".join(str(p) for p in loc) or "item"
    kind = error["type"]
    if kind == "extra_forbidden":
        allowed = _fields_at(model_type, loc[:-1])
        hint = suggest(str(loc[-1]), allowed) or f"allowed keys here: {', '.join(allowed)}"
        report.error(doc.display, where, f"unknown key {loc[-1]!r}", hint, item=item)
    elif kind == "missing":
        report.error(doc.display, where, f"missing required field {field_path!r}",
                     "add it (see README, Content schema)", item=item)
    elif kind == "literal_error":
        expected = error["ctx"]["expected"].replace("'", "")
        report.error(doc.display, where, f"{field_path}: {error['input']!r} is not an allowed value",
                     f"allowed values: {expected}", item=item)
    elif kind == "string_pattern_mismatch":
        report.error(doc.display, where, f"{field_path}: {error['input']!r} is not a valid ID",
                     "IDs start with a letter and use only letters, digits, '.', '_' and '-' (max 64)", item=item)
    elif kind == "model_type" or kind == "dict_type":
        report.error(doc.display, where, f"{field_path}: expected a mapping, got {type_name(error['input'])}",
                     "localized texts are written {es: ..., en: ...}" if "Text" in str(error.get("ctx", ""))
                     or _expects_text(model_type, loc) else "", item=item)
    else:
        report.error(doc.display, where, f"{field_path}: {error['msg']}", item=item)


def _is_union_branch(part) -> bool:
    # pydantic adds the branch name (e.g. 'Text', 'str') to locations inside unions
    return isinstance(part, str) and (part[:1].isupper() or part in {"str", "int", "float", "none"})


def _expects_text(model_type, loc) -> bool:
    annotation = _field_annotation(model_type, loc)
    return annotation is not None and "Text" in str(annotation)


def _field_annotation(model_type, loc):
    current = model_type
    annotation = None
    for part in loc:
        if isinstance(part, int) or not hasattr(current, "model_fields") or part not in current.model_fields:
            continue
        annotation = current.model_fields[part].annotation
        current = _inner_model(annotation) or current
    return annotation


def _inner_model(annotation):
    for candidate in getattr(annotation, "__args__", ()) or (annotation,):
        if isinstance(candidate, type) and issubclass(candidate, schema.Model):
            return candidate
        inner = _inner_model(candidate) if getattr(candidate, "__args__", None) else None
        if inner:
            return inner
    return None


def _fields_at(model_type, loc) -> list[str]:
    current = model_type
    for part in loc:
        if isinstance(part, int):
            continue
        field_info = getattr(current, "model_fields", {}).get(part)
        if field_info is None:
            break
        current = _inner_model(field_info.annotation) or current
    return list(getattr(current, "model_fields", {}))


def suggest(word: str, candidates) -> str:
    matches = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f"did you mean {matches[0]!r}?" if matches else ""


def type_name(value) -> str:
    return {dict: "mapping", list: "list", str: "text", int: "number", float: "number",
            bool: "true/false", type(None): "empty value"}.get(type(value), type(value).__name__)
