"""Readers: a source file (Markdown/text converted from a PDF, or .docx) -> Markdown lines.

A .docx is converted with pandoc (docx -> Markdown keeps headings, tables, footnotes and
italics; see docs/pages/decisions.md for why pandoc rather than mammoth). Everything after this step
works on Markdown text, whatever the source was.
"""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .errors import SourceError

# A source larger than this is not a report (the bundled 180-page one is 0.6 MB of text).
MAX_SOURCE_BYTES = 64 * 1024 * 1024
PANDOC_TIMEOUT = 300


@dataclass
class Source:
    path: Path
    kind: str            # "text", "docx" or "html"
    lines: list[str]     # Markdown lines; line numbers in IMPORT.md refer to these
    shown_as: str        # how IMPORT.md names the lines (the file itself, or pandoc's Markdown of it)


def read_source(path: Path) -> Source:
    if not path.is_file():
        raise SourceError(f"{path}: no such file (give the path of a .md, .txt, .docx or .html report)")
    size = path.stat().st_size
    if size == 0:
        raise SourceError(f"{path}: the file is empty (export the report again from its source)")
    if size > MAX_SOURCE_BYTES:
        raise SourceError(f"{path}: {size} bytes is too large for a report (at most {MAX_SOURCE_BYTES})")
    if path.suffix.lower() == ".docx":
        from .docx_title import title_markdown  # the Title paragraph pandoc keeps as metadata
        from .html import unlink_internal  # links to the document's own bookmarks keep their words

        text = title_markdown(path) + unlink_internal(_docx_to_markdown(path))
        return Source(path, "docx", _lines(text), f"{path.name} converted to Markdown by pandoc")
    if path.suffix.lower() in (".html", ".htm", ".xhtml"):
        from .html import read_html  # its own module: lxml + pandoc

        text = read_html(path, path.read_bytes())
        return Source(path, "html", _lines(text), f"{path.name} converted to Markdown by pandoc")
    return Source(path, "text", _lines(_read_text(path)), path.name)


def _read_text(path: Path) -> str:
    data = path.read_bytes()
    if zipfile.is_zipfile(path):
        raise SourceError(f"{path}: this is a zip archive, not Markdown or text "
                          "(a Word file must end in .docx; other archives cannot be imported)")
    if data.startswith(b"%PDF"):
        raise SourceError(f"{path}: this is a PDF; convert it to Markdown or text first (a PDF-to-Markdown "
                          "converter keeps headings and tables best), or import the report's .docx")
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


def _docx_to_markdown(path: Path) -> str:
    if not zipfile.is_zipfile(path):
        raise SourceError(f"{path}: not a Word file (a .docx is a zip archive; this one is not); "
                          "save the report from Word as .docx again")
    with zipfile.ZipFile(path) as archive:
        if "word/document.xml" not in archive.namelist():
            raise SourceError(f"{path}: a zip archive without a Word document inside (no word/document.xml); "
                              "it is not a .docx: save the report from Word as .docx")
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        raise SourceError("pandoc is needed to read .docx files and was not found "
                          "(install the Debian package 'pandoc': scripts/setup.sh does it)")
    # gfm has no grid tables: simple tables come as pipe tables, others as HTML, both of which
    # the debris repair reads; --wrap=none keeps a paragraph on one line.
    run = subprocess.run([pandoc, "--from=docx", "--to=gfm+footnotes", "--wrap=none", str(path)],
                         capture_output=True, text=True, timeout=PANDOC_TIMEOUT)
    if run.returncode != 0:
        reason = run.stderr.strip().splitlines()[-1] if run.stderr.strip() else f"exit code {run.returncode}"
        raise SourceError(f"{path}: pandoc could not read this Word file ({reason}); "
                          "open it in Word and save it as .docx again")
    if not run.stdout.strip():
        raise SourceError(f"{path}: the Word document has no text")
    return run.stdout


def _lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
