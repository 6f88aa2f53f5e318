"""A PDF's pictures as figures: placeholders in reading order made images with their captions."""

from reportgen.importer import pdf_media
from reportgen.importer.docx_media import FIGURE_URL
from reportgen.importer.pdf_media import PICTURE_URL, pdf_figures


def _placeholder(k: int) -> str:
    return f'<img src="{PICTURE_URL}{k}">'


def test_each_placeholder_is_a_figure_captioned_from_the_paragraph_below_or_above():
    markdown = "\n\n".join(["Text.", _placeholder(0), "Figure 3. Jobs by region", "Gráfico 4: Empleo",
                            _placeholder(1), "More text.", _placeholder(2), "The end."])
    text, found = pdf_figures(markdown, [b"\x89PNG a", b"\x89PNG b", b"\x89PNG c"])
    assert text.split("\n\n") == ["Text.", f"![Figure 3. Jobs by region]({FIGURE_URL}1)", "Figure 3. Jobs by region",
                                  "Gráfico 4: Empleo", f"![Gráfico 4: Empleo]({FIGURE_URL}2)", "More text.",
                                  f"![Figure 3]({FIGURE_URL}3)", "The end."]
    assert [(f.data, f.suffix, f.caption_number) for f in found.values()] == [
        (b"\x89PNG a", "png", "3"), (b"\x89PNG b", "png", "4"), (b"\x89PNG c", "png", "")]


def test_pictures_past_the_limit_are_left_out_and_said(monkeypatch):
    monkeypatch.setattr(pdf_media, "MAX_FIGURES", 1)
    text, found = pdf_figures(f"{_placeholder(0)}\n\n{_placeholder(1)}", [b"a", b"b"])
    assert len(found) == 1 and text.split("\n\n")[1] == (
        '<img alt="" data-left-out="more than 1 pictures in one report; add the others by hand">')
