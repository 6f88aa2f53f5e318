"""Where in the report a reviewer's quoted words are: the fallback when a file lost its bookmarks.

Every text of the model, in every language of the project, is split into paragraphs (blank
lines), reduced to its words (Markdown and [[ID]] references gone, whitespace, quotes and dashes
normalised, case folded) and indexed. A quote found in one item places the comment on that item,
and on the paragraph when the quote lies in one paragraph of it. A quote found in several items
is told apart by the words of the paragraph it was marked in, then by the heading above it (an
item's title); when neither decides, it is placed nowhere (the candidates are told, for a person
to choose).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Iterator

from ..content import registry
from ..content.base import Item, Model, Text
from ..content.markdown import plain_text
from .incoming import IncomingComment

if TYPE_CHECKING:
    from ..graph import Graph

# Texts not held by an item: a chapter's introduction (content.chapters' field) -> its page target.
_CHAPTER_PAGES = {"findings": "page:findings", "recommendations_closing": "page:recommendations",
                  **{t.collection: "page:" + t.page.removesuffix(".md") for t in registry.chapter_types()
                     if t.collection and t.page}}
_PARAGRAPH_NUMBER = re.compile(r"\A\s*(\d{1,4})\.\s+\S")
_TRANSLATE = str.maketrans({"\u00ad": None, "\u200b": None, "_": " "})  # soft hyphen, zero-width space
MIN_QUOTE = 4  # shorter quotes ("the") would be found everywhere
# The label and number a heading opens with ("R3.", "Recomendación 3:", "4.2"): not the item's words.
_HEADING_LABEL = re.compile(r"^\s*(?:[^\W\d_]+\s+)?[^\W\d_]{0,4}\d+(?:\.\d+)*\s*[.:)\-–—]?\s+")


_NOT_WORDS = re.compile(r"[^\w%]+")


def normalise(text: str) -> str:
    """Words only: Unicode-composed, case folded, punctuation and spacing (French spaces inside « »,
    typographic quotes, dashes, emphasis marks) reduced to single spaces."""
    text = unicodedata.normalize("NFKC", text).translate(_TRANSLATE)
    return " ".join(_NOT_WORDS.sub(" ", text).split()).casefold()


@dataclass(frozen=True)
class Place:
    target: str
    paragraph: int | None


@dataclass(frozen=True)
class Match:
    place: Place | None          # where the quote is, when it is in exactly one item
    candidates: tuple[str, ...]  # the items holding it (several: ambiguous; none: not found)


def paragraphs(text: str, numbered_only: bool = False) -> list[tuple[int | None, str]]:
    """(paragraph number, Markdown) of every block of a text: the report's own number when the block
    starts "85. …", else its position (1-based) among the text's blocks, or None with `numbered_only`
    (a report that numbers its paragraphs: the others are known by their item only, as in `export docx`)."""
    blocks = [b for b in re.split(r"\n[ \t]*\n", text or "") if b.strip()]
    numbered = []
    for index, block in enumerate(blocks, 1):
        match = _PARAGRAPH_NUMBER.match(block)
        numbered.append((int(match.group(1)) if match else (None if numbered_only else index), block))
    return numbered


class QuoteIndex:
    """Every paragraph of the model's texts, searchable by quoted words."""

    def __init__(self, graph: Graph) -> None:
        self._places: list[Place] = []
        parts: list[str] = []
        self._starts: list[int] = []
        position = 3
        numbered_only = bool(graph.ctx.config.numbered_paragraphs)
        for target, text in _texts(graph):
            for number, block in paragraphs(text, numbered_only):
                words = normalise(plain_text(block))
                self._starts.append(position)
                self._places.append(Place(target, number))
                parts.append(words)
                position += len(words) + 3
        self._joined = " \x00 " + " \x00 ".join(parts) + " \x00 "  # every word between spaces, blocks between NULs

    def __len__(self) -> int:
        return len(self._places)

    def _search(self, needle: str) -> dict[str, set[int | None]]:
        found: dict[str, set[int | None]] = {}
        start = self._joined.find(needle)
        while start >= 0:
            first_letter = start + len(needle) - len(needle.lstrip(" \x00"))
            place = self._places[bisect.bisect_right(self._starts, first_letter) - 1]
            found.setdefault(place.target, set()).add(place.paragraph)
            start = self._joined.find(needle, start + 1)
        return found

    def find(self, quote: str | None, paragraph: str | None = None, heading: str | None = None) -> Match:
        """Where `quote` is; when several items hold it, the words of the `paragraph` it was marked in,
        then of the `heading` above it, tell them apart (when they are in only one of those items)."""
        found = self._words(quote)
        if len(found) > 1:
            found = self._narrowed(found, paragraph, heading)
        if len(found) != 1:
            return Match(None, tuple(found))
        target, numbers = next(iter(found.items()))
        return Match(Place(target, next(iter(numbers)) if len(numbers) == 1 else None), (target,))

    def _words(self, text: str | None, whole_block: bool = False) -> dict[str, set[int | None]]:
        needle = normalise(plain_text(text or "")) if text else ""
        if len(needle) < MIN_QUOTE:
            return {}
        if whole_block:  # a paragraph (or title) of exactly these words
            return self._search(f"\x00 {needle} \x00")
        return self._search(f" {needle} ") or self._search(needle)  # whole words first, then parts of words

    def _narrowed(self, found: dict[str, set[int | None]], paragraph: str | None,
                  heading: str | None) -> dict[str, set[int | None]]:
        in_paragraph = self._words(paragraph)
        both = {t: (found[t] & in_paragraph[t]) or found[t] for t in found if t in in_paragraph}
        if len(both) == 1:
            return both
        for words in (heading, _HEADING_LABEL.sub("", heading or "", count=1)):
            for whole_block in (True, False):  # a title first, then words anywhere
                holding = self._words(words, whole_block)
                under = {t: numbers for t, numbers in (both or found).items() if t in holding}
                if len(under) == 1:
                    return under
        return both or found


