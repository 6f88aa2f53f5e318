"""importer/docx_numbers.py: Word's automatic heading numbers computed as Word (and LibreOffice) show them."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from reportgen.importer.docx_numbers import format_number, number_headings

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
STYLES = f"""<w:styles xmlns:w="{W}">
  <w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/>
    <w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
  <w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Heading1"/>
    <w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="1"/></w:pPr></w:style>
  <w:style w:type="paragraph" w:styleId="Annex"><w:name w:val="Annex heading"/>
    <w:pPr><w:numPr><w:numId w:val="2"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
  <w:style w:type="paragraph" w:styleId="Numbered"><w:name w:val="Numbered paragraph"/>
    <w:pPr><w:numPr><w:numId w:val="3"/></w:numPr></w:pPr></w:style>
</w:styles>"""


def _level(ilvl: int, fmt: str, text: str, start: int = 1, extra: str = "") -> str:
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/>{extra}</w:lvl>')


NUMBERING = f"""<w:numbering xmlns:w="{W}">
  <w:abstractNum w:abstractNumId="10">{_level(0, "upperRoman", "%1.")}{_level(1, "decimal", "%1.%2", extra="<w:isLgl/>")}
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="20">{_level(0, "upperLetter", "Annex %1:")}</w:abstractNum>
  <w:abstractNum w:abstractNumId="30">{_level(0, "decimal", "%1.", start=12)}</w:abstractNum>
  <w:num w:numId="1"><w:abstractNumId w:val="10"/></w:num>
  <w:num w:numId="2"><w:abstractNumId w:val="20"/></w:num>
  <w:num w:numId="3"><w:abstractNumId w:val="30"/></w:num>
  <w:num w:numId="4"><w:abstractNumId w:val="10"/>
    <w:lvlOverride w:ilvl="0"><w:startOverride w:val="9"/></w:lvlOverride></w:num>
