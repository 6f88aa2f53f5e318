"""The PDF on paper: contents with the right page numbers, a bare cover, the draft mark.

Reads the PDFs of the session's bundled build (review edition) and of the sample
content built as the public edition, with poppler (pdftotext -layout) and pypdf.
"""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from conftest import FIXTURES, ROOT, run_cli

LANGS = ("es", "en")


def strings(lang: str) -> dict:
    return yaml.safe_load((ROOT / "templates" / "i18n" / f"{lang}.yaml").read_text(encoding="utf-8"))


def prefix(lang: str) -> str:
    return "" if lang == "es" else f"{lang}/"


def pdf_of(site: Path, lang: str) -> Path:
    return site / f"{prefix(lang)}downloads/report-{lang}.pdf"


def page_text(pdf: Path, page: int, layout: bool = False) -> str:
    options = ["-layout"] if layout else []
    return subprocess.run(["pdftotext", *options, "-f", str(page), "-l", str(page), str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout


def flat(text: str) -> str:
    return " ".join(text.split())


def contents_entries(site: Path, lang: str) -> list[tuple[str, str]]:
    """(anchor, title) of every entry of the one-page edition's contents list."""
    page = (site / f"{prefix(lang)}print/index.html").read_text(encoding="utf-8")
    block = page[page.index('id="print-contents"'):]
    block = block[:block.index('class="rg-chapter"')]
    return [(anchor, flat(html.unescape(re.sub(r"<[^>]+>", "", title))))
            for anchor, title in re.findall(r'<a href="#([^"]+)">(.*?)</a>', block)]


def heading_pages(pdf: Path) -> dict[str, int]:
    reader = PdfReader(str(pdf))
    return {str(name).lstrip("/"): reader.get_destination_page_number(dest) + 1
            for name, dest in reader.named_destinations.items()}


def shown_number(contents: str, title: str) -> int | None:
    """The number at the end of the entry's first line (-layout keeps a line's words together)."""
    for line in contents.splitlines():
        found = re.fullmatch(r"\s*(.*?)\s+(\d+)\s*", line)
        if found and (flat(found.group(1)) == title or len(found.group(1)) > 40 and title.startswith(flat(found.group(1)))):
            return int(found.group(2))
    return None


@pytest.mark.parametrize("lang", LANGS)
def test_contents_page_numbers_are_the_pages_of_the_headings(built_site, lang):
    pdf = pdf_of(built_site, lang)
    entries = contents_entries(built_site, lang)
    assert len(entries) > 30, entries
    pages = heading_pages(pdf)
    contents = page_text(pdf, 2, layout=True) + page_text(pdf, 3, layout=True)
    wrong = []
    for anchor, title in entries:
        shown = shown_number(contents, title)
        target = pages.get(anchor)
        if shown is None or shown != target or title[:30] not in flat(page_text(pdf, target)):
            wrong.append((anchor, title[:50], shown, target))
    assert not wrong, f"contents entries whose page number is missing or wrong: {wrong}"


@pytest.mark.parametrize("lang", LANGS)
def test_cover_has_no_running_header_or_page_number(built_site, lang):
    s = strings(lang)
    pdf = pdf_of(built_site, lang)
    cover, second = flat(page_text(pdf, 1)), flat(page_text(pdf, 2))
    page_word = s["download_texts"]["page"]
    assert f"{page_word} 1 " not in cover and f"{page_word} 2 {s['download_texts']['of']}" in second
    assert "PER/17/51/USA ·" in second and "PER/17/51/USA ·" not in cover.replace("PER/17/51/USA · Final", "")


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_of_the_review_pdf_carries_the_draft_mark(built_site, lang):
    pdf = pdf_of(built_site, lang)
    mark = strings(lang)["draft_mark_no_round"]
    reader = PdfReader(str(pdf))
    assert len(reader.pages) > 50
    unmarked = [n for n, page in enumerate(reader.pages, 1) if mark + " —" not in page.extract_text()]
    assert not unmarked, f"pages without '{mark}': {unmarked}"


@pytest.fixture(scope="module")
def public_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("public") / "site"
    result = run_cli("build", "--project", ROOT, "--content", FIXTURES / "sample", "--edition", "public",
                     "--out", out)
    assert result.returncode == 0, result.stderr
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_no_page_of_the_public_pdf_carries_the_draft_mark(public_site, lang):
    mark = strings(lang)["draft_mark_no_round"]
    reader = PdfReader(str(pdf_of(public_site, lang)))
    assert len(reader.pages) > 3
    texts = [page.extract_text() for page in reader.pages]
    assert strings(lang)["download_texts"]["page"] + " 2" in texts[1]  # the margins are printed
    assert not [n for n, text in enumerate(texts, 1) if mark in text]
