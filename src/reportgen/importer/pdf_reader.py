"""A PDF -> the Markdown the text path reads (headings, emphasis, paragraphs, tables, footnotes).

- The body size is the size most characters are set in. A line set larger is a heading, its level
  the rank of its size among the heading sizes (largest first). A short bold line at body size is
  a heading only when no heading is set larger (else it is a label, written bold). When the PDF has an outline (bookmarks, read with pypdf), a line whose
  words are a bookmark's title takes the bookmark's level.
- Bold and italic words are written `**…**` and `*…*`; a superscript number is a footnote
  reference `[^N]`; a word under a link annotation is `[word](uri)`.
- Lines are joined into paragraphs (a new one after a wider gap, an indent or a list number, or a
  short line that ends a sentence); a word hyphenated at the end of a line is joined again.
- A line repeated at the same place on many pages (a running header or footer) and the page
  numbers are dropped. Lines at the foot of a page set smaller than the body and starting with
  a number are footnotes: `[^N]: text`.
- Tables found by pdfplumber become pipe tables, and so do tables printed without rules, found
  from their words' columns (pdf_columns.py).

Bounded: streams that inflate past MAX_STREAM_BYTES (MAX_STREAMS_BYTES together), through every Flate
layer, are refused before pdfminer reads them, then at most MAX_PAGES pages (the declared count read
first) and MAX_SECONDS of reading; a password-protected, damaged or empty PDF, a portfolio and text
that comes out as glyph numbers are refused in one line. The whole reading runs in a child process
with memory and time limits (guards.bounded).
"""

from __future__ import annotations

import logging
import re
import time
import zlib
from collections import Counter
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .errors import SourceError
from .pdf_columns import column_tables
from .docx_media import MAX_FIGURES, Figure
from .pdf_lines import MAX_PAGE_PICTURES, Line, Page, Picture, Table, Word, read_page
from .pdf_media import PICTURE_URL, pdf_figures
from .vocabulary import BULLET_GLYPHS, LABEL_WORDS, fold_chars

MAX_PAGES = 600
MAX_SECONDS = 600        # reading stops with a refusal past this (a page of millions of characters)
HEADING_SIZE = 1.12      # a line at least this much larger than the body is a heading
FOOTNOTE_SIZE = 0.92     # footnotes are set at most this share of the body size
HEADING_MAX_WORDS = 18
OUTLINE_PREFIX = 24     # characters of a line that may open a longer heading of the outline
HEADING_LINE_GAP = 0.6   # a heading's second line sits closer than this share of a line height
OUTLINE_LINE_GAP = 1.2   # ... or closer than this when the PDF's bookmarks hold the two lines as one heading
FURNITURE_MARGIN = 0.1   # running headers and footers sit in the top or bottom tenth of the page
FURNITURE_SHARE = 0.3    # ... and come back on at least this share of the pages (three at least)
GAP_FOR_SPACE = 0.1      # words closer than this share of the body size are written together
TABLE_END_LINES = 4      # a table that ends more lines than this above a full page's foot does not go on
PARAGRAPH_GAP = 1.45     # a gap above a line wider than this many line heights starts a paragraph
_FOOTNOTE_START = re.compile(r"^(\d{1,4})[.)]?$")
_BULLET = re.compile(rf"^[{BULLET_GLYPHS}]\s*(?=\S)")
# A line's first word opening a list item: a number, a dash, a bullet (a private-use one may touch its word).
_LIST_START = re.compile(rf"^(?:\d{{1,3}}[.)]|[-–]|[a-z]\)|[{BULLET_GLYPHS}]|[\ue000-\uf8ff]\S*)$")
# A page number alone in a margin: "12", "Page 3 of 40", "12 | Page", "Página | 7". (Roman numbers, "iv", are
# folded with the others in _furniture_key: the front matter's page numbers are furniture where the others stand.)
_ROMAN = r"(?=[ivxlc])c{0,3}(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})(?<=[ivxlc])"  # (never empty)
_NUMBER = r"\d{1,4}"
_PAGE_WORD = r"(?:page|página|pág\.?|p\.)"
_PAGE_NUMBER = re.compile(rf"^(?:{_PAGE_WORD}\s*)?{_NUMBER}(?:\s*(?:/|of|de|sur)\s*\d{{1,4}})?$"
                          rf"|^{_NUMBER}\s*[|·•–-]\s*{_PAGE_WORD}$|^{_PAGE_WORD}\s*[|·•–-]\s*{_NUMBER}$", re.I)
_NUMBERS = re.compile(rf"\d+|\b{_ROMAN}\b(?![-'’])", re.I)
# A contents line: "7. Lessons learned ........ 25", its page number sometimes wrapped to the next line.
_LEADERS = re.compile(r"(?:\.\s?){4,}\s*\d*\s*$|…{2,}\s*\d*\s*$")


@dataclass
class PdfReading:
    markdown: str
    left_out: list[str]         # what the reading left out on purpose, for IMPORT.md
    repaired: dict[str, int]    # what it read otherwise than pdfplumber gives it (turned pages, columns)
    figures: dict[int, Figure]  # its pictures, shown where the Markdown's placeholders stand (pdf_media.py)


def pdf_to_markdown(path: Path) -> str:
    return read_pdf(path).markdown


