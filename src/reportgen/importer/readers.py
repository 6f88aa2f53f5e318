"""Readers: a source file (Markdown/text, a .docx or a PDF) -> Markdown lines.

A .docx is converted with pandoc (docx_reader.py: headings, tables, footnotes, emphasis, links;
see docs/pages/decisions.md for why pandoc rather than mammoth), a PDF from its characters' fonts
and positions (pdf_reader.py). Everything after this step works on Markdown text, whatever the
source was, so the recognisers are the same for all three.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..content.markdown import REFERENCE
from .docx_media import Figure, figures
from .docx_reader import check_archive, docx_to_markdown
from .errors import SourceError
from .guards import (CONTROL_CHARACTERS, CONTROLS_DROPPED, TEXT_CONTROL_CHARACTERS, DecodedText, check_office_package,
                     decode_text, drop_nul_bytes, sniff)
from .pdf_reader import pdf_notes, read_pdf
from .plain_text import (cell_runs, close_bullets, drop_page_furniture, hyphens_kept, is_marked, layout_tables,
                         list_markers_rejoined, mark_footnotes, mark_headings, mark_paragraph_ends, notes_after_tables)

# A source larger than this is not a report (the bundled 180-page one is 0.6 MB of text).
MAX_SOURCE_BYTES = 64 * 1024 * 1024
# A line longer than this is no paragraph (a picture inlined as a data: address, a generated blob):
# the recognisers' patterns would spend minutes and gigabytes on it.
MAX_LINE_CHARS = 200_000


@dataclass
class Source:
    path: Path
    kind: str            # "text", "docx", "pdf" or "html"
    lines: list[str]     # Markdown lines; line numbers in IMPORT.md refer to these
    shown_as: str        # how IMPORT.md names the lines (the file itself, or pandoc's Markdown of it)
    repaired: dict[str, int] = field(default_factory=dict)  # what the reader changed, for IMPORT.md
    unread: list[tuple[int | None, str]] = field(default_factory=list)  # (line, what was not read), for IMPORT.md
    wrapped: bool = False  # plain text without Markdown headings: its paragraphs are wrapped lines
    figures: dict[int, Figure] = field(default_factory=dict)  # a Word file's pictures (docx_media.py)
    cell_runs: list[tuple[int, int]] = field(default_factory=list)  # (first, last line) of cells written one per line


def read_source(path: Path) -> Source:
    """The source as Markdown lines; a line longer than MAX_LINE_CHARS is left out (and said)."""
    source = _read_source(path)
    literal = nested = controls = ligatures = 0
    for index, line in enumerate(source.lines):
        # what a page or a Word file still held (NUL, ESC…); a text's page breaks (form feeds) are kept for
        # the block reader (debris.py: a page's first line opens a block)
        line, count = (TEXT_CONTROL_CHARACTERS if source.kind == "text" else CONTROL_CHARACTERS).subn("", line)
        controls += count
        if len(line) > MAX_LINE_CHARS:
            source.lines[index] = ""
            what = "an embedded picture (data: address)" if "data:" in line[:MAX_LINE_CHARS] else "no paragraph"
            source.unread.append((index + 1, f"{len(line):,} characters on one line ({what}; a report's longest "
                                 f"paragraph has a few thousand): left out, not read; split it into paragraphs in the "
                                 "source and import again if it is text"))
            continue
        line, count = _NESTING.subn(_flatten, line)
        nested += count
        line, count = _LIGATURE.subn(lambda m: _LETTERS[m.group()], line)
        ligatures += count
        line, count = _REFERENCE_IN_TEXT.subn(r"`\g<0>`", line)
        literal += count
        source.lines[index] = line
    if controls:
        source.repaired[CONTROLS_DROPPED] = source.repaired.get(CONTROLS_DROPPED, 0) + controls
    if literal:
        source.repaired["texts in double brackets ([[…]]) that reportgen would read as links or embeds, "
                        "kept as literal text (written as code, `[[…]]`)"] = literal
    if ligatures:
        source.repaired["typographic ligatures (ﬁ, ﬂ, ﬃ…) written as their letters, so that words are found "
                        "and searched"] = ligatures
    if nested:
        source.repaired[f"quotes or lists nested deeper than {MAX_NESTING} levels, brought up to level "
                        f"{MAX_NESTING}"] = nested
    return source


# The source's own "[[C1]]", "[[chart:x]]" are words (the import makes its own links and embeds): written
# as code, which neither `check` nor the build reads as a reference (an escape such as "[\[C1]]" would not
# do: `check` reads the text Markdown shows).
_REFERENCE_IN_TEXT = re.compile(r"(?<!`)" + REFERENCE.pattern + r"(?!`)")
# Quotes and lists nested deeper than this are no report's structure (and deep nesting makes the
# Markdown renderers recurse).
# A designed PDF's text keeps the ligature glyphs ("eﬃciency", "signiﬁcant"): one character that no
# word, label or search matches.
_LETTERS = {chr(code): unicodedata.normalize("NFKC", chr(code)) for code in range(0xFB00, 0xFB07)}
_LIGATURE = re.compile(f"[{''.join(_LETTERS)}]")
MAX_NESTING = 8
_NESTING = re.compile(r"^(?:(?:[ \t]*>){%d,}|[ ]{%d,}(?=[-*+] |\d+[.)] ))" % (MAX_NESTING + 1, 4 * MAX_NESTING + 1))


def _flatten(match: re.Match[str]) -> str:
    return ">" * MAX_NESTING if ">" in match.group(0) else " " * (4 * MAX_NESTING)


def _read_source(path: Path) -> Source:
    if not path.is_file():
        raise SourceError(f"{path}: no such file (give the path of a .md, .txt, .docx, .pdf or .html report)")
    size = path.stat().st_size
    if size == 0:
        raise SourceError(f"{path}: the file is empty (export the report again from its source)")
    if size > MAX_SOURCE_BYTES:
        raise SourceError(f"{path}: {size} bytes is too large for a report (at most {MAX_SOURCE_BYTES})")
    with path.open("rb") as stream:
        sniff(path, stream.read(8))
    if path.suffix.lower() in (".docx", ".docm"):
        from .docx_title import title_markdown  # the Title paragraph pandoc keeps as metadata
        from .html import unlink_internal  # links to the document's own bookmarks keep their words

        check_archive(path)  # sizes and counts first: the parts are read only then
        check_office_package(path)
        body, found = figures(docx_to_markdown(path), path)
        text = title_markdown(path) + unlink_internal(body)
        return Source(path, "docx", _lines(text), f"{path.name} converted to Markdown by pandoc", figures=found)
    if path.suffix.lower() in (".html", ".htm", ".xhtml"):
        from .html import read_html  # its own module: lxml + pandoc

        data, nuls = drop_nul_bytes(path.read_bytes())
        text = read_html(path, data)
        return Source(path, "html", _lines(text), f"{path.name} converted to Markdown by pandoc",
                      repaired={CONTROLS_DROPPED: nuls} if nuls else {})
    if path.suffix.lower() == ".pdf" or _starts_like_pdf(path):
        pdf = read_pdf(path)
        return Source(path, "pdf", _lines(pdf.markdown), f"{path.name} read as Markdown from its text, fonts and "
                      "positions", repaired=pdf.repaired, figures=pdf.figures,
                      unread=[(None, note) for note in pdf.left_out + pdf_notes(path)])
    decoded = _read_text(path)
    shown = path.name if decoded.encoding in ("utf-8", "utf-8-sig") else f"{path.name} (read as {decoded.encoding})"
    lines = _lines(decoded.text)
    if is_marked(lines):  # Markdown: its own headings, paragraphs and tables
        return Source(path, "text", lines, shown, repaired=decoded.repaired)
    lines, furniture = drop_page_furniture(lines)
    lines = list_markers_rejoined(lines)
    marked = hyphens_kept(mark_paragraph_ends(layout_tables(notes_after_tables(close_bullets(mark_headings(
        mark_footnotes(lines)))))))
    runs = [] if any("\t" in line for line in marked) else cell_runs(marked)  # (a text with its layout: its tables were read)
    unread: list[tuple[int | None, str]] = [
        (first + 1, f"lines {first + 1}–{first + count}: short lines one under the other, as a table's cells are "
                    "written when a PDF's text is taken without its layout; not read as a table: import the PDF "
                    "itself, or its text taken with `pdftotext -layout`") for first, count in runs]
    repaired = {**decoded.repaired, **({"running headers, footers and page numbers": furniture} if furniture else {})}
    return Source(path, "text", marked, shown, repaired=repaired, unread=unread, wrapped=True,
                  cell_runs=[(first + 1, first + count) for first, count in runs])


def _starts_like_pdf(path: Path) -> bool:
    with path.open("rb") as stream:
        return stream.read(5) == b"%PDF-"


def _read_text(path: Path) -> DecodedText:
    data = path.read_bytes()
    if zipfile.is_zipfile(path):
        raise SourceError(f"{path}: this is a zip archive, not Markdown or text "
                          "(a Word file must end in .docx; other archives cannot be imported)")
    decoded = decode_text(path, data)
    if not decoded.text.strip():
        raise SourceError(f"{path}: the file holds only blank space (export the report again)")
    return decoded


def _lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
