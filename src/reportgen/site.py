"""Hand the rendered pages to MkDocs: one build per language, swapped in atomically.

Why one MkDocs build per language (not mkdocs-static-i18n): static-i18n writes
a single search index holding every language; separate builds give each
language its own index, its own 404 page and the right `<html lang>`.
The report's original language is built at the site root, each other language
under `xx/`; page paths are the same in all, so the language switch can land
on the same page. This module is the only one that knows MkDocs.
"""

from __future__ import annotations

import atexit
import concurrent.futures
import contextlib
import copy
import ctypes
import dataclasses
import gc
import html
import json
import logging
import multiprocessing
import os
import re
import shutil
import signal
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any, Callable, Iterator, Mapping
from urllib.parse import urlsplit

import yaml

from .errors import BuildError, Problem
from .render.pages import NavEntry
from .render.text import css_string
from .render.writer import theme_text
from .output import new_staging, swap_into_place, write_marker

# An MkDocs configuration, as its YAML file holds it.
MkDocsYaml = dict[str, Any]
# One language's MkDocs run: (language, configuration, where it is written, its hash for the preview's cache).
MkDocsJob = tuple[str, MkDocsYaml, Path, str]
# What a run gives: (language, warnings, seconds, pages the preview's cache gave back, page addresses).
MkDocsRun = tuple[str, list[str], float, int | None, dict[str, str] | None]

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's end-of-life banner on every build


@dataclass
class LanguageBuild:
    lang: str
    pages: dict[str, str]       # page path -> Markdown
    nav: list[NavEntry]
    site_name: str
    banner: str = ""            # review edition: the draft banner on every page
    prefix: str = ""            # "" for the original language (site root), "fr/" for the others
    languages: list[tuple[str, str, str]] = field(default_factory=list)  # (code, name, prefix) of every language
    print_texts: dict[str, str] = field(default_factory=dict)  # printed pages' margins (see main.html)
    theme_texts: dict[str, str] = field(default_factory=dict)  # the theme's own words (i18n `theme:`)
    # Review edition: the comment panel's settings (texts, evaluation, round) and its script and
    # style, written into the docs folder so that a public site never carries them.
    comment_panel: dict[str, object] | None = None
    assets: dict[str, str] = field(default_factory=dict)  # docs-folder path -> text (not pages)
    media: dict[str, bytes] = field(default_factory=dict)  # docs-folder path -> the content's images its texts show
    site_url: str = ""          # reportgen.yml's: canonical links, absolute hreflang alternates, the sitemap
    footer: dict[str, str] = field(default_factory=dict)  # publisher and date, recommended citation (copyright.html)


@dataclass
class PreviewLanguage:
    """What the live preview needs to render one page of a language again, as the last build did."""
    build: LanguageBuild            # the language as built: its Markdown pages, navigation, texts
    docs_dir: Path                  # where its Markdown is
    urls: dict[str, str]            # each page's address under the language's root -> its Markdown path


@dataclass
class BuildResult:
    out: Path
    staging: Path  # where the site is built before it is published
    warnings: list[str] = field(default_factory=list)  # the build's own (MkDocs, a skipped PDF)
    timings: dict[str, float] = field(default_factory=dict)
    pages: dict[str, int] = field(default_factory=dict)
    downloads: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)  # the content's warnings and notes
    reused: dict[str, int] = field(default_factory=dict)  # preview: pages whose conversion was reused, per language
    languages: dict[str, PreviewLanguage] = field(default_factory=dict)  # preview: per language (render_page_now)


def write_docs(docs_dir: Path, pages: Mapping[str, str | bytes]) -> int:
    """Write pages that changed, delete pages that are gone. Returns files written.

    Rewriting only what changed keeps file times stable, which MkDocs' live
    reload relies on (rewriting everything can loop).
    """
    docs_dir.mkdir(parents=True, exist_ok=True)
    written = 0
    for path, text in pages.items():
        target = docs_dir / path
        data = text.encode("utf-8") if isinstance(text, str) else text
        if target.is_file() and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written += 1
    expected = {docs_dir / p for p in pages}
    for existing in sorted(docs_dir.rglob("*"), reverse=True):
        if existing.is_file() and existing not in expected:
            existing.unlink()
        elif existing.is_dir() and not any(existing.iterdir()):
            existing.rmdir()
    return written


