"""The report of tests/import_styles.py written as real Word files are (tests/test_import_wordreal.py).

pandoc writes the report as a plain .docx (`reference()`); each variant then adds one family of
the features real Word reports carry and reportgen's own exports do not: localised or custom
heading styles, outline levels without heading styles, automatic numbering, tracked changes,
comments, a table-of-contents field, content controls, endnotes, merged cells, text boxes,
headers and footers, breaks, soft hyphens and non-breaking spaces. The variant's import must
give what the reference's import gives: the same items with the same text, and never a word a
variant adds that is not the report's (a deleted revision, a comment, a header, a TOC entry):
each such word carries a marker listed in `MARKERS`.

`VARIANTS` is data: a name, the house style of import_styles.py it starts from, and the
features (names in `FEATURES`, with their arguments). Add a variant by adding a dict, a
feature by adding a function `feature(parts, **arguments)` that edits the Word parts in place.
"""

from __future__ import annotations

import re
import sys
import zipfile
from copy import deepcopy
from pathlib import Path
from typing import Callable

from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent))
from import_styles import STYLES, WORDS, as_docx, render, with_automatic_heading_numbers  # noqa: E402

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
WPS_NS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
V_NS = "urn:schemas-microsoft-com:vml"
W = f"{{{W_NS}}}"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
NSMAP = {"w": W_NS, "r": R_NS, "mc": MC_NS, "wps": WPS_NS, "wp": WP_NS, "a": A_NS, "v": V_NS}

# Words that must never reach the imported project: each variant's additions that are not the report's.
MARKERS = {"hidden": "Zhiddenword", "deleted": "Zdeletedword", "moved": "Zmovedaway", "comment": "Zcommentword",
           "header": "Zheaderword", "footer": "Zfooterword"}

VARIANTS: list[dict] = [
    {"name": "fr-titre-styles", "style": "fr-upper-colon",
     "features": [("heading_styles", {"ids": "Titre{n}", "names": "Titre {n}"})]},
    {"name": "es-titulo-styles-no-outline", "style": "es-upper-dot",
     "features": [("heading_styles", {"ids": "Ttulo{n}", "names": "Título {n}", "outline": False})]},
    {"name": "en-custom-styles-based-on-heading", "style": "en-upper-numbered",
     "features": [("custom_heading_styles", {})]},
    {"name": "en-house-styles-with-outline-levels", "style": "en-chapter-word",
     "features": [("heading_styles", {"ids": "EvalChapter{n}", "names": "Eval Chapter {n}"})]},
    {"name": "en-outline-levels-only", "style": "en-title-plain", "features": [("outline_levels_only", {})]},
    {"name": "fr-outline-levels-only", "style": "fr-title-heading-labels", "features": [("outline_levels_only", {})]},
    {"name": "en-automatic-numbering", "style": "en-upper-numbered",
     "features": [("automatic_heading_numbers", {}), ("heading_styles", {"ids": "Heading{n}", "names": "heading {n}"})]},
    {"name": "es-automatic-numbering-titulo", "style": "es-codes",
     "features": [("automatic_heading_numbers", {}), ("heading_styles", {"ids": "Ttulo{n}", "names": "Título {n}"})]},
    {"name": "en-tracked-changes", "style": "en-upper-numbered", "features": [("tracked_changes", {})]},
    {"name": "es-comments", "style": "es-title-dash", "features": [("comments", {})]},
    {"name": "en-toc-field", "style": "en-deep-dash", "features": [("toc_field", {"heading": "Table of contents"})]},
    {"name": "fr-toc-field-no-heading", "style": "fr-upper-colon", "features": [("toc_field", {"heading": None})]},
    {"name": "en-cover-content-controls", "style": "en-chapter-word", "features": [("content_controls", {})]},
    {"name": "en-footnotes-endnotes", "style": "en-upper-numbered", "notes": True, "features": [("endnotes", {})]},
    {"name": "es-merged-cells", "style": "es-upper-dot", "features": [("merged_cells", {})]},
    {"name": "en-text-boxes", "style": "en-title-plain", "features": [("text_box", {})]},
    {"name": "fr-headers-footers-breaks", "style": "fr-flat-dash", "features": [("headers_footers", {})]},
    {"name": "en-typography", "style": "en-lower-headings", "features": [("typography", {})]},
    {"name": "fr-title-style-localised-ids", "style": "fr-title-heading-labels",
     "features": [("heading_styles", {"ids": "Titre{n}", "names": "heading {n}"}), ("title_style", {"ident": "Titre"})]},
    {"name": "es-title-style-localised-ids", "style": "es-list-conclusions",
     "features": [("heading_styles", {"ids": "Ttulo{n}", "names": "heading {n}"}), ("title_style", {"ident": "Ttulo"})]},
    {"name": "en-continued-paragraph-numbers", "style": "en-flat-levels", "features": [("continued_numbering", {})]},
    {"name": "en-fragmented-runs", "style": "en-title-plain", "features": [("fragmented_runs", {})]},
    {"name": "fr-autocorrect-typography", "style": "fr-upper-colon", "features": [("french_autocorrect", {})]},
    {"name": "es-soft-line-breaks", "style": "es-title-dash", "features": [("soft_breaks", {})]},
    {"name": "en-hidden-text-and-deleted-rows", "style": "en-deep-dash",
     "features": [("hidden_text", {}), ("deleted_rows", {})]},
    {"name": "en-figures-and-captions", "style": "en-upper-numbered", "figures": True,
     "features": [("word_captions", {})]},
    {"name": "en-revisions-moves-formatting", "style": "en-upper-numbered", "features": [("tracked_moves_and_formatting", {})]},
    {"name": "fr-layout-tables", "style": "fr-title-heading-labels", "features": [("layout_tables", {})]},
    {"name": "en-comments-on-headings", "style": "en-deep-dash", "features": [("comments", {"headings": True})]},
    {"name": "en-note-on-a-heading", "style": "en-title-plain", "heading_note": True, "features": []},
    {"name": "en-labels-from-list-numbering", "style": "en-title-plain", "features": [("numbered_labels", {})]},
    {"name": "es-labels-from-list-numbering", "style": "es-title-dash", "features": [("numbered_labels", {})]},
    {"name": "en-wingdings-check-marks", "style": "en-deep-dash", "symbols": True, "features": [("wingdings", {})]},
    {"name": "en-title-row-spanning", "style": "en-deep-dash", "rows": True, "features": [("spanning_rows", {})]},
    {"name": "es-hyperlink-fields", "style": "es-codes", "links": True, "features": [("hyperlink_fields", {})]},
    # Every style localised, with captions (Légende / Epígrafe) and notes (Note de bas de page / Texto nota pie).
    {"name": "fr-all-styles-localised", "style": "fr-upper-colon", "notes": True, "figures": True,
     "features": [("word_captions", {}), ("localised_styles", {"lang": "fr"})]},
    {"name": "es-all-styles-localised", "style": "es-title-dash", "notes": True, "figures": True,
     "features": [("word_captions", {}), ("localised_styles", {"lang": "es"})]},
    {"name": "en-comments-across-paragraphs", "style": "en-chapter-word", "features": [("comments_across_paragraphs", {})]},
    {"name": "es-landscape-sections", "style": "es-codes", "features": [("landscape_sections", {})]},
    {"name": "fr-rows-across-pages", "style": "fr-flat-dash", "features": [("rows_across_pages", {})]},
    {"name": "en-chart-object", "style": "en-upper-numbered", "chart": True, "features": [("chart_object", {})]},
    {"name": "es-chart-object", "style": "es-title-dash", "chart": True, "features": [("chart_object", {})]},
    # Headings without heading styles: Normal paragraphs set by hand (bold, typed numbers, capitals, size).
    {"name": "en-bold-normal-headings", "style": "en-title-plain", "features": [("normal_headings", {})]},
    {"name": "en-bold-headings-typed-numbers", "style": "en-deep-dash", "features": [("normal_headings", {})]},
    {"name": "es-bold-capital-headings", "style": "es-upper-dot", "features": [("normal_headings", {})]},
    {"name": "fr-bold-word-caps-headings", "style": "fr-title-heading-labels",
     "features": [("normal_headings", {"caps": True})]},
    {"name": "en-bold-headings-and-bold-sentences", "style": "en-upper-numbered",
     "features": [("normal_headings", {}), ("bold_sentences", {})]},
    {"name": "en-size-only-headings", "style": "en-chapter-word",
     "features": [("normal_headings", {"bold": False, "size": True})]},
]


