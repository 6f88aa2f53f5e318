"""Caches for the live preview: MkDocs work that an edit did not change is reused.

Installed only in the preview's long-lived build workers (`reportgen serve`):
- the theme's Jinja environment is kept, so Material's templates are compiled
  once per worker instead of once per build (until a theme file changes);
- a page whose Markdown, docs folder, set of files and MkDocs configuration (the
  project's, by the hash the check stage took of it, and the Markdown settings
  MkDocs ends up with) are unchanged gets its HTML, table of contents and anchors
  back instead of being converted again, and the warnings its conversion logged
  are logged again.
Every page is still written and indexed on every build, so the search index
stays complete (unlike `mkdocs build --dirty`), and MkDocs still checks every
link to an anchor on every build: a cached page's links are handed back pointing
at this build's pages (not the build's that cached them), so an anchor removed
from another page is reported as by an uncached build.

A page's entries in the search index (Material's search plugin) are kept too,
keyed on everything they are made of. The theme's files are listed once per theme, not on every build (Material's
folder holds some 14,000 files, icons mostly: listing and filtering them was half
of a cached build's MkDocs run).

This replaces three methods of MkDocs' own classes, which no public plugin event
can do; it is therefore a version-checked adapter: it installs only on the MkDocs
version it was written and tested against, and anything else gets the plain
(uncached, slower) preview. It is part of the MkDocs boundary (with site.py and
mkdocs_hooks.py): no other module knows it exists.
"""

from __future__ import annotations

import copy
import hashlib
import json
import logging
from pathlib import Path

from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.theme import Theme

_environments: dict = {}
_pages: dict = {}      # pages rendered by the current build
_previous: dict = {}   # ... and by the one before it; older entries are dropped
_build: dict = {}      # "files": the current build's Files (held, so its id is never reused), "key": its pages
_installed = False
_config_hash = [""]    # the MkDocs configuration's hash, as the check stage took it (begin_build)


_reused = [0]          # pages of the current build whose conversion was given back


def begin_build(config_hash: str) -> None:
    """Called before each language build with the hash of the project's MkDocs configuration."""
    _config_hash[0] = config_hash
    _reused[0] = 0
    _search_previous.clear()  # the search entries of the build before, and of this one as it goes
    _search_previous.update(_search_entries)
    _search_entries.clear()


_search_entries: dict = {}   # a page's search-index entries, by everything they are made of
_search_previous: dict = {}
# The Material versions whose search plugin (SearchIndex.add_entry_from_context) this was checked against.
TESTED_MATERIAL = ("9.8.2",)


def _cache_search_entries() -> None:
    """Material's search plugin parses every page's HTML into sections for the index on every build (a
    third of a cached build's MkDocs run): a page whose HTML, address, title, metadata and table of
    contents are unchanged gets its entries back. Only on a tested Material; elsewhere not cached."""
    try:
        import material  # type: ignore[import-untyped]
        from material.plugins.search.plugin import SearchIndex  # type: ignore[import-untyped]
    except ImportError:
        return
    if getattr(material, "__version__", "") not in TESTED_MATERIAL or not hasattr(SearchIndex, "add_entry_from_context"):
        return
    original = SearchIndex.add_entry_from_context

    def add_entry_from_context(self, page):
        key = (json.dumps(self.config, sort_keys=True, default=repr), page.url, page.content, str(page.title),
               repr(page.meta), str(page.toc))
        entries = _search_entries.get(key) or _search_previous.get(key)
        if entries is None:
            start = len(self.entries)
            original(self, page)
            entries = copy.deepcopy(self.entries[start:])
        else:
            self.entries.extend(copy.deepcopy(entries))
        _search_entries[key] = entries

    SearchIndex.add_entry_from_context = add_entry_from_context


def reused() -> int:
    """How many pages of the last build were given back from the cache."""
    return _reused[0]


def _config_key(config) -> str:
    """What a page's conversion depends on besides its Markdown and the files: the project's MkDocs
    configuration and the Markdown settings MkDocs ends up with (reportgen sets the heading links'
    title per language; a plugin may add extensions)."""
    settings = [_config_hash[0], config["markdown_extensions"], config["mdx_configs"],
                config["use_directory_urls"], config["validation"], config.get("site_url")]
    return hashlib.sha256(json.dumps(settings, sort_keys=True, default=repr).encode()).hexdigest()


class _Captured(logging.Handler):
    """The messages a page's conversion logs (links not found, ...), to log them again when it is reused."""

    def __init__(self):
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


def _stamp(folder: str) -> tuple:
    root = Path(folder)
    return tuple(sorted((str(p), p.stat().st_mtime_ns) for p in root.rglob("*") if p.is_file()))


# The MkDocs versions whose Theme.get_env and Page.render this adapter was checked against.
TESTED_MKDOCS = ("1.6.1",)


# The last build's MkDocs objects (its configuration, files, navigation and theme environment), kept by
# the hooks (mkdocs_hooks: on_nav, on_env, on_post_build) in a preview worker, to render one page again.
_kept: dict = {}


def keep(**parts) -> None:
    """Called by reportgen's MkDocs hooks in every build; keeps only where the caches are installed."""
    if not _installed:
        return
    if "nav" in parts:  # a new build: what the previous one kept no longer matches the site
        _kept.clear()
    _kept.update(parts)


