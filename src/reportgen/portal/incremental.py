"""Incremental assembly: a portal page whose inputs are those of the previous output is taken from it.

Every portal page is keyed, before it is rendered, by what it is made of: the portal's global key
(reportgen's code and templates, the interface texts, portal.yml less its evaluation list, the build
date, Pagefind's version), the page's path and template, and its parameters, each evaluation and
item standing for a digest of everything its part of a page shows (its artifact's bytes, its slug,
its facet values with their labels in every language, the recommendations it follows up and the
items that follow it up). The keys are written to a manifest inside the output
(`MANIFEST`); the next assembly takes a page whose key is unchanged from the previous output (a
hard link) and renders the others. A page whose parameters cannot be keyed (the home page, the
dashboard and the search page, which read the whole library) is always rendered; so are the
exports. The search index is Pagefind's whole bundle: Pagefind cannot update an index, so it is
reused when every record page fed to it is unchanged and rebuilt otherwise.

The manifest travels with the output it describes: it is written into the staging folder and
swapped in with it, so a build that dies leaves the previous portal and its manifest as they were.
When the global key differs (portal.yml's title, languages, edition or downloads, another
reportgen, another date) nothing is reused.
"""

from __future__ import annotations

import filecmp
import hashlib
import json
import os
import shutil
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Callable, Iterable, Iterator, TypeAlias, TypeVar, Union

from .. import __version__
from ..resources import TEMPLATES, defaults_dir
from .artifacts import PACKAGE_DIR, _hash_tree
from .config import PortalConfig
from .records import EvaluationRecord, FacetValue, ItemRecord, Library

if TYPE_CHECKING:
    from .pages import FollowUps

MANIFEST = ".reportgen-portal-manifest.json"
# Characters of card files Reuse.card keeps while a list and its facet pages are written (beyond them, one
# evaluation's file at a time): a list of a few hundred evaluations is read once, a larger one in bounded memory.
# 8 million: the recommendations list of 300 evaluations (6.4 million a language) is held whole; at 1,000
# (21 million) 24 million held it whole too: 11-15 MB more at the peak; whether it is faster there is not
# settled (one run each: 46.9 against 46.7 s; an A/B under load, 81-122 against 119-134 s).
CARDS_HELD = 8_000_000
FORMAT = "reportgen-portal-manifest/1"
T = TypeVar("T")
Manifest: TypeAlias = dict[str, Any]  # the previous assembly's manifest, as read from its JSON
# A page parameter as plain data (what json.dumps takes).
PlainData: TypeAlias = Union[None, str, int, float, bool, list["PlainData"], tuple["PlainData", ...],
                             dict[str, "PlainData"]]


class Unkeyable(TypeError):
    """A page parameter with no digest: the page is rendered."""


