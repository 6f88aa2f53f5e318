"""What a Word draft written by reportgen says about itself, for the reader of its comments.

The writer (`reportgen export docx`, the site's draft download) stores one custom XML part
(`customXml/itemN.xml`, root `{NAMESPACE}draft`) holding the document's identity and every
bookmark it placed; the same identity is in the core properties' identifier. A comment
reader opens the part with `read_map`, refuses a file of another evaluation (`Identity`),
and maps a bookmark name back to (item ID, paragraph) with `BookmarkNames`, hashed names too
(see `bookmark_name` in review/incoming.py). `draft_map_of` finds the part in a .docx file.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

from .incoming import parse_bookmark

NAMESPACE = "urn:reportgen:word-draft:1"
IDENTIFIER_PREFIX = "reportgen-word-draft"


@dataclass(frozen=True)
class Identity:
    """Which document this is: a reader compares it with the project it imports into."""

    evaluation: str          # the evaluation's code ("PER/17/51/USA")
    edition: str             # "review" or "public"
    language: str
    version: str             # reportgen's version that wrote it
    round: str | None = None  # the latest comment round of the content when written
    sent_for: str | None = None  # the round the draft is sent out for (export docx --round): its comments go there

    def identifier(self) -> str:
        """The core properties' identifier: one line a person can read too."""
        values = {"evaluation": self.evaluation, "edition": self.edition, "language": self.language,
                  "version": self.version, "round": self.round, "for": self.sent_for}
        return "; ".join([IDENTIFIER_PREFIX] + [f"{key}={_quote(value)}" for key, value in values.items() if value])

    @classmethod
    def from_identifier(cls, text: str | None) -> Identity | None:
        """The identity an identifier states; None when it is not one of reportgen's."""
        parts = [p.strip() for p in (text or "").split(";")]
        if not parts or parts[0] != IDENTIFIER_PREFIX:
            return None
        values = {key: _unquote(value) for key, value in (p.split("=", 1) for p in parts[1:] if "=" in p)}
        try:
            return cls(values["evaluation"], values["edition"], values["language"], values["version"],
                       values.get("round"), values.get("for"))
        except KeyError:
            return None


def _quote(value: str) -> str:
    """"%" and ";" written as %25 and %3B: an evaluation code may hold either."""
    return value.replace("%", "%25").replace(";", "%3B")


def _unquote(value: str) -> str:
    return value.replace("%3B", ";").replace("%25", "%")


@dataclass(frozen=True)
class Bookmark:
    name: str
    item: str                 # item ID, or "page:NAME" for a chapter's own text
    paragraph: int | None     # the paragraph's number (the report's own, or 1-based in the item's text)


@dataclass
class BookmarkNames:
    """Bookmark name -> (item, paragraph), for the names a draft holds; names it does not list are
    read with `parse_bookmark` (which cannot read hashed names)."""

    entries: dict[str, Bookmark] = field(default_factory=dict)

    def lookup(self, name: str) -> tuple[str, int | None] | None:
        entry = self.entries.get(name)
        if entry is not None:
            return entry.item, entry.paragraph
        return parse_bookmark(name)


@dataclass
class DraftMap:
    identity: Identity
    bookmarks: BookmarkNames
    numbered_paragraphs: bool = False   # paragraph numbers are the report's own


def map_xml(draft: DraftMap) -> bytes:
    """The custom XML part's text."""
    ElementTree.register_namespace("", NAMESPACE)
    q = f"{{{NAMESPACE}}}"
    identity = draft.identity
    root = ElementTree.Element(q + "draft", {
        "evaluation": identity.evaluation, "edition": identity.edition, "language": identity.language,
        "version": identity.version, "numbered-paragraphs": "true" if draft.numbered_paragraphs else "false"})
    if identity.round:
        root.set("round", identity.round)
    if identity.sent_for:
        root.set("for", identity.sent_for)
    for entry in draft.bookmarks.entries.values():
        attrs = {"name": entry.name, "item": entry.item}
        if entry.paragraph is not None:
            attrs["paragraph"] = str(entry.paragraph)
        ElementTree.SubElement(root, q + "bookmark", attrs)
    data: bytes = ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)  # bytes for any encoding but "unicode"
    return data


def read_map(xml: bytes) -> DraftMap | None:
    """The map a custom XML part holds; None for any other part (or one that is not XML)."""
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError:
        return None
    q = f"{{{NAMESPACE}}}"
    if root.tag != q + "draft":
        return None
    identity = Identity(root.get("evaluation", ""), root.get("edition", ""), root.get("language", ""),
                        root.get("version", ""), root.get("round"), root.get("for"))
    names = BookmarkNames()
    for element in root.iter(q + "bookmark"):
        paragraph = element.get("paragraph")
        name = element.get("name", "")
        names.entries[name] = Bookmark(name, element.get("item", ""),
                                       int(paragraph) if paragraph and paragraph.isdigit() else None)
    return DraftMap(identity, names, root.get("numbered-paragraphs") == "true")


def draft_map_of(path: Path) -> DraftMap | None:
    """The map of a .docx file written by reportgen; None for any other Word file.

    Raises OSError when the file cannot be read, zipfile.BadZipFile when it is not a .docx.
    """
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            if name.startswith("customXml/item") and name.endswith(".xml") and "/" not in name[10:]:
                found = read_map(package.read(name))
                if found is not None:
                    return found
    return None
