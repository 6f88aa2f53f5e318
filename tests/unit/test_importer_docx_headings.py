"""Headings set by hand in a Word file without heading styles (importer/docx_headings.py): bold, larger
or capital Normal paragraphs become headings of their level; lead-ins, bold sentences, captions, field
lines and the cover's lines do not."""

from __future__ import annotations

import shutil

import pytest
from docx import Document
from docx.shared import Pt

from reportgen.importer.docx_reader import docx_to_markdown

pytestmark = pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed")


def _markdown(tmp_path, *paragraphs: tuple[str, dict] | str, styled: bool = False) -> list[str]:
    """The Markdown paragraphs of a Word file; a (text, look) pair is one run set by hand: bold, size (pt),
    caps, or lead (a bold lead-in: the first words bold, the rest not)."""
    document = Document()
    for paragraph in paragraphs:
        text, look = (paragraph, {}) if isinstance(paragraph, str) else paragraph
        if styled and look.get("heading"):
            document.add_heading(text, look["heading"])
            continue
        written = document.add_paragraph()
        if look.get("lead"):
            written.add_run(look["lead"]).bold = True
        run = written.add_run(text)
        run.bold = look.get("bold")
        run.font.all_caps = look.get("caps")
        if look.get("size"):
            run.font.size = Pt(look["size"])
    path = tmp_path / "report.docx"
    document.save(path)
    return [p.strip() for p in docx_to_markdown(path).split("\n\n") if p.strip()]


BOLD = {"bold": True}


def test_bold_paragraphs_are_headings_of_their_typed_number_s_depth(tmp_path):
    found = _markdown(tmp_path, ("Final evaluation of the project", BOLD), "ILO TC/SYMBOL: RLA/21/07/EUR",
                      ("9. Evaluation findings", BOLD), ("9.1 Relevance", BOLD), ("9.1.1 Alignment with policies", BOLD),
                      "The project was aligned.", ("10. Conclusions", BOLD), "The project worked.")
    assert found == ["**Final evaluation of the project**", "ILO TC/SYMBOL: RLA/21/07/EUR", "# 9. Evaluation findings",
                     "## 9.1 Relevance", "### 9.1.1 Alignment with policies", "The project was aligned.",
                     "# 10. Conclusions", "The project worked."]


def test_unnumbered_headings_take_their_level_from_their_look(tmp_path):
    found = _markdown(tmp_path, ("Findings", {"size": 16}), ("Relevance", {"size": 14, "caps": True}),
                      ("Alignment with national policies", BOLD), "The project was aligned.",
                      ("Conclusions", {"size": 16}), "The project worked.")
    assert found == ["# Findings", "## Relevance", "### Alignment with national policies", "The project was aligned.",
                     "# Conclusions", "The project worked."]


def test_lead_ins_bold_sentences_captions_and_field_lines_stay_text(tmp_path):
    found = _markdown(tmp_path, ("Findings", BOLD), ("The project trained inspectors.", BOLD),
                      (" the project trained inspectors", {"lead": "Finding 3:"}),
                      ("Table 2: Budget by line (USD)", BOLD), ("Figure 1 – Inspectors by region", BOLD),
                      ("Note: Responsibility (ILO), Priority (High), Time (Short term)", BOLD),
                      ("To what extent was the project relevant?", BOLD), ("Recommendation 1:", BOLD),
                      ("Conclusions", BOLD), "The project worked.")
    assert found[0] == "# Findings" and found[-2:] == ["# Conclusions", "The project worked."]
    assert not [p for p in found[1:-2] if p.startswith("#")], found


def test_a_document_with_heading_styles_keeps_them_alone(tmp_path):
    """Where the report uses heading styles, a bold paragraph is a table title or a label: not a heading."""
    found = _markdown(tmp_path, ("Findings", {"heading": 1}), ("Key points of the chapter", BOLD), "Text.",
                      ("Conclusions", {"heading": 1}), styled=True)
    assert found == ["# Findings", "**Key points of the chapter**", "Text.", "# Conclusions"]


def test_no_chapter_named_no_heading_set(tmp_path):
    """Bold lines in a text that names no chapter of a report are left as they are (a letter, a brief)."""
    found = _markdown(tmp_path, ("Dear colleagues", BOLD), "Thank you.", ("Next steps", BOLD), "None.")
    assert found == ["**Dear colleagues**", "Thank you.", "**Next steps**", "None."]
