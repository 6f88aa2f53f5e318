"""The building blocks of every content model: IDs, localized texts, labels, the item base.

Kept apart from the item types (`schema`, `tables`) so that each of those can use them
without importing the other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Literal, Union

from .registry import Internal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PrivateAttr, RootModel, StringConstraints, \
    WithJsonSchema

# A language code as written in content and configuration: "en", "fr", "es", "pt-BR".
LANGUAGE_PATTERN = r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$"
LanguageCode = Annotated[str, StringConstraints(pattern=LANGUAGE_PATTERN)]

ID_PATTERN = r"^[A-Za-z][A-Za-z0-9._-]{0,63}$"
ItemId = Annotated[str, StringConstraints(pattern=ID_PATTERN)]

VISIBILITIES = ("public", "internal")


@dataclass(frozen=True)
class Source:
    """Where a model was written: its file, the line it starts on, and the line of each field
    (for a text: of each language; for a table row: "cells.NAME")."""

    file: str
    line: int | None
    fields: dict[str, int] = field(default_factory=dict, hash=False)

    def line_of(self, name: str) -> int | None:
        return self.fields.get(name, self.line)


UNKNOWN_SOURCE = Source("?", None)


def source_of(model: object) -> Source:
    """The source a model carries (set by the loader; kept by copies and editions)."""
    return getattr(model, "_source", None) or UNKNOWN_SOURCE


def _same_values(a: BaseModel, b: object) -> bool:
    """Models are equal by their values; where they were written is not part of them."""
    return type(a) is type(b) and a.__dict__ == b.__dict__


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)
    # Where the model was written (set by the loader): it travels with the model through
    # model_copy(), so an edition's copy of an item still knows its file and lines.
    _source: Source | None = PrivateAttr(default=None)

    def __eq__(self, other: object) -> bool:
        return _same_values(self, other)

    __hash__ = BaseModel.__hash__


# Generous for any report (the longest text of the bundled one is under 3,000 characters),
# small enough that Markdown rendering stays fast.
MAX_TEXT_CHARS = 100_000
LongText = Annotated[str, StringConstraints(max_length=MAX_TEXT_CHARS)]


class Text(RootModel[dict[LanguageCode, LongText | None]]):
    """A human-readable text (Markdown) per language: `{en: "…", fr: "…"}`.

    Which languages are required is the project's business (its configuration),
    checked once the configuration is known, in `reportgen.graph`.
    """

    model_config = ConfigDict(frozen=True)
    _source: Source | None = PrivateAttr(default=None)  # the line of each language's text

    def __eq__(self, other: object) -> bool:
        return _same_values(self, other)

    __hash__ = RootModel.__hash__

    def get(self, lang: str) -> str | None:
        return self.root.get(lang)

    def written(self, lang: str) -> bool:
        """The key is present (possibly `null`: knowingly left untranslated)."""
        return lang in self.root

    @property
    def languages(self) -> list[str]:
        return list(self.root)


# A table cell or a custom field: a plain value shared by every language, or a localized text.
Cell = Union[str, int, float, Text]


def _label(value: object) -> object:
    """Section numbers are labels ("9.1.1", "3", "A.2"), also when YAML reads them as numbers."""
    return str(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else value


Label = Annotated[str, BeforeValidator(_label), StringConstraints(min_length=1, max_length=32),
                  WithJsonSchema({"anyOf": [{"type": "string", "minLength": 1, "maxLength": 32}, {"type": "integer"}],
                                  "description": 'a number as the report writes it: "9.1.1", "3", "A.2"'})]


class Item(Model):
    id: ItemId
    # Items marked internal are shown in the review edition only.
    visibility: Literal["public", "internal"] = "public"
    # An item renamed since the last round names its previous ID(s).
    old_ids: list[ItemId] = Field(default_factory=list)
    # The project's own fields (declared in reportgen.yml under custom_fields).
    custom: dict[ItemId, Cell] = Field(default_factory=dict)
    import_note: Annotated[str | None, Internal()] = None  # written by `reportgen import`: a guess a person must confirm, then delete
