"""Markdown files as a sequence of blocks, so that each paragraph is one translation unit.

A block is a run of non-blank lines; a blank line ends it unless the next line is indented
(a footnote's or list item's continuation) or a code fence is open. The text between blocks
is kept verbatim, so `join(split(text)) == text` and replacing one block changes only its lines.

A translation "mirrors" its original when both have the same sequence of block shapes
(heading levels, tables, lists, footnote labels, embeds): then block N translates block N.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..content.markdown import REFERENCE

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^ {0,3}(#{1,6})(\s|$)")
_FOOTNOTE = re.compile(r"^\[\^([^\]]+)\]:")
_LIST = re.compile(r"^ {0,3}([-*+]|\d{1,9}[.)])\s")
_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class Layout:
    prefix: str                 # blank lines before the first block
    blocks: tuple[str, ...]     # block texts, without their final newline
    gaps: tuple[str, ...]       # gaps[i] follows blocks[i] (newline and blank lines; the last: end of file)

    def join(self) -> str:
        return self.prefix + "".join(block + gap for block, gap in zip(self.blocks, self.gaps))

    def with_blocks(self, blocks: list[str]) -> "Layout":
        return replace(self, blocks=tuple(blocks))


def split(text: str) -> Layout:
    if not text.strip():
        return Layout(text, (), ())
    lines = text.split("\n")
    index = 0
    while index < len(lines) - 1 and not lines[index].strip():
        index += 1
    prefix = "".join(line + "\n" for line in lines[:index])
    blocks: list[str] = []
    gaps: list[str] = []
    while index < len(lines):
        end = _block_end(lines, index)
        blocks.append("\n".join(lines[index:end]))
        gap_end = end
        while gap_end < len(lines) and not lines[gap_end].strip():
            gap_end += 1
        # the newline closing the block, then the blank lines (the file's last line has none)
        gaps.append("\n" + "".join(line + "\n" for line in lines[end:gap_end]) if gap_end < len(lines)
                    else "\n".join([""] + lines[end:gap_end]))
        index = gap_end
    return Layout(prefix, tuple(blocks), tuple(gaps))


def _block_end(lines: list[str], start: int) -> int:
    fence = None
    index = start
    while index < len(lines):
        line = lines[index]
        match = _FENCE.match(line)
        if match:
            marker = match.group(1)
            if fence is None:
                fence = marker[0] * len(marker)
            elif marker.startswith(fence):
                fence = None
        elif fence is None and not line.strip():
            following = next((ln for ln in lines[index:] if ln.strip()), None)
            if following is None or not following[:1].isspace():
                return index
        index += 1
    return index


def shape(block: str) -> str:
    """What kind of block this is, as far as a translation must keep it."""
    first = block.split("\n", 1)[0]
    if _FENCE.match(first):
        return "code"
    if match := _HEADING.match(first):
        return f"h{len(match.group(1))}"
    if match := _FOOTNOTE.match(first):
        return f"footnote:{match.group(1)}"
    if embed := _embed(block):
        return f"embed:{embed}"
    if first.lstrip().startswith("|"):
        return "table"
    if first.lstrip().startswith(">"):
        return "quote"
    if _LIST.match(first):
        return "list"
    return "paragraph"


def _embed(block: str) -> str | None:
    match = REFERENCE.fullmatch(block.strip())
    return match.group(0) if match and match.group(1) else None


def shapes(layout: Layout) -> list[str]:
    return [shape(block) for block in layout.blocks]


def mirrors(original: Layout, translation: Layout) -> bool:
    return shapes(original) == shapes(translation)


def translatable(block: str) -> bool:
    """Blocks with words in them; an embed or a rule is copied as it is."""
    return _embed(block) is None and shape(block) != "code" and bool(_LETTER.search(block))


def block_line(layout: Layout, index: int) -> int:
    """1-based line of block `index` in the file."""
    before = layout.prefix + "".join(b + g for b, g in zip(layout.blocks[:index], layout.gaps[:index]))
    return before.count("\n") + 1
