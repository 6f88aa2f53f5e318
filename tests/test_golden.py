"""Golden files: the Markdown pages generated from the sample content, per language.

The pages rendered from tests/fixtures/sample are compared, file by file, with
tests/golden/<lang>/<page>. After an intended change to the templates, the
renderer or the sample, regenerate the golden files and review the diff:

    REPORTGEN_UPDATE_GOLDEN=1 pytest tests/test_golden.py

(then `git diff tests/golden/`). Stale golden files are deleted by the update.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT
from reportgen.project import Project, check, render
from reportgen.render.pages import Templates

GOLDEN = Path(__file__).resolve().parent / "golden"
LANGUAGES = ("es", "en")  # the sample fixture's languages (its evaluation title, in order)
UPDATE = os.environ.get("REPORTGEN_UPDATE_GOLDEN") == "1"
# A differently shaped report (tests/fixtures/midterm, English only): its own golden pages.
GOLDEN_MIDTERM = Path(__file__).resolve().parent / "golden-midterm"


def _golden_files(golden: Path = GOLDEN) -> list[tuple[str, str]]:
    """(language, page path) of every golden file on disk, for parametrization."""
    return sorted((lang, p.relative_to(golden / lang).as_posix())
                  for lang in sorted(p.name for p in golden.iterdir() if p.is_dir())
                  for p in (golden / lang).rglob("*.md"))


def _render(project: Project | None = None) -> dict[str, dict[str, str]]:
    """{language: {page path: Markdown}} rendered from a fixture (no MkDocs involved)."""
    checked = check(project or Project(ROOT, FIXTURES / "sample"))
    problems = [p.format() for p in checked.report.problems if p.severity != "note"]
    assert problems == [], problems
    builds, _ = render(checked, Templates())
    return {build.lang: build.pages for build in builds}


def _render_midterm() -> dict[str, dict[str, str]]:
    return _render(Project(FIXTURES / "midterm"))


def _write_golden(rendered: dict[str, dict[str, str]], golden: Path = GOLDEN) -> None:
    for lang, lang_pages in rendered.items():
        folder = golden / lang
        for stale in folder.rglob("*.md") if folder.is_dir() else []:
            if stale.relative_to(folder).as_posix() not in lang_pages:
                stale.unlink()
        for path, text in lang_pages.items():
            target = folder / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8", newline="\n")


if UPDATE:  # at collection time, so that the parametrization below sees the new files
    _write_golden(_render())
    _write_golden(_render_midterm(), GOLDEN_MIDTERM)


@pytest.fixture(scope="module")
def pages() -> dict[str, dict[str, str]]:
    return _render()


def test_golden_files_exist():
    assert _golden_files(), "no golden files: run REPORTGEN_UPDATE_GOLDEN=1 pytest tests/test_golden.py"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_same_pages_as_golden(pages, lang):
    """No page appeared or disappeared (a new page needs its golden file)."""
    golden = {path for golden_lang, path in _golden_files() if golden_lang == lang}
    rendered = set(pages[lang])
    assert rendered == golden, (f"pages without a golden file: {sorted(rendered - golden)}; "
                                f"golden files without a page: {sorted(golden - rendered)} "
                                "(regenerate with REPORTGEN_UPDATE_GOLDEN=1 pytest tests/test_golden.py)")


@pytest.mark.parametrize("lang,path", _golden_files())
def test_page_matches_golden(pages, lang, path):
    expected = (GOLDEN / lang / path).read_text(encoding="utf-8")
    actual = pages[lang].get(path)
    assert actual is not None, f"{lang}/{path}: page is no longer generated"
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(keepends=True), actual.splitlines(keepends=True),
                                            f"golden/{lang}/{path}", f"rendered/{lang}/{path}"))
        pytest.fail(f"{lang}/{path} differs from its golden file "
                    f"(if intended: REPORTGEN_UPDATE_GOLDEN=1 pytest tests/test_golden.py)\n{diff[:6000]}")


def test_languages_really_differ(pages):
    """Every page exists in both languages, and the English pages are in English."""
    assert set(pages["es"]) == set(pages["en"])
    assert "Sample evaluation" in pages["en"]["index.md"]
    assert "Evaluación de muestra" in pages["es"]["index.md"]
    for lang in LANGUAGES:
        for path in ("findings/S1.md", "findings/S2.md", "index.md"):
            assert "untranslated" not in pages[lang][path].lower()  # the sample translates everything


@pytest.mark.parametrize("lang", LANGUAGES)
def test_annex_embeds_are_not_escaped(pages, lang):
    annexes = pages[lang]["annexes.md"]
    assert "&lt;table" not in annexes and "&lt;figure" not in annexes
    assert '<table class="rg-table"' in annexes and '<figure class="rg-figure"' in annexes


@pytest.fixture(scope="module")
def midterm_pages() -> dict[str, dict[str, str]]:
    return _render_midterm()


def test_midterm_same_pages_as_golden(midterm_pages):
    assert set(midterm_pages) == {"en"}
    assert set(midterm_pages["en"]) == {path for _, path in _golden_files(GOLDEN_MIDTERM)}


@pytest.mark.parametrize("lang,path", _golden_files(GOLDEN_MIDTERM))
def test_midterm_page_matches_golden(midterm_pages, lang, path):
    expected = (GOLDEN_MIDTERM / lang / path).read_text(encoding="utf-8")
    actual = midterm_pages[lang].get(path)
    assert actual == expected, (f"{lang}/{path} differs from tests/golden-midterm "
                                "(if intended: REPORTGEN_UPDATE_GOLDEN=1 pytest tests/test_golden.py)")
