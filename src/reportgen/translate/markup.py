"""Markdown markup as inline tags, so that translators' tools protect it and the import checks it.

A text is cut into plain text and tags: paired tags for bold (`**`), italics (`*`) and links
(`[`…`](url)`); isolated tags for footnote references (`[^12]`), `[[ID]]` references, a footnote's
label (`[^12]: `), heading marks, list markers, quote marks and table pipes and rows. Tags are
numbered in the order of the original; a translation's tags get the number of the original's tag
with the same code (the n-th bold of the translation is the n-th bold of the original).

In PO files the tags are XML-like (`<b1>…</b1>`, `<i2>…</i2>`, `<a3>…</a3>`, `<fn4/>`, `<ref5/>`,
`<x6/>`), which `pofilter`'s tag checks and CAT tools see; the note of the entry says what each
stands for. In XLIFF 1.2 they are `<g id="1" ctype="bold">` and `<ph id="4" ctype="x-footnote">`
holding the native code. On import every tag of the original must be in the translation once (in
any order): else the entry is refused with its context. The Markdown is rebuilt from the
original's codes, never from what the file says a tag holds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..content.markdown import REFERENCE

# Paired: (kind, opening pattern, closing pattern); isolated: (kind, pattern).
_INLINE = re.compile(
    r"(?P<fnref>\[\^[^\]\s]+\](?!:))"
    rf"|(?P<ref>{REFERENCE.pattern})"
    r"|(?P<link>\[(?=[^\]\n]*\]\([^)\s]+\)))"
    r"|(?P<linkend>\]\([^)\s]+\))"
    r"|(?P<bold>\*\*(?=\S)|(?<=\S)\*\*)"
    r"|(?P<italic>(?<![*\w])\*(?=[^\s*])|(?<=[^\s*])\*(?![*\w]))"
)
_LINE_START = re.compile(r"^(?P<lead>[ \t]*(?:#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+|\d{1,9}[.)][ \t]+|\[\^[^\]\s]+\]:[ \t]*)+)",
                         re.MULTILINE)
_TABLE_GAP = re.compile(r"[ \t]*\|[ \t]*(?:\n[ \t]*\|[ \t]*)?|\n")
_ALIGN_ROW = re.compile(r"^[ \t]*\|?[ \t]*:?-{2,}:?[ \t]*(\|[ \t]*:?-{2,}:?[ \t]*)*\|?[ \t]*$")
_PO_TAG = re.compile(r"<(/?)([a-z]+)(\d+)(/?)>")
NAMES = {"bold": "b", "italic": "i", "link": "a", "fnref": "fn", "ref": "ref", "structure": "x"}
CTYPES = {"bold": "bold", "italic": "italic", "link": "link", "fnref": "x-footnote", "ref": "x-reference",
          "structure": "x-markdown"}


@dataclass(frozen=True)
class Tag:
    id: int
    kind: str          # bold, italic, link, fnref, ref, structure
    role: str          # open, close, single
    code: str          # the Markdown it stands for


Piece = str | Tag


def tokenize(text: str) -> list[Piece]:
    """`text` as plain strings and tags; "".join of the codes and strings gives `text` back."""
    pieces: list[Piece] = []
    counter = [0]
    for chunk, is_structure in _structure_chunks(text):
        if is_structure:
            counter[0] += 1
            pieces.append(Tag(counter[0], "structure", "single", chunk))
        else:
            pieces.extend(_inline(chunk, counter))
    return _pair_check(pieces)


def _structure_chunks(text: str) -> list[tuple[str, bool]]:
    """Line-start marks (headings, lists, quotes, footnote labels) and, in tables, pipes and rows."""
    lines = text.split("\n")
    is_table = bool(lines) and all(line.lstrip().startswith("|") for line in lines if line.strip())
    chunks: list[tuple[str, bool]] = []
    if is_table:
        for index, line in enumerate(lines):
            prefix = "\n" if index else ""
            if _ALIGN_ROW.match(line):
                chunks.append((prefix + line, True))
                continue
            position = 0
            for match in re.finditer(r"[ \t]*\|[ \t]*", line):
                if match.start() > position:
                    chunks.append((line[position:match.start()], False))
                chunks.append(((prefix if position == 0 and match.start() == 0 else "") + match.group(0), True))
                position = match.end()
            if position < len(line):
                chunks.append((line[position:], False))
        return _merge(chunks)
    position = 0
    for match in _LINE_START.finditer(text):
        start = match.start()
        if start > 0 and text[start - 1] == "\n":  # the line break before a marked line is structure too
            start -= 1
        if start > position:
            chunks.append((text[position:start], False))
        chunks.append((text[start:match.end()], True))
        position = match.end()
    if position < len(text):
        chunks.append((text[position:], False))
    return _merge(chunks)


def _merge(chunks: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    out: list[tuple[str, bool]] = []
    for chunk, flag in chunks:
        if not chunk:
            continue
        if out and out[-1][1] and flag:
            out[-1] = (out[-1][0] + chunk, True)
        else:
            out.append((chunk, flag))
    return out


def _inline(text: str, counter: list[int]) -> list[Piece]:
    pieces: list[Piece] = []
    open_tags: dict[str, Tag] = {}
    position = 0
    for match in _INLINE.finditer(text):
        kind = match.lastgroup or ""
        code = match.group(0)
        if match.start() > position:
            pieces.append(text[position:match.start()])
        position = match.end()
        if kind in ("fnref", "ref"):
            counter[0] += 1
            pieces.append(Tag(counter[0], kind, "single", code))
        elif kind == "linkend":
            opened = open_tags.pop("link", None)
            pieces.append(Tag(opened.id, "link", "close", code) if opened else code)
        elif kind == "link":
            counter[0] += 1
            open_tags["link"] = tag = Tag(counter[0], "link", "open", code)
            pieces.append(tag)
        else:  # bold, italic: the same mark opens and closes
            opened = open_tags.pop(kind, None)
            if opened is None:
                counter[0] += 1
                open_tags[kind] = tag = Tag(counter[0], kind, "open", code)
                pieces.append(tag)
            else:
                pieces.append(Tag(opened.id, kind, "close", code))
    if position < len(text):
        pieces.append(text[position:])
    return pieces


def _pair_check(pieces: list[Piece]) -> list[Piece]:
    """An opening mark without its closing one (a lone `*`) is text, not a tag."""
    opened = {p.id for p in pieces if isinstance(p, Tag) and p.role == "open"}
    closed = {p.id for p in pieces if isinstance(p, Tag) and p.role == "close"}
    unpaired = opened ^ closed
    out: list[Piece] = []
    for piece in pieces:
        value: Piece = piece.code if isinstance(piece, Tag) and piece.id in unpaired else piece
        if isinstance(value, str) and out and isinstance(out[-1], str):
            out[-1] += value
        else:
            out.append(value)
    return _renumber(out)


def _renumber(pieces: list[Piece]) -> list[Piece]:
    numbers: dict[int, int] = {}
    out: list[Piece] = []
    for piece in pieces:
        if isinstance(piece, Tag):
            number = numbers.setdefault(piece.id, len(numbers) + 1)
            out.append(Tag(number, piece.kind, piece.role, piece.code))
        else:
            out.append(piece)
    return out


def has_tags(pieces: list[Piece]) -> bool:
    return any(isinstance(p, Tag) for p in pieces)


def align(translation: str, source: list[Piece]) -> list[Piece]:
    """A translation's pieces, its tags numbered as the original's tags with the same code (in order);
    a tag the original does not have gets a number after the original's."""
    pieces = tokenize(translation)
    free: dict[tuple[str, ...], list[int]] = {}
    for tag in (p for p in source if isinstance(p, Tag) and p.role != "close"):
        free.setdefault(_key(tag), []).append(tag.id)
    numbers: dict[int, int] = {}
    extra = max((p.id for p in source if isinstance(p, Tag)), default=0)
    out: list[Piece] = []
    for piece in pieces:
        if not isinstance(piece, Tag):
            out.append(piece)
            continue
        if piece.id not in numbers:
            candidates = free.get(_key(piece))
            if candidates:
                numbers[piece.id] = candidates.pop(0)
            else:
                extra += 1
                numbers[piece.id] = extra
        out.append(Tag(numbers[piece.id], piece.kind, piece.role, piece.code))
    return out


