"""The content model describes itself: the item types, and what each field means.

Two things are declared once, next to the models (`content/schema.py`), and read
by every layer instead of lists written by hand:

- **Item types** (`ItemType`): the kind ("good_practice"), the top-level key of the
  content files ("good_practices"), the model, the parent (a finding's section, a
  rating's criterion), the page that shows it, the catalog keys of its name, whether
  a `[[ID]]` may point to it, whether a project may add fields to it, whether it is an
  item of the report at all (a comment or a round is not).
- **Field roles**, as `typing.Annotated` metadata on the pydantic fields:
  `Link("criterion")` (the field holds IDs of that kind), `MarkdownFile("narrative")`
  (a Markdown file name per language), `Children("finding")` (nested items that are
  items of their own), `ValueSet("priority", ...)` (a value of a project value set),
  `Internal()` (an editor's note, not content: never exported). A localized text
  (`Text`) is translatable by its type.

`field_roles(model)` is the one introspection helper; the other functions answer
the questions the layers ask (which fields link where, which are files, …).
See docs/content-model.md.
"""

from __future__ import annotations

import re

from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator, TypeVar

from pydantic import BaseModel


# --- field roles -------------------------------------------------------------------------------

class Role:
    """Base of the field roles: metadata objects in `Annotated[...]`, ignored by pydantic."""


R = TypeVar("R", bound=Role)


@dataclass(frozen=True, init=False)
class Link(Role):
    """The field holds the ID (or a list of IDs) of items of these kinds."""

    kinds: tuple[str, ...]

    def __init__(self, *kinds: str):
        object.__setattr__(self, "kinds", kinds)


@dataclass(frozen=True)
class MarkdownFile(Role):
    """The field names a Markdown file per language (read by the loader); `unit` is its kind of
    translation unit ("narrative", "document", "summary")."""

    unit: str


@dataclass(frozen=True)
class Children(Role):
    """A list of nested items that are items of their own (a section's findings)."""

    kind: str


@dataclass(frozen=True)
class ValueSet(Role):
    """The field holds one value of the project's value set `name` (reportgen.yml `value_sets:`).

    `default` is the set when the project names none (display order, highest first);
    `labels` is the catalog key of the values' names (`priorities: {high: High, …}`)."""

    name: str
    default: tuple[str, ...]
    labels: str


@dataclass(frozen=True)
class Internal(Role):
    """Not content: an editor's to-do (left out of the export and its what-changed)."""


# --- item types --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Wording:
    """How reports name a type's items, so that `reportgen import` recognises them in a report it
    has never seen. Patterns are matched against folded text (lower case, no accents, single spaces)
    and cover the languages the import reads (es, en, fr).

    - `labels`: the words before an item's number ("lesson(?: learned)?|leccion(?: aprendida)?");
    - `codes`: short codes written before the number, which are also the item's ID prefix ("la|ll");
    - `chapter`: a whole chapter heading holding the items, after its number;
    - `prefixes`: the ID prefix given to an item the report numbers with words only, by language
      (("es", "LA"), ("en", "LL")); the first is the default;
    - `mentions`: the words a text cites an item with ("see Conclusion 2"), when they are not its
      `labels` (singular; the plurals "conclusions 2 and 3" are derived)."""

    labels: str = ""
    codes: str = ""
    chapter: str = ""
    prefixes: tuple[tuple[str, str], ...] = ()
    mentions: str = ""

    def prefix(self, lang: str) -> str:
        return dict(self.prefixes).get(lang, self.prefixes[0][1] if self.prefixes else "")

    def mention_words(self) -> str:
        """The pattern of the words citing an item, singular or plural ("conclusiones", "lessons learned")."""
        words = self.mentions or self.labels
        return re.sub(r"([a-z])(?=[ ()|]|$)", r"\1(?:es|s)?", words) if words else ""

    def all_prefixes(self) -> tuple[str, ...]:
        """Every ID prefix an item of this type may carry in a report (codes and given prefixes)."""
        codes = tuple(c.upper() for c in self.codes.split("|") if c.isalpha())
        return tuple(dict.fromkeys(codes + tuple(p for _, p in self.prefixes)))


