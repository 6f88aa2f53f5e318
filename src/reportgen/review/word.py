"""A reviewer's Word copy of the draft → `IncomingComment`s.

Read: every margin comment (text, author, initials, date; replies threaded through
`commentsExtended.xml`, each reply kept with `reply_to` naming its parent), and every tracked
insertion and deletion (`w:ins`, `w:del`, a deletion followed by an insertion being one
replacement) as a suggested change.

Placed: first by the reportgen bookmarks around the place (`export docx` writes one around every
item and every paragraph: a comment inside a paragraph bookmark is on that item and paragraph);
when the bookmarks are gone (deleted, or the file re-saved by another program), by the quoted
words, looked up in every text of the model in every language (`anchors.QuoteIndex`).

A file of another evaluation is refused: `export docx` states the evaluation's code (and the
language, edition and round) in the core properties' identifier ("reportgen-word-draft;
evaluation=…; language=es; …") and in a custom XML part that also lists every bookmark (long
item IDs have hashed bookmark names, looked up there or computed from the model).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict

from lxml import etree

from .anchors import QuoteIndex, paragraphs
from .incoming import BOOKMARK_PREFIX, IncomingComment, bookmark_name, parse_bookmark
from .package import Package, PackageError
from .wordmap import BookmarkNames, DraftMap, Identity, read_map

if TYPE_CHECKING:
    from ..graph import Graph

# lxml ships no type information: its elements are Any here.
Element = Any
# Where a bookmark puts a comment: (item, paragraph number or None).
BookmarkPlace = tuple[str, int | None]

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
W15 = "{http://schemas.microsoft.com/office/word/2012/wordml}"
DC = "{http://purl.org/dc/elements/1.1/}"
CONTEXT_WORDS = 8  # the words before a tracked change, to place it by quote when there is no bookmark
MAX_QUOTE = 1000   # characters of a comment's quoted words kept


class WordFileError(Exception):
    """The file is refused as a whole (another project's, a hostile or damaged file)."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message, self.hint = message, hint


@dataclass
class WordRead:
    comments: list[IncomingComment] = field(default_factory=list)
    identifier: str | None = None   # the core properties' identifier, when the file has one


@dataclass
class _Range:
    anchor: tuple[str, int | None] | None
    position: int = 0               # order in the document
    paragraph: int = 0              # the document paragraph it starts in (an index into _Walk.paragraphs)
    words: list[str] = field(default_factory=list)


@dataclass
class _Change:
    element: object
    author: str | None
    date: str | None
    source_id: str
    anchor: tuple[str, int | None] | None
    context: str
    deleted: list[str] = field(default_factory=list)
    inserted: list[str] = field(default_factory=list)
    kind: str = ""
    position: int = 0
    paragraph: int = 0


def read_word(path: Path, graph: Graph, organisation: str | None = None, index: QuoteIndex | None = None,
              round_id: str | None = None) -> WordRead:
    """The comments and tracked changes of a Word file, placed on the model's items.

    `organisation` (the reviewer, --reviewer) names who commented; without it, each author. A draft
    sent out for a round (`export docx --round`) is refused for any other `round_id`.
    Raises WordFileError for a file that must not or cannot be read.
    """
    try:
        with Package(path, ".docx") as package:
            return _read(package, path, graph, organisation, index, round_id)
    except PackageError as exc:
        raise WordFileError(exc.message, exc.hint) from None


def _read(package: Package, path: Path, graph: Graph, organisation: str | None, index: QuoteIndex | None, round_id: str | None = None) -> WordRead:
    document = package.xml("word/document.xml")
    if document is None or document.tag != W + "document":
        raise WordFileError("not a Word document (no word/document.xml)",
                            "import the .docx a reviewer sent back (a comments matrix: .xlsx)")
    draft = _draft_map(package)
    identifier, language = _check_project(package, graph, draft)
    _check_round(package, draft, path, round_id)
    names = _BookmarkNames(graph, draft.bookmarks if draft is not None else None)
    margin = _margin_comments(package)
    walk = _walk(document, names)
    _add_footnotes(package, walk, names)
    result = WordRead(identifier=identifier)
    order: dict[str, int] = {}
    by_paraid = {c["para_id"]: cid for cid, c in margin.items() if c["para_id"]}
    index = index if index is not None else QuoteIndex(graph)
    for cid, info in margin.items():
        where = walk.ranges.get(cid)
        parent = by_paraid.get(info["parent"]) if info["parent"] else None
        quote = _clean(" ".join("".join(where.words).split())) if where else None  # the words, spaces single
        if quote and len(quote) > MAX_QUOTE:  # a comment on pages of text: its opening words say where
            quote = quote[:MAX_QUOTE].rsplit(" ", 1)[0] + " …"
        incoming = IncomingComment(
            source=f"{path.name}#c{cid}", organisation=organisation or info["author"] or "?",
            text=_clean(info["text"]), author=info["author"], date=_date(info["date"]), quote=quote or None,
            language=language, location=f"comment {cid}", initials=info["initials"],
            reply_to=f"{path.name}#c{parent}" if parent is not None and parent != cid else None)
        near = walk.surroundings(where.paragraph) if where else (None, None)
        result.comments.append(_place(incoming, where.anchor if where else None, quote, index, near))
        order[incoming.source] = where.position if where else 1 << 60
    for change in walk.changes:
        deleted = _clean("".join(change.deleted)) or None
        inserted = _clean("".join(change.inserted)) or None
        incoming = IncomingComment(
            source=f"{path.name}#t{change.source_id}", organisation=organisation or change.author or "?",
            text="", author=change.author, date=_date(change.date), inserted=inserted,
            deleted=deleted, language=language, location=f"tracked change {change.source_id}")
        # the words before the change and the words it removes are the draft's own words
        result.comments.append(_place(incoming, change.anchor, f"{change.context} {deleted or ''}".strip(), index,
                                      walk.surroundings(change.paragraph)))
        order[incoming.source] = change.position
    result.comments.sort(key=lambda c: order[c.source])  # as the document reads
    # Replies sit in the same place as the comment they answer.
    by_source = {c.source: c for c in result.comments}
    for position, comment in enumerate(result.comments):
        answered = by_source.get(comment.reply_to) if comment.reply_to else None
        if answered is not None and comment.target is None and answered.target is not None:
            result.comments[position] = replace(comment, target=answered.target, paragraph=answered.paragraph,
                                                placed_by=answered.placed_by)
    return result


def _place(incoming: IncomingComment, anchor: BookmarkPlace | None, quote: str | None, index: QuoteIndex,
           near: tuple[str | None, str | None] = (None, None)) -> IncomingComment:
    """On the bookmark's item, unless the quoted words are not in that item but in exactly one other:
    a program that re-saved the file may have moved bookmarks (LibreOffice collapses some and stretches
    others), while the words stay where the reviewer put the comment. `near`: the words of the
    paragraph and of the heading around the quote, for a quote the report holds in several places."""
    if anchor is not None:
        match = index.find(quote) if quote else None  # the bookmark holds unless the words are elsewhere only
        if match is None or match.place is None or match.place.target == anchor[0] \
                or anchor[0] in match.candidates:
            return replace(incoming, target=anchor[0], paragraph=anchor[1], placed_by="bookmark")
        return replace(incoming, target=match.place.target, paragraph=match.place.paragraph, placed_by="quote")
    match = index.find(quote, *near) if quote else None
    if match is None:
        return incoming
    if match.place is not None:
        return replace(incoming, target=match.place.target, paragraph=match.place.paragraph, placed_by="quote")
    return replace(incoming, candidates=match.candidates)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _clean(text: str) -> str:
    """Control characters out (Word can hold some; they break YAML and spreadsheets); line breaks kept."""
    return _CONTROL.sub("", text)


def _date(value: str | None) -> str | None:
    match = re.match(r"\d{4}-\d{2}-\d{2}", value or "")
    return match.group(0) if match else None


def _draft_map(package: Package) -> DraftMap | None:
    """The identity and bookmark list `export docx` stores in a custom XML part (review/wordmap.py)."""
    for name in sorted(package.names):
        if name.startswith("customXml/item") and name.endswith(".xml") and "/" not in name[len("customXml/"):]:
            data = package.read(name)
            if data and b"<!DOCTYPE" not in data and b"<!ENTITY" not in data:  # never expanded, even by etree
                found = read_map(data)
                if found is not None:
                    return found
    return None


def _check_round(package: Package, draft: DraftMap | None, path: Path, round_id: str | None) -> None:
    """A draft sent out for one round (export docx --round) brings that round's comments only."""
    core = package.xml("docProps/core.xml")
    stated = Identity.from_identifier(core.findtext(DC + "identifier") if core is not None else None) \
        or (draft.identity if draft is not None else None)
    sent_for = stated.sent_for if stated is not None else None
    if round_id and sent_for and sent_for != round_id:
        raise WordFileError(f"this draft was sent out for round {sent_for!r}, not {round_id!r}",
                            f"import it with: reportgen comments import {sent_for} {path.name}")


def _check_project(package: Package, graph: Graph, draft: DraftMap | None) -> tuple[str | None, str | None]:
    """(identifier, language) from the core properties (or the draft's own part); a file of another
    evaluation is refused."""
    core = package.xml("docProps/core.xml")
    identifier = core.findtext(DC + "identifier") if core is not None else None
    identifier = (identifier or "").strip() or None
    evaluation = graph.content.evaluation
    code = evaluation.code if evaluation is not None else None
    stated = Identity.from_identifier(identifier) or (draft.identity if draft is not None else None)
    languages = set(graph.ctx.languages)
    if stated is not None and stated.evaluation:
        if code is not None and stated.evaluation != code:
            raise WordFileError(f"this is the draft of another evaluation ({stated.evaluation}); this project "
                                f"is {code}", "import the file into the project it came from")
        return identifier, stated.language if stated.language in languages else None
    if identifier is None or code is None:
        return identifier, None
    # An identifier written otherwise (by hand, by another tool): the code must appear in it.
    if not re.search(r"(?<![A-Za-z0-9])" + re.escape(code) + r"(?![A-Za-z0-9])", identifier, re.IGNORECASE):
        raise WordFileError(f"this is the draft of another evaluation (identifier {identifier!r}); this project "
                            f"is {code}", "import the file into the project it came from, or check the file name")
    values = [t.split("=", 1)[-1] for t in re.split(r"[\s;,|/]+", identifier) if t]
    return identifier, next((v for v in values if v in languages), None)


class _BookmarkNames:
    """Bookmark name → (item ID, paragraph): parsed, or for a hashed (long) name looked up."""

    def __init__(self, graph: Graph, listed: BookmarkNames | None = None) -> None:
        self.graph = graph
        self.listed = listed  # the names the draft's own part lists
        self._hashed: dict[str, tuple[str, int | None]] | None = None

    def get(self, name: str | None) -> tuple[str, int | None] | None:
        if not name or not name.startswith(BOOKMARK_PREFIX):
            return None
        if self.listed is not None and name in self.listed.entries:
            return self.listed.lookup(name)
        if "__h" not in name:
            return parse_bookmark(name)
        if self._hashed is None:
            self._hashed = self._hashed_names()
        return self._hashed.get(name)

    def _hashed_names(self) -> dict[str, tuple[str, int | None]]:
        from .anchors import _texts  # the same texts the quote index reads
        numbers: dict[str, set[int]] = {}
        for target, text in _texts(self.graph):
            numbers.setdefault(target, set()).update(n for n, _ in paragraphs(text) if n is not None)
        found = {}
        for target, paras in numbers.items():
            if len(bookmark_name(target)) < 30 and "__h" not in bookmark_name(target, 9999):
                continue
            for paragraph in (None, *sorted(paras)):
                found[bookmark_name(target, paragraph)] = (target, paragraph)
        return found


@dataclass
class _Walk:
    ranges: dict[str, _Range] = field(default_factory=dict)
    changes: list[_Change] = field(default_factory=list)
    # footnote ID → (the place its reference stands in, its order in the document)
    footnotes: dict[str, tuple[tuple[str, int | None] | None, int]] = field(default_factory=dict)
    paragraphs: list[tuple[str, bool]] = field(default_factory=list)  # (the draft's words, a heading?)

    def surroundings(self, paragraph: int) -> tuple[str | None, str | None]:
        """The words of a paragraph and of the heading above it: what tells apart a quote the
        report holds in several places (the summary repeats recommendations word for word)."""
        if not 0 <= paragraph < len(self.paragraphs):
            return None, None
        heading = next((text for text, is_heading in reversed(self.paragraphs[:paragraph]) if is_heading), None)
        return self.paragraphs[paragraph][0], heading


def _walk(document: Element, names: _BookmarkNames) -> _Walk:
    """One pass over the body in document order: open bookmarks, comment ranges, tracked changes."""
    walk = _Walk()
    open_marks: dict[str, tuple[str, int | None]] = {}   # bookmark id → place, in opening order
    open_ranges: dict[str, _Range] = {}
    waiting: list[_Range] = []       # ranges opened outside any paragraph bookmark
    change: _Change | None = None
    last_change: _Change | None = None
    paragraph_text: list[str] = []

    def anchor() -> BookmarkPlace | None:
        places = list(open_marks.values())
        with_paragraph = [p for p in places if p[1] is not None]
        return with_paragraph[-1] if with_paragraph else (places[-1] if places else None)

    for position, (event, element) in enumerate(etree.iterwalk(document, events=("start", "end"))):
        tag = element.tag
        if not isinstance(tag, str):
            continue
        if event == "start":
            if tag == W + "bookmarkStart":
                place = names.get(element.get(W + "name"))
                if place is not None:
                    open_marks[element.get(W + "id")] = place
                    for waiting_range in list(waiting):
                        if place[1] is not None or waiting_range.anchor is None:
                            waiting_range.anchor = place
                        if place[1] is not None:
                            waiting.remove(waiting_range)
            elif tag == W + "bookmarkEnd":
                open_marks.pop(element.get(W + "id"), None)
            elif tag == W + "commentRangeStart":
                cid = element.get(W + "id")
                found = _Range(anchor(), position, len(walk.paragraphs))
                walk.ranges[cid] = open_ranges[cid] = found
                if found.anchor is None or found.anchor[1] is None:
                    waiting.append(found)
            elif tag == W + "commentRangeEnd":
                closed = open_ranges.pop(element.get(W + "id"), None)
                if closed in waiting:
                    waiting.remove(closed)
            elif tag == W + "commentReference":
                cid = element.get(W + "id")
                if cid not in walk.ranges:  # a comment on a point, without a range
                    walk.ranges[cid] = _Range(anchor(), position, len(walk.paragraphs))
            elif tag in (W + "ins", W + "del") and element.getparent().tag != W + "rPr" \
                    and element.getparent().tag != W + "pPr":
                author, date = element.get(W + "author"), element.get(W + "date")
                if tag == W + "ins" and last_change is not None and element.getprevious() is last_change.element \
                        and last_change.author == author and not last_change.inserted:
                    change = last_change  # a deletion and the insertion right after it: one replacement
                    change.element = element
                else:
                    context = " ".join("".join(paragraph_text).split()[-CONTEXT_WORDS:])
                    change = _Change(element, author, date, element.get(W + "id") or str(len(walk.changes)),
                                     anchor(), context, position=position, paragraph=len(walk.paragraphs))
                    walk.changes.append(change)
                change.kind = tag
            elif tag == W + "footnoteReference":
                walk.footnotes[element.get(W + "id")] = (anchor(), position)
            elif tag == W + "p":
                paragraph_text = []
            continue
        # end events: text is complete once its element ends
        if tag == W + "t" or tag == W + "delText":
            words = element.text or ""
            in_insertion = change is not None and change.kind == W + "ins"
            if change is not None:
                (change.inserted if change.kind == W + "ins" else change.deleted).append(words)
            if not in_insertion:
                paragraph_text.append(words)
                for open_range in open_ranges.values():
                    open_range.words.append(words)
        elif tag in (W + "tab", W + "br", W + "cr"):
            for open_range in open_ranges.values():
                open_range.words.append(" ")
        elif tag == W + "p":
            for open_range in open_ranges.values():
                open_range.words.append("\n")
            walk.paragraphs.append((" ".join("".join(paragraph_text).split()), _is_heading(element)))
        elif change is not None and element is change.element:
            last_change, change = change, None
    return walk


_HEADING_STYLE = re.compile(r"(heading|titre|t[ií]tulo|berschrift)\s*\d", re.I)


def _is_heading(paragraph: Element) -> bool:
    style = paragraph.find(f"{W}pPr/{W}pStyle")
    return style is not None and bool(_HEADING_STYLE.match(style.get(W + "val") or ""))


def _add_footnotes(package: Package, walk: _Walk, names: _BookmarkNames) -> None:
    """Comments and tracked changes in footnotes belong where the footnote's reference stands
    (its item and paragraph); their words are the footnote's own."""
    root = package.xml("word/footnotes.xml")
    if root is None:
        return
    for footnote in root.iter(W + "footnote"):
        where = walk.footnotes.get(footnote.get(W + "id") or "")
        if where is None:  # the separators, or a footnote no longer referenced
            continue
        inner = _walk(footnote, names)
        for cid, found in inner.ranges.items():
            walk.ranges.setdefault(cid, _Range(where[0], where[1], paragraph=-1, words=found.words))
        for change in inner.changes:  # (their paragraph is the footnote's: no surroundings in the body)
            change.anchor, change.position, change.paragraph = where[0], where[1], -1
            walk.changes.append(change)


class _MarginComment(TypedDict):
    text: str
    author: str | None
    initials: str | None
    date: str | None
    para_id: str | None
    parent: str | None


def _margin_comments(package: Package) -> dict[str, _MarginComment]:
    """Comment ID → text, author, initials, date, its paragraph ID and its parent's (replies)."""
    root = package.xml("word/comments.xml")
    found: dict[str, _MarginComment] = {}
    if root is None:
        return found
    for comment in root.iter(W + "comment"):
        paras = list(comment.iter(W + "p"))
        text = "\n".join("".join(t.text or "" for t in p.iter(W + "t")) for p in paras).strip()
        found[comment.get(W + "id")] = {
            "text": text, "author": (comment.get(W + "author") or "").strip() or None,
            "initials": comment.get(W + "initials"), "date": comment.get(W + "date"),
            "para_id": paras[-1].get(W14 + "paraId") if paras else None, "parent": None}
    extended = package.xml("word/commentsExtended.xml")
    if extended is not None:
        parents = {ex.get(W15 + "paraId"): ex.get(W15 + "paraIdParent") for ex in extended.iter(W15 + "commentEx")}
        for info in found.values():
            info["parent"] = parents.get(info["para_id"])
    return found