# lunr's own English pipeline keeps digits (R3, PE7); for every other language reportgen
# replaces lunr-languages' support with accent folding only (templates/search-fold.js.tmpl).
LUNR_NATIVE = ("en",)


def search_files(lang: str, search_script: str) -> dict[str, str]:
    """Material's search worker loads assets/javascripts/lunr/min/lunr.LANG.min.js: ours, from the docs folder."""
    if lang in LUNR_NATIVE or not search_script:
        return {}
    return {f"assets/javascripts/lunr/min/lunr.{lang}.min.js": search_script.replace("LANG", lang)}


def mkdocs_config(base_config: Path, build: LanguageBuild, docs_dir: Path, site_dir: Path,
                  theme_dir: Path, extra_js: list[str]) -> MkDocsYaml:
    config: MkDocsYaml = yaml.safe_load(base_config.read_text(encoding="utf-8")) or {}
    config = copy.deepcopy(config)
    # The theme (Material's Jinja templates) prints these values as HTML, unescaped: every text
    # handed to it is escaped here, once (build.site_name, the nav, the banner, the language
    # names and the theme's words are plain text until this point).
    config["site_name"] = theme_text(build.site_name)
    config["docs_dir"] = str(docs_dir)
    if build.site_url:  # the project's address wins over the base configuration's (checked: a web address)
        config["site_url"] = build.site_url.rstrip("/") + "/"
    config["site_dir"] = str(site_dir)
    config["nav"] = _theme_nav(build.nav)
    # The one-page edition and the explorer's filter pages are linked from pages, not listed in the nav.
    config["not_in_nav"] = "/print.md\n/explorer/\n"
    theme = config.setdefault("theme", {"name": "material"})
    theme["language"] = build.lang
    theme["custom_dir"] = str(theme_dir)
    extra = config.setdefault("extra", {})
    if len(build.languages) > 1:  # a one-language report has no switch
        extra["alternate"] = [{"name": theme_text(name), "lang": lang, "link": _alternate_link(build.prefix, prefix), "root": prefix}
                              for lang, name, prefix in build.languages]
        if config.get("site_url"):  # search engines want absolute hreflang addresses (main.html)
            for alt in extra["alternate"]:
                alt["absolute"] = config["site_url"].rstrip("/") + "/" + alt["root"]
    extra["reportgen_theme"] = {key: theme_text(text) for key, text in build.theme_texts.items()}
    _set_extension_option(config, "toc", "permalink_title", build.theme_texts.get("permalink"))
    _set_extension_option(config, "footnotes", "BACKLINK_TITLE", build.theme_texts.get("footnote_backlink"))
    if build.theme_texts.get("description"):  # the pages' meta description where a page has none of its own
        config["site_description"] = theme_text(build.theme_texts["description"])  # printed raw
    extra["reportgen_lang"] = build.lang
    extra["reportgen_footer"] = build.footer  # escaped by copyright.html
    extra["reportgen_banner"] = theme_text(build.banner)
    if build.comment_panel:
        extra["reportgen_comments"] = build.comment_panel
        config["extra_css"] = list(config.get("extra_css", [])) + [a for a in build.assets if a.endswith(".css")]
        extra_js = extra_js + [a for a in build.assets if a.endswith(".js")]
    # Quoted and escaped here: main.html places them in a <style> element as they are.
    extra["reportgen_print"] = {name: css_string(text) for name, text in build.print_texts.items() if text}
    if config.get("site_url") and build.prefix:
        config["site_url"] = config["site_url"].rstrip("/") + "/" + build.prefix
    plugins = config.setdefault("plugins", [])
    for index, plugin in enumerate(plugins):
        if plugin == "search" or (isinstance(plugin, dict) and "search" in plugin):
            options = dict(plugin["search"] or {}) if isinstance(plugin, dict) else {}
            options["lang"] = build.lang
            plugins[index] = {"search": options}
    config["extra_javascript"] = list(config.get("extra_javascript", [])) + extra_js
    config["hooks"] = list(config.get("hooks", [])) + [str(Path(__file__).with_name("mkdocs_hooks.py"))]
    _linear_abbr(config)
    return config


