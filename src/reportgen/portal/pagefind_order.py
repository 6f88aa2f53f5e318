"""Same library, same bytes: Pagefind's bundle put in one order after indexing.

Pagefind (1.5) writes each filter's values, the filter list of a language's metadata file and the
languages of `pagefind-entry.json` in hash-map order, which changes from run to run (the pages, words
and fragments do not). The filter and metadata files are gzipped CBOR named by their content's hash;
here their maps are sorted, the files renamed by the hash of the sorted content, and the references
to them rewritten, so two assemblies of the same artifacts are byte-identical.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import struct
from pathlib import Path
from typing import Any, Callable, TypeAlias

SIGNATURE = b"pagefind_dcd"
ENTRY = "pagefind-entry.json"
# A decoded CBOR value: int, float, bool, None, str, bytes, list or _Map of them. Its shape is Pagefind's,
# checked with isinstance where it is read (Unsupported otherwise), so it is typed as JSON would be.
Cbor: TypeAlias = Any


class Unsupported(ValueError):
    """CBOR this reader does not know (the bundle is then left as Pagefind wrote it)."""


def _decode(data: bytes, at: int = 0) -> tuple[Cbor, int]:
    head = data[at]
    if head < 24:  # an unsigned integer below 24, most of an index chunk
        return head, at + 1
    major, info = head >> 5, head & 31
    at += 1
    if info < 24:
        value = info
    elif info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        value = int.from_bytes(data[at:at + size], "big")
        at += size
    else:
        raise Unsupported(f"CBOR length {info}")
    if major == 0:
        return value, at
    if major == 1:
        return -1 - value, at
    if major in (2, 3):
        raw = data[at:at + value]
        return (raw if major == 2 else raw.decode("utf-8")), at + value
    if major == 4:
        items = []
        for _ in range(value):
            item, at = _decode(data, at)
            items.append(item)
        return items, at
    if major == 5:
        pairs = []
        for _ in range(value):
            key, at = _decode(data, at)
            item, at = _decode(data, at)
            pairs.append((key, item))
        return _Map(pairs), at
    if major == 7 and info in (20, 21, 22):
        return {20: False, 21: True, 22: None}[info], at
    if major == 7 and info == 27:
        return struct.unpack(">d", data[at - 8:at])[0], at
    raise Unsupported(f"CBOR major type {major}")


class _Map(list[tuple[Cbor, Cbor]]):
    """A CBOR map, kept as its (key, value) pairs in order."""


def _head(major: int, value: int) -> bytes:
    if value < 24:
        return bytes([major << 5 | value])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if value < 1 << (8 * size):
            return bytes([major << 5 | info]) + value.to_bytes(size, "big")
    raise Unsupported("integer too large")


_SMALL = [bytes([n]) for n in range(24)]  # the unsigned integers below 24: one byte each
_NEGATIVE = [bytes([0x20 | n]) for n in range(24)]  # -1 to -24
_ARRAY = [bytes([0x80 | n]) for n in range(24)]  # the head of an array of fewer than 24 items


def _encode(value: Cbor) -> bytes:
    out: list[bytes] = []
    _encode_into(value, out.append)
    return b"".join(out)


def _encode_into(value: Cbor, put: Callable[[bytes], object]) -> None:
    """Appends the parts of `value`'s encoding (one call per item: an index chunk holds millions)."""
    kind = type(value)
    if kind is int:
        if 0 <= value < 24:
            put(_SMALL[value])
        elif -24 <= value < 0:
            put(_NEGATIVE[-1 - value])
        else:
            put(_head(0, value) if value >= 0 else _head(1, -1 - value))
    elif kind is list:
        put(_ARRAY[len(value)] if len(value) < 24 else _head(4, len(value)))
        for item in value:
            _encode_into(item, put)
    elif kind is str:
        raw = value.encode("utf-8")
        put(_head(3, len(raw)))
        put(raw)
    elif value is False or value is True or value is None:
        put(bytes([0xE0 | {False: 20, True: 21, None: 22}[value]]))
    elif kind is _Map:
        put(_head(5, len(value)))
        for key, item in value:
            _encode_into(key, put)
            _encode_into(item, put)
    elif kind is float:
        put(b"\xfb" + struct.pack(">d", value))
    elif kind is bytes:
        put(_head(2, len(value)))
        put(value)
    elif isinstance(value, int):  # bool is handled above; an int subclass
        _encode_into(int(value), put)
    else:
        raise Unsupported(type(value).__name__)


def _raw(path: Path) -> bytes:
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise Unsupported(f"{path.name}: no Pagefind signature")
    return raw


def _read(path: Path) -> Cbor:
    raw = _raw(path)
    value, end = _decode(raw, len(SIGNATURE))
    if end != len(raw):
        raise Unsupported(f"{path.name}: trailing bytes")
    return value


# zlib's level 6, not Pagefind's 9: the rewritten files are 1.1 % larger (100 evaluations: 1.246 against
# 1.232 MB of index, metadata and filter files) and compressed ten times faster (0.5 s against 5 s of
# the renumbering's 15 s at 100 evaluations).
COMPRESSION = 6