def read_pdf(path: Path) -> PdfReading:
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings on damaged files are not the user's
    check_streams(path)
    pages = _read_pages(path)
    if not any(p.lines or p.tables for p in pages):
        if _attachments(path):
            raise SourceError(f"{path}: the PDF holds only attached files (a PDF portfolio: "
                              f"{', '.join(_attachments(path)[:5])}); open it, save the report inside it, "
                              "and import that")
        scanned = "scanned: its pages are pictures" if any(p.images for p in pages) else "its pages are blank"
        raise SourceError(f"{path}: the PDF has no text layer ({scanned}); run OCR first (e.g. `ocrmypdf "
                          f"{path.name} {path.stem}-ocr.pdf`) and import the result, or import the report's .docx")
    _refuse_glyph_numbers(path, pages)
    outline = _outline_levels(path)
    document = PdfDocument(pages, outline)
    markdown, figures = pdf_figures(document.markdown(), document.pictures)
    return PdfReading(markdown, document.left_out(path), document.repaired(), figures)


# pdfminer writes a character whose font has no Unicode map (a CID font without ToUnicode) as "(cid:123)".
_GLYPH_NUMBER = re.compile(r"\(cid:\d+\)")
MAX_GLYPH_SHARE = 0.05


def _refuse_glyph_numbers(path: Path, pages: list[Page]) -> None:
    """Refuse a PDF whose text comes out as glyph numbers: it would be imported as garbage."""
    text = " ".join(word.text for page in pages for line in page.lines for word in line.words)
    glyphs = _GLYPH_NUMBER.findall(text)
    if glyphs and sum(map(len, glyphs)) > MAX_GLYPH_SHARE * len(text):
        first = next(n for n, page in enumerate(pages, start=1)
                     if any(_GLYPH_NUMBER.search(w.text) for line in page.lines for w in line.words))
        raise SourceError(f"{path}: page {first}: the text comes out as glyph numbers ({glyphs[0]}…: its fonts have "
                          "no Unicode map, ToUnicode); the words cannot be read. Export the PDF again from its "
                          "source (Word: Save As PDF), run OCR on it, or import the report's .docx")


def _attachments(path: Path) -> list[str]:
    """The names of the files attached to the PDF (a portfolio's documents), [] when none or unreadable."""
    from pypdf import PdfReader

    try:
        return sorted(PdfReader(path).attachments)
    except Exception:  # noqa: BLE001 - only a better message depends on it
        return []


def pdf_notes(path: Path) -> list[str]:
    """What the PDF holds that the import does not read (form fields, attachments), for IMPORT.md."""
    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    notes = []
    try:
        reader = PdfReader(path)
        fields = reader.get_fields() or {}
        attached = sorted(reader.attachments)
    except Exception:  # noqa: BLE001 - the text was read; these notes are a help
        return []
    filled = [name for name, value in fields.items() if value.get("/V") not in (None, "", "/Off")]
    if fields:
        notes.append(f"{len(fields)} form field(s) of the PDF ({len(filled)} filled in: "
                     f"{', '.join(filled[:5]) or 'none'}): their values are not page text and were not read; "
                     "copy what matters into the project by hand")
    if attached:
        notes.append(f"{len(attached)} file(s) attached to the PDF ({', '.join(attached[:5])}): not read; import "
                     "them on their own if they are part of the report")
    return notes


# --- reading ---------------------------------------------------------------------------------------

# pdfminer inflates a page's streams whole, without a limit: a 500 KB PDF can hold a stream that
# inflates to gigabytes. The streams are measured first, inflating with a cap (images are left out:
# their pixels are never inflated for the text).
MAX_STREAM_BYTES = 16 * 1024 * 1024       # one content stream (a page's text is a few dozen KB)
MAX_STREAMS_BYTES = 256 * 1024 * 1024     # every stream but images, together
MAX_FILTERS = 4                           # Flate filters chained on one stream (one is usual)
# A stream starts after its dictionary: ">> stream"; the dictionary opens after "N 0 obj" (searched in
# the 4,000 bytes before, at most: a linear scan, whatever the number of objects).
_STREAM_START = re.compile(rb">>\s*stream\r?\n")
_OBJECT_START = re.compile(rb"\d+\s+\d+\s+obj\b")
_DICTIONARY_BYTES = 4000
_IMAGE = re.compile(rb"/Subtype\s*/Image\b")
_FLATE = re.compile(rb"/(?:FlateDecode|Fl)\b")
_INFLATE_CHUNK = 1024 * 1024


def check_streams(path: Path) -> None:
    """Refuse a PDF whose compressed streams inflate past the limits (a stream bomb), before pdfminer:
    each Flate layer of a stream is inflated in turn, with a cap (an image's pixels are left out:
    they are never inflated for the text)."""
    data = path.read_bytes()
    total = 0
    for match in _STREAM_START.finditer(data):
        window = data[max(0, match.start() - _DICTIONARY_BYTES):match.start() + 2]
        objects = list(_OBJECT_START.finditer(window))
        head = window[objects[-1].end():] if objects else window
        layers = len(_FLATE.findall(head))
        if _IMAGE.search(head) or not layers:
            continue
        if layers > MAX_FILTERS:
            raise SourceError(f"{path}: a stream of the PDF is compressed {layers} times over; refused as unsafe "
                              "(a decompression bomb?)")
        size = 0
        chunks: Iterator[bytes] = iter([data[match.end():match.end() + 16 * 1024 * 1024]])
        for _ in range(layers):
            chunks = _inflate(chunks)
        try:
            for chunk in chunks:
                size += len(chunk)
                if size > MAX_STREAM_BYTES or total + size > MAX_STREAMS_BYTES:
                    raise SourceError(f"{path}: a stream of the PDF inflates to more than "
                                      f"{min(MAX_STREAM_BYTES, MAX_STREAMS_BYTES - total) // 1024 ** 2} MB, more than "
                                      "a report's text; refused as unsafe (a decompression bomb?)")
        except zlib.error:
            pass  # damaged: pdfminer says so (or reads around it)
        total += size


