"""The check that the short second print left the contents pages where the first print put them."""

from __future__ import annotations

from reportgen.downloads.pdf import NOT_PRINTED, SAME_PLACE_PT, _same_page

MARKED = [(b"P", b"0"), (b"Link", b"1")]


def page(*runs):
    return list(runs), list(MARKED)


def test_a_hair_of_scale_is_the_same_place():
    # Chromium scales a print a hair wider than the page 0.74998 instead of 0.75 pt per px: 0.01 pt.
    assert _same_page(page((462.6465, 298.9, ") of the United")), page((462.6562, 298.9, ") of the United")))


def test_a_moved_line_or_other_words_are_not():
    first = page((100.0, 700.0, "Findings"), (100.0, 688.0, "Conclusions"))
    assert not _same_page(first, page((100.0, 700.0, "Findings"), (100.0, 688.0 - 12.0, "Conclusions")))
    assert not _same_page(first, page((100.0, 700.0, "Findings"), (100.0 + 2 * SAME_PLACE_PT, 688.0,
                                                                   "Conclusions")))
    assert not _same_page(first, page((100.0, 700.0, "Findings"), (100.0, 688.0, "Lessons")))
    assert not _same_page(first, page((100.0, 700.0, "Findings")))
    assert not _same_page(first, (first[0], MARKED[:1]))


def test_the_printed_page_loads_only_what_it_prints():
    for path in ("/assets/javascripts/bundle.a5f9d56c.min.js", "/assets/javascripts/workers/search.a7.min.js",
                 "/assets/stylesheets/main.css.map", "/assets/images/favicon.png"):
        assert NOT_PRINTED.search(path), path
    for path in ("/assets/reportgen.js", "/assets/reportgen-comments.js", "/assets/stylesheets/main.57.min.css",
                 "/assets/images/chart.png", "/print/index.html"):
        assert not NOT_PRINTED.search(path), path
