"""Charts drawn with shapes: a cluster beside a figure's caption is the figure, its labels leave the text."""

from types import SimpleNamespace

from reportgen.importer.pdf_drawings import drawings
from reportgen.importer.pdf_lines import Line, Word


def _line(text: str, x0: float, top: float, size: float = 10.0) -> Line:
    words, x = [], x0
    for word in text.split():
        words.append(Word(word, x, x + 5 * len(word), top, top + size, size, False, False))
        x += 5 * len(word) + 3
    return Line(words, 1, top, top + size, x0, words[-1].x1, size)


def _shape(x0: float, top: float, x1: float, bottom: float) -> dict:
    return {"x0": x0, "top": top, "x1": x1, "bottom": bottom}


def _page(*shapes: dict) -> tuple[SimpleNamespace, set[int]]:
    page = SimpleNamespace(width=600.0, height=800.0, rects=list(shapes), curves=[], lines=[])
    return page, {id(shape) for shape in shapes}


BARS = [_shape(100 + 60 * i, 300 - 30 * i, 140 + 60 * i, 400) for i in range(4)] + [_shape(90, 398, 400, 400)]


def test_shapes_beside_a_caption_are_a_figure_and_its_labels_leave_the_text():
    caption = _line("Figure 4. Placements per quarter", 90, 270)
    labels = [_line("Q1 Q2 Q3 Q4", 110, 404), _line("Legend: men", 110, 418), _line("women", 110, 432)]
    source = _line("Source: project monitoring data.", 90, 450)
    text = [_line("The project placed more young people in jobs every quarter than the one before it.", 90, 200)]
    page, visible = _page(*BARS)
    found, lines, grids = drawings(page, text + [caption] + labels + [source], [], visible, 1)
    assert [(f.x0, f.top, f.x1, f.bottom) for f in found] == [(90, 210, 400, labels[-1].bottom)]
    assert lines == text + [caption, source] and grids == set()


def test_shapes_with_no_caption_or_holding_running_text_are_left_alone():
    page, visible = _page(*BARS)
    text = [_line("It is a line of text set in a box on the page as it is", 100, 320)]
    assert drawings(page, text, [], visible, 1) == ([], text, set())
    caption = _line("Figure 1. A text box", 90, 270)
    assert drawings(page, [caption] + text, [], visible, 1)[0] == []


def test_a_chart_grid_read_as_a_table_goes_with_the_chart_and_a_real_table_beside_it_stays():
    caption = _line("Gráfico 2. Presupuesto", 90, 270)
    grid = ([["", "", ""], ["", "", "12"]], (100.0, 300.0, 380.0, 400.0))
    table = ([["Línea", "Monto"], ["Personal", "1.200"]], (90.0, 420.0, 400.0, 480.0))
    page, visible = _page(*BARS, _shape(90, 420, 400, 421), _shape(90, 479, 400, 480), _shape(90, 450, 400, 451))
    found, _, grids = drawings(page, [caption], [grid, table], visible, 1)
    assert grids == {0} and len(found) == 1 and found[0].bottom <= 401


def test_a_box_and_a_cluster_holding_a_sentence_are_text_not_drawings():
    page, visible = _page(*BARS)
    bullets = [_line("Trainees placed: 2,300", 100, 320), _line("Women: 46 per cent", 100, 334)]
    assert drawings(page, [_line("Box 2. Key figures", 90, 270)] + bullets, [], visible, 1)[0] == []
    sentence = _line("Placements rose in every region last year.", 100, 350)
    assert drawings(page, [_line("Figure 2. Key figures", 90, 270), sentence], [], visible, 1)[0] == []
