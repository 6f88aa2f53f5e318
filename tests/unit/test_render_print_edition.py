"""The one-page edition (render/pages.py `print_order`, `render_print_page`): the report in its own
order, as an office prints one, so that the printable page and its PDF read back as the report."""

from __future__ import annotations

import re

from helpers import checked

from reportgen.render.pages import PageContext, Templates, print_order, render_print_page

CRITERIA = """\
criteria:
  - {id: rel, name: {en: Relevance}, definition: {en: The extent to which it fits.}}
  - {id: eff, name: {en: Effectiveness}}
questions:
  - {id: Q1, criterion: rel, text: {en: Did it fit?}}
  - {id: Q2, criterion: eff, text: {en: Did it work?}}
"""
SECTIONS = """\
sections:
  - id: S1
    number: "1"
    title: {en: Fit}
    answers: [Q1]
    findings:
      - {id: F1, text: {en: It fitted.}}
      - {id: F2, text: {en: "- a list first\\n- then more"}}
"""
CONCLUSIONS = """\
conclusions:
  - {id: C1, criterion: rel, text: {en: Relevant.}}
recommendations:
  - {id: R1, title: {en: Keep it}, text: {en: Keep it.}, conclusions: [C1]}
glossary:
  - {term: ILO, expansion: {en: International Labour Organization}}
"""
PARTS = """\
parts:
  - {id: P1, number: "9.1", title: {en: Design}, intro: {en: How it was designed.}}
sections:
  - {id: S1, number: "9.1.1", title: {en: Fit}, part: P1, answers: [Q1], findings: [{id: F1, text: {en: It fitted.}}]}
"""


def _graph(tmp_path, sections=SECTIONS):
    return checked(tmp_path, {"c.yaml": CRITERIA, "s.yaml": sections, "k.yaml": CONCLUSIONS},
                   "languages: [en]\n").graph


def _headings(text: str) -> list[str]:
    return [re.sub(r"\s*\{[^}]*\}\s*$", "", line) for line in text.splitlines() if re.match(r"#{1,6} ", line)]


def test_the_report_order_acronyms_first_findings_by_criterion_annex_questions(tmp_path):
    order = [(piece.spec.path, piece.depth) for piece in print_order(_graph(tmp_path))]
    assert order == [("glossary.md", 1), ("index.md", 1), ("findings/index.md", 1), ("criteria/rel.md", 2),
                     ("findings/S1.md", 3), ("conclusions.md", 1), ("recommendations.md", 1), ("annexes.md", 1)]


def test_a_criterion_heads_its_sections_and_its_lists_stay_on_the_site(tmp_path):
    text = render_print_page(_graph(tmp_path), Templates(), "en")
    headings = _headings(text)
    relevance = headings.index("### Relevance")
    assert headings[relevance - 1] == "## Findings" and headings[relevance + 1] == "#### 1. Fit"
    criterion = text.split("### Relevance", 1)[1].split("#### 1. Fit", 1)[0]
    assert "The extent to which it fits." in criterion          # its definition is the report's
    assert "Conclusions" not in criterion and "R1" not in criterion  # the site's hub lists are not
    assert text.count("{#C1 ") == 1 and "Cited by" not in text


def test_key_findings_are_labelled_paragraphs_and_keep_their_anchors(tmp_path):
    text = render_print_page(_graph(tmp_path), Templates(), "en")
    assert '<div id="F1" class="rg-item rg-finding" markdown="block">\n\n**F1.** It fitted.' in text
    assert "**F2.**\n\n- a list first" in text  # a finding that opens with a list: its label on its own line
    assert not re.search(r"^#+ F1\b", text, re.M)


def test_unplaced_criteria_and_questions_are_anchored_in_the_annex(tmp_path):
    text = render_print_page(_graph(tmp_path), Templates(), "en")
    annex = text.split("## Annexes", 1)[1]
    assert '| Relevance | <span id="Q1"></span>Q1. Did it fit? |' in annex
    # Effectiveness heads no findings: its anchor is in the annex, so links to it resolve in the PDF
    assert '| <span id="criterion-eff"></span>Effectiveness | <span id="Q2"></span>Q2. Did it work? |' in annex
    anchors = set(re.findall(r'\{#([^\s}]+)|id="([^"]+)"', text))
    targets = set(re.findall(r"\]\(#([^)\s]+)", text))
    assert targets <= {a or b for a, b in anchors}, targets - {a or b for a, b in anchors}


def test_parts_print_their_title_and_introduction_above_their_sections(tmp_path):
    graph = _graph(tmp_path, PARTS)
    order = [(piece.spec.template, piece.depth) for piece in print_order(graph)]
    assert ("pages/part.md.j2", 2) in order and ("pages/section.md.j2", 3) in order
    text = render_print_page(graph, Templates(), "en")
    part = text.index("### 9.1 Design")
    assert text.index("How it was designed.") > part and text.index("#### 9.1.1. Fit") > part
    assert '| <span id="criterion-rel"></span>Relevance |' in text  # no criterion heads findings here


def test_the_site_pages_are_unchanged_by_the_edition(tmp_path):
    graph = _graph(tmp_path)
    criterion = PageContext(graph, Templates(), "en", "criteria/rel.md").render(
        "pages/criterion.md.j2", criterion=graph.nodes["rel"].model)
    assert "## Sections" in criterion or "1. Fit" in criterion
    assert "Cited by" in PageContext(graph, Templates(), "en", "conclusions.md").render("pages/conclusions.md.j2")


ANNEX_TABLE = """\
tables:
  - id: budget
    title: {en: Budget extensions}
    caption: {en: Table 3. Budget extensions}
    annex: true
    annex_number: "4"
    columns:
      - {id: stage, label: {en: Stage}}
    rows:
      - {id: X1, cells: {stage: {en: First}}}
"""


def test_an_annex_table_keeps_its_caption_in_print_only(tmp_path):
    """The annexes page names a table by its heading; the printed report also gives its caption, which
    its list of tables (and a reader of the PDF) goes by."""
    graph = checked(tmp_path, {"c.yaml": CRITERIA, "s.yaml": SECTIONS, "k.yaml": CONCLUSIONS, "t.yaml": ANNEX_TABLE},
                    "languages: [en]\n").graph
    printed = render_print_page(graph, Templates(), "en")
    site = PageContext(graph, Templates(), "en", "annexes.md").render("pages/annexes.md.j2")
    assert "Annex 4. Budget extensions" in printed and "Annex 4. Budget extensions" in site
    assert "<caption markdown=\"span\">Table 3. Budget extensions</caption>" in printed
    assert "<caption" not in site