def _write(path: Path, value: Cbor, body: bytes | None = None) -> bytes:
    body = body if body is not None else SIGNATURE + _encode(value)
    replace_file(path, gzip.compress(body, compresslevel=COMPRESSION, mtime=0))
    return body


def replace_file(path: Path, data: bytes | str) -> None:
    """`path` replaced by a new file, never written through: a bundle split by a detached process is a
    copy whose files are hard links to the published bundle's (search.split_later), and writing into one
    would change the published file (its entry then named metadata only the copy has)."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    if isinstance(data, str):
        temporary.write_text(data, encoding="utf-8")
    else:
        temporary.write_bytes(data)
    os.replace(temporary, path)


def _key(item: Cbor) -> str:
    return item[0] if isinstance(item, list) and item and isinstance(item[0], str) else repr(item)


def _rename(old: str, body: bytes) -> str:
    """A file's new name: its language, then the hash of its sorted content (as long as Pagefind's)."""
    lang, digest = old.split("_", 1)
    return f"{lang}_{hashlib.sha256(body).hexdigest()[:len(digest)]}"


def _postings(postings: list[Cbor], new: list[int]) -> list[Cbor]:
    """A word's pages ([page as a difference from the previous one, positions, meta positions], in page
    order) with the pages renumbered by `new` (old number -> new), put in the new order."""
    pages, page = [], 0
    for posting in postings:
        if not (isinstance(posting, list) and posting and isinstance(posting[0], int)):
            raise Unsupported("posting")
        page += posting[0]
        pages.append((new[page], posting[1:]))
    pages.sort(key=lambda pair: pair[0])
    renumbered, previous = [], 0
    for page, rest in pages:
        renumbered.append([page - previous, *rest])
        previous = page
    return renumbered


def _words(chunk: Cbor, new: list[int]) -> list[Cbor]:
    """An index chunk ([[word, postings, [[variant, postings], …]], …]) with its pages renumbered."""
    if not (isinstance(chunk, list) and len(chunk) == 1 and isinstance(chunk[0], list)):
        raise Unsupported("index chunk")
    words = []
    for entry in chunk[0]:
        if not (isinstance(entry, list) and len(entry) == 3 and isinstance(entry[2], list)):
            raise Unsupported("index word")
        variants = [[variant[0], _postings(variant[1], new)] for variant in entry[2]]
        words.append([entry[0], _postings(entry[1], new), variants])
    return [words]


def renumber_pages(bundle: Path, order: Callable[[int], list[int]] | None = None) -> bool:
    """Number each language's pages in the order of their record pages' addresses (by_address), not in
    the order Pagefind read them (its walk of the folder: the order the file system lists each
    folder in, which differs from one file system, or one folder's history, to another). When the
    pages are in that order already (search.write_records creates them so that a walk lists them
    so), nothing is rewritten; else the
    metadata's page list, every filter's page lists and every index chunk's postings are rewritten,
    the files renamed by the hash of their new content and the references to them with them. `order`
    (tests): a function giving the new order of n pages instead. One chunk is decoded at a time (a
    decoded chunk takes many times its size); the new files are written beside the old ones, which
    are removed once the language's metadata is written. False (the bundle as it was) if its format
    is not the one known here (Pagefind 1.5: no sort fields)."""
    entry_path = bundle / ENTRY
    try:
        entry = json.loads(entry_path.read_text(encoding="utf-8"))
        metas = {p: _read(p) for p in sorted(bundle.glob("pagefind.*.pf_meta"))}
    except (OSError, ValueError, IndexError, Unsupported):
        return False
    for meta in metas.values():
        if not (isinstance(meta, list) and len(meta) == 6 and meta[4] == [] and all(
                isinstance(page, list) and page and isinstance(page[0], str) for page in meta[1])
                and all(isinstance(ref, list) and len(ref) == 3 for ref in meta[2])
                and all(isinstance(ref, list) and len(ref) == 2 for ref in meta[3])):
            return False
    written: list[Path] = []
    replaced: list[Path] = []
    meta_names = {}
    try:
        for path, meta in metas.items():
            pages = meta[1]
            ranked = order(len(pages)) if order is not None else by_address(bundle, pages)
            # Already in that order (search.write_records): the files are renamed and compressed as
            # below, their CBOR (Pagefind's, which this module's encoder writes byte for byte) as it is.
            same = ranked == list(range(len(pages)))
            new = [0] * len(pages)
            for rank, number in enumerate(ranked):
                new[number] = rank
            renamed = {}
            for folder, suffix, refs in (("filter", ".pf_filter", [ref[1] for ref in meta[3]]),
                                         ("index", ".pf_index", [ref[2] for ref in meta[2]])):
                for old in refs:
                    if same:
                        value, body = None, _raw(bundle / folder / f"{old}{suffix}")
                    else:
                        value = _read(bundle / folder / f"{old}{suffix}")
                        if folder == "index":
                            value = _words(value, new)
                        elif isinstance(value, list) and len(value) == 2 and isinstance(value[1], list):
                            value = [value[0], [[item[0], sorted(new[n] for n in item[1])] for item in value[1]]]
                        else:
                            raise Unsupported("filter")
                        body = SIGNATURE + _encode(value)
                    renamed[old] = _rename(old, body)
                    target = bundle / folder / f"{renamed[old]}{suffix}"
                    if renamed[old] != old:
                        _write(target, value, body)
                        written.append(target)
                        replaced.append(bundle / folder / f"{old}{suffix}")
            meta = [meta[0], [pages[old] for old in ranked], _replace(meta[2], renamed), _replace(meta[3], renamed),
                    meta[4], meta[5]]
            old = path.name[len("pagefind."):-len(".pf_meta")]
            body = SIGNATURE + _encode(meta)
            meta_names[old] = _rename(old, body)
            if meta_names[old] != old:
                target = bundle / f"pagefind.{meta_names[old]}.pf_meta"
                _write(target, meta, body)
                written.append(target)
                replaced.append(path)
    except (OSError, ValueError, IndexError, KeyError, TypeError, Unsupported):
        for target in written:
            target.unlink(missing_ok=True)
        return False
    for old_path in replaced:
        if old_path not in written:
            old_path.unlink(missing_ok=True)
    for info in (entry.get("languages") or {}).values():
        if isinstance(info, dict) and info.get("hash") in meta_names:
            info["hash"] = meta_names[info["hash"]]
    replace_file(entry_path, json.dumps(entry, ensure_ascii=False, separators=(",", ":")))
    return True


def by_address(bundle: Path, pages: list[list[Cbor]]) -> list[int]:
    """The pages' numbers in the order of their record pages' addresses (from their fragments), compared
    folder by folder: the order of a walk that lists every folder sorted (search.write_records)."""
    addresses = []
    for page in pages:
        raw = gzip.decompress((bundle / "fragment" / f"{page[0]}.pf_fragment").read_bytes())
        if not raw.startswith(SIGNATURE):
            raise Unsupported(f"fragment {page[0]}: no Pagefind signature")
        addresses.append(str(json.loads(raw[len(SIGNATURE):])["url"]).split("/"))
    return sorted(range(len(pages)), key=lambda n: (addresses[n], pages[n][0], n))


def order_bundle(bundle: Path) -> bool:
    """Put the bundle at `bundle` in one order (its pages numbered by renumber_pages, its maps
    sorted); False (and nothing changed) if its format is unknown."""
    renumber_pages(bundle)
    entry_path = bundle / ENTRY
    try:
        entry = json.loads(entry_path.read_text(encoding="utf-8"))
        filters = {p: _read(p) for p in sorted((bundle / "filter").glob("*.pf_filter"))}
        metas = {p: _read(p) for p in sorted(bundle.glob("pagefind.*.pf_meta"))}
    except (OSError, ValueError, IndexError, Unsupported):
        return False
    renamed: dict[str, str] = {}
    try:
        for path, value in filters.items():
            # [filter name, [[value, [page numbers]], …]]: the values by name
            if not (isinstance(value, list) and len(value) == 2 and isinstance(value[1], list)):
                return False
            value = [value[0], sorted(value[1], key=_key)]
            body = SIGNATURE + _encode(value)
            old = path.name[:-len(".pf_filter")]
            renamed[old] = _rename(old, body)
            filters[path] = value
        new_metas = {}
        for path, value in metas.items():
            value = _replace(value, renamed)
            value = _sort_filter_list(value, set(renamed.values()))
            body = SIGNATURE + _encode(value)
            old = path.name[len("pagefind."):-len(".pf_meta")]
            new_metas[path] = (old, _rename(old, body), value)
    except Unsupported:
        return False
    for path, value in filters.items():
        path.unlink()
        _write(bundle / "filter" / f"{renamed[path.name[:-len('.pf_filter')]]}.pf_filter", value)
    meta_names = {}
    for path, (old, new, value) in new_metas.items():
        path.unlink()
        _write(bundle / f"pagefind.{new}.pf_meta", value)
        meta_names[old] = new
    languages = entry.get("languages") or {}
    for info in languages.values():
        if isinstance(info, dict) and info.get("hash") in meta_names:
            info["hash"] = meta_names[info["hash"]]
    entry["languages"] = dict(sorted(languages.items()))
    replace_file(entry_path, json.dumps(entry, ensure_ascii=False, separators=(",", ":")))
    return True


def _replace(value: Cbor, renamed: dict[str, str]) -> Cbor:
    if isinstance(value, str):
        return renamed.get(value, value)
    if isinstance(value, _Map):
        return _Map((_replace(k, renamed), _replace(v, renamed)) for k, v in value)
    if isinstance(value, list):
        return [_replace(item, renamed) for item in value]
    return value


def _sort_filter_list(value: Cbor, filter_names: set[str]) -> Cbor:
    """The metadata's list of [filter name, filter file] pairs, sorted by filter name."""
    if isinstance(value, _Map):
        return _Map((k, _sort_filter_list(v, filter_names)) for k, v in value)
    if isinstance(value, list):
        items = [_sort_filter_list(item, filter_names) for item in value]
        if items and all(isinstance(i, list) and len(i) == 2 and i[1] in filter_names for i in items):
            return sorted(items, key=_key)
        return items
    return value