def q(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{NSMAP[prefix]}}}{local}"


def style_of(name: str) -> dict:
    return next(s for s in STYLES if s["name"] == name)


def markdown(variant: dict, folder: Path) -> str:
    """The report as Markdown, the same for the variant and its reference (footnotes, a table's
    title row, links, a figure and captions added when the variant asks)."""
    lang = style_of(variant["style"])["lang"]
    text = render(style_of(variant["style"]))
    if variant.get("figures"):
        image = folder / "figure.png"
        image.write_bytes(_png(60, 30))
        figure, table = CAPTIONS[lang]
        opening = re.escape(WORDS[lang]["sentence"].split("{n}")[0] + "10 ")
        text = re.sub(rf"(?m)^(\d+\. )?({opening})", lambda m: f"![{figure}]({image})\n\n{m.group(0)}", text, count=1)
        text = re.sub(r"(?m)^(.*\t.*\(USD\).*)$", lambda m: f"{table}\n\n{m.group(1)}", text, count=1)
    if variant.get("chart"):  # a chart as reportgen's own outputs print it: its caption, then its data
        opening = re.escape(WORDS[lang]["sentence"].split("{n}")[0] + "100 ")
        rows = "\n".join("\t".join(row) for row in CHART_ROWS)
        text = re.sub(rf"(?m)^(\d+\. )?{opening}.*$", lambda m: f"{m.group(0)}\n\n{CHART_CAPTION}\n\nChart data\n\n{rows}",
                      text, count=1)
    if variant.get("notes"):
        text = with_footnotes(text)
    if variant.get("heading_note"):
        text = re.sub(r"(?m)^(#+ .*(?:Conclusions|Recommendations))$", "\\1[^9]", text)
        text += "\n\n[^9]: The chapter follows the terms of reference, section 4.\n"
    if variant.get("symbols"):
        text = text.replace("Activities\t2,000,000\t1,950,000", "Activities\t2,000,000\t1,950,000\nOn track\t\u2713\t\u2717")
        text = re.sub(r"(?m)^(.*in its plans\.)$", "\\1 Target met: \u2713", text, count=2)
    if variant.get("rows"):
        text = text.replace("Budget line\tPlanned (USD)", f"{SPANNING_ROW}\t\t\nBudget line\tPlanned (USD)")
    if variant.get("links"):
        text = re.sub(r"(?m)^([^#|\n]*?)(inspect\w+)", lambda m: f"{m.group(1)}[{m.group(2)}]({LINK})", text, count=3)
    return text


SPANNING_ROW = "Budget of the project, 2021-2024"
FIGURE = "Figure 1: Labour inspectors trained by region"
TABLE = "Table 1: Budget by line (USD)"
CHART_CAPTION = "Figure 2: Labour inspectors trained by year"
CHART_TITLE = "Labour inspectors trained by year"
CHART_ROWS = [["Year", "Men", "Women"], ["2021", "25", "15"], ["2022", "30", "25"], ["2023", "38", "32"]]
CAPTIONS = {"en": (FIGURE, TABLE),
            "fr": ("Graphique 1 : Inspecteurs du travail formés par région", "Tableau 1 : Budget par ligne (USD)"),
            "es": ("Gráfico 1: Inspectores de trabajo capacitados por región", "Cuadro 1: Presupuesto por línea (USD)")}


def _png(width: int, height: int) -> bytes:
    """A small PNG image (a figure of the report)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + b"\x20\x60\xa0" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
LINK = "https://www.ilo.org/global/topics/labour-administration-inspection"


NOTES = ["ILO, Labour inspection statistics, 2022, table 4.", "Interviews with inspectors in Cusco and Puno.",
         "Ministry of labour, annual plan 2023, p. 12."]


def with_footnotes(text: str) -> str:
    """Three notes: two in the findings' first paragraphs, one in the first conclusion."""
    lines = text.split("\n")
    cited = 0
    for index, line in enumerate(lines):
        if cited < 3 and line.endswith(("in its plans.", "en sus planes.", "dans ses plans.")) and \
                not line.startswith("#") and "120 " not in line:
            cited += 1
            lines[index] = line + f"[^{cited}]"
    return "\n".join(lines) + "\n\n" + "\n".join(f"[^{n}]: {t}" for n, t in enumerate(NOTES, start=1)) + "\n"


def reference(variant: dict, folder: Path) -> Path:
    """The plain .docx pandoc writes of the variant's report (what the variant's import must equal)."""
    return as_docx(markdown(variant, folder), folder / f"{variant['name']}-reference.docx")


def build(variant: dict, folder: Path) -> Path:
    """The variant as a Word file: the reference with its features."""
    plain = reference(variant, folder)
    parts = _read(plain)
    for name, arguments in variant["features"]:
        FEATURES[name](parts, **arguments)
    out = folder / f"{variant['name']}.docx"
    _write(parts, out)
    return out


