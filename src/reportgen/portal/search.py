"""The portal's search: one Pagefind index per portal language, with the facets as filters.

Every evaluation (its title, cover data and summary) and every recommendation, lesson
learned and good practice becomes one small record page, written to a scratch folder
and indexed in one `add_directory` call (the Python API answers one request per 0.1 s,
so record-by-record calls took 100 ms each). An evaluation's conclusions share one
record, a heading with an ID per conclusion (Pagefind's sub-results lead to each):
every record costs bytes in the metadata file that every query loads, and the
conclusions were 21 of an evaluation's 37 records. The record's `target` meta is the
item's place in its evaluation's site; the search page sends readers there. The record
starts with the evaluation's code and the item's ID, so `R4` is findable with the
code. An evaluation lacking a portal language is indexed there in its own language.
Pagefind (1.5+) folds diacritics: `evaluacion` finds `evaluación`.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from typing import Callable, TypeAlias
from pathlib import Path

from markupsafe import escape

from ..content.markdown import plain_text
from ..errors import BuildError
from ..i18n import Catalogs, Strings
from .config import PortalConfig
from .incremental import Reuse, write_whole
from . import pagefind_merge
from .search_merge import UNREADABLE_EXIT, Merge, UnreadableParts  # noqa: F401 (UNREADABLE_EXIT: used by callers)
from .pagefind_order import order_bundle
from .records import ITEM_KINDS, fold, EvaluationRecord, FacetValue, ItemRecord, Library

BUNDLE = "pagefind"
SCRATCH = ".search-records"
TITLE_WORDS = 12
# The search page's filters. A query loads a filter's file only when the reader chooses that filter
# (the search page uses Pagefind's API, not its default interface, which loads every filter file).
SEARCH_FILTERS = ("year", "country", "language")
VOCABULARY_FACETS = ("priority", "response", "follow_up")  # values the portal's interface texts name
SEARCH_KINDS = ("evaluation", *ITEM_KINDS)
GROUPED_KINDS = ("conclusion",)  # one record per evaluation, a sub-result per item


@dataclass(frozen=True)
class SearchFilter:
    key: str       # in the search page's URL (?year=2024)
    name: str      # Pagefind's filter name, in the reader's language
    values: tuple[tuple[str, str], ...]  # ((key, label), …): label is the value Pagefind indexed


def search_filters(library: Library, lang: str, s: Strings) -> list[SearchFilter]:
    """The filters of one language's search page, with the values that occur in the library."""
    found = [SearchFilter(facet, s["facets"][facet], _sorted_options(facet, tuple(
                (v.key, facet_label(facet, v, lang, s)) for v in library.facet_values(library.evaluations, facet))))
             for facet in SEARCH_FILTERS]
    kinds = [k for k in SEARCH_KINDS if k == "evaluation" or library.of_kind(k)]
    found.append(SearchFilter("kind", s["search_filters"]["kind"], tuple((k, kind_label(k, s)) for k in kinds)))
    return [f for f in found if f.values]


