"""A tiny PDF writer for the reader's unit tests: text at given places in the standard fonts
(Helvetica, its bold and oblique, and Courier), optional link annotations and bookmarks. No dependency, and
fast enough to make a PDF per test."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

FONTS = {"regular": "Helvetica", "bold": "Helvetica-Bold", "italic": "Helvetica-Oblique", "mono": "Courier"}
PAGE_WIDTH, PAGE_HEIGHT = 595, 842


@dataclass
class Text:
    x: float
    y: float            # from the top of the page, as a reader sees it
    text: str
    size: float = 11
    font: str = "regular"


@dataclass
class PdfPage:
    texts: list[Text] = field(default_factory=list)
    links: list[tuple[tuple[float, float, float, float], str]] = field(default_factory=list)  # (x0, top, x1, bottom)
    rules: list[tuple[float, float, float, float]] = field(default_factory=list)  # (x0, top, x1, bottom) lines
    # (x0, top, x1, bottom, grey level 0-1): filled boxes without a border (backgrounds, shading)
    fills: list[tuple[float, float, float, float, float]] = field(default_factory=list)

    def grid(self, top: float, rows: list[list[str]], widths: list[float], x: float = 72, height: float = 18,
             size: float = 10) -> "PdfPage":
        """A ruled table: one line per row boundary and per column boundary, text in each cell."""
        right = x + sum(widths)
        for index in range(len(rows) + 1):
            self.rules.append((x, top + index * height, right, top + index * height))
        edge = x
        for width in [0] + widths:
            edge += width
            self.rules.append((edge, top, edge, top + len(rows) * height))
        for r, row in enumerate(rows):
            left = x
            for cell, width in zip(row, widths):
                self.texts.append(Text(left + 3, top + r * height + height - 5, cell, size))
                left += width
        return self

    def material_grid(self, top: float, rows: list[list[str]], widths: list[float], x: float = 72,
                      height: float = 24, size: float = 10) -> list[float]:
        """A table as Chromium prints Material's: thin filled boxes for rules, between rows only (one per
        cell), the outer border row by row, the header row shaded cell by cell. Returns the column edges."""
        edges = [x]
        for width in widths:
            edges.append(edges[-1] + width)
        self.fills += [(edges[c], top, edges[c + 1], top + height, 0.9) for c in range(len(widths))]
        for r in range(len(rows) + 1):
            self.fills += [(edges[c], top + r * height, edges[c + 1], top + r * height + 0.7, 0.0)
                           for c in range(len(widths))]
        for r, row in enumerate(rows):
            y = top + r * height
            self.fills += [(edges[0], y, edges[0] + 0.7, y + height, 0.0), (edges[-1] - 0.7, y, edges[-1], y + height, 0.0)]
            for c, cell in enumerate(row):
                self.line(y + height - 8, cell, size=size, x=edges[c] + 5)
        return edges

    def line(self, y: float, *parts: tuple[str, str] | str, size: float = 11, x: float = 72) -> "PdfPage":
        """Text pieces on one line, each "text" (regular) or (font, "text"); widths from the font's metrics."""
        for part in parts:
            font, text = ("regular", part) if isinstance(part, str) else part
            self.texts.append(Text(x, y, text, size, font))
            x += text_width(text, size, font)
        return self


def text_width(text: str, size: float, font: str = "regular") -> float:
    from pdfminer.fontmetrics import FONT_METRICS

    widths = FONT_METRICS[FONTS[font]][1]
    return sum(widths.get(ch, 556) for ch in text) * size / 1000


def _escape(text: str) -> bytes:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("cp1252")


def write_pdf(path: Path, pages: list[PdfPage], bookmarks: list[tuple[str, int]] = ()) -> Path:
    """`bookmarks`: (title, page index) at the outline's top level."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    font_ids = {name: add(f"<< /Type /Font /Subtype /Type1 /BaseFont /{base} /Encoding /WinAnsiEncoding >>".encode())
                for name, base in FONTS.items()}
    resources = " ".join(f"/F{i} {font_ids[n]} 0 R" for i, n in enumerate(FONTS, start=1))
    font_key = {n: f"F{i}" for i, n in enumerate(FONTS, start=1)}
    pages_id = len(objects) + 1 + 2 * len(pages) + sum(len(p.links) for p in pages) + 1
    page_ids = []
    for page in pages:
        stream = b"".join(b"BT /%s %g Tf %g %g Td (%s) Tj ET\n" % (font_key[t.font].encode(), t.size, t.x,
                                                                  PAGE_HEIGHT - t.y, _escape(t.text))
                          for t in page.texts)
        stream = b"".join(b"q %g g %g %g %g %g re f Q\n" % (grey, x0, PAGE_HEIGHT - bottom, x1 - x0, bottom - top)
                          for x0, top, x1, bottom, grey in page.fills) + stream
        stream += b"".join(b"%g %g m %g %g l S\n" % (x0, PAGE_HEIGHT - top, x1, PAGE_HEIGHT - bottom)
                           for x0, top, x1, bottom in page.rules)
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"endstream")
        annots = [add(f"<< /Type /Annot /Subtype /Link /Rect [{x0} {PAGE_HEIGHT - bottom} {x1} {PAGE_HEIGHT - top}] "
                      f"/Border [0 0 0] /A << /S /URI /URI ({uri}) >> >>".encode())
                  for (x0, top, x1, bottom), uri in page.links]
        annot_list = " ".join(f"{a} 0 R" for a in annots)
        page_ids.append(add(f"<< /Type /Page /Parent {pages_id} 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}] "
                            f"/Resources << /Font << {resources} >> >> /Contents {content} 0 R "
                            f"/Annots [{annot_list}] >>".encode()))
    kids = " ".join(f"{i} 0 R" for i in page_ids)
    add(b"null")  # keeps the Pages object at the number computed above
    assert add(f"<< /Type /Pages /Kids [{kids}] /Count {len(page_ids)} >>".encode()) == pages_id
    outline = ""
    if bookmarks:
        outlines_id = len(objects) + 1
        first = outlines_id + 1
        add(f"<< /Type /Outlines /First {first} 0 R /Last {first + len(bookmarks) - 1} 0 R /Count {len(bookmarks)} >>"
            .encode())
        for index, (title, page) in enumerate(bookmarks):
            me = first + index
            links = (f" /Prev {me - 1} 0 R" if index else "") + (f" /Next {me + 1} 0 R" if index < len(bookmarks) - 1 else "")
            add(f"<< /Title ({title}) /Parent {outlines_id} 0 R /Dest [{page_ids[page]} 0 R /Fit]{links} >>".encode())
        outline = f" /Outlines {outlines_id} 0 R"
    catalog = add(f"<< /Type /Catalog /Pages {pages_id} 0 R{outline} >>".encode())
    path.write_bytes(pdf_file(objects, catalog))
    return path


def pdf_file(objects: list[bytes], root: int) -> bytes:
    """The bytes of a PDF holding `objects` (numbered from 1), its catalog `root`, with a correct xref."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref)
    return bytes(out)
