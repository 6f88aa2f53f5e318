"""What a build read: every file with its stamp *when it was read*, the folder listings that decided
which files those were, and the hash of the MkDocs configuration.

The stages record into one `Inputs` as they read (check: reportgen.yml, the content, the interface
texts' languages, mkdocs.yml; render: templates and catalogs; MkDocs: the theme folder). The live
preview (`serve.py`) watches exactly these: it rebuilds when one of them is no longer as it was read,
so an edit saved while a build runs is seen (its stamp differs from the one taken before reading).
A path looked for and not found is recorded too (stamp None): creating it is a change, e.g. a
project's own mkdocs.yml or a template that overrides a built-in one.
"""

from __future__ import annotations

import hashlib
from typing import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .content.loader import content_files
from .errors import Report

# (modification time in ns, size) of a file, ("folder",) or ("unreadable",), None where there is nothing.
Stamp = tuple[int, int] | tuple[str] | None
FOLDER: tuple[str] = ("folder",)
# What a listing saw: file names, or (name, stamp) pairs for a tree.
Entry = str | tuple[str, Stamp]
Listing = tuple[Entry, ...]


def stamp(path: Path) -> Stamp:
    """(modification time in ns, size) of a file, FOLDER for a folder, None where there is nothing."""
    try:
        info = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError:
        return ("unreadable",)
    if path.is_dir():
        return FOLDER
    return (info.st_mtime_ns, info.st_size)


def _tree(folder: Path) -> tuple[tuple[str, Stamp], ...]:
    """Every file under `folder` with its stamp (the theme folder: MkDocs reads all of it)."""
    if not folder.is_dir():
        return ()
    return tuple(sorted((str(p.relative_to(folder)), stamp(p)) for p in folder.rglob("*") if p.is_file()))


def _glob(folder: Path, pattern: str) -> tuple[str, ...]:
    return tuple(sorted(p.name for p in folder.glob(pattern))) if folder.is_dir() else ()


def _content_listing(root: Path) -> tuple[str, ...]:
    return tuple(str(p) for p in content_files(root, Report())) if root.is_dir() else ()


def _entry_name(entry: Entry) -> str:
    return entry if isinstance(entry, str) else entry[0]


# How each kind of listing is made again, to compare with the one the build saw.
LISTINGS: dict[str, Callable[[Path, str], Listing]] = {"tree": lambda folder, _: _tree(folder), "glob": _glob,
            "content": lambda folder, _: _content_listing(folder)}


@dataclass
class Inputs:
    files: dict[Path, Stamp] = field(default_factory=dict)        # read or looked for -> stamp before reading
    listings: dict[tuple[str, Path, str], Listing] = field(default_factory=dict)  # (kind, folder, pattern) -> seen
    mkdocs_hash: str = ""   # sha256 of the MkDocs configuration the build started from

    def file(self, path: Path) -> Stamp:
        """Record a file (or folder) about to be read, or looked for. Returns its stamp."""
        path = Path(path)
        if path not in self.files:  # the first reading counts: a later edit is a change
            self.files[path] = stamp(path)
        return self.files[path]

    def add(self, files: dict[Path, Stamp]) -> None:
        for path, value in files.items():
            self.files.setdefault(Path(path), value)

    def listing(self, kind: str, folder: Path, pattern: str = "") -> None:
        key = (kind, Path(folder), pattern)
        if key not in self.listings:
            self.listings[key] = LISTINGS[kind](Path(folder), pattern)

    def config(self, path: Path) -> None:
        """The MkDocs configuration the build starts from: recorded, and hashed (the preview's page cache
        is keyed on it)."""
        self.file(path)
        try:
            self.mkdocs_hash = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        except OSError:
            self.mkdocs_hash = ""

    def changed(self) -> list[str]:
        """What is no longer as the build read it (empty: a build now would read the same)."""
        found = [str(path) for path, seen in self.files.items() if stamp(path) != seen]
        for (kind, folder, pattern), seen in self.listings.items():
            now = LISTINGS[kind](folder, pattern)
            if now != seen:
                names = sorted((_entry_name(entry) for entry in set(now) ^ set(seen)))
                found += [name if kind == "content" else str(folder / name) for name in names] or [str(folder)]
        return sorted(set(found))

    def paths(self) -> list[Path]:
        """The files and folders watched (for the documentation and the tests)."""
        return sorted({*self.files, *(folder for _, folder, _ in self.listings)})
