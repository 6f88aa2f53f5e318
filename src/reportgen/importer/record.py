"""What an import found, guessed and left out: the material of IMPORT.md."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Entry:
    line: int | None
    item: str | None
    text: str


@dataclass
class Source:
    """Where something of the project came from: source lines `first`–`last`."""
    kind: str
    ident: str
    first: int | None
    last: int | None = None
    confidence: float = 0.0
    how: str = ""


# An item as the import writes it to YAML (its fields, and `_`-prefixed working keys).
ItemData = dict[str, Any]

# How sure the import is of an item: read from the report's own label and number, or a guess
# (an import_note says which) a person must confirm.
READ, GUESSED = 0.95, 0.6


@dataclass
class ImportRecord:
    found: Counter[str] = field(default_factory=Counter)         # item kind -> count
    guesses: list[Entry] = field(default_factory=list)      # decisions a person must confirm
    missing: list[Entry] = field(default_factory=list)      # fields the source does not give
    left_out: list[Entry] = field(default_factory=list)     # source parts not imported, and why
    repaired: Counter[str] = field(default_factory=Counter)      # conversion debris fixed, by kind
    items: list[Source] = field(default_factory=list)       # every imported item, with its lines and confidence
    chapters: list[Source] = field(default_factory=list)    # every chapter recognised: read or not, its lines
    unplaced: list[Source] = field(default_factory=list)    # spans of the source that went nowhere
    links: list[Entry] = field(default_factory=list)        # links read from the report's own references
    verdict: str = ""                                       # is this an evaluation report? (IMPORT.md's first line)

    def item(self, kind: str, item: ItemData, line: int | None) -> None:
        noted = bool(item.get("import_note"))
        self.items.append(Source(kind, item["id"], line, None, GUESSED if noted else READ,
                                 item.get("import_note") or "read from the report's own label or heading"))

    def guess(self, line: int | None, item: str | None, text: str) -> str:
        """Record a guess; returns the text, to be written as the item's import_note."""
        self.guesses.append(Entry(line, item, text))
        return text

    def withdraw(self, item: ItemData, text: str, ident: str | None = None) -> None:
        """Take back a guess the import could settle after all, and its note on the item (`ident`: the
        name the guess was recorded under, when the item has no ID: "evaluation")."""
        self.guesses = [entry for entry in self.guesses if (entry.item, entry.text) != (ident or item["id"], text)]
        note = (item.get("import_note") or "").replace(f"; {text}", "").replace(text, "").strip("; ")
        if note:
            item["import_note"] = note
        else:
            item.pop("import_note", None)

    def lack(self, line: int | None, item: str | None, text: str) -> None:
        self.missing.append(Entry(line, item, text))

    def leave_out(self, line: int | None, text: str) -> None:
        self.left_out.append(Entry(line, None, text))


def add_note(item: ItemData, note: str) -> str:
    """Mark an item for review: `reportgen check` lists its import_note until a person deletes it."""
    item["import_note"] = f"{item['import_note']}; {note}" if item.get("import_note") else note
    return note
