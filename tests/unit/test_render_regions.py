"""render/regions.py: Markdown tables get reportgen's scroll region; every region gets its (hidden) bar."""

from reportgen.render.regions import add_scroll_bars, wrap_markdown_tables

TEXTS = {"table_scroll": "Desplácese →", "table_expand": "Ampliar", "table_shrink": "Reducir"}


def test_a_markdown_table_is_wrapped_labelled_by_its_caption_and_loses_its_empty_header():
    page = ("<p><strong>Tabla 3.</strong> Presupuesto &amp; gasto</p>\n"
            "<table>\n<thead><tr><th></th><th>2023</th></tr></thead><tbody><tr><td>a</td><td>1</td></tr></tbody></table>")
    out = wrap_markdown_tables(page)
    assert '<div class="rg-scroll" tabindex="0" role="region" aria-label="Tabla 3. Presupuesto &amp; gasto">' in out
    assert '<table class="rg-table rg-md-table rg-fields">' in out and "<th></th>" not in out and "<td></td><th>2023</th>" in out


def test_without_a_caption_the_headings_name_the_region():
    out = wrap_markdown_tables("<p>Some text.</p><table><thead><tr><th>Acronym</th><th>Meaning</th></tr></thead></table>")
    assert 'aria-label="Acronym, Meaning"' in out and 'class="rg-table rg-md-table rg-fields"' in out
    heading = '<h3 id="R1">R1. Strengthen <a class="headerlink" href="#R1">¶</a></h3><p>Text.</p>'
    out = wrap_markdown_tables(heading + "<table><thead><tr><th>Field</th><th>Value</th><th>x</th></tr></thead></table>")
    assert 'aria-label="R1. Strengthen — Field, Value, x"' in out and "rg-fields" not in out


def test_reportgen_tables_are_left_to_their_templates():
    page = '<div class="rg-scroll" role="region"><table class="rg-table"><tr><th></th></tr></table></div>'
    assert wrap_markdown_tables(page) == page


def test_every_region_gets_a_bar_in_a_box_and_an_id():
    page = ('<p>x</p><div id="T1" class="rg-scroll" role="region"><table class="rg-table"></table></div>'
            '<div class="rg-scroll-other"></div><div class="rg-scroll"><table></table></div><p>after</p>')
    out = add_scroll_bars(page, TEXTS)
    assert out.count('<div class="rg-table-box"><div class="rg-scroll-bar">') == 2
    assert 'aria-controls="T1"' in out and 'aria-controls="rg-region-2"' in out and 'id="rg-region-2"' in out
    assert 'data-shrink="Reducir">Ampliar</button>' in out and "Desplácese →" in out
    assert out.endswith('</table></div></div><p>after</p>') and '<div class="rg-scroll-other"></div>' in out


def test_a_table_shown_twice_gets_a_second_name():
    region = '<div class="rg-scroll" role="region" aria-label="Tabla 3"><table></table></div>'
    out = add_scroll_bars(region + region, TEXTS)
    assert 'aria-label="Tabla 3"' in out and 'aria-label="Tabla 3 (2)"' in out


def test_each_table_is_named_by_the_nearest_heading_above_it_across_tables():
    """The heading is looked for between tables only (the page is not searched from its top per table):
    a table after another with no heading between still takes the heading above both."""
    table = "<table><thead><tr><th>Field</th><th>Value</th></tr></thead></table>"
    page = ('<h2 id="a">Alpha</h2>' + table + "<p>x</p>" + table + '<h3 id="b">Beta <a class="headerlink" '
            'href="#b">¶</a></h3><p>y</p>' + table)
    out = wrap_markdown_tables(page)
    assert [part.split('"', 1)[0] for part in out.split('aria-label="')[1:]] == [
        "Alpha — Field, Value", "Alpha — Field, Value", "Beta — Field, Value"]
