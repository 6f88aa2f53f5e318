"""What the Word writer adds to python-docx: safe text and links, bookmarks that span tables."""

from __future__ import annotations

from docx import Document

from reportgen.downloads import docx_ooxml as ox


def test_text_and_links_are_made_safe():
    assert ox.xml_safe("a\x00b\x01c\x0bd\ufffee\tf\ng") == "abcde\tf\ng"
    assert ox.xml_safe(None) == ""
    assert ox.safe_url("https://example.org/a b") == "https://example.org/ab"
    for bad in ("javascript:alert(1)", " java\tscript:x", "file:///etc/passwd", "data:text/html,x", "", None,
                "https://" + "a" * 3000):
        assert ox.safe_url(bad) is None


def test_runs_keep_line_breaks_and_tabs():
    element = ox.run("one\ttwo\nthree", bold=True)
    tags = [child.tag.rsplit("}", 1)[1] for child in element]
    assert tags == ["rPr", "t", "tab", "t", "br", "t"]


def test_a_bookmark_over_a_table_opens_and_closes_in_paragraphs_beside_it():
    document = Document()
    table = document.add_table(rows=1, cols=1)._tbl
    marks = ox.Bookmarks()
    assert marks.span("rg_T1", table, table)
    assert not marks.span("RG_t1", table, table)  # Word compares bookmark names ignoring case
    before, after = table.getprevious(), table.getnext()
    assert before.tag == after.tag == ox.qn("w:p")
    assert before.find(ox.qn("w:bookmarkStart")) is not None and after.find(ox.qn("w:bookmarkEnd")) is not None
    assert marks.span("rg_T1__p1", table, table)  # a second bookmark shares the same paragraphs
    assert table.getprevious() is before and table.getnext() is after


def test_columns_are_as_wide_as_their_longest_word_and_share_the_rest_by_their_text():
    from reportgen.downloads.docx_ooxml import CELL_PADDING_CM, CHAR_CM, content_widths

    widths = content_widths([["Name", "Ana"], ["Role", "Chair of the national steering committee"]], 16.6)
    assert abs(sum(widths) - 16.6) < 1e-9 and widths[1] > 3 * widths[0]
    assert widths[0] >= CELL_PADDING_CM + CHAR_CM * 4
    # ten columns of figures beside one of sentences: the sentences keep most of the page
    many = content_widths([["Indicator", "Share of cases referred to the specialised prosecutors " * 3]]
                          + [["Measurement", "No update"]] * 9, 16.6)
    assert abs(sum(many) - 16.6) < 1e-9 and many[0] > 2.5 * max(many[1:])
