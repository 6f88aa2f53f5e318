"""The portal's Pagefind bundle merged from per-evaluation parts: one change re-indexes one evaluation.

Pagefind cannot update an index, and indexing every record page again took most of an assembly after
one evaluation changed (about 9 s of 15 at 300 evaluations). So each evaluation's record pages in
each language are indexed once into a *part*, cached (`.reportgen-portal/search/`) under the digest
of those record pages, and the portal's bundle is written by merging the parts:

- a part holds its pages (fragment name, word count) in the order of their addresses, its words
  with their postings (page numbers counted from the part's first page), its filter values with
  their pages and its fragment files;
- the merge puts the parts in the order of their evaluations' slugs (the order of the record pages'
  addresses, which is the order pagefind_order.renumber_pages gives a whole index), adds each part's
  first page number to its page numbers, concatenates each word's postings (a word's postings are
  delta-coded: only the first posting of each part is encoded again, the rest are the part's bytes)
  and cuts the sorted words into chunks as Pagefind does (a chunk ends once its postings weigh
  CHUNK_WEIGHT: each posting one plus its positions; the bounds between two chunks are the
  shortest prefixes that tell the one's last word from the other's first, but a chunk's last
  bound stays its whole last word where that prefix would sort before its first bound); a word's
  variants come in the order of the page each is first found on;
- file names are those pagefind_order gives a whole index (language, hash of the content), so the
  merged bundle is the bundle Pagefind writes for all record pages at once, put in order by
  pagefind_order, byte for byte (tests/unit/test_portal_pagefind_merge.py).

Missing parts (a changed or new evaluation, another language, another Pagefind) are made by one
Pagefind run over the missing evaluations' record pages, split by evaluation (split_bundle).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
from array import array
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .pagefind_order import (COMPRESSION, ENTRY, SIGNATURE, Cbor, Unsupported, _encode, _head, _read, _rename,
                             renumber_pages, replace_file)

PART_FORMAT = "reportgen-pagefind-part/2"
CHUNK_WEIGHT = 20000  # Pagefind's (1.5) chunk size: a chunk ends once its postings weigh this much
STATIC = "static"     # the bundle's files that no record changes (Pagefind's scripts, styles, WebAssembly)
FRAGMENTS = "fragments"
PARTS = "parts"


ROW = 8  # a word's (or variant's) row in a part's table (Part.table)


@dataclass
class Part:
    """One evaluation's record pages in one language, indexed by Pagefind.

    Its words' postings (pages counted from the part's first page) are kept encoded, in `blob`; a
    word's row in `table` holds: its first posting's page, its last posting's page, its number of
    postings, its chunk weight (Pagefind's: each posting one plus its positions), the first posting's
    number of items, and where in `blob` the first posting's items after its page number start, where
    the other postings start and end (those are delta-coded among themselves: a merge keeps their
    bytes). A word found only in its variants (`accion` for `acción`) has no postings; its variants
    are rows of `variant_table`, each with its word's index in `variants`."""
    pages: list[list[Cbor]]                       # [fragment name, word count], in address order
    filters: dict[str, dict[str, list[int]]]      # filter: value: pages
    meta_fields: list[str]
    words: list[str] = field(default_factory=list)
    table: array[int] = field(default_factory=lambda: array("q"))
    variants: list[tuple[int, str]] = field(default_factory=list)  # (index of its word in `words`, variant)
    variant_table: array[int] = field(default_factory=lambda: array("q"))
    blob: bytes = b""
    _blob: list[bytes] = field(default_factory=list, repr=False)
    _size: int = 0

    def add(self, word: str, postings: list[Cbor], variants: list[tuple[str, list[Cbor]]]) -> None:
        """A word's postings (delta-coded, the first from the part's first page) and its variants'."""
        self.words.append(word)
        self.table.extend(self._row(postings))
        for variant, found in variants:
            self.variants.append((len(self.words) - 1, variant))
            self.variant_table.extend(self._row(found))

    def _row(self, postings: list[Cbor]) -> list[int]:
        if not postings:
            return [0, 0, 0, 0, 0, self._size, self._size, self._size]
        if not all(isinstance(p, list) and p and isinstance(p[0], int) for p in postings):
            raise Unsupported("posting")
        page = first = postings[0][0]
        for posting in postings[1:]:
            page += posting[0]
        weight = sum(1 + sum(len(locs) for locs in posting[1:] if isinstance(locs, list)) for posting in postings)
        tail = b"".join(_encode(item) for item in postings[0][1:])
        rest = b"".join(_encode(p) for p in postings[1:])
        at = self._size
        self._blob += [tail, rest]
        self._size += len(tail) + len(rest)
        return [first, page, len(postings), weight, len(postings[0]), at, at + len(tail), self._size]

    def close(self) -> None:
        self.blob = b"".join(self._blob)
        self._blob = []


# --- a part's file: a JSON header line, then its tables and the postings' bytes ---------------------

def write_part(path: Path, part: Part) -> None:
    words = "\0".join(part.words).encode("utf-8")
    variants = "\0".join(variant for _, variant in part.variants).encode("utf-8")
    owners = array("q", [owner for owner, _ in part.variants])
    sections = [words, part.table.tobytes(), variants, owners.tobytes(), part.variant_table.tobytes(), part.blob]
    header = {"format": PART_FORMAT, "pages": part.pages, "filters": part.filters, "meta_fields": part.meta_fields,
              "sizes": [len(section) for section in sections], "words": len(part.words),
              "variants": len(part.variants)}
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    path.parent.mkdir(parents=True, exist_ok=True)
    with temporary.open("wb") as out:
        out.write(json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n")
        for section in sections:
            out.write(section)
    os.replace(temporary, path)


def read_part(path: Path) -> Part | None:
    """A part's file, None if it is not one (then its evaluation is indexed again)."""
    try:
        data = path.read_bytes()
        end = data.index(b"\n")
        header = json.loads(data[:end])
        if not isinstance(header, dict) or header.get("format") != PART_FORMAT:
            return None
        sections, at = [], end + 1
        for size in header["sizes"]:
            sections.append(data[at:at + size])
            at += size
        if at != len(data) or len(sections) != 6:
            return None
        words, table, variants, owners, variant_table, blob = sections
        part = Part(header["pages"], header["filters"], header["meta_fields"],
                    words.decode("utf-8").split("\0") if header["words"] else [], array("q"), [], array("q"), blob)
        part.table.frombytes(table)
        part.variant_table.frombytes(variant_table)
        owner_list = array("q")
        owner_list.frombytes(owners)
        names = variants.decode("utf-8").split("\0") if header["variants"] else []
        part.variants = list(zip(owner_list, names))
        if len(part.table) != ROW * len(part.words) or len(part.variant_table) != ROW * len(part.variants) \
                or len(names) != header["variants"]:
            return None
        return part
    except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError):
        return None


# --- splitting a bundle of several evaluations' record pages into parts -----------------------------

def split_bundle(bundle: Path) -> dict[tuple[str, str], Part]:
    """Each (language, slug)'s part of the Pagefind bundle `bundle` (put in address order first); a
    page's evaluation is its record page's folder (search.start_search_index writes LANG/SLUG/NAME)."""
    if not renumber_pages(bundle):
        raise Unsupported("bundle")
    parts: dict[tuple[str, str], Part] = {}
    for meta_path in sorted(bundle.glob("pagefind.*.pf_meta")):
        meta = _read(meta_path)
        lang = meta_path.name[len("pagefind."):].split("_", 1)[0]
        slugs = []
        for page in meta[1]:
            raw = gzip.decompress((bundle / "fragment" / f"{page[0]}.pf_fragment").read_bytes())
            url = str(json.loads(raw[len(SIGNATURE):])["url"]).strip("/").split("/")
            slugs.append(url[-2])
        start: dict[str, int] = {}
        for number, slug in enumerate(slugs):
            start.setdefault(slug, number)
            part = parts.setdefault((lang, slug), Part([], {}, list(meta[5])))
            part.pages.append(list(meta[1][number]))
        for ref in meta[2]:
            chunk = _read(bundle / "index" / f"{ref[2]}.pf_index")
            for word, postings, variants in chunk[0]:
                by_slug = _by_slug(postings, slugs)
                variant_slugs = [(variant, _by_slug(v, slugs)) for variant, v in variants]
                having = set(by_slug).union(*(found for _, found in variant_slugs))
                for slug in sorted(having):
                    parts[(lang, slug)].add(word, _local(by_slug.get(slug, []), start[slug]),
                                            [(variant, _local(found[slug], start[slug]))
                                             for variant, found in variant_slugs if slug in found])
        for name, ref in meta[3]:
            filter_name, values = _read(bundle / "filter" / f"{ref}.pf_filter")
            for value, pages in values:
                for page in pages:
                    slug = slugs[page]
                    parts[(lang, slug)].filters.setdefault(filter_name, {}).setdefault(value, []).append(
                        page - start[slug])
    for part in parts.values():
        part.close()
        for values in part.filters.values():
            for pages in values.values():
                pages.sort()
    return parts


def _by_slug(postings: list[Cbor], slugs: list[str]) -> dict[str, list[tuple[int, list[Cbor]]]]:
    found: dict[str, list[tuple[int, list[Cbor]]]] = {}
    page = 0
    for posting in postings:
        page += posting[0]
        found.setdefault(slugs[page], []).append((page, posting[1:]))
    return found


def _local(postings: list[tuple[int, list[Cbor]]], start: int) -> list[Cbor]:
    """Absolute pages to a part's delta-coded postings (the first from the part's first page)."""
    coded, previous = [], start
    for page, rest in postings:
        coded.append([page - previous, *rest])
        previous = page
    return coded


# --- merging parts into a bundle ---------------------------------------------------------------------

_INTS = [_encode(n) for n in range(256)]
_ARRAYS = [_head(4, n) for n in range(256)]


def _merged_postings(runs: list[tuple[int, list[int], int, bytes]]) -> tuple[bytes, int]:
    """One word's postings over the parts `runs` (the part's first page, its table as a list, the row's
    start in it, its blob; in page order), encoded, and their weight. The hot loop of a merge: one
    pass a (word, part)."""
    pieces: list[bytes] = []
    append = pieces.append
    total = weight = previous = 0
    for offset, table, at, blob in runs:
        count = table[at + 2]
        weight += table[at + 3]
        if count:
            total += count
            delta = offset + table[at] - previous
            append(_ARRAYS[table[at + 4]])
            append(_INTS[delta] if delta < 256 else _encode(delta))
            append(blob[table[at + 5]:table[at + 7]])
            previous = offset + table[at + 1]
    return (_ARRAYS[total] if total < 256 else _head(4, total)) + b"".join(pieces), weight


def _first_page(runs: list[tuple[int, list[int], int, bytes]]) -> int:
    """The page a word's variant is first found on (Pagefind lists a word's variants in that order)."""
    for offset, table, at, _ in runs:
        if table[at + 2]:
            return offset + table[at]
    return 1 << 62


def _prefixes(a: str, b: str) -> tuple[str, str]:
    """Pagefind's chunk bounds between a chunk ending with `a` and one starting with `b`: the shortest
    prefixes that tell them apart."""
    common = 0
    for x, y in zip(a, b):
        if x != y:
            break
        common += 1
    return a[:common + 1], b[:common + 1]


def merge_parts(parts: list[Part], lang: str, bundle: Path) -> tuple[str, int]:
    """Writes one language's index, filter and metadata files of the merged `parts` (in page order)
    into `bundle`; returns the metadata file's name (without pagefind. and .pf_meta) and the page count."""
    pages: list[list[Cbor]] = []
    words: dict[str, list[tuple[int, list[int], int, bytes]]] = {}
    variants_of: dict[str, dict[str, list[tuple[int, list[int], int, bytes]]]] = {}
    filters: dict[str, dict[str, list[int]]] = {}
    meta_fields: set[str] = set()
    for part in parts:
        offset = len(pages)
        pages.extend(part.pages)
        meta_fields.update(part.meta_fields)
        table, blob = part.table.tolist(), part.blob
        for index, word in enumerate(part.words):
            run = (offset, table, index * ROW, blob)
            found = words.get(word)
            if found is None:
                words[word] = [run]
            else:
                found.append(run)
        variant_table = part.variant_table.tolist()
        for row, (owner, variant) in enumerate(part.variants):
            # a word's variants in the order of their first page (the part's order on one page)
            variants_of.setdefault(part.words[owner], {}).setdefault(variant, []).append(
                (offset, variant_table, row * ROW, blob))
        for name, values in part.filters.items():
            merged = filters.setdefault(name, {})
            for value, numbers in values.items():
                merged.setdefault(value, []).extend(offset + n for n in numbers)
    chunks: list[tuple[str, str, bytes]] = []  # (first word, last word, encoded words)
    current: list[bytes] = []
    first_word, weight = "", 0
    ordered = sorted(words)
    for position, word in enumerate(ordered):
        runs = words[word]
        if not current:
            first_word = word
        variants = variants_of.get(word, {})
        postings, own_weight = _merged_postings(runs)
        entry = [b"\x83", _encode(word), postings, _head(4, len(variants))]
        for variant in sorted(variants, key=lambda v: _first_page(variants[v])):  # stable: the part's order
            entry += [b"\x82", _encode(variant), _merged_postings(variants[variant])[0]]
        current.append(b"".join(entry))
        weight += own_weight
        if weight >= CHUNK_WEIGHT or position == len(ordered) - 1:
            chunks.append((first_word, word, _head(4, 1) + _head(4, len(current)) + b"".join(current)))
            current, weight = [], 0
    bounds = [[first, last] for first, last, _ in chunks]
    for i in range(len(bounds) - 1):
        last = bounds[i][1]
        shorter, bounds[i + 1][0] = _prefixes(last, bounds[i + 1][0])
        # Pagefind 1.5 keeps the whole last word where its prefix would sort before the chunk's first bound
        bounds[i][1] = shorter if shorter >= bounds[i][0] else last
    placeholder = f"{lang}_0000000"
    index_refs = []
    for (first, last), (_, _, body) in zip(bounds, chunks):
        name = _rename(placeholder, SIGNATURE + body)
        _write_gz(bundle / "index" / f"{name}.pf_index", SIGNATURE + body)
        index_refs.append([first, last, name])
    filter_refs = []
    for filter_name in sorted(filters):
        values = filters[filter_name]
        body = SIGNATURE + _encode([filter_name, [[v, sorted(values[v])] for v in sorted(values)]])
        file_name = _rename(placeholder, body)
        _write_gz(bundle / "filter" / f"{file_name}.pf_filter", body)
        filter_refs.append([filter_name, file_name])
    version = VERSION
    meta = [version, pages, index_refs, filter_refs, [], sorted(meta_fields)]
    body = SIGNATURE + _encode(meta)
    name = _rename(f"{lang}_0000000000", body)
    _write_gz(bundle / f"pagefind.{name}.pf_meta", body)
    return name, len(pages)


VERSION = "1.5.2"  # replaced by the cached entry's version (merge_bundle)


def _write_gz(path: Path, body: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    replace_file(path, gzip.compress(body, compresslevel=COMPRESSION, mtime=0))  # (never through a hard link)


def merge_bundle(languages: list[str], parts: Callable[[str], list[tuple[Path, Part]]], cache: Path,
                 bundle: Path) -> None:
    """The bundle of every language's parts (`parts(lang)`: in page order, each with the folder of its
    fragments; asked for one language at a time) written to `bundle`, with the static files and entry of the Pagefind that made the parts
    (cache/STATIC) and their fragments (hard-linked). Two parts made by different runs may name
    different fragments alike (Pagefind names them by 7 digits of their hash, and makes a name longer
    only against the pages of its own run): the later one is then named by more digits."""
    global VERSION
    static = cache / STATIC
    entry = json.loads((static / ENTRY).read_text(encoding="utf-8"))
    VERSION = str(entry.get("version", VERSION))
    shutil.copytree(static, bundle, copy_function=link_or_copy, ignore=shutil.ignore_patterns(ENTRY))
    (bundle / "fragment").mkdir(exist_ok=True)
    written = {}
    for lang in languages:
        found = parts(lang)
        for fragments, part in found:
            for page in part.pages:
                _fragment(fragments, page, bundle / "fragment")
        name, count = merge_parts([part for _, part in found], lang, bundle)
        del found
        written[lang] = {"hash": name, "wasm": _wasm(static, lang), "page_count": count}
    entry["languages"] = written
    replace_file(bundle / ENTRY, json.dumps(entry, ensure_ascii=False, separators=(",", ":")))


def _fragment(fragments: Path, page: list[Cbor], folder: Path) -> None:
    """Links the fragment of `page` into the bundle's `folder`, renaming it (page[0]) if another fragment
    has its name there."""
    source = fragments / f"{page[0]}.pf_fragment"
    target = folder / source.name
    if not target.exists():
        link_or_copy(source, target)
        return
    data = source.read_bytes()
    if target.read_bytes() == data:
        return
    digest = hashlib.sha256(data).hexdigest()
    lang = str(page[0]).split("_", 1)[0]
    for length in range(8, len(digest) + 1):
        target = folder / f"{lang}_{digest[:length]}.pf_fragment"
        if not target.exists() or target.read_bytes() == data:
            break
    if not target.exists():
        link_or_copy(source, target)
    page[0] = target.name[:-len(".pf_fragment")]


def _wasm(static: Path, lang: str) -> str:
    return lang if (static / f"wasm.{lang}.pagefind").is_file() else "unknown"


def link_or_copy(source: str | Path, target: str | Path) -> None:
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError:
        shutil.copyfile(source, target)


def keep_static(bundle: Path, cache: Path) -> None:
    """The static files of a freshly indexed `bundle` (and its entry, without languages) kept in the cache."""
    static = cache / STATIC
    fresh = static.with_name(f".{STATIC}.{os.getpid()}")
    shutil.rmtree(fresh, ignore_errors=True)
    fresh.mkdir(parents=True)
    for path in bundle.iterdir():
        if path.is_file() and not path.name.endswith(".pf_meta"):
            shutil.copyfile(path, fresh / path.name)
    entry = json.loads((bundle / ENTRY).read_text(encoding="utf-8"))
    entry["languages"] = {}
    (fresh / ENTRY).write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    try:
        if (static / ENTRY).is_file() and (static / ENTRY).read_bytes() == (fresh / ENTRY).read_bytes():
            shutil.rmtree(fresh)  # the same Pagefind's (the parts' key holds its version)
            return
        aside = static.with_name(f".{STATIC}.old.{os.getpid()}")
        if static.is_dir():
            static.rename(aside)
        fresh.rename(static)
        shutil.rmtree(aside, ignore_errors=True)
    except OSError:  # another process wrote it meanwhile
        shutil.rmtree(fresh, ignore_errors=True)


def keep_parts(made: Path, cache: Path, names: dict[tuple[str, str], str]) -> dict[tuple[str, str], Part]:
    """The parts of the bundle `made` (of some evaluations' record pages) kept in the cache under
    their `names` ((language, slug) -> name; others are not kept): each one's fragments in a folder
    of its own, then its part file (so a part file found means its fragments are there), then the
    static files. Each is written under a temporary name and renamed: a detached split
    (split_later) and an assembly may write the same part at once."""
    kept = {}
    for where, part in split_bundle(made).items():
        name = names.get(where)
        if name is None:
            continue
        folder = cache / FRAGMENTS / name
        if not folder.is_dir():
            fresh = folder.with_name(f".{name}.{os.getpid()}")
            shutil.rmtree(fresh, ignore_errors=True)
            fresh.mkdir(parents=True)
            for page in part.pages:
                link_or_copy(made / "fragment" / f"{page[0]}.pf_fragment", fresh / f"{page[0]}.pf_fragment")
            try:
                fresh.rename(folder)
            except OSError:  # written meanwhile by another process
                shutil.rmtree(fresh, ignore_errors=True)
        write_part(cache / PARTS / f"{name}.part", part)
        kept[where] = part
    keep_static(made, cache)
    return kept


def main(argv: list[str]) -> int:
    """`python -m reportgen.portal.pagefind_merge BUNDLE CACHE WANTED.json`: the parts of BUNDLE kept in
    CACHE (search.Merge.split_later); BUNDLE and WANTED.json removed."""
    made, cache, wanted = Path(argv[0]), Path(argv[1]), Path(argv[2])
    try:
        names: dict[tuple[str, str], str] = {}
        for key, name in json.loads(wanted.read_text("utf-8")).items():
            lang, slug = key.split("/", 1)
            names[(lang, slug)] = name
        keep_parts(made, cache, names)
        return 0
    finally:
        shutil.rmtree(made, ignore_errors=True)
        wanted.unlink(missing_ok=True)


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))


def part_key(tool: str, lang: str, records: list[tuple[str, str]]) -> str:
    digest = hashlib.sha256(f"{PART_FORMAT}\0{tool}\0{lang}\0".encode())
    for name, html in records:
        digest.update(f"{name}\0{html}\0".encode())
    return digest.hexdigest()[:24]

