"""mkdocs_hooks.py: every language build registers it, and MkDocs passes each page through the sanitiser."""

import importlib.util
import json
from pathlib import Path

import pytest
import yaml

from reportgen.render.sanitize import sanitize
from reportgen.site import LanguageBuild, mkdocs_config

DIRTY = '<p onclick="alert(1)">Hello <abbr title="ILO">ILO</abbr></p><script>alert(2)</script>'


def _hooks_file(tmp_path: Path) -> Path:
    base = tmp_path / "base.yml"
    base.write_text("site_name: x\nhooks: [own_hooks.py]\n", encoding="utf-8")
    config = mkdocs_config(base, LanguageBuild("en", {}, [], "Report", ""), tmp_path / "docs", tmp_path / "site",
                           tmp_path / "theme", [])
    assert config["hooks"][0] == "own_hooks.py"  # a project's own hooks stay, reportgen's come after
    return Path(config["hooks"][-1])


def _load(path: Path):
    spec = importlib.util.spec_from_file_location("reportgen_hooks_under_test", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_build_registers_the_hooks_file(tmp_path):
    path = _hooks_file(tmp_path)
    assert path.name == "mkdocs_hooks.py" and path.is_file()


def test_the_page_content_hook_sanitises(tmp_path):
    hooks = _load(_hooks_file(tmp_path))
    out = hooks.on_page_content(DIRTY, page=None, config={}, files=None)
    assert out == '<p>Hello <abbr title="ILO">ILO</abbr></p>'
    assert out == sanitize(DIRTY)


def test_mkdocs_runs_the_hook_on_a_page(tmp_path):
    """A real MkDocs build: raw HTML in a page's Markdown comes out without its script."""
    pytest.importorskip("mkdocs")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Page\n\n" + DIRTY + "\n\n<a href=\"javascript:alert(3)\">go</a>\n",
                                   encoding="utf-8")
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text(f"site_name: t\ndocs_dir: {docs}\nsite_dir: {tmp_path / 'site'}\n"
                           f"theme: {{name: mkdocs}}\nplugins: []\nhooks: [{_hooks_file(tmp_path)}]\n",
                           encoding="utf-8")
    build(load_config(str(config_file)))
    page = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "Hello" in page and "go</a>" in page
    assert "alert(1)" not in page and "alert(2)" not in page and "javascript:" not in page
    assert 'onclick="' not in page


def test_a_page_is_described_by_its_first_paragraph_of_some_length(tmp_path):
    hooks = _load(_hooks_file(tmp_path))
    html = ('<div class="admonition note"><p>This text is available in Spanish only: not the page.</p></div>'
            '<p><a href="print/">Printable edition on one page</a> · <a href="downloads/">Downloads</a></p>'
            '<p class="rg-meta">Criterion: Efficiency · Answers: PE8 and other questions of the matrix</p><p>Too short.</p>'
            '<p>The project <abbr title="x">ILO</abbr> strengthened &amp; coordinated ' + "word " * 60 + '</p>')
    description = hooks.page_description(html)
    assert description.startswith("The project ILO strengthened & coordinated word")
    assert len(description) <= hooks.DESCRIPTION_LENGTH and description.endswith("word…")
    assert hooks.page_description("<p>Brief.</p>") == ""


def test_a_description_is_escaped_for_the_theme_which_prints_it_raw(tmp_path):
    from types import SimpleNamespace

    hooks = _load(_hooks_file(tmp_path))
    page = SimpleNamespace(content='<p>"&gt;&lt;img src=x onerror=alert(1)&gt; a paragraph long enough to describe it</p>',
                           meta={})
    hooks.describe_page({}, page, {}, None)
    assert "<img" not in page.meta["description"] and page.meta["description"].startswith("&quot;&gt;&lt;img")


# A page of many headings, some deeper than the table of contents goes (toc_depth 3), one in a block.
HEADINGS = ("# Recommendations\n\nIntro.\n\n"
            + "".join(f"## R{n}: do thing {n} {{#R{n}}}\n\nText of R{n}.\n\n#### Detail of R{n}\n\nMore {n}.\n\n"
                      for n in range(1, 30))
            + '<div markdown="block">\n\n## In a block {#inside}\n\nBlock text.\n\n</div>\n')
# What runs in the search plugin's turn (priority 0) sees the table of contents the plugin sees.
RECORDER = """SEEN = []
def on_page_context(context, page, config, nav):
    SEEN.append(len(list(page.toc)))
    with open(config["extra"]["seen_file"], "a") as f:
        f.write(str(SEEN[-1]) + "\\n")
    return context
"""
# reportgen's hooks with Material's own heading lookups (no table of contents set aside).
MATERIAL_LOOKUPS = """from reportgen.mkdocs_hooks import on_page_content, on_nav, on_env, on_post_build
from reportgen.mkdocs_hooks import describe_page as on_page_context
"""


def _material_site(tmp_path: Path, name: str, hooks: list[str]) -> Path:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    docs = tmp_path / "docs"
    docs.mkdir(exist_ok=True)
    (docs / "index.md").write_text(HEADINGS, encoding="utf-8")
    config = tmp_path / f"{name}.yml"
    config.write_text(yaml.safe_dump({
        "site_name": "t", "docs_dir": str(docs), "site_dir": str(tmp_path / name), "theme": {"name": "material"},
        "plugins": ["search"], "hooks": hooks, "extra": {"seen_file": str(tmp_path / f"{name}.seen")},
        "markdown_extensions": ["attr_list", "md_in_html", {"toc": {"permalink": True, "toc_depth": 3}}]}),
        encoding="utf-8")
    build(load_config(str(config)))
    return tmp_path / name


def test_the_search_plugin_sees_no_table_of_contents_and_the_theme_draws_it(tmp_path):
    """Material's search looks each heading up in the page's table of contents, from the top (quadratic):
    reportgen's hooks set it aside for that turn and put it back for the theme; the index is the same."""
    pytest.importorskip("material")
    reportgen_hooks = str(_hooks_file(tmp_path))
    (tmp_path / "recorder.py").write_text(RECORDER, encoding="utf-8")
    (tmp_path / "material_lookups.py").write_text(MATERIAL_LOOKUPS, encoding="utf-8")
    ours = _material_site(tmp_path, "ours", [reportgen_hooks, str(tmp_path / "recorder.py")])
    theirs = _material_site(tmp_path, "theirs", [str(tmp_path / "material_lookups.py"), str(tmp_path / "recorder.py")])
    assert (tmp_path / "ours.seen").read_text().split() == ["0"]
    assert (tmp_path / "theirs.seen").read_text().split() == ["1"]  # the page's h1, R1…R29 under it
    index = json.loads((ours / "search/search_index.json").read_text(encoding="utf-8"))
    assert (ours / "search/search_index.json").read_bytes() == (theirs / "search/search_index.json").read_bytes()
    locations = [doc["location"] for doc in index["docs"]]
    assert "#R7" in locations and "#detail-of-r7" in locations and "#inside" in locations
    page = (ours / "index.html").read_text(encoding="utf-8")
    toc = page[page.index('class="md-nav md-nav--secondary"'):page.index('class="md-content"')]  # the theme's
    assert 'href="#R29"' in toc and 'href="#inside"' in toc
    assert page == (theirs / "index.html").read_text(encoding="utf-8")
