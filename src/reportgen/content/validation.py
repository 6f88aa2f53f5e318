"""Turn pydantic's validation errors into located problems a content author can act on."""

from __future__ import annotations

import difflib
from typing import Any, Iterable, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from ..errors import Report
from . import schema
from .yamlfile import Path_, YamlDocument

M = TypeVar("M", bound=BaseModel)


def validate_model(doc: YamlDocument, location: Path_, raw: Any, model_type: type[M], report: Report) -> M | None:
    """`raw` is Any: the data as the YAML file holds it, which the model is there to check."""
    try:
        return model_type.model_validate(raw)
    except ValidationError as exc:
        item = raw.get("id") if isinstance(raw, dict) and isinstance(raw.get("id"), str) else None
        item = item or (raw.get("term") if isinstance(raw, dict) and isinstance(raw.get("term"), str) else None)
        for error in exc.errors():
            _report_validation_error(doc, location, error, model_type, item, report)
        return None


def _report_validation_error(doc: YamlDocument, location: Path_, error: ErrorDetails, model_type: type[BaseModel],
                             item: str | None, report: Report) -> None:
    loc = tuple(part for part in error["loc"] if not _is_union_branch(part))
    if _already_reported(doc, (*location, *loc)):
        return  # an unquoted date or .inf: the YAML reader said what to do
    where = doc.line_of((*location, *loc))
    field_path = ".".join(str(p) for p in loc) or "item"
    kind = error["type"]
    written = getattr(doc, "raw", {}).get((*location, *loc))
    if isinstance(error.get("input"), bool) and written is not None:
        report.error(doc.display, where, f"{field_path}: YAML reads {written} as {str(error['input']).lower()} "
                     "(yes/no/on/off are true/false in YAML), not as the word", f'quote it: "{written}"', item=item,
                     code="yaml.implicit_type")
    elif kind == "extra_forbidden":
        allowed = _fields_at(model_type, loc[:-1])
        hint = suggest(str(loc[-1]), allowed) or f"allowed keys here: {', '.join(allowed)}"
        report.error(doc.display, where, f"unknown key {loc[-1]!r}", hint, item=item, code="schema.unknown_key")
    elif kind == "missing":
        report.error(doc.display, where, f"missing required field {field_path!r}",
                     "add it (see README, Content schema)", item=item, code="schema.missing_field")
    elif kind == "literal_error":
        expected = error["ctx"]["expected"].replace("'", "")
        report.error(doc.display, where, f"{field_path}: {error['input']!r} is not an allowed value",
                     f"allowed values: {expected}", item=item, code="value.unknown")
    elif kind == "string_pattern_mismatch":
        odd = next((ch for ch in str(error["input"]) if not ch.isascii() or not ch.isprintable()), None)
        why = f": it holds {named_character(odd)}" if odd else ""  # a look-alike or invisible character
        report.error(doc.display, where, f"{field_path}: {error['input']!r} is not a valid ID{why}",
                     "IDs start with a letter and use only letters, digits, '.', '_' and '-' (max 64)", item=item,
                     code="id.invalid")
    elif kind == "model_type" or kind == "dict_type":
        report.error(doc.display, where, f"{field_path}: expected a mapping, got {type_name(error['input'])}",
                     "localized texts are written {es: ..., en: ...}" if "Text" in str(error.get("ctx", ""))
                     or _expects_text(model_type, loc) else "", item=item, code="schema.invalid")
    else:
        message, hint = plain_words(error)
        report.error(doc.display, where, f"{field_path}: {message}", hint, item=item, code="schema.invalid")


def _already_reported(doc: YamlDocument, location: Path_) -> bool:
    flagged: set[Path_] = getattr(doc, "flagged", set())
    return any(location[:n] in flagged for n in range(len(location), 0, -1))


def _number(value: object) -> object:
    return int(value) if isinstance(value, float) and value.is_integer() else value