def _read(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _write(parts: dict[str, bytes], path: Path) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


class _Part:
    """One XML part, parsed, written back on leaving the `with`."""

    def __init__(self, parts: dict[str, bytes], name: str):
        self.parts, self.name = parts, name

    def __enter__(self):
        self.root = etree.fromstring(self.parts[self.name])
        return self.root

    def __exit__(self, *exc) -> None:
        if exc[0] is None:
            self.parts[self.name] = etree.tostring(self.root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _el(tag: str, attributes: dict[str, str] | None = None, text: str | None = None, children=()) -> etree._Element:
    prefix = tag.split(":")[0]
    element = etree.Element(q(tag), {(q(k) if ":" in k else f"{{{NSMAP[prefix]}}}{k}" if prefix == "w" else k): v
                                     for k, v in (attributes or {}).items()}, nsmap=NSMAP)
    if text is not None:
        element.text = text
        if tag in ("w:t", "w:delText", "w:instrText"):
            element.set(XML_SPACE, "preserve")
    for child in children:
        element.append(child)
    return element


def _run(text: str, tag: str = "w:t", bold: bool = False) -> etree._Element:
    properties = [_el("w:rPr", children=[_el("w:b")])] if bold else []
    return _el("w:r", children=[*properties, _el(tag, text=text)])


def _text(element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{W}t"))


def _style(paragraph) -> str:
    found = paragraph.find(f"{W}pPr/{W}pStyle")
    return found.get(f"{W}val") if found is not None else ""


def _heading_level(paragraph) -> int | None:
    match = re.fullmatch(r"Heading([1-9])", _style(paragraph))
    return int(match.group(1)) if match else None


def _cover(root) -> list:
    """The body's elements before its first heading (the cover sheet)."""
    cover = []
    for element in root.find(f"{W}body"):
        if element.tag == f"{W}p" and _heading_level(element):
            break
        cover.append(element)
    return cover


def _add_part(parts: dict[str, bytes], name: str, kind: str, content_type: str, xml: str) -> str:
    """A new part, its relationship from the document and its content type; the relationship's ID."""
    parts[f"word/{name}"] = xml.encode()
    rels = "word/_rels/document.xml.rels"
    ident = f"rIdWr{len(re.findall(rb'<Relationship ', parts[rels])) + 1}"
    parts[rels] = parts[rels].replace(b"</Relationships>", (
        f'<Relationship Id="{ident}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}" '
        f'Target="{name}"/></Relationships>').encode())
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(b"</Types>", (
        f'<Override PartName="/word/{name}" ContentType="application/vnd.openxmlformats-officedocument.'
        f'wordprocessingml.{content_type}+xml"/></Types>').encode())
    return ident


def _body_paragraphs(root) -> list:
    """Paragraphs of running text (not headings, not in tables)."""
    return [p for p in root.iter(f"{W}p") if _heading_level(p) is None and p.find(f"{W}pPr/{W}numPr") is None
            and not any(a.tag == f"{W}tbl" for a in p.iterancestors()) and _text(p).strip()] + \
           [p for p in root.iter(f"{W}p") if p.find(f"{W}pPr/{W}numPr") is not None and _heading_level(p) is None]


# --- features --------------------------------------------------------------------------------------

def heading_styles(parts: dict[str, bytes], ids: str, names: str, outline: bool = True) -> None:
    """Heading styles under other IDs and names ("Titre1"/"Titre 1", "Ttulo1"/"Título 1", as a
    localised Word or a template saves them), with or without their outline level."""
    renamed = {f"Heading{n}": ids.format(n=n) for n in range(1, 10)}
    with _Part(parts, "word/styles.xml") as styles:
        for style in styles.iter(f"{W}style"):
            ident = style.get(f"{W}styleId")
            if ident in renamed:
                style.set(f"{W}styleId", renamed[ident])
                style.find(f"{W}name").set(f"{W}val", names.format(n=int(ident[-1])))
                level = style.find(f"{W}pPr/{W}outlineLvl")
                if not outline and level is not None:
                    level.getparent().remove(level)
            for link in list(style.iter(f"{W}basedOn", f"{W}next", f"{W}link")):
                if link.get(f"{W}val") in renamed:
                    link.set(f"{W}val", renamed[link.get(f"{W}val")])
    for name in ("word/document.xml", "word/numbering.xml"):
        if name in parts:
            with _Part(parts, name) as root:
                for style in root.iter(f"{W}pStyle"):
                    if style.get(f"{W}val") in renamed:
                        style.set(f"{W}val", renamed[style.get(f"{W}val")])


def custom_heading_styles(parts: dict[str, bytes]) -> None:
    """The house's own styles ("Eval Chapter", "Eval Criterion"...) based on Heading 1-4, as a
    template has them: the paragraphs use those, never Heading N itself."""
    with _Part(parts, "word/styles.xml") as styles:
        for n in range(1, 5):
            styles.append(_el("w:style", {"type": "paragraph", "customStyle": "1", "styleId": f"EvalLevel{n}"}, children=[
                _el("w:name", {"val": f"Eval Level {n}"}), _el("w:basedOn", {"val": f"Heading{n}"}),
                _el("w:rPr", children=[_el("w:caps")])]))
    with _Part(parts, "word/document.xml") as root:
        for paragraph in root.iter(f"{W}p"):
            level = _heading_level(paragraph)
            if level:
                paragraph.find(f"{W}pPr/{W}pStyle").set(f"{W}val", f"EvalLevel{level}")


def _unstyled_headings(root) -> list:
    """Every heading paragraph with its level, its heading style taken off."""
    found = []
    for paragraph in root.iter(f"{W}p"):
        level = _heading_level(paragraph)
        if level:
            properties = paragraph.find(f"{W}pPr")
            properties.remove(properties.find(f"{W}pStyle"))
            found.append((paragraph, level))
    return found


def outline_levels_only(parts: dict[str, bytes]) -> None:
    """No heading style at all: headings are body paragraphs in bold with an outline level set on
    the paragraph (how many reports typed from scratch, or converted, show their structure)."""
    with _Part(parts, "word/document.xml") as root:
        for paragraph, level in _unstyled_headings(root):
            paragraph.find(f"{W}pPr").append(_el("w:outlineLvl", {"val": str(level - 1)}))
            for run in paragraph.iter(f"{W}r"):
                run.insert(0, _el("w:rPr", children=[_el("w:b"), _el("w:sz", {"val": str(36 - 4 * level)})]))


def automatic_heading_numbers(parts: dict[str, bytes]) -> None:
    """Chapter numbers "9.", "9.1", "9.1.1" from a multilevel list on the headings, not in the text."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        plain, numbered = Path(folder) / "plain.docx", Path(folder) / "numbered.docx"
        _write(parts, plain)
        parts.update(_read(with_automatic_heading_numbers(plain, numbered)))


def tracked_changes(parts: dict[str, bytes]) -> None:
    """Revisions not yet accepted: words deleted and inserted, a deleted paragraph, moved text,
    a formatting change. The text as accepted is the report's; deleted text never is."""
    with _Part(parts, "word/document.xml") as root:
        paragraphs = [p for p in _body_paragraphs(root) if "trained" in _text(p)]
        for number, paragraph in enumerate(paragraphs):
            runs = [r for r in paragraph.findall(f"{W}r") if "trained" in _text(r)]
            if not runs:
                continue
            run = runs[0]
            text = run.find(f"{W}t")
            before, after = text.text.split("trained", 1)
            text.text = before
            author = {"author": "Reviewer", "date": "2024-03-01T10:00:00Z"}
            inserted = _el("w:ins", {"id": str(900 + 3 * number), **author}, children=[_run("trained")])
            deleted = _el("w:del", {"id": str(901 + 3 * number), **author},
                          children=[_run(f"{MARKERS['deleted']} taught ", "w:delText")])
            rest = deepcopy(run)
            rest.find(f"{W}t").text = after
            rest.insert(0, _el("w:rPr", children=[_el("w:rPrChange", {"id": str(902 + 3 * number), **author},
                                                                      children=[_el("w:rPr", children=[_el("w:i")])])]))
            run.addnext(deleted)
            deleted.addnext(inserted)
            inserted.addnext(rest)
        # A whole paragraph deleted (its mark too), and text moved away from the summary.
        first = paragraphs[0]
        gone = _el("w:p", children=[
            _el("w:pPr", children=[_el("w:rPr", children=[_el("w:del", {"id": "990", "author": "Reviewer",
                                                                        "date": "2024-03-01T10:00:00Z"})])]),
            _el("w:del", {"id": "991", "author": "Reviewer", "date": "2024-03-01T10:00:00Z"},
                children=[_run(f"{MARKERS['deleted']} a paragraph the team removed.", "w:delText")])])
        first.addprevious(gone)
        first.append(_el("w:moveFrom", {"id": "992", "author": "Reviewer", "date": "2024-03-01T10:00:00Z"},
                         children=[_run(f" {MARKERS['moved']} words moved elsewhere.", "w:delText")]))


def comments(parts: dict[str, bytes], headings: bool = False) -> None:
    """Reviewers' margin comments on several paragraphs, or on headings (ranges and references)."""
    with _Part(parts, "word/document.xml") as root:
        paragraphs = _body_paragraphs(root)[:: max(1, len(_body_paragraphs(root)) // 5)][:5] if not headings else \
            [p for p in root.iter(f"{W}p") if _heading_level(p)][::3][:5]
        for ident, paragraph in enumerate(paragraphs):
            runs = paragraph.findall(f"{W}r")
            if not runs:
                continue
            runs[0].addprevious(_el("w:commentRangeStart", {"id": str(ident)}))
            runs[-1].addnext(_el("w:commentRangeEnd", {"id": str(ident)}))
            paragraph.append(_el("w:r", children=[_el("w:rPr", children=[_el("w:rStyle", {"val": "CommentReference"})]),
                                                  _el("w:commentReference", {"id": str(ident)})]))
    with _Part(parts, "word/comments.xml") as root:
        for ident in range(5):
            root.append(_el("w:comment", {"id": str(ident), "author": "Evaluation manager", "initials": "EM",
                                          "date": "2024-03-02T09:00:00Z"},
                            children=[_el("w:p", children=[_run(f"{MARKERS['comment']} please rephrase {ident}.")])]))


def _field(instruction: str) -> list:
    return [_el("w:r", children=[_el("w:fldChar", {"fldCharType": "begin"})]),
            _el("w:r", children=[_el("w:instrText", text=f" {instruction} ")]),
            _el("w:r", children=[_el("w:fldChar", {"fldCharType": "separate"})])]


def _field_end() -> etree._Element:
    return _el("w:r", children=[_el("w:fldChar", {"fldCharType": "end"})])


def toc_field(parts: dict[str, bytes], heading: str | None) -> None:
    """Word's generated table of contents: a TOC field whose result is one paragraph per heading
    (TOC 1-3 styles, a link to the heading's _Toc bookmark, a tab and a PAGEREF page number), in a
    "Table of Contents" content control with its heading, or bare after the cover."""
    with _Part(parts, "word/document.xml") as root:
        headings = [(p, _heading_level(p)) for p in root.iter(f"{W}p") if (_heading_level(p) or 9) <= 4]
        entries = []
        for number, (paragraph, level) in enumerate(headings):
            anchor = f"_Toc1{number:05d}"
            paragraph.insert(1, _el("w:bookmarkStart", {"id": str(700 + number), "name": anchor}))
            paragraph.append(_el("w:bookmarkEnd", {"id": str(700 + number)}))
            page = 3 + 2 * number
            link = _el("w:hyperlink", {"anchor": anchor, "history": "1"}, children=[
                _run(_text(paragraph)), _el("w:r", children=[_el("w:tab")]), *_field(f"PAGEREF {anchor} \\h"),
                _run(str(page)), _field_end()])
            entries.append(_el("w:p", children=[
                _el("w:pPr", children=[_el("w:pStyle", {"val": f"TOC{min(level - 1, 3) or 1}"}),
                                       _el("w:tabs", children=[_el("w:tab", {"val": "right", "leader": "dot",
                                                                             "pos": "9350"})])]), link]))
        entries[0][1:1] = _field('TOC \\o "1-3" \\h \\z \\u')
        entries[-1].append(_field_end())
        first_heading = headings[0][0]
        block = ([_el("w:p", children=[_el("w:pPr", children=[_el("w:pStyle", {"val": "TOCHeading"})]),
                                       _run(heading)])] if heading else []) + entries
        if heading:
            sdt = _el("w:sdt", children=[
                _el("w:sdtPr", children=[_el("w:docPartObj", children=[
                    _el("w:docPartGallery", {"val": "Table of Contents"}), _el("w:docPartUnique")])]),
                _el("w:sdtContent", children=block)])
            first_heading.addprevious(sdt)
        else:
            for paragraph in block:
                first_heading.addprevious(paragraph)
        first_heading.addprevious(_el("w:p", children=[_el("w:r", children=[_el("w:br", {"type": "page"})])]))
    with _Part(parts, "word/styles.xml") as styles:
        for n in range(1, 4):
            styles.append(_el("w:style", {"type": "paragraph", "styleId": f"TOC{n}"}, children=[
                _el("w:name", {"val": f"toc {n}"}), _el("w:basedOn", {"val": "Normal"})]))


def content_controls(parts: dict[str, bytes]) -> None:
    """The cover as a template's content controls: the block in one, its title and code each in
    a run-level control bound to a document property, with a placeholder style."""
    with _Part(parts, "word/document.xml") as root:
        cover = _cover(root)
        for paragraph in cover:
            for run in [r for r in paragraph.findall(f"{W}r") if _text(r).strip()]:
                tag = "Title" if "Promoting" in _text(run) else "Field"
                wrapper = _el("w:sdt", children=[
                    _el("w:sdtPr", children=[_el("w:alias", {"val": tag}), _el("w:tag", {"val": tag.lower()}),
                                             _el("w:id", {"val": str(abs(hash(_text(run))) % 10 ** 8)}),
                                             _el("w:text")]),
                    _el("w:sdtContent")])
                run.addprevious(wrapper)
                wrapper.find(f"{W}sdtContent").append(run)
        block = _el("w:sdt", children=[_el("w:sdtPr", children=[
            _el("w:docPartObj", children=[_el("w:docPartGallery", {"val": "Cover Pages"}), _el("w:docPartUnique")])]),
            _el("w:sdtContent")])
        cover[0].addprevious(block)
        for element in cover:
            block.find(f"{W}sdtContent").append(element)


def endnotes(parts: dict[str, bytes]) -> None:
    """The report's notes 2 and 3 as endnotes (Word numbers them apart: i, ii or 1, 2)."""
    with _Part(parts, "word/footnotes.xml") as notes:
        moved = [n for n in notes.findall(f"{W}footnote") if n.get(f"{W}id") not in (None, "-1", "0")
                 and n.get(f"{W}type") is None][1:]
        ends = [_el("w:endnote", {"type": "separator", "id": "-1"}, children=[
                    _el("w:p", children=[_el("w:r", children=[_el("w:separator")])])]),
                _el("w:endnote", {"type": "continuationSeparator", "id": "0"}, children=[
                    _el("w:p", children=[_el("w:r", children=[_el("w:continuationSeparator")])])])]
        numbers = {}
        for number, note in enumerate(moved, start=1):
            notes.remove(note)
            numbers[note.get(f"{W}id")] = str(number)
            note.tag = f"{W}endnote"
            note.set(f"{W}id", str(number))
            for reference in note.iter(f"{W}footnoteRef"):
                reference.tag = f"{W}endnoteRef"
            ends.append(note)
    xml = etree.tostring(_el("w:endnotes", children=ends), encoding="unicode")
    _add_part(parts, "endnotes.xml", "endnotes", "endnotes", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' + xml)
    with _Part(parts, "word/document.xml") as root:
        for reference in list(root.iter(f"{W}footnoteReference")):
            if reference.get(f"{W}id") in numbers:
                reference.tag = f"{W}endnoteReference"
                reference.set(f"{W}id", numbers[reference.get(f"{W}id")])


def merged_cells(parts: dict[str, bytes]) -> None:
    """The evaluation matrix's criterion cells merged down over their questions (vMerge), as Word
    users draw it, and every table's first row as a repeated header row."""
    with _Part(parts, "word/document.xml") as root:
        for table in root.iter(f"{W}tbl"):
            rows = table.findall(f"{W}tr")
            rows[0].insert(0, _el("w:trPr", children=[_el("w:tblHeader")]))
            for row in rows[1:]:
                cells = row.findall(f"{W}tc")
                if len(cells) != 2 or not re.match(r"\d+\. ", _text(cells[1])):
                    continue
                properties = cells[0].find(f"{W}tcPr")
                if properties is None:
                    properties = _el("w:tcPr")
                    cells[0].insert(0, properties)
                properties.append(_el("w:vMerge", {"val": "restart"}) if _text(cells[0]).strip() else _el("w:vMerge"))


def text_box(parts: dict[str, bytes]) -> None:
    """The executive summary's paragraph in a text box (a drawing shape with its VML fallback, as
    Word saves it: the same text twice in the file, once on the page)."""
    with _Part(parts, "word/document.xml") as root:
        summary = next(p for p in root.iter(f"{W}p") if "120 labour" in _text(p))
        inner = deepcopy(summary)
        for run in summary.findall(f"{W}r"):
            summary.remove(run)
        content = lambda: _el("w:txbxContent", children=[deepcopy(inner)])  # noqa: E731
        shape = _el("wps:wsp", children=[_el("wps:cNvSpPr", {"txBox": "1"}), _el("wps:spPr"),
                                         _el("wps:txbx", children=[content()]), _el("wps:bodyPr")])
        drawing = _el("w:drawing", children=[_el("wp:inline", {"distT": "0", "distB": "0", "distL": "0", "distR": "0"}, children=[
            _el("wp:extent", {"cx": "5400000", "cy": "900000"}), _el("wp:docPr", {"id": "1", "name": "Text Box 1"}),
            _el("a:graphic", children=[_el("a:graphicData", {"uri": WPS_NS}, children=[shape])])])])
        alternate = etree.Element(q("mc:AlternateContent"), nsmap=NSMAP)
        choice = etree.SubElement(alternate, q("mc:Choice"), Requires="wps")
        choice.append(drawing)
        fallback = etree.SubElement(alternate, q("mc:Fallback"))
        fallback.append(_el("w:pict", children=[etree.Element(q("v:shape"), nsmap=NSMAP)]))
        fallback[0][0].append(etree.Element(q("v:textbox"), nsmap=NSMAP))
        fallback[0][0][0].append(content())
        summary.append(_el("w:r", children=[alternate]))


def headers_footers(parts: dict[str, bytes]) -> None:
    """A header with the report's title and a footer with a PAGE field on every page; a page
    break before each chapter and a section break (landscape annexes)."""
    namespaces = f'xmlns:w="{W_NS}" xmlns:r="{R_NS}"'
    header = _add_part(parts, "header1.xml", "header", "header",
                       f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:hdr {namespaces}><w:p><w:pPr>'
                       f'<w:pStyle w:val="Header"/></w:pPr><w:r><w:t xml:space="preserve">{MARKERS["header"]} Promoting '
                       'Decent Work in Rural Supply Chains – Final evaluation</w:t></w:r></w:p></w:hdr>')
    footer = _add_part(parts, "footer1.xml", "footer", "footer",
                       f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:ftr {namespaces}><w:p><w:r><w:t '
                       f'xml:space="preserve">{MARKERS["footer"]} page </w:t></w:r><w:fldSimple w:instr=" PAGE "><w:r>'
                       '<w:t>1</w:t></w:r></w:fldSimple></w:p></w:ftr>')
    with _Part(parts, "word/document.xml") as root:
        references = [_el("w:headerReference", {"type": "default", "r:id": header}),
                      _el("w:footerReference", {"type": "default", "r:id": footer})]
        body = root.find(f"{W}body")
        section = body.find(f"{W}sectPr")
        if section is None:
            section = _el("w:sectPr")
            body.append(section)
        for element in reversed(references):
            section.insert(0, element)
        chapters = [p for p in root.iter(f"{W}p") if _heading_level(p) == min(
            _heading_level(x) or 9 for x in root.iter(f"{W}p"))]
        for paragraph in chapters[1:]:
            paragraph.addprevious(_el("w:p", children=[_el("w:r", children=[_el("w:br", {"type": "page"})])]))
        for run in list(root.iter(f"{W}r"))[::7]:
            run.insert(0, _el("w:lastRenderedPageBreak"))
        # The paragraph before the annexes ends a section of its own (a section break, next page).
        annexes = chapters[-1]
        previous = annexes.getprevious()
        while previous is not None and previous.tag != f"{W}p":
            previous = previous.getprevious()
        properties = previous.find(f"{W}pPr")
        if properties is None:
            properties = _el("w:pPr")
            previous.insert(0, properties)
        properties.append(_el("w:sectPr", children=[deepcopy(r) for r in references] + [
            _el("w:type", {"val": "nextPage"}), _el("w:pgSz", {"w": "11906", "h": "16838"})]))


def typography(parts: dict[str, bytes]) -> None:
    """What typing in Word leaves: non-breaking spaces, optional (soft) hyphens, runs cut in the
    middle of words (spell checking), smart tags and bookmarks, all in the running text."""
    with _Part(parts, "word/document.xml") as root:
        for number, paragraph in enumerate(_body_paragraphs(root)):
            for run in paragraph.findall(f"{W}r"):
                text = run.find(f"{W}t")
                if text is None or "labour inspectors" not in (text.text or ""):
                    continue
                before, after = text.text.split("labour inspectors", 1)
                text.text = before.replace(" ", "\u00a0", 1) if number % 2 else before
                pieces = [_el("w:r", children=[_el("w:t", text="la")]),
                          _el("w:r", children=[_el("w:softHyphen")]),
                          _el("w:r", children=[_el("w:t", text="bour")]),
                          _el("w:proofErr", {"type": "spellStart"}),
                          _el("w:r", children=[_el("w:t", text=" inspec")]),
                          _el("w:proofErr", {"type": "spellEnd"}),
                          _el("w:r", children=[_el("w:t", text="tors")])]
                smart = _el("w:smartTag", {"uri": "urn:schemas-microsoft-com:office:smarttags", "element": "place"},
                            children=[_el("w:r", children=[_el("w:t", text=after)])])
                bookmark = [_el("w:bookmarkStart", {"id": str(800 + number), "name": f"_Ref{number:06d}"}),
                            _el("w:bookmarkEnd", {"id": str(800 + number)})]
                anchor = run
                for element in [*pieces, bookmark[0], smart, bookmark[1]]:
                    anchor.addnext(element)
                    anchor = element
                break
        # An optional hyphen typed into a label ("Recom-mendation 1:", as pasted text holds it).
        for text in root.iter(f"{W}t"):
            text.text = re.sub(r"(?i)\b(recom)(mendation)", "\\1\u00ad\\2", text.text or "")


def title_style(parts: dict[str, bytes], ident: str) -> None:
    """The cover's title in Word's Title style, saved by a localised Word: the style's ID is the
    language's ("Titre", "Ttulo"), its name stays "Title"."""
    with _Part(parts, "word/styles.xml") as styles:
        for style in styles.iter(f"{W}style"):
            if style.get(f"{W}styleId") == "Title":
                style.set(f"{W}styleId", ident)
    with _Part(parts, "word/document.xml") as root:
        title = next(p for p in root.iter(f"{W}p") if "Promoting Decent Work" in _text(p))
        title.find(f"{W}pPr/{W}pStyle").set(f"{W}val", ident)
        for bold in list(title.iter(f"{W}b", f"{W}bCs")):
            bold.getparent().remove(bold)


def continued_numbering(parts: dict[str, bytes]) -> None:
    """Numbered paragraphs as Word numbers them: one list running through the report (a single
    numbering instance, no restart), not a list per block with its start as pandoc writes it."""
    with _Part(parts, "word/document.xml") as root:
        numbered = [p for p in root.iter(f"{W}p") if p.find(f"{W}pPr/{W}numPr/{W}numId") is not None
                    and re.match(r"\d", _text(p)) is None and _heading_level(p) is None
                    and not any(a.tag == f"{W}tbl" for a in p.iterancestors())]
        lists = [p.find(f"{W}pPr/{W}numPr/{W}numId") for p in numbered]
        decimal = _decimal_lists(parts)
        lists = [n for n in lists if n.get(f"{W}val") in decimal]
        for number in lists:
            number.set(f"{W}val", lists[0].get(f"{W}val"))


def _decimal_lists(parts: dict[str, bytes]) -> set[str]:
    root = etree.fromstring(parts["word/numbering.xml"])
    decimal = {a.get(f"{W}abstractNumId") for a in root.iter(f"{W}abstractNum")
               if (a.find(f"{W}lvl/{W}numFmt") is not None and a.find(f"{W}lvl/{W}numFmt").get(f"{W}val") == "decimal")}
    return {n.get(f"{W}numId") for n in root.iter(f"{W}num") if n.find(f"{W}abstractNumId").get(f"{W}val") in decimal}


def spanning_rows(parts: dict[str, bytes]) -> None:
    """A table's title row as one cell across the table (gridSpan), as Word users merge it."""
    with _Part(parts, "word/document.xml") as root:
        for row in root.iter(f"{W}tr"):
            cells = row.findall(f"{W}tc")
            if len(cells) > 1 and _text(cells[0]) == SPANNING_ROW:
                for cell in cells[1:]:
                    row.remove(cell)
                properties = cells[0].find(f"{W}tcPr")
                if properties is None:
                    properties = _el("w:tcPr")
                    cells[0].insert(0, properties)
                properties.append(_el("w:gridSpan", {"val": str(len(cells))}))


def hyperlink_fields(parts: dict[str, bytes]) -> None:
    """Web links as HYPERLINK fields (older Word, pasted text) rather than hyperlink elements."""
    with _Part(parts, "word/document.xml") as root:
        for link in list(root.iter(f"{W}hyperlink")):
            if link.get(f"{{{R_NS}}}id") is None:
                continue
            runs = link.findall(f"{W}r")
            for element in [*_field(f'HYPERLINK "{LINK}"'), *runs, _field_end()]:
                link.addprevious(element)
            link.getparent().remove(link)


def fragmented_runs(parts: dict[str, bytes]) -> None:
    """Every run cut into one run per word, with revision IDs, language and proofing marks, as
    editing in Word leaves them (a bold label "Recommendation 1:" in three runs)."""
    with _Part(parts, "word/document.xml") as root:
        for number, run in enumerate(list(root.iter(f"{W}r"))):
            text = run.find(f"{W}t")
            if text is None or len(run) > 2 or not (text.text or "").strip():
                continue
            words = re.findall(r"\S+\s*|\s+", text.text)
            for index, word in enumerate(words[1:], start=1):
                piece = deepcopy(run)
                piece.set(f"{W}rsidR", f"00{(number * 7 + index) % 999999:06X}")
                piece.find(f"{W}t").text = word
                properties = piece.find(f"{W}rPr")
                if properties is None:
                    properties = _el("w:rPr")
                    piece.insert(0, properties)
                properties.append(_el("w:lang", {"val": "en-GB" if index % 2 else "en-US"}))
                if index % 3 == 0:
                    properties.append(_el("w:noProof"))
                run.addnext(piece)
                run = piece
            text.text = words[0]


def french_autocorrect(parts: dict[str, bytes]) -> None:
    """What Word's French autocorrect types: a typographic apostrophe, a non-breaking space before
    ":", ";", "?" and "!" (added where the text had none), a narrow one inside guillemets."""
    with _Part(parts, "word/document.xml") as root:
        for text in root.iter(f"{W}t"):
            value = (text.text or "").replace("'", "\u2019")
            text.text = re.sub(r"(?<=\w)\s?([:;?!])(?=\s|$)", "\u00a0\\1", value)


def soft_breaks(parts: dict[str, bytes]) -> None:
    """A line break (Shift+Enter) after the bold label of each labelled paragraph, and in cover lines."""
    with _Part(parts, "word/document.xml") as root:
        for paragraph in root.iter(f"{W}p"):
            runs = paragraph.findall(f"{W}r")
            if len(runs) >= 2 and runs[0].find(f"{W}rPr/{W}b") is not None and _heading_level(paragraph) is None:
                runs[0].append(_el("w:br"))


def hidden_text(parts: dict[str, bytes]) -> None:
    """Hidden text (a template's instructions formatted as hidden, Word shows it only on demand)."""
    with _Part(parts, "word/document.xml") as root:
        for paragraph in _body_paragraphs(root)[:6]:
            paragraph.append(_el("w:r", children=[_el("w:rPr", children=[_el("w:vanish")]),
                                                  _el("w:t", text=f" {MARKERS['hidden']} [instructions of the template]")]))


def deleted_rows(parts: dict[str, bytes]) -> None:
    """A table row deleted and one inserted with tracked changes (the budget: a line the team removed)."""
    with _Part(parts, "word/document.xml") as root:
        row = next(r for r in root.iter(f"{W}tr") if _text(r).startswith("Staff"))
        gone = deepcopy(row)
        for text in list(gone.iter(f"{W}t")):
            text.tag = f"{W}delText"
            text.text = f"{MARKERS['deleted']} {text.text}"
        revision = {"author": "Reviewer", "date": "2024-03-01T10:00:00Z"}
        properties = gone.find(f"{W}trPr")
        if properties is None:
            properties = _el("w:trPr")
            gone.insert(0, properties)
        properties.append(_el("w:del", {"id": "980", **revision}))
        for run in list(gone.iter(f"{W}r")):
            run.addprevious(_el("w:del", {"id": "981", **revision}, children=[deepcopy(run)]))
            run.getparent().remove(run)
        row.addprevious(gone)


def word_captions(parts: dict[str, bytes]) -> None:
    """Captions as Word inserts them: the "Caption" style, "Figure " or "Table " then a SEQ field
    whose result is the number; the figure's picture in a paragraph of its own."""
    with _Part(parts, "word/document.xml") as root:
        for paragraph in list(root.iter(f"{W}p")):
            match = re.match(r"(Figure|Table|Graphique|Tableau|Gráfico|Cuadro) (\d+)( ?: .*)", _text(paragraph))
            if not match:
                continue
            properties = paragraph.find(f"{W}pPr")
            if properties is None:
                properties = _el("w:pPr")
                paragraph.insert(0, properties)
            for old in properties.findall(f"{W}pStyle"):
                properties.remove(old)
            properties.insert(0, _el("w:pStyle", {"val": "Caption"}))
            for run in paragraph.findall(f"{W}r"):
                paragraph.remove(run)
            paragraph.extend([_run(f"{match.group(1)} "), *_field(f"SEQ {match.group(1)} \\* ARABIC"),
                              _run(match.group(2)), _field_end(), _run(match.group(3))])


def tracked_moves_and_formatting(parts: dict[str, bytes]) -> None:
    """Revisions of another kind: text moved here (moveTo, with its range marks), paragraphs whose
    style was changed (a heading that was body text, pPrChange), runs whose formatting changed, and a
    paragraph mark inserted (a paragraph split in two)."""
    revision = {"author": "Reviewer", "date": "2024-03-01T10:00:00Z"}
    with _Part(parts, "word/document.xml") as root:
        for number, paragraph in enumerate(_body_paragraphs(root)[:8]):
            runs = paragraph.findall(f"{W}r")
            if not runs:
                continue
            moved = _el("w:moveTo", {"id": str(950 + number), **revision})
            runs[-1].addprevious(moved)
            moved.append(runs[-1])
            moved.addprevious(_el("w:moveToRangeStart", {"id": str(960 + number), "name": f"move{number}", **revision}))
            moved.addnext(_el("w:moveToRangeEnd", {"id": str(960 + number)}))
        for number, paragraph in enumerate(p for p in root.iter(f"{W}p") if _heading_level(p)):
            properties = paragraph.find(f"{W}pPr")
            properties.append(_el("w:pPrChange", {"id": str(1000 + number), **revision}, children=[
                _el("w:pPr", children=[_el("w:pStyle", {"val": "BodyText"})])]))
            mark = properties.find(f"{W}rPr")
            if mark is None:
                mark = _el("w:rPr")
                properties.append(mark)
            mark.append(_el("w:ins", {"id": str(1100 + number), **revision}))


def layout_tables(parts: dict[str, bytes]) -> None:
    """Tables used for layout: the cover in a one-cell table (a framed box), and the budget table
    inside the cell of another (a table in a table)."""
    with _Part(parts, "word/document.xml") as root:
        cover = _cover(root)
        budget = next(t for t in root.iter(f"{W}tbl") if _text(t).startswith("Budget line"))
        for contents in (cover, [budget]):
            cell = _el("w:tc", children=[_el("w:tcPr", children=[_el("w:tcW", {"w": "9000", "type": "dxa"})])])
            box = _el("w:tbl", children=[
                _el("w:tblPr", children=[_el("w:tblW", {"w": "9000", "type": "dxa"}),
                                         _el("w:tblBorders", children=[_el("w:top", {"val": "single", "sz": "12"})])]),
                _el("w:tblGrid", children=[_el("w:gridCol", {"w": "9000"})]), _el("w:tr", children=[cell])])
            contents[0].addprevious(box)
            for element in contents:
                cell.append(element)
            if contents[-1].tag == f"{W}tbl":  # a cell ends with a paragraph
                cell.append(_el("w:p"))


LABEL_NUM = 9500  # numbering IDs of the label lists


def numbered_labels(parts: dict[str, bytes]) -> None:
    """Conclusion and recommendation labels from Word's list numbering ("Recommendation %1:" in
    bold as the list level's text), not typed: the words are in numbering.xml only."""
    with _Part(parts, "word/document.xml") as root:
        lists: dict[str, tuple[int, str]] = {}
        for paragraph in root.iter(f"{W}p"):
            runs = paragraph.findall(f"{W}r")
            match = re.fullmatch(r"(\w+) (\d+)([:.]| -)", _text(runs[0]).strip()) if runs else None
            if not match or runs[0].find(f"{W}rPr/{W}b") is None or paragraph.find(f"{W}pPr/{W}numPr") is not None:
                continue
            word, punctuation = match.group(1), match.group(3)
            if word not in lists:
                lists[word] = (LABEL_NUM + len(lists), f"{word} %1{punctuation}")
            paragraph.remove(runs[0])
            if len(runs) > 1 and runs[1].find(f"{W}t") is not None:
                runs[1].find(f"{W}t").text = runs[1].find(f"{W}t").text.lstrip()
            properties = paragraph.find(f"{W}pPr")
            if properties is None:
                properties = _el("w:pPr")
                paragraph.insert(0, properties)
            properties.insert(0, _el("w:numPr", children=[_el("w:ilvl", {"val": "0"}),
                                                          _el("w:numId", {"val": str(lists[word][0])})]))
    abstracts = "".join(
        f'<w:abstractNum w:abstractNumId="{ident}"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        f'<w:lvlText w:val="{text}"/><w:suff w:val="space"/><w:rPr><w:b/></w:rPr></w:lvl></w:abstractNum>'
        for ident, text in lists.values())
    instances = "".join(f'<w:num w:numId="{ident}"><w:abstractNumId w:val="{ident}"/></w:num>' for ident, _ in lists.values())
    numbering = parts["word/numbering.xml"].decode()
    first = numbering.find("<w:num ")
    numbering = numbering[:first] + abstracts + numbering[first:] if first >= 0 else numbering.replace(
        "</w:numbering>", abstracts + "</w:numbering>")
    parts["word/numbering.xml"] = numbering.replace("</w:numbering>", instances + "</w:numbering>").encode()


def wingdings(parts: dict[str, bytes]) -> None:
    """Check marks as Word users insert them: a Wingdings symbol (Insert > Symbol: `w:sym`), or the
    letter "ü" typed in the Wingdings font (what the keyboard shortcut leaves)."""
    with _Part(parts, "word/document.xml") as root:
        for number, text in enumerate([t for t in root.iter(f"{W}t") if "\u2713" in (t.text or "") or "\u2717" in (t.text or "")]):
            run = text.getparent()
            before, mark, after = re.split("([\u2713\u2717])", text.text, maxsplit=1)
            text.text = before
            letter = "\u00fc" if mark == "\u2713" else "\u00fb"
            symbol = _el("w:r", children=[_el("w:sym", {"font": "Wingdings", "char": f"F0{ord(letter):02X}"})]) if number % 2 \
                else _el("w:r", children=[_el("w:rPr", children=[_el("w:rFonts", {"ascii": "Wingdings", "hAnsi": "Wingdings"})]),
                                          _el("w:t", text=letter)])
            rest = deepcopy(run)
            rest.find(f"{W}t").text = after
            run.addnext(symbol)
            symbol.addnext(rest)


def normal_headings(parts: dict[str, bytes], bold: bool = True, size: bool = False, caps: bool = False) -> None:
    """No heading style and no outline level: every heading is a Normal paragraph set by hand, in bold
    (`bold`), larger (`size`: 16, 14, 13, 12 pt by level) or in capitals (`caps`, Word's "All caps"), as a
    report typed from scratch shows its structure."""
    with _Part(parts, "word/document.xml") as root:
        for paragraph, level in _unstyled_headings(root):
            for run in paragraph.iter(f"{W}r"):
                marks = [_el("w:b")] if bold else []
                marks += [_el("w:caps")] if caps else []
                marks += [_el("w:sz", {"val": str(max(24, 34 - 2 * level))})] if size else []
                old = run.find(f"{W}rPr")
                if old is not None:
                    run.remove(old)
                run.insert(0, _el("w:rPr", children=marks))


# Word's built-in styles as a French or Spanish Word saves them: (style ID, name) by English style ID.
LOCALISED_STYLES = {
    "fr": {"Title": ("Titre", "Titre"), "Caption": ("Lgende", "Légende"), "FootnoteText": ("Notedebasdepage",
           "Note de bas de page"), "FootnoteReference": ("Appelnotedebasdep", "Appel note de bas de p."),
           "BodyText": ("Corpsdetexte", "Corps de texte"), "FirstParagraph": ("Premierparagraphe", "Premier paragraphe"),
           "Hyperlink": ("Lienhypertexte", "Lien hypertexte"), "TOCHeading": ("En-ttedetabledesmatires",
           "En-tête de table des matières"), **{f"Heading{n}": (f"Titre{n}", f"Titre {n}") for n in range(1, 10)}},
    "es": {"Title": ("Puesto", "Título"), "Caption": ("Epgrafe", "Epígrafe"), "FootnoteText": ("Textonotapie",
           "Texto nota pie"), "FootnoteReference": ("Refdenotaalpie", "Ref. de nota al pie"),
           "BodyText": ("Textoindependiente", "Texto independiente"), "FirstParagraph": ("Primerprrafo", "Primer párrafo"),
           "Hyperlink": ("Hipervnculo", "Hipervínculo"), "TOCHeading": ("TtulodeTDC", "Título de TDC"),
           **{f"Heading{n}": (f"Ttulo{n}", f"Título {n}") for n in range(1, 10)}},
}


def localised_styles(parts: dict[str, bytes], lang: str) -> None:
    """Every built-in style under the IDs and names a French or Spanish Word gives it (headings, title,
    caption, footnote text and reference, body text, hyperlink), wherever a part names a style."""
    renamed = LOCALISED_STYLES[lang]
    with _Part(parts, "word/styles.xml") as styles:
        for style in styles.iter(f"{W}style"):
            ident = style.get(f"{W}styleId")
            if ident in renamed:
                style.set(f"{W}styleId", renamed[ident][0])
                style.find(f"{W}name").set(f"{W}val", renamed[ident][1])
    for name in [n for n in parts if n.startswith("word/") and n.endswith(".xml")]:
        with _Part(parts, name) as root:
            for reference in root.iter(f"{W}pStyle", f"{W}rStyle", f"{W}tblStyle", f"{W}basedOn", f"{W}next", f"{W}link"):
                if reference.get(f"{W}val") in renamed:
                    reference.set(f"{W}val", renamed[reference.get(f"{W}val")][0])


def comments_across_paragraphs(parts: dict[str, bytes]) -> None:
    """Comments whose range runs over several paragraphs (from one paragraph's first words to a later one's
    last), one of them from a heading into the text below it, with a reply to a comment."""
    with _Part(parts, "word/document.xml") as root:
        paragraphs = [p for p in root.find(f"{W}body").iter(f"{W}p") if p.findall(f"{W}r")
                      and not any(a.tag == f"{W}tbl" for a in p.iterancestors())]
        headings = [i for i, p in enumerate(paragraphs) if _heading_level(p)]
        starts = [headings[2], len(paragraphs) // 3, len(paragraphs) // 2]
        for ident, start in enumerate(starts):
            first, last = paragraphs[start], paragraphs[min(start + 2 + ident, len(paragraphs) - 1)]
            first.findall(f"{W}r")[0].addprevious(_el("w:commentRangeStart", {"id": str(ident)}))
            last.findall(f"{W}r")[-1].addnext(_el("w:commentRangeEnd", {"id": str(ident)}))
            last.append(_el("w:r", children=[_el("w:commentReference", {"id": str(ident)})]))
    with _Part(parts, "word/comments.xml") as root:
        for ident in range(len(starts)):
            root.append(_el("w:comment", {"id": str(ident), "author": "Evaluation manager", "initials": "EM",
                                          "date": "2024-03-02T09:00:00Z"},
                            children=[_el("w:p", children=[_run(f"{MARKERS['comment']} these paragraphs {ident}.")]),
                                      _el("w:p", children=[_run(f"{MARKERS['comment']} second paragraph.")])]))


def landscape_sections(parts: dict[str, bytes]) -> None:
    """Sections of their own in landscape (a wide matrix annex, a wide table in the findings): a section
    break in an empty paragraph before and after, each section with its page size and margins."""
    def section(landscape: bool) -> etree._Element:
        size = {"w": "16838", "h": "11906", "orient": "landscape"} if landscape else {"w": "11906", "h": "16838"}
        return _el("w:p", children=[_el("w:pPr", children=[_el("w:sectPr", children=[
            _el("w:type", {"val": "nextPage"}), _el("w:pgSz", size),
            _el("w:pgMar", {"top": "1134", "right": "1134", "bottom": "1134", "left": "1134", "header": "709",
                            "footer": "709", "gutter": "0"})])])])

    with _Part(parts, "word/document.xml") as root:
        body = root.find(f"{W}body")
        tables = [t for t in body if t.tag == f"{W}tbl"]
        for table in tables:  # portrait up to the table, the table alone in landscape
            table.addprevious(section(False))
            table.addnext(section(True))
        final = body.find(f"{W}sectPr")
        if final is None:
            final = _el("w:sectPr")
            body.append(final)
        final.append(_el("w:pgSz", {"w": "11906", "h": "16838"}))


def rows_across_pages(parts: dict[str, bytes]) -> None:
    """Tables longer than a page: the header row repeated on each page (tblHeader), rows allowed to break
    across pages or kept whole (cantSplit), and the page break Word last rendered inside a row's cell."""
    with _Part(parts, "word/document.xml") as root:
        for table in root.iter(f"{W}tbl"):
            rows = table.findall(f"{W}tr")
            for number, row in enumerate(rows):
                properties = row.find(f"{W}trPr")
                if properties is None:
                    properties = _el("w:trPr")
                    row.insert(0 if row.find(f"{W}tblPrEx") is None else 1, properties)
                properties.append(_el("w:tblHeader") if number == 0 else _el("w:cantSplit", {"val": "0" if number % 2 else "1"}))
            if len(rows) > 2:
                runs = list(rows[len(rows) // 2].iter(f"{W}r"))
                if runs:
                    runs[-1].insert(1 if runs[-1].find(f"{W}rPr") is not None else 0, _el("w:lastRenderedPageBreak"))


C_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"


def chart_object(parts: dict[str, bytes], workbook: bool = True, cache: bool = True) -> None:
    """The chart's data table replaced by the chart itself, as Word inserts one (Insert > Chart): a
    drawing whose graphic is a chart part (word/charts/chart1.xml) holding its title, its series and
    their values' cache, and the workbook of its data embedded (`workbook`); `cache`: the values are in
    the chart part (Word always writes them; a chart linked to a workbook outside the file has none)."""
    with _Part(parts, "word/document.xml") as root:
        label = next(p for p in root.iter(f"{W}p") if _text(p).strip() == "Chart data")
        table = label.getnext()
        ident = _add_part(parts, "charts/chart1.xml", "chart", "drawingml.chart", _chart_xml(cache, workbook))
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
            b"wordprocessingml.drawingml.chart+xml", b"drawingml.chart+xml")
        graphic = f'<a:graphic xmlns:a="{A_NS}"><a:graphicData uri="{C_NS}"><c:chart xmlns:c="{C_NS}" ' \
                  f'xmlns:r="{R_NS}" r:id="{ident}"/></a:graphicData></a:graphic>'
        drawing = _el("w:drawing", children=[_el("wp:inline", children=[
            _el("wp:extent", {"cx": "5486400", "cy": "3200400"}), _el("wp:docPr", {"id": "90", "name": "Chart 1"}),
            etree.fromstring(graphic)])])
        label.addprevious(_el("w:p", children=[_el("w:r", children=[drawing])]))
        for element in (label, table):
            element.getparent().remove(element)
    if workbook:
        import io

        from openpyxl import Workbook

        book = Workbook()
        for row in CHART_ROWS:
            book.active.append([int(c) if c.isdigit() and len(c) < 4 else c for c in row])
        data = io.BytesIO()
        book.save(data)
        parts["word/embeddings/Microsoft_Excel_Worksheet.xlsx"] = data.getvalue()
        parts["word/charts/_rels/chart1.xml.rels"] = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/package" Target="../embeddings/Microsoft_Excel_Worksheet.xlsx"/></Relationships>').encode()


def _chart_xml(cache: bool, workbook: bool) -> str:
    categories = [row[0] for row in CHART_ROWS[1:]]

    def points(values: list[str], kind: str) -> str:
        if not cache:
            return ""
        return (f"<c:{kind}Cache><c:ptCount val=\"{len(values)}\"/>"
                + "".join(f'<c:pt idx="{i}"><c:v>{v}</c:v></c:pt>' for i, v in enumerate(values)) + f"</c:{kind}Cache>")

    series = "".join(
        f'<c:ser><c:idx val="{n}"/><c:order val="{n}"/><c:tx><c:strRef><c:f>Sheet1!${"BC"[n]}$1</c:f>'
        f'{points([CHART_ROWS[0][n + 1]], "str")}</c:strRef></c:tx><c:cat><c:strRef><c:f>Sheet1!$A$2:$A$4</c:f>'
        f'{points(categories, "str")}</c:strRef></c:cat><c:val><c:numRef><c:f>Sheet1!${"BC"[n]}$2:${"BC"[n]}$4</c:f>'
        f'{points([row[n + 1] for row in CHART_ROWS[1:]], "num")}</c:numRef></c:val></c:ser>' for n in range(2))
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><c:chartSpace xmlns:c="{C_NS}" xmlns:a="{A_NS}" '
            f'xmlns:r="{R_NS}"><c:chart><c:title><c:tx><c:rich><a:bodyPr/><a:p><a:r><a:t>{CHART_TITLE}</a:t></a:r></a:p>'
            f'</c:rich></c:tx></c:title><c:plotArea><c:barChart><c:barDir val="col"/><c:grouping val="clustered"/>{series}'
            '</c:barChart></c:plotArea></c:chart>' + ('<c:externalData r:id="rId1"/>' if workbook else "") + '</c:chartSpace>')


def bold_sentences(parts: dict[str, bytes]) -> None:
    """Emphasis a heading set by hand must not be confused with: every third paragraph of running text
    wholly in bold (a key sentence), and a bold lead-in before the others' text."""
    with _Part(parts, "word/document.xml") as root:
        for number, paragraph in enumerate(p for p in _body_paragraphs(root) if p.find(f"{W}pPr/{W}numPr") is None):
            runs = paragraph.findall(f"{W}r")
            if number % 3 == 0:
                for run in runs:
                    properties = run.find(f"{W}rPr")
                    if properties is None:
                        properties = _el("w:rPr")
                        run.insert(0, properties)
                    if properties.find(f"{W}b") is None:
                        properties.insert(0, _el("w:b"))
            elif runs and number % 3 == 1 and _text(runs[0]).startswith("The project"):
                text = runs[0].find(f"{W}t")
                text.text = text.text[len("The project"):]
                runs[0].addprevious(_run("The project", bold=True))


FEATURES: dict[str, Callable[..., None]] = {f.__name__: f for f in (
    heading_styles, custom_heading_styles, outline_levels_only, automatic_heading_numbers, tracked_changes, comments,
    toc_field, content_controls, endnotes, merged_cells, text_box, headers_footers, typography, title_style,
    continued_numbering, spanning_rows, hyperlink_fields, fragmented_runs, french_autocorrect, soft_breaks,
    hidden_text, deleted_rows, word_captions, tracked_moves_and_formatting, layout_tables, numbered_labels, wingdings,
    normal_headings, bold_sentences, localised_styles, comments_across_paragraphs, landscape_sections,
    rows_across_pages, chart_object)}


if __name__ == "__main__":  # python3 tests/import_wordreal.py FOLDER: every variant and its plain file, to open in Word
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "wordreal-variants")
    target.mkdir(parents=True, exist_ok=True)
    for each in VARIANTS:
        print(build(each, target))
