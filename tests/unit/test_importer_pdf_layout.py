"""Pages as offices hold them (pdf_lines.turned, pdf_gutters.py, pdf_reader): turned pages read as a
reader turns them, two columns read column by column (tables never split), running headers and
footers left out and named, pages without text named. PDFs written by tests/unit/pdf_maker.py."""

from __future__ import annotations

import pytest
from pdf_maker import PdfPage, text_width, write_pdf

from reportgen.importer.errors import SourceError
from reportgen.importer.pdf_reader import pdf_to_markdown, read_pdf

LEFT = ["The project reached the young people of the coastal counties and its",
        "training was of good quality, as the graduates and the employers said in",
        "the interviews; the placement of the graduates was slower than planned,",
        "and the gender analysis came too late for the choice of the trades; so"]
RIGHT = ["the evaluation recommends that the next phase link every course to the",
         "employers before it starts, and that the maintenance of the equipment",
         "be financed from the budgets of the training centres, which have no",
         "line for it today; the ministries agreed with this in the workshop."]


def _page_with_table() -> PdfPage:
    page = PdfPage().line(80, ("bold", "Annex 2. Evaluation matrix"), size=16)
    page.line(110, "The matrix below gives the questions of the evaluation, by criterion.")
    return page.grid(130, [["Criterion", "Question"], ["Relevance", "Was it relevant?"],
                           ["Efficiency", "Were funds used well?"]], [120, 200])


def _turn(path, how: str):
    """The PDF's page turned: "up" (its content drawn a quarter turn counter-clockwise: the text runs up
    a landscape sheet), "rotate 90" (portrait, /Rotate 90, content drawn as it was: the text runs down
    the page as shown), "upside down" (/Rotate 180), "rotate back" (the content turned up and the page
    marked /Rotate 90: a viewer shows it upright, as Word's landscape sections are printed)."""
    from pypdf import PdfReader, PdfWriter, Transformation
    from pypdf.generic import RectangleObject

    writer = PdfWriter(clone_from=PdfReader(path))
    page = writer.pages[0]
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    if how in ("up", "rotate back"):
        page.add_transformation(Transformation().rotate(90).translate(height, 0))
        page.mediabox = page.cropbox = RectangleObject([0, 0, height, width])
    page.rotation = {"rotate 90": 90, "upside down": 180, "rotate back": 90}.get(how, 0)
    out = path.with_name(f"{how.replace(' ', '-')}.pdf")
    with out.open("wb") as stream:
        writer.write(stream)
    return out


@pytest.mark.parametrize("how", ["up", "rotate 90", "upside down", "rotate back"])
def test_a_turned_page_reads_as_the_upright_page_lines_and_table_cells(tmp_path, how):
    upright = write_pdf(tmp_path / "upright.pdf", [_page_with_table()])
    expected = pdf_to_markdown(upright)
    assert "| Efficiency | Were funds used well? |" in expected  # (the reference reads right)
    reading = read_pdf(_turn(upright, how))
    assert reading.markdown == expected
    turned = [kind for kind in reading.repaired if "read turned" in kind]
    assert bool(turned) == (how != "rotate back"), reading.repaired  # pdfminer turns a /Rotate page itself


def test_characters_in_another_direction_on_a_turned_page_are_left_out_and_counted(tmp_path):
    upright = write_pdf(tmp_path / "upright.pdf", [_page_with_table()])
    turned = _turn(upright, "up")
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(turned))  # a page number drawn upright on the turned page
    writer.pages[0].merge_page(PdfReader(write_pdf(tmp_path / "number.pdf", [PdfPage().line(830, "12", x=500)])).pages[0])
    with (tmp_path / "mixed.pdf").open("wb") as out:
        writer.write(out)
    reading = read_pdf(tmp_path / "mixed.pdf")
    assert "| Efficiency | Were funds used well? |" in reading.markdown and "12" not in reading.markdown.split()
    assert any("2 character(s) set in another direction" in note for note in reading.left_out), reading.left_out


def _columns(page: PdfPage, top: float, left=LEFT, right=RIGHT, right_offset: float = 0) -> PdfPage:
    assert max(text_width(line, 7) for line in left + right) < 240  # (columns 240 wide, 20 apart)
    for index, line in enumerate(left):
        page.line(top + 9 * index, line, size=7)
    for index, line in enumerate(right):
        page.line(top + right_offset + 9 * index, line, size=7, x=72 + 240 + 20)
    return page


def test_a_full_width_title_then_two_columns(tmp_path):
    page = PdfPage().line(80, ("bold", "Executive summary of the final evaluation of the green jobs project"), size=14)
    _columns(page, 120, right_offset=5)
    reading = read_pdf(write_pdf(tmp_path / "brief.pdf", [page]))
    assert reading.markdown.split("\n\n") == [
        "# Executive summary of the final evaluation of the green jobs project",
        " ".join(LEFT + RIGHT) + "\n"]
    assert "PDF pages set in two columns, read column by column (page 1)" in reading.repaired


def test_two_columns_at_the_same_heights_then_a_page_in_one_column(tmp_path):
    first = _columns(PdfPage(), 100)
    second = PdfPage()
    for index, line in enumerate(LEFT):
        second.line(100 + 9 * index, line.replace(";", ","), size=7)
    text = pdf_to_markdown(write_pdf(tmp_path / "report.pdf", [first, second]))
    assert text.split("\n\n") == [" ".join(LEFT + RIGHT), " ".join(LEFT).replace(";", ",") + "\n"]


