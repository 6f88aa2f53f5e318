"""Hostile and odd sources for `reportgen import`, generated: one table of cases, easy to extend.

Each case makes its source file in a temporary folder and says what the import must do with it:
refuse it in one line holding `refused` (the file's name always; exit code 1, nothing written), or
import it (exit code 0) into a project whose files hold `kept` (the text as text) and whose
IMPORT.md holds `noted` (what was not read). tests/test_import_hostile.py runs every case through
the real CLI; `python3 tests/import_hostile.py DIR` writes every source into DIR (to try by hand).
"""

from __future__ import annotations

import struct
import sys
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from unit.pdf_maker import pdf_file  # tests/unit, a namespace package beside this file

# A small English report: one finding section, one conclusion, one recommendation.
REPORT = """# Findings

## 1. Relevance

The project was relevant to the needs of the workers and the employers in the region, and it was
aligned with the national policies of the government and with the strategy of the office.

# Conclusions

1. The project was relevant to the needs of the constituents and it was well designed for the context of
the region, with a strategy that was based on dialogue with the partners.

# Recommendations

R1. Keep the coordination structure between the ministries and the regions, for its effectiveness in the
management of the project and in the relation with the donor.
"""
REPORT_LINES = [line for line in REPORT.splitlines() if line.strip()]
# The conclusion's and the recommendation's whole texts, as the imported project writes them.
REPORT_ITEMS = tuple(" ".join(block.split()).split(" ", 1)[1] for block in REPORT.split("\n\n")[-3::2])


@dataclass
class Case:
    name: str
    make: Callable[[Path], Path]          # folder -> the source file, made in it
    refused: tuple[str, ...] = ()         # words of the one-line refusal; () = the import must succeed
    kept: tuple[str, ...] = ()            # texts the imported project's content must hold, as written
    noted: tuple[str, ...] = ()           # words IMPORT.md must hold (what was not read, what was repaired)
    builds: bool = False                  # the imported project is also built (and opened in Chromium)
    xfail: str = ""                       # a known defect: what happens instead (the case stays, strict xfail)


def _write(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


# --- PDFs, written by hand (a few objects each; tests/unit/pdf_maker.py writes the file) ------------------------------------------------------

def _stream(data: bytes, extra: bytes = b"", compress: bool = False) -> bytes:
    if compress:
        data = zlib.compress(data, 9)
        extra += b" /Filter /FlateDecode"
    return b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def _text_ops(lines: list[str], size: int = 11, font: bytes = b"F1") -> bytes:
    ops = []
    y = 780
    for line in lines:
        heading = line.startswith("#")
        text = line.lstrip("# ").replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(b"BT /%s %d Tf 60 %d Td (%s) Tj ET\n" % (font, 16 if heading else size, y,
                                                             text.encode("cp1252", "replace")))
        y -= 24 if heading else 15
    return b"".join(ops)


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


def text_pdf(pages: list[list[str]], page_extra: bytes = b"", catalog_extra: bytes = b"",
             contents: list[bytes] | None = None, font: bytes = _FONT, compress: bool = False,
             stream: bytes | None = None) -> bytes:
    """One page per list of lines (a line starting with # set larger), Helvetica; `contents`: each
    page's own operators instead, `stream`: the first page's content stream object as it is."""
    objects: list[bytes] = [b"", b"", font]          # 1 catalog, 2 pages, 3 font
    kids = []
    for index, lines in enumerate(pages):
        content = contents[index] if contents else _text_ops(lines)
        objects.append(stream if stream is not None and index == 0 else _stream(content, compress=compress))
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
                       b"/Contents %d 0 R%s >>" % (len(objects), page_extra))
        kids.append(len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R%s >>" % catalog_extra
    return pdf_file(objects, 1)


def _report_pages() -> list[list[str]]:
    # The PDF sets each source line as a line; the long ones wrapped (a heading keeps its "#").
    return [[row for line in REPORT_LINES for row in _wrap(line, 80)]]


def _wrap(text: str, width: int) -> list[str]:
    rows, current = [], ""
    for word in text.split():
        if current and len(current) + len(word) > width:
            rows.append(current)
            current = ""
        current = f"{current} {word}".strip()
    return rows + [current]


def report_pdf(folder: Path, name: str = "report.pdf") -> Path:
    return _write(folder, name, text_pdf(_report_pages()))


def _encrypted(folder: Path, user: str) -> Path:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(report_pdf(folder, "plain.pdf")))
    writer.encrypt(user_password=user, owner_password="owner-secret", algorithm="RC4-128")
    path = folder / ("locked.pdf" if user else "owner-only.pdf")
    with path.open("wb") as stream:
        writer.write(stream)
    return path


