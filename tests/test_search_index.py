"""The search index at scale (issue 26): what reportgen leaves out of it and how it has Material index a page.

- The explorer's filters and table and the evaluation matrix's table repeat every recommendation (and every
  item's ID): they are out of the index (data-search-exclude), and nothing in them is findable only there.
- Material's search plugin would walk a page's whole table of contents once per heading (quadratic on the
  page of all recommendations): reportgen's hooks set the table of contents aside for the plugin's turn.
  The index must be the one Material makes with its own lookups, byte for byte.
"""

from __future__ import annotations

import html
import json
import os
import re
import unicodedata
from pathlib import Path

import pytest

from conftest import ROOT

LANGUAGES = ("", "en/")  # the bundled evaluation: Spanish at the root, English under en/


def _index(site: Path, prefix: str) -> dict:
    return json.loads((site / prefix / "search/search_index.json").read_text(encoding="utf-8"))


def _tokens(text: str, separator: re.Pattern) -> set[str]:
    """The words the site's search makes of a text: tags dropped, lower case, accents folded
    (templates/search-fold.js.tmpl), split on the site's separator."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", text)).lower()
    text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return {token for token in separator.split(text) if token}


def _element(page: str, start: str, tag: str) -> str:
    """The element of the built page that begins with `start`, to its matching end tag."""
    begin = page.index(start)
    depth = 0
    for match in re.finditer(rf"<(/?){tag}\b[^>]*>", page[begin:]):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            return page[begin:begin + match.end()]
    raise AssertionError(f"no end to {start}")


@pytest.mark.parametrize("prefix", LANGUAGES)
def test_repeated_tables_are_out_of_the_index(built_site, prefix):
    index = _index(built_site, prefix)
    texts = {doc["location"]: doc["title"] + " " + doc["text"] for doc in index["docs"]}
    explorer = (built_site / prefix / "explorer/index.html").read_text(encoding="utf-8")
    table = _element(explorer, '<table class="rg-table rg-explorer-table"', "table")
    row_ids = re.findall(r'<tr id="row-([^"]+)"', table)
    assert len(row_ids) >= 9
    # The explorer page is still found (its title, its introduction, its filter pages), not by a row of it.
    assert texts["explorer/"].startswith(("Explorador", "Recommendation explorer"))
    assert "explorer/#filter-pages" in texts
    for location, text in texts.items():
        if location.startswith(("explorer/", "matrix/")):
            assert not any(re.search(rf"\b{re.escape(rid)}\b", text) for rid in row_ids), (location, text[:300])


@pytest.mark.parametrize("prefix", LANGUAGES)
def test_nothing_is_findable_only_in_the_excluded_tables(built_site, prefix):
    index = _index(built_site, prefix)
    separator = re.compile(index["config"]["separator"])
    indexed = set().union(*(_tokens(doc["title"] + " " + doc["text"], separator) for doc in index["docs"]))
    explorer = (built_site / prefix / "explorer/index.html").read_text(encoding="utf-8")
    matrix = (built_site / prefix / "matrix/index.html").read_text(encoding="utf-8")
    # Content in the explorer: every cell of the table's body (IDs, titles, addressees, levels and their
    # notes, linked items) and the filters' values; in the matrix: the items linked from its rows.
    # Left aside: column headings and the matrix's counts ("3 preg."), interface words.
    excluded = {
        "explorer table": _element(_element(explorer, '<table class="rg-table rg-explorer-table"', "table"),
                                   "<tbody>", "tbody"),
        "explorer filters": " ".join(re.findall(r"<option[^>]*>([^<]*)\(\d+\)</option>",
                                                _element(explorer, '<form class="rg-filters"', "form"))),
        "matrix links": " ".join(re.findall(r"<a [^>]*>(.*?)</a>",
                                            _element(matrix, '<table class="rg-table rg-matrix"', "table"))),
    }
    for name, text in excluded.items():
        words = _tokens(text, separator)
        assert len(words) > 20, name
        assert words <= indexed, (name, sorted(words - indexed)[:20])


@pytest.mark.parametrize("prefix", LANGUAGES)
def test_every_recommendation_is_found_by_id_in_its_own_section(built_site, prefix):
    index = _index(built_site, prefix)
    explorer = (built_site / prefix / "explorer/index.html").read_text(encoding="utf-8")
    by_location = {doc["location"]: doc for doc in index["docs"]}
    for rid in re.findall(r'<tr id="row-([^"]+)"', explorer):
        doc = by_location.get(f"recommendations/#{rid}")
        assert doc is not None, rid
        assert re.match(rf"{re.escape(rid)}\b", doc["title"]), doc["title"]
        assert doc["text"], rid


# reportgen's hooks with Material's own heading lookups: everything but the table of contents set aside.
MATERIAL_LOOKUPS = """from reportgen.mkdocs_hooks import on_page_content, on_nav, on_env, on_post_build
from reportgen.mkdocs_hooks import describe_page as on_page_context
"""


def test_the_index_is_materials_own(public_built_site, tmp_path, monkeypatch):
    """The bundled evaluation built again, with Material looking each heading up in the table of contents:
    the same search index, in each language, as the build with the table of contents set aside."""
    from reportgen import site
    from reportgen.context import Environment
    from reportgen.project import Project, build

    hooks = tmp_path / "material_lookups.py"
    hooks.write_text(MATERIAL_LOOKUPS, encoding="utf-8")
    original = site.mkdocs_config

    def with_material_lookups(*args, **kwargs):
        config = original(*args, **kwargs)
        assert Path(config["hooks"][-1]).name == "mkdocs_hooks.py"
        config["hooks"][-1] = str(hooks)
        return config

    monkeypatch.setattr(site, "mkdocs_config", with_material_lookups)
    out = tmp_path / "site"
    project = Project(ROOT, ROOT / "content", [], work_dir=tmp_path / "work", environment=Environment.read(os.environ))
    build(project, out, downloads=False, edition="public")
    for prefix in LANGUAGES:
        ours = (public_built_site / prefix / "search/search_index.json").read_bytes()
        materials = (out / prefix / "search/search_index.json").read_bytes()
        assert json.loads(materials)["docs"], prefix
        assert ours == materials, prefix