def known_target(graph: Graph, target: str) -> bool:
    """An item of the report (or one of its former IDs), or a page a comment may name."""
    from ..graph import PAGE_TARGETS, former_ids

    if target.startswith("page:"):
        return target[5:] in PAGE_TARGETS
    return target in graph.nodes or target in former_ids(graph)


def check_places(comments: list[IncomingComment], graph: Graph, index: QuoteIndex) -> list[IncomingComment]:
    """Comments without a place, or whose place is not (or no longer) in the report: placed by their quote
    if it is found, else left unplaced (a place they named is kept in `missing_target`, for the message)."""
    placed = []
    for comment in comments:
        if comment.target is not None and known_target(graph, comment.target):
            placed.append(comment)
            continue
        if comment.target is None and comment.placed_by is None and comment.candidates:
            placed.append(comment)  # already looked up: the words are in several items
            continue
        match = index.find(comment.quote or comment.deleted)
        if match.place is not None:
            placed.append(replace(comment, target=match.place.target, paragraph=match.place.paragraph,
                                  placed_by="quote"))
        else:
            placed.append(replace(comment, target=None, paragraph=None, placed_by=None, candidates=match.candidates,
                                  missing_target=comment.target or comment.missing_target))
    return placed


def _texts(graph: Graph) -> Iterator[tuple[str, str]]:
    """(target, Markdown) of every text of the report, every language."""
    content = graph.content
    for node_id, node in graph.nodes.items():
        # Markdown-file fields: the model holds a file name, the loader the text (content.markdown_files).
        files = registry.markdown_file_fields(type(node.model))
        for name, value in node.model:
            if isinstance(value, Text):
                for lang in value.languages:
                    if name in files:
                        yield node_id, content.markdown_files.get((node_id, name, lang)) or ""
                    else:
                        yield node_id, value.get(lang) or ""
            elif isinstance(value, Model) and not isinstance(value, Item):  # a template block
                for _, inner in value:
                    if isinstance(inner, Text):
                        yield from ((node_id, inner.get(lang) or "") for lang in inner.languages)
    for (owner, name, lang), text in content.markdown_files.items():
        if owner == "evaluation" and name == "summary":
            yield "page:summary", text
    chapters = content.chapters
    for name, target in _CHAPTER_PAGES.items():
        value = getattr(chapters, name, None)
        if value is not None:
            yield from ((target, value.get(lang) or "") for lang in value.languages)
