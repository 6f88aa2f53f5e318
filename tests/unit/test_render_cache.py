"""reportgen.render_cache: the preview's page cache holds the current and the previous build, nothing older.

The adapter patches MkDocs' classes for the whole process, so each test runs its builds in a
forked child (the same way `serve`'s build workers install it) and gets the figures back.
"""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest
import yaml

from reportgen import render_cache

pytestmark = pytest.mark.skipif(not render_cache.supported(), reason="the adapter installs only on a tested MkDocs")

PAGES = ("index.md", "a.md", "b.md")


def _build_in_child(root: str, builds: int, queue) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    render_cache.install()
    held = []
    for number in range(builds):
        for lang in ("es", "en"):  # two docs folders, as serve's workers build two languages
            docs = Path(root) / lang
            for page in PAGES:
                (docs / page).parent.mkdir(parents=True, exist_ok=True)
                # One page changes on every build, so each build adds new entries.
                (docs / page).write_text(f"# {page} {lang}\n\nversion {number if page == 'a.md' else 0}\n",
                                         encoding="utf-8")
            config = Path(root) / f"mkdocs.{lang}.yml"
            config.write_text(yaml.safe_dump({"site_name": "t", "docs_dir": str(docs),
                                              "site_dir": str(Path(root) / "site" / lang),
                                              "theme": {"name": "mkdocs"}}), encoding="utf-8")
            build(load_config(config_file=str(config)))
            cached = [key for key in (*render_cache._pages, *render_cache._previous)]
            held.append((number, lang, sorted({markdown.split("version ")[1].strip()
                                               for src, _, markdown, _ in cached if src == "a.md"}),
                         len(render_cache._pages), len(render_cache._previous)))
    queue.put(held)


def _in_child(target, *args):
    """Run target(*args, queue) in a forked child (the adapter patches MkDocs for the whole process) and
    return what it put in the queue."""
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=target, args=(*args, queue))
    child.start()
    found = queue.get(timeout=180)
    child.join(30)
    assert child.exitcode == 0
    return found


def test_the_cache_holds_only_the_current_and_the_previous_build(tmp_path):
    held = _in_child(_build_in_child, str(tmp_path), 6)
    assert len(held) == 12
    for number, lang, versions, current, previous in held:
        # Only the edited page's last two versions (this build's and the one before) are kept...
        assert set(versions) <= {str(number), str(max(number - 1, 0))}, (number, lang, versions)
        # ... and never more than two builds' pages.
        assert current <= len(PAGES) and previous <= len(PAGES), (number, lang, current, previous)
    assert held[-1][3] == len(PAGES)  # the last build's pages are all there


def _anchor_builds_in_child(root: str, queue) -> None:
    """a.md links to b.md#kept and b.md#removed; between the two builds b.md loses the heading
    'removed' while a.md is unchanged (its conversion comes from the cache)."""
    import logging

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    render_cache.install()
    docs = Path(root) / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    (docs / "a.md").write_text("# A\n\n[kept](b.md#kept) and [removed](b.md#removed)\n", encoding="utf-8")
    config = Path(root) / "mkdocs.yml"
    config.write_text(yaml.safe_dump({"site_name": "t", "docs_dir": str(docs), "site_dir": str(Path(root) / "site"),
                                      "theme": {"name": "mkdocs"}, "validation": {"anchors": "warn"}}),
                      encoding="utf-8")
    messages = []

    class Collect(logging.Handler):
        def emit(self, record):
            messages.append(record.getMessage())

    logging.getLogger("mkdocs").addHandler(Collect(logging.WARNING))
    found = []
    for body in ("# B\n\n## Kept\n\n## Removed\n", "# B\n\n## Kept\n"):
        (docs / "b.md").write_text(body, encoding="utf-8")
        messages.clear()
        render_cache.begin_build("hash")
        build(load_config(config_file=str(config)))
        found.append(([m for m in messages if "anchor" in m], render_cache.reused()))
    queue.put(found)