def _scanned(folder: Path) -> Path:
    image = _stream(b"\x80" * 64, b" /Type /XObject /Subtype /Image /Width 8 /Height 8 /ColorSpace /DeviceGray "
                    b"/BitsPerComponent 8")
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>", image,
               _stream(b"q 400 0 0 600 90 120 cm /Im1 Do Q\n"),
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 3 0 R >> >> "
               b"/Contents 4 0 R >>"]
    return _write(folder, "scanned.pdf", pdf_file(objects, 1))


def _some_pages_scanned(folder: Path) -> Path:
    """The report's page, then two pages that are pictures only (no text layer)."""
    image = _stream(b"\x80" * 64, b" /Type /XObject /Subtype /Image /Width 8 /Height 8 /ColorSpace /DeviceGray "
                    b"/BitsPerComponent 8")
    picture = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 4 0 R >> >> " \
              b"/Contents 7 0 R >>"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [6 0 R 8 0 R 9 0 R] /Count 3 >>", _FONT,
               image, _stream(_text_ops(_report_pages()[0])),
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
               b"/Contents 5 0 R >>", _stream(b"q 400 0 0 600 90 120 cm /Im1 Do Q\n"), picture, picture]
    return _write(folder, "some-scanned.pdf", pdf_file(objects, 1))


def _furnished(folder: Path) -> Path:
    """The report over three pages under a running header and over a footer "N | Page", its conclusion
    cut by the first page break."""
    lines = _report_pages()[0]
    cut = next(i for i, line in enumerate(lines) if line.startswith("1. The project was relevant")) + 2
    pages = [lines[:cut], lines[cut:cut + 3], lines[cut + 3:]]

    def page(number: int, rows: list[str]) -> bytes:
        ops = [b"BT /F1 8 Tf 60 815 Td (ILO Evaluation Office - Final evaluation of the project) Tj ET\n",
               b"BT /F1 8 Tf 280 30 Td (%d | Page) Tj ET\n" % number]
        y = 740
        for row in rows:
            heading = row.startswith("#")
            ops.append(b"BT /F1 %d Tf 60 %d Td (%s) Tj ET\n" % (16 if heading else 11, y, row.lstrip("# ").encode("cp1252")))
            y -= 24 if heading else 15
        return b"".join(ops)
    return _write(folder, "furnished.pdf", text_pdf([[]] * 3, contents=[page(n, rows) for n, rows in
                                                                        enumerate(pages, start=1)]))


