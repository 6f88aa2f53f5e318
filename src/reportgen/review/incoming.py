"""What every comment reader hands over, and how Word bookmarks name the report's places.

Readers (Word margin comments and tracked changes, a comments matrix, the review site's
"Download my comments" file) each turn a file into `IncomingComment`s; one merger writes
them into `content/rounds/ROUND.yaml`. Nothing here knows a file format.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

# Word bookmark names: a letter first, then letters, digits and "_", at most 40 characters.
# Item IDs may hold "." and "-" (SPE13.1, PER-R1) and run to 64 characters, so they are
# encoded: "_" + two hex digits for every character that is not a letter or a digit
# ("SPE13.1" -> "rg_SPE13_2E1"), a paragraph after "__p" ("rg_S7__p85"). A name that would
# pass 40 characters ends in "__h" + a hash; the writer lists those in the document's
# custom XML so the reader can map them back (see `BookmarkNames`).
BOOKMARK_PREFIX = "rg_"
MAX_BOOKMARK = 40
_SAFE = re.compile(r"[A-Za-z0-9]")


def _encode(item_id: str) -> str:
    return "".join(ch if _SAFE.fullmatch(ch) else "_%02X" % ord(ch) for ch in item_id if ord(ch) < 256)


def _decode(encoded: str) -> str:
    return re.sub(r"_([0-9A-F]{2})", lambda m: chr(int(m.group(1), 16)), encoded)


def bookmark_name(item_id: str, paragraph: int | None = None) -> str:
    """The bookmark naming an item, or one paragraph of it (1-based, or the report's own number)."""
    name = BOOKMARK_PREFIX + _encode(item_id) + (f"__p{paragraph}" if paragraph is not None else "")
    if len(name) <= MAX_BOOKMARK:
        return name
    digest = hashlib.sha1(f"{item_id}#{paragraph}".encode()).hexdigest()[:10]
    return (BOOKMARK_PREFIX + _encode(item_id))[:MAX_BOOKMARK - 13] + "__h" + digest


def parse_bookmark(name: str) -> tuple[str, int | None] | None:
    """(item ID, paragraph) of a bookmark written by `bookmark_name`; None for any other bookmark
    (Word's own `_GoBack`, `_Toc…`, a reviewer's) and for hashed names (look those up instead)."""
    if not name.startswith(BOOKMARK_PREFIX) or "__h" in name:
        return None
    body = name[len(BOOKMARK_PREFIX):]
    paragraph = None
    match = re.fullmatch(r"(.*)__p(\d+)", body)
    if match:
        body, paragraph = match.group(1), int(match.group(2))
    return (_decode(body), paragraph) if body else None


@dataclass(frozen=True)
class IncomingComment:
    """One reviewer's comment (or suggested change) as a reader found it, before merging."""

    source: str                 # a stable key of this comment in its file ("draft-MIMP.docx#c12", "matrix.xlsx#row7")
    organisation: str           # who commented (the reviewer's organisation, or the author when no other is known)
    text: str                   # the comment; for a bare tracked change, may be ""
    author: str | None = None   # a person's name (never published)
    date: str | None = None     # ISO date as the file gives it
    target: str | None = None   # the item ID it is anchored in; None when no anchor was found
    paragraph: int | None = None  # the numbered paragraph (or the 1-based paragraph of the item's text)
    quote: str | None = None    # the words the reviewer marked
    inserted: str | None = None  # a tracked change: the words the reviewer added
    deleted: str | None = None   # a tracked change: the words the reviewer removed
    language: str | None = None
    location: str | None = None  # where in the file, for messages ("comment 12", "row 7")
    initials: str | None = None  # the author's initials as Word records them
    reply_to: str | None = None  # the `source` of the comment this one answers (a Word reply thread)
    placed_by: str | None = None  # how the place was found: "bookmark", "quote", "given" (a matrix row), None
    candidates: tuple[str, ...] = ()  # the items holding the quote, when it was found in several
    missing_target: str | None = None  # a place the file named that is not (or no longer) in the report
