"""`reportgen new` in each shipped language set: the starter passes check --strict and builds,
with the right <html lang>, interface language, search index per language and switch."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import run_cli
from pagecheck import pages_with_empty_headings

# A word of each language's interface, as the navigation shows it.
NAV_WORD = {"en": "Recommendations", "fr": "Recommandations", "es": "Recomendaciones"}
LANGUAGE_SETS = [["en"], ["en", "fr"], ["es", "en"], ["fr", "en", "es"]]


@pytest.fixture(scope="module", params=LANGUAGE_SETS, ids=lambda langs: "+".join(langs))
def starter(request, tmp_path_factory) -> tuple[list[str], Path]:
    languages = request.param
    root = tmp_path_factory.mktemp("starter") / "my-evaluation"
    result = run_cli("new", root, "--languages", ",".join(languages), cwd=root.parent)
    assert result.returncode == 0, result.stderr
    return languages, root


def test_check_strict_passes(starter):
    languages, root = starter
    result = run_cli("check", "--strict", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 error(s), 0 warning(s)" in result.stdout


def test_files_start_with_the_schema_line(starter):
    _, root = starter
    for path in list((root / "content").rglob("*.yaml")) + [root / "reportgen.yml"]:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        schema = (path.parent / first.split("=", 1)[1]).resolve()
        assert schema.is_file(), f"{path}: {schema} missing"


def test_only_the_chosen_languages_in_the_content(starter):
    languages, root = starter
    others = {"en", "fr", "es"} - set(languages)
    for path in (root / "content").rglob("*"):
        if path.suffix == ".md":
            assert path.name.split(".")[-2] in languages
        elif path.suffix == ".yaml":
            keys = re.findall(r"^\s+([a-z]{2}): ", path.read_text(encoding="utf-8"), re.MULTILINE)
            assert not others & set(keys), path


def test_builds_each_language(starter):
    languages, root = starter
    result = run_cli("build", "--no-downloads", cwd=root)
    assert result.returncode == 0, result.stderr
    site = root / "site"
    assert pages_with_empty_headings(site) == {}
    for index, lang in enumerate(languages):
        folder = site if index == 0 else site / lang
        home = (folder / "index.html").read_text(encoding="utf-8")
        assert f'<html lang="{lang}"' in home
        assert NAV_WORD[lang] in home
        index_json = json.loads((folder / "search/search_index.json").read_text(encoding="utf-8"))
        assert index_json["config"]["lang"] == [lang]
        assert (folder / "404.html").is_file()
        switch = re.findall(r'class="md-select__link[^"]*"[^>]*>|hreflang="([a-z]{2})"', home)
        hreflangs = re.findall(r'<a href="[^"]*" hreflang="([a-z-]+)"', home)
        if len(languages) == 1:
            assert "md-select__list" not in home
        else:
            assert sorted(set(hreflangs)) == sorted(languages), switch
    for other in {"en", "fr", "es"} - set(languages):
        assert not (site / other).exists()
