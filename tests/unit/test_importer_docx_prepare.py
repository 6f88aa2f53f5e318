"""Real Word features the .docx reader must put right before pandoc reads them (docx_prepare.py),
each from a minimal document: localised heading styles, outline levels without heading styles,
the TOC field's entries, text boxes; and what pandoc already does right and must stay so
(tracked changes accepted, comments and headers left out, endnotes as footnotes)."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from docx import Document

from reportgen.importer.docx_prepare import drop_contents_fields, lift_text_boxes, prepare
from reportgen.importer.docx_reader import docx_to_markdown

needs_pandoc = pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed")
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = (f'xmlns:w="{W_NS}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
      'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
      'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
      'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
      'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:v="urn:schemas-microsoft-com:vml"')


def _p(text: str, properties: str = "") -> str:
    return f'<w:p><w:pPr>{properties}</w:pPr><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def _document(body: str) -> bytes:
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NS}><w:body>{body}</w:body></w:document>'.encode()


def _docx(tmp_path: Path, body: str, styles: str = "", parts: dict[str, str] | None = None) -> Path:
    """A python-docx document whose body is `body`, with `styles` added to its styles.xml."""
    plain = tmp_path / "plain.docx"
    Document().save(plain)
    out = tmp_path / "report.docx"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename == "word/document.xml":
                data = _document(body)
            elif entry.filename == "word/styles.xml":
                data = data.replace(b"</w:styles>", styles.encode() + b"</w:styles>")
            target.writestr(entry, data)
        for name, text in (parts or {}).items():
            target.writestr(name, text)
    return out


def _style(ident: str, name: str, properties: str = "", based_on: str = "") -> str:
    based = f'<w:basedOn w:val="{based_on}"/>' if based_on else ""
    return (f'<w:style {NS} w:type="paragraph" w:styleId="{ident}"><w:name w:val="{name}"/>{based}'
            f'<w:pPr>{properties}</w:pPr></w:style>')


# --- headings ---------------------------------------------------------------------------------------

@needs_pandoc
@pytest.mark.parametrize("ident, name", [("Titre1", "Titre 1"), ("Ttulo1", "Título 1"), ("Encabezado1", "Encabezado 1")])
def test_localised_heading_style_names_are_headings(tmp_path, ident, name):
    path = _docx(tmp_path, _p("Constatations", f'<w:pStyle w:val="{ident}"/>') + _p("Le projet a formé des inspecteurs."),
                 _style(ident, name))
    assert docx_to_markdown(path).startswith("# Constatations\n")


@needs_pandoc
def test_a_house_style_with_an_outline_level_is_a_heading(tmp_path):
    path = _docx(tmp_path, _p("Findings", '<w:pStyle w:val="ChapterTitle"/>') + _p("Text."),
                 _style("ChapterTitle", "Chapter Title", '<w:outlineLvl w:val="1"/>'))
    assert docx_to_markdown(path).startswith("## Findings\n")


@needs_pandoc
def test_a_paragraph_with_its_own_outline_level_is_a_heading(tmp_path):
    body = _p("Conclusions", '<w:outlineLvl w:val="0"/>') + _p("Text.") + _p("Body text level", '<w:outlineLvl w:val="9"/>')
    markdown = docx_to_markdown(_docx(tmp_path, body))
    assert markdown.startswith("# Conclusions\n") and "\nBody text level" in markdown  # level 9 is body text


def test_outline_levels_in_tables_and_of_heading_styles_are_left_alone():
    level = '<w:outlineLvl w:val="0"/>'
    body = (_p("Heading", '<w:pStyle w:val="Heading1"/>' + level)
            + "<w:tbl><w:tr><w:tc>" + _p("In a cell", level) + "</w:tc></w:tr></w:tbl>")
    styles = f'<w:styles {NS}>{_style("Heading1", "heading 1", level)}</w:styles>'.encode()
    document, out_styles = prepare(_document(body), styles)
    assert b"RgOutlineLevel" not in document and out_styles == styles


# --- the table of contents --------------------------------------------------------------------------

def _field(instruction: str) -> str:
    return ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>')


END = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'


def _toc_entry(text: str, page: int, first: bool = False, last: bool = False) -> str:
    return ('<w:p><w:pPr><w:pStyle w:val="TOC1"/></w:pPr>' + (_field('TOC \\o "1-3" \\h \\z \\u') if first else "")
            + f'<w:hyperlink w:anchor="_Toc{page}"><w:r><w:t>{text}</w:t></w:r><w:r><w:tab/></w:r>'
            + _field(f"PAGEREF _Toc{page} \\h") + f"<w:r><w:t>{page}</w:t></w:r>{END}</w:hyperlink>"
            + (END if last else "") + "</w:p>")


@needs_pandoc
def test_the_entries_of_a_toc_field_are_not_read(tmp_path):
    body = (_p("International Labour Organization") + _p("Contents", '<w:pStyle w:val="TOCHeading"/>')
            + _toc_entry("9. Findings", 5, first=True) + _toc_entry("10. Conclusions", 12)
            + _toc_entry("11. Recommendations", 14, last=True)
            + _p("Findings", '<w:pStyle w:val="Heading1"/>') + _p("Text."))
    markdown = docx_to_markdown(_docx(tmp_path, body))
    assert "Contents" in markdown and "# Findings" in markdown
    assert "Conclusions" not in markdown and "Recommendations" not in markdown and "12" not in markdown


def test_a_toc_field_without_end_and_other_fields_nearby():
    """A page number field after the TOC stays; a TOC never closed takes the rest (Word would show it so)."""
    from lxml import etree

    body = (_toc_entry("9. Findings", 5, first=True) + _toc_entry("10. Conclusions", 12, last=True)
            + f'<w:p>{_field("PAGE")}<w:r><w:t>7</w:t></w:r>{END}<w:r><w:t> kept</w:t></w:r></w:p>')
    root = etree.fromstring(_document(body))
    drop_contents_fields(root)
    assert _words(root) == "7 kept" and "PAGE" in "".join(root.itertext())
    root = etree.fromstring(_document(_toc_entry("9. Findings", 5, first=True) + _p("inside")))
    drop_contents_fields(root)
    assert _words(root) == "" and not root.findall(f".//{{{W_NS}}}p")


def _words(root) -> str:
    return "".join(t.text or "" for t in root.iter(f"{{{W_NS}}}t"))


# --- text boxes ---------------------------------------------------------------------------------------

def _text_box(text: str) -> str:
    box = f"<w:txbxContent>{_p(text)}</w:txbxContent>"
    return ('<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:inline><wp:extent cx="1" cy="1"/>'
            '<wp:docPr id="1" name="Text Box 1"/><a:graphic><a:graphicData uri="wps"><wps:wsp><wps:txbx>'
            f'{box}</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:inline></w:drawing></mc:Choice>'
            f'<mc:Fallback><w:pict><v:shape><v:textbox>{box}</v:textbox></v:shape></w:pict></mc:Fallback>'
            '</mc:AlternateContent></w:r>')


@needs_pandoc
def test_a_text_box_is_read_once_after_its_paragraph(tmp_path):
    body = (f'<w:p><w:r><w:t xml:space="preserve">Before the box.</w:t></w:r>{_text_box("Box 1: inspectors trained.")}</w:p>'
            + _p("After the box."))
    markdown = docx_to_markdown(_docx(tmp_path, body))
    assert markdown.count("Box 1: inspectors trained.") == 1
    assert markdown.index("Before the box.") < markdown.index("Box 1") < markdown.index("After the box.")


def test_a_vml_text_box_and_a_box_in_a_box_are_lifted():
    from lxml import etree

    inner = f"<w:txbxContent>{_p('inner')}</w:txbxContent>"
    nested = (f'<w:p><w:r><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>outer</w:t></w:r>'
              f'<w:r><w:pict><v:shape><v:textbox>{inner}</v:textbox></v:shape></w:pict></w:r></w:p>'
              '</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>')
    root = etree.fromstring(_document(nested))
    lift_text_boxes(root)
    assert [("".join(p.itertext())) for p in root.iter(f"{{{W_NS}}}p")] == ["", "outer", "inner"]


# --- what pandoc does right, kept ---------------------------------------------------------------------

@needs_pandoc
def test_tracked_changes_are_read_accepted(tmp_path):
    revision = 'w:author="R" w:date="2024-01-01T00:00:00Z"'
    body = (f'<w:p><w:r><w:t xml:space="preserve">The project </w:t></w:r><w:del w:id="1" {revision}><w:r>'
            f'<w:delText>taught</w:delText></w:r></w:del><w:ins w:id="2" {revision}><w:r><w:t>trained</w:t></w:r>'
            f'</w:ins><w:r><w:t xml:space="preserve"> inspectors.</w:t></w:r></w:p>'
            f'<w:p><w:pPr><w:rPr><w:del w:id="3" {revision}/></w:rPr></w:pPr><w:del w:id="4" {revision}><w:r>'
            '<w:delText>A removed paragraph.</w:delText></w:r></w:del></w:p>')
    markdown = docx_to_markdown(_docx(tmp_path, body))
    assert "The project trained inspectors." in markdown
    assert "taught" not in markdown and "removed" not in markdown


@needs_pandoc
def test_comments_headers_and_footers_are_not_text(tmp_path):
    body = ('<w:p><w:commentRangeStart w:id="0"/><w:r><w:t>Report text.</w:t></w:r><w:commentRangeEnd w:id="0"/>'
            '<w:r><w:commentReference w:id="0"/></w:r></w:p>')
    comments = (f'<w:comments {NS}><w:comment w:id="0" w:author="EM" w:date="2024-01-01T00:00:00Z">'
                f'{_p("Please rephrase.")}</w:comment></w:comments>')
    header = f'<w:hdr {NS}>{_p("Running title")}</w:hdr>'
    path = _docx(tmp_path, body, parts={"word/comments.xml": comments, "word/header1.xml": header})
    markdown = docx_to_markdown(path)
    assert "Report text." in markdown and "rephrase" not in markdown and "Running title" not in markdown


@needs_pandoc
def test_endnotes_become_footnotes_after_the_footnotes(tmp_path):
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from import_wordreal import VARIANTS, build

    variant = next(v for v in VARIANTS if v["name"] == "en-footnotes-endnotes")
    markdown = docx_to_markdown(build(variant, tmp_path))
    assert [line.split(":")[0] for line in markdown.splitlines() if line.startswith("[^")] == ["[^1]", "[^2]", "[^3]"]
    assert "Ministry of labour, annual plan 2023" in markdown and "Interviews with inspectors" in markdown


# --- hidden text --------------------------------------------------------------------------------------

@needs_pandoc
def test_hidden_text_is_not_read(tmp_path):
    body = ('<w:p><w:r><w:t xml:space="preserve">Shown text.</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr>'
            '<w:t xml:space="preserve"> [Insert the project code here]</w:t></w:r><w:r><w:rPr><w:vanish w:val="0"/>'
            '</w:rPr><w:t xml:space="preserve"> Not hidden.</w:t></w:r><w:r><w:rPr><w:webHidden/></w:rPr>'
            '<w:t xml:space="preserve"> Web only.</w:t></w:r></w:p>')
    markdown = docx_to_markdown(_docx(tmp_path, body))
    assert "Shown text. Not hidden. Web only." in markdown and "Insert" not in markdown


# --- captions and images ------------------------------------------------------------------------------

@needs_pandoc
def test_a_caption_with_a_seq_field_stays_above_its_table(tmp_path):
    table = ('<w:tbl><w:tblPr/><w:tblGrid><w:gridCol w:w="3000"/><w:gridCol w:w="3000"/></w:tblGrid>'
             + "".join(f"<w:tr><w:tc>{_p(a)}</w:tc><w:tc>{_p(b)}</w:tc></w:tr>" for a, b in (("Line", "USD"), ("Staff", "1,200")))
             + "</w:tbl>")
    caption = ('<w:p><w:pPr><w:pStyle w:val="Caption"/></w:pPr><w:r><w:t xml:space="preserve">Table </w:t></w:r>'
               + _field("SEQ Table \\* ARABIC") + f'<w:r><w:t>2</w:t></w:r>{END}'
               + '<w:r><w:t xml:space="preserve">: Budget by line</w:t></w:r></w:p>')
    body = _p("Annex 1", '<w:pStyle w:val="Heading1"/>') + table + _p("Annex 2", '<w:pStyle w:val="Heading1"/>') + caption + table
    markdown = docx_to_markdown(_docx(tmp_path, body, _style("Caption", "caption")))
    assert markdown.index("# Annex 2") < markdown.index("Table 2: Budget by line") < markdown.rindex("| Staff")


def test_an_image_in_a_one_line_text_is_listed_as_left_out_with_its_line(tmp_path):
    """A Word figure in a conclusion (a YAML text, which shows no pictures): IMPORT.md says so, with the
    image's line, and the conclusion's text holds no trace of it (tests/unit/test_importer_docx_media.py:
    figures in narratives)."""
    from docx.shared import Inches

    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from import_wordreal import _png

    from reportgen.importer import import_report

    image = tmp_path / "figure.png"
    image.write_bytes(_png(20, 10))
    document = Document()
    document.add_heading("Conclusions", 1)
    document.add_paragraph("Conclusion 1: The project trained labour inspectors in every region of the country.")
    document.add_picture(str(image), width=Inches(2))
    document.add_paragraph("Figure 1: Inspectors trained by region")
    document.save(tmp_path / "report.docx")
    if shutil.which("pandoc") is None:
        pytest.skip("pandoc is not installed")
    result = import_report(tmp_path / "report.docx", tmp_path / "out", "en")
    left = [e for e in result.record.left_out if "an image" in e.text]
    assert len(left) == 1 and left[0].line and "whose one-line texts show no pictures" in left[0].text
    assert "an image ('Figure 1: Inspectors trained by region')" in (tmp_path / "out" / "IMPORT.md").read_text(encoding="utf-8")
    conclusions = (tmp_path / "out" / "content" / "conclusions.yaml").read_text(encoding="utf-8")
    assert "labour inspectors" in conclusions and "reportgen-figure" not in conclusions and "![" not in conclusions
    assert not (tmp_path / "out" / "content" / "figures").exists()


@needs_pandoc
def test_optional_hyphens_do_not_cut_words(tmp_path):
    body = ('<w:p><w:r><w:t>Recom</w:t></w:r><w:r><w:softHyphen/></w:r><w:r><w:t xml:space="preserve">mendation 1:'
            '</w:t></w:r><w:r><w:t xml:space="preserve"> train la\u00adbour inspectors.</w:t></w:r></w:p>')
    assert "Recommendation 1: train labour inspectors." in docx_to_markdown(_docx(tmp_path, body))



# --- layout tables ------------------------------------------------------------------------------------

def _table(*rows: list[str]) -> str:
    return "<w:tbl>" + "".join("<w:tr>" + "".join(f"<w:tc>{_p(c)}</w:tc>" for c in r) + "</w:tr>" for r in rows) + "</w:tbl>"


def test_one_column_tables_are_layout_and_data_tables_stay():
    from lxml import etree

    from reportgen.importer.docx_prepare import unwrap_layout_tables

    box = _table(["Cover title"], ["Project code: X"]).replace("</w:tc></w:tr></w:tbl>", _table(["inner"]) + "</w:tc></w:tr></w:tbl>", 1)
    root = etree.fromstring(_document(box + _table(["Line", "USD"], ["Staff", "1"])))
    unwrap_layout_tables(root)
    body = root.find(f"{{{W_NS}}}body")
    assert [child.tag.split("}")[1] for child in body] == ["p", "p", "p", "tbl"]
    assert [_words(p) for p in body.findall(f"{{{W_NS}}}p")] == ["Cover title", "Project code: X", "inner"]


@needs_pandoc
def test_a_cover_in_a_framed_box_is_read_as_paragraphs(tmp_path):
    cell = _p("Final evaluation of the project") + _p("ILO TC/SYMBOL: RLA/21/07/EUR")
    body = f'<w:tbl><w:tblPr/><w:tblGrid><w:gridCol w:w="9000"/></w:tblGrid><w:tr><w:tc>{cell}</w:tc></w:tr></w:tbl>' + _p("x")
    markdown = docx_to_markdown(_docx(tmp_path, body))
    assert markdown.startswith("Final evaluation of the project\n\nILO TC/SYMBOL: RLA/21/07/EUR\n") and "<table" not in markdown



# --- a note on a chapter heading ----------------------------------------------------------------------

@pytest.mark.parametrize("heading", ["10. Conclusions[^4]", "CONCLUSIONS<sup>4</sup>", "Conclusions [^note-4]"])
def test_a_note_on_a_chapter_heading_does_not_hide_the_chapter(heading):
    """Word files put notes on headings ("Conclusions¹"): the chapter is still recognised."""
    from reportgen.importer.blocks import Block
    from reportgen.importer.structure import chapter_kind

    assert chapter_kind(Block("heading", heading, 1, level=2)) == "conclusions"



# --- symbol fonts -------------------------------------------------------------------------------------

@needs_pandoc
def test_wingdings_check_marks_are_read_as_the_characters_they_show(tmp_path):
    """A Wingdings symbol (pandoc drops it) and "ü" typed in Wingdings (pandoc keeps "ü") are a check mark;
    the Symbol font is pandoc's to read."""
    wingdings = '<w:rPr><w:rFonts w:ascii="Wingdings" w:hAnsi="Wingdings"/></w:rPr>'
    body = ('<w:p><w:r><w:t xml:space="preserve">Achieved </w:t></w:r><w:r><w:sym w:font="Wingdings" w:char="F0FC"/></w:r>'
            f'<w:r><w:t xml:space="preserve">, typed </w:t></w:r><w:r>{wingdings}<w:t>\u00fc\u00fd</w:t></w:r>'
            '<w:r><w:t xml:space="preserve">, arrow </w:t></w:r><w:r><w:sym w:font="Symbol" w:char="F0AE"/></w:r></w:p>')
    assert "Achieved \u2713, typed \u2713\u2612, arrow \u2192" in docx_to_markdown(_docx(tmp_path, body))



def test_a_hostile_field_structure_is_read_in_linear_time():
    """50,000 runs in a TOC field never closed, then 5,000 fields nested in one another: all removed
    (the unclosed TOC takes the rest, as Word would show it). Kept linear by ordered sets and a depth
    cap: a list membership test per run, or each run added to every open field, would not finish."""
    from lxml import etree

    runs = "".join(f"<w:r><w:t>{i}</w:t></w:r>" for i in range(50_000))
    nested = '<w:r><w:fldChar w:fldCharType="begin"/></w:r>' * 5000 + "<w:r><w:t>inside</w:t></w:r>"
    root = etree.fromstring(_document(f'<w:p>{_field("TOC")}{runs}</w:p><w:p>{nested}</w:p>'), etree.XMLParser(huge_tree=True))
    drop_contents_fields(root)
    assert _words(root) == "" and not root.findall(f".//{{{W_NS}}}p")
