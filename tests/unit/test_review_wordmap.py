"""The Word draft's self-description: identity line, bookmark map, reading it back from a .docx."""

from __future__ import annotations

import zipfile

from reportgen.review.incoming import bookmark_name
from reportgen.review.wordmap import Bookmark, BookmarkNames, DraftMap, Identity, draft_map_of, map_xml, read_map


def test_identifier_round_trip_and_refusal_of_other_identifiers():
    identity = Identity("PER/17/51/USA", "review", "es", "0.1.0", "final-draft")
    assert Identity.from_identifier(identity.identifier()) == identity
    assert Identity.from_identifier(Identity("X", "public", "en", "1").identifier()).round is None
    odd = Identity("A;B=C%3B", "review", "en", "1", "r;1")
    assert Identity.from_identifier(odd.identifier()) == odd
    for other in (None, "", "urn:isbn:123", "reportgen-word-draft; evaluation=X"):
        assert Identity.from_identifier(other) is None


def test_map_round_trip_with_hashed_names(tmp_path):
    long_id = "A" * 64
    names = BookmarkNames({name: Bookmark(name, item, paragraph) for name, item, paragraph in (
        (bookmark_name(long_id), long_id, None), (bookmark_name(long_id, 3), long_id, 3),
        (bookmark_name("page:summary", 2), "page:summary", 2))})
    draft = DraftMap(Identity("T/1", "review", "en", "0.1.0"), names, numbered_paragraphs=True)
    back = read_map(map_xml(draft))
    assert back == draft
    assert back.bookmarks.lookup(bookmark_name(long_id, 3)) == (long_id, 3)
    assert back.bookmarks.lookup(bookmark_name("R1", 2)) == ("R1", 2)   # not listed: read from the name
    assert back.bookmarks.lookup("_GoBack") is None
    path = tmp_path / "d.docx"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("customXml/item1.xml", b"<b:Sources xmlns:b='urn:x'/>")
        package.writestr("customXml/item2.xml", map_xml(draft))
    assert draft_map_of(path) == draft
    with zipfile.ZipFile(tmp_path / "other.docx", "w") as package:
        package.writestr("word/document.xml", b"<w/>")
    assert draft_map_of(tmp_path / "other.docx") is None