def page_urls() -> dict[str, str]:
    """The last build's pages: {address under the language's root ("findings/S7/"): Markdown path}."""
    files = _kept.get("files") if _kept.get("complete") else None
    # The home page's address is "./" to MkDocs: "" here, as the path under the root is.
    return {} if files is None else {f.url.removeprefix("./"): f.src_uri for f in files.documentation_pages()}


def render_page(src_uri: str, site_dir: str) -> str | None:
    """Render one page of the last (complete) build again from its Markdown file, with that build's
    configuration, files, navigation and theme, and write it under `site_dir`: the steps and plugin
    events of a page in `mkdocs build` (read, on_page_markdown, render, on_page_content, context,
    on_page_context, template, on_post_page), for one page, as `mkdocs serve --dirty` renders the pages
    that changed. Returns the HTML file written (relative to `site_dir`), or None when the page cannot
    be rendered alone: no complete build kept, no such page, or its title changed (the navigation and
    the neighbours' previous/next links of every other page show it)."""
    from mkdocs.commands.build import get_context

    if not _kept.get("complete"):
        return None
    config, files, nav, env = _kept["config"], _kept["files"], _kept["nav"], _kept["env"]
    file = files.get_file_from_path(src_uri)
    if file is None or file.page is None or not file.inclusion.is_included():
        return None
    page = file.page
    title = page.title
    config._current_page = page
    try:
        page = config.plugins.on_pre_page(page, config=config, files=files)
        page.read_source(config)
        page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
        page.render(config, files)
        page.content = config.plugins.on_page_content(page.content, page=page, config=config, files=files)
        if page.title != title:
            _kept["complete"] = False  # the page objects now hold the new title: only a full build is right
            return None
        page.active = True
        context = get_context(nav, files, config, page)
        template = env.get_template(page.meta.get("template", "main.html"))
        context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
        output = config.plugins.on_post_page(template.render(context), page=page, config=config)
    finally:
        page.active = False
        config._current_page = None
    target = Path(site_dir) / file.dest_uri
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(output.encode("utf-8", errors="xmlcharrefreplace"))
    return file.dest_uri


def supported() -> bool:
    import mkdocs

    return (getattr(mkdocs, "__version__", "") in TESTED_MKDOCS and hasattr(Theme, "get_env")
            and hasattr(Page, "render") and hasattr(Files, "add_files_from_theme"))


def install() -> bool:
    """Install the caches (in a preview worker). Returns whether they are installed."""
    global _installed
    if _installed or not supported():
        return _installed
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
            # Every file, not only the pages: a link to an image or a download is resolved against them.
            _build["key"] = (hash(tuple(sorted(f.src_uri for f in files))), _config_key(config))
            _previous.clear()
            _previous.update(_pages)
            _pages.clear()
        key = (self.file.src_uri, config["docs_dir"], self.markdown, _build["key"])
        cached = _pages.get(key) or _previous.get(key)
        if cached is not None:
            _pages[key] = cached
        if cached is None:
            captured = _Captured()
            logger = logging.getLogger("mkdocs")
            logger.addHandler(captured)
            try:
                original_render(self, config, files)
            finally:
                logger.removeHandler(captured)
            links = getattr(self, "links_to_anchors", None)
            # By path: the File objects are this build's, and their pages are this build's pages.
            links = None if links is None else {f.src_uri: dict(anchors) for f, anchors in links.items()}
            _pages[key] = (self.content, self.toc, self._title_from_render, self.present_anchor_ids, links,
                           tuple(captured.records))
            return
        _reused[0] += 1
        self.content, self.toc, self._title_from_render, self.present_anchor_ids, links, records = cached
        if links is not None:  # pointing at this build's files, so MkDocs checks them against this build's pages
            self.links_to_anchors = {target: dict(anchors) for target, anchors in
                                     ((files.get_file_from_path(uri), anchors) for uri, anchors in links.items())
                                     if target is not None}
        for record in records:
            logging.getLogger(record.name).handle(record)

    def add_files_from_theme(self, env, config):
        # The theme's files, found once per theme (Material's folder holds some 14,000 files, icons mostly:
        # listing and filtering them took half of a preview build's MkDocs run). What is found is as
        # MkDocs finds it (the same filter, the first theme folder holding each); only the walk is kept.
        dirs = tuple(config.theme.dirs)
        key = (dirs, tuple(config.theme.static_templates), _stamp(dirs[0]) if dirs else ())
        if key not in _theme_files:
            _theme_files.clear()
            found = Files([])
            original_add_files(found, env, config)
            _theme_files[key] = [(f.src_uri, f.src_dir) for f in found]
        for path, folder in _theme_files[key]:
            if self.get_file_from_path(path) is None:  # theme files do not override docs_dir files
                self.append(File(path, folder, config.site_dir, config.use_directory_urls))

    original_add_files = Files.add_files_from_theme
    Theme.get_env = get_env  # type: ignore[method-assign]  # the point of this module
    Page.render = render  # type: ignore[method-assign]
    Files.add_files_from_theme = add_files_from_theme  # type: ignore[method-assign]
    _cache_search_entries()
    return True


_theme_files: dict = {}  # (theme folders, static templates, stamps of the first) -> [(path, folder)]