_ABBR = ("abbr", "markdown.extensions.abbr")


def _linear_abbr(config: MkDocsYaml) -> None:
    """Python-Markdown's `abbr` (every page has the glossary's acronyms) as reportgen.markdown_abbr, with the
    same options: the extension's own is quadratic in a page's blocks (2,000 recommendations on one page)."""
    extensions = config.get("markdown_extensions") or []
    for index, extension in enumerate(extensions):
        if extension in _ABBR:
            extensions[index] = "reportgen.markdown_abbr"
        elif isinstance(extension, dict) and len(extension) == 1 and next(iter(extension)) in _ABBR:
            extensions[index] = {"reportgen.markdown_abbr": next(iter(extension.values()))}


def _theme_nav(entries: object) -> object:
    """The navigation with its titles escaped (the theme prints them as HTML); paths stay."""
    if isinstance(entries, list):
        return [_theme_nav(entry) for entry in entries]
    if isinstance(entries, dict):
        return {theme_text(title): _theme_nav(target) for title, target in entries.items()}
    return entries


def _set_extension_option(config: MkDocsYaml, name: str, option: str, value: str | None) -> None:
    """An option of a Markdown extension in the page's language: the heading links' tooltip ("Permanent
    link"), the footnotes' back-links ("Jump back to footnote {} in the text")."""
    if not value:
        return
    extensions = config.setdefault("markdown_extensions", [])
    for index, extension in enumerate(extensions):
        if extension == name or (isinstance(extension, dict) and name in extension):
            options = dict(extension[name] or {}) if isinstance(extension, dict) else {}
            options[option] = value
            extensions[index] = {name: options}


def _alternate_link(current_prefix: str, target_prefix: str) -> str:
    """Path from this language's root to another language's root ('' = same)."""
    if current_prefix == target_prefix:
        return ""
    return ("../" if current_prefix else "") + target_prefix


