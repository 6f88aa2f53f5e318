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

After an edit of the content, the preview renders only the pages whose Markdown
changed, with the last build's MkDocs objects (`update_pages`), then the search
index (the other pages' entries kept per page), the sitemap and the warnings
(each kept with the page that logged it) of every page.

This replaces three methods of MkDocs' own classes and wraps three of its build
steps (to know which page logged what), which no public plugin event can do; it
is therefore a version-checked adapter: it installs only on the MkDocs
version it was written and tested against, and anything else gets the plain
(uncached, slower) preview. It is part of the MkDocs boundary (with site.py and
mkdocs_hooks.py): no other module knows it exists.
"""

from __future__ import annotations

import copy
import gzip
import hashlib
import io
import json
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, ParamSpec, Sequence, TypedDict, TypeVar, Unpack

from mkdocs.commands import build as build_module
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.theme import Theme

if TYPE_CHECKING:
    import jinja2
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.nav import Navigation

P = ParamSpec("P")
T = TypeVar("T")
# A page's conversion: (its Markdown path, docs folder, Markdown, the build's key).
PageKey = tuple[str, str, str | None, tuple[int, str]]
# What its conversion gave (content, toc, title, anchors, links to anchors by path, log records): MkDocs'
# own attributes, restored as they were.
Rendered = tuple[Any, ...]
# Material's search entries of a page, by what they are made of (Material is untyped).
SearchKey = tuple[str, str, str | None, str, str, str]
SearchEntries = list[Any]

_environments: dict[tuple[object, ...], jinja2.Environment] = {}
_pages: dict[PageKey, Rendered] = {}      # pages rendered by the current build
_previous: dict[PageKey, Rendered] = {}   # ... and by the one before it; older entries are dropped
_build: dict[str, Any] = {}  # "files": the current build's Files (held, so its id is never reused), "key": its pages
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
    _page_entries.clear()
    _log.clear()


_search_entries: dict[SearchKey, SearchEntries] = {}   # a page's search-index entries, by everything they are made of
_search_previous: dict[SearchKey, SearchEntries] = {}
_page_entries: dict[str, tuple[SearchKey, SearchEntries]] = {}  # each page's (key, entries) in the site's search index now, by its Markdown path
_search_kept = [False]       # whether _page_entries is kept (the tested Material only)
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

    def add_entry_from_context(self: Any, page: Page) -> None:
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
        _page_entries[page.file.src_uri] = (key, entries)

    SearchIndex.add_entry_from_context = add_entry_from_context
    _search_kept[0] = True


def reused() -> int:
    """How many pages of the last build were given back from the cache."""
    return _reused[0]


def _config_key(config: MkDocsConfig) -> str:
    """What a page's conversion depends on besides its Markdown and the files: the project's MkDocs
    configuration and the Markdown settings MkDocs ends up with (reportgen sets the heading links'
    title per language; a plugin may add extensions)."""
    settings = [_config_hash[0], config["markdown_extensions"], config["mdx_configs"],
                config["use_directory_urls"], config["validation"], config.get("site_url")]
    return hashlib.sha256(json.dumps(settings, sort_keys=True, default=repr).encode()).hexdigest()


class _Captured(logging.Handler):
    """The messages a page's conversion logs (links not found, ...), to log them again when it is reused."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _stamp(folder: str) -> tuple[tuple[str, int], ...]:
    root = Path(folder)
    return tuple(sorted((str(p), p.stat().st_mtime_ns) for p in root.rglob("*") if p.is_file()))


# The MkDocs versions whose Theme.get_env and Page.render this adapter was checked against.
TESTED_MKDOCS = ("1.6.1",)


# The last build's MkDocs objects (its configuration, files, navigation and theme environment), kept by
# the hooks (mkdocs_hooks: on_nav, on_env, on_post_build) in a preview worker, to render one page again.
class _Kept(TypedDict, total=False):
    config: MkDocsConfig
    files: Files
    nav: Navigation
    env: jinja2.Environment
    complete: bool


# (a plain dict: keep() adds to it and a new build clears it; what it holds is typed by _Kept)
_kept: dict[str, Any] = {}


def keep(**parts: Unpack[_Kept]) -> None:
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
    the neighbours' previous/next links of every other page show it). What it logs is not the build's:
    `update_pages`, which follows, renders the page again and logs for it."""
    if not _kept.get("complete"):
        return None
    page = _kept_page(src_uri)
    if page is None:
        return None
    _phase[0] = _ALONE
    try:
        if not _read_page(page):
            return None
        return _write_page(page, site_dir)
    finally:
        _phase[0] = None


def update_pages(src_uris: list[str], site_dir: str) -> tuple[list[str], list[str]] | None:
    """Bring the last build's site, now published under `site_dir`, up to date after the Markdown of
    `src_uris` changed and nothing else (the same pages, navigation, configuration and theme): render and
    write those pages with the kept MkDocs objects (every plugin event of a page, as `mkdocs build`), then
    what the build writes from every page: the search index (the other pages' entries as they were), the
    sitemap (every page's date is the build's, SOURCE_DATE_EPOCH), and the links to anchors of every page
    checked again. Returns (the files written, relative to `site_dir`; the build's warnings now, as a
    full build would log them), or None when only a full build is right: no complete build kept, a page
    not found, a title shown in the navigation changed, or a plugin, template or theme template this does
    not know (it could make something from every page)."""
    from mkdocs.commands.build import _build_template
    from mkdocs.utils import get_build_date, get_build_timestamp

    if not _kept.get("complete") or not _updatable():
        return None
    config, files, nav, env = _kept["config"], _kept["files"], _kept["nav"], _kept["env"]
    found = [_kept_page(uri) for uri in src_uris]
    pages = [page for page in found if page is not None]
    if len(pages) < len(found):
        return None
    changed = set(src_uris)
    # The warnings of the pages read again, and of every page's links to anchors, are logged again below.
    _log[:] = [(tag, message) for tag, message in _log
               if tag is None or (tag[0] == "page" and tag[1] not in changed)]
    for page in pages:
        if not _read_page(page):
            return None
    written = [_write_page(page, site_dir) for page in pages]
    doc_files = files.documentation_pages()
    for file in doc_files:
        file.page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
    search = _search_plugin(config)
    if search is not None and search.config.enabled:
        search.search_index.entries = [entry for file in doc_files
                                       for entry in copy.deepcopy(_page_entries.get(file.src_uri, (None, []))[1])]
        if _write(Path(site_dir, "search", "search_index.json"),
                  search.search_index.generate_search_index(None).encode("utf-8")):
            written.append("search/search_index.json")
    for file in doc_files:  # the date MkDocs gives every page is the build's (SOURCE_DATE_EPOCH)
        file.page.update_date = get_build_date()
    sitemap = _build_template("sitemap.xml", env.get_template("sitemap.xml"), files, config, nav)
    if _write(Path(site_dir, "sitemap.xml"), sitemap.encode("utf-8")):
        written.append("sitemap.xml")
        data = io.BytesIO()
        timestamp = get_build_timestamp(pages=[f.page for f in doc_files if f.page is not None])
        # As MkDocs writes it (the file name in the header is the .gz's, less ".gz").
        with gzip.GzipFile(fileobj=data, filename=str(Path(site_dir, "sitemap.xml.gz")), mode="wb",
                           mtime=timestamp) as gz:
            gz.write(sitemap.encode("utf-8"))
        if _write(Path(site_dir, "sitemap.xml.gz"), data.getvalue()):
            written.append("sitemap.xml.gz")
    _forget_replaced(doc_files)
    return [name for name in written if name is not None], [message for _, message in _log]


def _forget_replaced(doc_files: Sequence[File]) -> None:
    """Of this build's conversions and search entries, keep only the pages as they are now: a preview
    updated in place many times in a row would otherwise keep every version of every page it rendered
    (the one-page edition, the whole report, changes with every edit)."""
    now = {(file.src_uri, file.page.markdown) for file in doc_files if file.page is not None}
    for key in [key for key in _pages if (key[0], key[2]) not in now]:
        del _pages[key]
    keys = {key for key, _ in _page_entries.values()}
    for search_key in [key for key in _search_entries if key not in keys]:
        del _search_entries[search_key]


# The plugins whose work `update_pages` redoes: Material's search (its index: the tested version's, whose
# entries are kept per page) and reportgen's hooks (page by page). Any other plugin may make something from
# every page (a blog, tags, a feed): a full build.
_KNOWN_TEMPLATES = {"404.html", "sitemap.xml"}  # the theme's: the 404 page shows no page's text


def _updatable() -> bool:
    config = _kept["config"]
    hooks = Path(__file__).with_name("mkdocs_hooks.py").resolve()
    # A hook is a module in the plugins, by the path it was given as.
    plugins_known = all(plugin is _search_plugin(config) or Path(getattr(plugin, "__file__", None) or "").resolve() == hooks
                        for plugin in config.plugins.values())
    return plugins_known and not config.extra_templates and set(config.theme.static_templates) <= _KNOWN_TEMPLATES


def _search_plugin(config: MkDocsConfig) -> Any:
    """Material's search plugin, where its entries are kept per page (_page_entries), else None."""
    if not _search_kept[0]:
        return None
    from material.plugins.search.plugin import SearchPlugin

    return next((plugin for plugin in config.plugins.values() if type(plugin) is SearchPlugin), None)


def _kept_page(src_uri: str) -> Page | None:
    files: Files = _kept["files"]
    file = files.get_file_from_path(src_uri)
    if file is None or file.page is None or not file.inclusion.is_included():
        return None
    return file.page


def _read_page(page: Page) -> bool:
    """Read and convert a kept page again, as a build does (mkdocs' own step, its plugin events). False
    when its title changed and the navigation shows it (in every page): the kept objects hold the new
    title, so only a full build is right from now on."""
    from mkdocs.commands.build import _populate_page

    config, files, nav = _kept["config"], _kept["files"], _kept["nav"]
    title = page.title
    try:
        _populate_page(page, config, files)
    except BaseException:
        _kept["complete"] = False
        raise
    if page.title != title and any(shown is page for shown in nav.pages):
        _kept["complete"] = False
        return False
    return True


def _write_page(page: Page, site_dir: str) -> str:
    """A converted page through the theme into `site_dir` (mkdocs' _build_page, written under the served
    site: the kept files' destination is the build's staging folder, since renamed)."""
    from mkdocs.commands.build import get_context

    config, files, nav, env = _kept["config"], _kept["files"], _kept["nav"], _kept["env"]
    phase = _phase[0]
    if phase is not _ALONE:
        _phase[0] = ("page", page.file.src_uri)
    config._current_page = page
    try:
        page.active = True
        context = get_context(nav, files, config, page)
        template = env.get_template(page.meta.get("template", "main.html"))
        context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
        output = config.plugins.on_post_page(template.render(context), page=page, config=config)
    except BaseException:
        _kept["complete"] = False
        raise
    finally:
        page.active = False
        config._current_page = None
        _phase[0] = phase
    _write(Path(site_dir) / page.file.dest_uri, output.encode("utf-8", errors="xmlcharrefreplace"))
    return page.file.dest_uri


def _write(target: Path, data: bytes) -> bool:
    """Write a file of the served site unless it holds these bytes already, whole at once (the preview's
    server may be reading it: a new file renamed over the old one). Returns whether it was written."""
    if target.is_file() and target.read_bytes() == data:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    partial.write_bytes(data)
    os.replace(partial, target)
    return True


# The build's warnings, each with what logged it: ("page", its Markdown path) while a page is read,
# converted or written, ("anchors", its path) while its links to anchors are checked, None for the rest of
# the build (the navigation, the theme). `update_pages` replaces those of the pages it renders again.
_log: list[tuple[tuple[str, ...] | None, str]] = []
_phase: list[tuple[str, ...] | None] = [None]
_ALONE = ("alone",)  # a page rendered alone ahead of the update: not the build's warnings


class _Tagged(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)

    def emit(self, record: logging.LogRecord) -> None:
        if _phase[0] is not _ALONE:
            _log.append((_phase[0], record.getMessage()))


def _tag(function: Callable[P, T], kind: str, page_of: Callable[P, Page]) -> Callable[P, T]:
    """`function` with what it logs tagged (kind, the page's Markdown path)."""
    def tagged(*args: P.args, **kwargs: P.kwargs) -> T:
        outer = _phase[0]
        if outer is not _ALONE:
            _phase[0] = (kind, page_of(*args, **kwargs).file.src_uri)
        try:
            return function(*args, **kwargs)
        finally:
            _phase[0] = outer
    return tagged


def supported() -> bool:
    import mkdocs

    return (getattr(mkdocs, "__version__", "") in TESTED_MKDOCS and hasattr(Theme, "get_env")
            and hasattr(Page, "render") and hasattr(Files, "add_files_from_theme")
            and hasattr(Page, "validate_anchor_links")
            and all(hasattr(build_module, name) for name in ("_populate_page", "_build_page", "_build_template")))


def install() -> bool:
    """Install the caches (in a preview worker). Returns whether they are installed."""
    global _installed
    if _installed or not supported():
        return _installed
    _installed = True
    original_env = Theme.get_env
    original_render = Page.render

    def get_env(self: Theme) -> jinja2.Environment:
        # Only the first folder (reportgen's theme overrides) can change during a preview.
        key = (tuple(self.dirs), str(self.locale), _stamp(self.dirs[0]) if self.dirs else ())
        if key not in _environments:
            _environments.clear()
            _environments[key] = original_env(self)
        return _environments[key]

    def render(self: Page, config: MkDocsConfig, files: Files) -> None:
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

    def add_files_from_theme(self: Files, env: jinja2.Environment, config: MkDocsConfig) -> None:
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
    # What each page logs, tagged with the page (update_pages replaces the warnings of the pages it renders).
    build_module._populate_page = _tag(build_module._populate_page, "page", lambda page, *a, **k: page)
    build_module._build_page = _tag(build_module._build_page, "page", lambda page, *a, **k: page)
    Page.validate_anchor_links = _tag(Page.validate_anchor_links, "anchors",  # type: ignore[method-assign]
                                      lambda self, *a, **k: self)
    logging.getLogger("mkdocs").addHandler(_Tagged())
    Theme.get_env = get_env  # type: ignore[method-assign]  # the point of this module
    Page.render = render  # type: ignore[method-assign]
    Files.add_files_from_theme = add_files_from_theme  # type: ignore[method-assign]
    _cache_search_entries()
    return True


_theme_files: dict[tuple[object, ...], list[tuple[str, str | None]]] = {}  # (theme folders, static templates, stamps of the first) -> [(path, folder)]
