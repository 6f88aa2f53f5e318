"""Readers: a source file (Markdown/text, a .docx or a PDF) -> Markdown lines.

A .docx is converted with pandoc (docx_reader.py: headings, tables, footnotes, emphasis, links;
see docs/pages/decisions.md for why pandoc rather than mammoth), a PDF from its characters' fonts
and positions (pdf_reader.py). Everything after this step works on Markdown text, whatever the
source was, so the recognisers are the same for all three.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from .docx_reader import docx_to_markdown
from .errors import SourceError
from .pdf_reader import pdf_to_markdown
from .plain_text import is_marked, layout_tables, mark_footnotes, mark_headings, mark_paragraph_ends

# A source larger than this is not a report (the bundled 180-page one is 0.6 MB of text).
MAX_SOURCE_BYTES = 64 * 1024 * 1024


@dataclass
class Source:
    path: Path
    kind: str            # "text", "docx", "pdf" or "html"
    lines: list[str]     # Markdown lines; line numbers in IMPORT.md refer to these
    shown_as: str        # how IMPORT.md names the lines (the file itself, or pandoc's Markdown of it)
    wrapped: bool = False  # plain text without Markdown headings: its paragraphs are wrapped lines


def read_source(path: Path) -> Source:
    if not path.is_file():
        raise SourceError(f"{path}: no such file (give the path of a .md, .txt, .docx, .pdf or .html report)")
    size = path.stat().st_size
    if size == 0:
        raise SourceError(f"{path}: the file is empty (export the report again from its source)")
    if size > MAX_SOURCE_BYTES:
        raise SourceError(f"{path}: {size} bytes is too large for a report (at most {MAX_SOURCE_BYTES})")
    if path.suffix.lower() == ".docx":
        from .docx_title import title_markdown  # the Title paragraph pandoc keeps as metadata
        from .html import unlink_internal  # links to the document's own bookmarks keep their words

        body = docx_to_markdown(path)  # checks the archive first
        text = title_markdown(path) + unlink_internal(body)
        return Source(path, "docx", _lines(text), f"{path.name} converted to Markdown by pandoc")
    if path.suffix.lower() in (".html", ".htm", ".xhtml"):
        from .html import read_html  # its own module: lxml + pandoc

        text = read_html(path, path.read_bytes())
        return Source(path, "html", _lines(text), f"{path.name} converted to Markdown by pandoc")
    if path.suffix.lower() == ".pdf" or _starts_like_pdf(path):
        text = pdf_to_markdown(path)
        return Source(path, "pdf", _lines(text), f"{path.name} read as Markdown from its text, fonts and positions")
    lines = _lines(_read_text(path))
    if is_marked(lines):  # Markdown: its own headings, paragraphs and tables
        return Source(path, "text", lines, path.name)
    marked = mark_paragraph_ends(layout_tables(mark_headings(mark_footnotes(lines))))
    return Source(path, "text", marked, path.name, wrapped=True)


def _starts_like_pdf(path: Path) -> bool:
    with path.open("rb") as stream:
        return stream.read(5) == b"%PDF-"


def _read_text(path: Path) -> str:
    data = path.read_bytes()
    if zipfile.is_zipfile(path):
        raise SourceError(f"{path}: this is a zip archive, not Markdown or text "
                          "(a Word file must end in .docx; other archives cannot be imported)")
    if b"\x00" in data[:65536]:
        raise SourceError(f"{path}: this is a binary file, not Markdown or text "
                          "(convert the report to Markdown, or give the .docx)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise SourceError(f"{path}:{line}: not UTF-8 text (byte 0x{data[exc.start]:02x}); "
                          "save the file as UTF-8 and import it again") from None
    if not text.strip():
        raise SourceError(f"{path}: the file holds only blank space (export the report again)")
    return text


def _lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