def _inflate(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """The inflated bytes of a Flate stream given in pieces, a megabyte at a time (never all at once)."""
    inflater = zlib.decompressobj()
    for chunk in chunks:
        while chunk and not inflater.eof:
            out = inflater.decompress(chunk, _INFLATE_CHUNK)
            chunk = inflater.unconsumed_tail
            if out:
                yield out
            elif chunk:
                return  # no progress: a damaged stream
        if inflater.eof:
            return


def _read_pages(path: Path) -> list[Page]:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    _refuse_page_count(path, _declared_pages(path))  # before pdfplumber walks every page
    try:
        with pdfplumber.open(path) as pdf:
            count = len(pdf.pages)
            _refuse_page_count(path, count)
            pages = []
            deadline = time.monotonic() + MAX_SECONDS
            pictures_left = MAX_FIGURES  # (drawing pictures takes time: no more than a report keeps)
            for number, page in enumerate(pdf.pages, start=1):
                pages.append(read_page(page, number, min(pictures_left, MAX_PAGE_PICTURES)))
                pictures_left -= len(pages[-1].pictures)
                page.close()  # pdfplumber keeps every parsed page otherwise: 1 GB for 200 pages
                if time.monotonic() > deadline:
                    raise SourceError(f"{path}: reading the PDF took more than {MAX_SECONDS} s (stopped at page "
                                      f"{number} of {count}); refused: export it again, or import its .docx")
            return pages
    except (SourceError, MemoryError, RecursionError):
        raise  # a memory or recursion limit is said as such by the bounded reading (guards.py)
    except PDFPasswordIncorrect:
        raise SourceError(f"{path}: the PDF is protected by a password; save an unprotected copy") from None
    except (PDFSyntaxError, Exception) as exc:  # noqa: B014
        if isinstance(exc.__context__ or exc.__cause__, PDFPasswordIncorrect) or "PDFPasswordIncorrect" in repr(exc):
            raise SourceError(f"{path}: the PDF is protected by a password (it cannot be opened without it); save "
                              "a copy without the password (print it to PDF, or export it again) and import "
                              "that") from None
        # pdfminer raises many kinds of errors on a damaged file: all of them mean the same to the user.
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise SourceError(f"{path}: the PDF is damaged or not a PDF ({reason[:120]}); "
                          "export it again from its source") from None


def _declared_pages(path: Path) -> int | None:
    """The page count the PDF's page tree declares (read by pypdf without walking the pages), or None."""
    from pypdf import PdfReader

    try:
        root: Any = PdfReader(path).trailer["/Root"]  # pypdf's objects: indexed as the file holds them
        return int(root["/Pages"]["/Count"])
    except Exception:  # noqa: BLE001 - pdfplumber counts (and says what is damaged) next
        return None


def _refuse_page_count(path: Path, count: int | None) -> None:
    if count is None:
        return
    if count == 0:
        raise SourceError(f"{path}: the PDF has no pages; export the report again from its source")
    if count > MAX_PAGES:
        raise SourceError(f"{path}: {count} pages, more than a report (at most {MAX_PAGES}); "
                          "import the report's main volume, without its annexes bound in")


def _outline_levels(path: Path) -> dict[str, int]:
    """Bookmark title (folded) -> heading level, from the PDF's outline; {} when it has none."""
    from pypdf import PdfReader

    levels: dict[str, int] = {}

    def walk(items: Iterable[object], depth: int) -> None:  # pypdf's outline: destinations, nested lists
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            elif title := getattr(item, "title", None):
                levels.setdefault(_fold(title), min(depth, 6))

    try:
        walk(PdfReader(path).outline, 1)
    except Exception:  # an outline is a help, never a reason to refuse a PDF
        return {}
    return levels


def _fold(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.lower()).split())


# --- the document ------------------------------------------------------------------------------------