@lru_cache(maxsize=1)
def _tool_hash() -> str:
    """reportgen's version, Python code and built-in templates (the portal's own included), and Pagefind's."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        pagefind = version("pagefind")
    except PackageNotFoundError:
        pagefind = "-"
    digest = hashlib.sha256(f"{__version__}\0{pagefind}\0".encode())
    _hash_tree(digest, PACKAGE_DIR, (".py",))
    _hash_tree(digest, defaults_dir() / TEMPLATES)
    return digest.hexdigest()


def global_key(config: PortalConfig, build_date: date) -> str:
    """What every page depends on; portal.yml's evaluation list is not in it (each page's key holds the
    evaluations it shows)."""
    settings = {"title": config.title, "languages": config.languages, "edition": config.edition,
                "downloads": config.downloads, "build_date": build_date.isoformat()}
    return _hash(FORMAT, _tool_hash(), json.dumps(settings, sort_keys=True, ensure_ascii=False))


def _hash(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8") + b"\0")
    return digest.hexdigest()


def _facets(facets: dict[str, list[FacetValue]]) -> str:
    return json.dumps({name: [[v.key, list(v.labels)] for v in values] for name, values in facets.items()},
                      sort_keys=True, ensure_ascii=False)


def _plain(data: object) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)


def read_manifest(out: Path) -> Manifest | None:
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("pages"), dict):
        return None
    return data


@dataclass
class Reuse:
    """The previous output (`previous`, None for a full assembly) and this assembly's keys."""

    out: Path
    key: str
    previous: Manifest | None
    pages: dict[str, str] = field(default_factory=dict)
    contents: dict[str, str] = field(default_factory=dict)  # item list pages: path -> key of their cards' contents
    reused: int = 0
    rendered: int = 0
    unchanged: int = 0  # files rendered again, the same bytes as the previous output's: linked (put)
    search: str = ""
    search_reused: bool = False
    sites: dict[str, str] = field(default_factory=dict)  # slug: build.artifact_identity of its linked site
    cards: Path | None = None  # the cache of rendered cards (Reuse.card): a file per evaluation, language and list
    cards_rendered: int = 0
    search_cache: Path | None = None  # the parts of the search index (search.Merge), None: Pagefind on every record
    rows_cache: Path | None = None  # the exports' rows of each evaluation (Reuse.rows), None: every row made
    _evaluations: dict[int, str] = field(default_factory=dict)
    _base: dict[int, str] | None = None
    _items: dict[int, str] = field(default_factory=dict)
    # The cards file of one (slug, lang, kind) at a time (the last read: a list's cards come in its
    # evaluations' order); the keys of the cards used, by file; the cards rendered, by file.
    _stored_cards: dict[tuple[str, str, str], dict[str, str]] = field(default_factory=dict)
    _used_cards: dict[tuple[str, str, str], set[str]] = field(default_factory=dict)
    _new_cards: dict[tuple[str, str, str], dict[str, str]] = field(default_factory=dict)
    _held_size: int = 0
    _transient: tuple[str, str, str] | None = None

    @classmethod
    def start(cls, out: Path, config: PortalConfig, build_date: date, cards: Path | None = None,
              search_cache: Path | None = None, rows_cache: Path | None = None) -> "Reuse":
        key = global_key(config, build_date)
        previous = read_manifest(out)
        if previous is not None and previous.get("global") != key:
            previous = None
        return cls(out, key, previous, cards=cards, search_cache=search_cache, rows_cache=rows_cache)

    # --- digests of the library's records ---------------------------------------------------------
    def _digest_records(self, library: Library) -> dict[int, str]:
        """Each evaluation's digest (its artifact's bytes, slug and facet values with their labels) and each
        item's, less its follow-up links (its evaluation's, its kind, ID and own facet values); once."""
        if self._base is None:
            for record in library.evaluations:
                self._evaluations[id(record)] = _hash(record.artifact.digest, record.slug, _facets(record.facets))
            # An item's facet values that are its evaluation's (the same list) are in its evaluation's digest.
            self._base = {id(item): _hash(self._evaluations[id(item.evaluation)], item.kind, item.id, _facets(
                              {name: values for name, values in item.facets.items()
                               if values is not item.evaluation.facets.get(name)}))
                          for item in library.items}
        return self._base

    def prepare(self, library: Library, follow_ups: FollowUps) -> None:
        """Each evaluation's and item's digest: everything of it that a page shows."""
        base = self._digest_records(library)
        for item in library.items:
            target = follow_ups.target(item.data.get("follows_up"))
            later = [[self._evaluations[id(evaluation)], _plain(data)] for evaluation, data in follow_ups.later(item)]
            self._items[id(item)] = _hash(base[id(item)], base[id(target)] if target is not None else "-",
                                          _plain(later))

    def ident(self, value: object) -> PlainData:
        """A page parameter as plain data: records by their digest."""
        if isinstance(value, ItemRecord):
            return ["item", self._items[id(value)]]
        if isinstance(value, EvaluationRecord):
            return ["evaluation", self._evaluations[id(value)]]
        if isinstance(value, FacetValue):
            return ["value", value.key, list(value.labels)]
        if isinstance(value, dict):
            return {str(k): self.ident(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [self.ident(v) for v in value]
        if value is None or isinstance(value, (str, int, float, bool)):
            return value
        raise Unkeyable(type(value).__name__)

    def page_key(self, path: str, template: str, params: dict[str, object]) -> str | None:
        try:
            plain = self.ident(params)
        except Unkeyable:
            return None
        return _hash(self.key, path, template, json.dumps(plain, sort_keys=True, ensure_ascii=False))

    # --- pages ---------------------------------------------------------------------------------------
    def take(self, path: str, key: str | None, target: Path) -> bool:
        """Link the previous output's page at `path` to `target` when its key is `key`."""
        if key is None:
            self.rendered += 1
            return False
        self.pages[path] = key
        if self.previous is None or self.previous["pages"].get(path) != key:
            self.rendered += 1
            return False
        if not _link(self.out / path, target):
            self.rendered += 1
            return False
        self.reused += 1
        content = self._previous_contents().get(path)
        if isinstance(content, str):  # the same inputs: the same cards (take_same)
            self.contents[path] = content
        return True

    def _previous_contents(self) -> dict[str, object]:
        contents = self.previous.get("contents") if self.previous is not None else None
        return contents if isinstance(contents, dict) else {}

    def take_same(self, path: str, content: str, target: Path) -> bool:
        """An item list page whose key changed (take) but whose cards are the previous page's, card for card
        (`content`: PortalPages.content_key): the previous output's page, linked. The key of a list holds
        its items' digests, and an item's digest changes with anything of its evaluation; its card shows
        a part of it (after a change to a finding, every recommendation card of that evaluation is the
        same). Kept for the next assembly either way."""
        self.contents[path] = content
        if self._previous_contents().get(path) != content or not _link(self.out / path, target):
            return False
        self.rendered -= 1
        self.reused += 1
        return True

    def take_file(self, path: str, inputs: str, target: Path) -> bool:
        """A file other than a page (an export) made of `inputs` (its rows, as text): the previous
        output's when it was made of the same; its key is kept in the manifest either way."""
        key = self.pages[path] = _hash(self.key, path, inputs)
        return self.previous is not None and self.previous["pages"].get(path) == key and _link(self.out / path, target)

    def put(self, path: str, data: bytes, target: Path) -> None:
        """A rendered file: the previous output's file at `path` (a hard link: its time and inode kept)
        when it holds the same bytes, else `data` written."""
        previous = self.out / path
        try:
            same = self.previous is not None and previous.is_file() and not previous.is_symlink() \
                and previous.stat().st_size == len(data) and previous.read_bytes() == data
        except OSError:
            same = False
        target.parent.mkdir(parents=True, exist_ok=True)
        if same and _link(previous, target):
            self.unchanged += 1
            return
        target.write_bytes(data)

    def previous_file(self, path: str) -> BinaryIO | None:
        """The previous output's file at `path`, open for reading (put_stream compares with it), or None."""
        previous = self.out / path
        if self.previous is None or previous.is_symlink() or not previous.is_file():
            return None
        try:
            return open(previous, "rb")
        except OSError:
            return None

    def put_written(self, path: str, target: Path) -> None:
        """A file written at `target` (put_stream): replaced by a link to the previous output's file at
        `path` when that holds the same bytes (put)."""
        previous = self.out / path
        try:
            same = self.previous is not None and previous.is_file() and not previous.is_symlink() \
                and previous.stat().st_size == target.stat().st_size and filecmp.cmp(previous, target, shallow=False)
        except OSError:
            same = False
        if same:
            target.unlink()
            if _link(previous, target):
                self.unchanged += 1
                return
            raise OSError(f"{target}: the previous output's copy could not be linked")

    # --- cards ----------------------------------------------------------------------------------------
    def card(self, item: ItemRecord, lang: str, facets: tuple[str, ...], level: int,
             render: Callable[[], str]) -> str:
        """An item's card on a list (pages.PortalPages.card), taken from the cache of cards when its key
        (the global key, the language, the list's facets, the level and the item's digest: everything
        the card shows) is there, else rendered. One evaluation's file of cards is held at a time (a
        list's and its facet pages' cards come in the evaluations' order): at 1,000 evaluations a list
        has 30,000 cards, about 75 MB a language; the keys used are kept for the next assembly."""
        key = _hash(self.key, lang, ",".join(facets), str(level), self._items[id(item)])
        where = (item.evaluation.slug, lang, item.kind)
        html = self._new_cards.get(where, {}).get(key)
        if html is None:
            html = self._stored(where).get(key)
        if html is None:
            html = render()
            self.cards_rendered += 1
            self._new_cards.setdefault(where, {})[key] = html
        self._used_cards.setdefault(where, set()).add(key)
        return html

    def holds_card(self, item: ItemRecord, lang: str) -> bool:
        """Whether `card` holds the item's card until its list is written (flush_cards): rendered by this
        assembly, or in a cards file held whole; not in the one file read at a time beyond CARDS_HELD."""
        return (item.evaluation.slug, lang, item.kind) != self._transient

    def _stored(self, where: tuple[str, str, str]) -> dict[str, str]:
        """The cards file of `where`: the first read are held up to CARDS_HELD characters (a list of a
        few hundred evaluations is read once for the list and its facet pages), the others one at a
        time (the one read last, `_transient`)."""
        if self.cards is None:
            return {}
        if where not in self._stored_cards:
            text = _read_text(self.cards / _cards_name(*where))
            if self._held_size + len(text) >= CARDS_HELD:
                if self._transient is not None:
                    del self._stored_cards[self._transient]
                self._transient = where
            else:
                self._held_size += len(text)
            self._stored_cards[where] = _parse_cards(text)
        return self._stored_cards[where]

    def _write_used(self, where: tuple[str, str, str]) -> None:
        """The cards file of `where` made of the cards used, when they are not what it holds."""
        assert self.cards is not None
        used, new = self._used_cards.pop(where), self._new_cards.pop(where, {})
        stored = self._stored(where)
        if not new and set(stored) == used:
            return
        cards = {key: new[key] if key in new else stored[key] for key in sorted(used)}
        write_whole(self.cards / _cards_name(*where), json.dumps(cards, ensure_ascii=False, sort_keys=True))

    def flush_cards(self, lang: str, kind: str) -> None:
        """The cards of one language's list of `kind`, written as write_cards writes them and no longer
        held: each list's cards are used by that list alone."""
        if self.cards is None:
            return
        try:
            self.cards.mkdir(parents=True, exist_ok=True)
            for where in sorted(where for where in self._used_cards if where[1:] == (lang, kind)):
                self._write_used(where)
        except OSError:  # a cache that cannot be written: the next assembly renders the cards
            pass
        self._stored_cards.clear()
        self._held_size, self._transient = 0, None

    def write_cards(self, library: Library, languages: list[str]) -> None:
        """Each evaluation's cards used by this assembly, where they differ from the stored ones (an
        evaluation none of whose cards was needed keeps its file); the files of evaluations and
        languages no longer in the portal removed."""
        if self.cards is None:
            return
        try:
            self.cards.mkdir(parents=True, exist_ok=True)
            for where in sorted(self._used_cards):
                self._write_used(where)
            self._stored_cards.clear()
            self._held_size, self._transient = 0, None
            shown = {(record.slug, lang) for record in library.evaluations for lang in languages}
            for path in self.cards.glob("*.json"):
                if tuple(path.name.split(".")[:2]) not in shown:
                    path.unlink(missing_ok=True)
        except OSError:  # a cache that cannot be written: the next assembly renders the cards
            pass

    # --- the exports' rows ----------------------------------------------------------------------------
    def rows(self, items: list[ItemRecord], name: str, make: Callable[[list[ItemRecord]], Iterable[T]]) -> list[T]:
        """One evaluation's rows of the export `name` (`make(items)`, as plain data), taken from the cache
        of rows when its key (the global key, the export's name and the digests of the evaluation's items,
        which hold everything a row shows) is the one they were made with; made and stored otherwise. After
        one change only that evaluation's rows are made: the others' texts are not read again."""
        if self.rows_cache is None or not self._items:  # no cache, or digests not made (prepare)
            return list(make(items))
        key = _hash(self.key, "rows", name, *(self._items[id(item)] for item in items))
        path = self.rows_cache / f"{items[0].evaluation.slug}.{name}.json"
        try:
            stored = json.loads(_read_text(path) or "null")
        except ValueError:
            stored = None
        if isinstance(stored, dict) and stored.get("key") == key and isinstance(stored.get("rows"), list):
            return stored["rows"]  # type: ignore[no-any-return]
        made = list(make(items))
        try:
            write_whole(path, json.dumps({"key": key, "rows": made}, ensure_ascii=False))
        except OSError:  # a cache that cannot be written: the next assembly makes the rows
            pass
        return made

    def prune_rows(self, library: Library) -> None:
        """The cached rows of evaluations no longer in the portal removed."""
        if self.rows_cache is None or not self.rows_cache.is_dir():
            return
        shown = {record.slug for record in library.evaluations}
        for path in self.rows_cache.glob("*.json"):
            if path.name.split(".")[0] not in shown:
                path.unlink(missing_ok=True)

    # --- the search index ----------------------------------------------------------------------------
    def search_inputs(self, library: Library, languages: list[str]) -> dict[tuple[str, str], str]:
        """(language, slug) -> a digest of what that evaluation's record pages in that language are made
        of (search.record_html and the others read its export, slug, facet values, items and the build
        date; the interface texts and reportgen's code are in the global key): the same digest, the
        same record pages, without making them."""
        base = self._digest_records(library)
        items: dict[int, list[str]] = {}
        for item in library.items:
            items.setdefault(id(item.evaluation), []).append(base[id(item)])
        return {(lang, record.slug): _hash(self.key, "search", lang, self._evaluations[id(record)],
                                           *items.get(id(record), []))
                for record in library.evaluations for lang in languages}

    def records_key(self, records: dict[str, list[tuple[str, str]]]) -> str:
        """The search index's key from its record pages themselves."""
        return _hash(self.key, *(f"{lang}/{name}\0{html}" for lang in sorted(records)
                                 for name, html in sorted(records[lang])))

    def inputs_key(self, inputs: dict[tuple[str, str], str]) -> str:
        """The search index's key from search_inputs."""
        return _hash(self.key, "inputs", *(f"{lang}/{slug}\0{key}" for (lang, slug), key in sorted(inputs.items())))

    def take_index(self, search: str, bundle: str, target: Path) -> bool:
        """The previous output's Pagefind bundle, when its key (records_key or inputs_key) is the same."""
        self.search = search
        if self.previous is None or self.previous.get("search") != self.search:
            return False
        source = self.out / bundle
        if not source.is_dir():
            return False
        try:
            _link_copy(source, target)
        except OSError:
            shutil.rmtree(target, ignore_errors=True)
            return False
        self.search_reused = True
        return True

    def write(self, staging: Path, library: Library) -> None:
        data = {"format": FORMAT, "global": self.key, "search": self.search,
                "evaluations": {record.slug: record.artifact.digest for record in library.evaluations},
                "sites": dict(sorted(self.sites.items())),
                "pages": dict(sorted(self.pages.items())), "contents": dict(sorted(self.contents.items()))}
        (staging / MANIFEST).write_text(json.dumps(data, indent=0, sort_keys=True) + "\n", encoding="utf-8")


def write_whole(target: Path, text: str) -> None:
    """A cache file written whole or not at all (a temporary file renamed; another process may write
    the same file at once); OSError when it cannot be written (a cache is then skipped)."""
    temporary = target.with_name(f".{target.name}.{os.getpid()}")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, target)
    except OSError:
        temporary.unlink(missing_ok=True)
        raise


def _cards_name(slug: str, lang: str, kind: str) -> str:
    return f"{slug}.{lang}.{kind}.json"


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return ""


def _parse_cards(text: str) -> dict[str, str]:
    try:
        data = json.loads(text) if text else {}
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _link(source: Path, target: Path) -> bool:
    if not source.is_file() or source.is_symlink():
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError:
        try:
            shutil.copyfile(source, target, follow_symlinks=False)
        except OSError:
            return False
    return True


def _link_copy(source: Path, target: Path) -> None:
    shutil.copytree(source, target, symlinks=True,
                    copy_function=lambda src, dst: os.link(src, dst, follow_symlinks=False))


def put_file(reuse: Reuse | None, site: Path, path: str, data: bytes) -> None:
    """Write the file `path` of the portal being assembled in `site` (Reuse.put: the previous output's
    file when it holds the same bytes)."""
    if reuse is None:
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_bytes(data)
    else:
        reuse.put(path, data, site / path)


def put_stream(reuse: Reuse | None, site: Path, path: str, parts: Iterable[str]) -> None:
    """put_file for a text given in parts (a template's generate()), never held whole. With a previous
    output, the parts are compared with its file at `path` as they come and nothing is written while they
    match: a file of the same bytes is then linked from it (as Reuse.put_written would, without writing
    the file and reading both back: after one change at 300 evaluations, about 120 MB of list pages that
    came out the same); at the first difference the matching start is copied from it and the rest
    written."""
    target = site / path
    target.parent.mkdir(parents=True, exist_ok=True)
    chunks = _chunks(parts)
    previous = reuse.previous_file(path) if reuse is not None else None
    if previous is None:
        with open(target, "wb") as file:
            for chunk in chunks:
                file.write(chunk)
        return
    assert reuse is not None
    with previous:
        same = 0  # bytes of the previous file the parts matched so far
        for chunk in chunks:
            if previous.read(len(chunk)) != chunk:
                with open(target, "wb") as file:
                    _copy_start(previous, same, file)
                    file.write(chunk)
                    for chunk in chunks:
                        file.write(chunk)
                return
            same += len(chunk)
        if previous.read(1) == b"" and _link(reuse.out / path, target):
            reuse.unchanged += 1
            return
        with open(target, "wb") as file:  # the previous file is longer (or could not be linked)
            _copy_start(previous, same, file)


STREAM_CHUNK = 1 << 16  # put_stream compares and writes parts joined to about this many characters


def _chunks(parts: Iterable[str]) -> Iterator[bytes]:
    """The parts, UTF-8, joined into chunks of about STREAM_CHUNK characters (a list page comes as
    thousands of small parts: one comparison or write each cost more than the bytes)."""
    run: list[str] = []
    size = 0
    for part in parts:
        run.append(part)
        size += len(part)
        if size >= STREAM_CHUNK:
            yield "".join(run).encode("utf-8")
            run, size = [], 0
    if run:
        yield "".join(run).encode("utf-8")


def _copy_start(source: BinaryIO, size: int, target: BinaryIO) -> None:
    """The first `size` bytes of `source` written to `target`."""
    source.seek(0)
    while size > 0:
        block = source.read(min(size, 1 << 20))
        if not block:
            raise OSError(f"{getattr(source, 'name', 'the previous file')} changed while it was compared")
        target.write(block)
        size -= len(block)
