"""portal.yml: every broken entry is a clear error with file and line; all of them in one run."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.errors import ContentError
from reportgen.portal.config import load_config


def project(folder: Path) -> Path:
    (folder / "content").mkdir(parents=True)
    return folder


def problems(portal: Path, text: str) -> list[tuple[int | None, str, str]]:
    (portal / "portal.yml").write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_config(portal)
    assert all(p.file == f"{portal.name}/portal.yml" for p in caught.value.problems)
    return [(p.line, p.message, p.hint) for p in caught.value.problems]


def test_valid_config(tmp_path):
    project(tmp_path / "a")
    (tmp_path / "portal.yml").write_text("title: {es: Biblioteca, en: Library}\nlanguages: [en, es]\n"
                                         "evaluations: [a]\n", encoding="utf-8")
    config = load_config(tmp_path)
    assert config.languages == ["en", "es"] and config.title == {"en": "Library", "es": "Biblioteca"}
    assert config.edition == "public" and [e.path.name for e in config.evaluations] == ["a"]


def test_broken_entries(tmp_path):
    project(tmp_path / "good")
    project(tmp_path / "other" / "good")
    (tmp_path / "plain").mkdir()
    (tmp_path / "file.txt").write_text("x")
    found = problems(tmp_path, "title: Library\nedition: final\nevaluations:\n  - good\n  - missing\n  - plain\n"
                               "  - file.txt\n  - ./good\n  - other/good\n  - 12\nlanguage: [es]\n")
    assert found == [
        (1, "no 'languages' given", "list the portal's languages, for example: languages: [en, fr, es]"),
        (2, "edition: 'final' is not an allowed value", "allowed values: review, public"),
        (5, "evaluations[1]: 'missing' does not exist", "check the path (it is relative to portal.yml)"),
        (6, "evaluations[2]: 'plain' is not a reportgen project (no content/ folder)",
         "give a folder made by 'reportgen new' or holding content/ with the evaluation's YAML"),
        (7, "evaluations[3]: 'file.txt' is a file, not a folder", "give the evaluation's project folder"),
        (8, "evaluations[4]: './good' is listed twice (first on line 4)", "list each evaluation once"),
        (9, "evaluations[5]: another evaluation folder is also named 'good' (line 4)",
         "give each evaluation folder its own name (the portal names each evaluation's artifact after its folder)"),
        (10, "evaluations[6]: 12 is not a folder path",
         "write a path relative to portal.yml, e.g. evaluations/per-17-51"),
        (11, "unknown key 'language'", "did you mean 'languages'?"),
    ]


def test_missing_title_languages_and_evaluations(tmp_path):
    found = problems(tmp_path, "languages: spanish\n")
    assert [line for line, _, _ in found] == [1, 1, 1]
    assert {message for _, message, _ in found} == {
        "languages: 'spanish' is not a list of languages", "missing or empty 'title'",
        "'evaluations' must be a non-empty list of project folders"}


def test_no_portal_yml(tmp_path):
    with pytest.raises(ContentError) as caught:
        load_config(tmp_path)
    assert "no portal.yml in" in caught.value.problems[0].message
