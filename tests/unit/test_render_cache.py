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


def _run(tmp_path, builds):
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_build_in_child, args=(str(tmp_path), builds, queue))
    child.start()
    held = queue.get(timeout=120)
    child.join(30)
    assert child.exitcode == 0
    return held


def test_the_cache_holds_only_the_current_and_the_previous_build(tmp_path):
    held = _run(tmp_path, builds=6)
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
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_anchor_builds_in_child, args=(str(tmp_path), queue))
    child.start()
    (first, reused_first), (second, reused_second) = queue.get(timeout=120)
    child.join(30)
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
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_page_alone_in_child, args=(str(tmp_path), queue))
    child.start()
    urls, written, equal, edited, retitled, after = queue.get(timeout=120)
    child.join(30)
    assert urls == {"": "index.md", "a/": "a.md", "b/": "b.md"}
    assert written == "a/index.html" and edited and equal
    assert retitled is None, "a new title shows in every page's navigation: not rendered alone"
    assert after is None, "after a refusal the kept objects are stale: only a full build is right"