class PdfDocument:
    def __init__(self, pages: list[Page], outline: dict[str, int]):
        self.pages = pages
        self.vocabulary = _vocabulary(pages)
        self.outline = outline
        sizes: Counter[float] = Counter()
        for line in (line for p in pages for line in p.lines):
            for word in line.body_words:
                sizes[word.size] += len(word.text)
        self.body = sizes.most_common(1)[0][0] if sizes else 10.0
        self.heading_sizes = sorted({s for s in sizes if s >= HEADING_SIZE * self.body}, reverse=True)
        self.furniture = self._furniture()
        self.text_bottom = self._text_bottom()
        self.joined = 0  # paragraphs cut by a page break, joined
        self.pictures: list[bytes] = []  # the pictures placed, by their placeholder's number
        self.right_edges: dict[int, float] = {}  # page -> where its text's lines end at the most
        self.logos = self._repeated_pictures()

    def markdown(self) -> str:
        blocks: list[str | Table] = []
        notes: dict[str, str] = {}
        cut: tuple[str, int] | None = None  # the last note of the page before, cut by its end, and its block
        for page in self.pages:
            body, footnotes, rest = self._split_footnotes([l for l in page.lines if not self._is_furniture(l, page)],
                                                          cut is not None)
            if cut and rest:  # a note the page's end cut goes on at the foot of this page, above its own notes
                notes[cut[0]] = join_lines(notes[cut[0]], rest, self.vocabulary)
                blocks[cut[1]] = f"[^{cut[0]}]: {notes[cut[0]]}"
            notes.update(footnotes)
            body, borderless = column_tables(body, self._header_at_foot(blocks, page))
            # In reading order (a page in two columns reads its left column first): a block where its
            # first line stands, a table before the first line below its top beside it (in its column).
            order = {id(line): index for index, line in enumerate(body)}
            items: list[tuple[float, str | Table]] = [(_table_place(t, body, page.columns > 0) - 0.5, t)
                                                      for t in page.tables + borderless]
            items += [(order[id(first)], block) for first, block in self._blocks(body)]
            items += [(_table_place(picture, body, page.columns > 0) - 0.5, self._placed(picture))
                      for picture in page.pictures if page.lines and picture.key not in self.logos]
            page_blocks = [block for _, block in sorted(items, key=lambda item: item[0])]
            if page_blocks and self._continues_paragraph(blocks, page_blocks[0]):
                index = _last_text(blocks)
                blocks[index] = join_lines(str(blocks[index]), str(page_blocks.pop(0)), self.vocabulary)
                self.joined += 1
            if page_blocks and _continues_table(blocks, page_blocks[0], self.text_bottom - TABLE_END_LINES * self.body):
                last, first = blocks[_last_table(blocks)], page_blocks.pop(0)
                assert isinstance(last, Table) and isinstance(first, Table)  # _continues_table said so
                _join_tables(last, first, self.vocabulary)
            blocks += page_blocks
            blocks += [f"[^{n}]: {text}" for n, text in footnotes.items()]
            if footnotes:
                last = list(footnotes)[-1]
                cut = (last, len(blocks) - 1) if _cut_short(notes[last]) else None
            elif not (cut and rest and _cut_short(notes[cut[0]])):
                cut = None
        text = "\n\n".join(_pipe_table(self._unwrapped(b)) if isinstance(b, Table) else b for b in blocks if b)
        # A superscript number with no footnote of that number is a plain number (m², 1er).
        text = re.sub(r"\[\^(\d+)\](?!:)", lambda m: m.group(0) if m.group(1) in notes else m.group(1), text)
        return text + "\n"

    def _placed(self, picture: Picture) -> str:
        self.pictures.append(picture.png)
        return f'<img src="{PICTURE_URL}{len(self.pictures) - 1}">'

    def _repeated_pictures(self) -> set[tuple[int, int, int, int]]:
        """Pictures at the same place on many pages: a logo in the running header, not a figure."""
        seen = Counter(key for page in self.pages for key in {p.key for p in page.pictures})
        least = max(3, FURNITURE_SHARE * len(self.pages))
        return {key for key, count in seen.items() if count >= least}

    def _header_at_foot(self, blocks: list[str | Table], page: Page) -> list[str] | None:
        """The header row of the table the page before ended on, at its foot: this page may print it again."""
        index = _last_table(blocks)
        last = blocks[index] if index >= 0 else None
        if isinstance(last, Table) and last.rows and last.page == page.number - 1 and \
                last.bottom >= self.text_bottom - TABLE_END_LINES * self.body:
            return last.rows[0]
        return None

    def _continues_paragraph(self, blocks: list[str | Table], first: str | Table) -> bool:
        """The page starts with the rest of the paragraph the page before ended on (whatever its
        running header, footer and footnotes between them): that paragraph does not end a sentence
        and this one starts in lower case."""
        index = _last_text(blocks)
        last = blocks[index] if index >= 0 else None
        return isinstance(first, str) and isinstance(last, str) and bool(LOWER_START.match(first)) \
            and not last.startswith(("#", "[^")) and _cut_short(last) and not _LIST_START.match(first.split()[0])

    def _text_bottom(self) -> float:
        """Where the text of a full page ends (the lowest line of any page): a table that ends well
        above it does not go on over the page. (Not joining a table's rest is harmless to the readers
        of templates and matrices, which read on into the next table; joining two tables loses the
        second's title row.)"""
        bottoms = sorted(max(l.bottom for l in page.lines if not self._is_furniture(l, page))
                         for page in self.pages if any(not self._is_furniture(l, page) for l in page.lines))
        return bottoms[-1] if bottoms else 0.0

    # --- furniture: running headers, footers, page numbers ---------------------------------------
    def _furniture(self) -> set[str]:
        seen: Counter[str] = Counter()
        for page in self.pages:
            seen.update({_furniture_key(l) for l in page.lines if _in_margin(l, page)})
        least = max(3, FURNITURE_SHARE * len(self.pages))
        return {key for key, count in seen.items() if count >= least}

    def left_out(self, path: Path) -> list[str]:
        """The running headers and footers, the pages without text, and the characters set in
        another direction than their page's text, for IMPORT.md."""
        notes = []
        repeated: dict[str, tuple[str, list[int]]] = {}
        numbers: list[int] = []
        for page in self.pages:
            for line in page.lines:
                if not self._is_furniture(line, page):
                    continue
                key = _furniture_key(line)
                if key in self.furniture:
                    repeated.setdefault(key.rsplit("@", 1)[0], (line.text.strip(), []))[1].append(page.number)
                else:
                    numbers.append(page.number)
        if repeated or numbers:
            shown = [f"“{text[:80]}” ({_page_list(sorted(set(pages)))})"
                     for text, pages in sorted(repeated.values(), key=lambda item: -len(item[1]))[:6]]
            more = f" and {len(repeated) - 6} more" if len(repeated) > 6 else ""
            alone = f"; page numbers alone ({_page_list(sorted(set(numbers)))})" if numbers else ""
            notes.append("running headers and footers of the PDF (lines repeated at the same place on many pages, "
                         f"their numbers aside), left out of the text: {', '.join(shown) or 'none'}{more}{alone}")
        scanned = [p.number for p in self.pages if not p.lines and not p.tables and p.images]
        if scanned:
            notes.append(f"{_page_list(scanned)} of the PDF: no text layer (scanned: a picture of the page), so "
                         "not imported; run OCR on the PDF first (e.g. `ocrmypdf "
                         f"{path.name} {path.stem}-ocr.pdf`) and import the result")
        turned = [p for p in self.pages if p.off_direction]
        if turned:
            notes.append(f"{_page_list([p.number for p in turned])} of the PDF: {sum(p.off_direction for p in turned)} "
                         "character(s) set in another direction than the page's text (a page number left upright "
                         "on a turned page, a label along a margin), left out")
        return notes

    def repaired(self) -> dict[str, int]:
        found = {}
        turned = [p.number for p in self.pages if p.turned]
        if turned:
            found[f"PDF pages whose text runs up, down or upside down (landscape pages), read turned as a reader "
                  f"turns them ({_page_list(turned)})"] = len(turned)
        if self.joined:
            found["paragraphs cut by a PDF page break (a running header or footer between the halves), joined"] = \
                self.joined
        columns = [p.number for p in self.pages if p.columns]
        if columns:
            found[f"PDF pages set in two columns, read column by column ({_page_list(columns)})"] = len(columns)
        return found

    def _is_furniture(self, line: Line, page: Page) -> bool:
        if not _in_margin(line, page):
            return False
        return _furniture_key(line) in self.furniture or bool(_PAGE_NUMBER.match(line.text.strip()))

    # --- footnotes --------------------------------------------------------------------------------
    def _split_footnotes(self, lines: list[Line], after_cut: bool = False) -> tuple[list[Line], dict[str, str], str]:
        """The page's last lines set smaller than the body, from the first that starts with a number;
        and, `after_cut` (the page before ended inside a note), the small lines above them that go on
        with that note in lower case (its rest, which the page's notes follow)."""
        start = len(lines)
        smallest = len(lines)
        for index in range(len(lines) - 1, -1, -1):
            if lines[index].size > FOOTNOTE_SIZE * self.body:
                break
            smallest = index
            if _footnote_number(lines[index]):
                start = index
        if start == len(lines):
            start = _notes_at_body_size(lines)
        rest = ""
        if after_cut and smallest < start and LOWER_START.match(lines[smallest].text.strip()):
            for line in lines[smallest:start]:
                rest = join_lines(rest, _inline(line.words, self.body).strip(), self.vocabulary)
            lines = lines[:smallest] + lines[start:]
            start = smallest
        notes: dict[str, str] = {}
        current = None
        for line in lines[start:]:
            number = _footnote_number(line)
            words = line.words[1:] if number else line.words
            text = _inline(words, self.body).strip()
            if number:
                current = number
                notes[number] = text
            elif current:
                notes[current] = join_lines(notes[current], text, self.vocabulary)
        return lines[:start], {n: t.rstrip(" ↩").strip() for n, t in notes.items()}, rest

    # --- paragraphs and headings ---------------------------------------------------------------------
    def _blocks(self, lines: list[Line]) -> Iterator[tuple[Line, str]]:
        paragraph: list[Line] = []
        heading: tuple[int, list[Line]] | None = None
        for line in lines:
            level = self._heading_level(line)
            if heading and (_close_below(heading[1][-1], line) and (
                    level == heading[0] or self._continues_outline(heading[1], line))
                    or _close_below(heading[1][-1], line, OUTLINE_LINE_GAP) and self._continues_outline(heading[1], line)):
                heading[1].append(line)  # a heading set on two lines
                continue
            if heading:
                yield heading[1][0], self._heading(*heading)
                heading = None
            if level:
                if paragraph:
                    yield paragraph[0], self._paragraph(paragraph)
                    paragraph = []
                heading = (level, [line])
                continue
            if paragraph and self._starts_paragraph(paragraph[-1], line):
                yield paragraph[0], self._paragraph(paragraph)
                paragraph = []
            paragraph.append(line)
        if heading:
            yield heading[1][0], self._heading(*heading)
        if paragraph:
            yield paragraph[0], self._paragraph(paragraph)

    def _heading(self, level: int, lines: list[Line]) -> str:
        return "#" * level + " " + _inline(_paragraph_words(lines, self.vocabulary), self.body, plain=True)

    def _heading_level(self, line: Line) -> int:
        text = line.text.strip()
        if not text or len(text.split()) > HEADING_MAX_WORDS or _PAGE_NUMBER.match(text) or _LEADERS.search(text):
            return 0
        folded = _fold(text)
        if folded in self.outline:
            return self.outline[folded]
        if len(folded) >= OUTLINE_PREFIX:  # the first line of a long heading the outline holds whole
            level = next((lvl for title, lvl in self.outline.items() if title.startswith(folded + " ")), 0)
            if level:
                return level
        if line.size in self.heading_sizes:
            return min(self.heading_sizes.index(line.size) + 1, 5)
        # A short bold line at body size is a heading only in a PDF whose headings are not set larger:
        # otherwise it is a label ("**Vinculación a conclusiones**") and stays bold text.
        if not self.heading_sizes and line.bold and line.size >= self.body * 0.98 \
                and not text.endswith((".", ",", ";", ":")) and any(c.isalpha() for c in text) and len(text.split()) <= 12:
            return 1
        return 0

    def _continues_outline(self, heading: list[Line], line: Line) -> bool:
        """The line is the rest of a heading whose words the outline holds (a title set on two lines)."""
        so_far = _fold(" ".join(l.text.strip() for l in heading + [line]))
        return any(title == so_far or title.startswith(so_far + " ") for title in self.outline)

    def _starts_paragraph(self, previous: Line, line: Line) -> bool:
        if line.page != previous.page:
            return True
        height = max(previous.bottom - previous.top, 1.0)
        if line.top - previous.bottom > (PARAGRAPH_GAP - 1) * height + 0.35 * height:
            return True
        first = line.words[0].text
        if _LIST_START.match(first):
            return True
        if _field_start(line.text) and self._short(previous) and not previous.text.rstrip().endswith((",", ";", ":")):
            return True  # a cover's "Label: value" lines (a list whose bullets are drawn, not written)
        return abs(line.size - previous.size) > 0.15 * self.body

    def _short(self, line: Line) -> bool:
        """The line ends well before its page's text does: a paragraph's last line."""
        right = self.right_edges.get(line.page)
        if right is None:  # (once per page: setdefault would walk every page's lines at each call)
            right = self.right_edges[line.page] = max((l.x1 for p in self.pages if p.number == line.page
                                                       for l in p.lines), default=line.x1)
        return line.x1 < right - SHORT_LINE * (right - line.x0)

    def _paragraph(self, lines: list[Line]) -> str:
        # A bullet glyph opens a Markdown list item, as the other readers write one.
        return _BULLET.sub("- ", _inline(_paragraph_words(lines, self.vocabulary), self.body), count=1)

    def _unwrapped(self, table: Table) -> Table:
        """A table whose cells' lines are joined (a cell keeps its line breaks until now, so that a
        hyphen at a line's end is judged with the whole document's words); a cell's paragraphs
        (parted by a blank line) are parted by `<br>`, as pipe tables write them."""
        for row in table.rows:
            for index, cell in enumerate(row):
                paragraphs = []
                for paragraph in cell.split("\n\n"):
                    joined, previous = "", ""
                    for line in paragraph.split("\n"):
                        joined = (joined + line if cut_in_a_cell(joined, line, self.vocabulary, previous)
                                  else join_lines(joined, line, self.vocabulary))
                        previous = line
                    paragraphs.append(joined)
                row[index] = "<br>".join(p for p in paragraphs if p)
        return table