</w:numbering>"""

PARAGRAPHS = [  # (style, direct numId or None, text, the number shown)
    ("Heading1", None, "Introduction", "I."),
    ("Numbered", None, "A numbered paragraph of the body.", None),   # counts in its own list, no prefix
    ("Heading1", None, "Findings", "II."),
    ("Heading2", None, "Relevance", "2.1"),                          # isLgl: the upper level in digits
    ("Heading2", None, "Efficiency", "2.2"),
    ("Heading1", "0", "Acknowledgements", None),                     # numbering switched off here
    ("Heading1", None, "Conclusions", "III."),
    ("Heading2", None, "On design", "3.1"),                           # the deeper level restarted
    ("Heading1", "4", "Recommendations", "IX."),                     # "Set numbering value": restarts at 9
    ("Annex", None, "Evaluation matrix", "Annex A:"),
    ("Annex", None, "Budget", "Annex B:"),
]


def _document() -> bytes:
    body = []
    for style, num, text, _ in PARAGRAPHS:
        direct = f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num}"/></w:numPr>' if num is not None else ""
        body.append(f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{direct}</w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>')
    return f'<w:document xmlns:w="{W}"><w:body>{"".join(body)}</w:body></w:document>'.encode()


def _texts(document: bytes) -> list[str]:
    root = etree.fromstring(document)
    return ["".join(t.text or "" for t in p.iter(f"{{{W}}}t")) for p in root.iter(f"{{{W}}}p")]


def test_heading_numbers_are_written_as_word_shows_them():
    numbered = number_headings(_document(), NUMBERING.encode(), STYLES.encode())
    expected = [f"{number} {text}" if number else text for _, _, text, number in PARAGRAPHS]
    assert _texts(numbered) == expected
    # the numbered headings' own numbering is off, so that nothing numbers them twice
    root = etree.fromstring(numbered)
    ids = [p.find(f"{{{W}}}pPr/{{{W}}}numPr/{{{W}}}numId") for p in root.iter(f"{{{W}}}p")]
    assert all(i is not None and i.get(f"{{{W}}}val") == "0"
               for i, (_, _, _, number) in zip(ids, PARAGRAPHS) if number)


def test_a_document_without_numbering_is_left_as_it_is():
    document = _document()
    assert number_headings(document, None, STYLES.encode()) is document


@pytest.mark.parametrize("value, fmt, shown", [(4, "upperRoman", "IV"), (14, "lowerRoman", "xiv"),
                                               (28, "upperLetter", "BB"), (3, "lowerLetter", "c"),
                                               (7, "decimalZero", "07"), (5, "bullet", ""), (12, "ordinal", "12")])
def test_number_formats(value, fmt, shown):
    assert format_number(value, fmt) == shown


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice not installed")
def test_libreoffice_shows_the_same_numbers(tmp_path):
    """The numbers computed here are the numbers LibreOffice renders for the same file (without Word's
    "legal style" isLgl, which this LibreOffice does not apply: it shows "II.1" where Word shows "2.1")."""
    from docx import Document

    numbering = NUMBERING.replace("<w:isLgl/>", "").encode()
    base = tmp_path / "base.docx"
    Document().save(base)
    with zipfile.ZipFile(base) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["word/document.xml"] = _document()
    parts["word/numbering.xml"] = numbering
    parts["word/styles.xml"] = STYLES.encode()
    if b"numbering.xml" not in parts["word/_rels/document.xml.rels"]:
        parts["word/_rels/document.xml.rels"] = parts["word/_rels/document.xml.rels"].replace(
            b"</Relationships>", b'<Relationship Id="rIdN" Type="http://schemas.openxmlformats.org/officeDocument/'
            b'2006/relationships/numbering" Target="numbering.xml"/></Relationships>')
    source = tmp_path / "numbered.docx"
    with zipfile.ZipFile(source, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to",
                    "txt:Text", "--outdir", str(tmp_path), str(source)], check=True, capture_output=True, timeout=180)
    shown = [re.sub(r"\s+", " ", line).strip() for line in
             (tmp_path / "numbered.txt").read_text(encoding="utf-8-sig").splitlines() if line.strip()]
    ours = _texts(number_headings(_document(), numbering, STYLES.encode()))
    body = [i for i, (style, *_) in enumerate(PARAGRAPHS) if style == "Numbered"]
    assert [s for i, s in enumerate(shown) if i not in body] == [s for i, s in enumerate(ours) if i not in body]



LABELS = f"""<w:numbering xmlns:w="{W}">
  <w:abstractNum w:abstractNumId="50">{_level(0, "decimal", "Recommendation %1:", extra="<w:rPr><w:b/></w:rPr>")}</w:abstractNum>
  <w:abstractNum w:abstractNumId="60">{_level(0, "bullet", "o")}{_level(1, "decimal", "%1.")}</w:abstractNum>
  <w:num w:numId="5"><w:abstractNumId w:val="50"/></w:num>
  <w:num w:numId="6"><w:abstractNumId w:val="60"/></w:num>
</w:numbering>"""


def test_a_label_from_list_numbering_is_written_in_bold_and_plain_lists_are_left_to_pandoc():
    """"Recommendation %1:" as a list's number is the item's label: written into the text (bold, as the
    level shows it), not left for pandoc to turn into "1."; bullets (even the letter "o") and "%1." are not."""
    def paragraph(num: str, text: str, level: int = 0) -> str:
        return (f'<w:p><w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num}"/></w:numPr></w:pPr>'
                f'<w:r><w:t>{text}</w:t></w:r></w:p>')

    body = "".join([paragraph("5", "Train inspectors."), paragraph("6", "A bullet."), paragraph("6", "An item.", 1),
                    paragraph("5", "Fund the unit.")])
    document = f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'.encode()
    numbered = number_headings(document, LABELS.encode(), None)
    assert _texts(numbered) == ["Recommendation 1: Train inspectors.", "A bullet.", "An item.",
                                "Recommendation 2: Fund the unit."]
    first = etree.fromstring(numbered).find(f".//{{{W}}}p")
    runs = first.findall(f"{{{W}}}r")
    assert runs[0].find(f"{{{W}}}rPr/{{{W}}}b") is not None and runs[0].find(f"{{{W}}}t").text == "Recommendation 1:"
    assert runs[1].find(f"{{{W}}}rPr") is None and runs[1].find(f"{{{W}}}t").text == " "
