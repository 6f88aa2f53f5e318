"""A Word file -> Markdown, through pandoc, bounded.

The zip is checked before pandoc sees it (entry count, sizes, compression ratio, measured by
decompressing with a cap, since a zip's declared sizes can lie), then pandoc runs in its own
process with a time limit and an address-space limit. A zip bomb is refused in well under a
second with one line; a document pandoc cannot finish in time or memory is refused too.

Word's automatic heading numbers ("9.1.1", from the heading styles' multilevel list) are not in
the text and pandoc drops them: they are written into the headings first (docx_numbers.py).
pandoc turns heading styles into `#` headings, Word tables into pipe (or HTML) tables, footnotes
into `[^n]` with their text, emphasis and links into Markdown; comments are left out. It reads a
tab as a blank, which loses the columns of an acronym list typed as "OIT<tab>Organización…": the
tabs are marked in the XML before pandoc runs and given back afterwards, so that such a list
reaches the importer as rows.
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import subprocess
import tempfile
import zipfile
import zlib
from pathlib import Path

from lxml import etree

from .docx_charts import chart_notes, chart_tables
from .docx_numbers import number_headings
from .docx_prepare import heading_names, prepare
from .errors import SourceError

MAX_ENTRIES = 5000
MAX_UNCOMPRESSED_BYTES = 256 * 1024 * 1024
# Text compresses about 10:1 in a Word file; a ratio far above that on a large part is a zip bomb.
MAX_RATIO = 200
RATIO_CHECKED_ABOVE = 1024 * 1024
PANDOC_TIMEOUT = 120
# pandoc's runtime needs about 1.2 GB of address space to start; 212 MB resident for a 180-page report.
PANDOC_ADDRESS_SPACE = 2 * 1024 ** 3
_CHUNK = 1024 * 1024
# A private-use character stands for a tab while pandoc reads the file.
TAB_MARK = "\ue009"
_RUN_TAB = re.compile(rb"<w:tab\s*/>")


def docx_to_markdown(path: Path) -> str:
    check_archive(path)
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        raise SourceError("pandoc is needed to read .docx files and was not found "
                          "(install the Debian package 'pandoc': scripts/setup.sh does it)")
    with tempfile.TemporaryDirectory(prefix="reportgen-docx-") as folder:
        marked = Path(folder) / "source.docx"
        _prepare(path, marked)
        text = _run_pandoc(pandoc, marked, path)
    return typed_numbers(chart_notes(tab_rows(number_table_notes(text))))


# pandoc escapes a number typed at a paragraph's start ("1\\. Equip…", "204\\. The project…") so that
# Markdown keeps it as text; the import reads it as the PDF and text readers give it: a paragraph or list
# number ("1. Equip…"), which labels items and numbered paragraphs.
_TYPED_NUMBER = re.compile(r"^(?P<number>[ \t]*\d{1,4})\\\.(?=[ \t])", re.M)


def typed_numbers(markdown: str) -> str:
    return _TYPED_NUMBER.sub(r"\g<number>.", markdown)


# --- the archive ---------------------------------------------------------------------------------

def check_archive(path: Path) -> None:
    if not zipfile.is_zipfile(path):
        raise SourceError(f"{path}: not a Word file (a .docx is a zip archive; this one is not); "
                          "save the report from Word as .docx again")
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ENTRIES:
                raise SourceError(f"{path}: {len(entries)} parts in the archive, more than a Word file has "
                                  f"(at most {MAX_ENTRIES}); refused as unsafe")
            if "word/document.xml" not in archive.namelist():
                raise SourceError(f"{path}: a zip archive without a Word document inside (no word/document.xml); "
                                  "it is not a .docx: save the report from Word as .docx")
            _check_declared_sizes(path, entries)
            _check_real_sizes(path, archive, entries)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as exc:
        raise SourceError(f"{path}: the Word file is damaged ({exc}); open it in Word and save it again") from None


def _check_declared_sizes(path: Path, entries: list[zipfile.ZipInfo]) -> None:
    total = sum(e.file_size for e in entries)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise SourceError(f"{path}: the archive unpacks to {total // 1024 ** 2} MB, more than a report "
                          f"(at most {MAX_UNCOMPRESSED_BYTES // 1024 ** 2} MB); refused as unsafe (a zip bomb?)")
    for entry in entries:
        if entry.file_size > RATIO_CHECKED_ABOVE and entry.file_size > MAX_RATIO * max(entry.compress_size, 1):
            raise SourceError(f"{path}: the part {entry.filename} is compressed {entry.file_size // max(entry.compress_size, 1)}"
                              f":1 ({entry.file_size // 1024 ** 2} MB); refused as unsafe (a zip bomb?)")


def _check_real_sizes(path: Path, archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo]) -> None:
    """Decompress every part with a cap: the declared sizes of a crafted archive may be false."""
    total = 0
    for entry in entries:
        with archive.open(entry) as part:
            while chunk := part.read(_CHUNK):
                total += len(chunk)
                if total > MAX_UNCOMPRESSED_BYTES:
                    raise SourceError(f"{path}: the archive unpacks to more than {MAX_UNCOMPRESSED_BYTES // 1024 ** 2}"
                                      " MB, more than a report; refused as unsafe (a zip bomb?)")


def _prepare(source: Path, target: Path) -> None:
    """A copy for pandoc: charts as their data (docx_charts.py), headings as pandoc knows them, automatic
    heading numbers written into them, the table of contents' entries out, text boxes in the body
    (docx_prepare.py), tabs marked."""
    with zipfile.ZipFile(source) as archive, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
        names = set(archive.namelist())

        def part(name: str) -> bytes | None:
            return archive.read(name) if name in names else None

        document, styles = part("word/document.xml") or b"", part("word/styles.xml")
        try:
            styles = heading_names(styles) if styles else styles
            document = chart_tables(document, part)
            document = number_headings(document, part("word/numbering.xml"), styles)
            document, styles = prepare(document, styles)
        except etree.XMLSyntaxError:
            pass  # a damaged part: pandoc reads what it can, as it is
        changed = {"word/document.xml": _RUN_TAB.sub(f'<w:t xml:space="preserve">{TAB_MARK}</w:t>'.encode(), document),
                   "word/styles.xml": styles}
        for entry in archive.infolist():
            data = changed.get(entry.filename) or archive.read(entry)
            copy.writestr(entry, data)


# --- pandoc ----------------------------------------------------------------------------------------

def _limit_resources() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (PANDOC_ADDRESS_SPACE, PANDOC_ADDRESS_SPACE))


def _run_pandoc(pandoc: str, marked: Path, shown: Path) -> str:
    # gfm has no grid tables: simple tables come as pipe tables, others as HTML, both of which
    # the debris repair reads; --wrap=none keeps a paragraph on one line.
    command = [pandoc, "--from=docx", "--to=gfm+footnotes", "--wrap=none", str(marked)]
    out = bounded_pandoc(command, shown, "this Word file", split="split the report, or save it again from Word",
                         memory=" (a zip bomb, or a report to split)",
                         fix="; open it in Word and save it as .docx again")
    if not out.replace(TAB_MARK, "").strip():
        raise SourceError(f"{shown}: the Word document has no text")
    return out


def bounded_pandoc(command: list[str], shown: Path, what: str, split: str, memory: str = "", fix: str = "",
                   stdin: str | None = None) -> str:
    """pandoc's output, run in its own process within PANDOC_TIMEOUT and PANDOC_ADDRESS_SPACE;
    a SourceError in one line naming `what` otherwise (readers of .docx and .html share it)."""
    try:
        run = subprocess.run(command, input=stdin, capture_output=True, text=True, timeout=PANDOC_TIMEOUT,
                             preexec_fn=_limit_resources if os.name == "posix" else None)
    except subprocess.TimeoutExpired:
        raise SourceError(f"{shown}: pandoc did not finish reading {what} in {PANDOC_TIMEOUT} s; "
                          f"refused ({split})") from None
    if run.returncode != 0:
        if "memory" in run.stderr.lower() or run.returncode < 0:
            raise SourceError(f"{shown}: reading {what} needs more than "
                              f"{PANDOC_ADDRESS_SPACE // 1024 ** 2} MB of memory; refused{memory}")
        reason = run.stderr.strip().splitlines()[-1] if run.stderr.strip() else f"exit code {run.returncode}"
        raise SourceError(f"{shown}: pandoc could not read {what} ({reason}){fix}")
    return run.stdout


# --- notes in table cells --------------------------------------------------------------------------

_TABLE_WITH_NOTES = re.compile(r'(<table\b.*?</table>)\s*<section class="footnotes[^"]*"[^>]*>(.*?)</section>', re.S)
_NOTE_ITEM = re.compile(r'<li id="fn(\d+)"[^>]*>(.*?)</li>', re.S)
_NOTE_REF = re.compile(r'<a href="#fn(\d+)"[^>]*class="footnote-ref"[^>]*>\s*<sup>\d+</sup>\s*</a>')
_BACKLINK = re.compile(r'<a href="#fnref\d+"[^>]*>.*?</a>', re.S)
_NOTE_DEFINITION = re.compile(r"^\[\^(\d+)\]:", re.M)


def number_table_notes(markdown: str) -> str:
    """pandoc writes a table it cannot draw as a pipe table in HTML and numbers the notes of its cells
    apart (1, 2… under the table): read as they are, they would cite the report's own notes 1, 2…
    Each gets a number after the report's last, and its text as a definition under the table."""
    next_number = max((int(n) for n in _NOTE_DEFINITION.findall(markdown)), default=0) + 1

    def renumber(match: re.Match[str]) -> str:
        nonlocal next_number
        numbers: dict[str, int] = {}
        definitions = []
        for local, body in _NOTE_ITEM.findall(match.group(2)):
            numbers[local] = next_number
            text = re.sub(r"\s*</p>\s*<p>\s*", " ", _BACKLINK.sub("", body)).strip()
            definitions.append(f"[^{next_number}]: {re.sub(r'^<p>|</p>$', '', text).strip()}")
            next_number += 1
        table = _NOTE_REF.sub(lambda ref: f"<sup>{numbers.get(ref.group(1), ref.group(1))}</sup>", match.group(1))
        return "\n\n".join([table, *definitions])

    return _TABLE_WITH_NOTES.sub(renumber, markdown)


# --- tabs back ---------------------------------------------------------------------------------------

def tab_rows(markdown: str) -> str:
    """Paragraphs holding tabs that follow one another ("OIT<tab>Organización…", one per paragraph)
    become one block of tab-separated rows, which the debris repair reads as a table; a tab in a
    lone paragraph or a heading is a blank, as pandoc would have written it."""
    paragraphs = markdown.split("\n\n")
    out: list[str] = []
    run: list[str] = []
    for paragraph in paragraphs + [""]:
        if TAB_MARK in paragraph and "\n" not in paragraph.strip() and not paragraph.lstrip().startswith(("#", "|")):
            run.append(_tabbed(paragraph))
            continue
        if len(run) >= 2:
            out.append("\n".join(run))
        else:
            out.extend(r.replace("\t", " ") for r in run)
        run = []
        out.append(paragraph.replace(TAB_MARK, " ").rstrip(" "))
    return "\n\n".join(out[:-1]) + "\n"


def _tabbed(paragraph: str) -> str:
    cells = [c.strip() for c in re.split(f"(?:\\s*{TAB_MARK}\\s*)+", paragraph.strip())]
    return "\t".join(c for c in cells if c)