@dataclass(frozen=True)
class ItemType:
    kind: str                        # "good_practice": the type in the graph, the export and messages
    model: type[BaseModel]
    collection: str | None = None    # top-level key of content files; None: written inside its parent
    item: bool = True                # an item of the report (an ID in the item namespace)
    review_only: bool = False        # left out of the public edition altogether (comments, rounds)
    linkable: bool = False           # a [[ID]] in a text may point to it
    customizable: bool = False       # a project may declare custom_fields for it
    parent: str | None = None        # the kind it belongs to: nested in it, or named by a Link field
    page: str = ""                   # its page: "conclusions.md" (anchored), "criteria/{id}.md" (its own);
                                     # "": an anchor on its parent's page
    label: str | None = None         # catalog key of its name (default: the kind)
    plural: str | None = None        # catalog key of its plural (default: the collection)
    portal: str | None = None        # in the portal's library: "list" (a list page and search) or "search"
    counted: str | None = None       # in `reportgen check`'s summary line: "always", or "present" (when any)
    template: str | None = None      # shown on its parent's pages and the matrix by this template
    ilo_template: str | None = None  # it has an ILO template: the prefix of its catalog keys ("gp": gp_fields, …)
    wording: Wording | None = None   # how reports name its items (read by `reportgen import`)

    @property
    def label_key(self) -> str:
        return self.label or self.kind

    @property
    def plural_key(self) -> str:
        return self.plural or self.collection or self.kind

    @property
    def plural_words(self) -> str:
        """The plural in English words, for command-line output ("good practices")."""
        return (self.collection or self.kind + "s").replace("_", " ")

    @property
    def collection_key(self) -> str:
        """The top-level key of its content files, for a type that has them."""
        if self.collection is None:
            raise ValueError(f"item type {self.kind!r} is written inside its parent: it has no collection")
        return self.collection

    @property
    def content_file(self) -> str:
        """The content file `reportgen import` writes its items to ("good-practices.yaml")."""
        return self.collection_key.replace("_", "-") + ".yaml"

    @property
    def own_page(self) -> bool:
        return self.page is not None and "{id}" in self.page


_TYPES: list[ItemType] = []


def declare(*types: ItemType) -> tuple[ItemType, ...]:
    """Register item types (in the order a reader meets them); called once by the schema."""
    for item_type in types:
        if any(t.kind == item_type.kind for t in _TYPES):
            raise ValueError(f"item type {item_type.kind!r} is declared twice")
        _TYPES.append(item_type)
    return types


def item_types() -> tuple[ItemType, ...]:
    from . import schema  # noqa: F401 - the schema declares the types when it is imported
    return tuple(_TYPES)


def item_type(kind: str) -> ItemType | None:
    return next((t for t in item_types() if t.kind == kind), None)


def type_of(kind: str) -> ItemType:
    """The item type of a kind the graph holds (KeyError for one the registry does not know)."""
    found = item_type(kind)
    if found is None:
        raise KeyError(kind)
    return found


def kinds(**flags: object) -> tuple[str, ...]:
    """The kinds whose attributes equal `flags`, e.g. kinds(linkable=True), kinds(parent="criterion")."""
    return tuple(t.kind for t in item_types() if all(getattr(t, k) == v for k, v in flags.items()))


def ilo_template_types() -> tuple[ItemType, ...]:
    """Types whose items may carry an ILO template (lessons learned, emerging good practices), in report order."""
    return tuple(t for t in item_types() if t.ilo_template)


def worded_types() -> tuple[ItemType, ...]:
    """Types whose items a report names in words ("Lesson learned 2", "Recomendación 3"), in report order."""
    return tuple(t for t in item_types() if t.wording)


def chapter_types() -> tuple[ItemType, ...]:
    """Types whose items make a chapter page of their own ("lessons.md"), in report order."""
    return tuple(t for t in item_types() if t.page and "/" not in t.page and t.collection)