def _table_place(table: Table | Picture, lines: list[Line], columns: bool) -> int:
    """The index of the first line below the table's top (on a page in `columns`, the first in its
    column, if any), len(lines) when none follows."""
    below = [i for i, line in enumerate(lines) if line.top > table.top]
    beside = [i for i in below if lines[i].x0 < table.x1 and lines[i].x1 > table.x0] if columns else []
    return (beside or below or [len(lines)])[0]


def _last_text(blocks: list[str | Table]) -> int:
    """The index of the last block before the footnotes, -1 when none."""
    return next((i for i in range(len(blocks) - 1, -1, -1)
                 if not (isinstance(blocks[i], str) and str(blocks[i]).startswith("[^"))), -1)


def _last_table(blocks: list[str | Table]) -> int:
    """The index of the last block before the footnotes, when it is a table; else -1."""
    for index in range(len(blocks) - 1, -1, -1):
        block = blocks[index]
        if isinstance(block, str) and block.startswith("[^"):
            continue
        return index if isinstance(block, Table) else -1
    return -1


def _continues_table(blocks: list[str | Table], first: str | Table, page_end: float) -> bool:
    """A table at the top of a page, as wide as the table that ended the page before at its foot
    (below `page_end`): its rest."""
    index = _last_table(blocks)
    last = blocks[index] if index >= 0 else None
    return (isinstance(first, Table) and isinstance(last, Table) and last.bottom >= page_end
            and len(first.rows[0]) == len(last.rows[0]) and first.page == last.page + 1)


