"""A report shaped unlike the bundled one builds without inventing anything (issue 12).

tests/fixtures/midterm: English only, sections numbered "9.1.1" in chapters with
introductions, no finding IDs, numbered paragraphs, a cross-cutting criterion without
questions, recommendations with a text only or a "Very high" priority and a field of
the project's own, a lesson whose template has its own title, no acronym list.
"""

from __future__ import annotations

import json
import re

import pytest

from conftest import FIXTURES, run_cli
from pagecheck import pages_with_empty_headings

MIDTERM = FIXTURES / "midterm"


@pytest.fixture(scope="module")
def midterm_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("midterm") / "site"
    result = run_cli("build", "--project", MIDTERM, "--out", out, "--no-downloads", "--strict")
    assert result.returncode == 0, result.stderr
    return out


def page(site, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def article(html: str) -> str:
    return html[html.index("<article"):html.index("</article>")]


def test_check_strict_passes():
    result = run_cli("check", "--strict", "--project", MIDTERM)
    assert result.returncode == 0, result.stderr
    assert "3 sections, 0 findings" in result.stdout


def test_no_empty_heading_on_any_page(midterm_site):
    assert pages_with_empty_headings(midterm_site) == {}


def test_one_language_at_the_root_without_a_switch(midterm_site):
    home = page(midterm_site, "")
    assert '<html lang="en"' in home
    assert "md-select__list" not in home
    assert json.loads((midterm_site / "search/search_index.json").read_text())["config"]["lang"] == ["en"]
    assert not any(p.name in ("es", "fr") for p in midterm_site.iterdir())


def test_section_labels_and_numbered_paragraphs(midterm_site):
    html = article(page(midterm_site, "findings/S921"))
    assert "9.2.1. Project theory of change" in html
    assert re.search(r'id="para-85">85\.</span> The theory of change', html)
    assert '<ol start="85"' not in html and '<ol start="86"' not in html
    assert html.count("<li>") == 3  # the real list inside paragraph 86 stays a list
    assert "Main findings" not in html and "Key findings" not in html


def test_findings_page_shows_the_chapter_and_part_introductions(midterm_site):
    html = article(page(midterm_site, "findings"))
    assert "Paragraph numbers follow the report." in html
    assert "9.1 Relevance and coherence" in html and "designed in 2021" in html


def test_cover_shows_only_given_fields_and_the_report_s_own(midterm_site):
    html = article(page(midterm_site, ""))
    assert "Evaluation period" in html and "March to June 2023" in html
    assert "Donor and budget" not in html and "<td></td>" not in html


def test_recommendations_show_what_they_have(midterm_site):
    html = article(page(midterm_site, "recommendations"))
    assert re.search(r'<h2[^>]* id="R3"[^>]*>R3<', html)  # no invented title
    assert "Very high" in html and "Related design topics" in html and "Gender; training" in html
    r3 = html[html.index('id="R3"'):]
    assert "<table" not in r3  # a text-only recommendation has no field table


def test_explorer_filters_by_the_project_s_own_field(midterm_site):
    html = article(page(midterm_site, "explorer"))
    assert 'data-facet="custom-design_topics"' in html and 'data-facet="priority"' in html
    assert 'data-facet="addressee"' not in html
    assert (midterm_site / "explorer/priority/very_high/index.html").is_file()


def test_matrix_says_findings_are_not_numbered(midterm_site):
    html = article(page(midterm_site, "matrix"))
    assert "not numbered in this report" in html and "⚠ no findings" not in html
    assert "Gender equality and non-discrimination" in html  # the cross-cutting criterion has its row


def test_nothing_says_none_and_no_empty_pages(midterm_site):
    for path in ("criteria/gender", "criteria/tripartism", "lessons", "conclusions"):
        text = re.sub(r"<[^>]+>", " ", article(page(midterm_site, path)))
        assert not re.search(r"\bNone\b", text), path
    assert not (midterm_site / "good-practices").exists() and not (midterm_site / "glossary").exists()
    assert "ILO Lesson Learned Template — mid-term" in page(midterm_site, "lessons")


def test_bundled_site_has_no_empty_heading(built_site):
    """The bundled evaluation, every page in both languages (print edition included)."""
    assert pages_with_empty_headings(built_site) == {}