def _key(tag: Tag) -> tuple[str, ...]:
    if tag.kind in ("bold", "italic"):
        return (tag.kind,)
    if tag.kind == "structure":
        return (tag.kind, tag.code.strip())
    return (tag.kind, tag.code)


def po_text(pieces: list[Piece]) -> str:
    out = []
    for piece in pieces:
        if isinstance(piece, str):
            out.append(piece)
        else:
            name = NAMES[piece.kind]
            out.append({"open": f"<{name}{piece.id}>", "close": f"</{name}{piece.id}>",
                        "single": f"<{name}{piece.id}/>"}[piece.role])
    return "".join(out)


def legend(pieces: list[Piece]) -> str:
    """What the tags of a PO entry stand for, for the translator's note."""
    parts = []
    for piece in pieces:
        if isinstance(piece, Tag) and piece.role != "close":
            name = NAMES[piece.kind]
            shown = piece.code.replace("\n", "⏎") if piece.kind in ("fnref", "ref", "structure") else piece.kind
            if piece.kind == "link":
                closing = next((p.code for p in pieces if isinstance(p, Tag) and p.id == piece.id
                                and p.role == "close"), "")
                shown = "link to " + closing[2:-1]
            label = f"<{name}{piece.id}/>" if piece.role == "single" else f"<{name}{piece.id}>…</{name}{piece.id}>"
            parts.append(f"{label} = {shown.strip() or 'line break'}")
    return "Tags (keep each one, in any order): " + "; ".join(parts) if parts else ""


