"""A report printed to PDF in the page layouts offices use, generated: one table of layouts, easy to extend.

Each layout prints the same Markdown report with Chromium (`import_figures.markdown_as_pdf`):
in one column (the reference), in two columns under a full-width title, with its executive summary
in two columns and the rest in one, and with its evaluation matrix and list of persons (annexes 2
and 3) on landscape pages, in the three ways PDFs hold them:

- "mediabox": landscape pages (a wider than high MediaBox), as Chromium prints a landscape section;
- "rotate": portrait pages marked /Rotate 90, their content drawn turned back (Word's landscape
  section printed to PDF; the viewer turns the page);
- "turned text": portrait pages whose text is drawn turned by its matrix, running up the page (the
  reader turns the sheet; no /Rotate).

tests/test_import_layouts.py imports each and compares it with the one-column print through
tests/roundtrip.py. `python3 tests/import_layouts.py DIR` writes every PDF into DIR (to look at).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from import_figures import markdown_as_pdf  # noqa: E402

REPORT = Path(__file__).resolve().parent / "fixtures" / "import" / "final-en-green-jobs.md"
WIDE = ("Annex 2. Evaluation matrix", "Annex 4. Lessons learned template")  # the annexes on landscape pages


@dataclass
class Layout:
    name: str
    css: str = ""
    layout: Callable[[str], str] | None = None
    turn: str = ""           # "", "rotate" or "turned text": how the landscape pages are held (see above)


def _section(body: str, start: str, end: str | None, kind: str) -> str:
    """The body with the part from the heading `start` to the heading `end` (or the end) in a section."""
    first = body.index(f">{start}<")
    first = body.rindex("<h", 0, first)
    last = body.rindex("<h", 0, body.index(f">{end}<")) if end else len(body)
    return f'{body[:first]}<section class="{kind}">{body[first:last]}</section>{body[last:]}'


def _after_title(body: str) -> str:
    """Everything after the report's title block (its first heading) in two columns."""
    first = body.index("<h1")
    return _section(body, re.sub(r"<[^>]+>", "", body[first:body.index("</h1>", first)]).strip(), None, "columns")


COLUMNS_CSS = "section.columns{columns:2;column-gap:9mm;text-align:justify}"
WIDE_CSS = "@page wide{size:A4 landscape;margin:15mm} section.wide{page:wide}"

LAYOUTS = [
    Layout("one column"),
    Layout("two columns under a full-width title", COLUMNS_CSS, _after_title),
    Layout("executive summary in two columns, the rest in one", COLUMNS_CSS + " section.columns{break-after:page}",
           lambda body: _section(body, "Executive Summary", "1. Project background", "columns")),
    Layout("landscape annexes (landscape pages)", WIDE_CSS, lambda body: _section(body, *WIDE, "wide")),
    Layout("landscape annexes (portrait pages with /Rotate 90)", WIDE_CSS, lambda body: _section(body, *WIDE, "wide"),
           turn="rotate"),
    Layout("landscape annexes (text turned on portrait pages)", WIDE_CSS,
           lambda body: _section(body, *WIDE, "wide"), turn="turned text"),
]


def make(layout: Layout, folder: Path) -> Path:
    """The report printed in `layout`, in `folder`."""
    name = re.sub(r"[^a-z0-9]+", "-", layout.name.lower()).strip("-")
    pdf = markdown_as_pdf(REPORT.read_text(encoding="utf-8"), folder / f"{name}.pdf", "Report", layout.css,
                          layout.layout)
    if layout.turn:
        _portrait(pdf, rotate=layout.turn == "rotate")
    return pdf


def _portrait(pdf: Path, rotate: bool) -> None:
    """Every landscape page of the PDF made a portrait page holding its content turned a quarter
    counter-clockwise (the text runs up the page); `rotate`: marked /Rotate 90, so that a viewer
    shows it as it was."""
    from pypdf import PdfReader, PdfWriter, Transformation
    from pypdf.generic import RectangleObject

    writer = PdfWriter(clone_from=PdfReader(pdf))
    for page in writer.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        if width <= height:
            continue
        page.add_transformation(Transformation().rotate(90).translate(height, 0))
        page.mediabox = RectangleObject([0, 0, height, width])
        page.cropbox = RectangleObject([0, 0, height, width])
        for annotation in page.get("/Annots") or []:  # links move with the text
            rect = annotation.get_object()["/Rect"]
            x0, y0, x1, y1 = (float(v) for v in rect)
            annotation.get_object()[pypdf_name("/Rect")] = RectangleObject([height - y1, x0, height - y0, x1])
        if rotate:
            page.rotation = 90
    with pdf.open("wb") as stream:
        writer.write(stream)


def pypdf_name(name: str):
    from pypdf.generic import NameObject

    return NameObject(name)


if __name__ == "__main__":
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    for each in LAYOUTS:
        print(make(each, out))
