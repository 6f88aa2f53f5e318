"""A hostile project made from the models: a script payload in every text an author can type.

The fields are found by walking the pydantic models of the content (`registry.all_models()`) and
of `reportgen.yml` (`ProjectConfig`), not listed by hand: a field added tomorrow is attacked the
day it is added. A text an author types is any `str` or `Text` field that is not an ID, a link,
a value of a value set, a file name or an editor's note (what the field roles and the string
patterns say). `vocabulary:` is attacked through every interface text of the catalog.

The base is the sample content (tests/fixtures/sample) with one item of each type it lacks
(`EXTRAS`); `missing_fields()` names any field that no item of the base carries, so a new type
without an example here fails the test instead of going untested.
"""

from __future__ import annotations

import shutil
import types
import typing
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, RootModel

from reportgen.content import registry
from reportgen.content.base import Text
from reportgen.content.config import CUSTOMIZABLE, ProjectConfig
from reportgen.content.schema import COLLECTIONS, SINGLETONS

PAYLOAD = "<img src=x onerror=window.__pwned=1> <script>window.__pwned=1</script>"
SHORT_PAYLOAD = "<svg/onload=__pwned=1>"  # for fields of a few dozen characters (section numbers)
VISIBLE = "onerror=window.__pwned=1"      # what a reader must see as text where the payload went

FIXTURES = Path(__file__).resolve().parent / "fixtures"
LANGUAGES = ["es", "en"]

# One item of each type the sample content lacks: shapes only, the payloads are added by the walk.
EXTRAS = {
    "extras.yaml": {
        "chapters": {"findings": {"es": "Hallazgos", "en": "Findings"}},
        "parts": [{"id": "P1", "number": "1", "title": {"es": "Parte", "en": "Part"},
                   "intro": {"es": "Intro", "en": "Intro"}}],
        "ratings": [{"id": "RT1", "criterion": "relevance", "value": "satisfactory",
                     "justification": {"es": "Justificación", "en": "Justification"}, "findings": ["H1"]}],
        "documents": [{"id": "ANXH", "title": {"es": "Anexo", "en": "Annex"},
                       "body": {"es": "annex-h.es.md", "en": "annex-h.en.md"}}],
        "management_responses": [{
            "recommendation": "R1", "status": "accepted", "date": "2025-02-10",
            "text": {"es": "Respuesta", "en": "Response"},
            "notes": [{"text": {"es": "Nota", "en": "Note"}, "visibility": "public"}],
            "follows_up": {"evaluation": "MTE", "recommendation": "R9"},
            "key_actions": [{"id": "KA1", "text": {"es": "Acción", "en": "Action"}, "unit": "Unidad",
                             "due": "2025-06-30", "status": "in progress",
                             "updates": [{"date": "2025-04-02", "text": {"es": "Avance", "en": "Progress"}}]}]}],
    },
    "rounds.yaml": {
        "rounds": [{"id": "round-1", "name": {"es": "Ronda", "en": "Round"}, "date": "2025-02",
                    "description": {"es": "Descripción", "en": "Description"}}],
        "comments": [
            {"id": "CM1", "round": "round-1", "date": "2025-02-03", "organisation": "Ministerio", "author": "Persona",
             "target": "H1", "quote": "cita", "language": "es", "text": "Comentario", "source": "draft.docx#c1",
             "suggestion": {"deleted": "viejo", "inserted": "nuevo"},
             "response": {"status": "accepted", "text": {"es": "Hecho", "en": "Done"}, "changed": ["H1"],
                          "date": "2025-02-20"}},
            {"id": "CM2", "round": "round-1", "date": "2025-02-04", "organisation": "Oficina", "target": "page:annexes",
             "section": "Anexos", "paragraph": 1, "reply_to": "CM1", "text": "Respuesta al comentario"},
        ],
    },
}
EXTRA_FILES = {"annex-h.es.md": "Texto del anexo.\n", "annex-h.en.md": "Annex text.\n"}

# The evaluation block of the sample, with what it leaves out.
EVALUATION_EXTRAS = {"other_fields": [{"label": {"es": "Campo", "en": "Field"}, "value": {"es": "Valor", "en": "Value"}}]}

# A custom field on every type that may have one: the walk fills it on every item of those types.
CUSTOM_FIELD = "topic"
BASE_CONFIG = {
    "languages": LANGUAGES,
    "title": {"es": "Evaluación", "en": "Evaluation"},
    "translation_notice": {"es": "Traducción", "en": "Translation"},
    "custom_fields": {kind: [{"id": CUSTOM_FIELD, "label": {"es": "Tema", "en": "Topic"}, "filter": True}]
                      for kind in CUSTOMIZABLE},
}