class TagError(Exception):
    def __init__(self, missing: list[str], extra: list[str]):
        super().__init__()
        self.missing, self.extra = missing, extra


def _describe(tag: Tag) -> str:
    name = NAMES[tag.kind]
    if tag.role == "single":
        return f"<{name}{tag.id}/> ({tag.code.strip() or 'line break'})"
    return f"<{name}{tag.id}>" if tag.role == "open" else f"</{name}{tag.id}>"


def markdown_from_tagged(tagged: str, source: list[Piece]) -> str:
    """The Markdown of a translation written with the original's tags (PO form, or the generic form
    the XLIFF reader gives: `<g1>…</g1>`, `<x2/>`), every tag checked against the original."""
    codes = {(p.id, p.role): p for p in source if isinstance(p, Tag)}
    seen: list[tuple[int, str]] = []
    extra: list[str] = []
    out: list[str] = []
    position = 0
    for match in _PO_TAG.finditer(tagged):
        closing, _, number, single = match.groups()
        role = "close" if closing else "single" if single else "open"
        key = (int(number), role)
        out.append(tagged[position:match.start()])
        position = match.end()
        tag = codes.get(key)
        if tag is None or key in seen:
            extra.append(match.group(0))
            continue
        seen.append(key)
        out.append(tag.code)
    out.append(tagged[position:])
    missing = [_describe(codes[key]) for key in codes if key not in seen]
    if missing or extra:
        raise TagError(missing, extra)
    return "".join(out)


def canonical(tagged: str) -> str:
    """Tagged text with the tags' names left out (`<b1>` and `<g1>` are the same tag)."""
    return _PO_TAG.sub(lambda m: f"<{m.group(1)}{m.group(3)}{m.group(4)}>", tagged)