def _no_pages(folder: Path) -> Path:
    return _write(folder, "empty.pdf", pdf_file(
        [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"], 1))


def _truncated(folder: Path) -> Path:
    data = text_pdf(_report_pages())
    return _write(folder, "truncated.pdf", data[:len(data) // 2])


def _bad_xref(folder: Path) -> Path:
    data = text_pdf(_report_pages())
    start = data.rindex(b"startxref\n") + len(b"startxref\n")
    return _write(folder, "bad-xref.pdf", data[:start] + b"99999999\n%%EOF\n")


def _many_pages(count: int, name: str) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b"", _FONT, _stream(b"BT /F1 11 Tf 60 780 Td (Page) Tj ET\n")]
        first = len(objects) + 1
        objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
                    b"/Contents 4 0 R >>"] * count
        objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
            b" ".join(b"%d 0 R" % n for n in range(first, first + count)), count)
        return _write(folder, name, pdf_file(objects, 1))
    return make


def _deep_nesting(folder: Path) -> Path:
    depth = 200_000
    objects = [b"<< /Type /Catalog /Pages 2 0 R /Deep 6 0 R >>", b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>", _FONT,
               _stream(_text_ops(_report_pages()[0])),
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> "
               b"/Deep 6 0 R >> /Contents 4 0 R >>", b"[" * depth + b"]" * depth]
    return _write(folder, "deep.pdf", pdf_file(objects, 1))


def _huge_content(folder: Path) -> Path:
    """A page whose content stream inflates to 60 MB of text operators (1 MB on disk)."""
    line = b"BT /F1 4 Tf 10 10 Td (xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx) Tj ET\n"
    data = line * (60 * 1024 * 1024 // len(line))
    return _write(folder, "huge-stream.pdf", text_pdf([[]], contents=[data], compress=True))


def _flate_bomb(folder: Path, double: bool = False, disguised: bool = False) -> Path:
    """A content stream of zeros that inflates to 256 MB (256 KB; compressed twice, a few KB)."""
    deflater = zlib.compressobj(9)
    chunk = b"\0" * (16 * 1024 * 1024)
    body = b"".join(deflater.compress(chunk) for _ in range(16)) + deflater.flush()
    filters = b" /Filter /FlateDecode"
    if double:
        body = zlib.compress(body, 9)
        filters = b" /Filter [/FlateDecode /FlateDecode]"
    if disguised:
        filters += b" /ImageName /Image"  # a key the pre-check once took for an image's
    stream = b"<< /Length %d%s >>\nstream\n" % (len(body), filters) + body + b"\nendstream"
    name = "bomb-double.pdf" if double else "bomb-disguised.pdf" if disguised else "bomb.pdf"
    return _write(folder, name, text_pdf(_report_pages(), stream=stream))


def _rotated(folder: Path) -> Path:
    return _write(folder, "rotated.pdf", text_pdf(_report_pages(), page_extra=b" /Rotate 90"))


def _two_columns(folder: Path) -> Path:
    """The report set in two columns, a paragraph's lines close together and the paragraphs apart;
    the two columns' lines at the same heights (the same leading), as a word processor sets them."""
    paragraphs = [" ".join(block.split()) for block in REPORT.split("\n\n")]
    left, right = paragraphs[:3], paragraphs[3:]

    def column(blocks: list[str], x: int) -> bytes:
        ops, y = [], 780
        for block in blocks:
            size = 16 if block.startswith("#") else 10
            for row in _wrap(block.lstrip("# "), 38):
                ops.append(b"BT /F1 %d Tf %d %d Td (%s) Tj ET\n" % (size, x, y, row.encode("cp1252")))
                y -= 14
            y -= 14
        return b"".join(ops)
    return _write(folder, "columns.pdf", text_pdf([[]], contents=[column(left, 50) + column(right, 310)]))


def _cid_garbage(folder: Path) -> Path:
    """Text in a Type0 font with Identity-H and no ToUnicode map: the characters are glyph numbers."""
    font = (b"<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+Custom /Encoding /Identity-H /DescendantFonts [<< "
            b"/Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+Custom /CIDSystemInfo << /Registry (Adobe) "
            b"/Ordering (Identity) /Supplement 0 >> /DW 500 >>] >>")
    ops = []
    y = 780
    for line in _report_pages()[0]:
        glyphs = b"".join(struct.pack(">H", (ord(c) * 7) % 900 + 3) for c in line)
        ops.append(b"BT /F1 11 Tf 60 %d Td <%s> Tj ET\n" % (y, glyphs.hex().encode()))
        y -= 15
    return _write(folder, "cid.pdf", text_pdf([[]], contents=[b"".join(ops)], font=font))


def _portfolio(folder: Path) -> Path:
    attached = _stream(REPORT.encode(), b" /Type /EmbeddedFile")
    objects = [b"<< /Type /Catalog /Pages 2 0 R /Collection << /Type /Collection >> "
               b"/Names << /EmbeddedFiles << /Names [(report.md) 5 0 R] >> >> >>",
               b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>", _stream(b""),
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>",
               b"<< /Type /Filespec /F (report.md) /UF (report.md) /EF << /F 6 0 R >> >>", attached]
    return _write(folder, "portfolio.pdf", pdf_file(objects, 1))


def _form(folder: Path) -> Path:
    """A fill-in form: the report's text on the page, and a text field whose value is not page text."""
    data = text_pdf(_report_pages(), page_extra=b" /Annots [90 0 R]",
                    catalog_extra=b" /AcroForm << /Fields [90 0 R] >>")
    field = (b"90 0 obj\n<< /Type /Annot /Subtype /Widget /FT /Tx /T (comment) /V (Field value typed in the form) "
             b"/Rect [60 60 400 80] >>\nendobj\n")
    # Appended as an incremental update: the field object and a new xref section.
    start = len(data)
    update = field + b"xref\n90 1\n%010d 00000 n \ntrailer\n<< /Size 91 /Root 1 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (
        start, int(data[data.rindex(b"startxref\n") + 10:].split()[0]), start + len(field))
    return _write(folder, "form.pdf", data + update)


# --- Word files ---------------------------------------------------------------------------------------

def report_docx(folder: Path, name: str = "report.docx", text: str = REPORT) -> Path:
    from docx import Document

    document = Document()
    for block in text.split("\n\n"):
        block = " ".join(block.split())
        if block.startswith("#"):
            level = len(block) - len(block.lstrip("#"))
            document.add_heading(block.lstrip("# "), level=level)
        elif block:
            document.add_paragraph(block)
    path = folder / name
    document.save(path)
    return path


def _rezip(source: Path, target: Path, change: Callable[[str, bytes], bytes | None],
           extra: dict[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(source) as original:
        parts = [(info, original.read(info)) for info in original.infolist()]
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
        for info, data in parts:
            new = change(info.filename, data)
            if new is not None:
                copy.writestr(info.filename, new)
        for name, data in (extra or {}).items():
            copy.writestr(name, data)
    return target


def _docm(folder: Path) -> Path:
    def change(name: str, data: bytes) -> bytes:
        if name == "[Content_Types].xml":
            return data.replace(b"wordprocessingml.document.main+xml",
                                b"ms-word.document.macroEnabled.main+xml")
        return data
    return _rezip(report_docx(folder, "plain.docx"), folder / "macros.docx", change,
                  {"word/vbaProject.bin": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504})


_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _old_doc(folder: Path) -> Path:
    return _write(folder, "old-word.docx", _OLE + b"\0" * 504 + "WordDocument".encode("utf-16-le") + b"\0" * 2048)


def _protected_docx(folder: Path) -> Path:
    return _write(folder, "protected.docx", _OLE + b"\0" * 504 + "EncryptionInfo".encode("utf-16-le") + b"\0" * 64
                  + "EncryptedPackage".encode("utf-16-le") + b"\0" * 2048)


def _not_xml(folder: Path) -> Path:
    return _rezip(report_docx(folder, "plain.docx"), folder / "not-xml.docx",
                  lambda name, data: b"this is { not <xml" if name == "word/document.xml" else data)


_LAUGHS = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
           + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                      for i in range(1, 10)) + b"]>\n")


def _entity_bomb(part: str) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        def change(name: str, data: bytes) -> bytes:
            if name != part:
                return data
            body = data.split(b"?>", 1)[1] if data.startswith(b"<?xml") else data
            return _LAUGHS + body.replace(b"</w:body>", b"<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body>")
        return _rezip(report_docx(folder, "plain.docx"), folder / "entity-bomb.docx", change)
    return make


def _xxe(part: str, secret: Path) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        secret.write_text("TOP-SECRET-XXE-CONTENT", encoding="utf-8")

        def change(name: str, data: bytes) -> bytes:
            if name != part:
                return data
            body = data.split(b"?>", 1)[1] if data.startswith(b"<?xml") else data
            head = b'<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY xxe SYSTEM "file://%s">]>\n' % str(secret).encode()
            body = body.replace(b"</w:body>", b"<w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body>")
            body = body.replace(b"</cp:coreProperties>", b"<dc:subject>&xxe;</dc:subject></cp:coreProperties>")
            return head + body
        return _rezip(report_docx(folder, "plain.docx"), folder / "xxe.docx", change)
    return make


def _numbering_xxe(secret: Path) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        secret.write_text("TOP-SECRET-XXE-CONTENT", encoding="utf-8")
        numbering = (b'<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY xxe SYSTEM "file://%s">]>\n'
                     b'<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                     b'<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:lvlText w:val="&xxe;"/></w:lvl>'
                     b'</w:abstractNum></w:numbering>' % str(secret).encode())
        return _rezip(report_docx(folder, "plain.docx"), folder / "numbering-xxe.docx",
                      lambda name, data: None if name == "word/numbering.xml" else data, {"word/numbering.xml": numbering})
    return make


def _many_parts(folder: Path) -> Path:
    return _rezip(report_docx(folder, "plain.docx"), folder / "many-parts.docx", lambda name, data: data,
                  {f"customXml/extra{i}.xml": b"<a/>" for i in range(6000)})


def _traversal(folder: Path) -> Path:
    return _rezip(report_docx(folder, "plain.docx"), folder / "traversal.docx", lambda name, data: data,
                  {"../../escaped-by-zip.txt": b"out", "/tmp/absolute-by-zip.txt": b"out",
                   "word/media/../../../../x.png": b"\x89PNG"})


# --- text and web pages -------------------------------------------------------------------------------

def _text(name: str, data: bytes | str) -> Callable[[Path], Path]:
    return lambda folder: _write(folder, name, data)


HOSTILE_TEXT = """# Findings

## 1. Relevance <script>alert("xss-heading")</script>

The project was relevant to the needs of the workers and the employers in the region, and it was aligned
with the national policies <script>alert("xss-script")</script> and <img src=x onerror=alert("xss-img")>
with <iframe src="javascript:alert('xss-iframe')"></iframe> and [a link](javascript:alert("xss-link")).

Jinja in the text: {{ config.__class__ }} and {% for x in range(9) %}loop{% endfor %} and {# note #}.

Embeds in the text: [[chart:nothing]] and [[table:missing]] and [[X99]] are words here.

---
title: not front matter
key: value
---

A line: with a colon, key: value, and a YAML-like - list item: here.

# Conclusions

1. The project was relevant <b onmouseover="alert('xss-bold')">to the needs</b> of the constituents,
{{ 7*7 }}, [[chart:c1]], and it was designed for the context of the region, with a strategy that was
based on dialogue with the partners <svg onload=alert("xss-svg")>.

# Recommendations

R1. Keep the coordination structure <script>alert("xss-rec")</script> between the ministries and the
regions, for its effectiveness {% raw %} in the management [[table:t]] of the project and with the donor.
"""

GERMAN = """# Findings

## 1. Relevanz

Das Projekt war für die Bedürfnisse der Arbeitnehmer und der Arbeitgeber in der Region relevant, und es
stand im Einklang mit der nationalen Politik der Regierung und mit der Strategie des Büros. Die Partner
haben die Ergebnisse des Projekts in ihre eigenen Programme übernommen, und die Regierung hat sie bestätigt.

# Conclusions

1. Das Projekt war für die Bedürfnisse der Mitgliedsgruppen relevant und es war für den Kontext der Region
gut konzipiert, mit einer Strategie, die auf dem Dialog mit den Partnern beruhte und die von allen getragen wurde.

# Recommendations

R1. Die Koordinierungsstruktur zwischen den Ministerien und den Regionen beibehalten, wegen ihrer Wirksamkeit
bei der Verwaltung des Projekts und in der Beziehung zum Geber, die sich als sehr nützlich erwiesen hat.
"""

ARABIC = """# Findings

## 1. الملاءمة

كان المشروع ملائما لاحتياجات العمال وأصحاب العمل في المنطقة، وكان متسقا مع السياسات الوطنية للحكومة ومع استراتيجية
المكتب. وقد أدرج الشركاء نتائج المشروع في برامجهم الخاصة، وأكدت الحكومة ذلك في عدة مناسبات خلال فترة التنفيذ.

# Conclusions

1. كان المشروع ملائما لاحتياجات الهيئات المكونة، وكان مصمما بشكل جيد لسياق المنطقة، مع استراتيجية تقوم على الحوار.

# Recommendations

R1. الحفاظ على هيكل التنسيق بين الوزارات والمناطق، لفعاليته في إدارة المشروع وفي العلاقة مع الجهة المانحة.
"""


def _nested(kind: str, depth: int) -> str:
    if kind == "quote":
        body = "\n".join(">" * (i + 1) + " the level of the quote" for i in range(depth))
    else:
        body = "\n".join("  " * i + "- the level of the list" for i in range(depth))
    return REPORT.replace("government and with", f"government and with\n\n{body}\n\nthe")


def _headings(count: int) -> str:
    return REPORT.replace("# Conclusions", "".join(f"### {i}. A heading\n\nText.\n\n" for i in range(count))
                          + "# Conclusions")


def _long_line(megabytes: int) -> str:
    return REPORT.replace("the government", "the government " + "word " * (megabytes * 1024 * 1024 // 5))


def _page(markdown: str) -> str:
    """A web page of a Markdown text's headings and paragraphs."""
    return "<html><body>" + "".join(
        f"<h1>{b.lstrip('# ')}</h1>" if b.startswith("# ") else f"<h2>{b.lstrip('# ')}</h2>" if b.startswith("#")
        else f"<p>{b}</p>" for b in markdown.split("\n\n")) + "</body></html>"


def cases(secret: Path) -> list[Case]:
    """Every case; `secret` is a file outside every folder that an external entity points at."""
    kept = ("the needs of the constituents",)
    return [
        # PDFs
        Case("pdf encrypted with a user password", lambda f: _encrypted(f, "secret"), ("protected by a password",)),
        Case("pdf encrypted with an owner password only", lambda f: _encrypted(f, ""), kept=kept),
        Case("pdf scanned, no text layer", _scanned, ("no text layer (scanned", "run OCR first", "ocrmypdf")),
        Case("pdf with scanned pages among text pages", _some_pages_scanned, kept=kept,
             noted=("pages 2, 3 of the PDF: no text layer (scanned", "ocrmypdf some-scanned.pdf")),
        Case("pdf with running headers and footers, a paragraph cut by a page", _furnished,
             kept=REPORT_ITEMS,
             noted=("running headers and footers", "“ILO Evaluation Office - Final evaluation of the project” "
                                                    "(pages 1–3)", "“1 | Page” (pages 1–3)")),
        Case("pdf with 0 pages", _no_pages, ("no pages",)),
        Case("pdf truncated", _truncated, ("damaged",)),
        Case("pdf with a broken xref offset", _bad_xref, kept=kept),
        Case("pdf of 2,000 pages", _many_pages(2000, "pages-2000.pdf"), ("2000 pages",)),
        Case("pdf of 100,000 pages", _many_pages(100_000, "pages-100000.pdf"), ("100000 pages",)),
        Case("pdf with deeply nested objects", _deep_nesting, kept=kept),
        Case("pdf with a 60 MB content stream", _huge_content, ("inflates",)),
        Case("pdf decompression bomb", _flate_bomb, ("decompression bomb",)),
        Case("pdf decompression bomb, compressed twice", lambda f: _flate_bomb(f, double=True), ("decompression bomb",)),
        Case("pdf decompression bomb named like an image", lambda f: _flate_bomb(f, disguised=True),
             ("decompression bomb",)),
        # read as a reader turns the page, and column by column: every item whole, in reading order
        Case("pdf with rotated pages", _rotated, kept=kept + REPORT_ITEMS),
        Case("pdf in two columns", _two_columns, kept=kept + REPORT_ITEMS),
        Case("pdf with CID fonts and no ToUnicode", _cid_garbage, ("glyph numbers",)),
        Case("pdf portfolio (attachments only)", _portfolio, ("attached files",)),
        Case("pdf form", _form, kept=kept, noted=("form field",)),
        # Word
        Case("docx macro-enabled (.docm renamed)", _docm, ("macros",)),
        Case("doc (old binary Word) renamed .docx", _old_doc, ("old Word", ".doc")),
        Case("docx protected by a password", _protected_docx, ("password",)),
        Case("docx whose document.xml is not XML", _not_xml, ("not XML",)),
        Case("docx entity bomb in document.xml", _entity_bomb("word/document.xml"), ("entities",)),
        Case("docx external entity in document.xml", _xxe("word/document.xml", secret), ("entities",)),
        Case("docx external entity in core.xml", _xxe("docProps/core.xml", secret), ("entities",)),
        Case("docx external entity in numbering.xml", _numbering_xxe(secret), ("entities",)),
        Case("docx with 6,000 parts", _many_parts, ("6", "parts")),
        Case("docx with path traversal names", _traversal, kept=kept),
        # Text and web pages
        Case("text UTF-16 with BOM", _text("utf16.md", REPORT.encode("utf-16")), kept=kept),
        Case("text UTF-16LE without BOM", _text("utf16le.md", REPORT.encode("utf-16-le")), kept=kept),
        Case("text UTF-16BE without BOM", _text("utf16be.txt", REPORT.encode("utf-16-be")), kept=kept),
        Case("text Windows-1252", _text("cp1252.md", REPORT.replace("region,", "région, “quoted”,").encode("cp1252")),
             kept=("région, “quoted”,",), noted=("Windows-1252",)),
        Case("text with mixed line endings", _text("mixed.md", REPORT.replace("\n", "\r\n", 5).replace("\n\n", "\r\r", 2)),
             kept=kept),
        Case("text with NUL and control bytes", _text("nul.md", REPORT.replace("region,", "re\x00gion,\x07\x1b")
                                                         .replace("dialogue", "dia\x0clogue")),
             kept=("the region,",), noted=("control characters",)),
        Case("text binary", _text("binary.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20), ("binary",)),
        Case("text of one 50 MB line", _text("long-line.md", _long_line(50)), kept=kept, noted=("characters on one line",)),
        Case("text with 100,000 headings", _text("headings.md", _headings(100_000)), kept=kept,
             noted=("a Markdown file may hold at most 1 MB",)),
        Case("text with blockquotes 1,000 deep", _text("quotes.md", _nested("quote", 1000)), kept=kept,
             noted=("nested deeper than",)),
        Case("text with lists 1,000 deep", _text("lists.md", _nested("list", 1000)), kept=kept,
             noted=("nested deeper than",)),
        Case("text with RTL and zero-width characters",
             _text("rtl.md", REPORT.replace("region,", "re\u200bgion\u200d, \u202eدولة\u202c \u2067مرحبا\u2069,")),
             kept=("دولة",)),
        Case("text in German", _text("german.md", GERMAN), ("not written in English, French or Spanish",)),
        Case("text in Arabic", _text("arabic.md", ARABIC), ("not written in English, French or Spanish",)),
        Case("markdown with scripts, handlers, Jinja, embeds and YAML", _text("hostile.md", HOSTILE_TEXT),
             kept=("{{ config.__class__ }}", "[[chart:nothing]]", "key: value", "{{ 7*7 }}"), builds=True,
             noted=("kept as literal text",)),
        Case("html with scripts, handlers and iframes",
             _text("hostile.html", "<html><body><main>" + "".join(
                 f"<h{len(b) - len(b.lstrip('#'))}>{b.lstrip('# ')}</h{len(b) - len(b.lstrip('#'))}>" if b.startswith("#")
                 else f"<p>{b}</p>" for b in HOSTILE_TEXT.replace("<", "&lt;").split("\n\n"))
                 + "<p>Live: <script>alert('live')</script><img src=x onerror=alert(1)>"
                 "<iframe src=javascript:alert(2)></iframe><a href=\"javascript:alert(3)\">js</a></p>"
                 "</main></body></html>"),
             kept=("{% for x in range(9) %}loop{% endfor %}",), builds=True),
        Case("html nested 20,000 elements deep", _text("deep.html", _page(REPORT).replace(
            "<body>", "<body>" + "<div>" * 20_000 + "<p>deep</p>" + "</div>" * 20_000)), ("nested more than 256 deep",)),
        Case("html in UTF-16", _text("utf16.html", _page(REPORT).encode("utf-16")), kept=kept),
        Case("html with NUL and control bytes", _text("nul.html", _page(REPORT.replace("region,", "re\x00gion,\x1b"))
                                                      .encode()), kept=(*kept, "the region,"), noted=("control characters",)),
    ]


if __name__ == "__main__":
    target = Path(sys.argv[1])
    target.mkdir(parents=True, exist_ok=True)
    for case in cases(target / "secret.txt"):
        folder = target / case.name.replace(" ", "-").replace(",", "").replace("/", "-")
        folder.mkdir(exist_ok=True)
        print(case.make(folder))