def plain_words(error: ErrorDetails) -> tuple[str, str]:
    """pydantic's wording ("List should have at least 1 item after validation") as what is wrong + a fix."""
    kind, ctx, value = error["type"], error.get("ctx") or {}, error.get("input")
    got = type_name(value)
    length = f"{len(value):,}" if isinstance(value, str) else "?"
    words = {
        "too_short": (f"needs at least {ctx.get('min_length')} entr{'y' if ctx.get('min_length') == 1 else 'ies'}, "
                      f"has {ctx.get('actual_length', 0)}", "add the missing entries, e.g. [ID1, ID2]"),
        "too_long": (f"may have at most {ctx.get('max_length')} entries, has {ctx.get('actual_length')}",
                     "split the list or move entries elsewhere"),
        "string_too_long": (f"text is {length} characters; at most {ctx.get('max_length', 0):,} are allowed",
                            "shorten it or split it into several items"),
        "string_too_short": ("text is empty", "write the text, or remove the field if it is optional"),
        "string_type": (f"expected text, got a {got}", "write text here (quote it if YAML reads it as "
                        "something else)"),
        "list_type": (f"expected a list, got a {got}", "write [A, B] or one '- ' line per entry"),
        "int_type": (f"expected a whole number, got a {got}", "write digits only, e.g. 3"),
        "int_parsing": (f"expected a whole number, got {value!r}", "write digits only, e.g. 3"),
        "int_from_float": (f"expected a whole number, got {value!r}", "drop the decimals"),
        "float_type": (f"expected a number, got a {got}", "write a number, e.g. 12.5"),
        "float_parsing": (f"expected a number, got {value!r}", "write a number, e.g. 12.5 (no % or units)"),
        "finite_number": (f"{value!r} is not a finite number", "write an ordinary number"),
        "bool_type": (f"expected true or false, got {value!r}", "write true or false"),
        "bool_parsing": (f"expected true or false, got {value!r}", "write true or false"),
        "greater_than_equal": (f"must be at least {_number(ctx.get('ge'))}, got {value!r}", "correct the number"),
        "less_than_equal": (f"must be at most {_number(ctx.get('le'))}, got {value!r}", "correct the number"),
        "greater_than": (f"must be more than {_number(ctx.get('gt'))}, got {value!r}", "correct the number"),
        "less_than": (f"must be less than {_number(ctx.get('lt'))}, got {value!r}", "correct the number"),
        "dict_type": (f"expected a mapping (key: value lines), got a {got}", "see README, Content schema"),
        "none_required": (f"must be empty, got {value!r}", "remove the value"),
    }
    if kind in words:
        return words[kind]
    # Validators of our own raise ValueError with plain words already; anything else says what pydantic saw.
    message = str(error.get("msg", "")).removeprefix("Value error, ")
    return message[:1].lower() + message[1:], "see README, Content schema, for what this field takes"


def _is_union_branch(part: str | int) -> bool:
    # pydantic adds the branch name (e.g. 'Text', 'str') to locations inside unions
    return isinstance(part, str) and (part[:1].isupper() or part in {"str", "int", "float", "none"})


def _expects_text(model_type: type[BaseModel], loc: Path_) -> bool:
    annotation = _field_annotation(model_type, loc)
    return annotation is not None and "Text" in str(annotation)


def _field_annotation(model_type: type[BaseModel], loc: Path_) -> object:
    current = model_type
    annotation: object = None
    for part in loc:
        if isinstance(part, int) or not hasattr(current, "model_fields") or part not in current.model_fields:
            continue
        annotation = current.model_fields[part].annotation
        current = _inner_model(annotation) or current
    return annotation


def _inner_model(annotation: object) -> type[schema.Model] | None:
    for candidate in getattr(annotation, "__args__", ()) or (annotation,):
        if isinstance(candidate, type) and issubclass(candidate, schema.Model):
            return candidate
        inner = _inner_model(candidate) if getattr(candidate, "__args__", None) else None
        if inner:
            return inner
    return None


def _fields_at(model_type: type[BaseModel], loc: Path_) -> list[str]:
    current: type[BaseModel] = model_type
    for part in loc:
        if isinstance(part, int):
            continue
        field_info = getattr(current, "model_fields", {}).get(part)
        if field_info is None:
            break
        current = _inner_model(field_info.annotation) or current
    return list(getattr(current, "model_fields", {}))


def named_character(ch: str) -> str:
    """'U+0421 CYRILLIC CAPITAL LETTER ES': a character a reader may not see for what it is."""
    import unicodedata

    return f"U+{ord(ch):04X} {unicodedata.name(ch, 'a character without a name')}"


def suggest(word: str, candidates: Iterable[str]) -> str:
    matches = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f"did you mean {matches[0]!r}?" if matches else ""


def type_name(value: object) -> str:
    return {dict: "mapping", list: "list", str: "text", int: "number", float: "number",
            bool: "true/false", type(None): "empty value"}.get(type(value), type(value).__name__)
