"""The HTML reader (reportgen.importer.html): a web page -> the importer's Markdown."""

from __future__ import annotations

import shutil

import pytest

from reportgen.importer.errors import SourceError
from reportgen.importer.html import read_html, unlink_internal

pytestmark = pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed")

PAGE = b"""<html><head><script>var x = 1;</script><style>p {}</style></head><body>
<nav><a href="../">Home</a></nav>
<article><h2 id="c">Conclusiones<a class="headerlink" href="#c">&para;</a></h2>
<p><strong>Conclusion 1.</strong> The <em>M&amp;E</em> system<sup id="fnref:7"><a class="footnote-ref" href="#fn:7">1</a></sup>
works, see <a href="#R1">R1</a>, <a href="../annexes/ANX2/">annex 2</a> and <a href="https://ilo.org">ILO</a>.</p>
<div class="footnote"><hr><ol><li id="fn:7"><p>A <em>note</em>.&nbsp;<a class="footnote-backref" href="#fnref:7">&#8617;</a></p></li></ol></div>
</article></body></html>"""


def test_page_to_markdown(tmp_path):
    text = read_html(tmp_path / "report.html", PAGE)
    assert "## Conclusiones\n" in text and "¶" not in text and "Home" not in text and "var x" not in text
    assert "**Conclusion 1.** The *M&E* system[^7]" in text
    assert "see R1, annex 2 and [ILO](https://ilo.org)." in text
    assert "[^7]: A *note*." in text and "↩" not in text and "-----" not in text


def test_empty_page_is_refused(tmp_path):
    with pytest.raises(SourceError, match="no text"):
        read_html(tmp_path / "empty.html", b"<html><body><nav>menu</nav><script>x</script></body></html>")


def test_internal_links_keep_their_words():
    assert unlink_internal("[C1](#c1), [LA1](#la1.-reintegración) [w](https://x.org) ![i](#a)") == \
        "C1, LA1 [w](https://x.org) ![i](#a)"


def test_a_table_caption_comes_before_its_table(tmp_path):
    """Where a printed report has it, and where the table reader looks for "Table 3. …"."""
    page = (b"<html><body><main><p>Before.</p><div class='rg-scroll'><table><caption>Table 3. <em>Budget</em> "
            b"extensions</caption><thead><tr><th>Stage</th><th>Date</th></tr></thead>"
            b"<tbody><tr><td>First</td><td>2018</td></tr></tbody></table></div></main></body></html>")
    text = read_html(tmp_path / "report.html", page)
    caption, table = text.index("Table 3. *Budget* extensions"), text.index("Stage")
    assert text.index("Before.") < caption < table
