"""Word files as reviewers send them back, made with python-docx: the draft's paragraphs inside
reportgen bookmarks (`bookmark_name`), margin comments on quoted words, replies (threaded through
commentsExtended.xml, as Word writes them) and tracked insertions and deletions."""

from __future__ import annotations

import itertools
import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from reportgen.review.incoming import bookmark_name

W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"


@dataclass
class Note:
    quote: str                      # words of the paragraph the comment is on
    text: str
    author: str = "Ana Ruiz"
    replies: list[tuple[str, str]] = field(default_factory=list)  # (author, text)


@dataclass
class Block:
    """One paragraph of the draft (or one table cell, `cell=True`)."""

    text: str
    item: str | None = None         # the bookmark's item; None: no bookmark
    paragraph: int | None = None
    notes: list[Note] = field(default_factory=list)
    delete: str | None = None       # tracked deletion of these words
    insert: tuple[str, str] | None = None  # (after these words, insert this text)
    replace: tuple[str, str] | None = None  # (these words, by this text)
    cell: bool = False
    style: str | None = None        # a paragraph style ("Heading 2"): headings tell repeated words apart


_ids = itertools.count(1)


def make_draft(path: Path, blocks: list[Block], identifier: str | None = None, bookmarks: bool = True,
               item_bookmarks: bool = True) -> Path:
    document = Document()
    replies = []  # (comment, parent comment)
    table = None
    for block in blocks:
        if block.cell:
            table = table or document.add_table(rows=0, cols=2)
            row = table.add_row()
            row.cells[0].text = block.item or ""
            paragraph = row.cells[1].paragraphs[0]
        else:
            table = None
            paragraph = document.add_paragraph(style=block.style)
        marks = []
        if bookmarks and block.item:
            if item_bookmarks:
                marks.append(bookmark_name(block.item))
            if block.paragraph is not None:
                marks.append(bookmark_name(block.item, block.paragraph))
        starts = []
        for name in marks:
            start = OxmlElement("w:bookmarkStart")
            number = str(next(_ids))
            start.set(qn("w:id"), number)
            start.set(qn("w:name"), name)
            paragraph._p.append(start)
            starts.append(number)
        _fill(document, paragraph, block, replies)
        for number in reversed(starts):
            end = OxmlElement("w:bookmarkEnd")
            end.set(qn("w:id"), number)
            paragraph._p.append(end)
    if identifier is not None:
        document.core_properties.identifier = identifier
    document.save(path)
    if replies:
        _thread(path, replies)
    return path


def _fill(document, paragraph, block: Block, replies) -> None:
    """The paragraph's words as runs, with comments on quotes and tracked changes."""
    cuts = sorted({0, len(block.text), *[i for note in block.notes for i in _span(block.text, note.quote)],
                   *(_span(block.text, block.delete) if block.delete else ()),
                   *(_span(block.text, block.replace[0]) if block.replace else ()),
                   *((block.text.index(block.insert[0]) + len(block.insert[0]),) if block.insert else ())})
    runs = {}
    for start, end in zip(cuts, cuts[1:]):
        words = block.text[start:end]
        if block.delete and words == block.delete or block.replace and words == block.replace[0]:
            deletion = _change(paragraph, "w:del", words)
            runs[(start, end)] = None
            if block.replace and words == block.replace[0]:
                _change(paragraph, "w:ins", block.replace[1], after=deletion)
            continue
        runs[(start, end)] = paragraph.add_run(words)
        if block.insert and end == block.text.index(block.insert[0]) + len(block.insert[0]):
            _change(paragraph, "w:ins", block.insert[1])
    for note in block.notes:
        start, end = _span(block.text, note.quote)
        covered = [run for (s, e), run in runs.items() if s >= start and e <= end and run is not None]
        comment = document.add_comment(covered, note.text, note.author, note.author[:2].upper())
        for author, text in note.replies:
            reply = document.add_comment(covered, text, author, author[:2].upper())
            replies.append((reply.comment_id, comment.comment_id))


def _span(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def _change(paragraph, tag: str, words: str, after=None):
    change = OxmlElement(tag)
    change.set(qn("w:id"), str(next(_ids) + 1000))
    change.set(qn("w:author"), "Luis Soto")
    change.set(qn("w:date"), "2024-12-04T09:00:00Z")
    run = OxmlElement("w:r")
    text = OxmlElement("w:delText" if tag == "w:del" else "w:t")
    text.text = words
    text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    run.append(text)
    change.append(run)
    if after is not None:
        after.addnext(change)
    else:
        paragraph._p.append(change)
    return change


def _thread(path: Path, replies: list[tuple[int, int]]) -> None:
    """Give every comment's paragraph a w14:paraId and write commentsExtended.xml (Word's reply threads)."""
    from lxml import etree

    source = zipfile.ZipFile(path)
    parts = {name: source.read(name) for name in source.namelist()}
    source.close()
    comments = etree.fromstring(parts["word/comments.xml"])
    ids = {}
    for comment in comments.iter(qn("w:comment")):
        para_id = "%08X" % (0x10000000 + int(comment.get(qn("w:id"))))
        comment.findall(qn("w:p"))[-1].set(f"{{{W14}}}paraId", para_id)
        ids[int(comment.get(qn("w:id")))] = para_id
    parents = dict(replies)
    entries = "".join(f'<w15:commentEx w15:paraId="{ids[c]}"' + (f' w15:paraIdParent="{ids[parents[c]]}"'
                                                                   if c in parents else "") + ' w15:done="0"/>'
                      for c in sorted(ids))
    parts["word/comments.xml"] = etree.tostring(comments, xml_declaration=True, encoding="UTF-8", standalone=True)
    parts["word/commentsExtended.xml"] = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                                          f'<w15:commentsEx xmlns:w15="{W15}" xmlns:mc="http://schemas.openxml'
                                          f'formats.org/markup-compatibility/2006">{entries}</w15:commentsEx>'
                                          ).encode()
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/word/commentsExtended.xml" ContentType="application/vnd.openxmlformats-'
        b'officedocument.wordprocessingml.commentsExtended+xml"/></Types>')
    parts["word/_rels/document.xml.rels"] = parts["word/_rels/document.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Id="rIdX15" Type="http://schemas.microsoft.com/office/2011/'
        b'relationships/commentsExtended" Target="commentsExtended.xml"/></Relationships>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)


def copy_project(sample: Path, root: Path, config: str | None = None) -> Path:
    """The sample content in a fresh project folder (comments are imported into it)."""
    shutil.copytree(sample, root / "content")
    if config:
        (root / "reportgen.yml").write_text(config, encoding="utf-8")
    return root