def test_an_anchor_removed_on_another_page_is_reported_when_the_linking_page_is_cached(tmp_path):
    (first, reused_first), (second, reused_second) = _in_child(_anchor_builds_in_child, str(tmp_path))
    assert first == [] and reused_first == 0
    assert reused_second == 1, "a.md is unchanged: its conversion comes from the cache"
    assert second == ["Doc file 'a.md' contains a link 'b.md#removed', but the doc 'b.md' does not contain an "
                      "anchor '#removed'."], second


def _page_alone_in_child(root: str, queue) -> None:
    """Build a small site (with reportgen's hooks, as every language build has them), edit one page,
    render it alone with what the build kept, and build the edited site afresh elsewhere to compare;
    then change a page's title, which is refused (other pages' navigation shows it)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from reportgen import mkdocs_hooks

    render_cache.install()
    docs = Path(root) / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    for page in PAGES:
        (docs / page).write_text(f"# {page}\n\nFirst text of {page}, see [b](b.md).\n", encoding="utf-8")

    def configure(site: str) -> Path:
        path = Path(root) / f"mkdocs-{site}.yml"
        path.write_text(yaml.safe_dump({"site_name": "t", "docs_dir": str(docs), "site_dir": str(Path(root) / site),
                                        "theme": {"name": "mkdocs"}, "nav": [{"Home": "index.md"}, "a.md", "b.md"],
                                        "hooks": [mkdocs_hooks.__file__]}), encoding="utf-8")
        return path

    build(load_config(config_file=str(configure("preview"))))
    urls = render_cache.page_urls()
    (docs / "a.md").write_text("# a.md\n\nAn *edited* text, see [b](b.md).\n", encoding="utf-8")
    written = render_cache.render_page("a.md", str(Path(root) / "preview"))
    alone = (Path(root) / "preview" / "a" / "index.html").read_bytes()
    render_cache._kept.clear()
    build(load_config(config_file=str(configure("clean"))))
    clean = (Path(root) / "clean" / "a" / "index.html").read_bytes()
    (docs / "b.md").write_text("# A new title for b\n\nText.\n", encoding="utf-8")
    retitled = render_cache.render_page("b.md", str(Path(root) / "clean"))
    queue.put((urls, written, alone == clean, b"edited" in alone, retitled, render_cache.render_page("a.md", root)))


def test_a_page_rendered_alone_with_the_kept_build_equals_a_full_build(tmp_path):
    urls, written, equal, edited, retitled, after = _in_child(_page_alone_in_child, str(tmp_path))
    assert urls == {"": "index.md", "a/": "a.md", "b/": "b.md"}
    assert written == "a/index.html" and edited and equal
    assert retitled is None, "a new title shows in every page's navigation: not rendered alone"
    assert after is None, "after a refusal the kept objects are stale: only a full build is right"


def _site_files(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _small_material_site(root: Path, site: str, with_cache: bool) -> tuple[list[str], list]:
    """Build root/docs with Material, its search and reportgen's hooks into root/site at the date in
    SOURCE_DATE_EPOCH; returns the build's warnings and the kept pages' addresses."""
    import logging

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from reportgen import mkdocs_hooks

    config = root / f"mkdocs-{site}.yml"
    config.write_text(yaml.safe_dump({
        "site_name": "t", "docs_dir": str(root / "docs"), "site_dir": str(root / site), "site_url": "https://example.org/r/",
        "theme": {"name": "material"}, "plugins": ["search"], "hooks": [mkdocs_hooks.__file__],
        "nav": [{"Home": "index.md"}, {"A": "a.md"}, "b.md"], "not_in_nav": "/c.md\n",
        "validation": {"anchors": "warn"}}), encoding="utf-8")
    messages: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record):
            messages.append(record.getMessage())

    collect = Collect(logging.WARNING)
    logging.getLogger("mkdocs").addHandler(collect)
    try:
        if with_cache:
            render_cache.begin_build("hash")
        build(load_config(config_file=str(config)))
    finally:
        logging.getLogger("mkdocs").removeHandler(collect)
    return messages, sorted(render_cache.page_urls())


def _write_docs(root: Path, pages: dict[str, str]) -> None:
    for name, text in pages.items():
        (root / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "docs" / name).write_text(text, encoding="utf-8")


FIRST = {"index.md": "# Home\n\nSee [a part of B](b.md#part).\n",
         "a.md": "# A\n\nFirst text of A, and [B's part](b.md#part).\n",
         "b.md": "# B\n\nFirst text of B.\n\n## Part\n\nA part of B.\n",
         "c.md": "# C\n\nA page out of the navigation.\n"}
# B loses the heading two pages link to (both warn, neither is rendered again); C, out of the navigation,
# gets a new title.
EDITED = {"b.md": "# B\n\nAn edited text of B, with *searchable* words.\n",
          "c.md": "# C, renamed\n\nA page out of the navigation, edited.\n"}


def _update_in_child(root: str, queue) -> None:
    """Build, edit two pages' Markdown, a day later, and bring the built site up to date with update_pages;
    then change the title of a page the navigation shows, which is refused."""
    import os

    render_cache.install()
    os.environ["SOURCE_DATE_EPOCH"] = "1700000000"
    _write_docs(Path(root), FIRST)
    _small_material_site(Path(root), "built", with_cache=True)
    os.rename(Path(root) / "built", Path(root) / "served")  # as the preview publishes its staging folder
    _write_docs(Path(root), EDITED)
    os.environ["SOURCE_DATE_EPOCH"] = "1700090000"
    result = render_cache.update_pages(["b.md", "c.md"], str(Path(root) / "served"))
    # Only the pages as they are now are kept (an update in place replaces their versions of this build).
    kept = sorted(markdown for src, _, markdown, _ in render_cache._pages if src in ("b.md", "c.md"))
    assert kept == sorted(EDITED.values()), kept
    assert len(render_cache._search_entries) == len(FIRST), len(render_cache._search_entries)
    _write_docs(Path(root), {"b.md": "# B, renamed\n\nText.\n"})
    refused = render_cache.update_pages(["b.md"], str(Path(root) / "served"))
    queue.put((result, refused, render_cache.update_pages([], str(Path(root) / "served"))))


def _clean_in_child(root: str, queue) -> None:
    import os

    os.environ["SOURCE_DATE_EPOCH"] = "1700090000"
    _write_docs(Path(root), {**FIRST, **EDITED})
    queue.put(_small_material_site(Path(root), "clean", with_cache=False)[0])


def test_a_site_updated_in_place_equals_a_clean_build(tmp_path):
    """Only the changed pages are rendered again, and what every page feeds is made again: the search index
    (the other pages' entries kept), the sitemap and its .gz (every page's date is the new build's), the
    warnings of links to anchors on pages not rendered again. The whole folder is a clean build's."""
    (result, refused, after) = _in_child(_update_in_child, str(tmp_path / "preview"))
    clean_warnings = _in_child(_clean_in_child, str(tmp_path / "clean"))
    assert result is not None, "only pages' texts changed: updated in place"
    written, warnings = result
    assert sorted(written) == ["b/index.html", "c/index.html", "search/search_index.json", "sitemap.xml",
                               "sitemap.xml.gz"]
    served, clean = _site_files(tmp_path / "preview" / "served"), _site_files(tmp_path / "clean" / "clean")
    assert sorted(served) == sorted(clean)
    assert [name for name in clean if served[name] != clean[name]] == []
    assert b"searchable" in served["search/search_index.json"] and b"2023-11-15" in served["sitemap.xml"]
    assert sorted(warnings) == sorted(clean_warnings) and len(warnings) == 2, (warnings, clean_warnings)
    assert refused is None, "a title the navigation shows changed: every page shows it, a full build is right"
    assert after is None, "after a refusal the kept objects are stale: only a full build is right"