# --- what a field holds ----------------------------------------------------------------------------
_NOT_TEXT_ROLES = (registry.Link, registry.ValueSet, registry.MarkdownFile, registry.Internal)


def _options(annotation) -> list:
    """The types a field accepts, Annotated and Optional unwrapped (None left out)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _options(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [o for arg in typing.get_args(annotation) for o in _options(arg)]
    return [] if annotation is type(None) else [annotation]


def _constraints(annotation) -> dict:
    """pattern / max_length of a constrained string (ItemId, LanguageCode, Label, IsoDate)."""
    found: dict = {}
    if typing.get_origin(annotation) is typing.Annotated:
        for meta in typing.get_args(annotation)[1:]:
            for name in ("pattern", "max_length"):
                if getattr(meta, name, None) is not None:
                    found[name] = getattr(meta, name)
        found.update(_constraints(typing.get_args(annotation)[0]))
    elif typing.get_origin(annotation) in (typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found.update(_constraints(arg))
    return found


def _field_annotation(model: type[BaseModel], name: str):
    """The field's annotation with its Annotated metadata (pydantic keeps it apart)."""
    info = model.model_fields[name]
    if info.metadata:
        return typing.Annotated[(info.annotation, *info.metadata)]
    return info.annotation


def is_typed_text(model: type[BaseModel], name: str) -> bool:
    """A field an author writes words into: str or Text, not an ID, a pattern, a link or a file name."""
    if any(isinstance(r, _NOT_TEXT_ROLES) for r in registry.field_roles(model).get(name, ())):
        return False
    annotation = _field_annotation(model, name)
    if _constraints(annotation).get("pattern"):
        return False
    return any(o is str or o is Text or (isinstance(o, type) and issubclass(o, Text)) or _holds_text(o)
               for o in _options(annotation))


def _holds_text(annotation) -> bool:
    """list[str], dict[..., Cell]: containers of texts (Cell = str | int | float | Text)."""
    origin = typing.get_origin(annotation)
    if origin in (list, dict):
        inner = typing.get_args(annotation)[-1]
        if _constraints(inner).get("pattern"):  # old_ids, languages: IDs and codes
            return False
        return any(o is str or o is Text for o in _options(inner))
    return False


def _customizable(model: type[BaseModel]) -> bool:
    return registry.kind_of_model(model) in CUSTOMIZABLE


def text_fields(models) -> set[tuple[str, str]]:
    """(model, field) of every text field of these models and the models inside them (`custom` only
    where the type may have custom fields)."""
    found: set[tuple[str, str]] = set()
    for model in _all_models(models):
        for name in model.model_fields:
            if name == "custom" and not _customizable(model):
                continue
            if is_typed_text(model, name):
                found.add((model.__name__, name))
    return found


def _all_models(models) -> list[type[BaseModel]]:
    seen: list[type[BaseModel]] = []
    pending = list(models)
    while pending:
        model = pending.pop()
        if model in seen or issubclass(model, RootModel):
            continue
        seen.append(model)
        for info in model.model_fields.values():
            pending += [m for m in _nested_models(info.annotation)]
    return seen


def _nested_models(annotation) -> list[type[BaseModel]]:
    out = []
    for option in _options(annotation):
        if isinstance(option, type) and issubclass(option, BaseModel):
            out.append(option)
        elif typing.get_origin(option) in (list, dict):
            out += _nested_models(typing.get_args(option)[-1])
    return out


