"""Caches for the live preview: MkDocs work that an edit did not change is reused.

Installed only in the preview's long-lived build workers (`reportgen serve`):
- the theme's Jinja environment is kept, so Material's templates are compiled
  once per worker instead of once per build (until a theme file changes);
- a page whose Markdown, docs folder and set of pages are unchanged gets its
  HTML, table of contents and anchors back instead of being converted again.
Every page is still written and indexed on every build, so the search index
stays complete (unlike `mkdocs build --dirty`).

This replaces two methods of MkDocs' own classes, which no public plugin event
can do; it is therefore a version-checked adapter: it installs only on the MkDocs
version it was written and tested against, and anything else gets the plain
(uncached, slower) preview. It is part of the MkDocs boundary (with site.py and
mkdocs_hooks.py): no other module knows it exists.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.structure.pages import Page
from mkdocs.theme import Theme

_environments: dict = {}
_pages: dict = {}      # pages rendered by the current build
_previous: dict = {}   # ... and by the one before it; older entries are dropped
_build: dict = {}      # "files": the current build's Files (held, so its id is never reused), "key": its pages
_installed = False


def _stamp(folder: str) -> tuple:
    root = Path(folder)
    return tuple(sorted((str(p), p.stat().st_mtime_ns) for p in root.rglob("*") if p.is_file()))


# The MkDocs versions whose Theme.get_env and Page.render this adapter was checked against.
TESTED_MKDOCS = ("1.6.1",)


def supported() -> bool:
    import mkdocs

    return (getattr(mkdocs, "__version__", "") in TESTED_MKDOCS and hasattr(Theme, "get_env")
            and hasattr(Page, "render"))


def install() -> None:
    global _installed
    if _installed or not supported():
        return
    _installed = True
    original_env = Theme.get_env
    original_render = Page.render

    def get_env(self):
        # Only the first folder (reportgen's theme overrides) can change during a preview.
        key = (tuple(self.dirs), str(self.locale), _stamp(self.dirs[0]) if self.dirs else ())
        if key not in _environments:
            _environments.clear()
            _environments[key] = original_env(self)
        return _environments[key]

    def render(self, config, files):
        if _build.get("files") is not files:  # a new build: keep only what the previous build used
            # Compared by identity with the object itself, not its id(): a freed Files' id is reused by
            # the next build's, which then never dropped the older pages (and kept a stale page set).
            _build["files"] = files
            _build["key"] = hash(tuple(sorted(f.src_uri for f in files.documentation_pages())))
            _previous.clear()
            _previous.update(_pages)
            _pages.clear()
        key = (self.file.src_uri, config["docs_dir"], self.markdown, _build["key"])
        cached = _pages.get(key) or _previous.get(key)
        if cached is not None:
            _pages[key] = cached
        if cached is None:
            original_render(self, config, files)
            _pages[key] = (self.content, self.toc, self._title_from_render, self.present_anchor_ids,
                           getattr(self, "links_to_anchors", None))
            return
        self.content, self.toc, self._title_from_render, self.present_anchor_ids, links = cached
        if links is not None:
            self.links_to_anchors = links

    Theme.get_env = get_env  # type: ignore[method-assign]  # the point of this module
    Page.render = render  # type: ignore[method-assign]