def _sorted_options(facet: str, options: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """Options in the order a reader looks for them: years newest first, the others by their label."""
    return options if facet == "year" else tuple(sorted(options, key=lambda option: fold(option[1])))


def facet_label(facet: str, value: FacetValue, lang: str, s: Strings) -> str:
    """A facet value in the portal's language `lang`: the portal's own word for the values it knows
    (priorities, responses), else the evaluation's label (its original language's where it lacks `lang`)."""
    if facet == "language":
        name: str = s["language_names"].get(value.key, value.key)
        return name
    if facet in VOCABULARY_FACETS:
        word: str = s["values"][facet].get(value.key) or value.label(lang)
        return word
    return value.label(lang)


def kind_label(kind: str, s: Strings) -> str:
    label: str = s["evaluation_kind"] if kind == "evaluation" else s["kinds"][kind]
    return label


def write_search_index(library: Library, config: PortalConfig, site: Path, reuse: Reuse | None = None) -> int:
    """Index every evaluation and item in every portal language; returns the number of records.

    With `reuse`, the previous output's bundle is taken when every record page is the same (Pagefind
    cannot update an index: one changed record re-indexes all of them)."""
    indexing = start_search_index(library, config, site, reuse)
    indexing.join()
    indexing.finish()
    return indexing.count


class Indexing:
    """Pagefind indexing the record pages in a thread of its own (its work is done by its own process,
    so the portal's pages are rendered meanwhile, on another core); `join` waits for it, always, and
    `finish` raises what went wrong or puts the bundle in its one order. With `merge`, Pagefind indexes
    only the record pages of the parts missing from the cache (in `output`, inside the cache), and
    `finish` splits them into parts and writes the portal's bundle from every part (pagefind_merge)."""

    def __init__(self, count: int, scratch: Path | None = None, output: Path | None = None,
                 merge: "Merge | None" = None, split: "Merge | None" = None,
                 pages_of: "Callable[[set[Where]], RecordPages] | None" = None, site: Path | None = None) -> None:
        self.count, self.scratch, self.output, self.merge, self.split = count, scratch, output, merge, split
        self.pages_of, self.site = pages_of, site  # with `merge`: the record pages of parts, to index them again
        self.splitting: subprocess.Popen[bytes] | None = None  # split_later's process (tests wait for it)
        self.failure: list[BaseException] = []
        self.warnings: list[str] = []  # cached parts that could not be read, dropped and made again
        self.thread: threading.Thread | None = None
        if (scratch is not None and output is not None) or merge is not None:
            self.thread = threading.Thread(target=self._run, args=(scratch, output), daemon=True)
            self.thread.start()

    def _run(self, scratch: Path | None, output: Path | None) -> None:
        try:
            if scratch is not None and output is not None:
                asyncio.run(_index(scratch, output))
            if self.merge is not None:  # in a process of its own: on the other core, beside the pages
                try:
                    self.merge.run(output)
                except UnreadableParts as exc:
                    self._index_again(exc.parts)
        except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread by finish()
            self.failure.append(exc)

    def _index_again(self, parts: list[tuple[str, str]]) -> None:
        """Cached parts that cannot be read (a damaged or truncated file, a fragment gone) are removed,
        their evaluations' record pages indexed by Pagefind again, and the bundle merged once more."""
        assert self.merge is not None and self.pages_of is not None and self.site is not None
        merge = self.merge
        for where in parts:
            merge.part_file(where).unlink(missing_ok=True)
            shutil.rmtree(merge.fragments(where), ignore_errors=True)
        self.warnings.append(f"{len(parts)} cached part(s) of the search index in {merge.cache} could not be read "
                             f"({', '.join(f'{slug} ({lang})' for lang, slug in parts[:5])}"
                             f"{', …' if len(parts) > 5 else ''}): dropped and made again from their records")
        shutil.rmtree(merge.target, ignore_errors=True)  # the bundle the failed merge began
        scratch = _scratch_with(self.site, self.pages_of(set(parts)))
        made = merge.cache / f".made.{os.getpid()}"
        try:
            shutil.rmtree(made, ignore_errors=True)
            asyncio.run(_index(scratch, made))
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        merge.run(made)

    def join(self) -> None:
        if self.thread is not None:
            self.thread.join()
        if self.scratch is not None:
            shutil.rmtree(self.scratch, ignore_errors=True)

    def finish(self) -> None:
        if self.failure:
            if self.output is not None and self.merge is not None:
                shutil.rmtree(self.output, ignore_errors=True)
            raise self.failure[0]
        if self.output is not None and self.merge is None:
            order_bundle(self.output)  # Pagefind writes its maps in a random order: one order, the same bytes
            if self.split is not None:
                self.splitting = self.split.split_later(self.output)


Where: TypeAlias = tuple[str, str]  # (language, slug): one evaluation's record pages in one language
RecordPages: TypeAlias = dict[str, list[tuple[str, str]]]  # language -> [(LANG-relative name, HTML)]


def start_search_index(library: Library, config: PortalConfig, site: Path, reuse: Reuse | None = None) -> Indexing:
    """The record pages written and Pagefind started on them (or the previous bundle taken, see
    write_search_index); the caller joins and finishes the returned Indexing."""
    records_of = _record_pages(library, config.languages)
    grouped = {(i.evaluation.slug, i.kind) for i in library.items if i.kind in GROUPED_KINDS}
    count = len(config.languages) * (len(library.evaluations) + len(grouped)
                                     + sum(1 for i in library.items if i.kind not in GROUPED_KINDS))
    if reuse is not None and reuse.search_cache is not None:
        inputs = reuse.search_inputs(library, config.languages)
        if reuse.take_index(reuse.inputs_key(inputs), BUNDLE, site / BUNDLE):
            return Indexing(count)
        return _start_merge(records_of, inputs, reuse.search_cache, site, count)
    pages = records_of(None)
    if reuse is not None and reuse.take_index(reuse.records_key(pages), BUNDLE, site / BUNDLE):
        return Indexing(count)
    return Indexing(count, _scratch_with(site, pages), site / BUNDLE)


def _record_pages(library: Library, languages: list[str]) -> Callable[[set[Where] | None], RecordPages]:
    """The record pages of the given (language, slug)s (None: all), in the order Pagefind is given them."""
    templates = Catalogs()

    def records_of(wanted: set[Where] | None) -> RecordPages:
        pages: RecordPages = {}
        for lang in languages:
            s = templates.strings(lang)["portal"]

            def keep(slug: str, lang: str = lang) -> bool:
                return wanted is None or (lang, slug) in wanted

            records = [(f"{e.slug}/evaluation.html", evaluation_html(e, lang, s)) for e in library.evaluations
                       if keep(e.slug)]
            records += [(f"{i.evaluation.slug}/{i.kind}-{i.id}.html", record_html(i, lang, s))
                        for i in library.items if i.kind not in GROUPED_KINDS and keep(i.evaluation.slug)]
            records += [(f"{e.slug}/{kind}.html", group_html(e, items, lang, s))
                        for kind in GROUPED_KINDS for e, items in _by_evaluation(library, kind) if keep(e.slug)]
            pages[lang] = records
        return pages

    return records_of


def _scratch_with(site: Path, pages: RecordPages) -> Path:
    """A scratch folder (scratch_folder) with the record pages `pages` written (write_records)."""
    scratch = scratch_folder(site)
    try:
        write_records(scratch, pages)
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    return scratch


# The merge indexes the missing parts' records and splits them into parts (pure Python: about 0.25 s an
# evaluation at load 4, against Pagefind's 0.035 s for all records): when more than one part in
# MERGE_SHARE is missing (a first build, a new Pagefind), every record is indexed whole instead and
# the parts are split from that bundle by a detached process (Merge.split_later).
MERGE_SHARE = 10
# In the cache: {"LANG/SLUG": [its search_inputs digest, the name of its part]} of the last assembly.
INPUTS = "inputs.json"


def _start_merge(records_of: Callable[[set[Where] | None], RecordPages], inputs: dict[Where, str], cache: Path,
                 site: Path, count: int) -> Indexing:
    """Each evaluation's record pages in each language are a part of the bundle, cached by their digest;
    Pagefind indexes those of the missing parts only (none: no Pagefind run). A part whose inputs
    (Reuse.search_inputs) are those it was named for last time is named so again without making its
    record pages; the others' record pages are made and digested."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        tool = version("pagefind")
    except PackageNotFoundError:
        tool = "-"
    known = _read_inputs(cache)
    parts: dict[Where, str] = {}
    for where, key in inputs.items():
        entry = known.get(f"{where[0]}/{where[1]}")
        if isinstance(entry, list) and len(entry) == 2 and entry[0] == key and isinstance(entry[1], str) \
                and entry[1].startswith(f"{where[1]}.{where[0]}.") and "/" not in entry[1]:
            parts[where] = entry[1]
    made_pages: dict[Where, list[tuple[str, str]]] = {}

    def pages_of(wanted: set[Where]) -> RecordPages:
        needed = wanted - set(made_pages)
        for lang, records in (records_of(needed) if needed else {}).items():
            for name, html in records:
                made_pages.setdefault((lang, name.split("/", 1)[0]), []).append((name, html))
        return {lang: [record for where in sorted(wanted) if where[0] == lang for record in made_pages.get(where, [])]
                for lang in sorted({lang for lang, _ in inputs})}

    unnamed = set(inputs) - set(parts)
    pages_of(unnamed)
    for where in unnamed:
        parts[where] = f"{where[1]}.{where[0]}.{pagefind_merge.part_key(tool, where[0], sorted(made_pages[where]))}"
    _write_inputs(cache, {f"{lang}/{slug}": [inputs[(lang, slug)], parts[(lang, slug)]] for lang, slug in inputs})
    merge = Merge(cache, parts, site / BUNDLE)
    static = (cache / pagefind_merge.STATIC / "pagefind-entry.json").is_file()
    missing = {where for where in parts if not static or not merge.part_file(where).is_file()
               or not merge.fragments(where).is_dir()}
    if not missing:
        return Indexing(count, merge=merge, pages_of=pages_of, site=site)
    if len(missing) * MERGE_SHARE > len(parts):  # most parts missing: Pagefind on every record, split later
        return Indexing(count, _scratch_with(site, records_of(None)), site / BUNDLE, split=merge)
    scratch = _scratch_with(site, pages_of(missing))
    made = cache / f".made.{os.getpid()}"
    shutil.rmtree(made, ignore_errors=True)
    made.parent.mkdir(parents=True, exist_ok=True)
    return Indexing(count, scratch, made, merge, pages_of=pages_of, site=site)


def _read_inputs(cache: Path) -> dict[str, object]:
    try:
        data = json.loads((cache / INPUTS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_inputs(cache: Path, data: dict[str, list[str]]) -> None:
    """Written whole (a temporary file renamed); a part it names is used only when its file is there."""
    try:
        write_whole(cache / INPUTS, json.dumps(data, sort_keys=True))
    except OSError:
        pass


SHARED_MEMORY = Path("/dev/shm")  # tmpfs on Linux: lists a folder's names in the reverse order of creation
PROBE = [f"p{n}" for n in (3, 7, 1, 6, 0, 5, 2, 4)]


def scratch_folder(site: Path) -> Path:
    """Where the record pages are written for Pagefind: a folder whose file system lists names in the
    order they were created or in its reverse (_listing_order; Linux's tmpfs, /dev/shm, does), else
    SCRATCH inside the site being assembled."""
    if SHARED_MEMORY.is_dir() and os.access(SHARED_MEMORY, os.W_OK):
        for old in SHARED_MEMORY.glob("reportgen-search-*"):  # left by a killed assembly
            try:
                alive = Path(f"/proc/{int(old.name.split('-')[2])}").exists()
            except (IndexError, ValueError):
                alive = True
            if not alive:
                shutil.rmtree(old, ignore_errors=True)
        try:
            folder = Path(tempfile.mkdtemp(prefix=f"reportgen-search-{os.getpid()}-", dir=SHARED_MEMORY))
        except OSError:
            folder = None
        if folder is not None and _listing_order(folder):
            return folder
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
    (site / SCRATCH).mkdir(parents=True, exist_ok=True)
    return site / SCRATCH


def write_records(scratch: Path, pages: dict[str, list[tuple[str, str]]]) -> None:
    """The record pages, written so that a walk of `scratch` finds them in the order of their addresses.

    Pagefind numbers a language's pages in the order its walk finds them: the order the file system
    lists each folder's names in (ext4: the order of their hashes; tmpfs: the reverse order of their
    creation). So every folder's names are created in their sorted order or its reverse, whichever
    this file system keeps (_listing_order). Then the bundle's pages are in the order that
    pagefind_order.renumber_pages gives them and its rewriting is skipped; where the file system
    lists names otherwise (ext4), the rewriting does the work (the same bytes, more time)."""
    files = sorted(((f"{lang}/{name}", html) for lang, records in pages.items() for name, html in records),
                   key=lambda file: file[0].split("/"))
    if _listing_order(scratch) < 0:
        files.reverse()
    for name, html in files:
        path = scratch / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")


def _listing_order(folder: Path) -> int:
    """1 if a new folder in `folder` lists its names in the order they were created, -1 in the reverse
    order, 0 otherwise (eight names: a hash order matches either by chance once in 20,000)."""
    probe = folder / ".order"
    probe.mkdir()
    try:
        for name in PROBE:
            (probe / name).touch()
        listed = os.listdir(probe)
    finally:
        shutil.rmtree(probe, ignore_errors=True)
    return 1 if listed == PROBE else -1 if listed == PROBE[::-1] else 0


def record_html(item: ItemRecord, lang: str, s: Strings) -> str:
    evaluation = item.evaluation
    shown = evaluation.shown_lang(lang)
    # Conclusions have no title: their first words stand for one.
    title = item.title(shown) or " ".join(item.body(shown).split()[:TITLE_WORDS]) + " …"
    # Key actions by ID and text: "KA4.1" finds its recommendation.
    actions = "".join(f"<p>{escape(a.action.id)} {escape(evaluation.text(a.action.text.model_dump(), shown))}</p>"
                      for a in item.actions)
    return _page(evaluation, lang, s, kind=item.kind, facets=item.facets, target=item.url(lang),
                 heading=f"{evaluation.code} · {item.id}. {title}",
                 body=f"<p>{escape(evaluation.code)} {escape(item.id)} {escape(item.body(shown))}</p>{actions}")


def group_html(evaluation: EvaluationRecord, items: list[ItemRecord], lang: str, s: Strings) -> str:
    """One record for all of an evaluation's items of a kind; each item is a heading with its ID,
    which Pagefind turns into a sub-result whose anchor is the item's place on its page."""
    shown = evaluation.shown_lang(lang)
    kind = items[0].kind
    parts = [f'<h2 id="{escape(i.id)}">{escape(evaluation.code)} {escape(i.id)}</h2><p>{escape(i.body(shown))}</p>'
             for i in items]
    return _page(evaluation, lang, s, kind=kind, facets=evaluation.facets,
                 target=items[0].url(lang).split("#")[0],
                 heading=f"{evaluation.code} · {s['search_groups'][kind]}", body="".join(parts))


def _by_evaluation(library: Library, kind: str) -> list[tuple[EvaluationRecord, list[ItemRecord]]]:
    groups: dict[str, list[ItemRecord]] = {}
    for item in library.of_kind(kind):
        groups.setdefault(item.evaluation.slug, []).append(item)
    return [(e, groups[e.slug]) for e in library.evaluations if e.slug in groups]


def evaluation_html(evaluation: EvaluationRecord, lang: str, s: Strings) -> str:
    """An evaluation's own record: title, cover data and summary; it leads to its portal page."""
    shown = evaluation.shown_lang(lang)
    data = evaluation.data
    cover = " ".join(evaluation.text(data.get(name), shown) for name in ("type", "timing", "country", "keywords"))
    summary = plain_text(evaluation.search_text("summary_text", shown))
    return _page(evaluation, lang, s, kind="evaluation", facets=evaluation.facets,
                 target=f"{lang}/evaluations/{evaluation.slug}/index.html",
                 heading=f"{evaluation.code} · {evaluation.text(data.get('title'), shown)}",
                 body=f"<p>{escape(evaluation.code)} {escape(cover)} {escape(summary)}</p>")


def _page(evaluation: EvaluationRecord, lang: str, s: Strings, kind: str, facets: dict[str, list[FacetValue]], target: str, heading: str, body: str) -> str:
    """A record page; `body` is HTML. Filter names and values are the facets' and values' keys, which
    the search page's filters send (their labels are in the page's language)."""
    # Language-neutral filter names and values (facet and value keys): the search page's options carry
    # the same keys with labels in the page's language, so every evaluation's value is one option.
    filters = {facet: [v.key for v in facets.get(facet, [])] for facet in SEARCH_FILTERS}
    filters["kind"] = [kind]
    filter_html = "".join(f'<span data-pagefind-filter="{escape(name)}">{escape(value)}</span>'
                          for name, values in filters.items() for value in values)
    evaluation_title = evaluation.text(evaluation.data.get("title"), evaluation.shown_lang(lang))
    return (f'<!doctype html><html lang="{escape(lang)}"><head><meta charset="utf-8"><title>{escape(heading)}'
            f'</title></head><body><main data-pagefind-body>'
            f'<h1 data-pagefind-meta="title">{escape(heading)}</h1>'
            f'<span data-pagefind-meta="target:{escape(target)}"></span>'
            f'<span data-pagefind-meta="evaluation:{escape(evaluation_title)}"></span>'
            f'{body}'
            f'<div data-pagefind-ignore="index">{filter_html}</div></main></body></html>')


async def _index(scratch: Path, output: Path) -> None:
    """Pagefind's bundle of the record pages in `scratch`, written to `output`, every file complete.

    Pagefind (1.5) answers `write_files` once it has handed its writes to tokio's blocking threads
    (tokio's File.write_all without a flush), and the Python API then terminates the process: on a
    loaded machine a file still being written is cut short (a static css/js/wasm file or a chunk).
    So the service is stopped only once it holds no file in `output` open (written_by)."""
    from pagefind.index import IndexConfig
    from pagefind.service import PagefindService

    async with PagefindService() as service:
        index = await service.create_index(IndexConfig(output_path=str(output)))
        await index.add_directory(path=str(scratch))
        await index.write_files()
        process = getattr(service, "_backend", None)
        await written_by(getattr(process, "pid", None), output)


async def written_by(pid: int | None, folder: Path, timeout: float = 600.0) -> None:
    """Wait until the process `pid` has no file under `folder` open (Linux: /proc/PID/fd); BuildError
    after `timeout` seconds. Where /proc is not there (or `pid` is None), returns at once."""
    fds = Path(f"/proc/{pid}/fd")
    if pid is None or not fds.is_dir():
        return
    inside = str(folder.resolve()) + os.sep
    deadline = time.monotonic() + timeout
    while True:
        try:
            targets = [os.readlink(fd) for fd in fds.iterdir()]
        except OSError:  # the process ended, or an fd closed while being read: look again
            if not fds.is_dir():
                return
            targets = [inside]
        if not any(target.startswith(inside) for target in targets):
            return
        if time.monotonic() > deadline:
            raise BuildError(f"Pagefind did not finish writing {folder} in {timeout:.0f} s")
        await asyncio.sleep(0.02)