def collections() -> dict[str, ItemType]:
    """Top-level keys of content files -> their item type, in report order."""
    return {t.collection: t for t in item_types() if t.collection}


def kind_of_model(model_type: type) -> str | None:
    """The kind of a model class (a sub-question is a question: named by its parent's Children role)."""
    for t in item_types():
        if t.model is model_type:
            return t.kind
    for t in item_types():
        for name, child_kind in child_fields(t.model).items():
            if _list_item_type(t.model, name) is model_type:
                return child_kind
    return None


# --- introspection -----------------------------------------------------------------------------

@lru_cache(maxsize=None)
def field_roles(model_type: type) -> dict[str, tuple[Role, ...]]:
    """{field name: its roles} of a pydantic model class (fields without a role left out)."""
    if not (isinstance(model_type, type) and issubclass(model_type, BaseModel)):
        return {}
    found = {}
    for name, info in model_type.model_fields.items():
        roles = tuple(m for m in info.metadata if isinstance(m, Role))
        if roles:
            found[name] = roles
    return found


def fields_with(model_type: type, role: type[R]) -> dict[str, R]:
    """{field name: role} of the fields of `model_type` that have a role of this class."""
    return {name: r for name, roles in field_roles(model_type).items() for r in roles if isinstance(r, role)}


def link_fields(model_type: type) -> dict[str, tuple[str, ...]]:
    """{field: kinds it may point to}."""
    return {name: role.kinds for name, role in fields_with(model_type, Link).items()}


def markdown_file_fields(model_type: type) -> dict[str, MarkdownFile]:
    return fields_with(model_type, MarkdownFile)


def child_fields(model_type: type) -> dict[str, str]:
    """{field: kind of the nested items}."""
    return {name: role.kind for name, role in fields_with(model_type, Children).items()}


def internal_fields(model_type: type) -> set[str]:
    return set(fields_with(model_type, Internal))


def value_set_fields(model_type: type) -> dict[str, ValueSet]:
    return fields_with(model_type, ValueSet)


def parent_field(model_type: type, parent_kind: str | None) -> str | None:
    """The Link field naming an item's parent (a question's `criterion`), if it has one."""
    return next((name for name, targets in link_fields(model_type).items() if targets == (parent_kind,)), None)


_VALUE_SETS: dict[int, dict[str, ValueSet]] = {}  # by the number of registered types (types are only added)


def value_sets() -> dict[str, ValueSet]:
    """Every value set the models use, by name (the first declaration gives the default).

    Kept once made: every value label of every page asks (the facet pages ask a thousand times per
    build, which walking the models each time made a third of the render stage)."""
    if len(_TYPES) not in _VALUE_SETS:
        _VALUE_SETS.clear()
        _VALUE_SETS[len(_TYPES)] = _value_sets()
    return dict(_VALUE_SETS[len(_TYPES)])


def _value_sets() -> dict[str, ValueSet]:
    found: dict[str, ValueSet] = {}
    for model_type in all_models():
        for role in value_set_fields(model_type).values():
            found.setdefault(role.name, role)
    return found


def all_models() -> list[type[BaseModel]]:
    """Every registered model and the models nested in them (children, sub-models), once each."""
    seen: list[type] = []
    for t in item_types():
        _collect_models(t.model, seen)
    return seen


def _collect_models(model_type: type[BaseModel], seen: list[type[BaseModel]]) -> None:
    if model_type in seen:
        return
    seen.append(model_type)
    for info in model_type.model_fields.values():
        for nested in _models_in(info.annotation):
            _collect_models(nested, seen)


def _models_in(annotation: object) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel) and not _is_root(annotation):
        yield annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        yield from _models_in(arg)


def _is_root(model_type: type[BaseModel]) -> bool:
    return "root" in model_type.model_fields


def _list_item_type(model_type: type[BaseModel], name: str) -> object:
    annotation = model_type.model_fields[name].annotation
    args = getattr(annotation, "__args__", ()) or ()
    return args[0] if args else None