def _repeats_header(row: list[str], header: list[str]) -> bool:
    """A row whose every cell starts with the header's cell, on its own line (a table without rules
    read the repeated header and the lines beside it as one row)."""
    return len(row) == len(header) and any(row[i] != header[i] for i in range(len(row))) and all(
        cell == head or cell.startswith(head + "\n") for cell, head in zip(row, header))


def _join_tables(table: Table, rest: Table, vocabulary: Collection[str] | None = None) -> None:
    """The rows of a table's rest appended, without the header row printed again; a row the page
    break cut in two (its rest starts in lower case or has an empty first cell, or its first part
    ends on "/", "-", "," or leaves a parenthesis open) is one row again. The table now ends where its rest does (it may go on
    over the next page too)."""
    table.page, table.bottom = rest.page, rest.bottom
    if rest.rows[0] == table.rows[0]:  # the header row, printed again at the top of the page
        rest.rows.pop(0)
    elif _repeats_header(rest.rows[0], table.rows[0]):  # ... with the first lines of the cut row beside it
        rest.rows[0] = [cell[len(head):].lstrip("\n") for cell, head in zip(rest.rows[0], table.rows[0])]
    if not rest.rows:
        return
    last, first = table.rows[-1], rest.rows[0]
    # (an empty first cell, as on a page, continues the row above: "Association" under "BGMEA")
    cut = not first[0].strip() or any(LOWER_START.match(cell) for cell in first if cell) or \
        any(cell.rstrip().endswith(("/", "-", ",", "(")) or cell.count("(") > cell.count(")") for cell in last if cell)
    if cut:
        table.rows[-1] = [join_lines(a, b, vocabulary) if a and b else a or b for a, b in zip(last, first)]
        table.rows.extend(rest.rows[1:])
    else:
        table.rows.extend(rest.rows)