class _WarningCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def run_mkdocs(config: MkDocsYaml, config_path: Path) -> list[str]:
    """Build one language with MkDocs; return its warnings."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    config_path.parent.mkdir(parents=True, exist_ok=True)
    config_path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    collector = _WarningCollector()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collector)
    try:
        cfg = load_config(config_file=str(config_path))
        build(cfg)
    except (MkDocsException, SystemExit) as exc:  # mkdocs' Abort is a SystemExit
        details = "; ".join(collector.messages[-5:]) or str(exc)
        raise BuildError(f"MkDocs could not build the {config.get('theme', {}).get('language', '')} site "
                         f"({config_path.name}): {details}") from None
    finally:
        logger.removeHandler(collector)
    return collector.messages


def build_site(builds: list[LanguageBuild], base_config: Path, work_dir: Path, out: Path, theme_dir: Path,
               extra_js: list[str] | None = None, parallel: bool = True, preview: bool = False,
               epoch: int = 0, search_script: str = "", config_hash: str = "",
               under_way: Callable[[], object] | None = None) -> BuildResult:
    """Build every language into a new staging folder beside `out` (`result.staging`).

    The languages are independent MkDocs builds, so they run in parallel
    (one process each, forked) when the machine has more than one core. The
    caller adds what it makes from the built pages (downloads), then calls
    `publish` (or `discard` when anything failed). `config_hash`: the MkDocs configuration's (the
    preview's page cache is keyed on it). `under_way`: called once the MkDocs builds have started
    (their processes forked), to start work that waits for them (the PDFs' browser) meanwhile.
    """
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = new_staging(out)  # unique per build: a killed build's folder is removed by the next one
    result = BuildResult(out, staging=staging)
    jobs: list[MkDocsJob] = []
    for build in builds:
        docs_dir = work_dir / "docs" / build.lang
        write_docs(docs_dir, {**build.pages, **build.assets, **search_files(build.lang, search_script), **build.media})
        # The default language is built at the root: its MkDocs run must not clean the others away.
        site_dir = staging / (build.prefix or "_root")
        config = mkdocs_config(base_config, build, docs_dir, site_dir, theme_dir, extra_js or [])
        jobs.append((build.lang, config, work_dir / f"mkdocs.{build.lang}.yml", config_hash))
        result.pages[build.lang] = len(build.pages)
    docs_dirs = {build.lang: work_dir / "docs" / build.lang for build in builds}
    try:
        for lang, warnings, seconds, reused, urls in _run_jobs(jobs, epoch, parallel, preview, under_way):
            result.warnings += [f"[{lang}] {w}" for w in warnings]
            result.timings[f"mkdocs_{lang}"] = seconds
            if reused is not None:
                result.reused[lang] = reused
            if urls is not None:
                build = next(b for b in builds if b.lang == lang)
                result.languages[lang] = PreviewLanguage(build, docs_dirs[lang], urls)
        root = staging / "_root"
        for child in root.iterdir():
            child.rename(staging / child.name)
        root.rmdir()
        top_level = sorted(child.name for child in staging.iterdir())
        for build, job in zip(builds, jobs):
            relative_404(staging / build.prefix / "404.html", build.prefix, job[1].get("site_url") or "",
                         top_level, {code: prefix for code, _, prefix in build.languages} or {build.lang: build.prefix})
    except BaseException:
        discard(result)
        raise
    return result


def publish(result: BuildResult) -> None:
    """Put the complete staged site in place of the previous one (two renames: never half a site)."""
    write_marker(result.staging)
    swap_into_place(result.staging, result.out)


def discard(result: BuildResult) -> None:
    """A failed build leaves nothing behind, and the previous site as it was."""
    shutil.rmtree(result.staging, ignore_errors=True)


# The 404 page is served at any missing address, at any depth, and a site may be published in any folder
# (an intranet share, a project page, an evaluation inside the portal): no relative link written into it
# can be right everywhere. Its links are written relative to the site's root, and this script, first in
# the page, finds that root in the address (the first part of the path that names a top-level folder or
# file of the site) and makes it the page's <base>. Hosts that serve one root 404.html for every miss
# then send a reader to the 404 page of the language the address (or else the browser) asks for.
_ROOT_404_SCRIPT = """<script>(function(){var known=%(known)s,langs=%(langs)s,own=%(own)s,fixed=%(fixed)s,\
p=location.pathname,root=null,parts=p.split("/"),last=parts[parts.length-1]?parts.length:parts.length-1;\
if(fixed&&p.indexOf(fixed)===0)root=fixed;for(var i=1;root===null&&i<last;i++){\
if(known.indexOf(decodeURIComponent(parts[i]))>=0)root=parts.slice(0,i).join("/")+"/"}\
if(root===null)root=parts.slice(0,Math.max(1,last-1)).join("/")+"/";\
var first=p.slice(root.length).split("/")[0]+"/",want=langs.indexOf(first)>=0&&first!=="/"?first:null;\
if(own===""&&want===null&&!/\\/404\\.html$/.test(p)){var nav=navigator.languages||[navigator.language||""];\
for(var j=0;want===null&&j<nav.length;j++){var code=String(nav[j]).slice(0,2).toLowerCase();\
if(code===%(original)s)want="";else if(langs.indexOf(code+"/")>=0)want=code+"/"}}\
if(own===""&&want){location.replace(root+want+"404.html");return}\
var b=document.querySelector("base")||document.head.appendChild(document.createElement("base"));b.href=root})();\
</script>"""


def relative_404(page: Path, prefix: str, site_url: str, top_level: list[str], languages: dict[str, str]) -> None:
    """Make one language's built 404 page work wherever the site is published (see _ROOT_404_SCRIPT).

    MkDocs links the 404 page from its build's root address: "/" without a site_url, the site_url's
    path with one. Each such link becomes relative to the site's root (`prefix` + the rest); the
    language switch's links (alternate.html) already are. `languages`: each language's prefix ("" for
    the original, "en/"), `top_level`: the names at the site's root.
    """
    if not page.is_file():
        return
    base = urlsplit(site_url).path if site_url else "/"
    base = base if base.endswith("/") else base + "/"
    html = page.read_text(encoding="utf-8")

    def local(match: re.Match[str]) -> str:
        return f'{match.group(1)}="{(prefix + match.group(2)) or "./"}"'

    html = re.sub(rf'\b(href|src)="{re.escape(base)}(?!/)([^"]*)"', local, html)
    html = html.replace(f'new URL("{base}",location)', f'new URL("{prefix or "./"}",document.baseURI)')
    # Material reads its root (search index, scope of stored settings) from this element's "base".
    html = re.sub(r'(<script id="__config" type="application/json">.*?</script>)',
                  lambda m: m.group(1) + '<script>(function(c){var j=JSON.parse(c.textContent);j.base=document.baseURI'
                  f'+{json.dumps(prefix)};c.textContent=JSON.stringify(j)}})(document.getElementById("__config"))'
                  '</script>', html, count=1, flags=re.DOTALL)
    root = base[:len(base) - len(prefix)] if prefix and base.endswith("/" + prefix) else base
    script = _ROOT_404_SCRIPT % {
        "known": json.dumps(top_level), "langs": json.dumps([p for p in languages.values() if p]),
        "own": json.dumps(prefix), "fixed": json.dumps(root if site_url else ""),
        "original": json.dumps(next((code for code, p in languages.items() if not p), ""))}
    # The root this page has at its own address, in the markup: the browser's preload scanner, which fetches
    # the styles and scripts before any script runs, takes it (the script then sets the root it finds).
    own_base = f'<base href="{"../" * prefix.count("/") or "./"}">'
    html = html.replace('<meta charset="utf-8">', '<meta charset="utf-8">' + own_base + script, 1)
    page.write_text(html, encoding="utf-8")


def _timed_mkdocs(job: MkDocsJob) -> MkDocsRun:
    """(language, warnings, seconds, pages whose conversion the preview's cache gave back or None,
    the preview's page addresses {address: Markdown path} or None)."""
    lang, config, config_path, config_hash = job
    start = time.perf_counter()
    cache = _preview_cache()
    if cache is not None:
        cache.begin_build(config_hash)
    warnings = run_mkdocs(config, config_path)
    if cache is None:
        return lang, warnings, time.perf_counter() - start, None, None
    return lang, warnings, time.perf_counter() - start, cache.reused(), cache.page_urls()


def render_page_now(language: PreviewLanguage, path: str, markdown: str, site_dir: Path, epoch: int) -> str | None:
    """The live preview: one page of a language the preview built, rendered again from new Markdown by
    that language's worker (its MkDocs configuration, files, navigation and theme kept from the last
    build: see render_cache.render_page) and written into the served site at once.

    Returns the HTML file written, relative to `site_dir`'s parent (the served site), or None when this
    page cannot be rendered alone (the page's title changed, which other pages show; no warm worker):
    the full build that follows makes it."""
    pool = _PREVIEW_POOLS.get(language.build.lang)
    if pool is None or path not in language.build.pages:
        return None
    write_docs_page(language.docs_dir, path, markdown)
    written = pool.submit(_render_kept_page, path, str(site_dir / language.build.prefix), epoch).result()
    return None if written is None else language.build.prefix + written


@dataclass
class SiteUpdate:
    """The preview brought up to date in place (`update_site`)."""
    written: list[str]                      # files written, relative to the served site
    warnings: list[str]                     # the MkDocs warnings of every language now ("[lang] ...")
    languages: dict[str, PreviewLanguage]   # every language as it is now
    pages: dict[str, int]                   # pages rendered again, per language


def same_frame(last: LanguageBuild, now: LanguageBuild) -> bool:
    """The same language build but for its pages' texts (navigation, names, texts, assets)."""
    return dataclasses.replace(last, pages={}) == dataclasses.replace(now, pages={})


def pages_to_update(last: LanguageBuild, now: LanguageBuild) -> list[str] | None:
    """The pages whose Markdown changed, when nothing else did (the same pages, navigation, names, texts
    and assets: what every page is made of besides its own text); None otherwise."""
    if not same_frame(last, now) or sorted(last.pages) != sorted(now.pages):
        return None
    return [path for path, markdown in now.pages.items() if markdown != last.pages[path]]


def update_site(languages: dict[str, PreviewLanguage], builds: list[LanguageBuild], out: Path,
                epoch: int) -> SiteUpdate | None:
    """The live preview after an edit of the content: bring the served site `out` up to date in place, with
    the MkDocs objects each language's worker kept from the last build (render_cache.update_pages): only
    the pages whose Markdown changed are rendered and written, then each language's search index and
    sitemap. None, with nothing written, when anything but the pages' texts changed (a full build is
    needed); None, after writing some languages, when a worker finds it cannot (a title in the navigation
    changed): the full build that follows then replaces the whole site."""
    if sorted(languages) != sorted(build.lang for build in builds):
        return None
    plans = {}
    for build in builds:
        last = languages[build.lang]
        paths = pages_to_update(last.build, build)
        if paths is None or build.lang not in _PREVIEW_POOLS:
            return None
        plans[build.lang] = paths
    futures = {}
    for build in builds:
        last = languages[build.lang]
        for path in plans[build.lang]:
            write_docs_page(last.docs_dir, path, build.pages[path])
        futures[build.lang] = _PREVIEW_POOLS[build.lang].submit(
            _update_kept_pages, plans[build.lang], str(out / build.prefix), epoch)
    results = {lang: future.result() for lang, future in futures.items()}  # every worker finishes first
    done = {lang: result for lang, result in results.items() if result is not None}
    if len(done) < len(results):
        return None
    update = SiteUpdate([], [], {}, {})
    for build in builds:
        written, warnings = done[build.lang]
        last = languages[build.lang]
        update.written += [build.prefix + name for name in written]
        update.warnings += [f"[{build.lang}] {w}" for w in warnings]
        update.languages[build.lang] = PreviewLanguage(build, last.docs_dir, last.urls)
        update.pages[build.lang] = len(plans[build.lang])
    return update


def _update_kept_pages(paths: list[str], site_dir: str, epoch: int) -> tuple[list[str], list[str]] | None:
    """In a preview worker: render_cache.update_pages, at the content's date."""
    cache = _preview_cache()
    if cache is None:
        return None
    with _mkdocs_epoch(epoch):
        updated: tuple[list[str], list[str]] | None = cache.update_pages(paths, site_dir)
        return updated


def write_docs_page(docs_dir: Path, path: str, text: str) -> None:
    """One page of a docs folder (the rest as it is; `write_docs` writes them all)."""
    target = docs_dir / path
    data = text.encode("utf-8")
    if not (target.is_file() and target.read_bytes() == data):
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def _render_kept_page(path: str, site_dir: str, epoch: int) -> str | None:
    """In a preview worker: render one page with the last build's MkDocs objects (render_cache)."""
    cache = _preview_cache()
    if cache is None:
        return None
    with _mkdocs_epoch(epoch):
        written: str | None = cache.render_page(path, site_dir)
        return written


# MkDocs takes the sitemap's date from SOURCE_DATE_EPOCH (its interface for reproducible builds): the
# one environment variable reportgen writes, only in the process about to run MkDocs. A build's own
# workers get it in their initialiser; a run in this process (or in the preview's long-lived workers,
# which serve builds of different dates) sets it for that run and puts the caller's value back.
@contextlib.contextmanager
def _mkdocs_epoch(epoch: int) -> Iterator[None]:
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


def _timed_mkdocs_at(job: MkDocsJob, epoch: int) -> MkDocsRun:
    with _mkdocs_epoch(epoch):
        return _timed_mkdocs(job)


def _build_worker(epoch: int) -> None:
    """Initializer of a build's MkDocs workers (forked, ended with the build)."""
    _die_with_parent()
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)


# The preview's build workers, one per language: a language is always built by the same worker, which
# keeps that language's pages (render_cache). A shared pool handed a language to whichever worker was free,
# which then had nothing of it to reuse (and a stale-cache bug could hide behind the misses).
_PREVIEW_POOLS: dict[str, concurrent.futures.ProcessPoolExecutor] = {}


def _die_with_parent() -> None:
    """Worker initializer: the kernel kills this worker when the build (or serve) process dies.

    Without it a killed `reportgen build` (SIGKILL, or a crash) leaves its MkDocs workers
    running. Linux only (prctl PR_SET_PDEATHSIG); elsewhere the workers end when their
    pipe to the parent closes.
    """
    # Ctrl-C reaches the whole process group: the parent reports it, the workers stay quiet;
    # the parent stops them with SIGTERM, which must not run the parent's handler (inherited by fork).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() == 1:  # the parent died before prctl took effect
        os._exit(1)


_PR_SET_PDEATHSIG = 1


def _install_preview_cache() -> None:
    global _CACHE_INSTALLED
    from .render_cache import install

    _die_with_parent()
    _CACHE_INSTALLED = install()


_CACHE_INSTALLED = False


def _preview_cache() -> ModuleType | None:
    """The page cache (render_cache) in a preview worker whose MkDocs has it installed, else None."""
    if not _CACHE_INSTALLED:
        return None
    from . import render_cache

    return render_cache


def stop_preview_workers() -> None:
    """End the preview's build workers (at exit, while the interpreter is whole: a pool left to the
    garbage collector at shutdown made its manager thread fail, "Exception ignored … 'NoneType' object
    has no attribute 'util'"). A program that forked them while holding pipes to other processes (a
    test session's browser driver) calls it before closing those: the forked workers hold the pipes too."""
    while _PREVIEW_POOLS:
        _PREVIEW_POOLS.popitem()[1].shutdown(wait=True, cancel_futures=True)


def _run_jobs(jobs: list[MkDocsJob], epoch: int, parallel: bool, preview: bool = False,
              under_way: Callable[[], object] | None = None) -> list[MkDocsRun]:
    """Run the language builds: in parallel processes, which live on between builds in a preview.
    `under_way`: called once they have started (after the fork: its threads are not copied into them)."""
    under_way = under_way or (lambda: None)
    workers = min(len(jobs), os.cpu_count() or 1)
    if preview:
        if not _PREVIEW_POOLS:
            atexit.register(stop_preview_workers)
        futures = []
        for job in jobs:
            if job[0] not in _PREVIEW_POOLS:
                _PREVIEW_POOLS[job[0]] = concurrent.futures.ProcessPoolExecutor(
                    max_workers=1, mp_context=multiprocessing.get_context("fork"), initializer=_install_preview_cache)
            futures.append(_PREVIEW_POOLS[job[0]].submit(_timed_mkdocs_at, job, epoch))
        under_way()
        return [future.result() for future in futures]
    if not parallel or workers < 2:
        under_way()
        return [_timed_mkdocs_at(job, epoch) for job in jobs]
    # multiprocessing's Pool, not an executor: leaving the block (Ctrl-C, SIGTERM, an error) terminates
    # the workers at once instead of waiting for their builds. Forked from a frozen heap: see frozen_heap.
    with frozen_heap(), multiprocessing.get_context("fork").Pool(
            workers, initializer=_build_worker, initargs=(epoch,)) as pool:
        runs = pool.map_async(_timed_mkdocs, jobs)
        under_way()
        return runs.get()


@contextlib.contextmanager
def frozen_heap() -> Iterator[None]:
    """Every object alive now left out of the garbage collector's passes until the block ends.

    The content, its graph and the rendered pages live as long as a build: each full collection walked all
    of them again, and there are more full collections the more a build allocates, so the collector's time
    grew faster than the items (CPU, in one process: 2.7, 4.2 and 8.0 s at 500, 1,000 and 2,000
    recommendations with 5,000 findings; docs/pages/benchmarks.md#scale). A build's MkDocs workers forked
    inside the block inherit the frozen objects as frozen, so their collections skip the parent's heap too
    (and do not write to its pages, which fork shares until written). At the end the objects are the
    collector's again: nothing is kept longer than without the block (the live preview builds many times).
    Blocks nest: an inner one freezes what was made since the outer one began; the outermost unfreezes."""
    gc.freeze()
    _FROZEN[0] += 1
    try:
        yield
    finally:
        _FROZEN[0] -= 1
        if not _FROZEN[0]:
            gc.unfreeze()


_FROZEN = [0]  # open frozen_heap blocks in this process