def test_a_table_without_rules_of_two_wide_columns_is_not_split_into_columns(tmp_path):
    page = PdfPage()
    rows = [("Relevance", "To what extent did the project respond to the needs of the coastal youth"),
            ("", "and of the employers of the three counties?"),
            ("Coherence", "How well did the project work with the other interventions of the UN"),
            ("", "agencies and of the government in the counties?"),
            ("Effectiveness", "To what extent were the outcomes achieved, and for whom, in each"),
            ("", "of the countries and the counties of the project?")]
    top = 100
    for index, (left, right) in enumerate(rows):
        top += 20 if left and index else 14 if index else 0  # a row's padding above its first line
        if left:
            page.line(top, left)
        page.line(top, right, x=200)
    text = pdf_to_markdown(write_pdf(tmp_path / "matrix.pdf", [page]))
    assert "| Coherence | How well did the project work with the other interventions of the UN agencies and of the " \
           "government in the counties? |" in text


def _furnished(pages: list[list[str]], header: str, footer: str) -> list[PdfPage]:
    out = []
    for number, lines in enumerate(pages, start=1):
        page = PdfPage().line(30, header.format(n=number), size=7)
        for index, line in enumerate(lines):
            page.line(100 + 14 * index, line)
        page.line(815, footer.format(n=number, roman="i ii iii iv v".split()[number - 1]), size=7)
        out.append(page)
    return out


def test_running_headers_and_footers_are_left_out_and_named_once(tmp_path):
    body = ["The project was relevant to the needs of the workers and the employers in the region, and it",
            "was aligned with the national policies of the government and with the strategy of the office,"]
    rest = ["as the constituents said in every interview of the mission.", "Conclusions of the chapter."]
    pages = [body, rest, ["Another page of text."], ["A fourth page of text."]]
    reading = read_pdf(write_pdf(tmp_path / "report.pdf", _furnished(
        pages, "ILO Evaluation Office – Final evaluation of the project", "{roman} | Page")))
    assert "ILO Evaluation Office" not in reading.markdown and "Page" not in reading.markdown
    assert reading.markdown.split("\n\n")[0] == " ".join(body + rest)  # one paragraph over the break
    assert reading.repaired["paragraphs cut by a PDF page break (a running header or footer between the halves), "
                            "joined"] == 1
    [note] = [n for n in reading.left_out if "running headers and footers" in n]
    assert "“ILO Evaluation Office – Final evaluation of the project” (pages 1–4)" in note
    assert "“i | Page” (pages 1–4)" in note


def test_page_numbers_with_a_bar_are_page_numbers_on_a_short_brief(tmp_path):
    pages = [["The first page of the brief, with its text."], ["The second page of the brief."]]
    text = pdf_to_markdown(write_pdf(tmp_path / "brief.pdf", _furnished(pages, "Brief", "{n} | Page")))
    assert "| Page" not in text and "Page |" not in text


def _picture_page() -> bytes:
    return b"q 400 0 0 600 90 120 cm /Im1 Do Q\n"


def _with_scans(path, scanned: set[int], count: int):
    """A PDF of `count` pages, those in `scanned` a picture only (no text layer), the others text."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import (ArrayObject, DecodedStreamObject, DictionaryObject, NameObject, NumberObject,
                               RectangleObject)

    texts = PdfReader(path)
    writer = PdfWriter()
    for number in range(1, count + 1):
        if number not in scanned:
            writer.add_page(texts.pages[(number - 1) % len(texts.pages)])
            continue
        page = writer.add_blank_page(595, 842)
        image = DecodedStreamObject()
        image.set_data(b"\x80" * 64)
        image.update({NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Image"),
                      NameObject("/Width"): NumberObject(8), NameObject("/Height"): NumberObject(8),
                      NameObject("/ColorSpace"): NameObject("/DeviceGray"),
                      NameObject("/BitsPerComponent"): NumberObject(8)})
        content = DecodedStreamObject()
        content.set_data(_picture_page())
        page[NameObject("/Resources")] = DictionaryObject({NameObject("/XObject"): DictionaryObject(
            {NameObject("/Im1"): writer._add_object(image)})})  # noqa: SLF001 - pypdf's way to add an object
        page[NameObject("/Contents")] = writer._add_object(content)  # noqa: SLF001
        page.mediabox = RectangleObject([0, 0, 595, 842])
        assert isinstance(page.get("/Annots", ArrayObject()), ArrayObject)
    out = path.with_name("scans.pdf")
    with out.open("wb") as stream:
        writer.write(stream)
    return out


def test_scanned_pages_among_text_pages_are_named_with_ocr_to_run(tmp_path):
    text = write_pdf(tmp_path / "text.pdf", [PdfPage().line(100, "A page of text of the report.")])
    reading = read_pdf(_with_scans(text, {2, 3, 5}, 5))
    assert reading.markdown.count("A page of text of the report.") == 2
    [note] = [n for n in reading.left_out if "no text layer" in n]
    assert note.startswith("pages 2, 3, 5 of the PDF: no text layer (scanned") and "ocrmypdf scans.pdf" in note


def test_a_pdf_of_scanned_pages_only_is_refused_with_ocr_to_run(tmp_path):
    text = write_pdf(tmp_path / "text.pdf", [PdfPage().line(100, "A page of text.")])
    with pytest.raises(SourceError, match=r"no text layer \(scanned: its pages are pictures\); run OCR first "
                                          r"\(e\.g\. `ocrmypdf scans\.pdf scans-ocr\.pdf`\)"):
        read_pdf(_with_scans(text, {1, 2}, 2))