def _page_list(numbers: list[int]) -> str:
    """"page 3", "pages 2–5, 9"."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    text = ", ".join(f"{run[0]}–{run[-1]}" if len(run) > 2 else ", ".join(map(str, run)) for run in runs)
    return ("pages " if len(numbers) > 1 else "page ") + text


def _in_margin(line: Line, page: Page) -> bool:
    return line.bottom <= FURNITURE_MARGIN * page.height or line.top >= (1 - FURNITURE_MARGIN) * page.height


def _furniture_key(line: Line) -> str:
    """A line's words with numbers folded ("Page 3 of 40" and "Page 4 of 40" are the same line; so are
    "ii | Final evaluation" and "iv | Final evaluation" in the front matter)."""
    return fold_numbers(line.text.strip().lower()) + f"@{round(line.top / 10)}"


def fold_numbers(text: str) -> str:
    """`text` with each number, arabic or roman, as "#" (a page's furniture: the same line on every page)."""
    return _NUMBERS.sub("#", text)


def _footnote_number(line: Line) -> str:
    first = line.words[0]
    found = _FOOTNOTE_START.match(first.text)
    return found.group(1) if found and len(line.words) > 1 else ""


MAX_BODY_SIZE_NOTE_LINES = 8  # (a plain style sets its notes at the body's size: only the page's last lines)


def _notes_at_body_size(lines: list[Line]) -> int:
    """The first of the page's notes when they are set at the body's size: among the last lines, one
    set apart from the text above (a gap wider than a line) that opens with a bare number ("2 The
    delay…", not a paragraph's "2.") which a superscript on the page cites; else no note (the end)."""
    cited = {word.text for line in lines for word in line.words if word.superscript}
    for index in range(len(lines) - 1, max(0, len(lines) - MAX_BODY_SIZE_NOTE_LINES), -1):
        line, above = lines[index], lines[index - 1]
        number = line.words[0].text if len(line.words) > 1 else ""
        if re.fullmatch(r"\d{1,4}", number) and number in cited and line.top - above.bottom > line.bottom - line.top:
            return index
    return len(lines)


def _close_below(previous: Line, line: Line, gap: float = HEADING_LINE_GAP) -> bool:
    """The next line of the same block: on the same page, less than `gap` lines further down."""
    return line.page == previous.page and line.top - previous.bottom < gap * (previous.bottom - previous.top)


def join_lines(text: str, more: str, vocabulary: Collection[str] | None = None) -> str:
    """Join a line to the text before it, undoing a hyphenation at the line end ("evalua-" "tion")
    but keeping a compound's own hyphen ("cause-" "effect")."""
    if not text:
        return more
    if _HYPHENATED.search(text) and LOWER_START.match(more):
        last = text.split()[-1] if text.split() else text
        return text[:-1] + more if _broken_word(last, more.split()[0], vocabulary) else text + more
    if re.match(r"[,;.:)\]](?:\s|$)", more):  # a narrow column's line may start with the comma after a word
        return text + more
    return f"{text} {more}"


def _broken_word(left: str, right: str, vocabulary: Collection[str] | None) -> bool:
    """Whether "evalua-" + "ción" is one word the line's end broke (True), not a compound whose
    hyphen is its own ("cause-" + "effect"): the broken word, joined, is often used elsewhere whole;
    a compound's second part is a word the document uses on its own."""
    if vocabulary is None:
        return True
    tail = bare(right)
    if bare(left[:-1]) + tail in vocabulary:
        return True
    return tail not in vocabulary and getattr(vocabulary, "hyphenates", True)


def _cut_short(note: str) -> bool:
    """A note whose text stops mid-sentence (no closing punctuation): the page's end may have cut it."""
    return bool(note) and not re.search(r"[.!?:;)\]»”\"'…]\s*$", note)


def cut_in_a_cell(text: str, more: str, vocabulary: Collection[str], line: str = "") -> bool:
    """A word too long for a narrow column, cut at the cell's edge without a hyphen ("Indica" "dor",
    as word processors do): joined, it is a word the document uses whole, and one of its pieces is
    not; or the cut line held that one word alone (the column is narrower than the word) and the
    document uses neither piece as a word ("Gouverne" "ment", "Analysi" "s")."""
    if not text or not more or text[-1:].isspace() or not text[-1:].isalpha():
        return False
    # (a word in capitals cuts into capitals: "FUNDAMENTAL" "S, employers'")
    if not LOWER_START.match(more) and not (text.split()[-1].isupper() and more.split()[0].isupper()):
        return False
    left, right = bare(text.split()[-1]), bare(more.split()[0])
    if not (left and right):
        return False
    if fold_chars(left + right) in LABEL_WORDS and fold_chars(right) not in LABEL_WORDS:  # ("Priorit" "y")
        return True
    if left + right in vocabulary:  # (an ending cut off, "entreprise" "s", is no word of its own)
        return not _used_elsewhere(vocabulary, left) or not _used_elsewhere(vocabulary, right) or \
            (len(right) <= 2 and right not in _SHORT_WORDS)
    # (the piece after the cut is a line of its own, or a few letters: "ment", "s", "dation"; and the
    # cut piece fills the column: a shorter word before a longer one is a line wrapped, "Resource" "implication")
    alone = len(line.split()) == 1 and bare(line) == left and (len(more.split()) == 1 or len(right) <= 3) \
        and len(left) >= len(right)
    unused = _uses(vocabulary, right) <= 1 or (len(right) <= 2 and right not in _SHORT_WORDS)  # "n" of "aprobació" "n"
    return alone and left.isalpha() and right.isalpha() and _uses(vocabulary, left) <= 1 and unused


# Words of one or two letters in English, French and Spanish: a line holding one is not a word's cut end.
_SHORT_WORDS = set("""a e o y u à á é ó en de la el le et ou of to in on at by or an as is it be do go no so up we me my he
al lo se si su tu mi ni un du il ne sa ce ça""".split())


def _uses(vocabulary: Collection[str], word: str) -> int:
    """How often the document writes `word` (its pieces here included)."""
    return vocabulary[word] if isinstance(vocabulary, Counter) else int(word in vocabulary)


def _used_elsewhere(vocabulary: Collection[str], piece: str) -> bool:
    """Whether the document uses `piece` as a word: counted words include the piece itself once."""
    return vocabulary[piece] > 1 if isinstance(vocabulary, Counter) else piece in vocabulary


def bare(word: str) -> str:
    """A word without the punctuation around it, in lower case."""
    return re.sub(r"^\W+|\W+$", "", word).lower()


class Vocabulary(Counter[str]):
    """A document's words as written whole, with how often each is written, and whether its lines' ends
    cut words (`hyphenates`): a word processor hyphenates only when asked to, and where no word cut at a
    line's end is written whole elsewhere, a hyphen there is the word's own ("sous-" "estimés", "au-"
    "dessus")."""
    hyphenates = True

    def judge_hyphenation(self, breaks: Iterable[tuple[str, str]]) -> None:
        """`breaks`: (the word a line ends with on a hyphen, the next line's first word) through the document."""
        joined = [bare(left[:-1]) + bare(right) for left, right in breaks]
        self.hyphenates = not joined or any(word in self for word in joined)


def _vocabulary(pages: list[Page]) -> Vocabulary:
    """The words of the document as written whole (not those a line's end cut), with how often each
    is written: the parts of a hyphenated compound count as words too."""
    words = Vocabulary()
    breaks: list[tuple[str, str]] = []
    cut, last_word = False, ""  # the line before ended on a hyphen; its last word
    for page in pages:
        for line in page.lines:
            if cut and line.words and LOWER_START.match(line.words[0].text):
                breaks.append((last_word, line.words[0].text))
            for index, word in enumerate(line.words):
                if index == 0 and cut or word.text.endswith("-") and index == len(line.words) - 1:
                    continue  # the parts of a word the line's end cut (or of a compound): no evidence
                plain = bare(word.text)
                words[plain] += 1
                words.update(part for part in plain.split("-") if part and part != plain)
            cut = bool(line.words) and line.words[-1].text.endswith("-")
            last_word = line.words[-1].text if line.words else ""
        # (a table's words too: a word set only in narrow cells, "Court" / "terme", is then known to be
        # a word of its own, not the cut piece of one)
        words.update(bare(word) for table in page.tables for row in table.rows for cell in row
                     for cell_line in cell.split("\n") for word in cell_line.split() if not word.endswith("-"))
    words.judge_hyphenation(breaks)
    return words


_HYPHENATED = re.compile(r"[^\W\d_]-$")
_FIELD_START = re.compile(r"^[A-ZÀ-Ý][^:.!?]{1,50}:\s+\S")
MAX_FIELD_LABEL_WORDS = 7
SHORT_LINE = 0.15


def _field_start(text: str) -> bool:
    """"ILO TC/SYMBOL: KEN/21/02/NOR": a line opening with a short label and its colon."""
    found = _FIELD_START.match(text)
    return found is not None and len(text[:text.index(":")].split()) <= MAX_FIELD_LABEL_WORDS


LOWER_START = re.compile(r"^[a-záéíóúñüàèìòùâêîôûçœæ]")


def _paragraph_words(lines: list[Line], vocabulary: Collection[str] | None = None) -> list[Word]:
    """The words of a paragraph's lines in reading order; a word hyphenated at a line end is
    one word again, and each line's first word is marked as spaced from the last."""
    words: list[Word] = []
    for line in lines:
        first, *rest = line.words
        last = words[-1] if words else None
        if last and not last.superscript and _HYPHENATED.search(last.text) and LOWER_START.match(first.text):
            broken = _broken_word(last.text, first.text, vocabulary)
            words[-1] = replace(last, text=(last.text[:-1] if broken else last.text) + first.text, x1=first.x1)
        else:
            words.append(replace(first, line_start=True))
        words.extend(rest)
    return words


# --- inline: emphasis, superscripts, links ------------------------------------------------------------

def _inline(words: list[Word], body: float, plain: bool = False) -> str:
    """Words -> Markdown: runs of bold or italic words wrapped once, superscript numbers as [^N].

    Words set without a gap between them (a bold word and the comma after it, which pdfplumber
    gives apart because their fonts differ) are written without a blank."""
    out = ""
    run: list[Word] = []

    def flush() -> None:
        nonlocal out
        if run:
            out += (" " if out and _spaced(run[0], body) else "") + _styled(run, plain, body)
            run.clear()

    for word in words:
        if word.superscript:
            flush()
            out += f"[^{word.text}]"
            continue
        if run and (_style(run[-1]) != _style(word) or run[-1].link != word.link
                    or (word.text[0] in _CLOSING and not _spaced(word, body))):
            flush()
        run.append(word)
    flush()
    return out


_CLOSING = ".,;:)]»”!?%"


def _spaced(word: Word, body: float) -> bool:
    return word.line_start or word.gap > GAP_FOR_SPACE * body


def _style(word: Word) -> tuple[bool, bool]:
    return word.bold, word.italic


def _styled(run: list[Word], plain: bool, body: float) -> str:
    text = ""
    for word in run:
        text += (" " if text and _spaced(word, body) else "") + word.text
    if run[0].link and not plain:
        text = f"[{text}]({run[0].link})" if run[0].link != text else f"<{text}>"
    if plain:
        return text
    bold, italic = _style(run[0])
    mark = "***" if bold and italic else "**" if bold else "*" if italic else ""
    if not mark or not any(c.isalnum() for c in text):
        return text
    # Punctuation that closes the run stays outside the marks: "**Conclusion 1:**" keeps its colon in.
    core = text.rstrip(",;")
    return f"{mark}{core}{mark}{text[len(core):]}"


def _pipe_table(table: Table) -> str:
    width = max(len(r) for r in table.rows)
    rows = [[c.replace("|", "\\|") for c in r] + [""] * (width - len(r)) for r in table.rows]
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * width]
    return "\n".join(lines + ["| " + " | ".join(r) + " |" for r in rows[1:]])