# --- the walk that poisons ---------------------------------------------------------------------------
class Poisoner:
    """Adds the payload to every text field of a YAML value, following its model; records
    (model, field) -> the YAML paths it poisoned, so that a field `check` refuses can be put back."""

    def __init__(self, languages: list[str]):
        self.languages = languages
        self.poisoned: dict[tuple[str, str], list[tuple]] = {}

    def model(self, data: Any, model: type[BaseModel], path: tuple) -> Any:
        if not isinstance(data, dict):
            return data
        out = dict(data)
        if "custom" in model.model_fields and _customizable(model):
            out["custom"] = {CUSTOM_FIELD: "tema", **out.get("custom", {})}
        for name in model.model_fields:
            annotation = _field_annotation(model, name)
            if name == "custom" and not _customizable(model):
                continue
            if is_typed_text(model, name):
                value = self.text(out.get(name), annotation, path + (name,))
                if value is not None:
                    out[name] = value
                    self.poisoned.setdefault((model.__name__, name), []).append(path + (name,))
                continue
            nested = _nested_models(annotation)
            if nested and out.get(name) is not None:
                out[name] = self.nested(out[name], nested[0], annotation, path + (name,))
        return out

    def nested(self, value: Any, model: type[BaseModel], annotation, path: tuple) -> Any:
        if issubclass(model, RootModel):
            return value
        containers = [typing.get_origin(o) for o in _options(annotation)]
        if isinstance(value, dict) and dict in containers:   # custom_fields: {kind: [field, ...]}
            inner = next(typing.get_args(o)[-1] for o in _options(annotation) if typing.get_origin(o) is dict)
            return {key: self.nested(v, model, inner, path + (key,)) for key, v in value.items()}
        if isinstance(value, list):
            return [self.model(v, model, path + (i,)) for i, v in enumerate(value)]
        return self.model(value, model, path)

    def text(self, value: Any, annotation, path: tuple) -> Any:
        payload = PAYLOAD if _constraints(annotation).get("max_length", 1000) > len(PAYLOAD) + 20 else SHORT_PAYLOAD
        options = _options(annotation)
        if isinstance(value, dict) and any(o is Text for o in options):
            return {lang: f"{text or 'texto'} {payload}" for lang, text in value.items()} | \
                {lang: f"texto {payload}" for lang in self.languages if lang not in value}
        if isinstance(value, dict):  # custom: {id: Cell}
            return {key: self.text(v, typing.get_args(options[0])[-1], path + (key,)) for key, v in value.items()}
        if isinstance(value, list):
            return [f"{v} {payload}" if isinstance(v, str) else v for v in value] or [payload]
        if isinstance(value, str):
            return f"{value} {payload}"
        if value is None:
            if any(o is Text or (isinstance(o, type) and issubclass(o, Text)) for o in options):
                return {lang: f"texto {payload}" for lang in self.languages}
            if any(o is str for o in options):
                return payload
        return value


def poison_content(data: dict, poisoner: Poisoner, file: str) -> dict:
    out = dict(data)
    for key, value in data.items():
        if key in COLLECTIONS and isinstance(value, list):
            model = COLLECTIONS[key][0]
            out[key] = [poisoner.model(item, model, (file, key, i)) for i, item in enumerate(value)]
        elif key in SINGLETONS:
            out[key] = poisoner.model(value, SINGLETONS[key], (file, key))
    return out


def poison_vocabulary(catalog: dict) -> dict:
    """Every interface text of the catalog with the payload added (placeholders kept)."""
    if isinstance(catalog, dict):
        return {key: poison_vocabulary(value) for key, value in catalog.items()}
    if isinstance(catalog, str):
        return f"{catalog} {PAYLOAD}"
    return catalog


# --- the project ---------------------------------------------------------------------------------------
def make_project(root: Path, catalogs: dict[str, dict], poison: bool = True) -> Poisoner:
    """Write the hostile project into `root` (the base project alone without `poison`); returns what
    was poisoned where."""
    content = root / "content"
    shutil.copytree(FIXTURES / "sample", content)
    for name, data in EXTRAS.items():
        (content / name).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for name, text in EXTRA_FILES.items():
        (content / name).write_text(text, encoding="utf-8")
    poisoner = Poisoner(LANGUAGES)
    for path in sorted(content.rglob("*.yaml")):
        rel = path.relative_to(root).as_posix()
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if "evaluation" in data:
            data["evaluation"] |= EVALUATION_EXTRAS
        data = poison_content(data, poisoner, rel) if poison else data
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                        encoding="utf-8")
    if not poison:
        (root / "reportgen.yml").write_text(yaml.safe_dump(BASE_CONFIG, allow_unicode=True), encoding="utf-8")
        return poisoner
    config = poisoner.model(BASE_CONFIG, ProjectConfig, ("reportgen.yml",))
    config["vocabulary"] = {lang: poison_vocabulary(catalogs[lang]) for lang in LANGUAGES}
    poisoner.poisoned.setdefault(("ProjectConfig", "vocabulary"), []).append(("reportgen.yml", "vocabulary"))
    (root / "reportgen.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return poisoner


def all_text_fields() -> set[tuple[str, str]]:
    """Every text field of every content model and of the configuration."""
    return text_fields([t.model for t in registry.item_types()] + list(SINGLETONS.values()) + [ProjectConfig])
